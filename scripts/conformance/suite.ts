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
}

interface Manifest {
  schemas: { id: string; source: string; module: string; validator: string }[];
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
    for (const testCase of compiled) {
      const entry = bySource.get(testCase.schemaPath)!;
      const module = await import(/* @vite-ignore */ pathToFileURL(path.join(out, entry.module)).href);
      const validate = module[entry.validator] as (data: unknown) => boolean;
      const referenceValidate = reference(entry.id)!;
      for (const test of testCase.tests) {
        results.push({
          ...caseFields(testCase),
          test: test.description,
          expected: test.valid,
          actual: verdict(validate, test.data),
          reference: verdict(referenceValidate, test.data),
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
