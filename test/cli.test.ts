import { existsSync } from "node:fs";
import { mkdtemp, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, REPO_ROOT } from "./helpers/cli.js";

const BASIC = path.join(REPO_ROOT, "test/fixtures/codegen/basic/schemas");

async function schemaFolder(files: Record<string, string>): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), "schemagen-bad-"));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(folder, "schemas", name)), { recursive: true });
    await writeFile(path.join(folder, "schemas", name), text);
  }
  // An existing output folder that a failed run must leave exactly as it was.
  await mkdir(path.join(folder, "out"), { recursive: true });
  await writeFile(path.join(folder, "out", "sentinel.txt"), "previous output");
  return folder;
}

async function expectOutputUntouched(folder: string): Promise<void> {
  expect(await readdir(path.join(folder, "out"))).toEqual(["sentinel.txt"]);
  expect(await readFile(path.join(folder, "out", "sentinel.txt"), "utf8")).toBe("previous output");
  expect((await readdir(folder)).sort()).toEqual(["out", "schemas"]);
}

const VALID = '{"$id": "https://t.example/ok.json", "type": "string"}';

describe("schemagen generate on bad input: message with file and place, exit 2, output untouched", () => {
  const cases: { name: string; files: Record<string, string>; expected: RegExp }[] = [
    {
      name: "a file that is not JSON",
      files: { "ok.json": VALID, "broken.json": '{\n  "type": "object",\n  "properties": {,\n}' },
      expected: /^broken\.json:3:18: error json-malformed: not valid JSON: ValueExpected/m,
    },
    {
      name: "a schema that fails its metaschema",
      files: { "bad.json": '{\n  "type": "strng"\n}' },
      expected: /^bad\.json:2:3: error metaschema-violation at \/type: fails its dialect's metaschema/m,
    },
    {
      name: "an unresolvable $ref",
      files: { "a.json": '{"$id": "https://t.example/a.json",\n "properties": {"b": {"$ref": "missing.json#/x"}}}' },
      expected: /^a\.json:2:23: error ref-unresolved at \/properties\/b\/\$ref: \$ref "missing\.json#\/x" cannot be resolved/m,
    },
    {
      name: "two files with the same $id",
      files: { "a.json": VALID, "b.json": VALID },
      expected: /^b\.json:1:2: error id-duplicate at \/\$id: \$id "https:\/\/t\.example\/ok\.json" is also declared by a\.json/m,
    },
    {
      name: "an $id that could break out of a generated comment",
      files: { "a.json": '{"$id": "https://t.example/a.json*/alert(1)/*"}' },
      expected: /^a\.json:1:2: error text-unsafe at \/\$id: \$id .* contains "\*\/"/m,
    },
    {
      name: "an unknown $schema",
      files: { "a.json": '{"$schema": "http://json-schema.org/draft-03/schema#"}' },
      expected: /^a\.json:1:2: error dialect-unknown at \/\$schema: unknown \$schema "http:\/\/json-schema\.org\/draft-03\/schema#"; supported: 2020-12, 2019-09, draft-07, draft-06, draft-04/m,
    },
    {
      name: "a schema nested 2,000 levels deep, at its first node past the limit (no stack overflow)",
      files: { "deep.json": '{"items":'.repeat(2000) + '{"type":"string"}' + "}".repeat(2000) },
      expected: /^deep\.json:1:2297: error schema-too-deep at (\/items){256}: nested more than 256 levels deep/m,
    },
    {
      // 1.5 MB alone: past the compile threads' threshold, whose structured clone of the index recurses too.
      name: "a schema nested 150,000 levels deep, deeper than any recursive parser's stack, at the pointer alone",
      files: { "deep.json": '{"items":'.repeat(150_000) + '{"type":"string"}' + "}".repeat(150_000) },
      expected: /^deep\.json: error schema-too-deep at (\/items){256}: nested more than 256 levels deep/m,
    },
    {
      name: 'a schema that is its own $ref ({"$ref": "#"}), naming the cycle',
      files: { "self.json": '{"$ref": "#"}' },
      expected: /^self\.json:1:2: error ref-cycle at \/\$ref: \$ref cycle that never moves into the data \(self\.json# → self\.json#\): validating it would recurse forever/m,
    },
    {
      name: "a $ref cycle between two files through allOf (A → B → A), naming each step",
      files: { "a.json": '{"allOf": [{"$ref": "b.json"}]}', "b.json": '{"$ref": "a.json"}' },
      expected: /^a\.json:1:13: error ref-cycle at \/allOf\/0\/\$ref: \$ref cycle that never moves into the data \(a\.json#\/allOf\/0 → b\.json# → a\.json# → a\.json#\/allOf\/0\)/m,
    },
    {
      name: "an object of 50,000 properties, fast and at the object (Ajv's stack would overflow after seconds)",
      files: { "wide.json": JSON.stringify({ type: "object", properties: Object.fromEntries([...Array(50_000).keys()].map((index) => [`p${index}`, { type: "string" }])) }) },
      expected: /^wide\.json:1:1: error schema-too-wide: 50,000 entries of properties, patternProperties, dependentSchemas, allOf and prefixItems in one schema; /m,
    },
    {
      name: "an allOf of 3,000 branches below a property, at that subschema",
      files: { "branches.json": JSON.stringify({ properties: { a: { allOf: [...Array(3000).keys()].map((minimum) => ({ minimum })) } } }) },
      expected: /^branches\.json:1:16: error schema-too-wide at \/properties\/a: 3,000 entries/m,
    },
    {
      name: "a chain of 20,000 $refs, which Ajv's compiler follows on its stack, saying what to do",
      files: {
        "chain.json": JSON.stringify({
          $schema: "http://json-schema.org/draft-07/schema#",
          $ref: "#/definitions/d0",
          definitions: Object.fromEntries([...Array(20_001).keys()].map((at) => [`d${at}`, at === 20_000 ? { type: "string" } : { $ref: `#/definitions/d${at + 1}` }])),
        }),
      },
      expected: /^chain\.json:1:1: error ajv-compile: Ajv cannot compile this schema: its compiler ran out of stack following it \(Maximum call stack size exceeded\); a chain of \$refs .*: ref the end of a chain directly$/m,
    },
    {
      name: "an invalid keyword deep inside a large schema, at its own line and column",
      files: { "big.json": largeSchemaWithBadKeyword() },
      expected: /^big\.json:40002:7: error metaschema-violation at \/\$defs\/d9999\/properties\/x\/minLength: fails its dialect's metaschema/m,
    },
  ];

  it("takes an $id that climbs above its base (../../../../etc/passwd) as the URI it resolves to; no file is written there", async () => {
    const folder = await schemaFolder({ "a.json": JSON.stringify({ $id: "../../../../etc/passwd", type: "string" }) });
    const result = runCli(["generate", "--schemas", path.join(folder, "schemas"), "--out", path.join(folder, "out")]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const manifest = JSON.parse(await readFile(path.join(folder, "out/manifest.json"), "utf8"));
    expect(manifest.schemas).toMatchObject([{ id: "https://schemagen.invalid/etc/passwd", source: "a.json", module: "root/a.js" }]);
  });

  it("accepts any prose: a title or description with */, line breaks, backticks and ${ generates", async () => {
    const folder = await schemaFolder({ "a.json": JSON.stringify({ title: "Nice */ evil\nnext line `x` ${y}", description: "<!-- */ \u2028", type: "string" }) });
    const result = runCli(["generate", "--schemas", path.join(folder, "schemas"), "--out", path.join(folder, "out")]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  for (const testCase of cases) {
    it(`rejects ${testCase.name}`, async () => {
      const folder = await schemaFolder(testCase.files);
      const result = runCli(["generate", "--schemas", path.join(folder, "schemas"), "--out", path.join(folder, "out")]);
      expect(result.stderr).toMatch(testCase.expected);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe("");
      await expectOutputUntouched(folder);
    });
  }

  it("generates a recursive schema that descends (a linked list), and one whose cycle sits in a definition nothing uses", async () => {
    const folder = await schemaFolder({
      "list.json": JSON.stringify({ type: "object", properties: { next: { $ref: "#" } }, $defs: { Loop: { allOf: [{ $ref: "#/$defs/Loop" }] } } }),
    });
    const result = runCli(["generate", "--schemas", path.join(folder, "schemas"), "--out", path.join(folder, "out")]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const { validateList } = await import(pathToFileURL(path.join(folder, "out/root/list.js")).href);
    expect(validateList({ next: { next: {} } })).toBe(true);
    expect(validateList({ next: { next: 1 } })).toBe(false);
  });

  it("lint refuses the too-wide schema generate refuses, at once", async () => {
    const folder = await schemaFolder({ "wide.json": JSON.stringify({ properties: Object.fromEntries([...Array(2001).keys()].map((index) => [`p${index}`, {}])) }) });
    const result = runCli(["lint", "--schemas", path.join(folder, "schemas")]);
    expect(result.stdout).toMatch(/^wide\.json:1:1: error schema-too-wide at \/: 2,001 entries/m);
    expect(result.status).toBe(1);
  });

  it("a cycle a root reaches only through a branch (anyOf) generates with a warning at its $ref, in generate and lint", async () => {
    const folder = await schemaFolder({ "branch.json": JSON.stringify({ anyOf: [{ type: "string" }, { $ref: "#/$defs/Loop" }], $defs: { Loop: { allOf: [{ $ref: "#/$defs/Loop" }] } } }) });
    const result = runCli(["generate", "--schemas", path.join(folder, "schemas"), "--out", path.join(folder, "out")]);
    expect(result.stderr).toMatch(/^branch\.json:1:81: warning ref-cycle at \/\$defs\/Loop\/allOf\/0\/\$ref: \$ref cycle that never moves into the data \(branch\.json#\/\$defs\/Loop\/allOf\/0 → branch\.json#\/\$defs\/Loop → branch\.json#\/\$defs\/Loop\/allOf\/0\): validating it recurses forever \(the validator throws\) for any value that takes the branch leading here/m);
    expect(result.status).toBe(0);
    const { validateBranch } = await import(pathToFileURL(path.join(folder, "out/root/branch.js")).href);
    expect(validateBranch("text")).toBe(true);
    const lint = runCli(["lint", "--schemas", path.join(folder, "schemas")]);
    expect(lint.stdout).toMatch(/^branch\.json:1:81: warning ref-cycle at \/\$defs\/Loop\/allOf\/0\/\$ref: /m);
  });

  it("lint refuses the same cycle generate refuses, at the same place", async () => {
    const folder = await schemaFolder({ "a.json": '{"allOf": [{"$ref": "b.json"}]}', "b.json": '{"$ref": "a.json"}' });
    const result = runCli(["lint", "--schemas", path.join(folder, "schemas")]);
    expect(result.stdout).toMatch(/^a\.json:1:13: error ref-cycle at \/allOf\/0\/\$ref: /m);
    expect(result.status).toBe(1);
  });

  it("reports every bad file in one run, not only the first", async () => {
    const folder = await schemaFolder({ "a.json": "{", "b.json": '{"type": 5}' });
    const result = runCli(["generate", "--schemas", path.join(folder, "schemas"), "--out", path.join(folder, "out")]);
    expect(result.stderr).toMatch(/^a\.json:1:2: error json-malformed/m);
    expect(result.status).toBe(2);
  });

  it("rejects a missing schemas folder", () => {
    const result = runCli(["generate", "--schemas", "no/such/folder"]);
    expect(result.stderr).toMatch(/error folder-missing: schemas folder not found: no\/such\/folder/);
    expect(result.status).toBe(2);
  });

  it("prints its version with --version and exits 0", async () => {
    const { version } = JSON.parse(await readFile(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
    const result = runCli(["--version"]);
    expect(result.stdout).toBe(`${version}\n`);
    expect(result.status).toBe(0);
  });

  it("rejects an unknown flag with exit 2 and the usage", () => {
    const result = runCli(["generate", "--shemas", "x"]);
    expect(result.stderr).toMatch(/unknown option '--shemas'/);
    expect(result.status).toBe(2);
  });
});

describe("schemagen check", () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), "schemagen-check-"));
  });

  it("exits 0 right after generate, and generate reruns as a no-op", () => {
    const out = path.join(folder, "fresh");
    expect(runCli(["generate", "--schemas", BASIC, "--out", out]).status).toBe(0);
    const check = runCli(["check", "--schemas", BASIC, "--out", out]);
    expect(check.stdout).toMatch(/is up to date/);
    expect(check.status).toBe(0);
    expect(runCli(["generate", "--schemas", BASIC, "--out", out]).stdout).toMatch(/up to date/);
  });

  it("generate takes no shortcut past an output file edited, or one added, since the last run", async () => {
    const out = path.join(folder, "shortcut");
    expect(runCli(["generate", "--schemas", BASIC, "--out", out]).status).toBe(0);
    const original = await readFile(path.join(out, "shop/index.d.ts"), "utf8");
    await writeFile(path.join(out, "shop/index.d.ts"), original.replace("export", "export  "));
    const edited = runCli(["generate", "--schemas", BASIC, "--out", out]);
    expect(edited.stdout).toMatch(/wrote \d+ files/);
    expect(await readFile(path.join(out, "shop/index.d.ts"), "utf8")).toBe(original);
    await writeFile(path.join(out, "stray.js"), "");
    expect(runCli(["generate", "--schemas", BASIC, "--out", out]).stdout).toMatch(/wrote \d+ files/);
    expect(existsSync(path.join(out, "stray.js"))).toBe(false);
    expect(runCli(["generate", "--schemas", BASIC, "--out", out]).stdout).toMatch(/up to date/);
  });

  it("lists every missing, extra and changed file, exits 1 and writes nothing", async () => {
    const out = path.join(folder, "drifted");
    expect(runCli(["generate", "--schemas", BASIC, "--out", out]).status).toBe(0);
    await writeFile(path.join(out, "shop/index.d.ts"), "// edited by hand\n");
    await writeFile(path.join(out, "stray.js"), "");
    await writeFile(path.join(out, "manifest.json"), "{}");
    const { rm } = await import("node:fs/promises");
    await rm(path.join(out, "legacy/index.js"));
    const check = runCli(["check", "--schemas", BASIC, "--out", out]);
    expect(check.stdout).toContain(`${out}/legacy/index.js: missing`);
    expect(check.stdout).toContain(`${out}/manifest.json: changed`);
    expect(check.stdout).toContain(`${out}/shop/index.d.ts: changed`);
    expect(check.stdout).toContain(`${out}/stray.js: extra`);
    expect(check.stdout).toMatch(/4 file\(s\) differ; run `npx schemagen generate`/);
    expect(check.status).toBe(1);
    expect(await readFile(path.join(out, "shop/index.d.ts"), "utf8")).toBe("// edited by hand\n");
  });
});

describe("schemagen --help", () => {
  for (const command of [[], ["generate"], ["check"]]) {
    it(`prints usage for ${["schemagen", ...command].join(" ")} and exits 0`, () => {
      const result = runCli([...command, "--help"]);
      expect(result.stdout).toMatch(/^Usage: schemagen/m);
      expect(result.status).toBe(0);
    });
  }
});

/** A 2020-12 schema of ~2.6 MB whose last definition holds `minLength: -1`, so the error sits near the end. */
function largeSchemaWithBadKeyword(): string {
  const lines = ['{', '  "$defs": {'];
  for (let index = 0; index < 10_000; index++) {
    const last = index === 9_999;
    lines.push(`    "d${index}": {`, `      "description": "${"filler ".repeat(30)}",`, `      "properties": { "x": {`, `      ${last ? '"minLength": -1' : '"minLength": 1'} } }`);
    lines[lines.length - 1] += last ? " }" : " },";
  }
  lines.push("  }", "}");
  return lines.join("\n");
}
