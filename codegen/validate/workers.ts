// Large NDJSON files split across worker threads: byte ranges that start at line starts, scanned by workers that
// load the same validator, merged back in file order. Line numbers, document numbers, the kept issues and their
// order come out exactly as one sequential scan gives them.

import { existsSync } from "node:fs";
import { open } from "node:fs/promises";
import { Worker } from "node:worker_threads";
import { emptyTally, type Tally } from "./results.js";
import type { ValidatorSpec } from "./schema-ref.js";

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
const RANGE_BYTES = 48 * 1024 * 1024;
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

/** A fixed number of workers taking range tasks in submission order; started on first use. */
export class WorkerPool {
  private readonly size: number;
  private readonly spec: ValidatorSpec;
  private readonly idle: Worker[] = [];
  private readonly running = new Map<Worker, Job>();
  private readonly queue: Job[] = [];
  private workers: Worker[] = [];
  private nextId = 0;
  private failure: Error | undefined;

  constructor(size: number, spec: ValidatorSpec) {
    this.size = size;
    this.spec = spec;
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
    for (const [worker, job] of this.running) if (job.id > id) worker.postMessage({ type: "cancel", id: job.id } satisfies ToWorker);
  }

  async close(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private start(): void {
    if (this.workers.length > 0 || this.failure) return;
    const entry = workerEntry();
    for (let index = 0; index < this.size; index++) {
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
      const worker = this.idle.shift()!;
      const job = this.queue.shift()!;
      this.running.set(worker, job);
      worker.ref();
      worker.postMessage({ type: "scan", id: job.id, ...job.task } satisfies ToWorker);
    }
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
    this.running.delete(worker);
    worker.unref();
    this.idle.push(worker);
    job.resolve(message.tally);
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
