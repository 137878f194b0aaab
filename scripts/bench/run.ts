// npm run bench: validation speed against peers, startup, codegen time and module sizes, each subject in its own
// process. Writes bench/results.json and docs/BENCHMARKS.md (with docs/benchmarks.svg). Ratios, not absolute
// times, are the point: every ratio compares subjects measured in the same run.

import { execFileSync, spawnSync } from "node:child_process";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { buildSchemaModel, resolveOptions } from "../../codegen/index.js";
import { knownValidValues } from "../../test/helpers/domain-fixtures.js";
import { buildEventSets } from "./data.js";
import { benchmarksMarkdown, chartSvg, type BenchResults, type Measurement } from "./report.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const TMP = path.join(ROOT, "bench/tmp");
const quick = process.argv.includes("--quick");
const TYPES = ["AnalyticsEvent", "StreamEvent", "MLPrediction", "AuditEntry"];
const PEERS = ["generated", "ajv-runtime", "schemasafe"];
const ANALYTICS_ONLY = ["hand-written", "zod"];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

interface SubjectRun {
  rounds: number[];
  p50: number;
  p99: number;
}

function runSubject(subject: string, type: string, set: string, dataFile: string, rounds: number): SubjectRun {
  const output = execFileSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/bench/subjects/measure.ts"), subject, type, set, dataFile, String(rounds)], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(output.trim().split("\n").pop()!) as SubjectRun;
}

/** Several processes per subject, taken in turn with the others, so that a slow spell of the machine hits them all. */
function measurement(subject: string, type: string, set: string, runs: SubjectRun[]): Measurement {
  const rounds = runs.flatMap((run) => run.rounds);
  return {
    subject,
    type,
    set,
    nsPerOp: median(rounds),
    min: Math.min(...rounds),
    max: Math.max(...rounds),
    p50: median(runs.map((run) => run.p50)),
    p99: median(runs.map((run) => run.p99)),
  };
}

function timeProcess(args: string[], repeat: number): number[] {
  const times: number[] = [];
  for (let run = 0; run < repeat; run++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`${args.join(" ")} failed: ${result.stderr}`);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times;
}

await rm(TMP, { recursive: true, force: true });
await mkdir(TMP, { recursive: true });
execFileSync(process.execPath, [path.join(ROOT, "codegen/cli/bin.mjs"), "generate"], { cwd: ROOT });

// 1. Data: distinct valid and invalid events per schema, drawn from the schemas.
const model = await buildSchemaModel(resolveOptions({ schemas: path.join(ROOT, "schemas") }));
const known = await knownValidValues();
const dataFiles = new Map<string, string>();
const eventBytes = new Map<string, number>();
let firstAnalyticsEvent: unknown;
for (const type of TYPES) {
  const sets = await buildEventSets(model, ROOT, type, known.get(type) ?? []);
  if (type === "AnalyticsEvent") firstAnalyticsEvent = sets.valid[0];
  const file = path.join(TMP, `data-${type}.json`);
  await writeFile(file, JSON.stringify(sets));
  dataFiles.set(type, file);
  eventBytes.set(type, Math.round(sets.valid.reduce((sum: number, event) => sum + JSON.stringify(event).length, 0) / sets.valid.length));
}

// The first valid AnalyticsEvent 1,000 times (the subject reads them back as JSON): one hidden class where the valid
// set has many, to show what property reads by name cost on data of many shapes.
const oneShapeFile = path.join(TMP, "data-AnalyticsEvent-one-shape.json");
await writeFile(oneShapeFile, JSON.stringify({ valid: Array.from({ length: 1000 }, () => firstAnalyticsEvent), invalid: [] }));

// 2. Validation speed, each subject in its own process; PASSES processes each, interleaved with the others.
const PASSES = quick ? 1 : 3;
const ONE_SHAPE = "valid, one shape";
const jobs = [
  ...TYPES.flatMap((type) => [
    ...["valid", "invalid"].flatMap((set) => [...PEERS, ...(type === "AnalyticsEvent" ? ANALYTICS_ONLY : [])].map((subject) => ({ subject, type, set }))),
    { subject: "generated-report", type, set: "invalid" },
    { subject: "json-parse", type, set: "parse" },
  ]),
  ...["generated", "hand-written"].map((subject) => ({ subject, type: "AnalyticsEvent", set: ONE_SHAPE })),
];
const runs = new Map(jobs.map((job) => [job, [] as SubjectRun[]]));
for (let pass = 0; pass < PASSES; pass++) {
  for (const job of jobs) {
    const oneShape = job.set === ONE_SHAPE;
    runs.get(job)!.push(runSubject(job.subject, job.type, oneShape ? "valid" : job.set, oneShape ? oneShapeFile : dataFiles.get(job.type)!, 3));
    process.stderr.write(`pass ${pass + 1}/${PASSES}: measured ${job.subject} ${job.type} ${job.set}\n`);
  }
}
const measurements: Measurement[] = jobs.map((job) => measurement(job.subject, job.type, job.set, runs.get(job)!));

// 3. Startup: process start to first validation with every domain loaded.
const startupEvent = JSON.stringify(known.get("AnalyticsEvent")![0]);
const ajvStartupBundle = path.join(TMP, "startup-ajv.mjs");
const { build } = await import("esbuild");
await build({ entryPoints: [path.join(ROOT, "scripts/bench/startup-ajv.ts")], outfile: ajvStartupBundle, bundle: true, format: "esm", platform: "node", packages: "external", logLevel: "error" });
/** Median [ms from process start, ms after Node's own bootstrap] to the first validation. */
const readStartup = (args: string[]): [number, number] => {
  const total: number[] = [];
  const script: number[] = [];
  for (let run = 0; run < (quick ? 3 : 10); run++) {
    const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8" });
    if (result.status !== 0) throw new Error(result.stderr);
    const [fromStart, afterBootstrap] = result.stdout.trim().split(" ").map(Number);
    total.push(fromStart!);
    script.push(afterBootstrap!);
  }
  return [median(total), median(script)];
};
const generatedStartup = readStartup([path.join(ROOT, "scripts/bench/startup-generated.mjs"), path.join(ROOT, "generated/index.js"), startupEvent]);
const ajvStartup = readStartup([ajvStartupBundle, path.join(ROOT, "schemas"), startupEvent]);
const startup = {
  generatedMs: generatedStartup[0],
  ajvMs: ajvStartup[0],
  generatedAfterBootstrapMs: generatedStartup[1],
  ajvAfterBootstrapMs: ajvStartup[1],
};

// 4. Codegen: a full run into an empty folder, and a rerun with nothing changed.
const codegenOut = path.join(TMP, "codegen-out");
const full: number[] = [];
for (let run = 0; run < (quick ? 2 : 5); run++) {
  await rm(codegenOut, { recursive: true, force: true });
  full.push(...timeProcess([path.join(ROOT, "codegen/cli/bin.mjs"), "generate", "--out", codegenOut], 1));
}
const unchanged = timeProcess([path.join(ROOT, "codegen/cli/bin.mjs"), "generate", "--out", codegenOut], quick ? 3 : 10);
const codegen = { fullMs: median(full), unchangedMs: median(unchanged) };

// 5. Size of the generated validator modules.
const { transform } = await import("esbuild");
const sizes = [];
for (const module of [...new Set(model.names.all.map((named) => named.module))].sort()) {
  const source = await readFile(path.join(ROOT, "generated", module, "index.js"), "utf8");
  const minified = (await transform(source, { minify: true, format: "esm" })).code;
  sizes.push({ module, rawBytes: Buffer.byteLength(source), minGzipBytes: gzipSync(minified, { level: 9 }).length });
}
const runtimeSource = await readFile(path.join(ROOT, "generated/runtime.js"), "utf8");
sizes.push({
  module: "runtime",
  rawBytes: Buffer.byteLength(runtimeSource),
  minGzipBytes: gzipSync((await transform(runtimeSource, { minify: true, format: "esm" })).code, { level: 9 }).length,
});

const results: BenchResults = {
  machine: { cpu: os.cpus()[0]?.model ?? "unknown", cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` },
  eventBytes: Object.fromEntries(eventBytes),
  measurements,
  startup,
  codegen,
  sizes,
};
await mkdir(path.join(ROOT, "bench"), { recursive: true });
await writeFile(path.join(ROOT, "bench/results.json"), JSON.stringify(results, null, 2) + "\n");
await writeFile(path.join(ROOT, "docs/benchmarks.svg"), chartSvg(results));
await writeFile(path.join(ROOT, "docs/BENCHMARKS.md"), benchmarksMarkdown(results));
process.stdout.write(benchmarksMarkdown(results));
