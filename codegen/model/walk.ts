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
  const pending: { schema: unknown; pointer: string; via: string[]; parent: SchemaObject | undefined; state: State }[] = [
    { schema, pointer: "", via: [], parent: undefined, state: state as State },
  ];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (!isSchema(next.schema)) continue;
    const childState = visit({ schema: next.schema, pointer: next.pointer, via: next.via, parent: next.parent }, next.state);
    if (!isSchemaObject(next.schema)) continue;
    const children = childSubschemas(next.schema, dialect, next.pointer);
    for (let at = children.length - 1; at >= 0; at--) pending.push({ ...children[at]!, parent: next.schema, state: childState });
  }
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
