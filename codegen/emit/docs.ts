// Markdown reference per domain for readers who never open a .json file: every type with its fields, enums,
// examples and the cross-field rules in words. Deterministic: built from the schemas alone.

import type { NamedSchema, NameTable } from "../model/names.js";
import { compareText } from "../model/order.js";
import { resolveRef, type SchemaIndex } from "../model/resources.js";
import { isSchemaObject, type SchemaObject } from "../model/walk.js";
import { markdownCode, markdownFence, markdownText } from "./code.js";

const CONSTRAINTS = [
  "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "pattern", "format",
  "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties", "const",
] as const;

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function anchor(name: string): string {
  return name.toLowerCase();
}

/** How a field's type reads: a link for named types, the JSON type otherwise. */
function typeOf(schema: unknown, named: NamedSchema, index: SchemaIndex, names: NameTable): string {
  if (schema === true) return "any";
  if (schema === false) return "nothing";
  if (!isSchemaObject(schema)) return "?";
  if (typeof schema.$ref === "string") {
    const target = resolveRef(index, schema.$ref, named.resource.uri);
    const targetName = target?.kind === "schema" ? names.byLocation.get(`${target.resource.file.path}#${target.pointer}`) : undefined;
    if (targetName) {
      const link = targetName.module === named.module ? `#${anchor(targetName.name)}` : `${targetName.module}.md#${anchor(targetName.name)}`;
      return `[${targetName.name}](${link})`;
    }
  }
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map((value) => markdownCode(JSON.stringify(value))).join(", ")}`;
  if (schema.const !== undefined) return markdownCode(JSON.stringify(schema.const));
  const type = Array.isArray(schema.type) ? schema.type.join(" or ") : typeof schema.type === "string" ? schema.type : "any";
  if (type === "array" && schema.items !== undefined) return `array of ${typeOf(schema.items, named, index, names)}`;
  if (type === "object" && isSchemaObject(schema.additionalProperties)) return `object of ${typeOf(schema.additionalProperties, named, index, names)}`;
  return type;
}

function constraintsOf(schema: unknown): string {
  if (!isSchemaObject(schema)) return "";
  const shown: SchemaObject = { ...schema };
  // Draft-04: `exclusiveMaximum: true` makes `maximum` exclusive; shown as the later drafts write it.
  for (const [exclusive, bound] of [["exclusiveMaximum", "maximum"], ["exclusiveMinimum", "minimum"]] as const) {
    if (typeof schema[exclusive] !== "boolean") continue;
    delete shown[exclusive];
    if (schema[exclusive] === true && schema[bound] !== undefined) {
      shown[exclusive] = schema[bound];
      delete shown[bound];
    }
  }
  return CONSTRAINTS.filter((keyword) => shown[keyword] !== undefined)
    .map((keyword) => {
      const value = shown[keyword];
      if (typeof value === "number" || typeof value === "boolean") return `${keyword} ${value}`;
      return `${keyword} ${markdownCode(keyword === "pattern" ? String(value) : JSON.stringify(value))}`;
    })
    .join("; ");
}

/** Cross-field rules in words, from if/then, dependentRequired and the extension keywords. */
function rulesOf(schema: SchemaObject): string[] {
  const rules: string[] = [];
  const conditions = [schema, ...(Array.isArray(schema.allOf) ? schema.allOf.filter(isSchemaObject) : [])];
  for (const condition of conditions) {
    if (!isSchemaObject(condition.if) || !isSchemaObject(condition.then)) continue;
    const when = Object.entries(isSchemaObject(condition.if.properties) ? condition.if.properties : {})
      .map(([field, test]) => (isSchemaObject(test) ? `${markdownCode(field)} is ${test.const !== undefined ? markdownCode(JSON.stringify(test.const)) : Array.isArray(test.enum) ? (test.enum.length === 1 ? markdownCode(JSON.stringify(test.enum[0])) : `one of ${test.enum.map((value) => markdownCode(JSON.stringify(value))).join(", ")}`) : "as described"}` : markdownCode(field)))
      .join(" and ");
    const then = condition.then;
    const parts: string[] = [];
    if (Array.isArray(then.required)) parts.push(`requires ${then.required.map((field) => markdownCode(String(field))).join(", ")}`);
    if (then.not !== undefined) parts.push("excludes a combination of fields (see the description)");
    if (isSchemaObject(then.properties)) parts.push(`narrows ${Object.keys(then.properties).map((field) => markdownCode(field)).join(", ")}`);
    if (when && parts.length > 0) rules.push(`When ${when}: ${parts.join("; ")}.`);
  }
  if (isSchemaObject(schema.dependentRequired)) {
    for (const [field, needed] of Object.entries(schema.dependentRequired)) {
      if (Array.isArray(needed)) rules.push(`${markdownCode(field)} requires ${needed.map((other) => markdownCode(String(other))).join(", ")}.`);
    }
  }
  const order = schema["x-analytics-dateOrder"];
  if (Array.isArray(order)) {
    for (const pair of order) if (Array.isArray(pair)) rules.push(`${markdownCode(String(pair[1]))} is not before ${markdownCode(String(pair[0]))} (extension keyword, not checked by other validators).`);
  }
  return rules;
}

function typeSection(named: NamedSchema, index: SchemaIndex, names: NameTable): string {
  const schema = named.schema;
  const lines = [`### ${named.name}`, ""];
  if (!isSchemaObject(schema)) return [...lines, schema ? "Any value." : "No value.", ""].join("\n");
  if (typeof schema.description === "string") lines.push(markdownText(schema.description), "");
  if (named.pointer === "") lines.push(`Schema: ${markdownCode(named.resource.file.path)} (${markdownCode(named.resource.uri)})`, "");
  if (Array.isArray(schema.enum)) {
    lines.push(`Values: ${schema.enum.map((value) => markdownCode(JSON.stringify(value))).join(", ")}`, "");
  }
  if (isSchemaObject(schema.properties)) {
    const required = new Set(Array.isArray(schema.required) ? schema.required : []);
    lines.push("| field | type | required | constraints | default | description |", "|---|---|---|---|---|---|");
    for (const [field, property] of Object.entries(schema.properties)) {
      const description = isSchemaObject(property) && typeof property.description === "string" ? markdownText(property.description) : "";
      const fallback = isSchemaObject(property) && property.default !== undefined ? markdownCode(JSON.stringify(property.default)) : "";
      lines.push(
        `| ${cell(markdownCode(field))} | ${cell(typeOf(property, named, index, names))} | ${required.has(field) ? "yes" : "no"} | ${cell(constraintsOf(property))} | ${cell(fallback)} | ${cell(description)} |`,
      );
    }
    lines.push("");
  }
  const rules = rulesOf(schema);
  if (rules.length > 0) lines.push("Rules:", "", ...rules.map((rule) => `- ${rule}`), "");
  if (Array.isArray(schema.examples) && schema.examples.length > 0) {
    lines.push("Example:", "", markdownFence(JSON.stringify(schema.examples[0], null, 2), "json"), "");
  }
  return lines.join("\n");
}

export function emitDocs(names: NameTable, index: SchemaIndex): { path: string; contents: string }[] {
  const modules = [...new Set(names.all.map((named) => named.module))].sort(compareText);
  return modules.map((module) => {
    const own = names.all
      .filter((named) => named.module === module)
      .sort((a, b) => compareText(a.resource.file.path, b.resource.file.path) || compareText(a.pointer, b.pointer));
    const contents = [
      `# ${module}`,
      "",
      "Written by `schemagen docs`; do not edit by hand. Types link to each other; every table lists a type's fields.",
      "",
      "## Types",
      "",
      ...own.map((named) => `- [${named.name}](#${anchor(named.name)})`),
      "",
      ...own.map((named) => typeSection(named, index, names)),
    ].join("\n");
    return { path: `${module}.md`, contents };
  });
}
