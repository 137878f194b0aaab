// Large NDJSON files split across threads: byte ranges that start at line starts, scanned by the main thread and
// by worker threads that load the same validator, merged back in file order. Line numbers, document numbers, the
// kept issues and their order come out exactly as one sequential scan gives them.
//
// Threads claim ranges from a counter in shared memory rather than waiting to be handed one: a thread that
// finishes a range starts the next at once, even while the main thread is busy scanning, and ranges shrink
// toward the end of the file so that the threads finish together.

import { closeSync, existsSync, openSync, readSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { scanNdjson, type ScanHooks } from "./ndjson.js";
import { readChunksInTurns, CHUNK_BYTES } from "./read.js";
import { emptyTally, type Tally } from "./results.js";
import type { ValidatorSpec } from "./schema-ref.js";
import type { Validator } from "./verdict.js";

export interface ByteRange {
  start: number;
  end: number;
}

/** One file to scan in ranges. */
export interface FileScan {
  file: string;
  /** The name issues carry. */
  name: string;
  ranges: ByteRange[];
  keepIssues: number;
  failFast: boolean;
  maxLineBytes?: number;
}

/**
 * A range keeps at most this many issues while it waits for its turn to be merged; past it, it stops and the main
 * thread scans it again at its turn, handing its issues on as it goes. Memory stays bounded however dense the errors.
 */
export const ISSUES_PER_RANGE = 10_000;

/**
 * Shared by every thread scanning a file: [0] the next range to claim, [1] the last range still wanted (lowered
 * when a range stops the scan under --fail-fast).
 */
type Claims = Int32Array;
const NEXT = 0;
const LAST_WANTED = 1;

export type ToWorker = { type: "scan"; scanId: number; scan: FileScan; claims: SharedArrayBuffer };
export type FromWorker =
  | { type: "progress"; scanId: number; bytes: number; documents: number }
  | { type: "range"; scanId: number; index: number; tally: Tally }
  | { type: "fatal"; message: string };

/**
 * Built (dist/, scripts/build-schemagen.ts), the worker is validate-worker.js beside this code; from source (tests,
 * tsx), worker.mjs registers tsx first, which adds about 0.4 s per worker.
 */
function workerEntry(): URL {
  const bundled = new URL("./validate-worker.js", import.meta.url);
  return existsSync(bundled) ? bundled : new URL("./worker.mjs", import.meta.url);
}

/** The largest range: one thread scans it in about 0.1 s. The smallest is one read. */
const MAX_RANGE_BYTES = 16 * 1024 * 1024;
const MIN_RANGE_BYTES = CHUNK_BYTES;
const PROBE_BYTES = 64 * 1024;

/**
 * Range boundaries, each starting a line: a quarter of what is left per thread, between MIN_RANGE_BYTES and
 * MAX_RANGE_BYTES (so the last ranges are small and threads finish together), and at least two per thread.
 */
export function splitIntoRanges(file: string, size: number, threads: number): ByteRange[] {
  const smallest = Math.max(1, Math.min(MIN_RANGE_BYTES, Math.floor(size / (threads * 2))));
  const starts = [0];
  // Read synchronously: dozens of small reads, each of which would otherwise wait its turn in libuv's pool.
  const fd = openSync(file, "r");
  try {
    const probe = Buffer.allocUnsafe(PROBE_BYTES);
    let position = 0;
    for (;;) {
      const piece = Math.min(MAX_RANGE_BYTES, Math.max(smallest, Math.ceil((size - position) / (threads * 4))));
      position = Math.max(position + piece, starts[starts.length - 1]!);
      let start: number | undefined;
      while (start === undefined && position < size) {
        const bytesRead = readSync(fd, probe, 0, PROBE_BYTES, position);
        if (bytesRead === 0) break;
        const newline = probe.subarray(0, bytesRead).indexOf(10);
        if (newline === -1) position += bytesRead;
        else start = position + newline + 1;
      }
      if (start === undefined || start >= size) break;
      starts.push(start);
      position = start;
    }
  } finally {
    closeSync(fd);
  }
  return starts.map((start, index) => ({ start, end: starts[index + 1] ?? size }));
}

/** Scans one range with a validator and a read buffer: what a worker thread does, and the main thread too. */
function scanRange(scan: FileScan, range: ByteRange, validate: Validator, buffer: Buffer, hooks: ScanHooks, overflowAfter?: number): Promise<Tally> {
  return scanNdjson(
    readChunksInTurns(scan.file, range, buffer),
    { file: scan.name, validate, keepIssues: scan.keepIssues, failFast: scan.failFast, atFileStart: range.start === 0, maxLineBytes: scan.maxLineBytes, overflowAfter },
    hooks,
  );
}

/**
 * Claims and scans ranges of one file until none is left; each tally goes to `done` with its range's index. The
 * loop in every thread, worker or main.
 */
export async function scanClaimedRanges(
  scan: FileScan,
  claims: Claims,
  validate: Validator,
  buffer: Buffer,
  report: { progress: (bytes: number, documents: number) => void; done: (index: number, tally: Tally) => void },
): Promise<void> {
  for (;;) {
    const index = Atomics.add(claims, NEXT, 1);
    if (index >= scan.ranges.length || index > Atomics.load(claims, LAST_WANTED)) return;
    const hooks = { onChunk: report.progress, shouldStop: () => index > Atomics.load(claims, LAST_WANTED) };
    const tally = await scanRange(scan, scan.ranges[index]!, validate, buffer, hooks, ISSUES_PER_RANGE);
    // Scanned again at its turn: what it kept would only wait in memory.
    if (tally.overflowed) tally.issues = [];
    report.done(index, tally);
  }
}

export interface MergeHooks {
  /** After each range is merged, in file order: the issues merged so far can be drained. */
  merged?: (merged: Tally) => Promise<void> | void;
  /** Stops every range at its next chunk. */
  signal?: AbortSignal;
}

/** A file being scanned: the tally of each range as it arrives. */
interface ActiveScan {
  scan: FileScan;
  claims: Claims;
  results: Deferred<Tally>[];
  onProgress: (bytes: number, documents: number) => void;
}

/**
 * `size` threads scanning files in ranges: the main thread (when it brings its validator; it would otherwise
 * wait idle for the merge) and worker threads for the rest, started on first use.
 */
export class WorkerPool {
  private readonly size: number;
  private readonly spec: ValidatorSpec;
  private readonly here: { validate: Promise<Validator>; buffer: Buffer; queue: Promise<void> } | undefined;
  private readonly scans = new Map<number, ActiveScan>();
  private workers: Worker[] = [];
  private started = false;
  private nextScanId = 0;
  private failure: Error | undefined;
  private rescanBuffer: Buffer | undefined;

  constructor(size: number, spec: ValidatorSpec, mainThreadValidator?: Promise<Validator>) {
    this.size = size;
    this.spec = spec;
    if (mainThreadValidator) this.here = { validate: mainThreadValidator, buffer: Buffer.allocUnsafe(CHUNK_BYTES), queue: Promise.resolve() };
  }

  /**
   * Scans a file in ranges and merges them in order, offsetting lines and documents by the ranges before. Files
   * are scanned in the order they are submitted. A range that stops (--fail-fast) ends the scan there.
   */
  async scanFile(scan: FileScan, onProgress: (bytes: number, documents: number) => void, hooks: MergeHooks = {}): Promise<Tally> {
    if (this.failure) throw this.failure;
    const scanId = this.nextScanId++;
    const shared = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
    const claims = new Int32Array(shared);
    claims[LAST_WANTED] = scan.ranges.length - 1;
    const results = scan.ranges.map(() => deferred<Tally>());
    this.scans.set(scanId, { scan, claims, results, onProgress });
    this.start();
    for (const worker of this.workers) {
      worker.ref();
      worker.postMessage({ type: "scan", scanId, scan, claims: shared } satisfies ToWorker);
    }
    if (this.here) this.scanHere(scanId);
    // Every range stops at its next chunk; the first one's partial tally ends the merge below.
    const stop = () => Atomics.store(claims, LAST_WANTED, -1);
    hooks.signal?.addEventListener("abort", stop);
    if (hooks.signal?.aborted) stop();

    const merged = emptyTally();
    try {
      for (const [index, result] of results.entries()) {
        let tally = await result.promise;
        if (tally.overflowed) tally = await this.scanAgain(scan, index, merged, hooks);
        else mergeRange(merged, tally, scan.keepIssues);
        await hooks.merged?.(merged);
        if (tally.stopped) {
          merged.stopped = true;
          Atomics.store(claims, LAST_WANTED, index);
          for (const later of results.slice(index + 1)) later.resolve({ ...emptyTally(), stopped: true });
          break;
        }
      }
    } finally {
      hooks.signal?.removeEventListener("abort", stop);
      this.scans.delete(scanId);
      if (this.scans.size === 0) for (const worker of this.workers) worker.unref();
    }
    return merged;
  }

  /** Scans an overflowed range in this thread at its turn, moving its issues into `merged` chunk by chunk. */
  private async scanAgain(scan: FileScan, index: number, merged: Tally, hooks: MergeHooks): Promise<Tally> {
    const validate = await this.here!.validate;
    this.rescanBuffer ??= Buffer.allocUnsafe(CHUNK_BYTES);
    const base = { lines: merged.lines, documents: merged.documents };
    const move = (tally: Tally) => {
      addIssues(merged, tally.issues, base, scan.keepIssues);
      tally.issues = [];
      return hooks.merged?.(merged);
    };
    const tally = await scanRange(scan, scan.ranges[index]!, validate, this.rescanBuffer, {
      onChunk: (_bytes, _documents, tally) => move(tally),
      shouldStop: () => hooks.signal?.aborted === true,
    });
    await move(tally);
    mergeRange(merged, tally, scan.keepIssues);
    return tally;
  }

  async close(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  /** Starts the worker threads now rather than at the first scan. */
  start(): void {
    if (this.started) return;
    this.started = true;
    const entry = workerEntry();
    for (let index = this.here ? 1 : 0; index < this.size; index++) {
      const worker = new Worker(entry, { workerData: { spec: this.spec } });
      worker.on("message", (message: FromWorker) => this.receive(message));
      worker.on("error", (error) => this.fail(error));
      worker.on("exit", (code) => {
        if (this.workers.includes(worker)) this.fail(new Error(`validate worker exited with code ${code}`));
      });
      this.workers.push(worker);
    }
  }

  /** The main thread's share of a scan, after the scans submitted before it. */
  private scanHere(scanId: number): void {
    const here = this.here!;
    const active = this.scans.get(scanId)!;
    here.queue = here.queue.then(async () => {
      try {
        await scanClaimedRanges(active.scan, active.claims, await here.validate, here.buffer, {
          progress: active.onProgress,
          done: (index, tally) => active.results[index]!.resolve(tally),
        });
      } catch (error) {
        this.fail(error as Error);
      }
    });
  }

  private receive(message: FromWorker): void {
    if (message.type === "fatal") {
      this.fail(new Error(message.message));
      return;
    }
    const active = this.scans.get(message.scanId);
    if (!active) return;
    if (message.type === "progress") active.onProgress(message.bytes, message.documents);
    else active.results[message.index]!.resolve(message.tally);
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    for (const active of this.scans.values()) for (const result of active.results) result.reject(error);
    void this.close();
  }
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: Error) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((settle, fail) => {
    resolve = settle;
    reject = fail;
  });
  return { promise, resolve, reject };
}

/** Issues of a range, numbered from the file's start: `base` is what the ranges before it held. */
function addIssues(merged: Tally, issues: Tally["issues"], base: { lines: number; documents: number }, keepIssues: number): void {
  for (const issue of issues) {
    if (merged.kept >= keepIssues) break;
    merged.kept++;
    merged.issues.push({
      ...issue,
      line: issue.line + base.lines,
      ...(issue.document !== undefined ? { document: issue.document + base.documents } : {}),
    });
  }
}

function mergeRange(merged: Tally, tally: Tally, keepIssues: number): void {
  addIssues(merged, tally.issues, merged, keepIssues);
  merged.lines += tally.lines;
  merged.documents += tally.documents;
  merged.valid += tally.valid;
  merged.invalid += tally.invalid;
  merged.malformed += tally.malformed;
  merged.issueCount += tally.issueCount;
  merged.unreadable ||= tally.unreadable;
}
