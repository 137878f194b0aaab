// Python teams get our verdicts: Debian's python3-jsonschema validates every domain fixture, from the published
// schemas and from each domain's bundle alone. Needs `python3 -c "import jsonschema"`; run with `npm run test:interop`
// (.ci/run installs the Debian packages first).

import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildInteropSet } from "../../scripts/interop/cases.js";
import { pythonVerdicts } from "../../scripts/interop/verdicts.js";
import { REPO_ROOT } from "../helpers/cli.js";
import { readManifest } from "../helpers/domain-fixtures.js";

describe("Python jsonschema gives every domain fixture our verdict", async () => {
  const manifest = await readManifest();
  const { published, cases } = await buildInteropSet(REPO_ROOT);

  it("from the published schemas, with FormatChecker", () => {
    const verdicts = pythonVerdicts(published, cases);
    const disagreements = cases.filter((testCase) => verdicts[testCase.id] !== testCase.generated).map((testCase) => testCase.id);
    expect(cases.length).toBeGreaterThan(250);
    expect(disagreements).toEqual([]);
  });

  const domains = [...new Set(manifest.map((entry) => entry.module.split("/")[0]!))].filter((domain) => domain !== "common");
  for (const domain of domains) {
    it(`${domain}: given only the bundle`, async () => {
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
