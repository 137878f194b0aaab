// Run-time compilation of a schema file with Ajv, under the same load, check and dialect rules as `generate`:
// a file in the schemas folder is compiled with the whole folder; a file elsewhere with the files its $refs
// name (followed on disk), and the schemas folder when refs are left over (to reach bundled schemas by $id).

import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { checkSchemaSet } from "../check.js";
import type { GenerateOptions } from "../config.js";
import { MESSAGES, SchemagenError, sortDiagnostics, type Diagnostic } from "../diagnostics.js";
import { compileInProcess } from "../emit/validators.js";
import { loadSchemaSet, parseJsonText, type SchemaFile } from "../load.js";
import { indexSchemaSet, resolveRef, resolveUri, type SchemaIndex } from "../model/resources.js";
import { buildSchemaModel } from "../pipeline.js";
import { isInside } from "./schema-ref.js";
import { withAllErrors, type Validator } from "./verdict.js";

export interface CompileOptions extends Pick<GenerateOptions, "schemas" | "baseUri"> {
  /** Folder that relative names in messages are relative to. */
  cwd: string;
  /**
   * Which errors the validator reports: the first (default); all (the report behind a precompiled validator under
   * --all-errors); or the first-error check, then the all-errors report when it fails, both from one schema model.
   */
  errors?: "first" | "all" | "first-then-all";
}

export interface CompiledSchema {
  validate: Validator;
  id: string;
  /** The type name `generate` would give it. */
  type?: string;
}

function compileFrom(index: SchemaIndex, uri: string, type: string | undefined, errors: CompileOptions["errors"] = "first"): CompiledSchema {
  const compile = (allErrors: boolean) => compileInProcess(index, { patternAutomata: true, allErrors })(uri) as Validator | undefined;
  let validate: Validator | undefined;
  try {
    validate = compile(errors === "all");
    if (validate && errors === "first-then-all") validate = withAllErrors(validate, compile(true)!);
  } catch (error) {
    if (error instanceof SchemagenError) throw error;
    const file = index.files.find((resource) => resource.uri === uri)?.file.path;
    throw new SchemagenError([{ code: "ajv-compile", severity: "error", file, message: MESSAGES["ajv-compile"]((error as Error).message) }]);
  }
  if (!validate) throw new SchemagenError([{ code: "schema-unknown", severity: "error", message: MESSAGES["schema-unknown"](uri, "") }]);
  return { validate, id: uri, ...(type ? { type } : {}) };
}

/** Compiles the schema in `file` (absolute), a file root. */
export async function compileSchemaFile(file: string, options: CompileOptions): Promise<CompiledSchema> {
  const schemas = path.resolve(options.cwd, options.schemas);
  if (isInside(schemas, file)) {
    const model = await buildSchemaModel({ schemas, baseUri: options.baseUri });
    const relative = path.relative(schemas, file).split(path.sep).join("/");
    const named = model.names.all.find((candidate) => candidate.pointer === "" && candidate.resource.file.path === relative);
    if (!named) throw new SchemagenError([{ code: "schema-not-object", severity: "error", file: relative, message: MESSAGES["schema-not-object"]() }]);
    return compileFrom(model.index, named.resource.uri, named.name, options.errors);
  }
  const { index, root } = await loadReachableFiles(file, schemas, options.cwd);
  const resource = index.files.find((candidate) => candidate.file === root);
  if (!resource) throw new SchemagenError([{ code: "schema-not-object", severity: "error", file: root.path, message: MESSAGES["schema-not-object"]() }]);
  return compileFrom(index, resource.uri, undefined, options.errors);
}

/** Compiles a schema of the schemas folder named by its $id or its type name; undefined when none matches. */
export async function compileNamedSchema(ref: string, options: CompileOptions): Promise<CompiledSchema | undefined> {
  const schemas = path.resolve(options.cwd, options.schemas);
  if (!(await stat(schemas).catch(() => undefined))?.isDirectory()) return undefined;
  const model = await buildSchemaModel({ schemas, baseUri: options.baseUri });
  const uri = resolveUri(ref, options.baseUri)?.replace(/#$/, "");
  const named = model.names.all.find((candidate) => candidate.pointer === "" && (candidate.name === ref || candidate.resource.uri === uri));
  return named ? compileFrom(model.index, named.resource.uri, named.name, options.errors) : undefined;
}

interface ReachableFiles {
  index: SchemaIndex;
  root: SchemaFile;
}

/**
 * The schema file plus every file its $refs reach on disk, as a set rooted at the working folder: a file is
 * known by its file: URL, so "../common/x.json" finds the file a reader of the schema would open.
 */
async function loadReachableFiles(file: string, schemas: string, cwd: string): Promise<ReachableFiles> {
  const base = pathToFileURL(cwd).href.replace(/\/?$/, "/");
  const files = new Map<string, SchemaFile>();
  const diagnostics: Diagnostic[] = [];
  const load = async (absolute: string) => {
    const name = path.relative(cwd, absolute).split(path.sep).join("/");
    const text = await readFile(absolute, "utf8").catch((error: Error) => {
      diagnostics.push({ code: "file-unreadable", severity: "error", file: name, message: MESSAGES["file-unreadable"](error.message) });
      return undefined;
    });
    if (text === undefined) return;
    const parsed = parseJsonText(text);
    if ("diagnostic" in parsed) diagnostics.push({ ...parsed.diagnostic, file: name });
    else files.set(absolute, { path: name, text, document: parsed.value });
  };

  await load(file);
  let index = indexSchemaSet([...files.values()], base);
  const tried = new Set([file]);
  for (;;) {
    const pending = unresolvedFileRefs(index).filter((absolute) => !tried.has(absolute));
    if (pending.length === 0 || diagnostics.length > 0) break;
    for (const absolute of pending) {
      tried.add(absolute);
      // A ref that names no file may still resolve by $id among the bundled schemas; the check stage reports the rest.
      if ((await stat(absolute).catch(() => undefined))?.isFile()) await load(absolute);
    }
    index = indexSchemaSet([...files.values()], base);
  }
  if (diagnostics.length === 0 && hasUnresolvedRefs(index) && (await stat(schemas).catch(() => undefined))?.isDirectory()) {
    for (const bundled of (await loadSchemaSet(schemas)).files) {
      const absolute = path.join(schemas, bundled.path);
      if (!files.has(absolute)) files.set(absolute, { ...bundled, path: path.relative(cwd, absolute).split(path.sep).join("/") });
    }
    index = indexSchemaSet([...files.values()], base);
  }
  const root = files.get(file);
  if (diagnostics.length > 0 || !root) throw new SchemagenError(sortDiagnostics(diagnostics));
  const problems = checkSchemaSet([...files.values()], index);
  if (problems.length > 0) throw new SchemagenError(sortDiagnostics(problems));
  return { index, root };
}

function hasUnresolvedRefs(index: SchemaIndex): boolean {
  return index.refSites.some((site) => site.keyword !== "$recursiveRef" && !resolveRef(index, site.ref, site.baseUri));
}

/** Paths that unresolved refs name, relative to the referring file. */
function unresolvedFileRefs(index: SchemaIndex): string[] {
  const found = new Set<string>();
  for (const site of index.refSites) {
    if (site.keyword === "$recursiveRef" || resolveRef(index, site.ref, site.baseUri)) continue;
    const retrievalUri = index.files.find((resource) => resource.file === site.file)?.retrievalUri;
    const target = retrievalUri && resolveUri(site.ref.replace(/#.*$/s, ""), retrievalUri);
    if (!target?.startsWith("file:")) continue;
    found.add(fileURLToPath(target));
  }
  return [...found];
}
