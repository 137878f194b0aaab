// Stage 5: Ajv standalone code per domain module and dialect, rewritten so it imports nothing but our runtime.

import type { Ajv as AjvCore, ValidateFunction } from "ajv";
import standaloneModule from "ajv/dist/standalone/index.js";
import { createAjv, type AjvSettings } from "../ajv.js";
import { MESSAGES, SchemagenError, type Diagnostic } from "../diagnostics.js";
import { located } from "../check.js";
import { jsonExpression } from "./code.js";
import { locateCompileError } from "./compile-error.js";
import { validatorFunctions } from "./js-scan.js";
import { callWithInstancePath } from "./path-calls.js";
import type { Dialect } from "../model/dialect.js";
import type { NamedSchema } from "../model/names.js";
import { resolveRef, type FileResource, type SchemaIndex } from "../model/resources.js";
import { prepareAjvSchema } from "../normalize/for-ajv.js";
import { compareText } from "../model/order.js";

const standaloneCode = ((standaloneModule as { default?: unknown }).default ?? standaloneModule) as (
  ajv: AjvCore,
  refsOrFunc: Record<string, string>,
) => string;

/** What each `require()` in Ajv's output becomes: an export of generated/runtime.js. */
const RUNTIME_IMPORTS: Record<string, string> = {
  'require("ajv/dist/runtime/ucs2length").default': "ucs2length",
  'require("ajv/dist/runtime/equal").default': "equal",
  'require("ajv-formats/dist/formats").fullFormats': "formats",
  'require("schemagen/runtime").compilePattern': "compilePattern",
  'require("schemagen/runtime").dateTimeBefore': "dateTimeBefore",
};

export interface ValidatorChunk {
  dialect: Dialect;
  /** JavaScript statements that define `exports.validateX` for each schema of this dialect. */
  code: string;
  /** Runtime helpers the code uses. */
  runtimeImports: string[];
}

/** Files to register with one dialect's Ajv: its own files, plus undeclared-dialect files they reach. */
function resourcesForDialect(dialect: Dialect, index: SchemaIndex): FileResource[] {
  const chosen = new Set(index.files.filter((resource) => resource.dialect === dialect));
  const pending = [...chosen];
  const fileResources = new Map(index.files.map((resource) => [resource.file, resource]));
  while (pending.length > 0) {
    const resource = pending.pop()!;
    for (const site of index.refSites) {
      if (site.file !== resource.file) continue;
      const target = resolveRef(index, site.ref, site.baseUri);
      if (target?.kind !== "schema") continue;
      const targetFile = fileResources.get(target.resource.file);
      if (targetFile && !targetFile.dialectDeclared && !chosen.has(targetFile)) {
        chosen.add(targetFile);
        pending.push(targetFile);
      }
    }
  }
  return [...chosen].sort((a, b) => compareText(a.file.path, b.file.path));
}

/** Adds every schema one dialect's Ajv needs, as Ajv must see them; the same for generated and in-process use. */
export function registerSchemas(ajv: AjvCore, dialect: Dialect, index: SchemaIndex): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const resource of resourcesForDialect(dialect, index)) {
    try {
      const schema = prepareAjvSchema(resource, index);
      // A boolean schema has nowhere to carry its `$id`; Ajv takes the key instead.
      if (typeof schema === "boolean") ajv.addSchema(schema as unknown as object, resource.uri);
      else ajv.addSchema(schema);
    } catch (error) {
      diagnostics.push(located("ajv-compile", resource.file, "", MESSAGES["ajv-compile"]((error as Error).message)));
    }
  }
  return diagnostics;
}

/** Ajv compiled in process, with the generator's options and schema copies: the reference the tests compare with. */
export function compileInProcess(index: SchemaIndex, settings: Omit<AjvSettings, "standalone"> = {}): (uri: string) => ValidateFunction | undefined {
  const instances = new Map<Dialect, AjvCore>();
  return (uri) => {
    const resource = index.files.find((file) => file.uri === uri);
    if (!resource) return undefined;
    let ajv = instances.get(resource.dialect);
    if (!ajv) {
      ajv = createAjv(resource.dialect, settings);
      const diagnostics = registerSchemas(ajv, resource.dialect, index);
      if (diagnostics.length > 0) throw new SchemagenError(diagnostics);
      instances.set(resource.dialect, ajv);
    }
    return ajv.getSchema(uri);
  };
}

export interface ValidatorBuild {
  chunks: Map<string, ValidatorChunk[]>;
  diagnostics: Diagnostic[];
}

/** One Ajv instance per dialect holds every schema it needs; each module then takes its own exports from it. */
export function emitValidatorChunks(rootsByModule: Map<string, NamedSchema[]>, index: SchemaIndex): ValidatorBuild {
  const chunks = new Map<string, ValidatorChunk[]>();
  const diagnostics: Diagnostic[] = [];
  const dialects = [...new Set(index.files.map((resource) => resource.dialect))].sort(compareText);
  for (const dialect of dialects) {
    const ajv = createAjv(dialect, { standalone: true });
    diagnostics.push(...registerSchemas(ajv, dialect, index));
    // Ajv 2019/2020 track evaluated properties and items in every validator (an object per call) for the sake of
    // unevaluated*; where no schema of the dialect uses those keywords, nothing reads what is tracked.
    if (!resourcesForDialect(dialect, index).some((resource) => JSON.stringify(resource.schema).includes('"unevaluated'))) {
      (ajv.opts as { unevaluated?: boolean }).unevaluated = false;
    }
    if (diagnostics.length > 0) continue;
    for (const [module, roots] of rootsByModule) {
      const own = roots.filter((named) => named.resource.dialect === dialect);
      if (own.length === 0) continue;
      const exportsMap: Record<string, string> = {};
      for (const named of own) exportsMap[`validate${named.name}`] = named.resource.uri;
      let code: string;
      try {
        code = standaloneCode(ajv, exportsMap);
      } catch (error) {
        // Name every file that does not compile, not only the first, at the subschema that fails.
        const culprits = own.flatMap((named) => {
          try {
            ajv.getSchema(named.resource.uri);
            return [];
          } catch (compileError) {
            return [{ resource: named.resource, message: (compileError as Error).message }];
          }
        });
        if (culprits.length === 0) culprits.push({ resource: own[0]!.resource, message: (error as Error).message });
        for (const culprit of culprits) {
          diagnostics.push(located("ajv-compile", culprit.resource.file, locateCompileError(culprit.resource), MESSAGES["ajv-compile"](culprit.message)));
        }
        continue;
      }
      const rewritten = rewriteRequires(callWithInstancePath(rememberKeyVerdicts(readClosedObjectsOnce(ownKeysByForIn(dropDiscardedErrors(dropRedundantOwnChecks(hoistSchemaValues(protectPrototypeKeys(code)))))))));
      const list = chunks.get(module) ?? [];
      list.push({ dialect, code: guardCodePointLengths(rewritten.code), runtimeImports: rewritten.runtimeImports });
      chunks.set(module, list);
    }
  }
  return { chunks, diagnostics };
}

/**
 * Ajv writes schema constants as object literals, where a `"__proto__"` key sets the prototype instead of making
 * a property (so `properties: {"__proto__": …}` stops being known to additionalProperties). Those literals are
 * re-emitted through JSON.parse, which keeps the key as data.
 */
function protectPrototypeKeys(code: string): string {
  return code.replace(/^(const schema\d+ = |[\w$]+\.evaluated = )(\{.*\});$/gm, (line, head: string, literal: string) => {
    if (!literal.includes('"__proto__"')) return line;
    return `${head}${jsonExpression(JSON.parse(literal))};`;
  });
}

/**
 * Ajv keeps a copy of every schema it compiled (`const schema33 = {…}`, descriptions and examples included) to
 * point into it for an enum's allowed values or a type list in error params. Those values become constants of
 * their own and the copies go: a fifth of the generated code, parsed and built at every import.
 */
function hoistSchemaValues(code: string): string {
  const declarations = new Map<string, { line: string; value: unknown }>();
  for (const match of code.matchAll(/^const (schema\d+) = (.*);$/gm)) {
    declarations.set(match[1]!, { line: match[0], value: new Function(`return ${match[2]!};`)() });
  }
  if (declarations.size === 0) return code;
  const hoisted = new Map<string, { name: string; owner: string; value: unknown }>();
  const access = /\b(schema\d+)((?:\.[A-Za-z_$][\w$]*|\["(?:[^"\\]|\\.)*"\]|\[\d+\])+)/g;
  const declarationLines = new Set([...declarations.values()].map((declaration) => declaration.line));
  const replaceIn = (line: string) => (declarationLines.has(line) ? line : line.replace(access, hoist));
  const hoist = (expression: string, owner: string, path: string) => {
    const declaration = declarations.get(owner);
    if (!declaration) return expression;
    let existing = hoisted.get(expression);
    if (!existing) {
      const value: unknown = new Function("schema", `return schema${path};`)(declaration.value);
      if (value === undefined) return expression;
      existing = { name: `${owner}Value${hoisted.size}`, owner, value };
      hoisted.set(expression, existing);
    }
    return existing.name;
  };
  let rewritten = code.split("\n").map(replaceIn).join("\n");
  // A properties object that additionalProperties only asks "is this key listed?" keeps its keys, not its subschemas.
  const hasOwn = hasOwnAlias(code);
  for (const entry of hoisted.values()) {
    if (!hasOwn || !entry.value || typeof entry.value !== "object" || Array.isArray(entry.value)) continue;
    const uses = rewritten.match(new RegExp(String.raw`\b${entry.name}\b`, "g"))?.length ?? 0;
    const keyTests = rewritten.match(new RegExp(String.raw`\b${hasOwn}\.call\(${entry.name}, key\d+\)`, "g"))?.length ?? 0;
    if (uses > 0 && uses === keyTests) entry.value = Object.fromEntries(Object.keys(entry.value).map((key) => [key, true]));
  }
  for (const [owner, declaration] of declarations) {
    const constants = [...hoisted.values()].filter((entry) => entry.owner === owner);
    const literal = (value: unknown) => (JSON.stringify(value).includes('"__proto__"') ? jsonExpression(value) : JSON.stringify(value));
    const replacement = constants.map((entry) => `const ${entry.name} = ${literal(entry.value)};`);
    const stillUsed = new RegExp(String.raw`\b${owner}\b`).test(rewritten.replace(declaration.line, ""));
    if (stillUsed) replacement.unshift(declaration.line);
    rewritten = rewritten.replace(declaration.line, () => replacement.join("\n"));
  }
  return rewritten;
}

/** The name Ajv's code gives Object.prototype.hasOwnProperty, when it uses it. */
function hasOwnAlias(code: string): string | undefined {
  return /^const (func\d+) = Object\.prototype\.hasOwnProperty;$/m.exec(code)?.[1];
}

/** Names an inherited property can have on a plain object: the only ones that need Ajv's own-property check. */
const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));
const ACCESS = String.raw`(\w+)((?:\.[A-Za-z_$][\w$]*)|(?:\["(?:[^"\\]|\\.)*"\]))`;
const NAME = String.raw`("(?:[^"\\]|\\.)*")`;

/**
 * `ownProperties` makes Ajv pair every property read with hasOwnProperty.call, about a fifth of a validation. On data
 * whose prototype is Object.prototype (anything JSON.parse returns) only names that Object.prototype has can be
 * inherited, so the call is kept for those and dropped for the rest.
 */
function dropRedundantOwnChecks(code: string): string {
  const hasOwn = hasOwnAlias(code);
  if (!hasOwn) return code;
  const inherited = (literal: string) => PROTOTYPE_NAMES.has(JSON.parse(literal) as string);
  const missing = new RegExp(String.raw`\(\(${ACCESS} === undefined\) \|\| \(!\(${hasOwn}\.call\(\1, ${NAME}\)\)\)\)`, "g");
  const present = new RegExp(String.raw`${ACCESS} !== undefined && ${hasOwn}\.call\(\1, ${NAME}\)`, "g");
  return code
    .replace(missing, (all, object: string, access: string, name: string) => (inherited(name) ? all : `(${object}${access} === undefined)`))
    .replace(present, (all, object: string, access: string, name: string) => (inherited(name) ? all : `${object}${access} !== undefined`));
}

/** propertyNames and patternProperties test each key of a loop (`key3`) against a pattern: Pattern#testKey remembers. */
function rememberKeyVerdicts(code: string): string {
  return code.replace(/\b(pattern\d+)\.test\((key\d+)\)/g, "$1.testKey($2)");
}

/**
 * With `ownProperties`, Ajv loops over `Object.keys(data)`, which copies the keys into a new array on every call.
 * A for-in loop reads V8's cached keys instead, and skipping keys that are not own makes it visit exactly what
 * Object.keys lists, in the same order. A sixth of an AnalyticsEvent's validation.
 */
function ownKeysByForIn(code: string): string {
  const loop = /^for\(const (key\d+) of Object\.keys\((\w+)\)\)\{$/gm;
  if (!loop.test(code)) return code;
  const declared = hasOwnAlias(code);
  const hasOwn = declared ?? "hasOwnKey";
  const rewritten = code.replace(loop, (line, key: string, object: string) => `for(const ${key} in ${object}){\nif(!${hasOwn}.call(${object}, ${key})) continue;`);
  return declared ? rewritten : `const hasOwnKey = Object.prototype.hasOwnProperty;\n${rewritten}`;
}

/**
 * Ajv reads a closed object's properties by name (`data.event_id`) wherever a keyword needs one, and loops over its
 * keys for additionalProperties. On data of many shapes V8 reads by name slowly (the bench's "valid, one shape" set
 * shows how much). Where a validator's own object is closed by a list of names, one loop over its own keys now keeps
 * each value it will read in a local, notes the first key not in the list, and the reads and the additionalProperties
 * check use those. Verdicts and errors stay Ajv's: the same values (own properties, as `ownProperties` asks), the same
 * first unknown key in the same place.
 */
function readClosedObjectsOnce(code: string): string {
  const hasOwn = hasOwnAlias(code);
  if (!hasOwn) return code;
  let result = "";
  let from = 0;
  for (const { bodyStart, bodyEnd } of validatorFunctions(code)) {
    result += code.slice(from, bodyStart) + readOnce(code.slice(bodyStart, bodyEnd), code, hasOwn);
    from = bodyEnd;
  }
  return result + code.slice(from);
}

/** The function's own object first, then each nested object Ajv holds in a `let dataN` of its own. */
function readOnce(body: string, code: string, hasOwn: string): string {
  const sourceUrl = /^\/\*# sourceURL=.*\*\/;\n/.exec(body)?.[0] ?? "";
  let result = readObjectOnce(body, "data", code, hasOwn, (text, snapshot) => `${sourceUrl}${snapshot}\n${text.slice(sourceUrl.length)}`);
  for (const [, variable] of body.matchAll(/^let (data\d+) = .*;$/gm)) {
    result = readObjectOnce(result, variable!, code, hasOwn, (text, snapshot) => {
      const declaration = new RegExp(String.raw`^let ${variable} = .*;$`, "m");
      if (!declaration.test(text)) throw new Error(`internal: no declaration of ${variable} to read it after`);
      return text.replace(declaration, (line) => `${line}\n${snapshot}`);
    });
  }
  return result;
}

/**
 * Reads `object`'s own keys once where a single additionalProperties loop over it rejects every name outside a list.
 * Locals are `own_name` (`own7_name` for data7); `own$unknown` cannot be one of them.
 */
function readObjectOnce(body: string, object: string, code: string, hasOwn: string, insert: (text: string, snapshot: string) => string): string {
  if ((body.match(new RegExp(String.raw`^for\(const key\d+ in ${object}\)\{$`, "gm")) ?? []).length !== 1) return body;
  const loop = new RegExp(
    String.raw`^for\(const (key\d+) in ${object}\)\{\nif\(!${hasOwn}\.call\(${object}, \1\)\) continue;\nif\(!\((.*)\)\)\{\n(validate\d+\.errors = \[\{.*\}\];)\nreturn false;\nbreak;\n\}\n\}$`,
    "m",
  );
  const match = loop.exec(body);
  if (!match) return body;
  const [whole, key, test, error] = match as unknown as [string, string, string, string];
  const declared = declaredNames(test, key, code, hasOwn);
  if (!declared) return body;
  const stringOrRead = new RegExp(String.raw`"(?:[^"\\]|\\.)*"|\b${object}\.([A-Za-z_$][\w$]*)\b`, "g");
  const read = new Set<string>();
  for (const [, name] of body.matchAll(stringOrRead)) if (name && name !== "length" && !PROTOTYPE_NAMES.has(name)) read.add(name);
  const prefix = `own${object.slice("data".length)}`;
  const local = (name: string) => `${prefix}_${name}`;
  const unknown = `${prefix}$unknown`;
  const noteUnknown = `if(${unknown} === undefined) ${unknown} = ${key};`;
  const cases = [...new Set([...declared, ...read])].map((name) => {
    const keep = read.has(name) ? `${local(name)} = ${object}[${key}]; ` : "";
    return `case ${JSON.stringify(name)}: ${keep}${declared.has(name) ? "" : `${noteUnknown} `}break;`;
  });
  const snapshot = [
    `let ${unknown}${[...read].map((name) => `, ${local(name)}`).join("")};`,
    `if(${object} && typeof ${object} == "object" && !Array.isArray(${object})){`,
    `for(const ${key} in ${object}){`,
    `if(!${hasOwn}.call(${object}, ${key})) continue;`,
    `switch(${key}){`,
    ...cases,
    `default: ${noteUnknown}`,
    `}`,
    `}`,
    `}`,
  ].join("\n");
  const check = `if(${unknown} !== undefined){\nconst ${key} = ${unknown};\n${error}\nreturn false;\n}`;
  const reads = body.replace(whole, () => check).replace(stringOrRead, (token, name?: string) => (name && read.has(name) ? local(name) : token));
  return insert(reads, snapshot);
}

/** The names an additionalProperties test accepts, when it is nothing but a list of names. */
function declaredNames(test: string, key: string, code: string, hasOwn: string): Set<string> | undefined {
  const hoisted = new RegExp(String.raw`^${hasOwn}\.call\((schema\d+Value\d+), ${key}\)$`).exec(test);
  if (hoisted) {
    const literal = new RegExp(String.raw`^const ${hoisted[1]} = (\{.*\});$`, "m").exec(code)?.[1];
    return literal ? new Set(Object.keys(JSON.parse(literal) as object)) : undefined;
  }
  const names = new Set<string>();
  const rest = test.replace(new RegExp(String.raw`\(${key} === ("(?:[^"\\]|\\.)*")\)`, "g"), (term, literal: string) => {
    names.add(JSON.parse(literal) as string);
    return "";
  });
  return names.size > 0 && /^[()| ]*$/.test(rest) ? names : undefined;
}

/**
 * Inside `if` and `not`, Ajv runs the subschema with createErrors off: a failure still pushes an empty object onto
 * vErrors, and the keyword then truncates vErrors to its length before the subschema, so only the count `errors`
 * matters. The push (and the array it may allocate) goes and `errors++` stays. Then vErrors may be shorter than
 * `errors` inside such a subschema, so the one place that reads a count from vErrors (after a failed $ref call)
 * adds the callee's errors instead; code that reads vErrors in any other way is left as it is.
 */
function dropDiscardedErrors(code: string): string {
  const counted = code.replace(
    /^vErrors = vErrors === null \? (\w+)\.errors : vErrors\.concat\(\1\.errors\);\nerrors = vErrors\.length;$/gm,
    (line, callee: string) => line.replace("errors = vErrors.length;", `errors += ${callee}.errors.length;`),
  );
  if (/vErrors\[|[^.]vErrors\.length[^ ]|= vErrors\.length/.test(counted)) return code;
  return counted.replace(/^const (err\d+) = \{\};\nif\(vErrors === null\)\{\nvErrors = \[\1\];\n\}\nelse \{\nvErrors\.push\(\1\);\n\}\n/gm, "");
}

// ajv #1976, #2209: standalone output calls require() for its helpers even in ESM mode.
function rewriteRequires(code: string): { code: string; runtimeImports: string[] } {
  const used = new Set<string>();
  const rewritten = code
    .replace(/^"use strict";/, "")
    .replace(/require\("[^"]+"\)(\.[A-Za-z_$][\w$]*)?/g, (expression) => {
      const name = RUNTIME_IMPORTS[expression];
      if (!name) throw new Error(`internal: Ajv emitted an unknown runtime dependency: ${expression}`);
      used.add(name);
      return name;
    });
  return { code: inlineRuntimeAliases(rewritten).trim(), runtimeImports: [...used].sort(compareText) };
}

/**
 * minLength and maxLength count code points (`ucs2length`, by its own name once requires are rewritten), which takes
 * a pass over the string. A string has at most as many code points as UTF-16 units and at least half as many, so its
 * `.length` settles most checks without the pass.
 */
function guardCodePointLengths(code: string): string {
  return code
    .replace(/\bucs2length\((\w+)\) > (\d+)\b/g, (call, data: string, limit: string) => `(${data}.length > ${limit} && ${call})`)
    .replace(/\bucs2length\((\w+)\) < (\d+)\b/g, (call, data: string, limit: string) => `(${data}.length < ${2 * Number(limit)} && ${call})`);
}

/** `const func1 = compilePattern;` and then `func1(…)`: the helper's own name reads better. */
function inlineRuntimeAliases(code: string): string {
  const helpers = new Set(Object.values(RUNTIME_IMPORTS));
  const aliases = new Map<string, string>();
  const withoutAliases = code.replace(/^const (func\d+) = ([\w$]+);\n/gm, (line, alias: string, helper: string) => {
    if (!helpers.has(helper)) return line;
    aliases.set(alias, helper);
    return "";
  });
  if (aliases.size === 0) return code;
  return withoutAliases.replace(/\bfunc\d+\b/g, (name) => aliases.get(name) ?? name);
}
