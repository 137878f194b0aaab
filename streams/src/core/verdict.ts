// Stage 3: validate. The fast check runs first; only a failed document pays for the full error list, which the
// generated assert throws (it lists every error, capped, once the generator collects them all).

import type { Contract, ValidationErrorObject } from "./contract.js";

/** One error as dead letters carry it: `path` is the instance path, a JSON Pointer. */
export interface EntryError {
  path: string;
  keyword: string;
  message: string;
  schemaPath: string;
  params: Record<string, unknown>;
}

export type Verdict = { valid: true } | { valid: false; errors: EntryError[] };

const VALID: Verdict = { valid: true };

export function judgeValue(contract: Contract, value: unknown): Verdict {
  if (contract.validate(value)) return VALID;
  return { valid: false, errors: allErrors(contract, value).map(toEntryError) };
}

function allErrors(contract: Contract, value: unknown): ValidationErrorObject[] {
  const first = contract.validate.errors ?? [];
  if (contract.assert === undefined) return first;
  try {
    contract.assert(value);
  } catch (error) {
    const listed = (error as { errors?: unknown }).errors;
    if (Array.isArray(listed) && listed.length > 0) return listed as ValidationErrorObject[];
    return first;
  }
  // The assert passed where the check failed: keep the check's answer rather than forward an entry it refused.
  return first;
}

function toEntryError(error: ValidationErrorObject): EntryError {
  return { path: error.instancePath, keyword: error.keyword, message: error.message ?? `fails ${error.keyword}`, schemaPath: error.schemaPath, params: error.params ?? {} };
}
