// The schema model: every resource (file root or embedded `$id`), every anchor, and every reference site.

import type { SchemaFile } from "../load.js";
import { dialectOf, isBuiltInMetaschemaUri, type Dialect } from "./dialect.js";
import { fragmentToPointer, getAtPointer } from "./pointer.js";
import { isSchema, isSchemaObject, walkSubschemas, type JsonSchema } from "./walk.js";

export interface SchemaResource {
  file: SchemaFile;
  /** Canonical absolute URI, without fragment. */
  uri: string;
  /** Where the resource's root sits in its file ("" for the file itself). */
  pointer: string;
  schema: JsonSchema;
  dialect: Dialect;
}

export interface FileResource extends SchemaResource {
  /** The URI the file is known by from its path (base URI + relative path), whatever its `$id`. */
  retrievalUri: string;
  /** False when the file has no `$schema` and took the default dialect. */
  dialectDeclared: boolean;
}

export interface RefSite {
  file: SchemaFile;
  /** Pointer of the schema object holding the reference. */
  pointer: string;
  keyword: "$ref" | "$dynamicRef" | "$recursiveRef";
  ref: string;
  baseUri: string;
  dialect: Dialect;
}

export interface SchemaIndex {
  files: FileResource[];
  resources: Map<string, SchemaResource>;
  anchors: Map<string, { resource: SchemaResource; pointer: string }>;
  refSites: RefSite[];
}

export type RefTarget =
  | { kind: "schema"; resource: SchemaResource; /** absolute pointer in the resource's file */ pointer: string; schema: JsonSchema }
  | { kind: "metaschema"; uri: string };

export function resolveUri(reference: string, base: string): string | undefined {
  try {
    return new URL(reference, base).href;
  } catch {
    return undefined;
  }
}

function withoutFragment(uri: string): string {
  const hash = uri.indexOf("#");
  return hash === -1 ? uri : uri.slice(0, hash);
}

/**
 * Builds the index. Files whose `$schema` is unknown are skipped here; the check stage reports them.
 * A later file never replaces an earlier one's URI; duplicates are the check stage's to report.
 */
export function indexSchemaSet(files: SchemaFile[], baseUri: string): SchemaIndex {
  const index: SchemaIndex = { files: [], resources: new Map(), anchors: new Map(), refSites: [] };
  for (const file of files) {
    const choice = dialectOf(file.document);
    if ("unknown" in choice || !isSchema(file.document)) continue;
    const { dialect, declared } = choice;
    const retrievalUri = resolveUri(encodeURI(file.path), baseUri) ?? baseUri + file.path;
    const document = file.document;
    const ownId = isSchemaObject(document) && typeof document.$id === "string" ? document.$id : undefined;
    const uri = withoutFragment((ownId && resolveUri(ownId, retrievalUri)) || retrievalUri);
    const root: FileResource = { file, uri, pointer: "", schema: document, dialect, retrievalUri, dialectDeclared: declared };
    index.files.push(root);
    if (!index.resources.has(uri)) index.resources.set(uri, root);
    if (!index.resources.has(retrievalUri)) index.resources.set(retrievalUri, root);

    walkSubschemas<SchemaResource>(
      document,
      dialect,
      ({ schema, pointer }, resource) => {
        if (!isSchemaObject(schema)) return resource;
        let current = resource;
        const ignoresSiblings = dialect === "draft-07" && typeof schema.$ref === "string";
        if (pointer !== "" && typeof schema.$id === "string" && !ignoresSiblings) {
          if (dialect === "draft-07" && schema.$id.startsWith("#")) {
            addAnchor(index, resource, schema.$id.slice(1), pointer);
          } else {
            const embeddedUri = resolveUri(schema.$id, resource.uri);
            if (embeddedUri) {
              current = { file, uri: withoutFragment(embeddedUri), pointer, schema, dialect };
              if (!index.resources.has(current.uri)) index.resources.set(current.uri, current);
            }
          }
        }
        for (const anchorKeyword of ["$anchor", "$dynamicAnchor"]) {
          const anchor = schema[anchorKeyword];
          if (typeof anchor === "string" && !ignoresSiblings) addAnchor(index, current, anchor, pointer);
        }
        for (const keyword of ["$ref", "$dynamicRef", "$recursiveRef"] as const) {
          const ref = schema[keyword];
          if (typeof ref === "string") {
            index.refSites.push({ file, pointer, keyword, ref, baseUri: current.uri, dialect });
          }
        }
        return current;
      },
      root,
    );
  }
  return index;
}

function addAnchor(index: SchemaIndex, resource: SchemaResource, anchor: string, pointer: string): void {
  const key = `${resource.uri}#${anchor}`;
  if (!index.anchors.has(key)) index.anchors.set(key, { resource, pointer });
}

/** Where a reference lands, or undefined when nothing in the set (or Ajv's metaschemas) matches. */
export function resolveRef(index: SchemaIndex, ref: string, baseUri: string): RefTarget | undefined {
  const absolute = resolveUri(ref, baseUri);
  if (absolute === undefined) return undefined;
  const hash = absolute.indexOf("#");
  const uri = withoutFragment(absolute);
  const fragment = hash === -1 ? "" : absolute.slice(hash + 1);
  const resource = index.resources.get(uri);
  if (!resource) return isBuiltInMetaschemaUri(uri) ? { kind: "metaschema", uri } : undefined;
  const pointer = fragmentToPointer(fragment);
  if (pointer !== undefined) {
    const schema = getAtPointer(resource.schema, pointer);
    if (!isSchema(schema)) return undefined;
    return { kind: "schema", resource, pointer: resource.pointer + pointer, schema };
  }
  let anchorName: string;
  try {
    anchorName = decodeURIComponent(fragment);
  } catch {
    return undefined;
  }
  const anchor = index.anchors.get(`${uri}#${anchorName}`);
  if (!anchor) return undefined;
  const schema = getAtPointer(anchor.resource.file.document, anchor.pointer);
  return isSchema(schema) ? { kind: "schema", resource: anchor.resource, pointer: anchor.pointer, schema } : undefined;
}

/** The file resource that contains a given file. */
export function fileResourceOf(index: SchemaIndex, file: SchemaFile): FileResource | undefined {
  return index.files.find((resource) => resource.file === file);
}
