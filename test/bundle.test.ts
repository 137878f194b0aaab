import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildInteropSet } from "../scripts/interop/cases.js";
import { pythonVerdicts } from "../scripts/interop/verdicts.js";
import { REPO_ROOT } from "./helpers/cli.js";
import { readManifest } from "./helpers/domain-fixtures.js";

describe("bundles: one compound 2020-12 schema per domain, for tools that take a single file", async () => {
  const manifest = await readManifest();
  const { cases } = await buildInteropSet(REPO_ROOT);
  const domains = [...new Set(manifest.map((entry) => entry.module.split("/")[0]!))].filter((domain) => domain !== "common");

  for (const domain of domains) {
    it(`${domain}: Python jsonschema, given only the bundle, gives every fixture its verdict`, async () => {
      const bundle = JSON.parse(await readFile(path.join(REPO_ROOT, "generated/bundles", `${domain}.json`), "utf8"));
      expect(bundle.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
      const ids = manifest.filter((entry) => entry.module.startsWith(`${domain}/`)).map((entry) => entry.id);
      const embedded = Object.values(bundle.$defs as Record<string, { $id: string }>).map((resource) => resource.$id);
      for (const id of ids) expect(embedded).toContain(id);
      const own = cases.filter((testCase) => ids.includes(testCase.schemaUri));
      expect(own.length).toBeGreaterThan(20);
      const verdicts = pythonVerdicts([{ uri: bundle.$id, schema: bundle }], own, bundle.$id);
      expect(own.filter((testCase) => verdicts[testCase.id] !== testCase.expected).map((testCase) => testCase.id)).toEqual([]);
    });
  }
});
