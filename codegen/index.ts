// Public API: generate() and check() return data and print nothing; the CLI is a shell around them.
// The pipeline (Ajv, json-schema-to-typescript, Babel's parser, esbuild) is imported only when there is work to do.

import { inputFingerprint, outputMatchesRecord, recordOutput } from "./cache.js";
import { resolveOptions, type GenerateOptions, type ModelOptions } from "./config.js";
import { SchemagenError } from "./diagnostics.js";
import { loadSchemaSet } from "./load.js";
import type { GeneratedFile } from "./pipeline.js";
import { diffOutput, recoverOutput, writeOutput, type Drift } from "./write.js";

export { SchemagenError, formatDiagnostic, type Diagnostic } from "./diagnostics.js";
import type { Diagnostic } from "./diagnostics.js";
import type { LintConfig } from "./config-file.js";
export { loadConfig, loadConfigFile, CONFIG_FILE, type SchemagenConfig, type LintConfig } from "./config-file.js";
export type { GeneratedFile, SchemaModel } from "./pipeline.js";
export { resolveOptions, parseRefMap, DEFAULTS, type GenerateOptions, type ModelOptions, type RefMap } from "./config.js";
export type { Drift } from "./write.js";
export type { ValidateOptions, Progress } from "./validate/run.js";
export type { ValidationRun, ValidationIssue, FileReport } from "./validate/results.js";
import type { ValidateOptions } from "./validate/run.js";

export async function buildSchemaModel(options: ModelOptions) {
  return (await import("./pipeline.js")).buildSchemaModel(options);
}

export async function generateFiles(options: GenerateOptions): Promise<GeneratedFile[]> {
  return (await import("./pipeline.js")).generateFiles(options);
}

export interface GenerateResult {
  /** The generated files; empty when the output was already up to date and nothing was generated. */
  files: GeneratedFile[];
  /** Files that differed from the output folder before writing; empty when nothing had to be written. */
  changed: Drift[];
  /** Schemas that did not get the name they ask for because another holds it (also lint's name-collision). */
  warnings: Diagnostic[];
}

export async function generate(partial: Partial<GenerateOptions> = {}): Promise<GenerateResult> {
  const options = resolveOptions(partial);
  await recoverOutput(options.out);
  // Read once: the fingerprint and, when it finds the output stale, the pipeline take the same files.
  const loaded = options.cache ? await loadSchemaSet(options.schemas) : undefined;
  const fingerprint = loaded && (await inputFingerprint(loaded, options));
  if (fingerprint !== undefined && (await outputMatchesRecord(options.out, fingerprint))) return { files: [], changed: [], warnings: [] };
  const { files, warnings } = await (await import("./pipeline.js")).generateOutput(options, loaded);
  const changed = await diffOutput(options.out, files);
  if (changed.length > 0) await writeOutput(options.out, files);
  if (fingerprint !== undefined) await recordOutput(fingerprint, files);
  return { files, changed, warnings };
}

/** Writes one compound schema per domain into `out` (replaced as a whole). */
export async function bundle(partial: Partial<GenerateOptions> & { out: string }): Promise<GeneratedFile[]> {
  const options = resolveOptions(partial);
  const { buildSchemaModel: build } = await import("./pipeline.js");
  const { emitBundles } = await import("./emit/bundle.js");
  const { index, names } = await build(options);
  const files = emitBundles(names, index).map((file) => ({ path: file.path.replace(/^bundles\//, ""), contents: file.contents }));
  await writeOutput(options.out, files);
  return files;
}

/** Every lint finding for a schemas folder, located at file:line:column; throws SchemagenError when the folder cannot be read. */
export async function lint(partial: Partial<GenerateOptions> & { lint?: LintConfig } = {}) {
  const options = resolveOptions(partial);
  const { lintSchemaFolder, applyLintConfig } = await import("./lint/index.js");
  return applyLintConfig(await lintSchemaFolder(options), partial.lint);
}

export interface DiffOptions extends Partial<ModelOptions> {
  /** Folders or git refs; a folder holding `schemas` (the option) is read from there, so `.` works. */
  old: string;
  new: string;
  level?: "backward" | "forward" | "full";
  cwd?: string;
}

/** Every change between two versions of the schemas, classified for BACKWARD, FORWARD and FULL compatibility. */
export async function diff(options: DiffOptions) {
  const { schemas, baseUri, defaultDialect, refMaps } = resolveOptions({
    schemas: options.schemas,
    baseUri: options.baseUri,
    defaultDialect: options.defaultDialect,
    refMaps: options.refMaps,
  });
  const { openSchemaSource } = await import("./diff/source.js");
  const { diffSchemaModels, nameAfter } = await import("./diff/index.js");
  const sources = [];
  try {
    for (const argument of [options.old, options.new]) sources.push(await openSchemaSource(argument, schemas, options.cwd));
    const models = [];
    for (const source of sources) {
      try {
        models.push(await buildSchemaModel({ schemas: source.folder, baseUri, defaultDialect, refMaps, ...(source.kind === "git" ? { pinNamesFrom: false } : {}) }));
      } catch (error) {
        if (!(error instanceof SchemagenError)) throw error;
        // Name the version: a file of a git ref lives in a temporary folder the user never sees.
        throw new SchemagenError(
          error.diagnostics.map((diagnostic) => ({
            ...diagnostic,
            file: diagnostic.file === undefined ? source.label : `${source.label}:${diagnostic.file}`,
            message: diagnostic.message.split(source.folder).join(source.label),
          })),
        );
      }
    }
    return {
      old: options.old,
      new: options.new,
      level: options.level ?? "backward",
      changes: diffSchemaModels(models[0]!, nameAfter(models[0]!, models[1]!)),
      newFolder: sources[1]!.displayFolder,
    };
  } finally {
    for (const source of sources) await source.dispose();
  }
}

/** Writes one Markdown reference per domain into `out` (replaced as a whole). */
export async function docs(partial: Partial<GenerateOptions> & { out: string }): Promise<GeneratedFile[]> {
  const options = resolveOptions(partial);
  const { buildSchemaModel: build } = await import("./pipeline.js");
  const { emitDocs } = await import("./emit/docs.js");
  const { index, names } = await build(options);
  const files = emitDocs(names, index);
  await writeOutput(options.out, files);
  return files;
}

/** Regenerates in memory and lists every file that is missing, extra or changed. Never writes. */
export async function check(partial: Partial<GenerateOptions> = {}): Promise<Drift[]> {
  const options = resolveOptions(partial);
  // Generating settles a swap a crash cut short (the output's manifest pins the names) before the diff reads it.
  return diffOutput(options.out, await generateFiles(options));
}

/**
 * Validates files, folders, globs or standard input (JSON, NDJSON streamed across worker threads, YAML) against one
 * schema; every issue is located at file:line:column. Issues go to `onIssue` as found when it is given.
 */
export async function validate(options: Pick<ValidateOptions, "schema" | "inputs"> & Partial<ValidateOptions>) {
  const { validateInputs, DEFAULT_MAX_ERRORS, defaultWorkers } = await import("./validate/run.js");
  const { schemas, out, baseUri } = resolveOptions(options);
  return validateInputs({ maxErrors: DEFAULT_MAX_ERRORS, failFast: false, workers: defaultWorkers(), cwd: process.cwd(), ...options, schemas, out, baseUri });
}
