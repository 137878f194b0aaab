// A validate worker: loads the validator the main thread resolved, then scans the byte ranges it is sent.

import { createReadStream } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { MESSAGES } from "../diagnostics.js";
import { scanNdjson, CHUNK_BYTES } from "./ndjson.js";
import { loadValidator, type ValidatorSpec } from "./schema-ref.js";
import type { FromWorker, RangeTask, ToWorker } from "./workers.js";

const port = parentPort!;
const post = (message: FromWorker) => port.postMessage(message);

/** The range's bytes; fewer than expected means the file shrank since it was split. */
async function* rangeChunks(task: RangeTask): AsyncGenerator<Buffer> {
  let read = 0;
  for await (const chunk of createReadStream(task.file, { start: task.start, end: task.end - 1, highWaterMark: CHUNK_BYTES })) {
    read += (chunk as Buffer).length;
    yield chunk as Buffer;
  }
  if (read < task.end - task.start) throw new Error(MESSAGES["input-changed"]());
}

const cancelled = new Set<number>();
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
  let documents = 0;
  const tally = await scanNdjson(
    rangeChunks(message),
    { file: message.name, validate, keepIssues: message.keepIssues, failFast: message.failFast, atFileStart: message.start === 0, maxLineBytes: message.maxLineBytes },
    {
      onChunk: (bytes, sofar) => {
        post({ type: "progress", id, bytes, documents: sofar.documents - documents });
        documents = sofar.documents;
      },
      shouldStop: () => cancelled.has(id),
    },
  );
  cancelled.delete(id);
  post({ type: "done", id, tally });
});
