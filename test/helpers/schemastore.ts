// The SchemaStore sample (../shared/schemastore-sample) as a user's folder: its schemas, and the files their
// authors say each must accept (test/) or reject (negative_test/), parsed from JSON, YAML or TOML.

import { cp, mkdir, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseToml } from "smol-toml";
import { parseAllDocuments } from "yaml";

export const SAMPLE = path.resolve(fileURLToPath(new URL("../../../shared/schemastore-sample", import.meta.url)));

/** The two schemas whose refs name SchemaStore schemas that are not in the sample, with the refs. */
export const OUTSIDE_REFS: Record<string, string> = {
  "feed.json": "feed-1#/definitions/extension",
  "grunt-cssmin-task.json": "grunt-task#/additionalProperties",
};

export interface SampleFile {
  /** Path relative to the sample, e.g. "test/tsconfig/basic.json". */
  path: string;
  value: unknown;
  valid: boolean;
}

/** The schema file names of the sample, sorted. */
export async function sampleSchemas(): Promise<string[]> {
  return (await readdir(path.join(SAMPLE, "schemas"))).filter((name) => name.endsWith(".json")).sort();
}

/** Copies the schemas into `folder` (all of them, or those `keep` chooses). */
export async function copySampleSchemas(folder: string, keep: (name: string) => boolean = () => true): Promise<string[]> {
  await mkdir(folder, { recursive: true });
  const chosen = (await sampleSchemas()).filter(keep);
  for (const name of chosen) await cp(path.join(SAMPLE, "schemas", name), path.join(folder, name));
  return chosen;
}

function parseSampleFile(file: string, text: string): unknown {
  if (file.endsWith(".json")) return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (file.endsWith(".toml")) return parseToml(text);
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents)) return null;
  // An empty file is an empty document, which YAML reads as null.
  if (documents.length === 0) return null;
  if (documents.length !== 1) throw new Error(`${file}: ${documents.length} YAML documents, expected one`);
  const [document] = documents;
  if (document!.errors.length > 0) throw new Error(`${file}: ${document!.errors[0]!.message}`);
  // SchemaStore's harness reads YAML timestamps as strings, as JSON would carry them.
  return document!.toJS({ mapAsMap: false });
}

/** The test files of one schema (by its file name), valid and invalid, in path order. */
export async function sampleFiles(schema: string): Promise<SampleFile[]> {
  const stem = schema.replace(/\.json$/, "");
  const found: SampleFile[] = [];
  for (const [folder, valid] of [["test", true], ["negative_test", false]] as const) {
    const names = await readdir(path.join(SAMPLE, folder, stem)).catch(() => [] as string[]);
    for (const name of names.sort()) {
      const relative = `${folder}/${stem}/${name}`;
      found.push({ path: relative, value: parseSampleFile(name, await readFile(path.join(SAMPLE, relative), "utf8")), valid });
    }
  }
  return found;
}
