// Named rewrites that make json-schema-to-typescript emit sound types: every value the validator accepts must type-check.
// Each rule takes one schema object (its subschemas already rewritten) and returns the object to hand on.

import { commentText } from "../emit/code.js";
import type { SchemaObject } from "../model/walk.js";

export interface RuleContext {
  /** The instance type an enclosing applicator (allOf/anyOf/oneOf) already guarantees, if it is a single type. */
  impliedType?: string;
  /** True while no property or item lies between this subschema and the declaration's root (only applicators). */
  direct?: boolean;
}

export interface TypeRule {
  id: string;
  /** Why the rule exists: the keyword json-schema-to-typescript mistranslates or ignores. */
  reason: string;
  apply(schema: SchemaObject, context: RuleContext): SchemaObject;
}

const UNKNOWN: SchemaObject = { tsType: "unknown" };

/** A schema that allows every value: `{tsType: "unknown"}`, perhaps with a description. */
function isUnknown(value: unknown): boolean {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const keys = Object.keys(value).filter((key) => key !== "description");
  return keys.length === 1 && (value as SchemaObject).tsType === "unknown";
}

/** Keywords json-schema-to-typescript reads that we hand it; everything else is dropped. */
const TYPE_KEYWORDS = new Set([
  "type", "enum", "const", "properties", "patternProperties", "additionalProperties", "required",
  "items", "additionalItems", "minItems", "maxItems", "allOf", "anyOf", "oneOf", "description",
  "tsType", "deprecated", "default",
]);

const TYPE_SPECIFIC_KEYWORDS = [
  "properties", "patternProperties", "additionalProperties", "required", "items", "additionalItems",
  "minItems", "maxItems",
];

const isPrimitive = (value: unknown) => value === null || typeof value !== "object";

function jsonTypeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

export const TYPE_RULES: TypeRule[] = [
  {
    id: "ignore-user-type-hints",
    reason: "tsType and tsEnumNames in a schema would paste the schema's text into generated code unescaped",
    apply(schema) {
      const { tsType: _tsType, tsEnumNames: _tsEnumNames, ...rest } = schema;
      return rest;
    },
  },
  {
    id: "descriptions-as-comment-text",
    reason: "the emitter writes a description into a doc comment as it is: lone surrogates, control characters and line separators must not reach the file",
    apply(schema) {
      return typeof schema.description === "string" ? { ...schema, description: commentText(schema.description) } : schema;
    },
  },
  {
    id: "structured-constants-are-unknown",
    reason: "object and array values in enum/const are data, but the emitter resolves `$ref` keys inside them",
    apply(schema) {
      const values = Array.isArray(schema.enum) ? schema.enum : "const" in schema ? [schema.const] : [];
      if (values.every(isPrimitive)) return schema;
      const { enum: _enum, const: _const, type: _type, ...rest } = schema;
      return { ...rest, tsType: "unknown" };
    },
  },
  {
    id: "prefix-items-as-tuple",
    reason: "prefixItems becomes never[] or loses its prefix; draft-07 tuple form is understood",
    apply(schema) {
      if (!Array.isArray(schema.prefixItems)) return schema;
      const { prefixItems, items, ...rest } = schema;
      return { ...rest, items: prefixItems, additionalItems: items === undefined ? UNKNOWN : items };
    },
  },
  {
    id: "open-tuple-by-default",
    reason: "a tuple without additionalItems accepts extra items, but is typed as closed",
    apply(schema) {
      if (!Array.isArray(schema.items) || schema.additionalItems !== undefined) return schema;
      return { ...schema, additionalItems: UNKNOWN };
    },
  },
  {
    id: "pattern-properties-stay-open",
    reason: "patternProperties become an index signature that rejects other keys, though additionalProperties allows them",
    apply(schema) {
      if (schema.patternProperties === undefined || schema.additionalProperties === false) return schema;
      const additional = schema.additionalProperties;
      return { ...schema, additionalProperties: additional === undefined || additional === true ? UNKNOWN : additional };
    },
  },
  {
    id: "unknown-intersection-members-drop-out",
    reason: "an allOf member that constrains no type (an if/then rule, say) adds `unknown &` noise",
    apply(schema) {
      if (!Array.isArray(schema.allOf)) return schema;
      const members = schema.allOf.filter((member) => !isUnknown(member));
      if (members.length === schema.allOf.length) return schema;
      const { allOf: _allOf, ...rest } = schema;
      return members.length > 0 ? { ...rest, allOf: members } : rest;
    },
  },
  {
    id: "array-bounds-stay-readable",
    reason: "maxItems and large minItems become unions of every tuple length; a rest type with a short prefix says enough",
    apply(schema) {
      if (schema.maxItems === undefined && !(typeof schema.minItems === "number" && schema.minItems > 3)) return schema;
      const { maxItems: _maxItems, minItems, ...rest } = schema;
      return typeof minItems === "number" && minItems <= 3 ? { ...rest, minItems } : rest;
    },
  },
  {
    id: "keep-only-type-keywords",
    reason: "not, if/then/else, unevaluated*, titles and ids would make wrong or extra declarations",
    apply(schema) {
      const kept: SchemaObject = {};
      for (const [keyword, value] of Object.entries(schema)) if (TYPE_KEYWORDS.has(keyword)) kept[keyword] = value;
      return kept;
    },
  },
  {
    id: "default-needs-type",
    reason: "{default: \"x\"} without type is typed as string though any value is valid",
    apply(schema) {
      if (schema.type !== undefined || schema.default === undefined) return schema;
      const { default: _default, ...rest } = schema;
      return rest;
    },
  },
  {
    id: "default-of-another-type-drops-out",
    reason: "{type: \"integer\", default: \"8080\"} is typed as undefined: the emitter intersects the type with the default's",
    apply(schema) {
      if (schema.default === undefined || schema.type === undefined) return schema;
      const types = Array.isArray(schema.type) ? schema.type : [schema.type];
      if (types.includes(jsonTypeOf(schema.default)) || (types.includes("number") && jsonTypeOf(schema.default) === "integer")) return schema;
      const { default: _default, ...rest } = schema;
      return rest;
    },
  },
  {
    id: "untyped-keywords-apply-to-any-type",
    reason: "{properties} without type accepts strings and numbers, but is typed as an object",
    apply(schema, context) {
      if (schema.type !== undefined || schema.enum !== undefined || schema.const !== undefined || schema.tsType !== undefined) {
        return schema;
      }
      if (context.impliedType && TYPE_SPECIFIC_KEYWORDS.some((keyword) => keyword in schema)) {
        return { ...schema, type: context.impliedType };
      }
      const rest: SchemaObject = {};
      for (const [keyword, value] of Object.entries(schema)) if (!TYPE_SPECIFIC_KEYWORDS.includes(keyword)) rest[keyword] = value;
      const constrains = ["allOf", "anyOf", "oneOf"].some((keyword) => keyword in rest);
      return constrains ? rest : { ...rest, ...UNKNOWN };
    },
  },
];
