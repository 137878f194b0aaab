// What every pass over Ajv's code is: a named rewrite of one shape, which counts its changes and throws when it
// meets its shape half-formed (an Ajv upgrade that prints differently fails a test instead of changing output).

import type { AstNode } from "./tree.js";

export interface PassContext {
  /** The name Ajv's code gives Object.prototype.hasOwnProperty (`const funcN = …`), when it declares one. */
  hasOwn?: string;
  /** The JSON of each schema copy that emit/ajv-module.ts left out of the code (`const schemaN = 0;`), by name. */
  schemaCopies?: Map<string, string>;
}

interface Described {
  id: string;
  /** The shape of Ajv's output the pass rewrites, and what it makes of it. */
  expects: string;
}

/** A pass over the whole program. */
export interface ProgramPass extends Described {
  /** Rewrites the program in place; returns how many places it changed. */
  run(program: AstNode, context: PassContext): number;
}

/**
 * A pass that rewrites nodes one at a time, each after the nodes below it. Consecutive node passes share one walk
 * (a walk of a large folder's trees costs about as much as a tenth of Ajv's compile), each seeing a node after the
 * ones before it in the list rewrote it, as if it ran alone after them.
 */
export interface NodePass extends Described {
  /** The node types its `wants` can accept: the shared walk offers a node only to the passes listed for its type. */
  nodeTypes: readonly string[];
  /** Readies the pass for one program (edits to its top level come here). */
  start(program: AstNode, context: PassContext): NodeRewrite;
}

export interface NodeRewrite {
  /** Whether the walk offers `node` to `rewrite`: a cheap test of the node as Ajv wrote it, a superset of the shape. */
  wants(node: AstNode): boolean;
  /** The node to keep where `node` is (itself, or a replacement); `parent` and `field` say where that is. */
  rewrite(node: AstNode, parent: AstNode | undefined, field: string): AstNode;
  /** After the walk; returns how many places the pass changed. */
  finish(): number;
}

export type Pass = ProgramPass | NodePass;

export class PassShapeError extends Error {
  constructor(pass: string, detail: string) {
    super(`internal: pass ${pass} met Ajv code of an unexpected shape: ${detail}`);
  }
}
