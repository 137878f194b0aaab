// Draws values from a schema (json-schema-faker, seeded) plus near-misses made by small mutations, for the
// property-based type-fidelity and robustness tests.

import { createGeneratorSync } from "json-schema-faker";

type FakerSchema = Parameters<ReturnType<typeof createGeneratorSync>["generate"]>[0];
import type { SchemaIndex } from "../../codegen/model/resources.js";
import { resolveRef, resolveUri, scopeOf } from "../../codegen/model/resources.js";
import { isSchemaObject, walkSubschemas, type JsonSchema } from "../../codegen/model/walk.js";
import type { NamedSchema } from "../../codegen/model/names.js";
import { seededRandom } from "./analytics-events.js";

/** A copy of a subschema whose `$ref`s are absolute, so a resolver that knows every resource can follow them. */
function absolutized(schema: JsonSchema, baseUri: string, dialect: NamedSchema["resource"]["dialect"]): JsonSchema {
  const copy = structuredClone(schema);
  walkSubschemas<string>(
    copy,
    dialect,
    ({ schema: subschema, pointer }, base) => {
      if (!isSchemaObject(subschema)) return base;
      const current = pointer === "" ? base : scopeOf(subschema, dialect, base).baseUri;
      if (typeof subschema.$ref === "string") subschema.$ref = resolveUri(subschema.$ref, current) ?? subschema.$ref;
      delete subschema.$id;
      if (dialect === "draft-04") delete subschema.id;
      return current;
    },
    baseUri,
  );
  if (isSchemaObject(copy)) delete copy.$schema;
  return copy;
}

export function sampleValues(index: SchemaIndex, named: NamedSchema, count: number, seed: number): unknown[] {
  // The faker applies the fragment itself, so the resolver hands over the whole resource.
  const resolver = (ref: string): FakerSchema => {
    const target = resolveRef(index, ref.replace(/#.*$/, ""), named.resource.uri);
    if (target?.kind !== "schema") throw new Error(`unresolvable $ref ${ref}`);
    return absolutized(target.schema, target.resource.uri, target.resource.dialect) as FakerSchema;
  };
  const generator = createGeneratorSync({
    seed,
    refResolver: resolver,
    validateSchemaVersion: false,
    failOnInvalidTypes: false,
    optionalsProbability: 0.6,
    maxDepth: 4,
    // Keep values small: large arrays and strings only slow the type checker down.
    maxItems: 4,
    maxLength: 48,
    refDepthMax: 3,
  });
  const root = absolutized(named.schema, named.resource.uri, named.resource.dialect);
  const values: unknown[] = [];
  for (let drawn = 0; drawn < count; drawn++) {
    try {
      values.push(generator.generate(root as FakerSchema));
    } catch {
      // The faker gives up on some combinations (e.g. contradictory constraints); those draws are skipped.
    }
  }
  return values;
}

/** Deterministic near-misses: one change each, mostly invalid. */
export function mutations(value: unknown, seed: number): unknown[] {
  const random = seededRandom(seed);
  const out: unknown[] = [];
  const paths = collectPaths(value);
  for (let step = 0; step < 3 && paths.length > 0; step++) {
    const path = paths[Math.floor(random() * paths.length)]!;
    const kind = Math.floor(random() * 4);
    const copy = structuredClone(value);
    const replacement = [null, 12345, "not-the-right-thing", { unexpected: true }][kind];
    if (path.length === 0) out.push(replacement);
    else {
      const parent = path.slice(0, -1).reduce<any>((node, key) => node[key], copy);
      const key = path[path.length - 1]!;
      if (kind === 0 && !Array.isArray(parent)) delete parent[key];
      else parent[key] = replacement;
      out.push(copy);
    }
  }
  if (value !== null && typeof value === "object" && !Array.isArray(value)) out.push({ ...value, schemagen_unknown_property: 1 });
  return out;
}

function collectPaths(value: unknown, prefix: (string | number)[] = [], found: (string | number)[][] = []): (string | number)[][] {
  found.push(prefix);
  if (Array.isArray(value)) value.forEach((item, index) => collectPaths(item, [...prefix, index], found));
  else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) collectPaths(item, [...prefix, key], found);
  }
  return found;
}
