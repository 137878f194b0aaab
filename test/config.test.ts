// schemagen.config.json: every command reads it, flags override it, a bad key or value is an error at file:line:column.

import { cp, mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { CONFIGURABLE_RULES } from "../codegen/config-file.js";
import { LINT_RULES } from "../codegen/lint/rules.js";
import { REPO_ROOT, runCli } from "./helpers/cli.js";

let root = "";

async function project(config: unknown, file = "schemagen.config.json"): Promise<void> {
  await writeFile(path.join(root, file), typeof config === "string" ? config : JSON.stringify(config, null, 2) + "\n");
}

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "schemagen-config-"));
  await cp(path.join(REPO_ROOT, "test/fixtures/lint/schemas"), path.join(root, "contracts"), { recursive: true });
});

describe("schemagen.config.json", () => {
  it("names exactly the lint rules (the shipped schema's rule list is LINT_RULES)", () => {
    expect([...CONFIGURABLE_RULES].sort()).toEqual(LINT_RULES.map((rule) => rule.id).sort());
  });

  it("gives generate its folders and base URI; a flag overrides the file", async () => {
    await project({ schemas: "contracts", out: "build/types", baseUri: "https://lint.example/" });
    await mkdir(path.join(root, "ok"));
    await cp(path.join(root, "contracts/clean.json"), path.join(root, "ok/clean.json"));
    const generated = runCli(["generate", "--schemas", "ok"], { cwd: root });
    expect(generated.stderr).toBe("");
    expect(generated.stdout).toBe("schemagen generate: wrote 11 files in build/types\n");
    const manifest = JSON.parse(await readFile(path.join(root, "build/types/manifest.json"), "utf8"));
    expect(manifest.schemas[0].source).toBe("clean.json");
    expect(runCli(["check", "--schemas", "ok"], { cwd: root }).status).toBe(0);
    expect(runCli(["check", "--schemas", "ok", "--out", "elsewhere"], { cwd: root }).status).toBe(1);
  });

  it("chooses what assert reports (errors: first); --errors overrides it, and a bad value is refused", async () => {
    await mkdir(path.join(root, "ok"));
    await cp(path.join(root, "contracts/clean.json"), path.join(root, "ok/clean.json"));
    await project({ schemas: "ok", errors: "first" });
    const moduleText = () => readFile(path.join(root, "generated/root/clean.js"), "utf8");
    expect(runCli(["generate"], { cwd: root }).stderr).toBe("");
    expect(await moduleText()).not.toContain("$all");
    expect(runCli(["check"], { cwd: root }).status).toBe(0);
    expect(runCli(["check", "--errors", "all"], { cwd: root }).status).toBe(1);
    expect(runCli(["generate", "--errors", "all"], { cwd: root }).stderr).toBe("");
    expect(await moduleText()).toContain("$all");
    await project({ schemas: "ok", errors: "some" });
    const refused = runCli(["generate"], { cwd: root });
    expect(refused.stderr).toBe('schemagen.config.json:3:3: error config-invalid at /errors: bad configuration: /errors must be equal to one of the allowed values: "all", "first"\n');
    expect(refused.status).toBe(2);
  });

  it("sets lint severities (error, warn, off) and ignores rules for matching schema files", async () => {
    await project({
      schemas: "contracts",
      baseUri: "https://lint.example/",
      lint: { rules: { described: "warn", "pattern-redos": "off", "unused-definition": "error" }, ignore: { "unreach*.json": ["unreachable-keyword", "ajv-strict"] } },
    });
    const lint = runCli(["lint", "--format", "json"], { cwd: root });
    const findings = JSON.parse(lint.stdout).findings as { file: string; rule: string; severity: string }[];
    const rules = new Set(findings.map((finding) => finding.rule));
    expect(rules.has("pattern-redos")).toBe(false);
    expect(findings.filter((finding) => finding.file === "unreachable.json").map((finding) => finding.rule)).toEqual(["name-collision", "example-invalid"]);
    expect(findings.filter((finding) => finding.rule === "described").map((finding) => finding.severity)).toEqual(["warning", "warning"]);
    expect(findings.find((finding) => finding.rule === "unused-definition")!.severity).toBe("error");
    expect(lint.status).toBe(1);
  });

  it("is read from package.json's schemagen key, or from the file --config names", async () => {
    await writeFile(path.join(root, "package.json"), JSON.stringify({ name: "x", schemagen: { schemas: "contracts", lint: { rules: { described: "off" } } } }));
    const fromPackage = JSON.parse(runCli(["lint", "--format", "json"], { cwd: root }).stdout).findings as { rule: string }[];
    expect(fromPackage.length).toBeGreaterThan(5);
    expect(fromPackage.some((finding) => finding.rule === "described")).toBe(false);
    await mkdir(path.join(root, "conf"));
    await project({ schemas: "../contracts", lint: { rules: { "open-or-closed": "off" } } }, "conf/lint.json");
    const named = JSON.parse(runCli(["lint", "--format", "json", "--config", "conf/lint.json"], { cwd: root }).stdout).findings as { rule: string }[];
    expect(named.some((finding) => finding.rule === "described")).toBe(true);
    expect(named.some((finding) => finding.rule === "open-or-closed")).toBe(false);
  });

  it("maps ref prefixes to folders, relative to the file", async () => {
    await mkdir(path.join(root, "app"));
    await mkdir(path.join(root, "vendor"));
    await writeFile(path.join(root, "vendor/id.json"), JSON.stringify({ type: "string", minLength: 3 }));
    await writeFile(path.join(root, "app/thing.json"), JSON.stringify({ type: "object", properties: { id: { $ref: "https://vendor.example/id.json" } } }));
    await project({ schemas: "app", out: "out", refMaps: { "https://vendor.example/": "vendor" } });
    expect(runCli(["generate"], { cwd: root }).status).toBe(0);
    expect(await readdir(path.join(root, "out/root"))).toContain("thing.js");
  });

  it("refuses an unknown key, a bad value and an unknown rule at their line and column; nothing is written", async () => {
    await project('{\n  "schemas": "contracts",\n  "outt": "gen",\n  "defaultDialect": "draft-05",\n  "lint": { "rules": { "describe": "warn" } }\n}\n');
    const result = runCli(["generate"], { cwd: root });
    expect(result.stderr.split("\n").filter(Boolean)).toEqual([
      'schemagen.config.json:3:3: error config-invalid at /outt: bad configuration: unknown key "outt"',
      'schemagen.config.json:4:3: error config-invalid at /defaultDialect: bad configuration: /defaultDialect must be equal to one of the allowed values: "2020-12", "2019-09", "draft-07", "draft-06", "draft-04"',
      expect.stringMatching(/^schemagen\.config\.json:5:24: error config-invalid at \/lint\/rules\/describe: bad configuration: "describe" is not a known name; allowed: "unknown-keyword", /),
    ]);
    expect(result.status).toBe(2);
    expect(await readdir(root)).toEqual(["contracts", "schemagen.config.json"]);
  });

  it("refuses malformed JSON at its place", async () => {
    await project('{\n  "schemas": "contracts",\n}\n');
    const result = runCli(["lint"], { cwd: root });
    expect(result.stderr).toMatch(/^schemagen\.config\.json:3:1: error config-invalid: not valid JSON: /);
    expect(result.status).toBe(2);
  });
});
