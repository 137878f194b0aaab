// The all-errors twins of a large folder compile on a worker thread while the main thread compiles the first-error
// code: the index goes over by structured clone (which keeps own `__proto__` keys as data), module pieces come back.

import { existsSync } from "node:fs";
import { Worker } from "node:worker_threads";
import type { Diagnostic } from "../diagnostics.js";
import type { SchemaIndex } from "../model/resources.js";
import type { ModulePiece } from "./passes/split.js";
import type { ValidatorRoot } from "./validators.js";

export interface TwinRequest {
  index: SchemaIndex;
  /** Roots by name and position in index.files; the thread finds each file in its copy of the index. */
  roots: { name: string; file: number }[];
}

export type DialectPieces = { pieces: Map<string, ModulePiece> } | { diagnostics: Diagnostic[] };

export type TwinReply = { twins: DialectPieces[] } | { error: string; stack?: string };

/**
 * Built (dist/, scripts/build-schemagen.ts), the thread runs twin-worker.js beside this code; from source (tests,
 * tsx), twin-worker.mjs registers tsx first.
 */
function workerEntry(): URL {
  const bundled = new URL("./twin-worker.js", import.meta.url);
  return existsSync(bundled) ? bundled : new URL("./twin-worker.mjs", import.meta.url);
}

/** Each dialect's twin pieces, in rootDialects order, compiled on a thread of their own. */
export function compileTwinsOnThread(roots: ValidatorRoot[], index: SchemaIndex): Promise<DialectPieces[]> {
  const request: TwinRequest = { index, roots: roots.map((named) => ({ name: named.name, file: index.files.indexOf(named.resource) })) };
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerEntry(), { workerData: request });
    let settled = false;
    worker.once("message", (reply: TwinReply) => {
      settled = true;
      if ("twins" in reply) resolve(reply.twins);
      else reject(Object.assign(new Error(reply.error), { stack: reply.stack }));
    });
    worker.once("error", (error) => {
      settled = true;
      reject(error);
    });
    worker.once("exit", (code) => {
      if (!settled) reject(new Error(`internal: the all-errors compile thread exited with code ${code} before replying`));
    });
  });
}
