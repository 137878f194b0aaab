// Stage 5: Ajv standalone code per domain module and dialect, rewritten by the passes over its syntax tree
// (emit/passes/) so it imports nothing but our runtime.

import type { Ajv as AjvCore, ValidateFunction } from "ajv";
import standaloneModule from "ajv/dist/standalone/index.js";
import { createAjv, type AjvSettings } from "../ajv.js";
import { MESSAGES, SchemagenError, type Diagnostic } from "../diagnostics.js";
import { located } from "../check.js";
import { locateCompileError } from "./compile-error.js";
import { ALL_ERRORS_PASSES, rewriteAjvCode } from "./passes/index.js";
import { RUNTIME_IMPORTS } from "./passes/runtime-imports.js";
import { splitProgram, type ModulePiece } from "./passes/split.js";
import type { Dialect } from "../model/dialect.js";
import type { NamedSchema } from "../model/names.js";
import { reachableFiles, type FileResource, type SchemaIndex } from "../model/resources.js";
import { prepareAjvSchema } from "../normalize/for-ajv.js";
import { compareText } from "../model/order.js";
import { schemaModulePath } from "./module-paths.js";
import { compileOnThreads, shareJobs, type CompileJob, type Share } from "./compile-threads.js";

/** The module a schema file's code goes to. */
const moduleOfFile = (resource: FileResource) => schemaModulePath(resource.file.path);

const standaloneCode = ((standaloneModule as { default?: unknown }).default ?? standaloneModule) as (
  ajv: AjvCore,
  refsOrFunc: Record<string, string>,
) => string;

export interface ValidatorModule extends ModulePiece {
  dialect: Dialect;
  /**
   * The same validators compiled with Ajv's allErrors: what assert and Standard Schema run, after the first-error
   * check has failed, to list every error. None when the configuration asks for the first error only.
   */
  allErrors?: ModulePiece;
}

const EMPTY_PIECE: ModulePiece = { code: "", imports: new Map(), exports: [], runtimeImports: [], validators: new Map() };

/** Files to register with one dialect's Ajv: its own files, plus undeclared-dialect files they reach. */
function resourcesForDialect(dialect: Dialect, index: SchemaIndex): FileResource[] {
  const own = index.files.filter((resource) => resource.dialect === dialect);
  return reachableFiles(index, own, (target) => !target.dialectDeclared);
}

/** Adds every schema one dialect's Ajv needs, as Ajv must see them; the same for generated and in-process use. */
export function registerSchemas(ajv: AjvCore, dialect: Dialect, index: SchemaIndex): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const resource of resourcesForDialect(dialect, index)) {
    try {
      const schema = prepareAjvSchema(resource, index);
      // A boolean schema has nowhere to carry its `$id`; Ajv takes the key instead.
      if (typeof schema === "boolean") ajv.addSchema(schema as unknown as object, resource.uri);
      else ajv.addSchema(schema);
    } catch (error) {
      diagnostics.push(located("ajv-compile", resource.file, "", MESSAGES["ajv-compile"]((error as Error).message)));
    }
  }
  return diagnostics;
}

/** Ajv compiled in process, with the generator's options and schema copies: the reference the tests compare with. */
export function compileInProcess(index: SchemaIndex, settings: Omit<AjvSettings, "standalone"> = {}): (uri: string) => ValidateFunction | undefined {
  const instances = new Map<Dialect, AjvCore>();
  return (uri) => {
    const resource = index.files.find((file) => file.uri === uri);
    if (!resource) return undefined;
    let ajv = instances.get(resource.dialect);
    if (!ajv) {
      ajv = createAjv(resource.dialect, settings);
      const diagnostics = registerSchemas(ajv, resource.dialect, index);
      if (diagnostics.length > 0) throw new SchemagenError(diagnostics);
      instances.set(resource.dialect, ajv);
    }
    return ajv.getSchema(uri);
  };
}

export interface ValidatorBuild {
  /** The validator code of each schema file's module, by module path. */
  modules: Map<string, ValidatorModule>;
  diagnostics: Diagnostic[];
}

/** Which schema resource each of Ajv's compiled functions comes from (its SchemaEnv's base URI), by function name. */
function functionSources(ajv: AjvCore): Map<string, string> {
  const sources = new Map<string, string>();
  const seen = new Set<unknown>();
  type Env = { validateName?: unknown; baseId?: string; refs?: Record<string, unknown> };
  const visit = (env: unknown) => {
    if (!env || typeof env !== "object" || seen.has(env)) return;
    seen.add(env);
    const { validateName, baseId, refs } = env as Env;
    if (validateName !== undefined && baseId !== undefined) sources.set(String(validateName), baseId);
    for (const ref of Object.values(refs ?? {})) visit(ref);
  };
  const internals = ajv as unknown as { _cache: Map<unknown, unknown>; schemas: Record<string, unknown>; refs: Record<string, unknown> };
  for (const env of internals._cache.values()) visit(env);
  for (const env of Object.values(internals.schemas)) visit(env);
  for (const env of Object.values(internals.refs)) visit(env);
  return sources;
}

/** Ajv standalone code for one dialect's root schemas, with where each function comes from; or why it fails. */
function compileStandalone(
  dialect: Dialect,
  own: ValidatorRoot[],
  index: SchemaIndex,
  exportsMap: Record<string, string>,
  allErrors: boolean,
): { code: string; sources: Map<string, string> } | { diagnostics: Diagnostic[] } {
  const ajv = createAjv(dialect, { standalone: true, allErrors });
  const registered = registerSchemas(ajv, dialect, index);
  if (registered.length > 0) return { diagnostics: registered };
  // Ajv 2019/2020 track evaluated properties and items in every validator (an object per call) for the sake of
  // unevaluated*; where no schema of the dialect uses those keywords, nothing reads what is tracked.
  if (!resourcesForDialect(dialect, index).some((resource) => JSON.stringify(resource.schema).includes('"unevaluated'))) {
    (ajv.opts as { unevaluated?: boolean }).unevaluated = false;
  }
  try {
    return { code: standaloneCode(ajv, exportsMap), sources: functionSources(ajv) };
  } catch (error) {
    // Name every file that does not compile, not only the first, at the subschema that fails.
    const culprits = own.flatMap((named) => {
      try {
        ajv.getSchema(named.resource.uri);
        return [];
      } catch (compileError) {
        return [{ resource: named.resource, message: (compileError as Error).message }];
      }
    });
    if (culprits.length === 0) culprits.push({ resource: own[0]!.resource, message: (error as Error).message });
    return {
      diagnostics: culprits.map((culprit) => located("ajv-compile", culprit.resource.file, locateCompileError(culprit.resource), MESSAGES["ajv-compile"](culprit.message))),
    };
  }
}

/** A root schema as validator code needs it: its export name and its file. */
export type ValidatorRoot = Pick<NamedSchema, "name" | "resource">;

/**
 * One dialect's validators, compiled by one Ajv instance (first-error or allErrors) and split into a piece per
 * schema file's module (passes/split.ts), so a definition shared by many files is emitted once, in its own file's
 * module.
 */
export function compileDialectPieces(
  dialect: Dialect,
  roots: ValidatorRoot[],
  index: SchemaIndex,
  allErrors: boolean,
): { pieces: Map<string, ModulePiece> } | { diagnostics: Diagnostic[] } {
  const own = roots.filter((named) => named.resource.dialect === dialect);
  // Every resource (a file root or an embedded $id) by URI, to the file resource that holds it.
  const fileOf = new Map(index.files.map((resource) => [resource.file, resource]));
  const fileOfUri = new Map<string, FileResource>();
  for (const [uri, resource] of index.resources) fileOfUri.set(uri, fileOf.get(resource.file)!);
  const exportsMap: Record<string, string> = {};
  const homeOfExport = new Map<string, string>();
  for (const named of own) {
    exportsMap[`validate${named.name}`] = named.resource.uri;
    homeOfExport.set(`validate${named.name}`, moduleOfFile(named.resource));
  }
  const compiled = compileStandalone(dialect, own, index, exportsMap, allErrors);
  if ("diagnostics" in compiled) return compiled;
  const homeOfFunction = (name: string) => {
    const file = fileOfUri.get(compiled.sources.get(name) ?? "");
    // A file compiled under another dialect's rules (it has no $schema), or read through a ref map, has no module
    // of its own here: its functions live with the module that uses them.
    return file && file.dialect === dialect && !file.external ? moduleOfFile(file) : undefined;
  };
  const { program } = rewriteAjvCode(compiled.code, allErrors ? ALL_ERRORS_PASSES : undefined);
  return { pieces: splitProgram(program, homeOfFunction, (name) => homeOfExport.get(name)!, new Set(Object.values(RUNTIME_IMPORTS))) };
}

/** The dialects that have root schemas, in a fixed order. */
export function rootDialects(roots: ValidatorRoot[]): Dialect[] {
  return [...new Set(roots.map((named) => named.resource.dialect))].sort(compareText);
}

/** What the validators of a folder are compiled as, and where. */
export interface ValidatorCompile {
  /** Also the all-errors twins (errors: "all"). */
  allErrors: boolean;
  /** Worker threads that take a share of the compiles (compile-threads.ts); 0 compiles all of them in this thread. */
  threads: number;
  /** The caller's other work on this thread (types), in bytes of schema text a compile would read in that time. */
  ownLoad?: number;
}

/** Every dialect's validators, by module path; with threads, this thread's share is done before the call returns. */
export async function emitValidatorModules(roots: ValidatorRoot[], index: SchemaIndex, { allErrors, threads, ownLoad = 0 }: ValidatorCompile): Promise<ValidatorBuild> {
  const modules = new Map<string, ValidatorModule>();
  const diagnostics: Diagnostic[] = [];
  const dialects = rootDialects(roots);
  // First-error compiles at positions 0…n-1 in dialect order, then the twins.
  const jobs: CompileJob[] = [...dialects.map((dialect) => ({ dialect, allErrors: false })), ...(allErrors ? dialects.map((dialect) => ({ dialect, allErrors: true })) : [])];
  const numbered = jobs.map((job, at) => ({ at, job }));
  let own = numbered;
  let others: Share[] = [];
  if (threads > 0) {
    // A compile costs about in proportion to the schema text it reads.
    const cost = (job: CompileJob) => resourcesForDialect(job.dialect, index).reduce((total, resource) => total + resource.file.text.length, 0);
    const idle = new Array<number>(threads).fill(0);
    // With twins, this thread keeps the first-error compiles and the threads share the twins: measured on the
    // SchemaStore sample, sharing everything by cost takes as long and half as much memory again.
    if (allErrors) {
      own = numbered.filter(({ job }) => !job.allErrors);
      others = shareJobs(numbered.filter(({ job }) => job.allErrors), cost, idle);
    } else {
      [{ jobs: own }, ...others] = shareJobs(numbered, cost, [ownLoad, ...idle]) as [Share, ...Share[]];
    }
  }
  const threaded = compileOnThreads(others, roots, index);
  // Rejections are awaited below; until then a failed thread must not count as unhandled.
  threaded.catch(() => undefined);
  const results = new Map(own.map(({ at, job }) => [at, compileDialectPieces(job.dialect, roots, index, job.allErrors)]));
  for (const [at, pieces] of await threaded) results.set(at, pieces);
  for (const [position, dialect] of dialects.entries()) {
    const first = results.get(position)!;
    const all = allErrors ? results.get(dialects.length + position) : undefined;
    if ("diagnostics" in first) {
      diagnostics.push(...first.diagnostics);
      continue;
    }
    // Both compiles see the same schemas: a twin fails exactly when its first-error compile does.
    if (all && "diagnostics" in all) continue;
    for (const path of [...new Set([...first.pieces.keys(), ...(all?.pieces.keys() ?? [])])].sort(compareText)) {
      if (modules.has(path)) throw new Error(`internal: ${path} holds validator code of two dialects`);
      modules.set(path, { ...(first.pieces.get(path) ?? EMPTY_PIECE), dialect, ...(all ? { allErrors: all.pieces.get(path) ?? EMPTY_PIECE } : {}) });
    }
  }
  return { modules, diagnostics };
}
