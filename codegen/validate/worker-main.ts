// A validate worker: loads the validator the main thread resolved, then scans the files it is sent, one after
// another, claiming their ranges alongside the other threads.

import { parentPort, workerData } from "node:worker_threads";
import { CHUNK_BYTES } from "./read.js";
import { loadValidator, type ValidatorSpec } from "./schema-ref.js";
import { scanClaimedRanges, type FromWorker, type ToWorker } from "./workers.js";

const port = parentPort!;
const post = (message: FromWorker) => port.postMessage(message);

const buffer = Buffer.allocUnsafe(CHUNK_BYTES); // one for every range: ranges are scanned one at a time
const validate = await loadValidator((workerData as { spec: ValidatorSpec }).spec).catch((error: Error) => {
  post({ type: "fatal", message: error.message });
  return undefined;
});

let queue = Promise.resolve();
port.on("message", ({ scanId, scan, claims }: ToWorker) => {
  if (!validate) return;
  queue = queue.then(() =>
    scanClaimedRanges(scan, new Int32Array(claims), validate, buffer, {
      progress: (bytes, documents) => post({ type: "progress", scanId, bytes, documents }),
      done: (index, tally) => post({ type: "range", scanId, index, tally }),
    }),
  );
});
