// For GitHub Actions: `::error` workflow commands, which the Actions UI shows as annotations on the files.
// GitHub shows at most 10 error annotations per step, so only the first 10 are printed as annotations; the step
// summary ($GITHUB_STEP_SUMMARY, written by the CLI) gets a table of every kept error.

import type { ValidationIssue } from "../results.js";
import { count, omittedNote, placeOf, schemaName, summarize, type Reporter } from "./summary.js";

export const MAX_ANNOTATIONS = 10;

// As @actions/core escapes them (command.ts): data loses %, CR and LF; properties also : and ,.
function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

function annotation(issue: ValidationIssue, schema: string): string {
  const command = issue.severity === "warning" ? "warning" : "error";
  const title = issue.keyword ? `${schema}: ${issue.keyword}` : `${schema}: ${issue.kind}`;
  const properties = [`file=${escapeProperty(issue.file)}`, `line=${issue.line}`, `col=${issue.column}`, `title=${escapeProperty(title)}`];
  const message = issue.pointer ? `${issue.pointer}: ${issue.message}` : issue.message;
  return `::${command} ${properties.join(",")}::${escapeData(message)}`;
}

/** Markdown table cells hold user text: no pipes, line breaks, HTML or emphasis from it. */
function cell(text: string): string {
  return text
    .replace(/[\r\n]+/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([\\|`*_[\]])/g, "\\$1");
}

function stepSummary(run: Parameters<Reporter>[0]): string {
  const lines = [`### schemagen validate: ${cell(schemaName(run))}`, "", cell(summarize(run)) + ".", ""];
  if (run.issues.length > 0) {
    lines.push("| File | Line | Column | Instance path | Keyword | Message |", "| --- | ---: | ---: | --- | --- | --- |");
    for (const issue of run.issues) {
      const keyword = issue.keyword ?? issue.kind;
      lines.push(`| ${cell(issue.file)} | ${issue.line} | ${issue.column} | ${cell(issue.pointer ?? "")} | ${cell(keyword)} | ${cell(issue.message)} |`);
    }
    const omitted = omittedNote(run);
    if (omitted) lines.push("", cell(omitted) + ".");
    lines.push("");
  }
  return lines.join("\n") + "\n";
}

export const reportGithub: Reporter = (run, options) => {
  const schema = schemaName(run);
  const lines = run.issues.slice(0, MAX_ANNOTATIONS).map((issue) => annotation(issue, schema));
  const beyond = run.totals.issues - Math.min(run.issues.length, MAX_ANNOTATIONS);
  if (beyond > 0) {
    lines.push(`::notice title=${escapeProperty(`schemagen validate: ${schema}`)}::${escapeData(`${count(beyond, "more error")} not annotated (GitHub shows ${MAX_ANNOTATIONS} per step); the step summary lists them`)}`);
  }
  if (!options.quiet) {
    for (const warning of run.warnings.slice(0, MAX_ANNOTATIONS)) lines.push(annotation(warning, schema));
    // The log still lists the errors beyond the annotated ones.
    for (const issue of run.issues.slice(MAX_ANNOTATIONS)) {
      lines.push(`${placeOf(issue)}: ${issue.kind}${issue.pointer ? ` at ${issue.pointer}` : ""}: ${issue.message}`);
    }
    lines.push(`schemagen validate: ${summarize(run)}`);
  }
  return { stdout: lines.join("\n") + "\n", stepSummary: stepSummary(run) };
};
