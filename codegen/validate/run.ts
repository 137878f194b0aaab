// `schemagen validate` as a library call: resolve the schema, expand the inputs, validate every document, and
// return what was found. Prints nothing; the CLI reports and picks the exit code.
//
// Inputs are validated in the order given. NDJSON files of at least `workerThreshold` bytes are split into byte
// ranges for worker threads when more than one worker is allowed; everything else runs in this thread.

import { stat } from "node:fs/promises";
import os from "node:os";
import { expandInputs, type InputEntry, type InputFormat, type InputSource } from "./inputs.js";
import { validateJsonDocument, type DocumentOptions } from "./json-document.js";
import { scanNdjson } from "./ndjson.js";
import { readChunks } from "./read.js";
import { emptyTally, inputIssue, type FileReport, type Tally, type ValidationIssue, type ValidationRun } from "./results.js";
import { resolveSchema, type SchemaRefOptions } from "./schema-ref.js";
import { WorkerPool, splitIntoRanges, type FileScan } from "./workers.js";
import type { Validator } from "./verdict.js";

export interface ValidateOptions extends SchemaRefOptions {
  /** `--schema`: a $id, a type name, or a schema file. */
  schema: string;
  /** Files, folders, globs, and "-" for standard input. */
  inputs: string[];
  inputFormat?: InputFormat;
  /** How many issues to keep in detail; 0 keeps all. Every issue is counted either way. */
  maxErrors: number;
  /** Stop at the first invalid or malformed document. */
  failFast: boolean;
  /** Threads for large NDJSON files; 1 validates everything in this thread. */
  workers: number;
  /** Standard input, for "-"; process.stdin when absent. */
  stdin?: AsyncIterable<Buffer>;
  onProgress?: (progress: Progress) => void;
  /** NDJSON files at least this large go to workers. */
  workerThreshold?: number;
  maxLineBytes?: number;
  /** The largest .json or YAML file read whole (`--max-document-bytes`); 256 MiB when absent. */
  maxDocumentBytes?: number;
  /**
   * Receives each kept issue as soon as it is found, in input order; the run then holds none of them, so memory stays
   * flat however many there are. A promise returned holds reading until it settles (a slow output).
   */
  onIssue?: (issue: ValidationIssue) => Promise<void> | void;
  /** Called once the schema is resolved, before the first issue. */
  onSchema?: (schema: ValidationRun["schema"]) => void;
  /** Called as each input is done, in order, after its issues. */
  onFile?: (file: FileReport) => void;
  /** Aborting stops reading at the next chunk; the run returns what it found, marked interrupted. */
  signal?: AbortSignal;
}

/** One JSON or YAML document is parsed whole; past this it would hold gigabytes (a stray /dev/zero, say). */
export const MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;

export interface Progress {
  documents: number;
  bytes: number;
}

export const DEFAULT_MAX_ERRORS = 1000;
/** Below this, starting workers (about 0.2 s each, tsx included) costs more than it saves. */
export const WORKER_THRESHOLD = 32 * 1024 * 1024;

export function defaultWorkers(): number {
  return os.availableParallelism();
}

export async function validateInputs(options: ValidateOptions): Promise<ValidationRun> {
  const schema = await resolveSchema(options.schema, options);
  options.onSchema?.(schema.summary);
  const entries = await expandInputs(options.inputs, { cwd: options.cwd, inputFormat: options.inputFormat });
  const parallel = await planParallelFiles(entries, options);
  // Worker threads boot (about 0.1 s each) while this thread loads its own validator.
  const loading = schema.load();
  const pool = parallel.size > 0 ? new WorkerPool(options.workers, schema.spec, loading) : undefined;
  pool?.start();
  try {
    const keepIssues = options.maxErrors > 0 ? options.maxErrors : Number.POSITIVE_INFINITY;
    const progress: Progress = { documents: 0, bytes: 0 };
    const advance = (bytes: number, documents: number) => {
      progress.bytes += bytes;
      progress.documents += documents;
      options.onProgress?.(progress);
    };
    const issues: ValidationIssue[] = [];
    let shown = 0;
    /** Hands the tally's kept issues on (or keeps them for the run) and empties it. */
    const drain = (tally: Tally): Promise<void> | undefined => {
      let pressure: Promise<void> | void = undefined;
      for (const issue of tally.issues) {
        if (shown >= keepIssues) break;
        shown++;
        if (options.onIssue) pressure = options.onIssue(issue) ?? pressure;
        else issues.push(issue);
      }
      tally.issues = [];
      return pressure ?? undefined;
    };
    const context: FileContext = { options, validate: await loading, advance, drain, budget: () => keepIssues - shown };

    const files: FileReport[] = [];
    const tallies: Tally[] = [];
    let stoppedEarly = false;
    for (const [index, entry] of entries.entries()) {
      if (options.signal?.aborted) break;
      let tally: Tally;
      if ("issue" in entry) tally = issueTally(entry.issue);
      else if (parallel.has(index)) {
        tally = await pool!.scanFile(planFileScan(entry.source, parallel.get(index)!, context), advance, { merged: drain, signal: options.signal });
      } else tally = await validateInline(entry.source, context);
      await drain(tally);
      const report = fileReport(entry, tally);
      files.push(report);
      tallies.push(tally);
      options.onFile?.(report);
      if (options.failFast && tally.issueCount > 0) {
        stoppedEarly = index < entries.length - 1 || tally.stopped;
        break;
      }
    }
    const run = assemble(schema.summary, files, tallies, entries, issues, shown, stoppedEarly);
    const reason = options.signal?.aborted ? options.signal.reason : undefined;
    if (reason === "SIGINT" || reason === "SIGTERM") run.interrupted = reason;
    return run;
  } finally {
    await pool?.close();
  }
}

interface FileContext {
  options: ValidateOptions;
  validate: Validator;
  advance: (bytes: number, documents: number) => void;
  drain: (tally: Tally) => Promise<void> | undefined;
  /** Issues the run still shows in detail; a file keeps no more. */
  budget: () => number;
}

async function planParallelFiles(entries: InputEntry[], options: ValidateOptions): Promise<Map<number, number>> {
  const parallel = new Map<number, number>();
  if (options.workers <= 1) return parallel;
  const threshold = options.workerThreshold ?? WORKER_THRESHOLD;
  for (const [index, entry] of entries.entries()) {
    if (!("source" in entry) || entry.source.format !== "ndjson" || !entry.source.path) continue;
    const found = await stat(entry.source.path).catch(() => undefined);
    if (found?.isFile() && found.size >= threshold) parallel.set(index, found.size);
  }
  return parallel;
}

async function validateInline(source: InputSource, context: FileContext): Promise<Tally> {
  const { options, validate } = context;
  const base = { file: source.name, validate, keepIssues: context.budget(), failFast: options.failFast };
  if (source.format === "ndjson") {
    const chunks = untilAborted(source.path ? readChunks(source.path) : (options.stdin ?? process.stdin), options.signal);
    const onChunk = (bytes: number, documents: number, tally: Tally) => {
      context.advance(bytes, documents);
      return context.drain(tally);
    };
    return scanNdjson(chunks, { ...base, atFileStart: true, maxLineBytes: options.maxLineBytes }, { onChunk, shouldStop: () => options.signal?.aborted === true });
  }
  let bytes: Buffer | undefined;
  const limit = options.maxDocumentBytes ?? MAX_DOCUMENT_BYTES;
  try {
    bytes = await readCapped(untilAborted(source.path ? readChunks(source.path) : (options.stdin ?? process.stdin), options.signal), limit);
  } catch (error) {
    return issueTally(inputIssue(source.name, "file-unreadable", (error as Error).message));
  }
  if (bytes === undefined) return issueTally(inputIssue(source.name, "input-too-large", limit));
  // The yaml package takes about 50 ms to load; runs without YAML inputs never load it.
  const validateWhole = source.format === "json" ? validateJsonDocument : (await import("./yaml-documents.js")).validateYamlDocuments;
  const tally = decodeWhole(validateWhole, bytes, base);
  context.advance(bytes.length, tally.documents);
  return tally;
}

function decodeWhole(validateWhole: (bytes: Buffer, options: DocumentOptions) => Tally, bytes: Buffer, options: DocumentOptions): Tally {
  try {
    return validateWhole(bytes, options);
  } catch (error) {
    // V8 cannot hold the file as one string (about 512 MiB).
    if ((error as { code?: string }).code === "ERR_STRING_TOO_LONG") return issueTally(inputIssue(options.file, "input-too-large", bytes.length - 1));
    throw error;
  }
}

/** The chunks until the signal aborts, which ends the iteration at once even while a read waits (an open stdin). */
async function* untilAborted(chunks: AsyncIterable<Buffer>, signal: AbortSignal | undefined): AsyncGenerator<Buffer> {
  if (!signal) {
    yield* chunks;
    return;
  }
  const iterator = chunks[Symbol.asyncIterator]();
  const aborted = new Promise<"aborted">((resolve) => {
    if (signal.aborted) resolve("aborted");
    signal.addEventListener("abort", () => resolve("aborted"), { once: true });
  });
  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), aborted]);
      if (next === "aborted" || next.done) return;
      yield next.value;
    }
  } finally {
    void iterator.return?.()?.catch(() => undefined);
  }
}

/** The whole input, or undefined as soon as it passes `limit` bytes (reading stops there). */
async function readCapped(chunks: AsyncIterable<Buffer>, limit: number): Promise<Buffer | undefined> {
  const parts: Buffer[] = [];
  let total = 0;
  for await (const chunk of chunks) {
    total += chunk.length;
    if (total > limit) return undefined;
    // readChunks reuses its buffers: keep a copy.
    parts.push(Buffer.from(chunk));
  }
  return Buffer.concat(parts, total);
}

function planFileScan(source: InputSource, size: number, context: FileContext): FileScan {
  const { options } = context;
  const ranges = splitIntoRanges(source.path!, size, options.workers);
  return { file: source.path!, name: source.name, ranges, keepIssues: context.budget(), failFast: options.failFast, maxLineBytes: options.maxLineBytes };
}

function issueTally(issue: ValidationIssue): Tally {
  return { ...emptyTally(), issueCount: 1, issues: [issue], kept: 1, unreadable: issue.kind === "unreadable" };
}

function fileReport(entry: InputEntry, tally: Tally): FileReport {
  const { documents, valid, invalid, malformed, unreadable } = tally;
  const name = "source" in entry ? entry.source.name : entry.issue.file;
  return { file: name, ...("source" in entry ? { format: entry.source.format } : {}), documents, valid, invalid, malformed, unreadable };
}

function assemble(
  schema: ValidationRun["schema"],
  files: FileReport[],
  tallies: Tally[],
  entries: InputEntry[],
  issues: ValidationIssue[],
  shown: number,
  stoppedEarly: boolean,
): ValidationRun {
  const warnings: ValidationIssue[] = [];
  for (const [index, tally] of tallies.entries()) {
    const entry = entries[index]!;
    if ("source" in entry && entry.source.format !== "json" && tally.issueCount === 0 && tally.documents === 0 && !tally.stopped) {
      warnings.push({ ...inputIssue(entry.source.name, "file-no-documents"), severity: "warning", kind: "malformed" });
    }
  }
  const sum = (key: "documents" | "valid" | "invalid" | "malformed") => files.reduce((total, file) => total + file[key], 0);
  return {
    schema,
    files,
    issues,
    totals: {
      files: files.length,
      documents: sum("documents"),
      valid: sum("valid"),
      invalid: sum("invalid"),
      malformed: sum("malformed"),
      unreadable: files.filter((file) => file.unreadable).length,
      issues: tallies.reduce((total, tally) => total + tally.issueCount, 0),
      shown,
    },
    warnings,
    stoppedEarly,
  };
}
