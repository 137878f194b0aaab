// The stages, top to bottom: load → check → name → emit types → emit validators → assemble files.
// Only load touches the disk; writing is the caller's choice (see write.ts).

import { readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import path from "node:path";
import { checkSchemaSet } from "./check.js";
import { recoverOutput } from "./write.js";
import type { ErrorReport, GenerateOptions, ModelOptions } from "./config.js";
import { SchemagenError, sortDiagnostics, type Diagnostic } from "./diagnostics.js";
import { emitBundles } from "./emit/bundle.js";
import { emitManifest, modulePath } from "./emit/manifest.js";
import { emitDomainIndexDts, emitDomainIndexJs, emitModuleDts, emitModuleJs, schemaModulePath, type SchemaModule } from "./emit/module.js";
import { emitRuntime } from "./emit/runtime.js";
import { emitTypeDeclarations } from "./emit/types.js";
import { planCompiles, startValidatorModules } from "./emit/validators.js";
import { startCompilePool, type CompilePool } from "./emit/compile-threads.js";
import { pruneWorkCache, readWork, workEntry, writeWork, type WorkCache } from "./work-cache.js";
import { openWorkCache } from "./cache.js";
import { BANNER } from "./emit/code.js";
import { formatDeclarations } from "./format.js";
import { loadSchemaSet, type SchemaSet } from "./load.js";
import { collisionDiagnostic, rootCollisions, moduleOf as moduleOfName, nameSchemas, pinnedNamesOf, type NamedSchema, type NameTable, type PinnedNames } from "./model/names.js";
import { DEFAULT_DIALECT } from "./model/dialect.js";
import { compareText } from "./model/order.js";
import { loadMappedFiles } from "./model/ref-map.js";
import { indexSchemaSet, type FileResource, type SchemaIndex } from "./model/resources.js";

export interface GeneratedFile {
  /** Path relative to the output folder, with forward slashes. */
  path: string;
  contents: string;
}

export interface SchemaModel {
  set: SchemaSet;
  index: SchemaIndex;
  names: NameTable;
  /** What the check stage found that does not stop generation (a $ref cycle only a branch reaches). */
  warnings: Diagnostic[];
}

/** What generate hands the model stage beyond its options. */
interface ModelStage {
  /** Sees the index before the check (generate starts its compile threads there). */
  indexed?: (index: SchemaIndex) => void;
  /** Where files that passed their metaschema before are found. */
  cache?: WorkCache;
  /** The schemas folder, already read (for generate's fingerprint). */
  loaded?: SchemaSet;
}

/** Load and check a schemas folder (and the mapped files its refs reach); throws SchemagenError listing every problem. */
export async function buildSchemaModel(options: ModelOptions, { indexed, cache, loaded: given }: ModelStage = {}): Promise<SchemaModel> {
  const loaded = given ?? (await loadSchemaSet(options.schemas));
  const defaultDialect = options.defaultDialect ?? DEFAULT_DIALECT;
  const mapped = await loadMappedFiles(loaded.files, options.refMaps ?? [], (files) => indexSchemaSet(files, options.baseUri, defaultDialect));
  indexed?.(mapped.index);
  const set = { ...loaded, files: mapped.files };
  const diagnostics = [...mapped.diagnostics, ...checkSchemaSet(set.files, mapped.index, defaultDialect, cache)];
  const warnings = diagnostics.filter((diagnostic) => diagnostic.severity === "warning");
  if (warnings.length < diagnostics.length) throw new SchemagenError(sortDiagnostics(diagnostics.filter((diagnostic) => diagnostic.severity !== "warning")));
  const generated = options.pinNamesFrom ?? path.join(path.dirname(path.resolve(options.schemas)), "generated");
  if (generated !== false) await recoverOutput(generated);
  const pinned = generated === false ? new Map() : await readPinnedNames(generated);
  return { set, index: mapped.index, names: nameSchemas(mapped.index, pinned), warnings: sortDiagnostics(warnings) };
}

/** The names the manifest of a generated folder pins; none when it has no readable manifest (a first run). */
async function readPinnedNames(generated: string): Promise<PinnedNames> {
  const text = await readFile(path.join(generated, "manifest.json"), "utf8").catch(() => undefined);
  if (text === undefined) return new Map();
  try {
    return pinnedNamesOf(JSON.parse(text));
  } catch {
    return new Map();
  }
}

export async function generateFiles(options: GenerateOptions): Promise<GeneratedFile[]> {
  return (await generateOutput(options)).files;
}

/** The files, and warnings about the schemas that gave way in a name collision; `loaded`: the folder, if already read. */
export async function generateOutput(options: GenerateOptions, loaded?: SchemaSet): Promise<{ files: GeneratedFile[]; warnings: Diagnostic[] }> {
  // The compiles are planned once the folder is indexed; a large folder's threads start on them then, and compile
  // while this thread checks and names it.
  let pool: CompilePool | undefined;
  const cache = options.cache === false ? undefined : await openWorkCache();
  try {
    const indexed = (index: SchemaIndex) => {
      try {
        pool = startCompilePool(planCompiles(index, (options.errors ?? "all") === "all", cache), index, compileThreadsFor(index));
      } catch {
        // The schemas are not checked yet: without threads, the check says what is wrong with them (a document too
        // deep to clone, say), or the compiles run on this thread once it has passed.
      }
    };
    const { index, names, warnings } = await buildSchemaModel({ pinNamesFrom: options.out, ...options }, { indexed, cache, loaded });
    const files = await emitFiles(index, names, options.errors, pool, cache);
    if (cache) pruneWorkCache(cache.folder);
    return { files, warnings: sortDiagnostics([...warnings, ...rootCollisions(names).map(collisionDiagnostic)]) };
  } catch (error) {
    pool?.cancel();
    throw error;
  }
}

/**
 * Compile work from which the validator compiles go to worker threads: below it, starting a thread costs more than
 * the compile it takes over (measured on the bundled schemas, 0.3 MB in 38 files).
 */
const COMPILE_THREADS_MIN_BYTES = 1024 * 1024;

/**
 * What a folder's compiles cost, in bytes of schema text: each file also costs a fixed part (its module, its share of
 * an Ajv instance), about 1 KiB of text (1500 files of 350 bytes compiled as long as 1.5 MB of SchemaStore schemas).
 */
function compileWork(index: SchemaIndex): number {
  return index.files.reduce((total, resource) => total + resource.file.text.length + 1024, 0);
}

/** On a large folder, a thread per further core, which starts on the compiles while this one emits the types. */
function compileThreadsFor(index: SchemaIndex): number {
  return compileWork(index) >= COMPILE_THREADS_MIN_BYTES ? Math.max(1, availableParallelism() - 1) : 0;
}

interface TypedModule {
  module: SchemaModule;
  dts: string;
}

/** Everything that does not need validator code: each schema file's types and its formatted .d.ts, in path order. */
async function typedModules(byFile: Map<FileResource, NamedSchema[]>, index: SchemaIndex, names: NameTable, moduleOfFile: (resource: FileResource) => string, cache?: WorkCache): Promise<TypedModule[]> {
  const moduleOf = (named: NamedSchema) => moduleOfFile(named.resource);
  const typed: TypedModule[] = [];
  for (const [resource, own] of [...byFile].sort(([a], [b]) => compareText(a.file.path, b.file.path))) {
    const ordered = [...own].sort((a, b) => compareText(a.pointer, b.pointer));
    const declarations = await emitTypeDeclarations(ordered, index, names, cache);
    const module: SchemaModule = { path: moduleOfFile(resource), file: resource, roots: ordered.filter((named) => named.pointer === ""), declarations, validators: undefined };
    typed.push({ module, dts: formattedDeclarations(emitModuleDts(module, index, moduleOf), cache) });
  }
  return typed;
}

/** format.ts's print of a module's declarations, a function of their text alone: kept in the cache by it. */
function formattedDeclarations(source: string, cache: WorkCache | undefined): string {
  const entry = cache && workEntry(cache, ["formatted declarations", source]);
  const kept = readWork(entry, (value): value is string => typeof value === "string");
  if (kept !== undefined) return kept;
  const formatted = formatDeclarations(source);
  writeWork(entry, formatted);
  return formatted;
}

/**
 * `pool`: compiles started on threads on this index (compileThreadsFor says when a folder is worth them); `cache`:
 * where declarations printed before are read from and new ones stored (the pool's compiles have their own).
 */
export async function emitFiles(index: SchemaIndex, names: NameTable, errors: ErrorReport = "all", pool?: CompilePool, cache?: WorkCache): Promise<GeneratedFile[]> {
  // One module per schema file; each domain folder gets an index that re-exports its files' public names.
  const byFile = new Map<FileResource, NamedSchema[]>();
  for (const named of names.all) byFile.set(named.resource, [...(byFile.get(named.resource) ?? []), named]);
  const moduleOfFile = (resource: FileResource) => schemaModulePath(resource.file.path);
  const moduleOf = (named: NamedSchema) => moduleOfFile(named.resource);
  const roots = names.all.filter((named) => named.pointer === "");
  const building = startValidatorModules(roots, index, errors === "all", pool);

  let typed: TypedModule[];
  try {
    typed = await typedModules(byFile, index, names, moduleOfFile, cache);
  } catch (error) {
    building.cancel();
    throw error;
  }
  const validators = await building.finish();
  if (validators.diagnostics.length > 0) throw new SchemagenError(sortDiagnostics(validators.diagnostics));
  const modules: SchemaModule[] = typed.map(({ module }) => ({ ...module, validators: validators.modules.get(module.path) }));
  const files: GeneratedFile[] = [];
  for (const [at, module] of modules.entries()) {
    files.push({ path: module.path, contents: emitModuleJs(module, index) });
    files.push({ path: module.path.replace(/\.js$/, ".d.ts"), contents: typed[at]!.dts });
  }
  const domains = [...new Set(modules.map((module) => moduleOfName(module.file.file.path)))].sort(compareText);
  for (const domain of domains) {
    const own = modules.filter((module) => moduleOfName(module.file.file.path) === domain);
    const domainIndex = modulePath(domain);
    files.push({ path: domainIndex, contents: emitDomainIndexJs(domainIndex, own, index) });
    files.push({ path: domainIndex.replace(/\.js$/, ".d.ts"), contents: emitDomainIndexDts(domainIndex, own) });
  }

  const runtime = await emitRuntime();
  files.push({ path: "runtime.js", contents: runtime.js }, { path: "runtime.d.ts", contents: runtime.dts });
  const reexports = domains.map((domain) => `export * from "./${modulePath(domain)}";`).join("\n");
  files.push(
    { path: "index.js", contents: `${BANNER}\nexport { DEFAULT_MAX_ERRORS, setMaxErrors, ValidationError } from "./runtime.js";\n${reexports}\n` },
    {
      path: "index.d.ts",
      contents: `${BANNER}\nexport { DEFAULT_MAX_ERRORS, setMaxErrors, ValidationError } from "./runtime.js";\nexport type { Validator, ValidationErrorObject, StandardSchemaV1, JsonSchema } from "./runtime.js";\n${reexports}\n`,
    },
    { path: "manifest.json", contents: emitManifest(roots, names, moduleOf) },
    ...emitBundles(names, index),
    // Makes the folder self-contained: copied anywhere, its .js files load as ES modules.
    { path: "package.json", contents: JSON.stringify({ type: "module", sideEffects: false }, null, 2) + "\n" },
  );
  return files.sort((a, b) => compareText(a.path, b.path));
}
