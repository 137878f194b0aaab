// What every pass over Ajv's code is: a named rewrite of one shape, which counts its changes and throws when it
// meets its shape half-formed (an Ajv upgrade that prints differently fails a test instead of changing output).

import type { AstNode } from "./tree.js";

export interface PassContext {
  /** The name Ajv's code gives Object.prototype.hasOwnProperty (`const funcN = …`), when it declares one. */
  hasOwn?: string;
}

export interface Pass {
  id: string;
  /** The shape of Ajv's output the pass rewrites, and what it makes of it. */
  expects: string;
  /** Rewrites the program in place; returns how many places it changed. */
  run(program: AstNode, context: PassContext): number;
}

export class PassShapeError extends Error {
  constructor(pass: string, detail: string) {
    super(`internal: pass ${pass} met Ajv code of an unexpected shape: ${detail}`);
  }
}
