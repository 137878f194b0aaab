// Runs the official JSON Schema Test Suite through `schemagen generate` and the generated validators.

import { spawnSync } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { compileInProcess } from "../../codegen/emit/validators.js";
import { buildSchemaModel } from "../../codegen/pipeline.js";
import { DRAFTS, REMOTE_BASE_URI, REMOTES, writeSuiteSchemas, type DraftFolder, type SuiteCase } from "../../test/helpers/test-suite.js";

const BIN = fileURLToPath(new URL("../../codegen/cli/bin.mjs", import.meta.url));

/** Keyword files the generator does not take by design, with the reason. */
export const UNSUPPORTED_FILES: Record<string, string> = {
  vocabulary: "custom metaschemas ($vocabulary) are not a supported dialect; generate rejects unknown $schema",
};

export interface CaseResult {
  draft: DraftFolder;
  keywordFile: string;
  group: string;
  schemaPath: string;
  test: string;
  expected: boolean;
  /** The generated validator's verdict; "compile" when Ajv could not compile the group; "throw" when it threw. */
  actual: boolean | "compile" | "throw";
  /** Ajv compiled in process with the same options and schemas: the reference verdict. */
  reference: boolean | "compile" | "throw";
  /** Where assert's report departs from Ajv's allErrors compiled in process, what differs; else undefined. */
  reportMismatch?: string;
}

interface ErrorObject {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
}

/** An error as the report and Ajv both give it; the report adds which oneOf/anyOf branch was closest. */
function errorKey({ instancePath, schemaPath, keyword, params }: ErrorObject): string {
  const { branchCount, closestBranch, ...ajvParams } = params ?? {};
  return JSON.stringify([instancePath, schemaPath, keyword, ajvParams]);
}

/**
 * assert throws exactly when the first-error check fails, and lists errors Ajv's allErrors lists: all of them where
 * no oneOf/anyOf failed (a failed one keeps only its closest branch's).
 */
function reportMismatch(assert: (data: unknown) => void, validate: (data: unknown) => boolean, reference: ((data: unknown) => boolean) & { errors?: ErrorObject[] | null }, data: unknown): string | undefined {
  let thrown: { errors?: ErrorObject[] } | undefined;
  try {
    assert(data);
  } catch (error) {
    thrown = error as { errors?: ErrorObject[] };
  }
  let valid: boolean;
  try {
    valid = validate(data);
  } catch {
    return undefined;
  }
  if (valid) return thrown ? "assert threw on valid data" : undefined;
  if (!thrown?.errors?.length) return "assert did not throw, or threw no errors, on invalid data";
  let referenceValid: boolean;
  try {
    referenceValid = reference(data);
  } catch {
    return undefined;
  }
  if (referenceValid) return undefined;
  const expected = (reference.errors ?? []).map(errorKey);
  const actual = thrown.errors.map(errorKey);
  const extra = actual.filter((key) => !expected.includes(key));
  if (extra.length > 0) return `errors Ajv does not give: ${extra.join(" ")}`;
  const combinators = (reference.errors ?? []).some((error) => error.keyword === "oneOf" || error.keyword === "anyOf");
  if (!combinators && actual.length !== expected.length) return `${actual.length} errors where Ajv gives ${expected.length}`;
  return undefined;
}

interface Manifest {
  schemas: { id: string; source: string; module: string; validator: string; assert: string }[];
}

/** Generates one bucket with the CLI; groups Ajv cannot compile are dropped and generation is retried. */
function generateBucket(folder: string, out: string, cases: SuiteCase[], draft: DraftFolder): { compiled: SuiteCase[]; failed: SuiteCase[] } {
  const failed: SuiteCase[] = [];
  let remaining = cases;
  for (let attempt = 0; attempt < 20; attempt++) {
    const result = spawnSync(
      process.execPath,
      [BIN, "generate", "--schemas", folder, "--out", out, "--base-uri", REMOTE_BASE_URI, "--ref-map", `${REMOTE_BASE_URI}=${REMOTES}`, "--default-dialect", DRAFTS[draft]],
      { encoding: "utf8" },
    );
    if (result.status === 0) return { compiled: remaining, failed };
    const culprits = new Set(
      [...result.stderr.matchAll(/^(suite-[^:]+\.json):\d+:\d+: error ajv-compile/gm)].map((match) => match[1]),
    );
    if (culprits.size === 0) throw new Error(`schemagen generate failed on ${folder}:\n${result.stderr}`);
    for (const testCase of remaining) if (culprits.has(testCase.schemaPath)) failed.push(testCase);
    remaining = remaining.filter((testCase) => !culprits.has(testCase.schemaPath));
    for (const culprit of culprits) spawnSync("rm", [path.join(folder, culprit)]);
  }
  throw new Error(`gave up generating ${folder}`);
}

export async function runSuite(draft: DraftFolder, workFolder: string): Promise<CaseResult[]> {
  await rm(workFolder, { recursive: true, force: true });
  const buckets = await writeSuiteSchemas(workFolder, draft, (file) => file in UNSUPPORTED_FILES);
  const results: CaseResult[] = [];
  for (const bucket of buckets) {
    const out = `${bucket.folder}-generated`;
    const { compiled, failed } = generateBucket(bucket.folder, out, bucket.cases, draft);
    for (const testCase of failed) {
      for (const test of testCase.tests) {
        results.push({ ...caseFields(testCase), test: test.description, expected: test.valid, actual: "compile", reference: "compile" });
      }
    }
    const manifest = JSON.parse(await readFile(path.join(out, "manifest.json"), "utf8")) as Manifest;
    const bySource = new Map(manifest.schemas.map((entry) => [entry.source, entry]));
    const { index } = await buildSchemaModel({
      schemas: bucket.folder,
      baseUri: REMOTE_BASE_URI,
      defaultDialect: DRAFTS[draft],
      refMaps: [{ prefix: REMOTE_BASE_URI, folder: REMOTES }],
    });
    const reference = compileInProcess(index);
    const referenceAll = compileInProcess(index, { allErrors: true });
    for (const testCase of compiled) {
      const entry = bySource.get(testCase.schemaPath)!;
      const module = await import(/* @vite-ignore */ pathToFileURL(path.join(out, entry.module)).href);
      const validate = module[entry.validator] as (data: unknown) => boolean;
      const referenceValidate = reference(entry.id)!;
      const assert = module[entry.assert] as (data: unknown) => void;
      const referenceReport = referenceAll(entry.id)!;
      for (const test of testCase.tests) {
        results.push({
          ...caseFields(testCase),
          test: test.description,
          expected: test.valid,
          actual: verdict(validate, test.data),
          reference: verdict(referenceValidate, test.data),
          reportMismatch: reportMismatch(assert, validate, referenceReport, test.data),
        });
      }
    }
  }
  return results;
}

function verdict(validate: (data: unknown) => boolean, data: unknown): boolean | "throw" {
  try {
    return validate(data);
  } catch {
    return "throw";
  }
}

function caseFields(testCase: SuiteCase) {
  return { draft: testCase.draft, keywordFile: testCase.keywordFile, group: testCase.group, schemaPath: testCase.schemaPath };
}
