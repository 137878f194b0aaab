// For GitLab, Jenkins and other CI test views: JUnit XML with one test suite per input file, one failing test
// case per kept error, and one passing test case for the file's valid documents. Test cases are written as they
// are found, so a suite's counts (known only at its end) are not on its start tag: those views count the cases.

import type { ValidationIssue } from "../results.js";
import { count, omittedNote, placeOf, type Reporter } from "./summary.js";

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

export const reportJunit: Reporter = () => {
  let schema = "";
  /** The file whose suite is open. */
  let open: string | undefined;
  const close = () => {
    const text = open === undefined ? "" : `  </testsuite>\n`;
    open = undefined;
    return text;
  };
  const openFor = (file: string) => (open === file ? "" : `${close()}  <testsuite name="${escapeXml((open = file))}">\n`);
  return {
    begin: (summary) => {
      schema = summary.type ?? summary.id;
      return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${escapeXml(`schemagen validate: ${schema}`)}">\n`;
    },
    issue: (issue) => `${openFor(issue.file)}${testCase(issue, schema)}\n`,
    file: (file) => {
      let text = openFor(file.file);
      if (file.valid > 0) text += `    <testcase classname="${escapeXml(file.file)}" name="${escapeXml(count(file.valid, "valid document"))}"/>\n`;
      return text + close();
    },
    end: (run) => {
      const omitted = omittedNote(run);
      const interrupted = run.interrupted ? `  <!-- interrupted by ${run.interrupted}: counts cover what was read until then -->\n` : "";
      return { stdout: `${close()}${omitted ? `  <!-- ${omitted.replace(/--/g, "- -")} -->\n` : ""}${interrupted}</testsuites>\n` };
    },
  };
};
