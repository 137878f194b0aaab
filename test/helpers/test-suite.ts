// Turns the official JSON Schema Test Suite (../shared/json-schema-test-suite) into a folder of schema files.

import { cp, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const TEST_SUITE = path.resolve(fileURLToPath(new URL("../../../shared/json-schema-test-suite", import.meta.url)));
/** remotes/ is served from here in the suite's own harness; we give it as --base-uri instead. */
export const REMOTE_BASE_URI = "http://localhost:1234/";

export const DRAFTS = { "draft2020-12": "2020-12", "draft2019-09": "2019-09", draft7: "draft-07" } as const;
export type DraftFolder = keyof typeof DRAFTS;

const METASCHEMA_URIS: Record<DraftFolder, string> = {
  "draft2020-12": "https://json-schema.org/draft/2020-12/schema",
  "draft2019-09": "https://json-schema.org/draft/2019-09/schema",
  draft7: "http://json-schema.org/draft-07/schema#",
};

export interface SuiteCase {
  draft: DraftFolder;
  /** Keyword file, e.g. "anyOf". */
  keywordFile: string;
  groupIndex: number;
  group: string;
  /** The schema file written for this group, relative to the schemas folder. */
  schemaPath: string;
  tests: { description: string; data: unknown; valid: boolean }[];
}

export interface SuiteBucket {
  /** A schemas folder: remotes plus groups whose `$id`s do not collide. */
  folder: string;
  cases: SuiteCase[];
}

/** Every string `$id` anywhere in a value: conservative, which is all the bucketing needs. */
function declaredIds(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((item) => declaredIds(item, found));
  else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (key === "$id" && typeof item === "string") found.add(item.replace(/#$/, ""));
      declaredIds(item, found);
    }
  }
  return found;
}

/**
 * Writes one file per test group: <bucket>/suite-<draft>/<keyword file>/<group index>.json, with `$schema` added
 * where the group's schema has none (the suite leaves the dialect to the harness), and remotes/ at the top.
 * The suite reuses `$id`s across groups, so groups are spread over as few buckets as keep every `$id` unique.
 */
export async function writeSuiteSchemas(
  root: string,
  draft: DraftFolder,
  skip: (keywordFile: string) => boolean = () => false,
): Promise<SuiteBucket[]> {
  const buckets: (SuiteBucket & { ids: Set<string> })[] = [];
  const testFolder = path.join(TEST_SUITE, "tests", draft);
  const files = (await readdir(testFolder)).filter((name) => name.endsWith(".json")).sort();
  for (const file of files) {
    const keywordFile = file.replace(/\.json$/, "");
    if (skip(keywordFile)) continue;
    const groups = JSON.parse(await readFile(path.join(testFolder, file), "utf8")) as {
      description: string;
      schema: unknown;
      tests: SuiteCase["tests"];
    }[];
    for (const [groupIndex, group] of groups.entries()) {
      let schema = group.schema;
      if (schema !== null && typeof schema === "object" && !Array.isArray(schema) && !("$schema" in schema)) {
        schema = { $schema: METASCHEMA_URIS[draft], ...schema };
      }
      const ids = declaredIds(schema);
      let bucket = buckets.find((candidate) => [...ids].every((id) => !candidate.ids.has(id)));
      if (!bucket) {
        bucket = { folder: path.join(root, `${draft}-${buckets.length}`), cases: [], ids: new Set() };
        buckets.push(bucket);
        await writeRemotes(bucket.folder, draft);
      }
      ids.forEach((id) => bucket.ids.add(id));
      const schemaPath = `suite-${draft}/${keywordFile}/${groupIndex}.json`;
      await mkdir(path.join(bucket.folder, path.dirname(schemaPath)), { recursive: true });
      await writeFile(path.join(bucket.folder, schemaPath), JSON.stringify(schema, null, 2));
      bucket.cases.push({ draft, keywordFile, groupIndex, group: group.description, schemaPath, tests: group.tests });
    }
  }
  return buckets.map(({ folder, cases }) => ({ folder, cases }));
}

/** remotes/: the draft-neutral files, and the folders of the drafts under test with their dialect made explicit. */
async function writeRemotes(folder: string, draft: DraftFolder): Promise<void> {
  const remotes = path.join(TEST_SUITE, "remotes");
  for (const entry of await readdir(remotes)) {
    if (/^(draft|v1)/.test(entry)) continue;
    await cp(path.join(remotes, entry), path.join(folder, entry), { recursive: true });
  }
  // Metaschemas with the format-assertion vocabulary, which Ajv does not ship; only optional tests use them.
  await cp(path.join(remotes, draft), path.join(folder, draft), {
    recursive: true,
    filter: (source) => !path.basename(source).startsWith("format-assertion-"),
  });
  for (const file of await listJson(path.join(folder, draft))) {
    const schema = JSON.parse(await readFile(file, "utf8"));
    if (schema && typeof schema === "object" && !("$schema" in schema)) {
      await writeFile(file, JSON.stringify({ $schema: METASCHEMA_URIS[draft], ...schema }, null, 2));
    }
  }
}

async function listJson(folder: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) found.push(...(await listJson(full)));
    else if (entry.name.endsWith(".json")) found.push(full);
  }
  return found;
}
