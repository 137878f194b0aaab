// Stage 4: TypeScript declarations for each named schema, one json-schema-to-typescript call per declaration.
// Cross-file refs arrive as named types (see normalize/for-types.ts), so nothing is declared twice.

import { compile, type Options as TypeOptions } from "json-schema-to-typescript";
import type { NamedSchema, NameTable } from "../model/names.js";
import type { SchemaIndex } from "../model/resources.js";
import { isSchemaObject } from "../model/walk.js";
import { prepareTypeInput } from "../normalize/for-types.js";
import { commentText, isIdentifier, propertyKey, stringLiteral } from "./code.js";
import { isStringArray, readWork, workEntry, writeWork, type WorkCache } from "../work-cache.js";

const TYPE_OPTIONS: Partial<TypeOptions> = {
  bannerComment: "",
  format: false,
  additionalProperties: true,
  declareExternallyReferenced: true,
  unreachableDefinitions: false,
  enableConstEnums: false,
  strictIndexSignatures: false,
  ignoreMinAndMaxItems: false,
  $refOptions: { resolve: { external: false, file: false, http: false } } as TypeOptions["$refOptions"],
};

export interface TypeDeclaration {
  named: NamedSchema;
  /** TypeScript source of the declaration (unformatted). */
  source: string;
  references: Set<NamedSchema>;
  /** Member names and values when the schema is a string enum, for the `X.MEMBER` constants. */
  enumMembers?: [string, string][];
}

export async function emitTypeDeclaration(named: NamedSchema, index: SchemaIndex, names: NameTable): Promise<TypeDeclaration> {
  return (await emitTypeDeclarations([named], index, names))[0]!;
}

/**
 * The declarations of some named schemas (one file's); with a cache, what json-schema-to-typescript printed for the
 * same inputs before is read from it.
 */
export async function emitTypeDeclarations(all: NamedSchema[], index: SchemaIndex, names: NameTable, cache?: WorkCache): Promise<TypeDeclaration[]> {
  const inputs = all.map((named) => prepareTypeInput(named, index, names));
  const texts = cache ? inputs.map((input) => inputText(input.schema)) : [];
  const entry = cache && texts.every((text) => text !== undefined) ? workEntry(cache, ["declarations", ...all.flatMap((named, at) => [named.name, texts[at]!])]) : undefined;
  let raws = readWork(entry, isStringArray);
  if (raws?.length !== all.length) {
    raws = [];
    for (const [at, named] of all.entries()) raws.push(await compile(inputs[at]!.schema as Parameters<typeof compile>[0], named.name, TYPE_OPTIONS));
    writeWork(entry, raws);
  }
  return all.map((named, at) => {
    const input = inputs[at]!;
    const source = raws[at]!.replace(/__schemagen_(property|pattern)_\d+__/g, (placeholder, kind: string) => {
      const original = input.placeholders.get(placeholder);
      if (!original) throw new Error(`internal: unknown placeholder ${placeholder}`);
      return kind === "property" ? propertyKey(original.text) : commentText(original.text);
    });
    return { named, source, references: input.references, enumMembers: enumMembersOf(named) };
  });
}

/**
 * A type input as text for the cache key: JSON, except that an object or array met again is written as `{"#":n}`,
 * n counting the objects met so far; json-schema-to-typescript declares a shared subschema once, so two inputs
 * that print the same as JSON may not be the same to it. undefined when nested too deep to write (not cached).
 */
export function inputText(value: unknown): string | undefined {
  const seen = new Map<object, number>();
  const write = (item: unknown): string => {
    if (item === null || typeof item !== "object") return typeof item === "function" || item === undefined ? "null" : JSON.stringify(item);
    const again = seen.get(item);
    if (again !== undefined) return `{"#":${again}}`;
    seen.set(item, seen.size);
    if (Array.isArray(item)) return `[${item.map(write).join(",")}]`;
    const fields: string[] = [];
    for (const key of Object.keys(item)) {
      const field = (item as Record<string, unknown>)[key];
      if (field !== undefined && typeof field !== "function") fields.push(`${JSON.stringify(key)}:${write(field)}`);
    }
    return `{${fields.join(",")}}`;
  };
  try {
    return write(value);
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/** String enums get constants (`AnalyticsChannelType.WEB_APP`), usable under isolatedModules: no `const enum`. */
export function enumMembersOf(named: NamedSchema): [string, string][] | undefined {
  const schema = named.schema;
  if (!isSchemaObject(schema) || !Array.isArray(schema.enum) || schema.enum.length === 0) return undefined;
  if (!schema.enum.every((value) => typeof value === "string")) return undefined;
  const used = new Set<string>();
  return (schema.enum as string[]).map((value) => {
    let key = isIdentifier(value) ? value : value.toUpperCase().replace(/[^A-Z0-9_$]+/g, "_").replace(/^(?=[0-9])/, "_") || "_";
    if (!isIdentifier(key)) key = `_${key}`;
    const base = key;
    for (let suffix = 2; used.has(key); suffix++) key = `${base}_${suffix}`;
    used.add(key);
    return [key, value];
  });
}

export function enumConstantDeclaration(name: string, members: [string, string][]): string {
  const fields = members.map(([key, value]) => `readonly ${propertyKey(key)}: ${stringLiteral(value)};`).join(" ");
  return `export declare const ${name}: { ${fields} };`;
}

export function enumConstantValue(name: string, members: [string, string][]): string {
  const fields = members.map(([key, value]) => `${propertyKey(key)}: ${stringLiteral(value)}`).join(", ");
  return `export const ${name} = Object.freeze({ ${fields} });`;
}
