// One self-contained 2020-12 compound schema per domain, for tools that take a single file: every resource the
// domain's schemas reach is embedded under $defs with its own $id, and refs are left untouched.

import type { NamedSchema, NameTable } from "../model/names.js";
import { compareText } from "../model/order.js";
import { reachableFiles, type SchemaIndex } from "../model/resources.js";
import { isSchemaObject } from "../model/walk.js";

export const BUNDLE_FOLDER = "bundles";

/** The bundle's $id: beside the schemas' own ids, when they mirror the folder; under the first file's otherwise. */
export function bundleUri(module: string, index: SchemaIndex): string {
  const own = index.files.filter((resource) => !resource.external);
  const mirrored = own.find((resource) => resource.uri.endsWith(`/${resource.file.path}`));
  const base = mirrored ? mirrored.uri.slice(0, -mirrored.file.path.length) : new URL("./", own[0]!.uri).href;
  return `${base}${BUNDLE_FOLDER}/${module}.json`;
}

export function emitBundles(names: NameTable, index: SchemaIndex): { path: string; contents: string }[] {
  const roots = names.all.filter((named) => named.pointer === "");
  const modules = [...new Set(roots.map((named) => named.module))].sort(compareText);
  return modules.map((module) => {
    const own: NamedSchema[] = roots.filter((named) => named.module === module);
    const definitions: Record<string, unknown> = {};
    for (const resource of reachableFiles(index, own.map((named) => named.resource))) {
      // A mapped file (read through --ref-map) has no type name; its URI is a key no name can take.
      const name = names.byLocation.get(`${resource.file.path}#`)?.name ?? resource.uri;
      // An embedded resource keeps its `$schema`, so a 2020-12 processor switches dialect for it (draft-04 reads `id`).
      const embedded = isSchemaObject(resource.schema) ? { ...resource.schema, $id: resource.uri } : resource.schema;
      definitions[name] = embedded;
    }
    const bundle = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $id: bundleUri(module, index),
      title: `${module} schemas`,
      description: `Every schema of the ${module} domain and every schema it refers to, as embedded resources under $defs. Validate against one of them with {"$ref": "<its $id>"}.`,
      $defs: definitions,
    };
    return { path: `${BUNDLE_FOLDER}/${module}.json`, contents: JSON.stringify(bundle, null, 2) + "\n" };
  });
}
