// Ajv's standaloneCode for named exports (ajv/dist/standalone), built from the same pieces in the same order, with
// one difference: the copies of compiled schemas (`const schemaN = {…}`, a sixth of Ajv's code for the SchemaStore
// sample) are handed over as values, and stand in the code as `const schemaN = 0;`. The schema-values pass reads
// the few values the code points into and drops the copies: parsing them only to drop them cost 9% of the parse
// and a fifth of the two passes that read them.

import type { Ajv as AjvCore } from "ajv";
import { getProperty } from "ajv/dist/compile/codegen/code.js";

/** Ajv's compiled function source (`validate.source`, with code.source on). */
interface FunctionSource {
  validateName: ScopeName;
  validateCode: string;
  scopeValues: Record<string, Set<ScopeName> | undefined>;
  evaluated?: unknown;
}

interface ScopeName {
  str: string;
  prefix: string;
  value?: { ref?: unknown; code?: unknown };
}

export interface AjvModule {
  code: string;
  /** What each `const schemaN = 0;` stands for: the JSON text Ajv would have printed there. */
  schemaCopies: Map<string, string>;
}

const STARTED = 0;
const COMPLETED = 1;

function shapeError(detail: string): Error {
  return new Error(`internal: Ajv's compiled code is not of the shape the generator builds modules from (${detail}); an Ajv upgrade?`);
}

/** `exports.name = validateN;` and each validator's code with the values it uses, once each, as Ajv orders them. */
export function ajvModuleCode(ajv: AjvCore, exportsMap: Record<string, string>): AjvModule {
  const { code: codeOptions } = ajv.opts;
  if (!codeOptions.source || codeOptions.esm || codeOptions.es5) throw shapeError("options: code.source without esm or es5");
  const newline = String((ajv.scope as unknown as { opts: { _n: unknown } }).opts._n);
  const used: Record<string, Map<ScopeName, number>> = {};
  // Text, not the schemas or closures that parse it: a closure made here would hold this function's scope, and
  // through it Ajv's whole compile.
  const schemaCopies = new Map<string, string>();

  const usedOf = (name: ScopeName) => (used[name.prefix] ??= new Map());

  function validateCode(source: FunctionSource | undefined): string {
    if (!source || typeof source.validateCode !== "string" || !source.validateName || typeof source.scopeValues !== "object") throw shapeError("a function without source");
    if (usedOf(source.validateName).get(source.validateName) === COMPLETED) return "";
    usedOf(source.validateName).set(source.validateName, STARTED);
    const code = `${scopeCode(source.scopeValues)}${newline}${source.validateCode}`;
    return source.evaluated ? `${code}${source.validateName.str}.evaluated = ${String(source.evaluated)};${newline}` : code;
  }

  // ValueScope._reduceValues with scopeCode's value code, and standaloneCode's code for refs to other validators.
  function scopeCode(values: FunctionSource["scopeValues"]): string {
    let code = "";
    for (const prefix in values) {
      const names = values[prefix];
      if (!names) continue;
      const seen = (used[prefix] ??= new Map());
      for (const name of names) {
        if (seen.has(name)) continue;
        seen.set(name, STARTED);
        const value = name.value;
        if (value === undefined) throw shapeError(`the scope name ${name.str} has no value`);
        if (prefix === "schema") {
          if (!value.code) throw shapeError(`the schema copy ${name.str} has no code`);
          schemaCopies.set(name.str, String(value.code));
          code += `const ${name.str} = 0;${newline}`;
        } else if (value.code) {
          code += `const ${name.str} = ${String(value.code)};${newline}`;
        } else {
          const reference = referenceCode(name);
          if (!reference) throw shapeError(`the scope name ${name.str} has neither code nor a validator`);
          code += `${reference}${newline}`;
        }
        seen.set(name, COMPLETED);
      }
    }
    return code;
  }

  function referenceCode(name: ScopeName): string | undefined {
    const ref = name.value?.ref;
    if (name.prefix === "validate" && typeof ref === "function") return validateCode((ref as { source?: FunctionSource }).source);
    if ((name.prefix === "root" || name.prefix === "wrapper") && ref !== null && typeof ref === "object") {
      const { validate, validateName } = ref as { validate?: { source?: FunctionSource }; validateName?: ScopeName };
      if (!validateName) throw shapeError(`the wrapper ${name.str} names no validator`);
      const wrapper = `const ${name.str} = {validate: ${validateName.str}};`;
      if (usedOf(validateName).get(validateName) === STARTED) return wrapper;
      return `${wrapper}${newline}${validateCode(validate?.source)}`;
    }
    return undefined;
  }

  let code = `"use strict";`;
  for (const name in exportsMap) {
    const validate = ajv.getSchema(exportsMap[name]!);
    if (!validate) throw new Error(`internal: no compiled schema ${exportsMap[name]}`);
    const source = (validate as unknown as { source?: FunctionSource }).source;
    const body = validateCode(source);
    code += `${newline}exports${String(getProperty(name))} = ${source!.validateName.str};${newline}${body}`;
  }
  return { code, schemaCopies };
}
