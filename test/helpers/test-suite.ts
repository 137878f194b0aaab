// Turns the official JSON Schema Test Suite (../shared/json-schema-test-suite) into a folder of schema files.

import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const TEST_SUITE = path.resolve(fileURLToPath(new URL("../../../shared/json-schema-test-suite", import.meta.url)));
/**
 * remotes/ is served from here in the suite's own harness; generation reads it offline through
 * `--ref-map http://localhost:1234/=<remotes>`, and the groups' files get it as their base URI.
 */
export const REMOTE_BASE_URI = "http://localhost:1234/";
export const REMOTES = path.join(TEST_SUITE, "remotes");

export const DRAFTS = { "draft2020-12": "2020-12", "draft2019-09": "2019-09", draft7: "draft-07", draft6: "draft-06", draft4: "draft-04" } as const;
export type DraftFolder = keyof typeof DRAFTS;

const METASCHEMA_URIS: Record<DraftFolder, string> = {
  "draft2020-12": "https://json-schema.org/draft/2020-12/schema",
  "draft2019-09": "https://json-schema.org/draft/2019-09/schema",
  draft7: "http://json-schema.org/draft-07/schema#",
  draft6: "http://json-schema.org/draft-06/schema#",
  draft4: "http://json-schema.org/draft-04/schema#",
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
  /** A schemas folder: groups whose ids do not collide (remotes are read through the ref map). */
  folder: string;
  cases: SuiteCase[];
}

/** Every string `$id` (or draft-04 `id`) anywhere in a value: conservative, which is all the bucketing needs. */
function declaredIds(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((item) => declaredIds(item, found));
  else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if ((key === "$id" || key === "id") && typeof item === "string") found.add(item.replace(/#$/, ""));
      declaredIds(item, found);
    }
  }
  return found;
}

/**
 * Writes one file per test group: <bucket>/suite-<draft>/<keyword file>/<group index>.json, with `$schema` added
 * where the group's schema has none (the suite leaves the dialect to the harness).
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

/** The number of required tests in one draft folder of the suite, every keyword file counted. */
export async function suiteTestCount(draft: DraftFolder): Promise<number> {
  const folder = path.join(TEST_SUITE, "tests", draft);
  let count = 0;
  for (const file of (await readdir(folder)).filter((name) => name.endsWith(".json"))) {
    for (const group of JSON.parse(await readFile(path.join(folder, file), "utf8")) as { tests: unknown[] }[]) count += group.tests.length;
  }
  return count;
}
