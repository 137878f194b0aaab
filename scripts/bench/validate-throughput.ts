// Throughput and memory of `schemagen validate` on NDJSON analytics events, each figure from a separate process:
// the ceiling (lines in memory, JSON.parse + the generated validator, nothing else), the whole CLI with 1 and 2
// workers, and ajv-cli on the same events. Runs alternate, so load from other processes hits every subject alike.
//
//   npx tsx scripts/bench/validate-throughput.ts [--lines 1000000] [--repeat 5] [--ajv-lines 200000] [--rss-lines 3400000]
//
// Data files go to the OS temp folder and are reused (they are deterministic). With schemas/analytics/event.json
// generated (manifest type AnalyticsEvent) it is the schema; otherwise test/fixtures/validate/schemas is
// generated into a temp folder and its Event schema is used.

import { spawnSync } from "node:child_process";
import { createReadStream, existsSync } from "node:fs";
import { mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { writeEventFile } from "../../test/helpers/analytics-events.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const BIN = path.join(ROOT, "codegen/cli/bin.mjs");
const { values: flags } = parseArgs({
  options: {
    lines: { type: "string", default: "1000000" },
    repeat: { type: "string", default: "5" },
    "ajv-lines": { type: "string", default: "200000" },
    "rss-lines": { type: "string" },
  },
});

interface Subject {
  ref: string;
  out: string;
  schemas: string;
  moduleUrl: string;
  exportName: string;
  /** For ajv-cli: the schema file and the files its refs need. */
  schemaFile: string;
  refFiles: string[];
  id: string;
}

interface Timed {
  seconds: number;
  /** User + system CPU time, all threads. */
  cpuSeconds?: number;
  maxRssKiB?: number;
  stdout: string;
}

const hasGnuTime = existsSync("/usr/bin/time");

/** Wall time, CPU time and peak RSS (GNU time's %U %S %M, RSS in KiB) of a child process. */
function timed(command: string, args: string[]): Timed {
  const started = performance.now();
  const result = hasGnuTime
    ? spawnSync("/usr/bin/time", ["-f", "%U %S %M", command, ...args], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 << 20 })
    : spawnSync(command, args, { cwd: ROOT, encoding: "utf8", maxBuffer: 64 << 20 });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0 && result.status !== 1) throw new Error(`${command} ${args.join(" ")} failed: ${result.stderr}`);
  if (!hasGnuTime) return { seconds, stdout: result.stdout };
  const [user, system, rss] = result.stderr.trim().split("\n").pop()!.split(" ").map(Number) as [number, number, number];
  return { seconds, cpuSeconds: user + system, maxRssKiB: rss, stdout: result.stdout };
}

async function chooseSubject(): Promise<Subject> {
  const manifest = await readFile(path.join(ROOT, "generated/manifest.json"), "utf8").then(JSON.parse).catch(() => undefined);
  const entry = manifest?.schemas?.find((candidate: { type: string }) => candidate.type === "AnalyticsEvent");
  if (entry) {
    return {
      ref: "AnalyticsEvent",
      out: path.join(ROOT, "generated"),
      schemas: path.join(ROOT, "schemas"),
      moduleUrl: pathToFileURL(path.join(ROOT, "generated", entry.module)).href,
      exportName: entry.validator,
      schemaFile: path.join(ROOT, "schemas", entry.source),
      refFiles: [path.join(ROOT, "schemas/common/*.json")],
      id: entry.id,
    };
  }
  const schemas = path.join(ROOT, "test/fixtures/validate/schemas");
  const out = await mkdtemp(path.join(os.tmpdir(), "schemagen-bench-out-"));
  const generated = spawnSync(process.execPath, [BIN, "generate", "--schemas", schemas, "--out", out], { encoding: "utf8" });
  if (generated.status !== 0) throw new Error(generated.stderr);
  return {
    ref: "Event",
    out,
    schemas,
    moduleUrl: pathToFileURL(path.join(out, "root/index.js")).href,
    exportName: "validateEvent",
    schemaFile: path.join(schemas, "event.json"),
    refFiles: [],
    id: "https://fixtures.example/validate/event.json",
  };
}

async function eventFile(lines: number): Promise<string> {
  const file = path.join(os.tmpdir(), `schemagen-bench-events-${lines}.ndjson`);
  if (!(await stat(file).catch(() => undefined))?.size) {
    process.stderr.write(`writing ${lines.toLocaleString("en-US")} events to ${file}\n`);
    await writeEventFile(file, { lines });
  }
  return file;
}

/** The same events as one JSON array, for ajv-cli, which reads one document per file. */
async function eventArrayFile(ndjson: string, lines: number): Promise<string> {
  const file = path.join(os.tmpdir(), `schemagen-bench-events-${lines}.json`);
  if ((await stat(file).catch(() => undefined))?.size) return file;
  const parts: string[] = [];
  for await (const line of createInterface({ input: createReadStream(ndjson) })) if (line) parts.push(line);
  await writeFile(file, `[\n${parts.slice(0, lines).join(",\n")}\n]\n`);
  return file;
}

function runValidate(subject: Subject, file: string, workers: number): Timed {
  return timed(process.execPath, [BIN, "validate", "--schema", subject.ref, "--schemas", subject.schemas, "--out", subject.out, "--workers", String(workers), "--quiet", file]);
}

function ceiling(subject: Subject, file: string): { wall: number; cpu: number } {
  const result = spawnSync(process.execPath, [path.join(ROOT, "scripts/bench/validate-ceiling.mjs"), file, subject.moduleUrl, subject.exportName], { encoding: "utf8", maxBuffer: 1 << 20 });
  if (result.status !== 0) throw new Error(result.stderr);
  const parsed = JSON.parse(result.stdout) as { eventsPerSecond: number; eventsPerCpuSecond: number; valid: number; lines: number };
  if (parsed.valid !== parsed.lines) throw new Error(`only ${parsed.valid} of ${parsed.lines} benchmark events are valid against ${subject.ref}`);
  return { wall: parsed.eventsPerSecond, cpu: parsed.eventsPerCpuSecond };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const rate = (value: number) => `${Math.round(value).toLocaleString("en-US")}/s`;
const mib = (kib: number | undefined) => (kib === undefined ? "n/a" : `${(kib / 1024).toFixed(0)} MiB`);

async function main(): Promise<void> {
  const lines = Number(flags.lines);
  const repeat = Number(flags.repeat);
  const ajvLines = Math.min(lines, Number(flags["ajv-lines"]));
  const subject = await chooseSubject();
  const file = await eventFile(lines);
  const size = (await stat(file)).size;
  const loadBefore = os.loadavg()[0]!;
  process.stderr.write(`schema ${subject.ref}; ${lines.toLocaleString("en-US")} events, ${(size / lines).toFixed(0)} bytes each; ${os.availableParallelism()} cores\n`);

  runValidate(subject, await eventFile(1000), 1); // builds the CLI bundle once, outside the timings

  const rows: { ceiling: { wall: number; cpu: number }[]; one: Timed[]; two: Timed[] } = { ceiling: [], one: [], two: [] };
  for (let round = 0; round < repeat; round++) {
    rows.ceiling.push(ceiling(subject, file));
    rows.one.push(runValidate(subject, file, 1));
    rows.two.push(runValidate(subject, file, 2));
    process.stderr.write(`round ${round + 1}/${repeat} done\n`);
  }
  const ceilingRate = median(rows.ceiling.map((run) => run.wall));
  const ceilingCpuRate = median(rows.ceiling.map((run) => run.cpu));
  const oneRate = median(rows.one.map((run) => lines / run.seconds));
  const oneCpuRate = median(rows.one.map((run) => lines / (run.cpuSeconds ?? run.seconds)));
  const twoRate = median(rows.two.map((run) => lines / run.seconds));
  // Ratios pair the runs of one round, which ran within seconds of each other: the machine's slow spells last
  // longer than that, so a pair shares them where separate medians would not.
  const shareOfCeiling = rows.one.map((run, round) => lines / run.seconds / rows.ceiling[round]!.wall);
  const twoOverOne = rows.two.map((run, round) => rows.one[round]!.seconds / run.seconds);
  const spread = (ratios: number[], digits: number, scale = 1) =>
    `median ${(median(ratios) * scale).toFixed(digits)}, rounds ${ratios.map((ratio) => (ratio * scale).toFixed(digits)).join(", ")}`;

  // ajv-cli reads one document per file: the same events as one array, against a wrapper schema over the event.
  const ajvNdjson = await eventFile(ajvLines);
  const ajvData = await eventArrayFile(ajvNdjson, ajvLines);
  const wrapper = path.join(os.tmpdir(), "schemagen-bench-wrapper.json");
  await writeFile(wrapper, JSON.stringify({ $schema: "https://json-schema.org/draft/2020-12/schema", $id: "https://bench.invalid/events.json", type: "array", items: { $ref: subject.id } }));
  const ajvCli = path.join(ROOT, "node_modules/ajv-cli/dist/index.js");
  const ajvArgs = [ajvCli, "validate", "--spec=draft2020", "--strict=false", "-c", "ajv-formats", "-s", wrapper, "-r", subject.schemaFile, ...subject.refFiles.flatMap((ref) => ["-r", ref]), "-d", ajvData];
  const ajvRuns: Timed[] = [];
  const oursRuns: Timed[] = [];
  for (let round = 0; round < repeat; round++) {
    const ajv = timed(process.execPath, ajvArgs);
    if (!ajv.stdout.includes("valid") || ajv.stdout.includes("invalid")) throw new Error(`ajv-cli: ${ajv.stdout}`);
    ajvRuns.push(ajv);
    oursRuns.push(runValidate(subject, ajvNdjson, 1));
  }
  const ajvRate = median(ajvRuns.map((run) => ajvLines / run.seconds));
  const oursRate = median(oursRuns.map((run) => ajvLines / run.seconds));

  let big: { lines: number; bytes: number; one: Timed; two: Timed } | undefined;
  if (flags["rss-lines"]) {
    const bigLines = Number(flags["rss-lines"]);
    const bigFile = await eventFile(bigLines);
    big = { lines: bigLines, bytes: (await stat(bigFile)).size, one: runValidate(subject, bigFile, 1), two: runValidate(subject, bigFile, 2) };
  }

  const report = [
    `schemagen validate throughput (${subject.ref}, ${lines.toLocaleString("en-US")} NDJSON events of ${(size / lines).toFixed(0)} bytes, median of ${repeat})`,
    `load average: ${loadBefore.toFixed(2)} before, ${os.loadavg()[0]!.toFixed(2)} after (2 cores; other processes share them)`,
    "",
    `ceiling (lines in memory; JSON.parse + validator)   ${rate(ceilingRate)} (${rate(ceilingCpuRate)} per CPU second)`,
    `schemagen validate --workers 1 (whole process)      ${rate(oneRate)}, peak RSS ${mib(median(rows.one.map((run) => run.maxRssKiB ?? 0)))}`,
    `  share of the ceiling, run against run: ${spread(shareOfCeiling, 0, 100)} (%)`,
    `  per CPU second (startup, reading and GC threads included): ${rate(oneCpuRate)} = ${((oneCpuRate / ceilingCpuRate) * 100).toFixed(0)}% of the ceiling's`,
    `schemagen validate --workers 2 (whole process)      ${rate(twoRate)}, peak RSS ${mib(median(rows.two.map((run) => run.maxRssKiB ?? 0)))}`,
    `  against one worker, run against run: ${spread(twoOverOne, 2)} (x)`,
    `  runs (s): workers 1 ${rows.one.map((run) => run.seconds.toFixed(2)).join(", ")}; workers 2 ${rows.two.map((run) => run.seconds.toFixed(2)).join(", ")}; ceiling ${rows.ceiling.map((run) => rate(run.wall)).join(", ")}`,
    "",
    `ajv-cli 5 on the same ${ajvLines.toLocaleString("en-US")} events (one JSON array)   ${rate(ajvRate)}, peak RSS ${mib(median(ajvRuns.map((run) => run.maxRssKiB ?? 0)))}`,
    `schemagen validate --workers 1 on them (NDJSON)   ${rate(oursRate)}, peak RSS ${mib(median(oursRuns.map((run) => run.maxRssKiB ?? 0)))}  = ${(oursRate / ajvRate).toFixed(2)}x ajv-cli`,
    ...(big
      ? [
          "",
          `${(big.bytes / 2 ** 30).toFixed(2)} GiB file (${big.lines.toLocaleString("en-US")} events), one run each:`,
          `  --workers 1: ${rate(big.lines / big.one.seconds)}, peak RSS ${mib(big.one.maxRssKiB)}`,
          `  --workers 2: ${rate(big.lines / big.two.seconds)} = ${(big.one.seconds / big.two.seconds).toFixed(2)}x, peak RSS ${mib(big.two.maxRssKiB)}`,
        ]
      : []),
  ];
  process.stdout.write(report.join("\n") + "\n");
}

await main();
