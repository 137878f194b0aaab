import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./helpers/cli.js";

const EXAMPLE = path.join(REPO_ROOT, "test/usage/original-example.ts");

describe("the original usage example, through the package's own entry points", () => {
  it("type-checks strictly (isolatedModules, verbatimModuleSyntax)", () => {
    const result = spawnSync(
      process.execPath,
      [path.join(REPO_ROOT, "node_modules/typescript/bin/tsc"), "--noEmit", "--strict", "--module", "NodeNext", "--moduleResolution", "NodeNext",
        "--target", "ES2022", "--isolatedModules", "--verbatimModuleSyntax", "--types", "node", EXAMPLE],
      { cwd: REPO_ROOT, encoding: "utf8" },
    );
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("runs: factories fill ids, timestamps and defaults, and the results validate", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", EXAMPLE], { cwd: REPO_ROOT, encoding: "utf8" });
    expect(result.stderr).toBe("");
    const output = JSON.parse(result.stdout);
    expect(output.eventValid).toBe(true);
    expect(output.modelValid).toBe(true);
    expect(output.event).toMatchObject({
      metadata: { tenant_id: "tnt_acme0001", source: "WEB_APP" },
      event_type: "USER_ACTION",
      event_name: "track_play",
      properties: { track_id: "12345" },
    });
    expect(output.event.event_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Date.parse(output.event.timestamp)).toBeGreaterThan(Date.parse("2026-01-01T00:00:00Z"));
    expect(output.model).toMatchObject({ name: "music_recommender_v2", framework: "TENSORFLOW", model_type: "RECOMMENDATION", version: "0.1.0", status: "DRAFT" });
    expect(output.fromRoot.event_type).toBe("PLAYBACK");
    expect(output.rejected).toBe("MLModel is invalid:\n  /name: must match pattern \"^[a-z][a-z0-9_]{2,63}$\"");
  });
});
