// Line and column inside one JSON text, computed only for documents that failed: valid data is parsed once, by
// JSON.parse, and never by the position-keeping parser.

import type { Node } from "jsonc-parser";
import { jsoncParser } from "../model/jsonc.js";
import { memberOf, nodeAtPointer, positionOfOffset, type Position } from "../model/positions.js";

const START: Position = { line: 1, column: 1 };

/**
 * Position of the value at `pointer` in `text`, or of the member key `key` inside it. A pointer to a missing
 * member gives its nearest existing ancestor, which is where the user would add it.
 */
export function positionInJson(text: string, pointer: string, key?: string): Position {
  let tree: Node | undefined;
  try {
    tree = jsoncParser().parseTree(text, [], { disallowComments: true });
  } catch {
    return START; // the position parser recurses; a document nested deeper than its stack has no better place
  }
  if (!tree) return START;
  const { node, complete } = nodeAtPointer(tree, pointer);
  const target = (complete && key !== undefined ? memberOf(node, key)?.children?.[0] : undefined) ?? node;
  return positionOfOffset(text, target.offset);
}

export interface SyntaxFault {
  position: Position;
  /** JSON.parse's reason without its quotation of the text. */
  reason: string;
}

/** Where and why `text` is not JSON, given the error JSON.parse threw on it. */
export function locateSyntaxError(text: string, error: unknown): SyntaxFault {
  const message = error instanceof Error ? error.message : String(error);
  const reason = message.replace(/ in JSON at position \d+.*$/s, "").replace(/, ".*" is not valid JSON$/s, "");
  const at = / in JSON at position (\d+)/.exec(message);
  if (at) return { position: positionOfOffset(text, Number(at[1])), reason };
  if (/Unexpected end of JSON input/.test(message)) return { position: positionOfOffset(text, text.trimEnd().length), reason };
  return { position: positionOfOffset(text, firstSyntaxErrorOffset(text)), reason };
}

const STOP = Symbol("stop");

function firstSyntaxErrorOffset(text: string): number {
  let found = 0;
  try {
    jsoncParser().visit(
      text,
      {
        onError: (_error, offset) => {
          found = offset;
          throw STOP;
        },
      },
      { disallowComments: true, allowTrailingComma: false },
    );
  } catch {
    // STOP, or a stack overflow on deep nesting; either way `found` is the best answer
  }
  return found;
}
