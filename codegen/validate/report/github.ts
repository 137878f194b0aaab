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

/** The step summary holds 1 MiB at most; past these rows, it says how many more there were. */
export const MAX_SUMMARY_ROWS = 1000;

function stepSummary(run: Parameters<ReturnType<Reporter>["end"]>[0], rows: string[]): string {
  const lines = [`### schemagen validate: ${cell(schemaName(run))}`, "", cell(summarize(run)) + ".", ""];
  if (rows.length > 0) {
    lines.push("| File | Line | Column | Instance path | Keyword | Message |", "| --- | ---: | ---: | --- | --- | --- |", ...rows);
    const beyond = run.totals.shown - rows.length;
    if (beyond > 0) lines.push("", cell(`${count(beyond, "more error")} in the log`) + ".");
    const omitted = omittedNote(run);
    if (omitted) lines.push("", cell(omitted) + ".");
    lines.push("");
  }
  return lines.join("\n") + "\n";
}

export const reportGithub: Reporter = (options) => {
  let schema = "";
  let seen = 0;
  const rows: string[] = [];
  return {
    begin: (summary) => {
      schema = summary.type ?? summary.id;
      return "";
    },
    issue: (issue) => {
      if (rows.length < MAX_SUMMARY_ROWS) {
        const keyword = issue.keyword ?? issue.kind;
        rows.push(`| ${cell(issue.file)} | ${issue.line} | ${issue.column} | ${cell(issue.pointer ?? "")} | ${cell(keyword)} | ${cell(issue.message)} |`);
      }
      if (seen++ < MAX_ANNOTATIONS) return annotation(issue, schema) + "\n";
      // The log still lists the errors beyond the annotated ones.
      return options.quiet ? "" : `${placeOf(issue)}: ${issue.kind}${issue.pointer ? ` at ${issue.pointer}` : ""}: ${issue.message}\n`;
    },
    file: () => "",
    end: (run) => {
      const lines: string[] = [];
      const beyond = run.totals.issues - Math.min(run.totals.shown, MAX_ANNOTATIONS);
      if (beyond > 0) {
        lines.push(`::notice title=${escapeProperty(`schemagen validate: ${schema}`)}::${escapeData(`${count(beyond, "more error")} not annotated (GitHub shows ${MAX_ANNOTATIONS} per step); the step summary lists them`)}`);
      }
      if (!options.quiet) {
        for (const warning of run.warnings.slice(0, MAX_ANNOTATIONS)) lines.push(annotation(warning, schema));
        lines.push(`schemagen validate: ${summarize(run)}`);
      }
      return { stdout: lines.length > 0 ? lines.join("\n") + "\n" : "", stepSummary: stepSummary(run, rows) };
    },
  };
};
