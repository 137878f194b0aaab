// One benchmark subject in its own process: node measure.js <subject> <type> <valid|invalid> <data.json> [rounds].
// Prints JSON: ns per validation for each round (1000 distinct events per pass), and per-call p50/p99.

import path from "node:path";
import { fileURLToPath } from "node:url";
import { Bench } from "tinybench";
import { readJson, SUBJECTS, type Check } from "./subjects.js";

const [subjectName, typeName, set, dataFile, roundsArgument = "7"] = process.argv.slice(2) as [string, string, "valid" | "invalid" | "parse", string, string?];
const root = path.resolve(fileURLToPath(new URL("../../..", import.meta.url)));
const manifest = await readJson<{ schemas: { id: string; source: string; module: string; validator: string; type: string }[] }>(
  path.join(root, "generated/manifest.json"),
);
const entry = manifest.schemas.find((candidate) => candidate.type === typeName)!;
const data = await readJson<{ valid: unknown[]; invalid: unknown[] }>(dataFile);

let run: () => number;
let single: (index: number) => void;
if (subjectName === "json-parse") {
  const texts = data.valid.map((value) => JSON.stringify(value));
  run = () => {
    let sink = 0;
    for (const text of texts) sink += (JSON.parse(text) as object) ? 1 : 0;
    return sink;
  };
  single = (index) => void JSON.parse(texts[index % texts.length]!);
} else {
  const check: Check = await SUBJECTS[subjectName]!({ root, entry });
  const events = set === "valid" ? data.valid : data.invalid;
  const expected = set === "valid";
  for (const event of events) {
    if (check(event) !== expected) throw new Error(`${subjectName} disagrees on a ${set} ${typeName}: ${JSON.stringify(event).slice(0, 300)}`);
  }
  run = () => {
    let accepted = 0;
    for (const event of events) if (check(event)) accepted++;
    return accepted;
  };
  single = (index) => void check(events[index % events.length]);
}
const perPass = subjectName === "json-parse" ? data.valid.length : (set === "valid" ? data.valid : data.invalid).length;

const bench = new Bench({ time: 400, warmupTime: 200 });
bench.add("pass", () => void run());
const rounds: number[] = [];
for (let round = 0; round < Number(roundsArgument); round++) {
  await bench.run();
  const task = bench.tasks[0]!;
  const result = task.result as { latency?: { p50?: number; mean: number } } | undefined;
  const mean = result?.latency?.p50 ?? result?.latency?.mean ?? NaN;
  rounds.push((mean * 1e6) / perPass);
  bench.reset?.();
}

// Per-call latency: each call timed on its own (the timer adds ~40 ns to every figure).
const samples: number[] = [];
for (let index = 0; index < 50_000; index++) {
  const start = process.hrtime.bigint();
  single(index);
  samples.push(Number(process.hrtime.bigint() - start));
}
samples.sort((a, b) => a - b);
process.stdout.write(
  JSON.stringify({ rounds, p50: samples[Math.floor(samples.length * 0.5)], p99: samples[Math.floor(samples.length * 0.99)] }) + "\n",
);
