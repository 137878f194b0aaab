// Which validator `--schema REF` means. REF is a $id or a type name from the output folder's manifest.json, or
// a path to a schema file. Bundled schemas use their precompiled validator module (no Ajv is loaded); any other
// schema file, or every schema with --compile, is compiled with Ajv at run time (see compile.ts).
//
// The answer includes a ValidatorSpec: a plain value from which a worker thread loads the same validator.

import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { GenerateOptions } from "../config.js";
import { MESSAGES, SchemagenError } from "../diagnostics.js";
import type { CompileOptions } from "./compile.js";
import type { SchemaSummary } from "./results.js";
import { withAllErrors, type Validator } from "./verdict.js";

export interface SchemaRefOptions extends Pick<GenerateOptions, "schemas" | "out" | "baseUri"> {
  cwd: string;
  /** Compile with Ajv at run time even when a precompiled validator exists. */
  compile?: boolean;
  /** Report every error of an invalid document (compiled with Ajv's allErrors), not the first. */
  allErrors?: boolean;
}

export type ValidatorSpec = (
  | { kind: "module"; url: string; exportName: string }
  | { kind: "compile-file"; file: string; options: CompileOptions }
  | { kind: "compile-named"; ref: string; options: CompileOptions }
) & {
  /** Under --all-errors, beside a precompiled validator: the one that reports every error, run after it fails. */
  allErrors?: ValidatorSpec;
};

export interface ResolvedSchema {
  summary: SchemaSummary;
  spec: ValidatorSpec;
  /**
   * The validator: a precompiled module is imported only when this is called, so that worker threads can start
   * booting first; a schema compiled at run time is already compiled (its errors are the caller's to see first).
   */
  load: () => Promise<Validator>;
}

interface ManifestEntry {
  id: string;
  source: string;
  module: string;
  validator: string;
  type: string;
}

export function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}

async function readManifest(out: string): Promise<ManifestEntry[] | undefined> {
  const text = await readFile(path.join(out, "manifest.json"), "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const manifest = JSON.parse(text) as { schemas?: ManifestEntry[] };
    return Array.isArray(manifest.schemas) ? manifest.schemas : undefined;
  } catch {
    return undefined;
  }
}

export async function resolveSchema(ref: string, options: SchemaRefOptions): Promise<ResolvedSchema> {
  const out = path.resolve(options.cwd, options.out);
  const compileOptions: CompileOptions = { schemas: path.resolve(options.cwd, options.schemas), baseUri: options.baseUri, cwd: options.cwd };
  const file = path.resolve(options.cwd, ref);
  const isFile = (await stat(file).catch(() => undefined))?.isFile() ?? false;
  const manifest = await readManifest(out);

  if (!options.compile && manifest) {
    const source = isFile && isInside(compileOptions.schemas, file) ? path.relative(compileOptions.schemas, file).split(path.sep).join("/") : undefined;
    const entry = manifest.find((candidate) =>
      source !== undefined ? candidate.source === source : candidate.id === ref.replace(/#$/, "") || candidate.type === ref,
    );
    if (entry) {
      const spec: ValidatorSpec = {
        kind: "module",
        url: pathToFileURL(path.join(out, entry.module)).href,
        exportName: entry.validator,
        // The precompiled validators stop at the first error; the report compiles the same schema from the folder.
        ...(options.allErrors ? { allErrors: { kind: "compile-named", ref: entry.id, options: { ...compileOptions, errors: "all" } } } : {}),
      };
      return { summary: { ref, id: entry.id, type: entry.type, validator: "precompiled" }, spec, load: () => loadValidator(spec) };
    }
  }

  // Compiled at run time, the first-error check and the all-errors report come from one schema model.
  const runTimeOptions: CompileOptions = { ...compileOptions, errors: options.allErrors ? "first-then-all" : "first" };
  const spec: ValidatorSpec = isFile ? { kind: "compile-file", file, options: runTimeOptions } : { kind: "compile-named", ref, options: runTimeOptions };
  const compiled = spec.kind === "compile-file" ? await compileFile(spec) : await compileNamed(spec);
  if (!compiled) {
    const known = manifest?.map((entry) => entry.type) ?? [];
    const close = known.filter((type) => type.toLowerCase().includes(ref.toLowerCase()) || ref.toLowerCase().includes(type.toLowerCase()));
    const hint = close.length > 0 ? `; did you mean ${close.slice(0, 3).join(", ")}?` : manifest ? "" : ` (no ${path.join(options.out, "manifest.json")})`;
    throw new SchemagenError([{ code: "schema-unknown", severity: "error", message: MESSAGES["schema-unknown"](ref, hint) }]);
  }
  return {
    summary: { ref, id: compiled.id, ...(compiled.type ? { type: compiled.type } : {}), validator: "compiled" },
    spec,
    load: () => Promise.resolve(compiled.validate),
  };
}

async function compileFile(spec: Extract<ValidatorSpec, { kind: "compile-file" }>) {
  const { compileSchemaFile } = await import("./compile.js");
  return compileSchemaFile(spec.file, spec.options);
}

async function compileNamed(spec: Extract<ValidatorSpec, { kind: "compile-named" }>) {
  const { compileNamedSchema } = await import("./compile.js");
  return compileNamedSchema(spec.ref, spec.options);
}

/** The validator a spec names; workers call this with the spec the main thread resolved. */
export async function loadValidator(spec: ValidatorSpec): Promise<Validator> {
  const fast = await loadOne(spec);
  return spec.allErrors ? withAllErrors(fast, await loadOne(spec.allErrors)) : fast;
}

async function loadOne(spec: ValidatorSpec): Promise<Validator> {
  if (spec.kind === "compile-file") return (await compileFile(spec)).validate;
  if (spec.kind === "compile-named") {
    const compiled = await compileNamed(spec);
    if (!compiled) throw new Error(`internal: ${spec.ref} no longer names a schema`);
    return compiled.validate;
  }
  let module: Record<string, unknown>;
  try {
    module = (await import(spec.url)) as Record<string, unknown>;
  } catch (error) {
    throw new SchemagenError([
      { code: "file-unreadable", severity: "error", file: spec.url, message: MESSAGES["file-unreadable"]((error as Error).message) },
    ]);
  }
  const validate = module[spec.exportName];
  if (typeof validate !== "function") {
    throw new SchemagenError([{ code: "validator-missing", severity: "error", message: MESSAGES["validator-missing"](spec.url, spec.exportName) }]);
  }
  return validate as Validator;
}
