// A large folder's validator compiles (each dialect, first-error and all-errors) are shared between the main thread,
// which also emits types, and worker threads: each thread gets the index by structured clone (which keeps own
// `__proto__` keys as data) and its share, decided up front (the main thread looks at no message until its own
// work is done); module pieces come back.

import { existsSync } from "node:fs";
import { Worker } from "node:worker_threads";
import type { Diagnostic } from "../diagnostics.js";
import type { Dialect } from "../model/dialect.js";
import type { SchemaIndex } from "../model/resources.js";
import type { ModulePiece } from "./passes/split.js";
import type { ValidatorRoot } from "./validators.js";

export interface CompileJob {
  dialect: Dialect;
  allErrors: boolean;
}

export interface ThreadSetup {
  index: SchemaIndex;
  /** Roots by name and position in index.files; a thread finds each file in its copy of the index. */
  roots: { name: string; file: number }[];
  /** This thread's compiles, by position in the caller's list. */
  jobs: { at: number; job: CompileJob }[];
}

export type DialectPieces = { pieces: Map<string, ModulePiece> } | { diagnostics: Diagnostic[] };

export type JobReply = { at: number; pieces: DialectPieces } | { at: number; error: string; stack?: string };

/**
 * Built (dist/, scripts/build-schemagen.ts), a thread runs compile-worker.js beside this code; from source (tests,
 * tsx), compile-worker.mjs registers tsx first.
 */
function workerEntry(): URL {
  const bundled = new URL("./compile-worker.js", import.meta.url);
  return existsSync(bundled) ? bundled : new URL("./compile-worker.mjs", import.meta.url);
}

export interface Share {
  /** The compiles of one thread, by position in the caller's list. */
  jobs: { at: number; job: CompileJob }[];
  cost: number;
}

/**
 * Shares jobs among lanes, the costliest first, each to the lane with the least so far (a lane may start with work
 * of its own, `headStarts`). Each lane then runs its jobs in the caller's order: a thread that began with its largest
 * compile reached its peak memory together with the main thread's (measured: +40% peak RSS).
 */
export function shareJobs(jobs: Share["jobs"], cost: (job: CompileJob) => number, headStarts: number[]): Share[] {
  const shares: Share[] = headStarts.map((headStart) => ({ jobs: [], cost: headStart }));
  const ordered = jobs.map(({ job, at }) => ({ job, at, cost: cost(job) })).sort((a, b) => b.cost - a.cost || a.at - b.at);
  for (const { job, at, cost: own } of ordered) {
    const share = shares.reduce((least, candidate) => (candidate.cost < least.cost ? candidate : least));
    share.cost += own;
    share.jobs.push({ at, job });
  }
  for (const share of shares) share.jobs.sort((a, b) => a.at - b.at);
  return shares;
}

/** Runs each share on a thread of its own; gives each job's pieces by its position in the caller's list. */
export function compileOnThreads(shares: Share[], roots: ValidatorRoot[], index: SchemaIndex): Promise<Map<number, DialectPieces>> {
  const results = new Map<number, DialectPieces>();
  let pending = shares.reduce((total, share) => total + share.jobs.length, 0);
  if (pending === 0) return Promise.resolve(results);
  const positions = new Map(index.files.map((resource, position) => [resource, position]));
  const fileRoots = roots.map((named) => ({ name: named.name, file: positions.get(named.resource)! }));
  return new Promise((resolve, reject) => {
    const workers: Worker[] = [];
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      for (const worker of workers) void worker.terminate();
      reject(error);
    };
    for (const share of shares.filter((candidate) => candidate.jobs.length > 0)) {
      const worker = new Worker(workerEntry(), { workerData: { index, roots: fileRoots, jobs: share.jobs } satisfies ThreadSetup });
      workers.push(worker);
      let left = share.jobs.length;
      worker.on("message", (reply: JobReply) => {
        if ("error" in reply) return fail(Object.assign(new Error(reply.error), { stack: reply.stack }));
        results.set(reply.at, reply.pieces);
        left--;
        if (--pending === 0) resolve(results);
      });
      worker.once("error", fail);
      worker.once("exit", (code) => {
        if (left > 0) fail(new Error(`internal: a validator compile thread exited with code ${code} before replying`));
      });
    }
  });
}
