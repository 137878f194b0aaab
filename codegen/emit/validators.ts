// Stage 5: Ajv standalone code per domain module and dialect, rewritten by the passes over its syntax tree
// (emit/passes/) so it imports nothing but our runtime.

import type { Ajv as AjvCore, ValidateFunction } from "ajv";
import { createAjv, type AjvSettings } from "../ajv.js";
import { MESSAGES, SchemagenError, type Diagnostic } from "../diagnostics.js";
import { located } from "../check.js";
import { ajvModuleCode, type AjvModule } from "./ajv-module.js";
import { locateCompileError } from "./compile-error.js";
import { ALL_ERRORS_PASSES, rewriteAjvCode } from "./passes/index.js";
import { RUNTIME_IMPORTS } from "./passes/runtime-imports.js";
import { splitProgram, type ModulePiece } from "./passes/split.js";
import type { Dialect } from "../model/dialect.js";
import type { NamedSchema } from "../model/names.js";
import { fileGraphOf, reachableFiles, rootFiles, type FileResource, type SchemaIndex } from "../model/resources.js";
import { prepareAjvSchema } from "../normalize/for-ajv.js";
import type { JsonSchema } from "../model/walk.js";
import { isStringArray, readWork, workEntry, writeWork, type WorkCache } from "../work-cache.js";
import { compareText } from "../model/order.js";
import { schemaModulePath } from "./module-paths.js";
import { startCompilePool, type CompileJob, type CompilePool } from "./compile-threads.js";

/** The module a schema file's code goes to. */
const moduleOfFile = (resource: FileResource) => schemaModulePath(resource.file.path);

export interface ValidatorModule extends ModulePiece {
  dialect: Dialect;
  /**
   * The same validators compiled with Ajv's allErrors: what assert and Standard Schema run, after the first-error
   * check has failed, to list every error. None when the configuration asks for the first error only.
   */
  allErrors?: ModulePiece;
}

const EMPTY_PIECE: ModulePiece = { code: "", imports: new Map(), exports: [], runtimeImports: [], validators: new Map() };

/** Whether a file a schema of `dialect` reaches is compiled with it: its own dialect's, or a file declaring none. */
const compiledWith = (dialect: Dialect) => (target: FileResource) => target.dialect === dialect || !target.dialectDeclared;

/** Files to register with one dialect's Ajv: its own files, plus undeclared-dialect files they reach. */
function resourcesForDialect(dialect: Dialect, index: SchemaIndex): FileResource[] {
  const own = index.files.filter((resource) => resource.dialect === dialect);
  return reachableFiles(index, own, (target) => !target.dialectDeclared);
}

/** A file as its unit's Ajv gets it (normalize/for-ajv.ts), or why it could not be prepared. */
type PreparedResource = { resource: FileResource; schema: JsonSchema; text: string } | { resource: FileResource; error: Error };

const isPrepared = (entry: PreparedResource): entry is Extract<PreparedResource, { text: string }> => "text" in entry;

function prepareResources(resources: FileResource[], index: SchemaIndex): PreparedResource[] {
  return resources.map((resource) => {
    try {
      const schema = prepareAjvSchema(resource, index);
      return { resource, schema, text: JSON.stringify(schema) };
    } catch (error) {
      return { resource, error: error as Error };
    }
  });
}

/** Adds schemas to an Ajv instance as Ajv must see them; the same for generated and in-process use. */
function registerPrepared(ajv: AjvCore, prepared: PreparedResource[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const entry of prepared) {
    try {
      if ("error" in entry) throw entry.error;
      // A boolean schema has nowhere to carry its `$id`; Ajv takes the key instead.
      if (typeof entry.schema === "boolean") ajv.addSchema(entry.schema as unknown as object, entry.resource.uri);
      else ajv.addSchema(entry.schema);
    } catch (error) {
      diagnostics.push(located("ajv-compile", entry.resource.file, "", MESSAGES["ajv-compile"]((error as Error).message)));
    }
  }
  return diagnostics;
}

function registerResources(ajv: AjvCore, resources: FileResource[], index: SchemaIndex): Diagnostic[] {
  return registerPrepared(ajv, prepareResources(resources, index));
}

/** Adds every schema one dialect's Ajv needs. */
export function registerSchemas(ajv: AjvCore, dialect: Dialect, index: SchemaIndex): Diagnostic[] {
  return registerResources(ajv, resourcesForDialect(dialect, index), index);
}

/**
 * Ajv compiled in process, with the generator's options and schema copies: the reference the tests compare with.
 * `index` is of schemas that passed the check (buildSchemaModel's, validate's).
 */
export function compileInProcess(index: SchemaIndex, settings: Omit<AjvSettings, "standalone" | "checked"> = {}): (uri: string) => ValidateFunction | undefined {
  const instances = new Map<Dialect, AjvCore>();
  return (uri) => {
    const resource = index.files.find((file) => file.uri === uri);
    if (!resource) return undefined;
    let ajv = instances.get(resource.dialect);
    if (!ajv) {
      ajv = createAjv(resource.dialect, { ...settings, checked: true });
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

/**
 * Ajv 2019/2020 track evaluated properties and items in every validator (an object per call) for the sake of
 * unevaluated*; where no schema this instance compiles uses those keywords, nothing reads what is tracked.
 */
const tracksEvaluated = (prepared: PreparedResource[]) => prepared.some((entry) => isPrepared(entry) && entry.text.includes('"unevaluated'));

/** Ajv standalone code for some root schemas of one dialect, with where each function comes from; or why it fails. */
function compileStandalone(
  dialect: Dialect,
  own: FileResource[],
  prepared: PreparedResource[],
  exportsMap: Record<string, string>,
  allErrors: boolean,
): (AjvModule & { sources: Map<string, string> }) | { diagnostics: Diagnostic[] } {
  const ajv = createAjv(dialect, { standalone: true, allErrors });
  const registered = registerPrepared(ajv, prepared);
  if (registered.length > 0) return { diagnostics: registered };
  if (!tracksEvaluated(prepared)) (ajv.opts as { unevaluated?: boolean }).unevaluated = false;
  try {
    return { ...ajvModuleCode(ajv, exportsMap), sources: functionSources(ajv) };
  } catch (error) {
    // Name every file that does not compile, not only the first, at the subschema that fails.
    const culprits = own.flatMap((resource) => {
      try {
        ajv.getSchema(resource.uri);
        return [];
      } catch (compileError) {
        return [{ resource, message: (compileError as Error).message }];
      }
    });
    if (culprits.length === 0) culprits.push({ resource: own[0]!, message: (error as Error).message });
    return {
      diagnostics: culprits.map((culprit) => located("ajv-compile", culprit.resource.file, locateCompileError(culprit.resource), MESSAGES["ajv-compile"](culprit.message))),
    };
  }
}

/** A root schema as validator code needs it: its export name and its file. */
export type ValidatorRoot = Pick<NamedSchema, "name" | "resource">;

/**
 * The schemas one Ajv instance compiles: root files of one dialect that refs connect (directly or through the files
 * they reach), by position in the folder's root files (rootFiles). A definition shared by several files is then compiled
 * once; files that share nothing compile apart, each with a small syntax tree (measured on 148 SchemaStore schemas,
 * against one instance per dialect: a quarter less time, half the peak memory), small ones with their neighbours.
 */
export interface CompileUnit {
  dialect: Dialect;
  roots: number[];
  /** About what its compile costs: the schema text of the files its roots reach. */
  bytes: number;
}

/**
 * Connected files smaller than this compile together with their small neighbours: an Ajv instance costs about a
 * millisecond to set up, as much as compiling a small schema (1500 files of 350 bytes: 1.4 s of setups).
 */
const UNIT_MIN_BYTES = 16 * 1024;

/** The compile units of a folder: by dialect, then by the position of their first root. */
export function compileUnits(roots: FileResource[], index: SchemaIndex, minBytes = UNIT_MIN_BYTES): CompileUnit[] {
  const units: CompileUnit[] = [];
  for (const connected of connectedUnits(roots, index)) {
    const last = units.at(-1);
    if (last && last.dialect === connected.dialect && last.bytes < minBytes && connected.bytes < minBytes) {
      last.roots.push(...connected.roots);
      last.bytes += connected.bytes;
    } else {
      units.push(connected);
    }
  }
  for (const unit of units) unit.roots.sort((a, b) => a - b);
  return units;
}

/** The root files that refs connect, by dialect, then by the position of their first root. */
function connectedUnits(roots: FileResource[], index: SchemaIndex): CompileUnit[] {
  const { targets } = fileGraphOf(index);
  const units: CompileUnit[] = [];
  for (const dialect of rootDialects(roots)) {
    const follows = compiledWith(dialect);
    // Union-find over the files this dialect's roots reach.
    const parent = new Map<FileResource, FileResource>();
    const find = (resource: FileResource): FileResource => {
      let top = resource;
      while (parent.get(top) !== top) top = parent.get(top)!;
      for (let at = resource; at !== top; ) {
        const next = parent.get(at)!;
        parent.set(at, top);
        at = next;
      }
      return top;
    };
    const pending: FileResource[] = [];
    const visit = (resource: FileResource) => {
      if (parent.has(resource)) return;
      parent.set(resource, resource);
      pending.push(resource);
    };
    const own = [...roots.entries()].filter(([, resource]) => resource.dialect === dialect);
    for (const [, resource] of own) visit(resource);
    while (pending.length > 0) {
      const from = pending.pop()!;
      for (const target of targets.get(from.file) ?? []) {
        if (!follows(target)) continue;
        visit(target);
        const [a, b] = [find(from), find(target)];
        if (a !== b) parent.set(a, b);
      }
    }
    const byTop = new Map<FileResource, CompileUnit>();
    for (const [position, resource] of own) {
      const top = find(resource);
      const unit = byTop.get(top) ?? { dialect, roots: [], bytes: 0 };
      if (unit.roots.length === 0) {
        byTop.set(top, unit);
        units.push(unit);
      }
      unit.roots.push(position);
    }
  }
  for (const unit of units) unit.bytes = unitResources(unit, roots, index).reduce((total, resource) => total + resource.file.text.length, 0);
  return units;
}

/** The files a unit's Ajv instance registers: its roots' files and the files they reach under its dialect. */
function unitResources(unit: CompileUnit, roots: FileResource[], index: SchemaIndex): FileResource[] {
  return reachableFiles(index, unit.roots.map((position) => roots[position]!), compiledWith(unit.dialect));
}

const fileByUri = new WeakMap<SchemaIndex, Map<string, FileResource>>();

/** Every resource (a file root or an embedded $id) by URI, to the file resource that holds it. */
function fileResourceByUri(index: SchemaIndex): Map<string, FileResource> {
  let known = fileByUri.get(index);
  if (!known) {
    const fileOf = new Map(index.files.map((resource) => [resource.file, resource]));
    known = new Map([...index.resources].map(([uri, resource]) => [uri, fileOf.get(resource.file)!]));
    fileByUri.set(index, known);
  }
  return known;
}

export type UnitPieces = { pieces: Map<string, ModulePiece> } | { diagnostics: Diagnostic[] };

/**
 * The export of a root's validator in a unit's code, by the root's place among the unit's roots: a compile needs no
 * names, so it can start before the schemas are named (and checked), and its code stays the same when files
 * elsewhere in the folder come and go (work-cache.ts); assemble gives each its name.
 */
const positionalExport = (place: number) => `root${place}`;

/**
 * One unit's validators, compiled by one Ajv instance (first-error or allErrors) and split into a piece per schema
 * file's module (passes/split.ts), so a definition shared by many files is emitted once, in its own file's module.
 * Validators are exported by place (positionalExport). With a cache, a unit compiled before is read from it.
 */
export function compileUnitPieces(unit: CompileUnit, roots: FileResource[], index: SchemaIndex, allErrors: boolean, cache?: WorkCache): UnitPieces {
  const { dialect } = unit;
  const own = unit.roots.map((position) => roots[position]!);
  const fileOfUri = fileResourceByUri(index);
  // A file compiled under another dialect's rules (it has no $schema), or read through a ref map, has no module of
  // its own here: its functions live with the module that uses them.
  const homeOfFile = (file: FileResource | undefined) => (file && file.dialect === dialect && !file.external ? moduleOfFile(file) : undefined);
  const exportsMap: Record<string, string> = {};
  const homeOfExport = new Map<string, string>();
  own.forEach((resource, place) => {
    exportsMap[positionalExport(place)] = resource.uri;
    homeOfExport.set(positionalExport(place), moduleOfFile(resource));
  });
  const prepared = prepareResources(unitResources(unit, roots, index), index);
  // A file that does not prepare is reported by the compile, and nothing is kept.
  const stored =
    cache && prepared.every(isPrepared)
      ? workEntry(cache, [dialect, allErrors ? "all errors" : "first error", ...own.map((resource) => resource.uri), ...prepared.flatMap((entry) => [entry.resource.uri, homeOfFile(entry.resource) ?? "", entry.text])])
      : undefined;
  const kept = readWork(stored, isModulePieces);
  if (kept) return { pieces: kept };
  const compiled = compileStandalone(dialect, own, prepared, exportsMap, allErrors);
  if ("diagnostics" in compiled) return compiled;
  const homeOfFunction = (name: string) => homeOfFile(fileOfUri.get(compiled.sources.get(name) ?? ""));
  const { program } = rewriteAjvCode(compiled.code, allErrors ? ALL_ERRORS_PASSES : undefined, compiled.schemaCopies);
  const pieces = splitProgram(program, homeOfFunction, (name) => homeOfExport.get(name)!, new Set(Object.values(RUNTIME_IMPORTS)));
  writeWork(stored, pieces);
  return { pieces };
}

function isModulePieces(value: unknown): value is Map<string, ModulePiece> {
  if (!(value instanceof Map)) return false;
  for (const [home, piece] of value) {
    if (typeof home !== "string" || piece === null || typeof piece !== "object") return false;
    const { code, imports, exports, runtimeImports, validators } = piece as Record<string, unknown>;
    if (typeof code !== "string" || !(imports instanceof Map) || !(validators instanceof Map) || !isStringArray(exports) || !isStringArray(runtimeImports)) return false;
  }
  return true;
}

/** The dialects that have root schemas, in a fixed order. */
function rootDialects(roots: FileResource[]): Dialect[] {
  return [...new Set(roots.map((resource) => resource.dialect))].sort(compareText);
}

/**
 * A folder's validator compiles, decided from its index alone: threads can take them before the schemas are checked
 * and named, and a compile whose folder then fails the check is thrown away.
 */
export interface CompilePlan {
  /** Also the all-errors twins (errors: "all"). */
  allErrors: boolean;
  roots: FileResource[];
  units: CompileUnit[];
  /** First-error compiles at positions 0…n-1 in unit order, then the twins. */
  jobs: CompileJob[];
  /** Positions in `jobs`, costliest first: the order in which threads claim them. */
  order: number[];
  /** Where units compiled before are read from, and new ones stored; none: every unit compiles. */
  cache?: WorkCache;
}

export function planCompiles(index: SchemaIndex, allErrors: boolean, cache?: WorkCache): CompilePlan {
  const roots = rootFiles(index);
  const units = compileUnits(roots, index);
  const jobs: CompileJob[] = [...units.map((unit) => ({ unit, allErrors: false })), ...(allErrors ? units.map((unit) => ({ unit, allErrors: true })) : [])];
  const order = [...jobs.keys()].sort((a, b) => jobs[b]!.unit.bytes - jobs[a]!.unit.bytes || a - b);
  return { allErrors, roots, units, jobs, order, ...(cache ? { cache } : {}) };
}

export interface ValidatorBuilding {
  /** Compiles what no thread has taken yet, here, then waits for the threads: every module's validator code. */
  finish(): Promise<ValidatorBuild>;
  /** Stops the threads, when the caller fails before calling finish. */
  cancel(): void;
}

/**
 * Compiles a folder's validators, named as `roots` (the folder's root files, named). `pool`: compiles already under
 * way on threads (startCompilePool on this index); none: all here. The caller does other work and then calls
 * finish. The output does not depend on which thread compiled what.
 */
export function startValidatorModules(roots: ValidatorRoot[], index: SchemaIndex, allErrors: boolean, pool?: CompilePool): ValidatorBuilding {
  const running = pool ?? startCompilePool(planCompiles(index, allErrors), index, 0);
  const { plan } = running;
  if (plan.allErrors !== allErrors || plan.roots.length !== roots.length || roots.some((named, position) => named.resource !== plan.roots[position])) {
    running.cancel();
    throw new Error("internal: the compile threads were started on other compiles than the named roots ask for");
  }
  return {
    async finish() {
      const results = await running.finish((job) => compileUnitPieces(job.unit, plan.roots, index, job.allErrors, plan.cache));
      return assemble(plan, results, roots);
    },
    cancel: () => running.cancel(),
  };
}

/** A piece with its validators exported by name instead of by position. */
function namedPiece(piece: ModulePiece, exportNames: Map<string, string>): ModulePiece {
  const validators = new Map(
    [...piece.validators].map(([key, implementation]) => {
      const name = exportNames.get(key);
      if (name === undefined) throw new Error(`internal: a validator exported as ${key}, which is no root's position`);
      return [name, implementation];
    }),
  );
  return { ...piece, validators };
}

/** Every unit's pieces as one module map (each module path belongs to one unit); diagnostics of units that fail. */
function assemble({ units, allErrors }: CompilePlan, results: UnitPieces[], roots: ValidatorRoot[]): ValidatorBuild {
  const modules = new Map<string, ValidatorModule>();
  const diagnostics: Diagnostic[] = [];
  for (const [position, unit] of units.entries()) {
    const first = results[position]!;
    const all = allErrors ? results[units.length + position] : undefined;
    if ("diagnostics" in first) {
      diagnostics.push(...first.diagnostics);
      continue;
    }
    // Both compiles see the same schemas: a twin fails exactly when its first-error compile does.
    if (all && "diagnostics" in all) continue;
    const exportNames = new Map(unit.roots.map((position, place) => [positionalExport(place), `validate${roots[position]!.name}`]));
    for (const path of [...new Set([...first.pieces.keys(), ...(all?.pieces.keys() ?? [])])].sort(compareText)) {
      if (modules.has(path)) throw new Error(`internal: ${path} holds validator code of two compiles`);
      const named = (piece: ModulePiece | undefined) => namedPiece(piece ?? EMPTY_PIECE, exportNames);
      modules.set(path, { ...named(first.pieces.get(path)), dialect: unit.dialect, ...(all ? { allErrors: named(all.pieces.get(path)) } : {}) });
    }
  }
  return { modules: new Map([...modules].sort(([a], [b]) => compareText(a, b))), diagnostics };
}

/** Every dialect's validators, by module path, compiled here and on the pool's threads, if any. */
export function emitValidatorModules(roots: ValidatorRoot[], index: SchemaIndex, allErrors: boolean, pool?: CompilePool): Promise<ValidatorBuild> {
  return startValidatorModules(roots, index, allErrors, pool).finish();
}
