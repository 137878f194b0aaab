// Line and column of a JSON Pointer or an offset in a source text; the tree is parsed only when asked.

import { findNodeAtLocation, parseTree, type Node } from "jsonc-parser";
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
  if (!trees.has(source)) trees.set(source, parseTree(source.text, [], { disallowComments: true }));
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

/**
 * Position of the value at `pointer`. When the pointer names a missing member, the nearest existing
 * ancestor's position is returned, which is where a user would add it.
 */
export function positionOfPointer(source: SourceText, pointer: string): Position | undefined {
  const tree = treeOf(source);
  if (!tree) return undefined;
  const segments = decodePointer(pointer).map((segment) => (/^(0|[1-9][0-9]*)$/.test(segment) ? Number(segment) : segment));
  for (let length = segments.length; length >= 0; length--) {
    const path = segments.slice(0, length);
    let node = findNodeAtLocation(tree, path);
    if (!node) {
      // Array indexes and object keys that look numeric: retry with the string form.
      node = findNodeAtLocation(tree, path.map(String));
    }
    if (node) {
      const target = node.parent?.type === "property" && length > 0 ? node.parent : node;
      return positionOfOffset(source.text, target.offset);
    }
  }
  return undefined;
}
