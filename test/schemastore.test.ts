// 150 real SchemaStore schemas nobody here wrote (../shared/schemastore-sample), used as a user's folder would be:
// each generates alone and all generate together; the generated validators give their authors' verdicts on every
// test file (test/ valid, negative_test/ invalid), and every valid file type-checks against the generated type.

import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { generateFiles, resolveOptions, SchemagenError } from "../codegen/index.js";
import { runCli } from "./helpers/cli.js";
import { copySampleSchemas, OUTSIDE_REFS, sampleFiles, sampleSchemas } from "./helpers/schemastore.js";
import { typecheck, type TypedValue } from "./helpers/typecheck.js";

const work = await mkdtemp(path.join(os.tmpdir(), "schemagen-schemastore-"));
afterAll(() => rm(work, { recursive: true, force: true }));

interface ManifestEntry {
  source: string;
  module: string;
  validator: string;
  type: string;
  dialect: string;
}

describe("SchemaStore sample (../shared/schemastore-sample)", () => {
  it("holds every dialect", async () => {
    expect((await sampleSchemas()).length).toBe(150);
  });

  it("generates each schema alone; the two whose refs leave the sample fail naming the ref", async () => {
    const failures: Record<string, string> = {};
    for (const name of await sampleSchemas()) {
      const folder = await mkdtemp(path.join(work, "alone-"));
      await copySampleSchemas(folder, (candidate) => candidate === name);
      try {
        await generateFiles(resolveOptions({ schemas: folder }));
      } catch (error) {
        if (!(error instanceof SchemagenError)) throw error;
        failures[name] = error.diagnostics.map((diagnostic) => `${diagnostic.code} ${diagnostic.message}`).join("\n");
      }
      await rm(folder, { recursive: true, force: true });
    }
    expect(Object.keys(failures).sort()).toEqual(Object.keys(OUTSIDE_REFS).sort());
    for (const [name, ref] of Object.entries(OUTSIDE_REFS)) {
      expect(failures[name]).toContain(`ref-unresolved $ref "${ref}" cannot be resolved to any schema in the set`);
      expect(failures[name]!.split("\n").every((line) => line.startsWith("ref-unresolved"))).toBe(true);
    }
  }, 600_000);

  it("refuses the whole folder with a located error for each ref that leaves it", async () => {
    const folder = path.join(work, "everything");
    await copySampleSchemas(folder);
    const result = runCli(["generate", "--schemas", folder, "--out", path.join(work, "everything-out")]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^grunt-cssmin-task\.json:7:9: error ref-unresolved at \/additionalProperties\/allOf\/0\/\$ref: \$ref "grunt-task#\/additionalProperties"/m);
    expect(result.stderr).toMatch(/^feed\.json:\d+:\d+: error ref-unresolved at [^:]+: \$ref "feed-1#/m);
    expect(new Set(result.stderr.trim().split("\n").map((line) => line.split(":")[0]))).toEqual(new Set(Object.keys(OUTSIDE_REFS)));
  });

  const SAME_TITLE_AS_AN_EARLIER_FILE = [
    "abc-supply-plan-11.1.0.json", "abc-supply-plan-12.0.0.json", "abc-supply-plan-3.0.0.json", "agripparc-1.4.json", "aurora-2.0.json",
    "clang-format-21.x.json", "devinit.schema-5.0.json", "devinit.schema-6.0.json", "venvironment-schema-v4.0.0.json",
  ];

  describe("all the others together, in one run", () => {
    const folder = path.join(work, "together");
    const out = path.join(work, "together-out");
    let manifest: ManifestEntry[] = [];

    it("generate succeeds", async () => {
      const names = await copySampleSchemas(folder, (name) => !(name in OUTSIDE_REFS));
      const result = runCli(["generate", "--schemas", folder, "--out", out]);
      // Versions of one schema side by side share a title: the later ones are named by their folder and say so.
      const lines = result.stderr.split("\n").filter(Boolean);
      // cloudify.json's Windows VM properties are allOf [themselves, …]: a bug in a branch its test files never take.
      const cycles = lines.filter((line) => line.includes(" warning ref-cycle "));
      expect(cycles).toHaveLength(1);
      expect(cycles[0]).toMatch(/^cloudify\.json:4533:11: warning ref-cycle at \/definitions\/nodeTypeCloudifyAzureNodesComputeWindowsVirtualMachineProperties\/allOf\/0\/\$ref: .*the validator throws\) for any value that takes the branch leading here/);
      const warnings = lines.filter((line) => !cycles.includes(line));
      expect(warnings.map((line) => line.split(":")[0])).toEqual(SAME_TITLE_AS_AN_EARLIER_FILE);
      for (const line of warnings) expect(line).toMatch(/^[^:]+:\d+:\d+: warning name-collision at \/title: would be named (\w+), which [^ ]+ takes \(it comes first\); exported as Root\1\d*\. /);
      expect(result.status).toBe(0);
      manifest = (JSON.parse(await readFile(path.join(out, "manifest.json"), "utf8")) as { schemas: ManifestEntry[] }).schemas;
      expect(manifest.map((entry) => entry.source).sort()).toEqual(names);
      expect(new Set(manifest.map((entry) => entry.dialect))).toEqual(new Set(["draft-04", "draft-07", "2019-09", "2020-12"]));
    }, 600_000);

    it("the validators give the authors' verdict on every test file", async () => {
      const cases = [];
      for (const entry of manifest) {
        for (const file of await sampleFiles(entry.source)) cases.push({ module: entry.module, validator: entry.validator, ...file });
      }
      expect(cases.length).toBeGreaterThan(480);
      // In plain node, as a service imports them (vitest would transform the 17 MB module first).
      await writeFile(path.join(work, "cases.json"), JSON.stringify(cases));
      await writeFile(
        path.join(work, "verdicts.mjs"),
        `import { readFileSync } from "node:fs";
const cases = JSON.parse(readFileSync(process.argv[2], "utf8"));
const wrong = [];
for (const entry of cases) {
  const validate = (await import(new URL(entry.module, process.argv[3]).href))[entry.validator];
  if (validate(entry.value) !== entry.valid) wrong.push(entry.path + ": expected " + (entry.valid ? "valid" : "invalid") + "; " + JSON.stringify(validate.errors?.[0] ?? null));
}
process.stdout.write(JSON.stringify(wrong));
`,
      );
      const run = spawnSync(process.execPath, [path.join(work, "verdicts.mjs"), path.join(work, "cases.json"), pathToFileURL(out + "/").href], { encoding: "utf8" });
      expect(run.stderr).toBe("");
      expect(JSON.parse(run.stdout)).toEqual([]);
    });

    it("every valid test file type-checks against its generated type (0 tsc errors)", async () => {
      const values: TypedValue[] = [];
      for (const entry of manifest) {
        for (const file of await sampleFiles(entry.source)) {
          if (file.valid) values.push({ module: entry.module, type: entry.type, value: file.value, label: file.path });
        }
      }
      expect(values.length).toBeGreaterThan(380);
      expect(await typecheck(work, "together-out", values)).toBe("");
    }, 300_000);
  });
});
