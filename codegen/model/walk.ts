// Visit every subschema of a schema document with its JSON Pointer: the one walker lint, docs and codegen share.

import { DIALECT_RULES, type Dialect } from "./dialect.js";
import { joinPointer } from "./pointer.js";

export type JsonSchema = boolean | SchemaObject;
export interface SchemaObject {
  [keyword: string]: unknown;
}

/** Keywords whose value is one subschema. */
export const SINGLE_SCHEMA_KEYWORDS = [
  "additionalItems",
  "additionalProperties",
  "contains",
  "contentSchema",
  "else",
  "if",
  "items",
  "not",
  "propertyNames",
  "then",
  "unevaluatedItems",
  "unevaluatedProperties",
] as const;

/** Keywords whose value is an array of subschemas. */
export const SCHEMA_ARRAY_KEYWORDS = ["allOf", "anyOf", "oneOf", "prefixItems", "items"] as const;

/** Keywords whose value maps names to subschemas. */
export const SCHEMA_MAP_KEYWORDS = ["$defs", "definitions", "dependentSchemas", "dependencies", "patternProperties", "properties"] as const;

export function isSchemaObject(value: unknown): value is SchemaObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function isSchema(value: unknown): value is JsonSchema {
  return typeof value === "boolean" || isSchemaObject(value);
}

export interface SubschemaVisit {
  schema: JsonSchema;
  pointer: string;
  /** The keyword (and key) that led here from the parent; empty for the root. */
  via: string[];
  parent?: SchemaObject;
}

/**
 * Calls `visit` for `schema` and every subschema below it, parents first, in document order.
 * `visit` returns the state its children receive (the base URI, for example).
 * In draft-07 and earlier a `$ref` makes its sibling keywords inert, so they are not visited (its definitions are).
 */
export function walkSubschemas<State = undefined>(
  schema: unknown,
  dialect: Dialect,
  visit: (visit: SubschemaVisit, state: State) => State,
  state?: State,
): void {
  // Iterative, children pushed last first: the same order as recursion, for documents deeper than the call stack
  // (the check refuses them, after indexing has walked them).
  const pending: Pending<State>[] = [{ schema, pointer: "", via: [], parent: undefined, state: state as State }];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (!isSchema(next.schema)) continue;
    const childState = visit({ schema: next.schema, pointer: next.pointer, via: next.via, parent: next.parent }, next.state);
    if (!isSchemaObject(next.schema)) continue;
    const first = pending.length;
    appendChildren(next.schema, dialect, next.pointer, pending, (child, pointer, via) => ({ schema: child, pointer, via, parent: next.schema as SchemaObject, state: childState }));
    // Into last-first order, in place: the walk of a large folder visits millions of subschemas.
    for (let low = first, high = pending.length - 1; low < high; low++, high--) [pending[low], pending[high]] = [pending[high]!, pending[low]!];
  }
}

interface Pending<State> {
  schema: unknown;
  pointer: string;
  via: string[];
  parent: SchemaObject | undefined;
  state: State;
}

const SINGLE = new Set<string>(SINGLE_SCHEMA_KEYWORDS);
const ARRAY = new Set<string>(SCHEMA_ARRAY_KEYWORDS);
const MAP = new Set<string>(SCHEMA_MAP_KEYWORDS);

/** Appends what `make` makes of each subschema directly below one schema object, in document order. */
function appendChildren<Entry>(schema: SchemaObject, dialect: Dialect, pointer: string, out: Entry[], make: (schema: JsonSchema, pointer: string, via: string[]) => Entry): void {
  // Inert siblings of a classic `$ref` are not visited, but its definitions are: refs point into them.
  const onlyDefinitions = DIALECT_RULES[dialect].refIgnoresSiblings && typeof schema.$ref === "string";
  for (const keyword in schema) {
    if (!Object.prototype.hasOwnProperty.call(schema, keyword)) continue;
    if (onlyDefinitions && keyword !== "definitions" && keyword !== "$defs") continue;
    const value = schema[keyword];
    if (SINGLE.has(keyword) && isSchema(value)) {
      out.push(make(value, joinPointer(pointer, keyword), [keyword]));
    } else if (ARRAY.has(keyword) && Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) {
        const item: unknown = value[index];
        if (isSchema(item)) out.push(make(item, joinPointer(pointer, keyword, index), [keyword, String(index)]));
      }
    } else if (MAP.has(keyword) && isSchemaObject(value)) {
      for (const key in value) {
        if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
        const item = value[key];
        if (isSchema(item)) out.push(make(item, joinPointer(pointer, keyword, key), [keyword, key]));
      }
    }
  }
}

/** The subschemas directly below one schema object, in document order, with their pointers and keywords. */
export function childSubschemas(schema: SchemaObject, dialect: Dialect, pointer: string): { schema: JsonSchema; pointer: string; via: string[] }[] {
  const children: { schema: JsonSchema; pointer: string; via: string[] }[] = [];
  appendChildren(schema, dialect, pointer, children, (child, childPointer, via) => ({ schema: child, pointer: childPointer, via }));
  return children;
}
