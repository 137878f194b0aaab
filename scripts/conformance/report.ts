// Pass rates, agreement with Ajv and expected failures of the JSON Schema Test Suite, as Markdown.

import { UNSUPPORTED_FILES, type CaseResult } from "./suite.js";

export function caseKey(result: CaseResult): string {
  return `${result.schemaPath} :: ${result.test}`;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? "–" : `${((100 * part) / whole).toFixed(1)}%`;
}

/** `suiteTests`: the number of required tests per draft folder in the suite, run or not (coverage's denominator). */
export function conformanceMarkdown(results: CaseResult[], expectedFailures: Record<string, string>, suiteTests: Record<string, number>): string {
  const lines: string[] = [
    "## JSON Schema Test Suite through the generator",
    "",
    "Every required test of `../shared/json-schema-test-suite` (see its SOURCE.txt), fed through `schemagen generate`",
    "and the generated validators, with remotes read offline through `--ref-map http://localhost:1234/=remotes/`.",
    "Format assertion is on (ajv-formats full mode). Coverage is the share of the suite's tests that run: a group Ajv",
    "cannot compile, and keyword files not run by design, count against it.",
    "The reference is Ajv compiled in process with the same options and the same schema copies. Where Ajv's code",
    "recurses without end ($dynamicRef through $ref) Ajv throws; the generated validator catches the overflow and",
    "answers false, so it never throws.",
    "",
    "| draft | suite tests | run (coverage) | pass | pass rate | agree with Ajv in process (where Ajv decides) | Ajv threw | generated threw |",
    "|---|---:|---:|---:|---:|---:|---:|---:|",
  ];
  const drafts = [...new Set(results.map((result) => result.draft))];
  let allTests = 0;
  let allRun = 0;
  for (const draft of drafts) {
    const own = results.filter((result) => result.draft === draft);
    const run = own.filter((result) => result.actual !== "compile").length;
    allTests += suiteTests[draft] ?? own.length;
    allRun += run;
    const passed = own.filter((result) => result.actual === result.expected).length;
    const decided = own.filter((result) => result.reference !== "throw");
    const agreed = decided.filter((result) => result.actual === result.reference).length;
    const ajvThrew = own.length - decided.length;
    const threw = own.filter((result) => result.actual === "throw").length;
    lines.push(
      `| ${draft} | ${suiteTests[draft] ?? own.length} | ${run} (${percent(run, suiteTests[draft] ?? own.length)}) | ${passed} | ${percent(passed, own.length)} | ${percent(agreed, decided.length)} | ${ajvThrew} | ${threw} |`,
    );
  }
  lines.push("", `All five drafts: ${allRun} of ${allTests} tests run (${percent(allRun, allTests)}).`);
  lines.push("", "### Per keyword file (files with failures)", "", "| draft | file | cases | pass | pass rate |", "|---|---|---:|---:|---:|");
  let listed = 0;
  for (const draft of drafts) {
    const files = [...new Set(results.filter((result) => result.draft === draft).map((result) => result.keywordFile))].sort();
    for (const file of files) {
      const own = results.filter((result) => result.draft === draft && result.keywordFile === file);
      const passed = own.filter((result) => result.actual === result.expected).length;
      if (passed < own.length) listed++;
      if (passed < own.length) lines.push(`| ${draft} | ${file} | ${own.length} | ${passed} | ${percent(passed, own.length)} |`);
    }
  }
  const allFiles = new Set(results.map((result) => `${result.draft}/${result.keywordFile}`)).size;
  lines.push("", `The other ${allFiles - listed} of ${allFiles} keyword files pass completely.`);
  const unsupported = Object.entries(UNSUPPORTED_FILES).map(([file, reason]) => `\`${file}\` (${reason})`);
  lines.push(`Not run: ${unsupported.join("; ")}.`);
  lines.push("", "### Expected failures, with reasons", "", "Listed in `test/fixtures/conformance/expected-failures.json`; the test fails on any other failure and on any listed case that starts passing.", "");
  const byReason = new Map<string, number>();
  for (const reason of Object.values(expectedFailures)) byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
  lines.push("| cases | reason |", "|---:|---|");
  for (const [reason, count] of [...byReason].sort((a, b) => b[1] - a[1])) lines.push(`| ${count} | ${reason} |`);
  lines.push(
    "",
    "### Where the generator goes beyond Ajv",
    "",
    "`codegen/normalize/for-ajv.ts` corrects the schema copies Ajv compiles: `enum: []` (Ajv refuses it), a property",
    "named `__proto__` (Ajv skips it), and sibling keywords of `$ref` in draft-04, -06 and -07 (Ajv applies them). `ownProperties`",
    "makes `required: [\"constructor\"]` fail on `{}`. Object literals with `__proto__` keys in Ajv's output are",
    "re-emitted through `JSON.parse`.",
  );
  return lines.join("\n") + "\n";
}
