// The domain fixtures: test/fixtures/domains/<domain>/<schema>/{valid,invalid}/*.json beside schemas/<domain>/<schema>.json.

import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { REPO_ROOT } from "./cli.js";

export interface ManifestEntry {
  id: string;
  source: string;
  module: string;
  validator: string;
  type: string;
  assert: string;
  standardSchema: string;
  jsonSchema: string;
}

export interface InvalidFixture {
  file: string;
  description: string;
  instancePath: string;
  keyword: string;
  data: unknown;
}

export interface SchemaFixtures {
  entry: ManifestEntry;
  examples: unknown[];
  valid: { file: string; data: unknown }[];
  invalid: InvalidFixture[];
}

export const FIXTURES = path.join(REPO_ROOT, "test/fixtures/domains");

export async function readManifest(): Promise<ManifestEntry[]> {
  return JSON.parse(await readFile(path.join(REPO_ROOT, "generated/manifest.json"), "utf8")).schemas;
}

async function readJsonFiles(folder: string): Promise<{ file: string; data: unknown }[]> {
  const names = (await readdir(folder).catch(() => [] as string[])).filter((name) => name.endsWith(".json")).sort();
  return Promise.all(
    names.map(async (name) => ({ file: path.join(folder, name), data: JSON.parse(await readFile(path.join(folder, name), "utf8")) })),
  );
}

export async function loadSchemaFixtures(entry: ManifestEntry): Promise<SchemaFixtures> {
  const schema = JSON.parse(await readFile(path.join(REPO_ROOT, "schemas", entry.source), "utf8"));
  const folder = path.join(FIXTURES, entry.source.replace(/\.json$/, ""));
  const invalid = (await readJsonFiles(path.join(folder, "invalid"))).map(({ file, data }) => ({
    file,
    ...(data as Omit<InvalidFixture, "file">),
  }));
  return {
    entry,
    examples: Array.isArray(schema.examples) ? schema.examples : [],
    valid: await readJsonFiles(path.join(folder, "valid")),
    invalid,
  };
}

/** Every example and valid fixture of every top-level schema, by type name. */
export async function knownValidValues(): Promise<Map<string, unknown[]>> {
  const byType = new Map<string, unknown[]>();
  for (const entry of await readManifest()) {
    const fixtures = await loadSchemaFixtures(entry);
    byType.set(entry.type, [...fixtures.examples, ...fixtures.valid.map((fixture) => fixture.data)]);
  }
  return byType;
}
