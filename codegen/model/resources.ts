// The schema model: every resource (file root or embedded `$id`), every anchor, and every reference site.

import type { SchemaFile } from "../load.js";
import { DEFAULT_DIALECT, DIALECT_RULES, dialectOf, isBuiltInMetaschemaUri, type Dialect } from "./dialect.js";
import { compareText } from "./order.js";
import { fragmentToPointer, getAtPointer } from "./pointer.js";
import { isSchema, isSchemaObject, walkSubschemas, type JsonSchema, type SchemaObject } from "./walk.js";

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
  /** Read through a ref map because a ref reached it: referred to, never exported, linted or documented. */
  external: boolean;
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

export interface SubschemaScope {
  /** The base URI for this subschema's refs and its children. */
  baseUri: string;
  /** Set when this subschema starts a resource of its own (an embedded `$id`, or draft-04's `id`). */
  resourceUri?: string;
  /** Plain-name anchors it declares (`$anchor`, `$dynamicAnchor`, or a classic "#name" id). */
  anchors: string[];
}

/**
 * The base-URI rule, written once: what a subschema's id and anchors make of the base it inherits. Every stage
 * that follows refs (index, types, validators, lint, docs, bundle, diff) steps through subschemas with it.
 * In draft-07 and earlier a `$ref` makes its siblings inert, so an `$id` beside it changes nothing.
 */
export function scopeOf(schema: SchemaObject, dialect: Dialect, inherited: string, isRoot = false): SubschemaScope {
  const rules = DIALECT_RULES[dialect];
  // A document's own id names it whatever sits beside it (as Ajv and every SchemaStore schema read it).
  if (!isRoot && rules.refIgnoresSiblings && typeof schema.$ref === "string") return { baseUri: inherited, anchors: [] };
  const anchors: string[] = [];
  let baseUri = inherited;
  let resourceUri: string | undefined;
  const id = schema[rules.idKeyword];
  if (typeof id === "string") {
    if (rules.fragmentIdIsAnchor && id.startsWith("#")) anchors.push(id.slice(1));
    else {
      const resolved = resolveUri(id, inherited);
      if (resolved) {
        baseUri = resourceUri = withoutFragment(resolved);
        // draft-06/07 allow "other.json#name": a resource and an anchor in it.
        const hash = resolved.indexOf("#");
        if (rules.fragmentIdIsAnchor && hash !== -1 && hash < resolved.length - 1) anchors.push(resolved.slice(hash + 1));
      }
    }
  }
  for (const keyword of ["$anchor", "$dynamicAnchor"]) {
    const anchor = schema[keyword];
    if (typeof anchor === "string") anchors.push(anchor);
  }
  return { baseUri, ...(resourceUri !== undefined ? { resourceUri } : {}), anchors };
}

/** The base URI in force inside a subschema: the one every `$ref` in it resolves against. */
export function baseUriOf(schema: unknown, dialect: Dialect, inherited: string): string {
  return isSchemaObject(schema) ? scopeOf(schema, dialect, inherited).baseUri : inherited;
}

/**
 * Builds the index. Files whose `$schema` is unknown are skipped here; the check stage reports them.
 * A later file never replaces an earlier one's URI; duplicates are the check stage's to report.
 */
export function indexSchemaSet(files: SchemaFile[], baseUri: string, defaultDialect: Dialect = DEFAULT_DIALECT): SchemaIndex {
  const index: SchemaIndex = { files: [], resources: new Map(), anchors: new Map(), refSites: [] };
  for (const file of files) {
    const choice = dialectOf(file.document, defaultDialect);
    if ("unknown" in choice || !isSchema(file.document)) continue;
    const { dialect, declared } = choice;
    const retrievalUri = file.retrievalUri ?? resolveUri(encodeURI(file.path), baseUri) ?? baseUri + file.path;
    const document = file.document;
    const rootScope = isSchemaObject(document) ? scopeOf(document, dialect, retrievalUri, true) : undefined;
    const uri = rootScope?.resourceUri ?? retrievalUri;
    const root: FileResource = { file, uri, pointer: "", schema: document, dialect, retrievalUri, dialectDeclared: declared, external: file.retrievalUri !== undefined };
    index.files.push(root);
    if (!index.resources.has(uri)) index.resources.set(uri, root);
    if (!index.resources.has(retrievalUri)) index.resources.set(retrievalUri, root);

    walkSubschemas<SchemaResource>(
      document,
      dialect,
      ({ schema, pointer }, resource) => {
        if (!isSchemaObject(schema)) return resource;
        const scope = pointer === "" ? rootScope! : scopeOf(schema, dialect, resource.uri);
        let current = resource;
        if (pointer !== "" && scope.resourceUri !== undefined) {
          current = { file, uri: scope.resourceUri, pointer, schema, dialect };
          if (!index.resources.has(current.uri)) index.resources.set(current.uri, current);
        }
        for (const anchor of scope.anchors) addAnchor(index, current, anchor, pointer);
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

/** Which files each file's refs land in, and which files use $dynamicRef or $recursiveRef. */
export interface FileGraph {
  targets: Map<SchemaFile, FileResource[]>;
  dynamic: Set<SchemaFile>;
}

const fileGraphs = new WeakMap<SchemaIndex, FileGraph>();

/** The ref graph between files, built once per index (every ref resolved once) and shared by the stages. */
export function fileGraphOf(index: SchemaIndex): FileGraph {
  const known = fileGraphs.get(index);
  if (known) return known;
  const byFile = new Map(index.files.map((resource) => [resource.file, resource]));
  const targets = new Map<SchemaFile, Set<FileResource>>();
  const dynamic = new Set<SchemaFile>();
  for (const site of index.refSites) {
    if (site.keyword !== "$ref") dynamic.add(site.file);
    const target = resolveRef(index, site.ref, site.baseUri);
    const file = target?.kind === "schema" ? byFile.get(target.resource.file) : undefined;
    if (!file) continue;
    const set = targets.get(site.file) ?? new Set<FileResource>();
    set.add(file);
    targets.set(site.file, set);
  }
  const graph: FileGraph = { targets: new Map([...targets].map(([file, set]) => [file, [...set]])), dynamic };
  fileGraphs.set(index, graph);
  return graph;
}

/** The files a folder exports validators and types for (every file but those a ref map read), in index order. */
export function rootFiles(index: SchemaIndex): FileResource[] {
  return index.files.filter((resource) => !resource.external);
}

/** The files reachable from `start` through refs (those themselves included), in path order; `follow` may prune. */
export function reachableFiles(index: SchemaIndex, start: FileResource[], follow: (target: FileResource) => boolean = () => true): FileResource[] {
  const { targets } = fileGraphOf(index);
  const seen = new Set(start);
  const pending = [...start];
  while (pending.length > 0) {
    for (const target of targets.get(pending.pop()!.file) ?? []) {
      if (!seen.has(target) && follow(target)) {
        seen.add(target);
        pending.push(target);
      }
    }
  }
  return [...seen].sort((a, b) => compareText(a.file.path, b.file.path));
}
