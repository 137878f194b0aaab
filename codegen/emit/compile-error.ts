// Ajv's compile errors carry no location ("discriminator: "kind" must be required"). This finds the subschema that
// raises one, so the error points at its line and column instead of 1:1 of a file that may be megabytes long.

import { createAjv } from "../ajv.js";
import { DIALECT_RULES, type Dialect } from "../model/dialect.js";
import type { SchemaResource } from "../model/resources.js";
import { childSubschemas, isSchemaObject, type JsonSchema } from "../model/walk.js";

const REFERENCE_KEYWORDS = ["$ref", "$dynamicRef", "$recursiveRef", "$schema", "$anchor", "$dynamicAnchor", "$recursiveAnchor"];

/** A copy that compiles on its own: no refs to follow, no ids to register. */
function standalone(schema: JsonSchema, dialect: Dialect): JsonSchema {
  if (!isSchemaObject(schema)) return schema;
  const idKeyword = DIALECT_RULES[dialect].idKeyword;
  return JSON.parse(JSON.stringify(schema), function (key, value) {
    // Property names and definitions keep their keys; only keyword positions lose references.
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      for (const keyword of [...REFERENCE_KEYWORDS, idKeyword]) if (typeof value[keyword] === "string") delete value[keyword];
    }
    return value;
  });
}

/**
 * The pointer (absolute in the file) of the deepest subschema that fails to compile on its own, descending from
 * the resource root through the first child that fails each time; "" when only the whole fails.
 */
export function locateCompileError(resource: SchemaResource): string {
  const ajv = createAjv(resource.dialect);
  const fails = (schema: JsonSchema) => {
    try {
      ajv.compile(standalone(schema, resource.dialect) as object);
      return false;
    } catch {
      return true;
    }
  };
  let pointer = resource.pointer;
  let schema: JsonSchema = resource.schema;
  descend: for (;;) {
    if (!isSchemaObject(schema)) return pointer;
    for (const child of childSubschemas(schema, resource.dialect, pointer)) {
      if (fails(child.schema)) {
        pointer = child.pointer;
        schema = child.schema;
        continue descend;
      }
    }
    return pointer;
  }
}
