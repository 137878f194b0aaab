// Line and column of a JSON Pointer or an offset in a source text; the tree is parsed only when asked.

import type { Node } from "jsonc-parser";
import { jsoncParser } from "./jsonc.js";
import { decodePointer } from "./pointer.js";

export interface Position {
  line: number;
  column: number;
}

export interface SourceText {
  text: string;
}

const trees = new WeakMap<SourceText, Node | undefined>();

function treeOf(source: SourceText): Node | undefined {
  if (!trees.has(source)) {
    let tree: Node | undefined;
    try {
      tree = jsoncParser().parseTree(source.text, [], { disallowComments: true });
    } catch (error) {
      // The position parser recurses: a document nested deeper than its stack (the depth check refuses it) has no
      // line and column, and its messages name the pointer alone.
      if (!(error instanceof RangeError)) throw error;
    }
    trees.set(source, tree);
  }
  return trees.get(source);
}

export function positionOfOffset(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < offset && index < text.length; index++) {
    if (text.charCodeAt(index) === 10) {
      line++;
      lineStart = index + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** The member with this key; the last one when a key repeats, as JSON.parse keeps the last. */
export function memberOf(node: Node, key: string): Node | undefined {
  if (node.type !== "object") return undefined;
  const members = node.children ?? [];
  for (let index = members.length - 1; index >= 0; index--) {
    if (members[index]!.children?.[0]?.value === key) return members[index];
  }
  return undefined;
}

function childAt(node: Node, segment: string): Node | undefined {
  if (node.type === "array") return /^(0|[1-9][0-9]*)$/.test(segment) ? node.children?.[Number(segment)] : undefined;
  return memberOf(node, segment)?.children?.[1];
}

/** The value node at `pointer`, or its nearest existing ancestor (`complete: false`), which is where a user would add it. */
export function nodeAtPointer(tree: Node, pointer: string): { node: Node; complete: boolean } {
  let node = tree;
  for (const segment of decodePointer(pointer)) {
    const child = childAt(node, segment);
    if (!child) return { node, complete: false };
    node = child;
  }
  return { node, complete: true };
}

/** Position of the member (or element) at `pointer`, or of its nearest existing ancestor when it is missing. */
export function positionOfPointer(source: SourceText, pointer: string): Position | undefined {
  const tree = treeOf(source);
  if (!tree) return undefined;
  const { node } = nodeAtPointer(tree, pointer);
  const target = node !== tree && node.parent?.type === "property" ? node.parent : node;
  return positionOfOffset(source.text, target.offset);
}
