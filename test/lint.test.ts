import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lint } from "../codegen/index.js";
import { LINT_RULES } from "../codegen/lint/rules.js";
import { REPO_ROOT, runCli } from "./helpers/cli.js";

const FIXTURES = path.join(REPO_ROOT, "test/fixtures/lint");
const place = (finding: { file: string; line?: number; column?: number; severity: string; rule: string; pointer: string }) =>
  `${finding.file}:${finding.line}:${finding.column} ${finding.severity} ${finding.rule} ${finding.pointer}`;

describe("schemagen lint", () => {
  it("finds nothing in the repository's own schemas", async () => {
    expect(await lint({ schemas: path.join(REPO_ROOT, "schemas") })).toEqual([]);
  });

  it("locates every rule's finding at file:line:column with its severity", async () => {
    const findings = await lint({ schemas: path.join(FIXTURES, "schemas") });
    expect(findings.map(place)).toEqual([
      "sloppy.json:1:1 error described ",
      "sloppy.json:1:1 error open-or-closed ",
      "sloppy.json:3:3 error id-convention /$id",
      "sloppy.json:6:3 error unknown-keyword /requried",
      "sloppy.json:8:33 error type-conflict /properties/name/minimum",
      "sloppy.json:9:33 error pattern-redos /properties/code/pattern",
      "sloppy.json:10:5 error described /properties/word",
      "sloppy.json:10:33 error pattern-invalid /properties/word/pattern",
      "sloppy.json:11:34 error duplicate-enum-value /properties/kind/enum/2",
      "sloppy.json:14:5 warning unused-definition /$defs/Orphan",
      "uncompilable.json:8:5 error ajv-compile /properties/shape",
      "unreachable.json:4:3 warning name-collision /title",
      "unreachable.json:8:60 error unreachable-keyword /properties/size/then",
      "unreachable.json:9:56 error unreachable-keyword /properties/tags/minContains",
      "unreachable.json:10:69 error ajv-strict /properties/mode/allOf/0",
      "unreachable.json:13:16 error example-invalid /examples/0",
    ]);
    // clean.json follows every rule; every rule is exercised by a fixture.
    expect(findings.filter((finding) => finding.file === "clean.json")).toEqual([]);
    expect(new Set(findings.map((finding) => finding.rule))).toEqual(new Set(LINT_RULES.map((rule) => rule.id)));
    expect(findings.find((finding) => finding.rule === "example-invalid")?.message).toBe("example fails its schema: /size must be integer");
    expect(findings.find((finding) => finding.rule === "id-convention")?.message).toBe(
      "$id https://lint.example/elsewhere/sloppy.json should be https://lint.example/sloppy.json",
    );
  });

  it("reports metaschema violations and unresolved refs as findings, not crashes", async () => {
    expect((await lint({ schemas: path.join(FIXTURES, "broken") })).map(place)).toEqual([
      "broken.json:8:15 error metaschema-violation /properties/kind/type",
      "broken.json:9:15 error ref-unresolved /properties/next/$ref",
    ]);
  });

  it("CLI: text exits 1 on errors and 0 when clean", () => {
    const dirty = runCli(["lint", "--schemas", path.join(FIXTURES, "schemas")]);
    expect(dirty.status).toBe(1);
    expect(dirty.stdout).toContain('sloppy.json:6:3: error unknown-keyword at /requried: unknown keyword "requried"\n');
    expect(dirty.stdout).toMatch(/schemagen lint: 14 error\(s\), 2 warning\(s\)\n$/);
    const clean = runCli(["lint"]);
    expect(clean.status).toBe(0);
    expect(clean.stdout).toBe("schemagen lint: 0 error(s), 0 warning(s)\n");
  });

  it("CLI: github annotations and a json report", () => {
    const github = runCli(["lint", "--schemas", path.join(FIXTURES, "schemas"), "--format", "github"]);
    expect(github.stdout).toContain("::warning file=test/fixtures/lint/schemas/sloppy.json,line=14,col=5,title=unused-definition::definition Orphan is never referenced\n");
    const json = JSON.parse(runCli(["lint", "--schemas", path.join(FIXTURES, "schemas"), "--format", "json"]).stdout);
    expect(json.errors).toBe(14);
    expect(json.warnings).toBe(2);
    expect(json.findings[0]).toMatchObject({ rule: "described", file: "sloppy.json", line: 1, column: 1 });
  });

  it("CLI: a missing folder or a bad flag is bad input (exit 2)", () => {
    const missing = runCli(["lint", "--schemas", path.join(FIXTURES, "nope")]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("schemas folder not found");
    expect(runCli(["lint", "--format", "xml"]).status).toBe(2);
  });
});

describe("the README's lint table", () => {
  it("lists every rule with its severity", async () => {
    const readme = await readFile(path.join(REPO_ROOT, "README.md"), "utf8");
    for (const rule of LINT_RULES) expect(readme).toContain(`| \`${rule.id}\` | ${rule.severity} |`);
  });
});
