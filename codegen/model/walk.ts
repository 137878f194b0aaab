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
  walk(schema, dialect, visit, state as State, "", [], undefined);
}

function walk<State>(
  schema: unknown,
  dialect: Dialect,
  visit: (visit: SubschemaVisit, state: State) => State,
  state: State,
  pointer: string,
  via: string[],
  parent: SchemaObject | undefined,
): void {
  if (!isSchema(schema)) return;
  const childState = visit({ schema, pointer, via, parent }, state);
  if (!isSchemaObject(schema)) return;
  // Inert siblings of a classic `$ref` are not visited, but its definitions are: refs point into them.
  const onlyDefinitions = DIALECT_RULES[dialect].refIgnoresSiblings && typeof schema.$ref === "string";
  for (const [keyword, value] of Object.entries(schema)) {
    if (onlyDefinitions && keyword !== "definitions" && keyword !== "$defs") continue;
    if ((SINGLE_SCHEMA_KEYWORDS as readonly string[]).includes(keyword) && isSchema(value)) {
      walk(value, dialect, visit, childState, joinPointer(pointer, keyword), [keyword], schema);
    } else if ((SCHEMA_ARRAY_KEYWORDS as readonly string[]).includes(keyword) && Array.isArray(value)) {
      value.forEach((item, index) =>
        walk(item, dialect, visit, childState, joinPointer(pointer, keyword, index), [keyword, String(index)], schema),
      );
    } else if ((SCHEMA_MAP_KEYWORDS as readonly string[]).includes(keyword) && isSchemaObject(value)) {
      for (const [key, item] of Object.entries(value)) {
        walk(item, dialect, visit, childState, joinPointer(pointer, keyword, key), [keyword, key], schema);
      }
    }
  }
}
