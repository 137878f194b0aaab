// Large NDJSON files split across threads: byte ranges that start at line starts, scanned by the main thread and
// by worker threads that load the same validator, merged back in file order. Line numbers, document numbers, the
// kept issues and their order come out exactly as one sequential scan gives them.

import { existsSync } from "node:fs";
import { open } from "node:fs/promises";
import { Worker } from "node:worker_threads";
import { scanNdjson, type ScanHooks } from "./ndjson.js";
import { readBuffers, readChunks } from "./read.js";
import { emptyTally, type Tally } from "./results.js";
import type { ValidatorSpec } from "./schema-ref.js";
import type { Validator } from "./verdict.js";

/** What a worker scans: bytes [start, end) of a file. */
export interface RangeTask {
  file: string;
  name: string;
  start: number;
  end: number;
  keepIssues: number;
  failFast: boolean;
  maxLineBytes?: number;
}

export type ToWorker = ({ type: "scan"; id: number } & RangeTask) | { type: "cancel"; id: number };
export type FromWorker =
  | { type: "progress"; id: number; bytes: number; documents: number }
  | { type: "done"; id: number; tally: Tally }
  | { type: "fatal"; message: string };

/**
 * The CLI runs from an esbuild bundle (codegen/cli/bin.mjs) that holds the worker as validate-worker.js beside
 * this code; from source (tests, tsx), worker.mjs registers tsx first, which adds about 0.4 s per worker.
 */
function workerEntry(): URL {
  const bundled = new URL("./validate-worker.js", import.meta.url);
  return existsSync(bundled) ? bundled : new URL("./worker.mjs", import.meta.url);
}
/** Small enough that threads finish close together (the last range runs alone), large enough to cost nothing. */
const RANGE_BYTES = 16 * 1024 * 1024;
const PROBE_BYTES = 64 * 1024;

/** Range boundaries: each at most about RANGE_BYTES, at least two per worker, each starting a line. */
export async function splitIntoRanges(file: string, size: number, workers: number): Promise<{ start: number; end: number }[]> {
  const pieces = Math.max(workers * 2, Math.ceil(size / RANGE_BYTES));
  const starts = [0];
  const handle = await open(file, "r");
  try {
    const probe = Buffer.allocUnsafe(PROBE_BYTES);
    for (let piece = 1; piece < pieces; piece++) {
      let position = Math.max(Math.floor((size * piece) / pieces), starts[starts.length - 1]!);
      let start: number | undefined;
      while (start === undefined && position < size) {
        const { bytesRead } = await handle.read(probe, 0, PROBE_BYTES, position);
        if (bytesRead === 0) break;
        const newline = probe.subarray(0, bytesRead).indexOf(10);
        if (newline === -1) position += bytesRead;
        else start = position + newline + 1;
      }
      if (start === undefined || start >= size) break;
      if (start > starts[starts.length - 1]!) starts.push(start);
    }
  } finally {
    await handle.close();
  }
  return starts.map((start, index) => ({ start, end: starts[index + 1] ?? size }));
}

interface Job {
  id: number;
  task: RangeTask;
  onProgress: (bytes: number, documents: number) => void;
  resolve: (tally: Tally) => void;
  reject: (error: Error) => void;
}

/** Scans one range with a validator and a pair of read buffers: what a worker thread does, and the main thread too. */
export function scanRange(task: RangeTask, validate: Validator, buffers: [Buffer, Buffer], hooks: ScanHooks): Promise<Tally> {
  return scanNdjson(
    readChunks(task.file, { start: task.start, end: task.end }, buffers),
    { file: task.name, validate, keepIssues: task.keepIssues, failFast: task.failFast, atFileStart: task.start === 0, maxLineBytes: task.maxLineBytes },
    hooks,
  );
}

/** The main thread, as one of the pool's slots: it scans while the worker threads start. */
const HERE = "main thread";
type Slot = Worker | typeof HERE;

/**
 * `size` threads taking range tasks in submission order: the main thread (when it brings its validator) and
 * worker threads for the rest, started on first use. Since ranges are merged in order, the main thread is
 * otherwise idle; scanning in it saves starting one worker.
 */
export class WorkerPool {
  private readonly size: number;
  private readonly spec: ValidatorSpec;
  private readonly here: { validate: Validator; buffers: [Buffer, Buffer]; cancelled: Set<number> } | undefined;
  private readonly idle: Slot[] = [];
  private readonly running = new Map<Slot, Job>();
  private readonly queue: Job[] = [];
  private workers: Worker[] = [];
  private started = false;
  private nextId = 0;
  private failure: Error | undefined;

  constructor(size: number, spec: ValidatorSpec, mainThreadValidator?: Validator) {
    this.size = size;
    this.spec = spec;
    if (mainThreadValidator) this.here = { validate: mainThreadValidator, buffers: readBuffers(), cancelled: new Set() };
  }

  /** Resolves with the range's tally; its issue lines and documents count from the range start. */
  submit(task: RangeTask, onProgress: Job["onProgress"]): { id: number; done: Promise<Tally> } {
    const id = this.nextId++;
    const done = new Promise<Tally>((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.queue.push({ id, task, onProgress, resolve, reject });
    });
    this.start();
    this.dispatch();
    return { id, done };
  }

  /** Drops queued tasks and stops running ones whose id is above `id`; they resolve as stopped, empty tallies. */
  cancelAfter(id: number): void {
    for (let index = this.queue.length - 1; index >= 0; index--) {
      const job = this.queue[index]!;
      if (job.id > id) {
        this.queue.splice(index, 1);
        job.resolve({ ...emptyTally(), stopped: true });
      }
    }
    for (const [slot, job] of this.running) {
      if (job.id <= id) continue;
      if (slot === HERE) this.here!.cancelled.add(job.id);
      else slot.postMessage({ type: "cancel", id: job.id } satisfies ToWorker);
    }
  }

  async close(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private start(): void {
    if (this.started || this.failure) return;
    this.started = true;
    if (this.here) this.idle.push(HERE);
    const entry = workerEntry();
    for (let index = this.here ? 1 : 0; index < this.size; index++) {
      const worker = new Worker(entry, { workerData: { spec: this.spec } });
      worker.on("message", (message: FromWorker) => this.receive(worker, message));
      worker.on("error", (error) => this.fail(error));
      worker.on("exit", (code) => {
        if (this.workers.includes(worker)) this.fail(new Error(`validate worker exited with code ${code}`));
      });
      worker.unref();
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const slot = this.idle.shift()!;
      const job = this.queue.shift()!;
      this.running.set(slot, job);
      if (slot === HERE) {
        this.scanHere(job);
      } else {
        slot.ref();
        slot.postMessage({ type: "scan", id: job.id, ...job.task } satisfies ToWorker);
      }
    }
  }

  private scanHere(job: Job): void {
    const here = this.here!;
    const hooks: ScanHooks = { onChunk: job.onProgress, shouldStop: () => here.cancelled.has(job.id) };
    // Started from dispatch, which may run inside another job's completion: begin on a fresh turn.
    setImmediate(() => {
      scanRange(job.task, here.validate, here.buffers, hooks).then(
        (tally) => this.finish(HERE, job, tally),
        (error: Error) => this.fail(error),
      );
    });
  }

  private receive(worker: Worker, message: FromWorker): void {
    if (message.type === "fatal") {
      this.fail(new Error(message.message));
      return;
    }
    const job = this.running.get(worker);
    if (!job || job.id !== message.id) return;
    if (message.type === "progress") {
      job.onProgress(message.bytes, message.documents);
      return;
    }
    worker.unref();
    this.finish(worker, job, message.tally);
  }

  private finish(slot: Slot, job: Job, tally: Tally): void {
    if (this.running.get(slot) !== job) return;
    this.running.delete(slot);
    this.idle.push(slot);
    job.resolve(tally);
    this.dispatch();
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    for (const job of [...this.queue, ...this.running.values()]) job.reject(error);
    this.queue.length = 0;
    this.running.clear();
    void this.close();
  }
}
