// Runtime for the generated validators. schemagen bundles this file (with the Ajv helpers it re-exports)
// into generated/runtime.js, so generated code imports nothing from node_modules.

import ucs2lengthModule from "ajv/dist/runtime/ucs2length.js";
import equalModule from "ajv/dist/runtime/equal.js";

export { dateTimeBefore, formats } from "./formats.js";
export { compilePattern, Pattern } from "./pattern.js";
import { describeError } from "./messages.js";
import { reportErrors } from "./report.js";
export { DEFAULT_MAX_ERRORS, setMaxErrors } from "./report.js";

// These are CommonJS modules with `exports.default`; under Node's ESM interop the default import is `exports`.
export const ucs2length = ucs2lengthModule.default;
export const equal = equalModule.default;

const VENDOR = "analytics-schemas";

export class ValidationError extends Error {
  constructor(typeName, errors, omitted = 0) {
    const lines = (errors ?? []).map((error) => `  ${error.instancePath || "(root)"}: ${describeError(error).message}`);
    if (omitted > 0) lines.push(`  … and ${omitted} more`);
    super(`${typeName} is invalid:\n${lines.join("\n")}`);
    this.name = "ValidationError";
    this.typeName = typeName;
    this.errors = errors ?? [];
    this.omitted = omitted;
  }
}

/**
 * For schemas that reach $dynamicRef or $recursiveRef, where Ajv's code can recurse without end on some inputs:
 * a stack overflow becomes a failed validation instead of an exception.
 */
export function guardRecursion(validate) {
  function guarded(data) {
    try {
      const valid = validate(data);
      guarded.errors = validate.errors;
      return valid;
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      guarded.errors = [
        { instancePath: "", schemaPath: "#", keyword: "$dynamicRef", params: {}, message: "must be evaluable: recursion too deep" },
      ];
      return false;
    }
  }
  guarded.errors = null;
  return guarded;
}

/** `report` is the all-errors twin of `validate`, run only once `validate` has failed. */
export function createAssert(validate, typeName, report) {
  return function assert(data) {
    if (validate(data)) return;
    if (!report) throw new ValidationError(typeName, validate.errors);
    const { errors, omitted } = reportErrors(report, data, validate.errors);
    throw new ValidationError(typeName, errors, omitted);
  };
}

/**
 * Ajv's escaped JSON Pointer → Standard Schema path; array indexes become numbers. A property to add or remove
 * ends the path, so a form or an API client can put the message at that field.
 */
function issuePath(data, error, member) {
  const path = [];
  let current = data;
  const segments = error.instancePath === "" ? [] : error.instancePath.slice(1).split("/");
  for (const raw of segments) {
    const segment = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    const key = Array.isArray(current) ? Number(segment) : segment;
    path.push(key);
    current = current != null ? current[key] : undefined;
  }
  if (member !== undefined) path.push(member);
  return path;
}

/** `options.libraryOptions.maxErrors` caps the issues listed, as setMaxErrors does for every call. */
export function createStandardSchema(validate, report) {
  return {
    "~standard": {
      version: 1,
      vendor: VENDOR,
      validate(value, options) {
        if (validate(value)) return { value };
        const maxErrors = options?.libraryOptions?.maxErrors;
        const errors = report ? reportErrors(report, value, validate.errors, maxErrors).errors : (validate.errors ?? []);
        return {
          issues: errors.map((error) => {
            const { message, unexpected, missing } = describeError(error);
            return { message, path: issuePath(value, error, unexpected ?? missing) };
          }),
        };
      },
    },
  };
}

/** Factories: fill generated ids, timestamps and schema defaults that the caller left out. */
export function createFactory(validate, typeName, fill) {
  return function create(input) {
    // Spreading a string copies its characters one by one (a 50 MB string took 11 s), and an array's items become
    // numbered keys: anything but a plain object is refused before it is read.
    if (input === null || typeof input !== "object" || Array.isArray(input)) {
      const type = input === null ? "null" : Array.isArray(input) ? "array" : typeof input;
      throw new ValidationError(typeName, [{ instancePath: "", schemaPath: "#/type", keyword: "type", params: { type: "object" }, message: `must be object, not ${type}` }]);
    }
    const value = { ...fill(), ...input };
    if (!validate(value)) throw new ValidationError(typeName, validate.errors);
    return value;
  };
}

export function randomUuid() {
  return globalThis.crypto.randomUUID();
}

export function currentTimestamp() {
  return new Date().toISOString();
}
