// TypeScript names for every named schema (each file root and each root-level $defs entry), unique across the set.

import { pascalCase } from "../emit/code.js";
import { joinPointer } from "./pointer.js";
import type { FileResource, SchemaIndex } from "./resources.js";
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

export interface NameTable {
  /** File roots first, then definitions, each in path order. */
  all: NamedSchema[];
  /** Key: file path + "#" + pointer. */
  byLocation: Map<string, NamedSchema>;
}

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

export function nameSchemas(index: SchemaIndex): NameTable {
  const taken = new Set<string>(["ValidationError", "runtime"]);
  const table: NameTable = { all: [], byLocation: new Map() };

  const claim = (candidates: string[]): string => {
    const free = (name: string) => exportNames(name).every((exported) => !taken.has(exported));
    let name = candidates.find(free);
    if (!name) {
      const base = candidates[candidates.length - 1]!;
      let suffix = 2;
      while (!free(`${base}${suffix}`)) suffix++;
      name = `${base}${suffix}`;
    }
    for (const exported of exportNames(name)) taken.add(exported);
    return name;
  };
  const add = (named: NamedSchema) => {
    table.all.push(named);
    table.byLocation.set(locationKey(named.resource.file.path, named.pointer), named);
  };

  for (const resource of index.files) {
    if (resource.external) continue;
    const module = moduleOf(resource.file.path);
    const stem = resource.file.path.slice(module === ROOT_MODULE ? 0 : module.length + 1).replace(/\.json$/, "");
    const title = titleOf(resource.schema);
    const fromPath = pascalCase(stem);
    const candidates = [title ? pascalCase(title) : fromPath, `${pascalCase(module)}${title ? pascalCase(title) : fromPath}`];
    add({ name: claim(candidates), module, resource, pointer: "", schema: resource.schema });
  }
  for (const owner of [...table.all]) {
    const document = owner.schema;
    if (!isSchemaObject(document)) continue;
    for (const keyword of ["$defs", "definitions"]) {
      const definitions = document[keyword];
      if (!isSchemaObject(definitions)) continue;
      for (const [key, schema] of Object.entries(definitions)) {
        if (!isSchema(schema)) continue;
        const own = pascalCase(titleOf(schema) ?? key);
        add({
          name: claim([own, `${owner.name}${own}`]),
          module: owner.module,
          resource: owner.resource,
          pointer: joinPointer("", keyword, key),
          schema,
        });
      }
    }
  }
  return table;
}
