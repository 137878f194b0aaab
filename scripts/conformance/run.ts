// npm run conformance: runs the test suite through the generator and rewrites the suite section of docs/CONFORMANCE.md.

import { mkdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DRAFTS, type DraftFolder } from "../../test/helpers/test-suite.js";
import { conformanceMarkdown } from "./report.js";
import { runSuite, type CaseResult } from "./suite.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const results: CaseResult[] = [];
for (const draft of Object.keys(DRAFTS) as DraftFolder[]) {
  results.push(...(await runSuite(draft, path.join(os.tmpdir(), `schemagen-conformance-${draft}`))));
}
const expected = JSON.parse(await readFile(path.join(ROOT, "test/fixtures/conformance/expected-failures.json"), "utf8"));
await mkdir(path.join(ROOT, "docs"), { recursive: true });
const target = path.join(ROOT, "docs/CONFORMANCE.md");
const header = "# Conformance\n\nWritten by `npm run conformance`; do not edit by hand.\n\n";
await writeFile(target, header + conformanceMarkdown(results, expected));
process.stdout.write(`wrote ${path.relative(ROOT, target)} (${results.length} cases)\n`);
