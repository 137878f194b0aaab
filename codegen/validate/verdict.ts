// A failed validation as a value: Ajv's first error, or every one under --all-errors (or the exception the validator
// threw), with the message the generated runtime gives it (emit/runtime/messages.js).

import { MESSAGES } from "../diagnostics.js";
import { describeError } from "../emit/runtime/messages.js";
import { closestBranches } from "../emit/runtime/report.js";
import type { Position } from "../model/positions.js";
import type { ValidationIssue } from "./results.js";

export interface AjvErrorLike {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/**
 * A generated or Ajv-compiled validator: returns a verdict and leaves the first error in `.errors`; under
 * --all-errors (`allErrors` set), every error.
 */
export type Validator = ((data: unknown) => boolean) & { errors?: AjvErrorLike[] | null; allErrors?: boolean };

/** The fast validator, and after it fails, the all-errors one for the report: valid data pays for one check only. */
export function withAllErrors(fast: Validator, full: Validator): Validator {
  const validate: Validator = (data) => {
    if (fast(data)) return true;
    full(data);
    validate.errors = full.errors && full.errors.length > 0 ? full.errors : fast.errors;
    return false;
  };
  validate.allErrors = true;
  return validate;
}

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

/** The failures after `validate` returned false: the first, or every one under --all-errors. */
export function failuresOf(validate: Validator): Failure[] {
  const errors = validate.errors ?? [];
  if (errors.length === 0) return [{ code: "document-invalid", message: "is not valid", pointer: "" }];
  return (validate.allErrors ? closestBranches(errors) : errors.slice(0, 1)).map(failureOfError);
}

function failureOfError(error: AjvErrorLike): Failure {
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
