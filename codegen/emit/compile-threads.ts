// A large folder's validator compiles (one per compile unit, first-error and all-errors) are shared between worker
// threads and the main thread, which joins once its types are done. The threads start as soon as the folder is
// indexed, with the index by structured clone (which keeps own `__proto__` keys as data), and load their code while
// the main thread checks and names the schemas; then they get the compiles and claim the next one from a counter
// they all share, so no thread waits while compiles are left; module pieces come back by message.

import { existsSync } from "node:fs";
import { Worker } from "node:worker_threads";
import type { SchemaIndex } from "../model/resources.js";
import type { CompileUnit, UnitPieces, ValidatorRoot } from "./validators.js";

export interface CompileJob {
  unit: CompileUnit;
  allErrors: boolean;
}

/** What a thread gets when it starts (workerData). */
export interface ThreadStart {
  index: SchemaIndex;
}

/** What a thread gets once the schemas are checked and named (its one message). */
export interface ThreadSetup {
  /** Roots by name and position in index.files; a thread finds each file in its copy of the index. */
  roots: { name: string; file: number }[];
  jobs: CompileJob[];
  /** Positions in `jobs`, in the order they are claimed. */
  order: number[];
  /** One Int32: how many of `order` have been claimed. */
  claimed: SharedArrayBuffer;
}

export type JobReply = { at: number; pieces: UnitPieces } | { error: string; stack?: string };

/** The next job to compile, by position in `jobs`, or undefined when every one is claimed. */
export function claimJob(claimed: Int32Array, order: number[]): number | undefined {
  const next = Atomics.add(claimed, 0, 1);
  return next < order.length ? order[next] : undefined;
}

/**
 * Built (dist/, scripts/build-schemagen.ts), a thread runs compile-worker.js beside this code; from source (tests,
 * tsx), compile-worker.mjs registers tsx first.
 */
function workerEntry(): URL {
  const bundled = new URL("./compile-worker.js", import.meta.url);
  return existsSync(bundled) ? bundled : new URL("./compile-worker.mjs", import.meta.url);
}

export interface CompilePool {
  /** Compiles every job no thread has claimed, here; then waits for the threads. Gives the pieces by job. */
  finish(compileHere: (job: CompileJob) => UnitPieces): Promise<UnitPieces[]>;
  /** Stops the threads: the caller failed and will not call finish. */
  cancel(): void;
}

/** Threads started on an index ahead of their compiles; `stop` ends them when there will be none. */
export interface CompileThreads {
  index: SchemaIndex;
  workers: Worker[];
  /** Why a thread ended before it got its compiles (an error while it loaded, an exit). */
  ended: Map<Worker, Error>;
  stop(): void;
}

export function startCompileThreads(index: SchemaIndex, threads: number): CompileThreads {
  const start: ThreadStart = { index };
  const ended = new Map<Worker, Error>();
  const workers = Array.from({ length: threads }, () => {
    const worker = new Worker(workerEntry(), { workerData: start });
    worker.once("error", (error) => ended.set(worker, error));
    worker.once("exit", (code) => ended.has(worker) || ended.set(worker, new Error(`internal: a validator compile thread exited with code ${code} before its compiles`)));
    return worker;
  });
  return { index, workers, ended, stop: () => workers.forEach((worker) => void worker.terminate()) };
}

/**
 * Shares `jobs` between this thread (finish) and `threads`, started on the same index (none: this thread alone).
 * Threads beyond what the jobs need are stopped.
 */
export function startCompilePool(jobs: CompileJob[], order: number[], roots: ValidatorRoot[], index: SchemaIndex, threads: CompileThreads | undefined): CompilePool {
  const claimed = new Int32Array(new SharedArrayBuffer(4));
  const results: UnitPieces[] = new Array(jobs.length);
  let done = 0;
  let settle: { resolve: () => void; reject: (error: Error) => void } | undefined;
  let failure: Error | undefined;
  const workers: Worker[] = [];
  let running = 0;
  let hereDone = false;
  const check = () => {
    if (!settle) return;
    if (failure) settle.reject(failure);
    else if (done === jobs.length) settle.resolve();
    else if (hereDone && running === 0) settle.reject(new Error(`internal: validator compile threads ended with ${jobs.length - done} compiles unreplied`));
  };
  const fail = (error: Error) => {
    if (failure) return;
    failure = error;
    Atomics.store(claimed, 0, order.length);
    for (const worker of workers) void worker.terminate();
    check();
  };
  if (threads && threads.index !== index) throw new Error("internal: compile threads started on another index");
  // A thread for each job beyond the one this thread surely takes.
  const used = threads?.workers.slice(0, Math.max(0, jobs.length - 1)) ?? [];
  for (const idle of threads?.workers.slice(used.length) ?? []) void idle.terminate();
  if (used.length > 0) {
    const positions = new Map(index.files.map((resource, position) => [resource, position]));
    const setup: ThreadSetup = { roots: roots.map((named) => ({ name: named.name, file: positions.get(named.resource)! })), jobs, order, claimed: claimed.buffer as SharedArrayBuffer };
    for (const worker of used) {
      const early = threads!.ended.get(worker);
      if (early) {
        threads!.stop();
        fail(early);
        break;
      }
      worker.postMessage(setup);
      workers.push(worker);
      running++;
      worker.on("message", (reply: JobReply) => {
        if ("error" in reply) return fail(Object.assign(new Error(reply.error), { stack: reply.stack }));
        results[reply.at] = reply.pieces;
        done++;
        check();
      });
      worker.once("error", fail);
      worker.once("exit", (code) => {
        running--;
        if (code !== 0) fail(new Error(`internal: a validator compile thread exited with code ${code}`));
        else check();
      });
    }
  }
  return {
    finish(compileHere) {
      try {
        for (let at = claimJob(claimed, order); at !== undefined; at = claimJob(claimed, order)) {
          results[at] = compileHere(jobs[at]!);
          done++;
        }
      } catch (error) {
        fail(error as Error);
        return Promise.reject(error as Error);
      }
      hereDone = true;
      return new Promise<UnitPieces[]>((resolve, reject) => {
        settle = { resolve: () => resolve(results), reject };
        check();
      });
    },
    cancel() {
      fail(new Error("internal: validator compiles cancelled"));
    },
  };
}
