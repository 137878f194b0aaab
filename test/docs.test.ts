import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildSchemaModel, resolveOptions } from "../codegen/index.js";
import { emitDocs } from "../codegen/emit/docs.js";
import { REPO_ROOT } from "./helpers/cli.js";

const model = await buildSchemaModel(resolveOptions({ schemas: path.join(REPO_ROOT, "schemas") }));
const pages = emitDocs(model.names, model.index);

describe("schemagen docs: Markdown per domain", () => {
  it("is deterministic and docs/schemas is up to date (run `schemagen docs --out docs/schemas`)", async () => {
    expect(emitDocs(model.names, model.index)).toEqual(pages);
    for (const page of pages) expect(await readFile(path.join(REPO_ROOT, "docs/schemas", page.path), "utf8")).toBe(page.contents);
  });

  it("documents every named type, and every link lands on a heading", () => {
    const headings = new Map(pages.map((page) => [page.path, new Set([...page.contents.matchAll(/^### (\S+)$/gm)].map((match) => match[1]!.toLowerCase()))]));
    for (const named of model.names.all) expect(headings.get(`${named.module}.md`)!.has(named.name.toLowerCase()), named.name).toBe(true);
    for (const page of pages) {
      for (const [, target, fragment] of page.contents.matchAll(/\]\(([a-z0-9_-]+\.md)?#([a-z0-9_-]+)\)/g)) {
        expect(headings.get(target ?? page.path)?.has(fragment!), `${page.path} → ${target ?? ""}#${fragment}`).toBe(true);
      }
    }
  });

  it("states cross-field rules and extension keywords in words", () => {
    const analytics = pages.find((page) => page.path === "analytics.md")!.contents;
    expect(analytics).toContain('When `event_type` is `"PLAYBACK"`: requires `properties`');
    expect(analytics).toContain("`received_at` is not before `timestamp` (extension keyword, not checked by other validators).");
    expect(pages.find((page) => page.path === "ml.md")!.contents).toContain('When `status` is `"PRODUCTION"`: requires `deployed_at`.');
  });
});
