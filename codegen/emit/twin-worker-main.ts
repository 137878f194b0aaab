// The all-errors compile thread (twin-thread.ts): the same compile as on the main thread, on a copy of the index.

import { parentPort, workerData } from "node:worker_threads";
import type { TwinReply, TwinRequest } from "./twin-thread.js";
import { compileDialectPieces, rootDialects, type ValidatorRoot } from "./validators.js";

const { index, roots } = workerData as TwinRequest;
let reply: TwinReply;
try {
  const named: ValidatorRoot[] = roots.map(({ name, file }) => {
    const resource = index.files[file];
    if (!resource) throw new Error(`internal: no file ${file} in the index sent to the all-errors thread`);
    return { name, resource };
  });
  reply = { twins: rootDialects(named).map((dialect) => compileDialectPieces(dialect, named, index, true)) };
} catch (error) {
  reply = { error: (error as Error).message, stack: (error as Error).stack };
}
parentPort!.postMessage(reply);
