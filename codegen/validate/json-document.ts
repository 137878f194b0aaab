// A .json input: one document in the whole file. JSON.parse decides validity; positions are computed only when
// the document is malformed or invalid.

import { MESSAGES } from "../diagnostics.js";
import { positionInJson, locateSyntaxError } from "./locate.js";
import { emptyTally, recordIssue, type Tally } from "./results.js";
import { decodeUtf8 } from "./utf8.js";
import { failureIssue, failuresOf, failureOfThrow, type Validator } from "./verdict.js";

export interface DocumentOptions {
  file: string;
  validate: Validator;
  keepIssues: number;
  failFast: boolean;
}

const WHITESPACE = /^[ \t\r\n]*$/;

export function validateJsonDocument(bytes: Buffer, options: DocumentOptions): Tally {
  const tally = emptyTally();
  const { file, validate } = options;
  const malformed = (line: number, column: number, code: "json-malformed" | "utf8-invalid" | "file-empty", message: string) => {
    tally.documents++;
    tally.malformed++;
    recordIssue(tally, options.keepIssues, options.failFast, () => ({ code, kind: "malformed", severity: "error", file, line, column, document: 1, message }));
    return tally;
  };
  const decoded = decodeUtf8(bytes);
  if ("invalidAt" in decoded) return malformed(decoded.invalidAt.line, decoded.invalidAt.column, "utf8-invalid", MESSAGES["utf8-invalid"]());
  const { text } = decoded;
  if (WHITESPACE.test(text)) return malformed(1, 1, "file-empty", MESSAGES["file-empty"]());
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const fault = locateSyntaxError(text, error);
    return malformed(fault.position.line, fault.position.column, "json-malformed", MESSAGES["json-malformed"](fault.reason));
  }
  tally.documents++;
  let valid = false;
  let failure;
  try {
    valid = validate(value);
  } catch (error) {
    failure = failureOfThrow(error);
  }
  if (valid) {
    tally.valid++;
    return tally;
  }
  tally.invalid++;
  for (const found of failure ? [failure] : failuresOf(validate)) {
    recordIssue(tally, options.keepIssues, options.failFast, () => failureIssue(found, file, positionInJson(text, found.pointer, found.key), 1));
  }
  return tally;
}
