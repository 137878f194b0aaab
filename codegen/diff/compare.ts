// Compares two versions of a schema keyword by keyword and says, for each difference, whether it widens or narrows
// the set of values the schema accepts. Refs that name the same target are not followed (the target is compared
// where it is defined); refs that changed are followed into both targets. So a change inside a target that a ref under
// `not` names is reported at the target, with the target's own polarity rather than reversed.

import equalModule from "ajv/dist/runtime/equal.js";
import { jsonKey } from "../model/json-key.js";
import { isExtensionKeyword } from "../keywords/index.js";
import { DIALECT_RULES, type Dialect } from "../model/dialect.js";
import { joinPointer } from "../model/pointer.js";
import { baseUriOf, resolveRef, resolveUri, type SchemaIndex } from "../model/resources.js";
import { isSchemaObject, type JsonSchema, type SchemaObject } from "../model/walk.js";
import { CHANGE_KINDS, combine, flip, type ChangeKindId, type Effect } from "./kinds.js";

// CommonJS with exports.default (see emit/runtime/runtime.js).
const equal = ((equalModule as { default?: unknown }).default ?? equalModule) as (a: unknown, b: unknown) => boolean;

/** Where one side of the comparison stands: a schema inside a file of one version. */
export interface Side {
  index: SchemaIndex;
  file: string;
  pointer: string;
  baseUri: string;
  dialect: Dialect;
}

export interface Change {
  kind: ChangeKindId;
  effect: Effect;
  /** The file and pointer the change is located at: in the new version, or the old one when only it has the place. */
  file: string;
  pointer: string;
  version: "old" | "new";
  /** Path of the affected value inside an instance of the compared schema: "metadata.tenant_id", "rows[]". */
  path: string;
  message: string;
}

interface Context {
  old: Side;
  new: Side;
  path: string;
  /** -1 under `not`, where narrowing the subschema widens the schema. */
  polarity: 1 | -1;
  visited: Set<string>;
  /** The types enclosing schemas already allow for this same value (a `then` inherits its parent's `type`). */
  types: { old?: Set<string>; new?: Set<string> };
  /** The types each value path must have whatever branch applies (from `properties`, `items`, `allOf` and refs). */
  typesByPath: { old: Map<string, Set<string>>; new: Map<string, Set<string>> };
}

const ANNOTATIONS = new Set([
  "title", "description", "default", "examples", "$comment", "deprecated", "readOnly", "writeOnly", "$id", "id", "$anchor",
  "$dynamicAnchor", "$recursiveAnchor", "discriminator", "contentEncoding", "contentMediaType", "$defs", "definitions", "$vocabulary",
]);
const MAX_BOUNDS = ["maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties", "maxContains"];
const MIN_BOUNDS = ["minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties", "minContains"];
const SUBSCHEMA_KEYWORDS: Record<string, string> = { contains: "[]", propertyNames: "{name}", unevaluatedItems: "[]", contentSchema: "(content)" };
/** Keywords with a comparison of their own below; `$defs` entries are compared as named schemas. */
const COMPARED_ELSEWHERE = new Set([
  "$defs", "definitions", ...MAX_BOUNDS, ...MIN_BOUNDS, ...Object.keys(SUBSCHEMA_KEYWORDS), "$schema", "$ref", "type", "enum", "const",
  "multipleOf", "pattern", "format", "uniqueItems", "required", "properties", "patternProperties", "additionalProperties",
  "unevaluatedProperties", "dependentRequired", "dependentSchemas", "prefixItems", "items", "allOf", "anyOf", "oneOf", "not",
  "if", "then", "else",
]);

const show = (value: unknown) => JSON.stringify(value);
/** Values a message lists before it gives how many more there are (an enum may have thousands). */
const SHOWN_VALUES = 8;
const showValues = (values: unknown[]) => values.slice(0, SHOWN_VALUES).map(show).join(", ") + (values.length > SHOWN_VALUES ? `, … (${values.length - SHOWN_VALUES} more)` : "");
const child = (path: string, name: string) => (path === "" ? name : `${path}.${name}`);

export function compareSchemas(oldSchema: JsonSchema, newSchema: JsonSchema, context: Pick<Context, "old" | "new">): Change[] {
  return compare(oldSchema, newSchema, { ...context, path: "", polarity: 1, visited: new Set(), types: {}, typesByPath: { old: typesByPath(oldSchema, context.old), new: typesByPath(newSchema, context.new) } });
}

/** A change located in the new version at `at` below the current schema; a place the new version lacks is shown at its nearest ancestor. */
function change(context: Context, kind: ChangeKindId, message: string, options: { at?: (string | number)[]; effect?: Effect } = {}): Change {
  const effect = options.effect ?? CHANGE_KINDS[kind].effect;
  return {
    kind,
    effect: context.polarity < 0 ? flip(effect) : effect,
    file: context.new.file,
    pointer: joinPointer(context.new.pointer, ...(options.at ?? [])),
    version: "new",
    path: context.path,
    message: context.polarity < 0 ? `${message} (under not, so the effect is reversed)` : message,
  };
}

/** Moves both sides down by `segments`; a new `path` means another value, which inherits no types. */
function step(context: Context, segments: (string | number)[], path = context.path, polarity = context.polarity): Context {
  return {
    ...context,
    path,
    polarity,
    types: path === context.path ? context.types : {},
    old: { ...context.old, pointer: joinPointer(context.old.pointer, ...segments) },
    new: { ...context.new, pointer: joinPointer(context.new.pointer, ...segments) },
  };
}

/**
 * The schema in 2020-12 terms: `true` as `{}`, tuple `items` as `prefixItems`, `dependencies` split, classic `$ref`
 * siblings dropped, draft-04's boolean exclusive bounds as numbers.
 */
function normalized(schema: JsonSchema, dialect: Dialect): SchemaObject | false {
  if (schema === true) return {};
  if (schema === false) return false;
  if (dialect === "2020-12") return schema;
  if (DIALECT_RULES[dialect].refIgnoresSiblings && typeof schema.$ref === "string") return { $ref: schema.$ref };
  const result: SchemaObject = { ...schema };
  if (DIALECT_RULES[dialect].booleanExclusiveBounds) {
    for (const [exclusive, bound] of [["exclusiveMaximum", "maximum"], ["exclusiveMinimum", "minimum"]] as const) {
      if (typeof schema[exclusive] !== "boolean") continue;
      if (schema[exclusive] === true && typeof schema[bound] === "number") {
        result[exclusive] = schema[bound];
        delete result[bound];
      } else delete result[exclusive];
    }
  }
  if (Array.isArray(schema.items)) {
    result.prefixItems = schema.items;
    delete result.items;
    if (schema.additionalItems !== undefined) result.items = schema.additionalItems;
  }
  delete result.additionalItems;
  if (isSchemaObject(schema.dependencies)) {
    for (const [name, value] of Object.entries(schema.dependencies)) {
      const target = Array.isArray(value) ? "dependentRequired" : "dependentSchemas";
      result[target] = { ...(result[target] as object), [name]: value };
    }
    delete result.dependencies;
  }
  return result;
}

const isEmpty = (schema: unknown) => schema === true || (isSchemaObject(schema) && Object.keys(schema).every((key) => ANNOTATIONS.has(key)));

function effectOf(changes: Change[]): Effect {
  return combine(changes.map((entry) => entry.effect));
}

/** Follows a `$ref` on one side: the target merged with the ref's siblings, and where the target lives. */
function expandRef(schema: SchemaObject, side: Side): { schema: JsonSchema; side: Side; key: string } | undefined {
  const target = resolveRef(side.index, schema.$ref as string, side.baseUri);
  if (target?.kind !== "schema") return undefined;
  const { $ref: _ref, ...siblings } = schema;
  let merged: JsonSchema = target.schema;
  if (Object.keys(siblings).some((key) => !ANNOTATIONS.has(key))) {
    if (!isSchemaObject(target.schema) || Object.keys(siblings).some((key) => key in (target.schema as SchemaObject) && !ANNOTATIONS.has(key))) return undefined;
    merged = { ...target.schema, ...siblings };
  }
  return {
    schema: merged,
    side: { index: side.index, file: target.resource.file.path, pointer: target.pointer, baseUri: target.resource.uri, dialect: target.resource.dialect },
    key: `${target.resource.uri}#${target.pointer.slice(target.resource.pointer.length)}`,
  };
}

function compare(oldInput: JsonSchema, newInput: JsonSchema, context: Context): Change[] {
  const oldSchema = normalized(oldInput, context.old.dialect);
  const newSchema = normalized(newInput, context.new.dialect);
  if (equal(oldSchema, newSchema)) return [];
  if (oldSchema === false) return [change(context, "content-model-opened", "was false (nothing allowed), now accepts values")];
  if (newSchema === false) return [change(context, "content-model-closed", "now false: nothing is allowed here")];

  const oldBase = baseUriOf(oldSchema, context.old.dialect, context.old.baseUri);
  const newBase = baseUriOf(newSchema, context.new.dialect, context.new.baseUri);
  context = { ...context, old: { ...context.old, baseUri: oldBase }, new: { ...context.new, baseUri: newBase } };
  context.types = { old: knownTypes(oldSchema, context, "old"), new: knownTypes(newSchema, context, "new") };

  const oldRef = typeof oldSchema.$ref === "string" ? oldSchema.$ref : undefined;
  const newRef = typeof newSchema.$ref === "string" ? newSchema.$ref : undefined;
  if (oldRef !== undefined || newRef !== undefined) {
    const sameTarget =
      oldRef !== undefined && newRef !== undefined && resolveUri(oldRef, oldBase) === resolveUri(newRef, newBase);
    if (!sameTarget) return compareExpanded(oldSchema, newSchema, context);
  }

  const changes: Change[] = [];
  const keywords = [...new Set([...Object.keys(oldSchema), ...Object.keys(newSchema)])];
  for (const keyword of keywords) {
    const [before, after] = [oldSchema[keyword], newSchema[keyword]];
    if (COMPARED_ELSEWHERE.has(keyword) || equal(before, after)) continue;
    const at = after === undefined ? undefined : [keyword];
    if (ANNOTATIONS.has(keyword)) {
      changes.push(change(context, "annotation-changed", `${keyword} changed`, { at }));
    } else if (isExtensionKeyword(keyword)) {
      const [kind, verb] = before === undefined ? (["extension-added", "added"] as const) : after === undefined ? (["extension-removed", "removed"] as const) : (["extension-changed", "changed"] as const);
      changes.push(change(context, kind, `${keyword} ${verb}`, { at }));
    } else if (keyword.startsWith("x-")) {
      changes.push(change(context, "annotation-changed", `${keyword} changed (not enforced)`, { at }));
    } else {
      changes.push(change(context, "keyword-changed", `${keyword} changed: ${show(before)} → ${show(after)}`, { at }));
    }
  }
  if (oldSchema.$schema !== newSchema.$schema && context.path === "") {
    changes.push(change(context, "dialect-changed", `$schema ${show(oldSchema.$schema)} → ${show(newSchema.$schema)}`));
  }
  changes.push(
    ...compareTypes(oldSchema, newSchema, context),
    ...compareEnums(oldSchema, newSchema, context),
    ...compareBounds(oldSchema, newSchema, context),
    ...compareScalars(oldSchema, newSchema, context),
    ...compareObjects(oldSchema, newSchema, context),
    ...compareArrays(oldSchema, newSchema, context),
    ...compareCombinations(oldSchema, newSchema, context),
    ...compareConditions(oldSchema, newSchema, context),
  );
  for (const [keyword, suffix] of Object.entries(SUBSCHEMA_KEYWORDS)) {
    changes.push(...compareSubschema(oldSchema, newSchema, keyword, context, context.path + suffix));
  }
  return changes;
}

function compareExpanded(oldSchema: SchemaObject, newSchema: SchemaObject, context: Context): Change[] {
  const oldExpanded = typeof oldSchema.$ref === "string" ? expandRef(oldSchema, context.old) : { schema: oldSchema, side: context.old, key: `${context.old.file}#${context.old.pointer}` };
  const newExpanded = typeof newSchema.$ref === "string" ? expandRef(newSchema, context.new) : { schema: newSchema, side: context.new, key: `${context.new.file}#${context.new.pointer}` };
  if (!oldExpanded || !newExpanded) {
    return [change(context, "ref-changed", `$ref ${show(oldSchema.$ref ?? null)} → ${show(newSchema.$ref ?? null)}`, { at: newSchema.$ref === undefined ? undefined : ["$ref"] })];
  }
  const key = `${oldExpanded.key}|${newExpanded.key}|${context.polarity}`;
  if (context.visited.has(key)) return [];
  context.visited.add(key);
  return compare(oldExpanded.schema, newExpanded.schema, { ...context, old: oldExpanded.side, new: newExpanded.side });
}

const TYPES = ["array", "boolean", "integer", "null", "number", "object", "string"];

/** A set of JSON types, where `number` includes `integer`. */
function typeSetOf(types: readonly string[]): Set<string> {
  const set = new Set(types);
  if (set.has("number")) set.add("integer");
  return set;
}

/** The `type` a schema declares, looking through refs to targets that declare none. */
function declaredTypes(schema: SchemaObject, side: Side, depth = 0): string[] | undefined {
  if (typeof schema.type === "string") return [schema.type];
  if (Array.isArray(schema.type)) return schema.type as string[];
  if (typeof schema.$ref !== "string" || depth > 8) return undefined;
  const target = resolveRef(side.index, schema.$ref, side.baseUri);
  if (target?.kind !== "schema" || !isSchemaObject(target.schema)) return undefined;
  return declaredTypes(target.schema, { ...side, baseUri: target.resource.uri }, depth + 1);
}

/** The types a value may have here: what this schema declares, within what enclosing schemas and others for the same path allow. */
function knownTypes(schema: SchemaObject, context: Context, version: "old" | "new"): Set<string> {
  const types = typeSetOf(declaredTypes(schema, context[version]) ?? TYPES);
  for (const outer of [context.types[version], context.typesByPath[version].get(context.path)]) {
    if (outer) for (const type of [...types]) if (!outer.has(type)) types.delete(type);
  }
  return types;
}

/** For each value path, the types that schemas applying unconditionally there allow, intersected. */
function typesByPath(root: JsonSchema, rootSide: Side): Map<string, Set<string>> {
  const known = new Map<string, Set<string>>();
  const seen = new Set<string>();
  const visit = (input: unknown, side: Side, path: string, depth: number) => {
    if (depth > 40 || (input !== true && !isSchemaObject(input))) return;
    const schema = normalized(input as JsonSchema, side.dialect);
    if (schema === false) return;
    const declared = typeof schema.type === "string" ? [schema.type] : Array.isArray(schema.type) ? (schema.type as string[]) : undefined;
    if (declared) {
      const types = typeSetOf(declared);
      const before = known.get(path);
      known.set(path, before ? new Set([...before].filter((type) => types.has(type))) : types);
    }
    if (typeof schema.$ref === "string") {
      const target = resolveRef(side.index, schema.$ref, side.baseUri);
      const key = target?.kind === "schema" ? `${target.resource.uri}#${target.pointer}@${path}` : undefined;
      if (target?.kind === "schema" && !seen.has(key!)) {
        seen.add(key!);
        visit(target.schema, { ...side, baseUri: target.resource.uri, dialect: target.resource.dialect }, path, depth + 1);
      }
    }
    if (Array.isArray(schema.allOf)) for (const branch of schema.allOf) visit(branch, side, path, depth + 1);
    for (const [name, property] of Object.entries(mapOf(schema.properties))) visit(property, side, child(path, name), depth + 1);
    if (Array.isArray(schema.prefixItems)) schema.prefixItems.forEach((item, position) => visit(item, side, `${path}[${position}]`, depth + 1));
    if (schema.items !== undefined) visit(schema.items, side, `${path}[]`, depth + 1);
    if (schema.additionalProperties !== undefined) visit(schema.additionalProperties, side, child(path, "*"), depth + 1);
  };
  visit(root, rootSide, "", 0);
  return known;
}

function compareTypes(oldSchema: SchemaObject, newSchema: SchemaObject, context: Context): Change[] {
  if (equal(oldSchema.type, newSchema.type)) return [];
  const [before, after] = [context.types.old!, context.types.new!];
  const gained = [...after].filter((type) => !before.has(type));
  const lost = [...before].filter((type) => !after.has(type));
  const describe = (schema: SchemaObject) => (schema.type === undefined ? "any" : [schema.type].flat().join(" or "));
  const message = `type ${describe(oldSchema)} → ${describe(newSchema)}`;
  const at = newSchema.type === undefined ? undefined : ["type"];
  if (gained.length === 0 && lost.length === 0) return [];
  if (lost.length === 0) return [change(context, "type-extended", message, { at })];
  if (gained.length === 0) return [change(context, "type-narrowed", message, { at })];
  return [change(context, "type-changed", message, { at })];
}

function valuesOf(schema: SchemaObject): unknown[] | undefined {
  if (schema.const !== undefined) return Array.isArray(schema.enum) ? schema.enum.filter((value) => equal(value, schema.const)) : [schema.const];
  return Array.isArray(schema.enum) ? schema.enum : undefined;
}

function compareEnums(oldSchema: SchemaObject, newSchema: SchemaObject, context: Context): Change[] {
  const [before, after] = [valuesOf(oldSchema), valuesOf(newSchema)];
  if (equal(before, after)) return [];
  const at = newSchema.enum !== undefined ? ["enum"] : newSchema.const !== undefined ? ["const"] : undefined;
  if (before === undefined) return [change(context, "enum-narrowed", `now limited to ${showValues(after!)}`, { at })];
  if (after === undefined) return [change(context, "enum-extended", `no longer limited to ${showValues(before)}`, { at })];
  // By key, not pair by pair: an enum may have 100,000 values.
  const [beforeKeys, afterKeys] = [new Set(before.map(jsonKey)), new Set(after.map(jsonKey))];
  const gained = after.filter((value) => !beforeKeys.has(jsonKey(value)));
  const lost = before.filter((value) => !afterKeys.has(jsonKey(value)));
  if (gained.length === 0 && lost.length === 0) return [];
  const parts = [lost.length ? `no longer allows ${showValues(lost)}` : "", gained.length ? `now also allows ${showValues(gained)}` : ""];
  const kind = lost.length === 0 ? "enum-extended" : gained.length === 0 ? "enum-narrowed" : "enum-changed";
  return [change(context, kind, parts.filter(Boolean).join("; "), { at })];
}

function compareBounds(oldSchema: SchemaObject, newSchema: SchemaObject, context: Context): Change[] {
  const changes: Change[] = [];
  for (const keyword of [...MAX_BOUNDS, ...MIN_BOUNDS]) {
    const [before, after] = [oldSchema[keyword], newSchema[keyword]];
    if (equal(before, after)) continue;
    if (typeof before !== "number" && typeof after === "number") changes.push(change(context, "bound-added", `${keyword} ${after} added`, { at: [keyword] }));
    else if (typeof before === "number" && typeof after !== "number") changes.push(change(context, "bound-removed", `${keyword} ${before} removed`));
    else if (typeof before === "number" && typeof after === "number") {
      const relaxed = MAX_BOUNDS.includes(keyword) ? after > before : after < before;
      changes.push(change(context, relaxed ? "bound-relaxed" : "bound-tightened", `${keyword} ${before} → ${after}`, { at: [keyword] }));
    }
  }
  return changes;
}

/** Whether `multiple` is an integer multiple of `factor`, with the tolerance decimals need (0.3 / 0.1). */
function isMultiple(multiple: number, factor: number): boolean {
  const ratio = multiple / factor;
  return Math.abs(ratio - Math.round(ratio)) < 1e-9;
}

function compareScalars(oldSchema: SchemaObject, newSchema: SchemaObject, context: Context): Change[] {
  const changes: Change[] = [];
  const addedRemoved = (keyword: string, added: ChangeKindId, removed: ChangeKindId, changed: ChangeKindId) => {
    const [before, after] = [oldSchema[keyword], newSchema[keyword]];
    if (equal(before, after)) return;
    if (before === undefined) changes.push(change(context, added, `${keyword} ${show(after)} added`, { at: [keyword] }));
    else if (after === undefined) changes.push(change(context, removed, `${keyword} ${show(before)} removed`));
    else changes.push(change(context, changed, `${keyword} ${show(before)} → ${show(after)}`, { at: [keyword] }));
  };
  addedRemoved("pattern", "pattern-added", "pattern-removed", "pattern-changed");
  addedRemoved("format", "format-added", "format-removed", "format-changed");

  const [oldFactor, newFactor] = [oldSchema.multipleOf, newSchema.multipleOf];
  if (typeof oldFactor === "number" && typeof newFactor === "number" && oldFactor !== newFactor) {
    const kind = isMultiple(oldFactor, newFactor) ? "multiple-of-reduced" : isMultiple(newFactor, oldFactor) ? "multiple-of-expanded" : "multiple-of-changed";
    changes.push(change(context, kind, `multipleOf ${oldFactor} → ${newFactor}`, { at: ["multipleOf"] }));
  } else if (!equal(oldFactor, newFactor)) {
    addedRemoved("multipleOf", "multiple-of-added", "multiple-of-removed", "multiple-of-changed");
  }

  if ((oldSchema.uniqueItems === true) !== (newSchema.uniqueItems === true)) {
    changes.push(newSchema.uniqueItems === true
      ? change(context, "unique-items-added", "uniqueItems added", { at: ["uniqueItems"] })
      : change(context, "unique-items-removed", "uniqueItems removed"));
  }
  return changes;
}

const stringsOf = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []);
const mapOf = (value: unknown) => (isSchemaObject(value) ? value : {});

/** What applies to `name` where `keyword` does not declare it: pattern and additional properties for a property, additional properties alone for a pattern. */
function governedBy(schema: SchemaObject, keyword: "properties" | "patternProperties", name: string) {
  return governing(keyword === "properties" ? schema : { additionalProperties: schema.additionalProperties ?? schema.unevaluatedProperties }, name);
}

/** The schema that applies to a property `name` not listed in `properties`, and how open the object is. */
function governing(schema: SchemaObject, name: string): { schema: JsonSchema; model: "open" | "closed" | "partially-open" } {
  for (const [pattern, subschema] of Object.entries(mapOf(schema.patternProperties))) {
    let matches = false;
    try {
      matches = new RegExp(pattern, "u").test(name);
    } catch {
      matches = false;
    }
    if (matches) return { schema: subschema as JsonSchema, model: "partially-open" };
  }
  const rest = schema.additionalProperties ?? schema.unevaluatedProperties;
  if (rest === undefined || isEmpty(rest)) return { schema: true, model: "open" };
  if (rest === false) return { schema: false, model: "closed" };
  return { schema: rest as JsonSchema, model: "partially-open" };
}

function compareObjects(oldSchema: SchemaObject, newSchema: SchemaObject, context: Context): Change[] {
  const changes: Change[] = [];
  const [oldRequired, newRequired] = [stringsOf(oldSchema.required), stringsOf(newSchema.required)];
  for (const name of newRequired.filter((entry) => !oldRequired.includes(entry))) {
    changes.push(change({ ...context, path: child(context.path, name) }, "required-added", `"${name}" is now required`, { at: ["required"] }));
  }
  for (const name of oldRequired.filter((entry) => !newRequired.includes(entry))) {
    changes.push(change({ ...context, path: child(context.path, name) }, "required-removed", `"${name}" is no longer required`, { at: ["required"] }));
  }

  for (const keyword of ["properties", "patternProperties"] as const) {
    const [before, after] = [mapOf(oldSchema[keyword]), mapOf(newSchema[keyword])];
    const label = keyword === "properties" ? "property" : "pattern property";
    for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const path = keyword === "properties" ? child(context.path, name) : child(context.path, `/${name}/`);
      const inner = step(context, [keyword, name], path);
      if (name in before && name in after) {
        changes.push(...compare(before[name] as JsonSchema, after[name] as JsonSchema, inner));
      } else {
        // The effect of declaring (or dropping) the name is that of comparing with what governed it on the other side.
        const added = name in after;
        const rule = governedBy(added ? oldSchema : newSchema, keyword, name);
        const effect = effectOf(added ? compare(rule.schema, after[name] as JsonSchema, inner) : compare(before[name] as JsonSchema, rule.schema, inner));
        if (added) {
          changes.push(change({ ...context, path }, `property-added-to-${rule.model}-model`, `${label} "${name}" declared on a${rule.model === "open" ? "n" : ""} ${rule.model} object`, { at: [keyword, name], effect }));
          continue;
        }
        changes.push(change({ ...context, path }, `property-removed-from-${rule.model}-model`, `${label} "${name}" no longer declared; the object is ${rule.model}`, { effect, at: [keyword] }));
      }
    }
  }

  for (const keyword of ["additionalProperties", "unevaluatedProperties"]) {
    const [before, after] = [oldSchema[keyword] ?? true, newSchema[keyword] ?? true];
    if (!equal(before, after)) changes.push(...compare(before as JsonSchema, after as JsonSchema, step(context, [keyword], child(context.path, "*"))));
  }

  const [oldDependencies, newDependencies] = [mapOf(oldSchema.dependentRequired), mapOf(newSchema.dependentRequired)];
  for (const name of new Set([...Object.keys(oldDependencies), ...Object.keys(newDependencies)])) {
    const [before, after] = [stringsOf(oldDependencies[name]), stringsOf(newDependencies[name])];
    if (!(name in oldDependencies)) changes.push(change(context, "dependency-added", `"${name}" now requires ${after.join(", ")}`, { at: ["dependentRequired", name] }));
    else if (!(name in newDependencies)) changes.push(change(context, "dependency-removed", `"${name}" no longer requires ${before.join(", ")}`, { at: ["dependentRequired"] }));
    else if (!equal([...before].sort(), [...after].sort())) {
      const gained = after.filter((entry) => !before.includes(entry));
      const lost = before.filter((entry) => !after.includes(entry));
      const kind = lost.length === 0 ? "dependency-extended" : gained.length === 0 ? "dependency-narrowed" : "dependency-changed";
      changes.push(change(context, kind, `"${name}" requires ${before.join(", ")} → ${after.join(", ")}`, { at: ["dependentRequired", name] }));
    }
  }
  const [oldSchemas, newSchemas] = [mapOf(oldSchema.dependentSchemas), mapOf(newSchema.dependentSchemas)];
  for (const name of new Set([...Object.keys(oldSchemas), ...Object.keys(newSchemas)])) {
    if (!(name in oldSchemas)) changes.push(change(context, "dependency-added", `a schema now applies when "${name}" is present`, { at: ["dependentSchemas", name] }));
    else if (!(name in newSchemas)) changes.push(change(context, "dependency-removed", `no schema applies any more when "${name}" is present`, { at: ["dependentSchemas"] }));
    else changes.push(...compare(oldSchemas[name] as JsonSchema, newSchemas[name] as JsonSchema, step(context, ["dependentSchemas", name])));
  }
  return changes;
}

function compareArrays(oldSchema: SchemaObject, newSchema: SchemaObject, context: Context): Change[] {
  const changes: Change[] = [];
  const [before, after] = [Array.isArray(oldSchema.prefixItems) ? oldSchema.prefixItems : [], Array.isArray(newSchema.prefixItems) ? newSchema.prefixItems : []];
  const [oldRest, newRest] = [(oldSchema.items ?? true) as JsonSchema, (newSchema.items ?? true) as JsonSchema];
  for (let position = 0; position < Math.max(before.length, after.length); position++) {
    const path = `${context.path}[${position}]`;
    const inner = step(context, ["prefixItems", position], path);
    if (position < before.length && position < after.length) changes.push(...compare(before[position], after[position], inner));
    else if (position < after.length) {
      const effect = effectOf(compare(oldRest, after[position], inner));
      changes.push(change({ ...context, path }, "item-added-to-tuple", `tuple position ${position} added`, { at: ["prefixItems", position], effect }));
    } else {
      const effect = effectOf(compare(before[position], newRest, inner));
      changes.push(change({ ...context, path }, "item-removed-from-tuple", `tuple position ${position} removed`, { effect, at: ["prefixItems"] }));
    }
  }
  if (!equal(oldRest, newRest)) changes.push(...compare(oldRest, newRest, step(context, ["items"], `${context.path}[]`)));
  return changes;
}

function compareSubschema(oldSchema: SchemaObject, newSchema: SchemaObject, keyword: string, context: Context, path: string): Change[] {
  const [before, after] = [oldSchema[keyword], newSchema[keyword]];
  if (equal(before, after)) return [];
  if (before === undefined) return isEmpty(after) ? [] : [change(context, "subschema-added", `${keyword} added`, { at: [keyword] })];
  if (after === undefined) return isEmpty(before) ? [] : [change(context, "subschema-removed", `${keyword} removed`)];
  return compare(before as JsonSchema, after as JsonSchema, step(context, [keyword], path));
}

/** What identifies a branch across versions: its $ref, its discriminating consts, or its title. */
function signature(schema: unknown): string | undefined {
  if (!isSchemaObject(schema)) return undefined;
  if (typeof schema.$ref === "string") return `ref:${schema.$ref}`;
  const consts = Object.entries(mapOf(schema.properties))
    .filter(([, property]) => isSchemaObject(property) && property.const !== undefined)
    .map(([name, property]) => `${name}=${show((property as SchemaObject).const)}`);
  if (consts.length > 0) return `const:${consts.sort().join(",")}`;
  if (schema.if !== undefined) return `if:${show(schema.if)}`;
  return typeof schema.title === "string" ? `title:${schema.title}` : undefined;
}

/** Pairs old and new branches: equal ones first, then by signature, then the rest in order. */
function matchBranches(before: unknown[], after: unknown[]): { pairs: [number, number][]; removed: number[]; added: number[] } {
  const pairs: [number, number][] = [];
  const freeOld = new Set(before.map((_, position) => position));
  const freeNew = new Set(after.map((_, position) => position));
  const pairBy = (same: (a: unknown, b: unknown) => boolean) => {
    for (const oldPosition of [...freeOld]) {
      const match = [...freeNew].find((newPosition) => same(before[oldPosition], after[newPosition]));
      if (match !== undefined) {
        pairs.push([oldPosition, match]);
        freeOld.delete(oldPosition);
        freeNew.delete(match);
      }
    }
  };
  pairBy(equal);
  pairBy((a, b) => signature(a) !== undefined && signature(a) === signature(b));
  if (before.length === after.length) pairBy(() => true);
  return { pairs: pairs.sort((a, b) => a[1] - b[1]), removed: [...freeOld], added: [...freeNew] };
}

function compareCombinations(oldSchema: SchemaObject, newSchema: SchemaObject, context: Context): Change[] {
  const changes: Change[] = [];
  const sums = ["anyOf", "oneOf"];
  const switched = sums.find((keyword) => oldSchema[keyword] !== undefined && newSchema[keyword] === undefined && sums.some((other) => other !== keyword && newSchema[other] !== undefined && oldSchema[other] === undefined));
  for (const keyword of ["allOf", "anyOf", "oneOf"]) {
    const [before, after] = [oldSchema[keyword], newSchema[keyword]];
    if (equal(before, after)) continue;
    if (switched && sums.includes(keyword)) {
      if (after !== undefined) changes.push(change(context, "combined-type-changed", `${switched} became ${keyword}`, { at: [keyword] }));
      continue;
    }
    if (!Array.isArray(before)) {
      changes.push(change(context, "combined-type-added", `${keyword} added`, { at: [keyword] }));
      continue;
    }
    if (!Array.isArray(after)) {
      changes.push(change(context, "combined-type-removed", `${keyword} removed`));
      continue;
    }
    const { pairs, removed, added } = matchBranches(before, after);
    for (const [oldPosition, newPosition] of pairs) {
      const inner = { ...context, old: { ...context.old, pointer: joinPointer(context.old.pointer, keyword, oldPosition) }, new: { ...context.new, pointer: joinPointer(context.new.pointer, keyword, newPosition) } };
      changes.push(...compare(before[oldPosition], after[newPosition], inner));
    }
    const product = keyword === "allOf";
    for (const position of added) changes.push(change(context, product ? "product-type-extended" : "sum-type-extended", `${keyword} branch ${position} added`, { at: [keyword, position] }));
    for (const position of removed) changes.push(change(context, product ? "product-type-narrowed" : "sum-type-narrowed", `${keyword} branch ${position} removed`, { at: [keyword] }));
  }
  const [before, after] = [oldSchema.not, newSchema.not];
  if (!equal(before, after)) {
    if (before === undefined) changes.push(change(context, "combined-type-added", "not added", { at: ["not"] }));
    else if (after === undefined) changes.push(change(context, "combined-type-removed", "not removed"));
    else changes.push(...compare(before as JsonSchema, after as JsonSchema, step(context, ["not"], context.path, context.polarity === 1 ? -1 : 1)));
  }
  return changes;
}

function compareConditions(oldSchema: SchemaObject, newSchema: SchemaObject, context: Context): Change[] {
  const [oldIf, newIf] = [oldSchema.if, newSchema.if];
  if (oldIf === undefined && newIf === undefined) return [];
  if (oldIf === undefined) return [change(context, "condition-added", "if/then/else added", { at: ["if"] })];
  if (newIf === undefined) return [change(context, "condition-removed", "if/then/else removed")];
  if (!equal(oldIf, newIf)) return [change(context, "condition-changed", "the if condition changed", { at: ["if"] })];
  const changes: Change[] = [];
  for (const keyword of ["then", "else"]) {
    const [before, after] = [oldSchema[keyword], newSchema[keyword]];
    if (equal(before, after)) continue;
    if (before === undefined) changes.push(change(context, "condition-added", `${keyword} added`, { at: [keyword] }));
    else if (after === undefined) changes.push(change(context, "condition-removed", `${keyword} removed`, { at: ["if"] }));
    else changes.push(...compare(before as JsonSchema, after as JsonSchema, step(context, [keyword])));
  }
  return changes;
}
