// A failed validation as a value: Ajv's first error (or the exception the validator threw), with the message the
// generated runtime gives it (emit/runtime/messages.js).

import { MESSAGES } from "../diagnostics.js";
import { describeError } from "../emit/runtime/messages.js";
import type { Position } from "../model/positions.js";
import type { ValidationIssue } from "./results.js";

export interface AjvErrorLike {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** A generated or Ajv-compiled validator: returns a verdict and leaves the first error in `.errors`. */
export type Validator = ((data: unknown) => boolean) & { errors?: AjvErrorLike[] | null };

export interface Failure {
  code: "document-invalid" | "document-too-deep" | "validator-threw";
  message: string;
  /** Ajv's instancePath: the value that failed. */
  pointer: string;
  /** A member key inside that value to point at instead (an unexpected property). */
  key?: string;
  keyword?: string;
  schemaPath?: string;
  params?: Record<string, unknown>;
}

/** The failure after `validate` returned false. */
export function failureOf(validate: Validator): Failure {
  const error = validate.errors?.[0];
  if (!error) return { code: "document-invalid", message: "is not valid", pointer: "" };
  const { message, unexpected: key } = describeError(error);
  return {
    code: "document-invalid",
    message,
    pointer: error.instancePath,
    ...(key !== undefined ? { key } : {}),
    keyword: error.keyword,
    schemaPath: error.schemaPath,
    params: error.params,
  };
}

/** The failure when `validate` threw: deep data overflows the stack of recursive validators. */
export function failureOfThrow(error: unknown): Failure {
  if (error instanceof RangeError) return { code: "document-too-deep", message: MESSAGES["document-too-deep"](), pointer: "" };
  const reason = error instanceof Error ? error.message : String(error);
  return { code: "validator-threw", message: MESSAGES["validator-threw"](reason), pointer: "" };
}

export function failureIssue(failure: Failure, file: string, position: Position, document: number): ValidationIssue {
  return {
    code: failure.code,
    kind: "invalid",
    severity: "error",
    file,
    line: position.line,
    column: position.column,
    document,
    pointer: failure.pointer,
    message: failure.message,
    ...(failure.keyword !== undefined ? { keyword: failure.keyword, schemaPath: failure.schemaPath, params: failure.params } : {}),
  };
}
