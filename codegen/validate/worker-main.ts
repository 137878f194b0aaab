// A validate worker: loads the validator the main thread resolved, then scans the byte ranges it is sent.

import { parentPort, workerData } from "node:worker_threads";
import { readBuffers } from "./read.js";
import { loadValidator, type ValidatorSpec } from "./schema-ref.js";
import { scanRange, type FromWorker, type ToWorker } from "./workers.js";

const port = parentPort!;
const post = (message: FromWorker) => port.postMessage(message);

const cancelled = new Set<number>();
const buffers = readBuffers(); // one pair for every range: ranges are scanned one at a time
const validate = await loadValidator((workerData as { spec: ValidatorSpec }).spec).catch((error: Error) => {
  post({ type: "fatal", message: error.message });
  return undefined;
});

port.on("message", async (message: ToWorker) => {
  if (message.type === "cancel") {
    cancelled.add(message.id);
    return;
  }
  if (!validate) return;
  const { id } = message;
  const tally = await scanRange(message, validate, buffers, {
    onChunk: (bytes, documents) => post({ type: "progress", id, bytes, documents }),
    shouldStop: () => cancelled.has(id),
  });
  cancelled.delete(id);
  post({ type: "done", id, tally });
});
