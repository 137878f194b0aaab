// The one-sentence outcome of a run and the place of an issue, shared by the text and GitHub reporters.

import type { FileReport, SchemaSummary, ValidationIssue, ValidationRun } from "../results.js";

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

/**
 * A format written as the run goes: `begin` before the first issue, `issue` for each one as it is found, `file`
 * after each input (its issues come before it), `end` with the totals. Whatever it wraps (a JSON document, JUnit XML)
 * is complete once `end` is written, also for a run cut short by a signal.
 */
export interface StreamingReport {
  begin(schema: SchemaSummary): string;
  issue(issue: ValidationIssue): string;
  file(file: FileReport): string;
  end(run: ValidationRun): Report;
}

export type Reporter = (options: ReportOptions) => StreamingReport;

/** The whole report of a finished run whose issues it holds (the library's way, and the tests'). */
export function reportRun(reporter: Reporter, run: ValidationRun, options: ReportOptions): Report {
  const stream = reporter(options);
  let text = stream.begin(run.schema);
  let next = 0;
  for (const file of run.files) {
    while (next < run.issues.length && run.issues[next]!.file === file.file) text += stream.issue(run.issues[next++]!);
    text += stream.file(file);
  }
  for (; next < run.issues.length; next++) text += stream.issue(run.issues[next]!);
  const end = stream.end(run);
  return { ...end, stdout: text + end.stdout };
}

export function count(value: number, noun: string): string {
  return `${value.toLocaleString("en-US")} ${noun}${value === 1 ? "" : "s"}`;
}

export function schemaName(run: Pick<ValidationRun, "schema">): string {
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
  if (run.interrupted) sentence += `; interrupted by ${run.interrupted}: counts cover what was read until then`;
  return sentence;
}

/** The line that says some issues were counted but not listed. */
export function omittedNote(run: ValidationRun): string | undefined {
  const omitted = run.totals.issues - run.totals.shown;
  return omitted > 0 ? `${count(omitted, "more error")} not shown (raise --max-errors, or 0 for all)` : undefined;
}
