// generated/manifest.json: what tools and non-TypeScript teams read to find each schema's module and exports.

import { namesByLocation, type NamedSchema, type NameTable } from "../model/names.js";

export interface ManifestEntry {
  id: string;
  /** The schema file, relative to the schemas folder. */
  source: string;
  /** The schema file's own ES module, relative to the output folder; its .d.ts sits beside it. */
  module: string;
  validator: string;
  type: string;
  dialect: string;
  assert: string;
  standardSchema: string;
  jsonSchema: string;
}

export interface Manifest {
  schemas: ManifestEntry[];
  /**
   * Every exported type name by schema location (`file#pointer`): the next run keeps them, so a schema added later
   * cannot take a name that already means another.
   */
  names: Record<string, string>;
}

/** A domain's index module, which re-exports each of its files' modules. */
export function modulePath(module: string): string {
  return `${module}/index.js`;
}

export function emitManifest(roots: NamedSchema[], names: NameTable, moduleOf: (named: NamedSchema) => string): string {
  const manifest: Manifest = {
    schemas: roots.map((named) => ({
      id: named.resource.uri,
      source: named.resource.file.path,
      module: moduleOf(named),
      validator: `validate${named.name}`,
      type: named.name,
      dialect: named.resource.dialect,
      assert: `assert${named.name}`,
      standardSchema: `${named.name}Schema`,
      jsonSchema: `${named.name}JsonSchema`,
    })),
    names: Object.fromEntries(namesByLocation(names)),
  };
  return JSON.stringify(manifest, null, 2) + "\n";
}
