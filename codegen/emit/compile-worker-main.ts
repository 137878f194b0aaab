// A validator compile thread (compile-threads.ts): claims compiles until none is left, on a copy of the index.

import { parentPort, workerData } from "node:worker_threads";
import { claimJob, type JobReply, type ThreadSetup, type ThreadStart } from "./compile-threads.js";
import { compileUnitPieces, type ValidatorRoot } from "./validators.js";

const { index } = workerData as ThreadStart;

// One message: the compiles, once the main thread has checked and named the schemas.
parentPort!.once("message", ({ roots, jobs, order, claimed }: ThreadSetup) => {
  const named: ValidatorRoot[] = roots.map(({ name, file }) => {
    const resource = index.files[file];
    if (!resource) throw new Error(`internal: no file ${file} in the index sent to a compile thread`);
    return { name, resource };
  });
  const counter = new Int32Array(claimed);
  for (let at = claimJob(counter, order); at !== undefined; at = claimJob(counter, order)) {
    let reply: JobReply;
    try {
      const job = jobs[at]!;
      reply = { at, pieces: compileUnitPieces(job.unit, named, index, job.allErrors) };
    } catch (error) {
      reply = { error: (error as Error).message, stack: (error as Error).stack };
    }
    parentPort!.postMessage(reply);
    if ("error" in reply) break;
  }
  parentPort!.close();
});
