// The one-sentence outcome of a run and the place of an issue, shared by the text and GitHub reporters.

import type { ValidationIssue, ValidationRun } from "../results.js";

export interface ReportOptions {
  /** ANSI colours (text only); the CLI decides from the terminal and NO_COLOR. */
  color: boolean;
  /** Errors only: no summary, no warnings. */
  quiet: boolean;
}

export interface Report {
  /** What goes to standard output. */
  stdout: string;
  /** Markdown for $GITHUB_STEP_SUMMARY (github format only). */
  stepSummary?: string;
}

export type Reporter = (run: ValidationRun, options: ReportOptions) => Report;

export function count(value: number, noun: string): string {
  return `${value.toLocaleString("en-US")} ${noun}${value === 1 ? "" : "s"}`;
}

export function schemaName(run: ValidationRun): string {
  return run.schema.type ?? run.schema.id;
}

export function placeOf(issue: ValidationIssue): string {
  return `${issue.file}:${issue.line}:${issue.column}`;
}

export function failed(run: ValidationRun): boolean {
  return run.totals.invalid + run.totals.malformed + run.totals.unreadable > 0;
}

export function summarize(run: ValidationRun): string {
  const { totals } = run;
  const files = count(totals.files, "file");
  const parts: string[] = [];
  if (totals.invalid > 0) parts.push(`${totals.invalid.toLocaleString("en-US")} invalid`);
  if (totals.malformed > 0) parts.push(`${totals.malformed.toLocaleString("en-US")} malformed`);
  let sentence =
    parts.length > 0
      ? `${(totals.invalid + totals.malformed).toLocaleString("en-US")} of ${count(totals.documents, "document")} in ${files} failed against ${schemaName(run)}: ${parts.join(", ")}`
      : totals.documents === 0
        ? `no documents in ${files} to validate against ${schemaName(run)}`
        : `${count(totals.documents, "document")} in ${files} valid against ${schemaName(run)}`;
  if (totals.unreadable > 0) sentence += `; ${count(totals.unreadable, "input")} unreadable`;
  if (run.stoppedEarly) sentence += "; stopped at the first failure (--fail-fast)";
  return sentence;
}

/** The line that says some issues were counted but not listed. */
export function omittedNote(run: ValidationRun): string | undefined {
  const omitted = run.totals.issues - run.issues.length;
  return omitted > 0 ? `${count(omitted, "more error")} not shown (raise --max-errors, or 0 for all)` : undefined;
}
