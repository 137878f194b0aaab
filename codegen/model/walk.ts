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

/** The subschemas directly below one schema object, in document order, with their pointers and keywords. */
export function childSubschemas(schema: SchemaObject, dialect: Dialect, pointer: string): { schema: JsonSchema; pointer: string; via: string[] }[] {
  const children: { schema: JsonSchema; pointer: string; via: string[] }[] = [];
  // Inert siblings of a classic `$ref` are not visited, but its definitions are: refs point into them.
  const onlyDefinitions = DIALECT_RULES[dialect].refIgnoresSiblings && typeof schema.$ref === "string";
  for (const [keyword, value] of Object.entries(schema)) {
    if (onlyDefinitions && keyword !== "definitions" && keyword !== "$defs") continue;
    if ((SINGLE_SCHEMA_KEYWORDS as readonly string[]).includes(keyword) && isSchema(value)) {
      children.push({ schema: value, pointer: joinPointer(pointer, keyword), via: [keyword] });
    } else if ((SCHEMA_ARRAY_KEYWORDS as readonly string[]).includes(keyword) && Array.isArray(value)) {
      value.forEach((item, index) => {
        if (isSchema(item)) children.push({ schema: item, pointer: joinPointer(pointer, keyword, index), via: [keyword, String(index)] });
      });
    } else if ((SCHEMA_MAP_KEYWORDS as readonly string[]).includes(keyword) && isSchemaObject(value)) {
      for (const [key, item] of Object.entries(value)) {
        if (isSchema(item)) children.push({ schema: item, pointer: joinPointer(pointer, keyword, key), via: [keyword, key] });
      }
    }
  }
  return children;
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
  for (const child of childSubschemas(schema, dialect, pointer)) walk(child.schema, dialect, visit, childState, child.pointer, child.via, schema);
}
