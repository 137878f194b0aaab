// A large folder's validator compiles (one per compile unit, first-error and all-errors) are shared between worker
// threads and the main thread, which joins once its types are done. The threads start as soon as the folder is
// indexed, with the index (by structured clone, which keeps own `__proto__` keys as data) and the compile plan, and
// compile while the main thread checks and names the schemas: a compile needs no names (compileUnitPieces). Each
// thread claims the next compile from a counter they all share, so no thread waits while compiles are left; module
// pieces come back by message.

import { existsSync } from "node:fs";
import { Worker } from "node:worker_threads";
import type { SchemaIndex } from "../model/resources.js";
import type { WorkCache } from "../work-cache.js";
import type { CompilePlan, CompileUnit, UnitPieces } from "./validators.js";

export interface CompileJob {
  unit: CompileUnit;
  allErrors: boolean;
}

/** What a thread gets (workerData): a copy of the index, the compiles, and the counter of those claimed. */
export interface ThreadStart {
  index: SchemaIndex;
  jobs: CompileJob[];
  /** Positions in `jobs`, in the order they are claimed. */
  order: number[];
  /** One Int32: how many of `order` have been claimed. */
  claimed: SharedArrayBuffer;
  cache?: WorkCache;
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
  plan: CompilePlan;
  /** Compiles every job no thread has claimed, here; then waits for the threads. Gives the pieces by job. */
  finish(compileHere: (job: CompileJob) => UnitPieces): Promise<UnitPieces[]>;
  /** Stops the threads: the caller failed (the schemas did not pass the check) and will not call finish. */
  cancel(): void;
}

/**
 * Starts `threads` worker threads on the plan's compiles at once (no more than the jobs beyond the one this thread
 * surely takes; none: this thread alone, at finish).
 */
export function startCompilePool(plan: CompilePlan, index: SchemaIndex, threads: number): CompilePool {
  const { jobs, order } = plan;
  const claimed = new Int32Array(new SharedArrayBuffer(4));
  const results: UnitPieces[] = new Array(jobs.length);
  let done = 0;
  let settle: { resolve: () => void; reject: (error: Error) => void } | undefined;
  let failure: Error | undefined;
  let running = 0;
  let hereDone = false;
  const check = () => {
    if (!settle) return;
    if (failure) settle.reject(failure);
    else if (done === jobs.length) settle.resolve();
    else if (hereDone && running === 0) settle.reject(new Error(`internal: validator compile threads ended with ${jobs.length - done} compiles unreplied`));
  };
  const start: ThreadStart = { index, jobs, order, claimed: claimed.buffer as SharedArrayBuffer, ...(plan.cache ? { cache: plan.cache } : {}) };
  const workers: Worker[] = [];
  try {
    while (workers.length < Math.min(threads, jobs.length - 1)) workers.push(new Worker(workerEntry(), { workerData: start }));
  } catch (error) {
    // The index does not clone (nested deeper than the serializer's stack, say): no thread is left running.
    for (const worker of workers) void worker.terminate();
    throw error;
  }
  const fail = (error: Error) => {
    if (failure) return;
    failure = error;
    Atomics.store(claimed, 0, order.length);
    for (const worker of workers) void worker.terminate();
    check();
  };
  for (const worker of workers) {
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
  return {
    plan,
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
