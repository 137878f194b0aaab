// The validators a benchmark compares. Each is loaded in its own process (see measure.ts), by name.

import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

export type Check = (data: unknown) => boolean;

export interface SubjectContext {
  root: string;
  /** Manifest entry of the schema under test. */
  entry: { id: string; source: string; module: string; validator: string; type: string };
}

async function generated({ root, entry }: SubjectContext): Promise<Check> {
  const module = await import(pathToFileURL(path.join(root, "generated", entry.module)).href);
  return module[entry.validator];
}

/** What a caller of assert pays on a rejected value: the first-error check, then the all-errors report. */
async function generatedReport({ root, entry }: SubjectContext): Promise<Check> {
  const module = await import(pathToFileURL(path.join(root, "generated", entry.module)).href);
  const assert = module[entry.validator.replace(/^validate/, "assert")] as (data: unknown) => void;
  return (data) => {
    try {
      assert(data);
      return true;
    } catch {
      return false;
    }
  };
}

async function ajvRuntime({ root, entry }: SubjectContext): Promise<Check> {
  const { buildSchemaModel, resolveOptions } = await import("../../../codegen/index.js");
  const { compileInProcess } = await import("../../../codegen/emit/validators.js");
  const { index } = await buildSchemaModel(resolveOptions({ schemas: path.join(root, "schemas") }));
  return compileInProcess(index)(entry.id)!;
}

async function schemasafe({ root }: SubjectContext & { entry: { id: string } }, id: string): Promise<Check> {
  const { validator } = await import("@exodus/schemasafe");
  const { buildSchemaModel, resolveOptions } = await import("../../../codegen/index.js");
  const { index } = await buildSchemaModel(resolveOptions({ schemas: path.join(root, "schemas") }));
  const schemas = Object.fromEntries(index.files.map((file) => [file.uri, file.schema]));
  const schema = index.files.find((file) => file.uri === id)!.schema;
  // Same strictness as ours: formats asserted, unknown keywords (discriminator, x-analytics-*) tolerated.
  return validator(schema as object, {
    schemas,
    includeErrors: false,
    mode: "default",
    formatAssertion: true,
    requireSchema: false,
    requireValidation: false,
    extraFormats: false,
    allowUnusedKeywords: true,
  } as Parameters<typeof validator>[1]) as Check;
}

async function handWritten({ entry }: SubjectContext): Promise<Check> {
  const { HAND_WRITTEN } = await import("./hand-written.js");
  const check = HAND_WRITTEN[entry.type];
  if (!check) throw new Error(`no hand-written check for ${entry.type}`);
  return check;
}

async function zod({ entry }: SubjectContext): Promise<Check> {
  const { ZOD_SCHEMAS } = await import("./zod.js");
  const schema = ZOD_SCHEMAS[entry.type];
  if (!schema) throw new Error(`no zod schema for ${entry.type}`);
  return (data) => schema.safeParse(data).success;
}

export const SUBJECTS: Record<string, (context: SubjectContext) => Promise<Check>> = {
  generated,
  "generated-report": generatedReport,
  "ajv-runtime": ajvRuntime,
  schemasafe: (context) => schemasafe(context, context.entry.id),
  "hand-written": handWritten,
  zod,
};

export async function readJson<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(file, "utf8")) as T;
}
