// TypeScript names for every named schema (each file root and each root-level $defs entry), unique across the set.
// Names are stable: the previous output's manifest pins each name to its schema, so a schema added later never takes
// a name that already means another; it gets the qualified name instead, and the collision is reported.

import { MESSAGES, type Diagnostic } from "../diagnostics.js";
import { pascalCase } from "../emit/code.js";
import { joinPointer } from "./pointer.js";
import { positionOfPointer } from "./positions.js";
import { rootFiles, type FileResource, type SchemaIndex } from "./resources.js";
import { isSchema, isSchemaObject, type JsonSchema } from "./walk.js";

export interface NamedSchema {
  name: string;
  /** The domain module that declares it: the first folder under schemas/ ("root" for files at the top). */
  module: string;
  resource: FileResource;
  /** "" for a file root, "/$defs/Key" for a definition. */
  pointer: string;
  schema: JsonSchema;
}

/** A schema that did not get the name its title or path asks for, because another schema holds it. */
export interface NameCollision {
  wanted: string;
  got: string;
  schema: NamedSchema;
  holder: NamedSchema;
  /** The holder kept the name from the previous output (the newcomer yielded), rather than by coming first in path order. */
  pinned: boolean;
}

/** Collisions worth a warning: a file root that yields. Definitions' qualified names are the ordinary case. */
export function rootCollisions(names: NameTable): NameCollision[] {
  return names.collisions.filter((collision) => collision.schema.pointer === "");
}

export interface NameTable {
  /** File roots first, then definitions, each in path order. */
  all: NamedSchema[];
  /** Key: file path + "#" + pointer. */
  byLocation: Map<string, NamedSchema>;
  collisions: NameCollision[];
}

/** Names from a previous run, by location key; a name is kept while the schema still asks for it. */
export type PinnedNames = ReadonlyMap<string, string>;

export const ROOT_MODULE = "root";

export function moduleOf(filePath: string): string {
  const slash = filePath.indexOf("/");
  return slash === -1 ? ROOT_MODULE : filePath.slice(0, slash);
}

export function locationKey(filePath: string, pointer: string): string {
  return `${filePath}#${pointer}`;
}

/** Every exported name a schema's type name implies; all must be free for the name to be taken. */
export function exportNames(name: string): string[] {
  return [name, `validate${name}`, `assert${name}`, `create${name}`, `${name}Schema`, `${name}JsonSchema`];
}

function titleOf(schema: JsonSchema): string | undefined {
  return isSchemaObject(schema) && typeof schema.title === "string" && schema.title.trim() ? schema.title : undefined;
}

interface Claimant {
  key: string;
  resource: FileResource;
  pointer: string;
  schema: JsonSchema;
  module: string;
  /** Preferred first; the last one is numbered when every candidate is taken. */
  candidates: string[];
}

/** Whether `name` is one a schema with these candidates could be given: a candidate, or the last one numbered. */
function asksFor(candidates: string[], name: string): boolean {
  const last = candidates[candidates.length - 1]!;
  return candidates.includes(name) || (name.startsWith(last) && /^[2-9]\d*$/.test(name.slice(last.length)));
}

/** Every root-level definition of a document, with its location. */
function definitionsOf(resource: FileResource): { pointer: string; key: string; schema: unknown }[] {
  const found = [];
  if (!isSchemaObject(resource.schema)) return [];
  for (const keyword of ["$defs", "definitions"]) {
    const definitions = resource.schema[keyword];
    if (!isSchemaObject(definitions)) continue;
    for (const [key, schema] of Object.entries(definitions)) found.push({ pointer: joinPointer("", keyword, key), key, schema });
  }
  return found;
}

export function nameSchemas(index: SchemaIndex, pinned: PinnedNames = new Map()): NameTable {
  /** Exported name → the location key of the schema holding it ("" for the runtime's own exports). */
  const holders = new Map<string, string>([["ValidationError", ""], ["runtime", ""]]);
  const keptByPin = new Set<string>();
  const table: NameTable = { all: [], byLocation: new Map(), collisions: [] };
  const free = (name: string) => exportNames(name).every((exported) => !holders.has(exported));
  const reserve = (name: string, key: string) => {
    for (const exported of exportNames(name)) holders.set(exported, key);
  };
  const release = (name: string) => {
    for (const exported of exportNames(name)) holders.delete(exported);
  };

  const roots: Claimant[] = rootFiles(index).map((resource) => {
    const module = moduleOf(resource.file.path);
    const stem = resource.file.path.slice(module === ROOT_MODULE ? 0 : module.length + 1).replace(/\.json$/, "");
    const own = pascalCase(titleOf(resource.schema) ?? stem);
    return { key: locationKey(resource.file.path, ""), resource, pointer: "", schema: resource.schema, module, candidates: [own, `${pascalCase(module)}${own}`] };
  });
  const ownNameOf = (key: string, schema: JsonSchema) => pascalCase(titleOf(schema) ?? key);
  // Pinned names are reserved before anyone claims, so a schema added since cannot take one. A definition's
  // qualified name depends on its owner's final name, checked again when it claims.
  const pin = (key: string, stillAsks: (name: string) => boolean) => {
    const name = pinned.get(key);
    if (name !== undefined && stillAsks(name) && free(name)) reserve(name, key);
  };
  for (const root of roots) pin(root.key, (name) => asksFor(root.candidates, name));
  for (const root of roots) {
    const owners = [...root.candidates, pinned.get(root.key) ?? root.candidates[0]!];
    for (const { pointer, key, schema } of definitionsOf(root.resource)) {
      if (!isSchema(schema)) continue;
      const own = ownNameOf(key, schema);
      pin(locationKey(root.resource.file.path, pointer), (name) => name === own || owners.some((owner) => asksFor([`${owner}${own}`], name)));
    }
  }

  const found: { schema: string; holder: string; wanted: string; got: string }[] = [];
  const claim = (claimant: Claimant): NamedSchema => {
    const { candidates, key } = claimant;
    let name: string | undefined;
    const kept = pinned.get(key);
    // Before its claim, only its pin can have reserved a name for this schema.
    if (kept !== undefined && holders.get(kept) === key) {
      if (asksFor(candidates, kept)) {
        name = kept;
        keptByPin.add(key);
      } else release(kept);
    }
    if (name === undefined) {
      name = candidates.find(free);
      if (name === undefined) {
        const base = candidates[candidates.length - 1]!;
        let suffix = 2;
        while (!free(`${base}${suffix}`)) suffix++;
        name = `${base}${suffix}`;
      }
    }
    if (name !== candidates[0]) {
      const holder = exportNames(candidates[0]!).map((exported) => holders.get(exported)).find((held) => held !== undefined && held !== "");
      if (holder !== undefined) found.push({ schema: key, holder, wanted: candidates[0]!, got: name });
    }
    reserve(name, key);
    const named: NamedSchema = { name, module: claimant.module, resource: claimant.resource, pointer: claimant.pointer, schema: claimant.schema };
    table.all.push(named);
    table.byLocation.set(key, named);
    return named;
  };

  for (const root of roots) claim(root);
  for (const owner of [...table.all]) {
    for (const { pointer, key, schema } of definitionsOf(owner.resource)) {
      if (!isSchema(schema)) continue;
      const own = ownNameOf(key, schema);
      claim({ key: locationKey(owner.resource.file.path, pointer), resource: owner.resource, pointer, schema, module: owner.module, candidates: [own, `${owner.name}${own}`] });
    }
  }
  for (const collision of found) {
    const holder = table.byLocation.get(collision.holder);
    if (holder) table.collisions.push({ wanted: collision.wanted, got: collision.got, schema: table.byLocation.get(collision.schema)!, holder, pinned: keptByPin.has(collision.holder) });
  }
  return table;
}

/** A collision as a warning at the schema that yielded (its title, or its root when the name comes from its path). */
export function collisionDiagnostic(collision: NameCollision): Diagnostic {
  const { schema, holder } = collision;
  const titled = isSchemaObject(schema.schema) && typeof schema.schema.title === "string";
  const pointer = titled ? joinPointer(schema.pointer, "title") : schema.pointer;
  return {
    code: "name-collision",
    severity: "warning",
    file: schema.resource.file.path,
    pointer,
    ...positionOfPointer(schema.resource.file, pointer),
    message: MESSAGES["name-collision"](collision.wanted, placeOf(holder), collision.got, collision.pinned),
  };
}

/** Where a named schema is, for messages: its file, and the pointer for a definition. */
export function placeOf(named: NamedSchema): string {
  return named.pointer === "" ? named.resource.file.path : `${named.resource.file.path}#${named.pointer}`;
}

/** Every name by location key, in the table's order: what the manifest records and the next run pins. */
export function namesByLocation(table: NameTable): Map<string, string> {
  return new Map([...table.byLocation].map(([key, named]) => [key, named.name]));
}

/** The names a generated manifest pins; none when the folder has no manifest or an older one without names. */
export function pinnedNamesOf(manifest: unknown): PinnedNames {
  const names = (manifest as { names?: unknown } | undefined)?.names;
  if (!names || typeof names !== "object" || Array.isArray(names)) return new Map();
  return new Map(Object.entries(names).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}
