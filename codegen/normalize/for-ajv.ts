// The copy of each schema file that Ajv compiles. Named rules correct what Ajv would get wrong, so generated
// validators follow the specification where Ajv does not, and keep out what it would only copy; each rule's test is
// in test/normalize-ajv.test.ts or, where only verdicts show it, in test/test-suite.test.ts.

import { DIALECT_RULES, METASCHEMA_URIS, type Dialect } from "../model/dialect.js";
import { resolveRef, resolveUri, scopeOf, type FileResource, type SchemaIndex } from "../model/resources.js";
import { isSchemaObject, walkSubschemas, type JsonSchema, type SchemaObject } from "../model/walk.js";

export interface AjvRuleContext {
  dialect: Dialect;
  index: SchemaIndex;
  /** Base URI in force at this subschema. */
  baseUri: string;
  pointer: string;
}

export interface AjvRule {
  id: string;
  reason: string;
  /** Edits the (already copied) subschema in place. */
  apply(schema: SchemaObject, context: AjvRuleContext): void;
}

const hasOwn = (value: object, key: string) => Object.prototype.hasOwnProperty.call(value, key);

const ANNOTATIONS = new Set(["description", "title", "$comment", "examples", "default", "deprecated", "readOnly", "writeOnly"]);
/** Keywords of an inlined target that would mean something else in its new place. */
const INLINE_DROPS = new Set(["$id", "id", "$schema", "$defs", "definitions", "$comment", "$anchor", "$dynamicAnchor", "$recursiveAnchor", "$vocabulary"]);
const KEPT_IN_PLACE = new Set(["$id", "id", "$schema", "$defs", "definitions"]);
const REFERENCE_KEYWORDS = new Set(["$ref", "$dynamicRef", "$recursiveRef", "$id", "$anchor", "$dynamicAnchor", "$recursiveAnchor"]);
const idKeywordOf = (dialect: Dialect) => DIALECT_RULES[dialect].idKeyword;

/** A schema that refers to nothing and declares no resource or anchor, so it means the same wherever it is copied. */
function isLeaf(schema: SchemaObject, dialect: Dialect): boolean {
  let leaf = true;
  walkSubschemas(schema, dialect, ({ schema: subschema, pointer }) => {
    if (!isSchemaObject(subschema)) return undefined;
    for (const keyword of Object.keys(subschema)) {
      const isId = keyword === idKeywordOf(dialect);
      if ((REFERENCE_KEYWORDS.has(keyword) || isId) && !(pointer === "" && isId)) leaf = false;
      if (keyword === "unevaluatedProperties" || keyword === "unevaluatedItems") leaf = false;
    }
    return undefined;
  });
  return leaf;
}

export const AJV_RULES: AjvRule[] = [
  {
    id: "empty-enum-matches-nothing",
    reason: "Ajv rejects `enum: []`, which 2019-09 and 2020-12 allow and which means no value is valid",
    apply(schema) {
      if (!Array.isArray(schema.enum) || schema.enum.length > 0) return;
      delete schema.enum;
      schema.allOf = [...(Array.isArray(schema.allOf) ? schema.allOf : []), false];
    },
  },
  {
    id: "proto-property-as-pattern",
    reason: "Ajv skips a property named __proto__ (allSchemaProperties); an exact patternProperties entry checks it",
    apply(schema) {
      if (!isSchemaObject(schema.properties) || !hasOwn(schema.properties, "__proto__")) return;
      const subschema = schema.properties.__proto__;
      const properties: SchemaObject = {};
      for (const [key, value] of Object.entries(schema.properties)) if (key !== "__proto__") properties[key] = value;
      schema.properties = properties;
      const patterns: SchemaObject = isSchemaObject(schema.patternProperties) ? { ...schema.patternProperties } : {};
      const exact = "^__proto__$";
      patterns[exact] = hasOwn(patterns, exact) ? { allOf: [patterns[exact], subschema] } : subschema;
      schema.patternProperties = patterns;
    },
  },
  {
    id: "classic-ref-ignores-siblings",
    reason: "in draft-04, -06 and -07 a $ref makes its sibling keywords inert, but Ajv applies them",
    apply(schema, context) {
      if (!DIALECT_RULES[context.dialect].refIgnoresSiblings || typeof schema.$ref !== "string") return;
      // Definitions stay: refs may point into them. The root keeps its id, the document's name.
      const keep = new Set(["$ref", "definitions", "$defs", ...(context.pointer === "" ? [idKeywordOf(context.dialect), "$schema"] : [])]);
      for (const keyword of Object.keys(schema)) if (!keep.has(keyword)) delete schema[keyword];
    },
  },
  {
    id: "inline-leaf-refs",
    reason: "Ajv compiles each other file a $ref reaches as a function called with a fresh options object; a ref to a schema without refs of its own is copied in place (2020-12: $ref with siblings means allOf)",
    apply(schema, context) {
      if (typeof schema.$ref !== "string" || context.dialect === "2019-09") return;
      const target = resolveRef(context.index, schema.$ref, context.baseUri);
      if (target?.kind !== "schema" || !isSchemaObject(target.schema) || !isLeaf(target.schema, target.resource.dialect)) return;
      if (target.resource.dialect !== context.dialect) return;
      const inlined: SchemaObject = {};
      for (const [keyword, value] of Object.entries(structuredClone(target.schema))) {
        if (!INLINE_DROPS.has(keyword)) inlined[keyword] = value;
      }
      delete schema.$ref;
      if (DIALECT_RULES[context.dialect].refIgnoresSiblings || Object.keys(schema).every((keyword) => ANNOTATIONS.has(keyword) || KEPT_IN_PLACE.has(keyword))) {
        // The schema's own identity and definitions stay: the document is found by them and refs may point into them.
        for (const keyword of Object.keys(schema)) if (!KEPT_IN_PLACE.has(keyword)) delete schema[keyword];
        Object.assign(schema, inlined);
      } else {
        schema.allOf = [...(Array.isArray(schema.allOf) ? schema.allOf : []), inlined];
      }
    },
  },
  {
    id: "canonical-ref-uris",
    reason: "a ref by file path to a file whose $id differs is unknown to Ajv, which only knows $ids",
    apply(schema, context) {
      if (typeof schema.$ref !== "string") return;
      const absolute = resolveUri(schema.$ref, context.baseUri);
      const target = resolveRef(context.index, schema.$ref, context.baseUri);
      if (!absolute || target?.kind !== "schema") return;
      if (absolute === target.resource.uri || absolute.startsWith(target.resource.uri + "#")) return;
      const hash = absolute.indexOf("#");
      schema.$ref = target.resource.uri + (hash === -1 ? "" : absolute.slice(hash));
    },
  },
  {
    id: "annotations-stay-out",
    reason: "Ajv writes a copy of every schema it compiles into the code, descriptions and examples included, and parses them again at every compile; validation never reads them",
    apply(schema) {
      for (const keyword of ANNOTATIONS) delete schema[keyword];
    },
  },
];

/** A corrected copy of one schema file, with an id Ajv can find it by and its dialect's canonical `$schema`. */
export function prepareAjvSchema(resource: FileResource, index: SchemaIndex): JsonSchema {
  const copy = structuredClone(resource.schema);
  if (!isSchemaObject(copy)) return copy;
  const idKeyword = idKeywordOf(resource.dialect);
  if (typeof copy[idKeyword] !== "string" || copy[idKeyword] !== resource.uri) copy[idKeyword] = resource.uri;
  // "https://json-schema.org/draft-07/schema" and friends name the same metaschema; Ajv knows one spelling.
  if (typeof copy.$schema === "string") copy.$schema = METASCHEMA_URIS[resource.dialect] + (resource.dialect.startsWith("draft") ? "#" : "");
  walkSubschemas<string>(
    copy,
    resource.dialect,
    ({ schema, pointer }, base) => {
      if (!isSchemaObject(schema)) return base;
      const current = pointer === "" ? base : scopeOf(schema, resource.dialect, base).baseUri;
      const context: AjvRuleContext = { dialect: resource.dialect, index, baseUri: current, pointer };
      for (const rule of AJV_RULES) rule.apply(schema, context);
      return current;
    },
    resource.uri,
  );
  return copy;
}
