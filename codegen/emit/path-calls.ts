// A step of the rewrite of Ajv's code (emit/validators.ts): validators call each other with the instance path alone.

import { closingBrace, splitTopLevel, topLevelEnd, validatorFunctions, type ValidatorFunction } from "./js-scan.js";

const AJV_SIGNATURE = `(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){`;
const CONTEXT_NAMES = /\b(?:parentData|parentDataProperty|rootData|dynamicAnchors)\b/;
const CONTEXT_KEYS = ["instancePath", "parentData", "parentDataProperty", "rootData", "dynamicAnchors"];

interface Call {
  callee: string;
  nameStart: number;
  /** Offsets of `, {…}` in the module: the options object and the comma before it. */
  start: number;
  end: number;
  /** The instancePath the options object passes, as an expression. */
  instancePath: string;
}

interface Validator extends ValidatorFunction {
  calls: Call[];
  /** Whether the body reads parentData, parentDataProperty, rootData or dynamicAnchors other than to pass them on. */
  readsContext: boolean;
}

/**
 * Ajv calls a nested validator with an options object (instancePath, parentData, parentDataProperty, rootData,
 * dynamicAnchors) that the callee destructures with defaults: an allocation and five reads per call. A validator that
 * needs only the instance path gets its code in `validateN$at(data, instancePath)`, which the others call directly;
 * `validateN` keeps Ajv's signature for everyone else and calls through. Errors still go to `validateN.errors`.
 */
export function callWithInstancePath(code: string): string {
  const validators = findValidators(code);
  const direct = new Set(validators.filter((validator) => !validator.readsContext).map((validator) => validator.name));
  // A validator that must hand the context to one that reads it keeps the context itself.
  for (let changed = true; changed; ) {
    changed = false;
    for (const validator of validators) {
      if (direct.has(validator.name) && validator.calls.some((call) => !direct.has(call.callee))) {
        direct.delete(validator.name);
        changed = true;
      }
    }
  }
  // Only validators that others call need a second entry.
  const called = new Set(validators.flatMap((validator) => validator.calls.map((call) => call.callee)));
  for (const name of direct) if (!called.has(name)) direct.delete(name);
  if (direct.size === 0) return code;

  const edits: { start: number; end: number; text: string }[] = [];
  for (const validator of validators) {
    for (const call of validator.calls) {
      if (!direct.has(call.callee)) continue;
      edits.push({ start: call.nameStart, end: call.nameStart + call.callee.length, text: `${call.callee}$at` });
      edits.push({ start: call.start, end: call.end, text: `, ${call.instancePath}` });
    }
    if (direct.has(validator.name)) {
      edits.push({ start: validator.headerStart, end: validator.bodyStart, text: `function ${validator.name}$at(data, instancePath){\n` });
      const wrapper = `\nfunction ${validator.name}(data, {instancePath=""}={}){\nreturn ${validator.name}$at(data, instancePath);\n}`;
      edits.push({ start: validator.bodyEnd + 1, end: validator.bodyEnd + 1, text: wrapper });
    }
  }
  edits.sort((a, b) => b.start - a.start);
  let result = code;
  for (const edit of edits) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}

/** Validators with Ajv's own signature, which this step knows how to replace. */
function findValidators(code: string): Validator[] {
  return validatorFunctions(code)
    .filter((validator) => validator.header === `function ${validator.name}${AJV_SIGNATURE}`)
    .map((validator) => {
      const { bodyStart, bodyEnd } = validator;
      const calls: Call[] = [];
      let rest = "";
      let from = bodyStart;
      for (const call of code.slice(bodyStart, bodyEnd).matchAll(/\b(validate\d+)\(/g)) {
        const found = optionsObject(code, bodyStart + call.index + call[0].length);
        if (!found) continue;
        calls.push({ callee: call[1]!, nameStart: bodyStart + call.index, ...found });
        rest += code.slice(from, found.start);
        from = found.end;
      }
      rest += code.slice(from, bodyEnd);
      return { ...validator, calls, readsContext: CONTEXT_NAMES.test(rest) };
    });
}

/** The `, {instancePath:…, parentData:…, parentDataProperty:…, rootData, dynamicAnchors}` after a call's first argument. */
function optionsObject(code: string, argumentsStart: number): { start: number; end: number; instancePath: string } | undefined {
  const first = topLevelEnd(code, argumentsStart, ",");
  if (first === undefined || !code.startsWith(", {", first)) return undefined;
  const objectStart = first + 3;
  const objectEnd = closingBrace(code, objectStart);
  if (code[objectEnd + 1] !== ")") return undefined;
  const properties = splitTopLevel(code.slice(objectStart, objectEnd));
  const values = new Map(
    properties.map((property) => {
      const colon = property.indexOf(":");
      return colon < 0 ? [property, property] : [property.slice(0, colon), property.slice(colon + 1)];
    }),
  );
  if (values.size !== CONTEXT_KEYS.length || !CONTEXT_KEYS.every((key) => values.has(key))) return undefined;
  return { start: first, end: objectEnd + 1, instancePath: values.get("instancePath")! };
}
