// Public API: generate() and check() return data and print nothing; the CLI is a shell around them.

import { resolveOptions, type GenerateOptions } from "./config.js";
import { generateFiles, type GeneratedFile } from "./pipeline.js";
import { diffOutput, writeOutput, type Drift } from "./write.js";

export { SchemagenError, formatDiagnostic, type Diagnostic } from "./diagnostics.js";
export { buildSchemaModel, generateFiles, type GeneratedFile, type SchemaModel } from "./pipeline.js";
export { resolveOptions, DEFAULTS, type GenerateOptions } from "./config.js";
export type { Drift } from "./write.js";

export interface GenerateResult {
  files: GeneratedFile[];
  /** Files that differed from the output folder before writing; empty when nothing had to be written. */
  changed: Drift[];
}

export async function generate(partial: Partial<GenerateOptions> = {}): Promise<GenerateResult> {
  const options = resolveOptions(partial);
  const files = await generateFiles(options);
  const changed = await diffOutput(options.out, files);
  if (changed.length > 0) await writeOutput(options.out, files);
  return { files, changed };
}

/** Regenerates in memory and lists every file that is missing, extra or changed. Never writes. */
export async function check(partial: Partial<GenerateOptions> = {}): Promise<Drift[]> {
  const options = resolveOptions(partial);
  return diffOutput(options.out, await generateFiles(options));
}
