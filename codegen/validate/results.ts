// What a validation run finds, as plain values: one issue per failed document or unreadable input, a tally per
// file, and the totals the reporters and the exit code are computed from.

import { MESSAGES, type Diagnostic, type DiagnosticCode } from "../diagnostics.js";
import type { InputFormat } from "./inputs.js";

/** invalid: parsed but fails the schema; malformed: not JSON/YAML; unreadable: the input could not be read. */
export type IssueKind = "invalid" | "malformed" | "unreadable";

export interface ValidationIssue extends Diagnostic {
  kind: IssueKind;
  file: string;
  line: number;
  column: number;
  /** 1-based index of the document in its file; absent when the failure concerns the whole input. */
  document?: number;
  /** Ajv's first error, for invalid documents. `pointer` holds its instancePath. */
  keyword?: string;
  schemaPath?: string;
  params?: Record<string, unknown>;
}

export interface Tally {
  /** Lines seen, blank ones included (NDJSON only; line numbers of later byte ranges start after them). */
  lines: number;
  documents: number;
  valid: number;
  invalid: number;
  malformed: number;
  /** Every issue found, including those beyond the kept ones. */
  issueCount: number;
  /** The first issues, at most as many as the run keeps, in document order (drained as they are written out). */
  issues: ValidationIssue[];
  /** How many issues were kept in all, drained ones included. */
  kept: number;
  /** True when reading stopped at an issue (fail-fast) or was cancelled. */
  stopped: boolean;
  /** True when reading failed part way; the issue says where. */
  unreadable: boolean;
  /** A range scanned ahead stopped at its `overflowAfter`th kept issue: its thread scans it again when its turn comes. */
  overflowed?: boolean;
}

export interface FileReport {
  file: string;
  /** Absent for an input that named nothing. */
  format?: InputFormat;
  documents: number;
  valid: number;
  invalid: number;
  malformed: number;
  /** True when (part of) the input could not be read; its documents may be incomplete. */
  unreadable: boolean;
}

export interface SchemaSummary {
  /** As the user named it. */
  ref: string;
  id: string;
  /** Type name from the manifest, when the schema is a bundled one. */
  type?: string;
  /** "precompiled": the generated validator module; "compiled": Ajv at run time. */
  validator: "precompiled" | "compiled";
}

export interface ValidationRun {
  schema: SchemaSummary;
  files: FileReport[];
  /** The first `maxErrors` issues in input order. */
  issues: ValidationIssue[];
  totals: {
    files: number;
    documents: number;
    valid: number;
    invalid: number;
    malformed: number;
    unreadable: number;
    /** All issues found, shown or not. */
    issues: number;
    /** Issues reported in detail: `issues` holds them, unless they were written out as they were found. */
    shown: number;
  };
  /** Problems that do not fail the run, e.g. an NDJSON file with no documents. */
  warnings: ValidationIssue[];
  /** True when --fail-fast stopped the run before every input was read. */
  stoppedEarly: boolean;
  /** The signal that cut the run short; its counts are what was read until then. */
  interrupted?: "SIGINT" | "SIGTERM";
}

export function emptyTally(): Tally {
  return { lines: 0, documents: 0, valid: 0, invalid: 0, malformed: 0, issueCount: 0, issues: [], kept: 0, stopped: false, unreadable: false };
}

export function kindOf(code: DiagnosticCode): IssueKind {
  if (code === "document-invalid" || code === "document-too-deep" || code === "validator-threw") return "invalid";
  if (code === "json-malformed" || code === "yaml-malformed" || code === "utf8-invalid" || code === "line-too-long" || code === "file-empty") {
    return "malformed";
  }
  return "unreadable";
}

/** An issue about a whole input (missing, unreadable, changed while read): reported at its first line. */
export function inputIssue<C extends DiagnosticCode>(
  file: string,
  code: C,
  ...args: Parameters<(typeof MESSAGES)[C]>
): ValidationIssue {
  const template = MESSAGES[code] as (...values: unknown[]) => string;
  return { code, kind: kindOf(code), severity: "error", file, line: 1, column: 1, message: template(...args) };
}

/**
 * Counts an issue, keeps it while fewer than `keep` are kept (made only then), and stops with failFast. Past
 * `overflowAfter` kept issues, the scan stops instead, marked overflowed.
 */
export function recordIssue(tally: Tally, keep: number, failFast: boolean, make: () => ValidationIssue, overflowAfter = Number.POSITIVE_INFINITY): void {
  if (tally.kept >= overflowAfter && tally.kept < keep) {
    tally.overflowed = true;
    tally.stopped = true;
    return;
  }
  tally.issueCount++;
  if (tally.kept < keep) {
    tally.kept++;
    tally.issues.push(make());
  }
  if (failFast) tally.stopped = true;
}
