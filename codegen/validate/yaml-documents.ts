// A .yaml/.yml input: every document of the stream (`---` separated). The yaml package keeps source ranges on
// its nodes, so a failed document is located from the tree already parsed; empty documents are skipped.

import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node, type Pair } from "yaml";
import { MESSAGES } from "../diagnostics.js";
import { decodePointer } from "../model/pointer.js";
import type { Position } from "../model/positions.js";
import type { DocumentOptions } from "./json-document.js";
import { emptyTally, recordIssue, type Tally } from "./results.js";
import { decodeUtf8 } from "./utf8.js";
import { failureIssue, failuresOf, failureOfThrow, type Failure } from "./verdict.js";

/** Billion-laughs guard: a document may expand at most this many aliases. */
const MAX_ALIAS_COUNT = 100;

export function validateYamlDocuments(bytes: Buffer, options: DocumentOptions): Tally {
  const tally = emptyTally();
  const { file, validate } = options;
  const malformed = (position: Position, message: string) => {
    tally.documents++;
    tally.malformed++;
    const document = tally.documents;
    const issue = { code: "yaml-malformed" as const, kind: "malformed" as const, severity: "error" as const, file, ...position, document, message };
    recordIssue(tally, options.keepIssues, options.failFast, () => issue);
  };
  const decoded = decodeUtf8(bytes);
  if ("invalidAt" in decoded) {
    tally.documents++;
    tally.malformed++;
    const issue = { code: "utf8-invalid" as const, kind: "malformed" as const, severity: "error" as const, file, ...decoded.invalidAt, document: 1 };
    recordIssue(tally, options.keepIssues, options.failFast, () => ({ ...issue, message: MESSAGES["utf8-invalid"]() }));
    return tally;
  }
  const lineCounter = new LineCounter();
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  let documents: Document.Parsed[];
  try {
    documents = parseAllDocuments(decoded.text, { lineCounter, uniqueKeys: true }) as Document.Parsed[];
  } catch (error) {
    // The parser recurses; a stream nested deeper than the stack ends here.
    malformed({ line: 1, column: 1 }, MESSAGES["yaml-malformed"]((error as Error).message));
    return tally;
  }
  for (const document of documents) {
    if (tally.stopped) break;
    const error = document.errors[0];
    if (error) {
      const position = error.linePos ? { line: error.linePos[0].line, column: error.linePos[0].col } : at(error.pos[0]);
      malformed(position, MESSAGES["yaml-malformed"](error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")));
      continue;
    }
    // `---` with nothing after it parses as an empty scalar; only an explicit null (`~`, `null`) is a document.
    const contents = document.contents;
    if (contents === null || (isScalar(contents) && contents.range[0] === contents.range[1])) continue;
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      malformed(at(contents.range[0]), MESSAGES["yaml-malformed"]((error as Error).message));
      continue;
    }
    tally.documents++;
    let failure: Failure | undefined;
    try {
      if (validate(value)) {
        tally.valid++;
        continue;
      }
    } catch (error) {
      failure = failureOfThrow(error);
    }
    tally.invalid++;
    const index = tally.documents;
    for (const found of failure ? [failure] : failuresOf(validate)) {
      recordIssue(tally, options.keepIssues, options.failFast, () => failureIssue(found, file, at(offsetOf(document, found)), index));
    }
  }
  return tally;
}

/** Offset of the failing value (or of the offending key) in the source; the nearest ancestor when it is missing. */
function offsetOf(document: Document.Parsed, failure: Failure): number {
  let node = document.contents as Node | null;
  let offset = node?.range?.[0] ?? 0;
  const segments = decodePointer(failure.pointer);
  for (let index = 0; index <= segments.length && node; index++) {
    const segment = index < segments.length ? segments[index]! : failure.key;
    if (segment === undefined) break;
    const isKey = index === segments.length;
    let next: unknown;
    if (isMap(node)) {
      const pair = lastPairWithKey(node.items, segment);
      next = isKey ? pair?.key : pair?.value;
    } else if (isSeq(node) && !isKey) {
      next = node.items[Number(segment)];
    }
    if (!next || typeof next !== "object" || !("range" in next)) break;
    node = next as Node;
    offset = node.range?.[0] ?? offset;
  }
  return offset;
}

/** The pair with this key; the last one when a key repeats (uniqueKeys makes that malformed anyway). */
function lastPairWithKey(pairs: Pair[], key: string): Pair | undefined {
  for (let index = pairs.length - 1; index >= 0; index--) {
    const candidate = pairs[index]!.key;
    if ((isScalar(candidate) ? String(candidate.value) : String(candidate)) === key) return pairs[index];
  }
  return undefined;
}
