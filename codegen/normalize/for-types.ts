// Prepares one named schema for json-schema-to-typescript: refs become named types, anonymous refs are inlined,
// and the TYPE_RULES make the result sound. Property names and patterns are swapped for placeholders so that
// no schema text reaches the type emitter; emit/types.ts puts them back, escaped.

import { DIALECT_RULES, type Dialect } from "../model/dialect.js";
import { locationKey, type NamedSchema, type NameTable } from "../model/names.js";
import { resolveRef, scopeOf, type SchemaIndex } from "../model/resources.js";
import { isSchemaObject, type JsonSchema, type SchemaObject } from "../model/walk.js";
import { TYPE_RULES, type RuleContext } from "./rules.js";

export interface TypeInput {
  /** The schema to hand json-schema-to-typescript, titled with the type's name. */
  schema: SchemaObject;
  /** Named schemas this type refers to. */
  references: Set<NamedSchema>;
  /** Placeholder identifier → original property name or pattern. */
  placeholders: Map<string, { kind: "property" | "pattern"; text: string }>;
}

const REF_KEYWORDS = new Set(["$ref", "$dynamicRef", "$recursiveRef"]);
/** Siblings of a `$ref` that constrain nothing, so the ref's type stands alone. */
const ANNOTATION_KEYWORDS = new Set(["description", "title", "$comment", "examples", "default", "deprecated", "readOnly", "writeOnly", "$id", "id", "$anchor"]);

interface WalkState {
  index: SchemaIndex;
  names: NameTable;
  dialect: Dialect;
  references: Set<NamedSchema>;
  placeholders: Map<string, { kind: "property" | "pattern"; text: string }>;
  inlining: Set<string>;
}

export function prepareTypeInput(named: NamedSchema, index: SchemaIndex, names: NameTable): TypeInput {
  const state: WalkState = {
    index,
    names,
    dialect: named.resource.dialect,
    references: new Set(),
    placeholders: new Map(),
    inlining: new Set([locationKey(named.resource.file.path, named.pointer)]),
  };
  // A definition's own id is applied by rewrite(), as for any subschema; a file root's is its resource URI.
  const schema = { ...rewrite(named.schema, named.resource.uri, { direct: true }, state, named.pointer === ""), title: named.name };
  return { schema, references: state.references, placeholders: state.placeholders };
}

function placeholder(state: WalkState, kind: "property" | "pattern", text: string): string {
  const key = `__schemagen_${kind}_${state.placeholders.size}__`;
  state.placeholders.set(key, { kind, text });
  return key;
}

function rewrite(schema: JsonSchema, baseUri: string, context: RuleContext, state: WalkState, isResourceRoot = false): SchemaObject {
  if (schema === true) return { tsType: "unknown" };
  if (schema === false) return { tsType: "never" };
  const base = isResourceRoot ? baseUri : scopeOf(schema, state.dialect, baseUri).baseUri;

  const reference = referencedType(schema, base, context, state);
  if (reference) {
    const described = typeof schema.description === "string" ? { ...reference, description: schema.description } : reference;
    const siblings = Object.keys(schema).filter((keyword) => !REF_KEYWORDS.has(keyword) && !ANNOTATION_KEYWORDS.has(keyword));
    if (DIALECT_RULES[state.dialect].refIgnoresSiblings || siblings.length === 0) return described;
    const rest = Object.fromEntries(siblings.map((keyword) => [keyword, schema[keyword]]));
    return { allOf: [reference, rewrite(rest, base, context, state)], ...(described.description ? { description: described.description } : {}) };
  }

  const ownType = typeof schema.type === "string" ? schema.type : undefined;
  const applicatorContext: RuleContext = {
    impliedType: ownType ?? (schema.type === undefined ? context.impliedType : undefined),
    direct: context.direct === true,
  };
  const result: SchemaObject = { ...schema };
  if (isSchemaObject(schema.properties)) {
    const properties: SchemaObject = {};
    const renamed = new Map<string, string>();
    for (const [name, subschema] of Object.entries(schema.properties)) {
      const key = placeholder(state, "property", name);
      renamed.set(name, key);
      properties[key] = rewrite(subschema as JsonSchema, base, {}, state);
    }
    result.properties = properties;
    if (Array.isArray(schema.required)) {
      result.required = schema.required.map((name) =>
        typeof name === "string" ? (renamed.get(name) ?? placeholder(state, "property", name)) : name,
      );
    }
  } else if (Array.isArray(schema.required)) {
    result.required = schema.required.map((name) => (typeof name === "string" ? placeholder(state, "property", name) : name));
  }
  if (isSchemaObject(schema.patternProperties)) {
    result.patternProperties = Object.fromEntries(
      Object.entries(schema.patternProperties).map(([pattern, subschema]) => [
        placeholder(state, "pattern", pattern),
        rewrite(subschema as JsonSchema, base, {}, state),
      ]),
    );
  }
  for (const keyword of ["additionalProperties", "additionalItems"]) {
    const value = schema[keyword];
    // Booleans stay booleans: the emitter reads `false` as "closed", but a `never` schema as an open index.
    if (value !== undefined && typeof value !== "boolean") result[keyword] = rewrite(value as JsonSchema, base, {}, state);
  }
  for (const keyword of ["items", "prefixItems"]) {
    const value = schema[keyword];
    if (Array.isArray(value)) result[keyword] = value.map((item) => rewrite(item as JsonSchema, base, {}, state));
    else if (value !== undefined) result[keyword] = rewrite(value as JsonSchema, base, {}, state);
  }
  for (const keyword of ["allOf", "anyOf", "oneOf"]) {
    const value = schema[keyword];
    if (Array.isArray(value)) result[keyword] = value.map((item) => rewrite(item as JsonSchema, base, applicatorContext, state));
  }
  return TYPE_RULES.reduce((current, rule) => rule.apply(current, context), result);
}

/** The type a `$ref` names: a named schema, an inlined anonymous one, or unknown for dynamic refs. */
function referencedType(schema: SchemaObject, baseUri: string, context: RuleContext, state: WalkState): SchemaObject | undefined {
  if (typeof schema.$dynamicRef === "string" || typeof schema.$recursiveRef === "string") return { tsType: "unknown" };
  if (typeof schema.$ref !== "string") return undefined;
  const target = resolveRef(state.index, schema.$ref, baseUri);
  if (!target || target.kind !== "schema") return { tsType: "unknown" };
  const key = locationKey(target.resource.file.path, target.pointer);
  const named = state.names.byLocation.get(key);
  if (named) {
    // `X = allOf[X, …]` with no property between: Ajv recurses without progress, and `type X = X & …` does not compile.
    if (context.direct && state.inlining.has(key)) return { tsType: "unknown" };
    state.references.add(named);
    return { tsType: named.name };
  }
  if (state.inlining.has(key)) return { tsType: "unknown" };
  state.inlining.add(key);
  const inlined = rewrite(target.schema, target.resource.uri, context, { ...state, dialect: target.resource.dialect }, target.pointer === target.resource.pointer);
  state.inlining.delete(key);
  return inlined;
}
