// A rerun compiles only the compile units and prints only the declarations whose schemas changed
// (work-cache.ts): the output is byte for byte what a run without the cache gives, whatever was edited, added
// or broken in the cache meanwhile.

import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, truncate, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deserialize } from "node:v8";
import { pruneWorkCache } from "../codegen/work-cache.js";
import { inputText } from "../codegen/emit/types.js";
import { listFiles } from "../codegen/write.js";
import { runCli } from "./helpers/cli.js";
import { copySampleSchemas } from "./helpers/schemastore.js";

// Four unrelated files over 16 KiB each, so each is a compile unit of its own; draft-04, draft-07 and 2020-12.
const SAMPLE = ["github-action.json", "scarb.json", "bunfig.json", "staticwebapp.config.json"];

let project: string;
let schemas: string;
let cached: string;

beforeAll(async () => {
  project = await mkdtemp(path.join(os.tmpdir(), "schemagen-work-cache-"));
  // The cache lives in the nearest node_modules above the working folder.
  await mkdir(path.join(project, "node_modules"));
  schemas = path.join(project, "schemas");
  await copySampleSchemas(schemas, (name) => SAMPLE.includes(name));
  cached = path.join(project, "node_modules/.cache/schemagen/compiled");
});

afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

/**
 * The stored entries of one kind: a unit's module pieces (a Map by module), a file's declarations (an array),
 * a module's formatted .d.ts (a string), or a file's text that passed its metaschema (true). An entry that does not deserialize counts as a unit's.
 */
async function entries(kind: "units" | "declarations" | "formatted" | "passed" = "units"): Promise<string[]> {
  if (!existsSync(cached)) return [];
  const names = (await readdir(cached)).filter((name) => name.endsWith(".bin")).sort();
  return names.filter((name) => {
    let value: unknown;
    try {
      value = deserialize(readFileSync(path.join(cached, name)));
    } catch {
      return kind === "units";
    }
    return (value instanceof Map ? "units" : Array.isArray(value) ? "declarations" : typeof value === "string" ? "formatted" : value === true ? "passed" : "units") === kind;
  });
}

function generate(out: string, ...flags: string[]): string {
  const result = runCli(["generate", "--schemas", schemas, "--out", out, "--errors", "first", ...flags], { cwd: project });
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  return result.stdout;
}

async function contents(out: string): Promise<Map<string, string>> {
  const files = await listFiles(out);
  return new Map(await Promise.all(files.map(async (file) => [file, await readFile(path.join(out, file), "utf8")] as const)));
}

/** Generates with the cache, then without it into another folder: the two must be the same files, byte for byte. */
async function expectAsWithoutCache(out: string): Promise<Map<string, string>> {
  generate(out);
  const fresh = path.join(project, "fresh");
  await rm(fresh, { recursive: true, force: true });
  const before = await entries();
  generate(fresh, "--no-cache");
  expect(await entries()).toEqual(before);
  const output = await contents(out);
  expect(output).toEqual(await contents(fresh));
  return output;
}

async function editSchema(name: string, edit: (schema: Record<string, unknown>) => void): Promise<void> {
  const file = path.join(schemas, name);
  const schema = JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
  edit(schema);
  await writeFile(file, JSON.stringify(schema, null, 2));
}

describe("the unit cache", () => {
  it("stores a unit once per compile and, after one schema's keyword changes, compiles that unit alone", async () => {
    const out = path.join(project, "out");
    const first = await expectAsWithoutCache(out);
    const stored = await entries();
    expect(stored).toHaveLength(SAMPLE.length);
    const declarations = await entries("declarations");
    expect(declarations).toHaveLength(SAMPLE.length);

    await editSchema("bunfig.json", (schema) => (schema.minProperties = 1));
    const edited = await expectAsWithoutCache(out);
    const after = await entries();
    expect(after).toHaveLength(SAMPLE.length + 1);
    expect(after.filter((name) => !stored.includes(name))).toHaveLength(1);
    expect(edited.get("root/bunfig.js")).not.toBe(first.get("root/bunfig.js"));
    expect(edited.get("root/bunfig.js")).toContain("minProperties");
    expect(edited.get("root/scarb.js")).toBe(first.get("root/scarb.js"));
    // json-schema-to-typescript gets only the keywords it reads (normalize/rules.ts): the declarations stand.
    expect(await entries("declarations")).toEqual(declarations);
  });

  it("neither compiles nor prints anything again when a file is only laid out anew", async () => {
    const out = path.join(project, "out");
    const [units, declarations, formatted] = [await entries(), await entries("declarations"), await entries("formatted")];
    const file = path.join(schemas, "github-action.json");
    await writeFile(file, JSON.stringify(JSON.parse(await readFile(file, "utf8"))));
    await expectAsWithoutCache(out);
    expect(await entries()).toEqual(units);
    expect(await entries("declarations")).toEqual(declarations);
    expect(await entries("formatted")).toEqual(formatted);
  });

  it("compiles nothing when only a description changes, and prints that file's declarations alone", async () => {
    const out = path.join(project, "out");
    const before = await entries();
    const declarations = await entries("declarations");
    const formatted = await entries("formatted");
    expect(formatted).toHaveLength(SAMPLE.length);
    await editSchema("scarb.json", (schema) => (schema.description = "Edited */ description\nover two lines"));
    const output = await expectAsWithoutCache(out);
    expect(await entries()).toEqual(before);
    expect((await entries("declarations")).filter((name) => !declarations.includes(name))).toHaveLength(1);
    expect((await entries("formatted")).filter((name) => !formatted.includes(name))).toHaveLength(1);
    expect(output.get("root/scarb.d.ts")).toContain("Edited *\\/ description");
  });

  it("reuses every unit when a file is added ahead of them, and gives the new file's validators their names", async () => {
    const out = path.join(project, "out");
    const before = await entries();
    await writeFile(path.join(schemas, "0-added.json"), JSON.stringify({ $schema: "https://json-schema.org/draft/2020-12/schema", title: "Added", type: "object", required: ["id"] }));
    const output = await expectAsWithoutCache(out);
    const after = await entries();
    expect(after.filter((name) => !before.includes(name))).toHaveLength(1);
    expect(output.get("root/0-added.js")).toContain("export const validateAdded = validate");
  });

  it("compiles again a unit whose stored entry is cut short or not a unit's pieces, and stores it anew", async () => {
    const out = path.join(project, "out");
    const stored = await entries();
    // Entries from before an edit are ones no unit reads now.
    expect(stored).toHaveLength(SAMPLE.length + 2);
    await Promise.all(stored.map((name, at) => (at % 2 === 0 ? truncate(path.join(cached, name), 10) : writeFile(path.join(cached, name), "not V8's serialization"))));
    // Past the no-change shortcut, which would not compile at all.
    await rm(out, { recursive: true });
    await expectAsWithoutCache(out);
    expect(await entries()).toEqual(stored);
    const sizes = await Promise.all(stored.map(async (name) => (await stat(path.join(cached, name))).size));
    expect(sizes.filter((size) => size > 100)).toHaveLength(SAMPLE.length + 1);
  });

  it("compiles again what a moved file or an edited file that others refer to changes", async () => {
    const out = path.join(project, "out");
    const { rename } = await import("node:fs/promises");
    await mkdir(path.join(schemas, "tools"));
    await rename(path.join(schemas, "bunfig.json"), path.join(schemas, "tools/bunfig.json"));
    const moved = await expectAsWithoutCache(out);
    expect(moved.get("tools/bunfig.js")).toContain("export const validateBunConfiguration = validate");
    const dialect = "https://json-schema.org/draft/2020-12/schema";
    await writeFile(path.join(schemas, "tools/order.json"), JSON.stringify({ $schema: dialect, title: "Order", type: "object", properties: { line: { $ref: "line.json" } } }));
    await writeFile(path.join(schemas, "tools/line.json"), JSON.stringify({ $schema: dialect, title: "Line", type: "object", properties: { sku: { type: "string" } } }));
    await expectAsWithoutCache(out);
    await editSchema("tools/line.json", (schema) => (schema.required = ["sku"]));
    const edited = await expectAsWithoutCache(out);
    expect(edited.get("tools/line.js")).toContain('"sku"');
  });

  it("notes only files that passed their metaschema, and checks a failing one again on every run", async () => {
    const passed = await entries("passed");
    expect(passed.length).toBeGreaterThanOrEqual(SAMPLE.length);
    const broken = path.join(schemas, "tools/broken.json");
    await writeFile(broken, JSON.stringify({ $schema: "https://json-schema.org/draft/2020-12/schema", title: "Broken", minLength: -1 }));
    for (let run = 0; run < 2; run++) {
      const result = runCli(["generate", "--schemas", schemas, "--out", path.join(project, "out"), "--errors", "first"], { cwd: project });
      expect(result.stderr).toMatch(/tools\/broken\.json:1:\d+: error metaschema-violation at \/minLength/);
      expect(result.status).toBe(2);
    }
    expect(await entries("passed")).toEqual(passed);
    await rm(broken);
  });

  it("stores twins apart from first-error units: all errors adds one of each", async () => {
    const before = await entries();
    const result = runCli(["generate", "--schemas", schemas, "--out", path.join(project, "all")], { cwd: project });
    expect(result.status).toBe(0);
    const added = (await entries()).filter((name) => !before.includes(name));
    expect(added.length).toBeGreaterThanOrEqual(SAMPLE.length + 1);
  });

  it("writes no cache with --no-cache", async () => {
    const bare = await mkdtemp(path.join(os.tmpdir(), "schemagen-no-cache-"));
    try {
      await mkdir(path.join(bare, "node_modules"));
      const result = runCli(["generate", "--schemas", schemas, "--out", path.join(bare, "out"), "--errors", "first", "--no-cache"], { cwd: bare });
      expect(result.status).toBe(0);
      expect(await readdir(path.join(bare, "node_modules"))).toEqual([]);
    } finally {
      await rm(bare, { recursive: true, force: true });
    }
  });
});

describe("pruneWorkCache", () => {
  it("drops the least recently used entries past the size limit, and temporaries over an hour old", async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), "schemagen-prune-"));
    try {
      const hour = 3600;
      const now = Date.now() / 1000;
      for (const [name, age] of [["old.bin", 3 * hour], ["middle.bin", 2 * hour], ["new.bin", 0], ["crashed.tmp", 2 * hour], ["writing.tmp", 0]] as const) {
        await writeFile(path.join(folder, name), Buffer.alloc(100));
        await utimes(path.join(folder, name), now - age, now - age);
      }
      pruneWorkCache(folder, 250);
      expect((await readdir(folder)).sort()).toEqual(["middle.bin", "new.bin", "writing.tmp"]);
      pruneWorkCache(folder, 100);
      expect((await readdir(folder)).sort()).toEqual(["new.bin", "writing.tmp"]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe("inputText", () => {
  it("tells a subschema met twice from two equal copies, keeps a __proto__ key, and gives up past the stack", () => {
    const shared = { type: "string" };
    expect(inputText({ a: shared, b: shared })).toBe('{"a":{"type":"string"},"b":{"#":1}}');
    expect(inputText({ a: { type: "string" }, b: { type: "string" } })).toBe('{"a":{"type":"string"},"b":{"type":"string"}}');
    expect(inputText(JSON.parse('{"properties":{"__proto__":{"type":"number"}},"skipped":null}'))).toBe('{"properties":{"__proto__":{"type":"number"}},"skipped":null}');
    expect(inputText({ kept: [undefined, 1], dropped: undefined })).toBe('{"kept":[null,1]}');
    let deep: object = {};
    for (let depth = 0; depth < 100_000; depth++) deep = { items: deep };
    expect(inputText(deep)).toBeUndefined();
  });
});
