// A validator compile thread (compile-threads.ts): the same compiles as on the main thread, on a copy of the index.

import { parentPort, workerData } from "node:worker_threads";
import type { JobReply, ThreadSetup } from "./compile-threads.js";
import { compileDialectPieces, type ValidatorRoot } from "./validators.js";

const { index, roots, jobs } = workerData as ThreadSetup;
const named: ValidatorRoot[] = roots.map(({ name, file }) => {
  const resource = index.files[file];
  if (!resource) throw new Error(`internal: no file ${file} in the index sent to a compile thread`);
  return { name, resource };
});
for (const { at, job } of jobs) {
  let reply: JobReply;
  try {
    reply = { at, pieces: compileDialectPieces(job.dialect, named, index, job.allErrors) };
  } catch (error) {
    reply = { at, error: (error as Error).message, stack: (error as Error).stack };
  }
  parentPort!.postMessage(reply);
}
