// Factories: createX(input) fills the required fields a caller should not have to invent (ids, timestamps, defaults).

import type { NamedSchema } from "../model/names.js";
import { resolveRef, type SchemaIndex } from "../model/resources.js";
import { isSchemaObject, type SchemaObject } from "../model/walk.js";
import { jsonExpression, propertyKey } from "./code.js";

export interface FactoryField {
  property: string;
  /** JavaScript expression that produces the value; runtime helpers by name. */
  expression: string;
}

/** The schema a property's subschema stands for, following a `$ref` chain within the set. */
function resolvedSubschema(schema: unknown, baseUri: string, index: SchemaIndex): SchemaObject | undefined {
  let current = schema;
  let base = baseUri;
  for (let hops = 0; hops < 16 && isSchemaObject(current) && typeof current.$ref === "string"; hops++) {
    const target = resolveRef(index, current.$ref, base);
    if (target?.kind !== "schema") return undefined;
    base = target.resource.uri;
    current = target.schema;
  }
  return isSchemaObject(current) ? current : undefined;
}

export function factoryFields(named: NamedSchema, index: SchemaIndex): FactoryField[] {
  const schema = named.schema;
  if (!isSchemaObject(schema) || schema.type !== "object" || !isSchemaObject(schema.properties) || !Array.isArray(schema.required)) {
    return [];
  }
  const fields: FactoryField[] = [];
  for (const property of schema.required) {
    if (typeof property !== "string") continue;
    const own = schema.properties[property];
    const subschema = resolvedSubschema(own, named.resource.uri, index);
    if (!subschema) continue;
    // A default beside the $ref wins over one at its target.
    if (isSchemaObject(own) && own.default !== undefined) fields.push({ property, expression: jsonExpression(own.default) });
    else if (subschema.default !== undefined) fields.push({ property, expression: jsonExpression(subschema.default) });
    else if (subschema.format === "uuid") fields.push({ property, expression: "randomUuid()" });
    else if (subschema.format === "date-time") fields.push({ property, expression: "currentTimestamp()" });
  }
  return fields;
}

export function factoryValue(named: NamedSchema, fields: FactoryField[]): string {
  const body = fields.map((field) => `${propertyKey(field.property)}: ${field.expression}`).join(", ");
  return `export const create${named.name} = createFactory(validate${named.name}, ${JSON.stringify(named.name)}, () => ({ ${body} }));`;
}

export function factoryDeclaration(named: NamedSchema, fields: FactoryField[]): string {
  const keys = fields.map((field) => JSON.stringify(field.property)).join(" | ");
  return `export declare function create${named.name}(input: runtime.FactoryInput<${named.name}, ${keys}>): ${named.name};`;
}
