// A validator compile thread (compile-threads.ts): claims compiles until none is left, on a copy of the index.

import { parentPort, workerData } from "node:worker_threads";
import { rootFiles } from "../model/resources.js";
import { claimJob, type JobReply, type ThreadStart } from "./compile-threads.js";
import { compileUnitPieces } from "./validators.js";

const { index, jobs, order, claimed, cache } = workerData as ThreadStart;
// The same files, in the same order, as the plan's roots on the main thread: the units refer to them by position.
const roots = rootFiles(index);
const counter = new Int32Array(claimed);
for (let at = claimJob(counter, order); at !== undefined; at = claimJob(counter, order)) {
  let reply: JobReply;
  try {
    const job = jobs[at]!;
    reply = { at, pieces: compileUnitPieces(job.unit, roots, index, job.allErrors, cache) };
  } catch (error) {
    reply = { error: (error as Error).message, stack: (error as Error).stack };
  }
  parentPort!.postMessage(reply);
  if ("error" in reply) break;
}
parentPort!.close();
