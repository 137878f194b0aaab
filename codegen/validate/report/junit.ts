// For GitLab, Jenkins and other CI test views: JUnit XML with one test suite per input file, one failing test
// case per kept error, and one passing test case for the file's valid documents.

import type { FileReport, ValidationIssue, ValidationRun } from "../results.js";
import { count, omittedNote, placeOf, schemaName, type Reporter } from "./summary.js";

// XML 1.0 cannot hold these characters at all, not even as references; they are written as \uXXXX text.
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/\r/g, "&#13;")
    .replace(/\n/g, "&#10;");
}

function escapeBody(text: string): string {
  return escapeXml(text).replace(/&#10;/g, "\n");
}

function testCase(issue: ValidationIssue, schema: string): string {
  const element = issue.kind === "unreadable" ? "error" : "failure";
  const name = `${placeOf(issue)}${issue.pointer ? ` ${issue.pointer}` : ""}`;
  const type = issue.keyword ?? issue.kind;
  const body = `${placeOf(issue)}: ${issue.kind}${issue.pointer ? ` at ${issue.pointer}` : ""}: ${issue.message}\nschema: ${schema}`;
  return (
    `    <testcase classname="${escapeXml(issue.file)}" name="${escapeXml(name)}">\n` +
    `      <${element} message="${escapeXml(issue.message)}" type="${escapeXml(type)}">${escapeBody(body)}</${element}>\n` +
    `    </testcase>`
  );
}

function testSuite(file: FileReport, issues: ValidationIssue[], schema: string): { xml: string; tests: number; failures: number; errors: number } {
  const cases = issues.map((issue) => testCase(issue, schema));
  if (file.valid > 0) cases.push(`    <testcase classname="${escapeXml(file.file)}" name="${escapeXml(count(file.valid, "valid document"))}"/>`);
  const failures = issues.filter((issue) => issue.kind !== "unreadable").length;
  const errors = issues.length - failures;
  const attributes = `name="${escapeXml(file.file)}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="0"`;
  const xml = cases.length === 0 ? `  <testsuite ${attributes}/>` : `  <testsuite ${attributes}>\n${cases.join("\n")}\n  </testsuite>`;
  return { xml, tests: cases.length, failures, errors };
}

export const reportJunit: Reporter = (run: ValidationRun) => {
  const schema = schemaName(run);
  const byFile = new Map<string, ValidationIssue[]>();
  for (const issue of run.issues) byFile.set(issue.file, [...(byFile.get(issue.file) ?? []), issue]);
  const suites = run.files.map((file) => testSuite(file, byFile.get(file.file) ?? [], schema));
  const total = (key: "tests" | "failures" | "errors") => suites.reduce((sum, suite) => sum + suite[key], 0);
  const omitted = omittedNote(run);
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="${escapeXml(`schemagen validate: ${schema}`)}" tests="${total("tests")}" failures="${total("failures")}" errors="${total("errors")}">`,
    ...suites.map((suite) => suite.xml),
    ...(omitted ? [`  <!-- ${omitted.replace(/--/g, "- -")} -->`] : []),
    `</testsuites>`,
  ];
  return { stdout: lines.join("\n") + "\n" };
};
