// npm run conformance: runs the test suite through the generator and rewrites the suite section of docs/CONFORMANCE.md.

import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DRAFTS, suiteTestCount, type DraftFolder } from "../../test/helpers/test-suite.js";
import { buildSchemaModel, generate, resolveOptions } from "../../codegen/index.js";
import { knownValidValues } from "../../test/helpers/domain-fixtures.js";
import { buildInteropSet, interopMarkdown } from "../interop/cases.js";
import { hyperjumpVerdicts, pythonVerdicts } from "../interop/verdicts.js";
import { fidelityMarkdown, measureTypeFidelity } from "./fidelity.js";
import { conformanceMarkdown } from "./report.js";
import { runSuite, type CaseResult } from "./suite.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const results: CaseResult[] = [];
const suiteTests: Record<string, number> = {};
for (const draft of Object.keys(DRAFTS) as DraftFolder[]) {
  results.push(...(await runSuite(draft, path.join(os.tmpdir(), `schemagen-conformance-${draft}`))));
  suiteTests[draft] = await suiteTestCount(draft);
}
const expected = JSON.parse(await readFile(path.join(ROOT, "test/fixtures/conformance/expected-failures.json"), "utf8"));
await mkdir(path.join(ROOT, "docs"), { recursive: true });
const target = path.join(ROOT, "docs/CONFORMANCE.md");
const header = "# Conformance\n\nWritten by `npm run conformance`; do not edit by hand.\n\n";

const fidelityFolder = await mkdtemp(path.join(os.tmpdir(), "schemagen-fidelity-"));
await generate({ schemas: path.join(ROOT, "schemas"), out: path.join(fidelityFolder, "out") });
const model = await buildSchemaModel(resolveOptions({ schemas: path.join(ROOT, "schemas") }));
const known = await knownValidValues();
const fidelity = await measureTypeFidelity(model, fidelityFolder, "out", 200, (type) => known.get(type) ?? []);
const interop = await buildInteropSet(ROOT);
const interopVerdicts = {
  "@hyperjump/json-schema": await hyperjumpVerdicts(interop.published, interop.cases),
  "Python jsonschema (Debian python3-jsonschema)": pythonVerdicts(interop.published, interop.cases),
};
await writeFile(
  target,
  [header + conformanceMarkdown(results, expected, suiteTests), interopMarkdown(interop, interopVerdicts), fidelityMarkdown(fidelity, "the domain schemas")].join("\n"),
);
process.stdout.write(`wrote ${path.relative(ROOT, target)} (${results.length} cases)\n`);
