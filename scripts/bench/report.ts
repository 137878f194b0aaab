// Turns benchmark results into docs/BENCHMARKS.md and an SVG bar chart; every figure is a ratio from one run.

export interface Measurement {
  subject: string;
  type: string;
  set: string;
  /** Median over rounds of ns per validation (1000 distinct events per pass). */
  nsPerOp: number;
  min: number;
  max: number;
  /** Per-call latency in ns, each call timed alone (the timer adds ~40 ns). */
  p50: number;
  p99: number;
}

export interface BenchResults {
  machine: { cpu: string; cores: number; memoryGiB: number; node: string; platform: string };
  eventBytes: Record<string, number>;
  measurements: Measurement[];
  /** From process start (Node's own bootstrap included), and after Node's bootstrap: the part a library controls. */
  startup: { generatedMs: number; ajvMs: number; generatedAfterBootstrapMs: number; ajvAfterBootstrapMs: number };
  codegen: { fullMs: number; unchangedMs: number };
  sizes: { module: string; rawBytes: number; minGzipBytes: number }[];
}

function find(results: BenchResults, subject: string, type: string, set: string): Measurement | undefined {
  return results.measurements.find((entry) => entry.subject === subject && entry.type === type && entry.set === set);
}

const fixed = (value: number, digits = 2) => value.toFixed(digits);
const verdict = (ok: boolean) => (ok ? "met" : "**missed**");

export function targetRows(results: BenchResults): { target: string; measured: string; ok: boolean }[] {
  const ours = find(results, "generated", "AnalyticsEvent", "valid")!;
  const oursInvalid = find(results, "generated", "AnalyticsEvent", "invalid")!;
  const ratio = (subject: string) => ours.nsPerOp / find(results, subject, "AnalyticsEvent", "valid")!.nsPerOp;
  // Every schema measured, not only AnalyticsEvent: reading the data is the cost every event pays.
  const parseRatios = results.measurements
    .filter((entry) => entry.subject === "json-parse")
    .map((parse) => ({ type: parse.type, ratio: find(results, "generated", parse.type, "valid")!.nsPerOp / parse.nsPerOp }));
  const zod = find(results, "zod", "AnalyticsEvent", "valid")!;
  return [
    { target: "valid AnalyticsEvent ≤ 1.3× the hand-written check", measured: `${fixed(ratio("hand-written"))}×`, ok: ratio("hand-written") <= 1.3 },
    { target: "valid AnalyticsEvent ≤ 0.75× schemasafe", measured: `${fixed(ratio("schemasafe"))}×`, ok: ratio("schemasafe") <= 0.75 },
    { target: "valid AnalyticsEvent ≤ 0.75× Ajv at run time", measured: `${fixed(ratio("ajv-runtime"))}×`, ok: ratio("ajv-runtime") <= 0.75 },
    { target: "≥ 5× faster than zod 4", measured: `${fixed(zod.nsPerOp / ours.nsPerOp, 1)}×`, ok: zod.nsPerOp / ours.nsPerOp >= 5 },
    { target: "invalid events no slower than valid ones", measured: `${fixed(oursInvalid.nsPerOp / ours.nsPerOp)}×`, ok: oursInvalid.nsPerOp <= ours.nsPerOp * 1.05 },
    {
      target: "validation ≤ 0.5× JSON.parse of the same event",
      measured: parseRatios.map(({ type, ratio }) => `${type} ${fixed(ratio)}×`).join(", "),
      ok: parseRatios.every(({ ratio }) => ratio <= 0.5),
    },
    {
      target: "startup ≥ 20× faster than compiling with Ajv (after Node's bootstrap)",
      measured: `${fixed(results.startup.ajvAfterBootstrapMs / results.startup.generatedAfterBootstrapMs, 1)}× (${fixed(results.startup.generatedAfterBootstrapMs, 1)} ms vs ${fixed(results.startup.ajvAfterBootstrapMs, 0)} ms)`,
      ok: results.startup.ajvAfterBootstrapMs / results.startup.generatedAfterBootstrapMs >= 20,
    },
    { target: "full codegen ≤ 3 s", measured: `${fixed(results.codegen.fullMs / 1000)} s`, ok: results.codegen.fullMs <= 3000 },
    { target: "codegen with nothing changed ≤ 0.5 s", measured: `${fixed(results.codegen.unchangedMs / 1000)} s`, ok: results.codegen.unchangedMs <= 500 },
  ];
}

export function benchmarksMarkdown(results: BenchResults): string {
  const lines = [
    "# Benchmarks",
    "",
    "Written by `npm run bench` (scripts/bench/); do not edit by hand. Each subject runs in its own process on 1,000",
    "distinct events per schema drawn from the schemas (valid set and invalid set; events only the extension keywords",
    "reject are left out, since the peers ignore those keywords). Every subject runs in 3 processes of 3 rounds, taken",
    "in turn with all the others so that a slow spell of the machine hits them alike; figures are medians of the 9",
    "rounds, min–max shows the spread, p50/p99 are medians over the 3 processes. The machine is noisy: compare ratios",
    "within this run, not absolute times across runs. The set \"valid, one shape\" is the first valid AnalyticsEvent",
    "1,000 times: objects of one hidden class, where the valid set has many.",
    "",
    `Machine: ${results.machine.cpu}, ${results.machine.cores} cores, ${results.machine.memoryGiB} GiB, Node ${results.machine.node}, ${results.machine.platform}.`,
    "",
    "![validation time per event](benchmarks.svg)",
    "",
    "## Targets",
    "",
    "| target | measured | |",
    "|---|---|---|",
    ...targetRows(results).map((row) => `| ${row.target} | ${row.measured} | ${verdict(row.ok)} |`),
    "",
    "## Validation, ns per event",
    "",
    "| schema (avg bytes) | set | subject | median ns | min–max | ops/s | p50 ns | p99 ns | × generated |",
    "|---|---|---|---:|---:|---:|---:|---:|---:|",
  ];
  for (const entry of results.measurements) {
    const base = find(results, "generated", entry.type, entry.set === "parse" ? "valid" : entry.set)!;
    lines.push(
      `| ${entry.type} (${results.eventBytes[entry.type]} B) | ${entry.set} | ${entry.subject} | ${fixed(entry.nsPerOp, 0)} | ${fixed(entry.min, 0)}–${fixed(entry.max, 0)} | ` +
        `${Math.round(1e9 / entry.nsPerOp).toLocaleString("en-US")} | ${entry.p50} | ${entry.p99} | ${fixed(entry.nsPerOp / base.nsPerOp)} |`,
    );
  }
  lines.push(
    "",
    "## Startup, codegen, size",
    "",
    `- The all-errors report (assert on a rejected value: the first-error check, then the report): ${results.measurements
      .filter((entry) => entry.subject === "generated-report")
      .map((entry) => `${entry.type} ${fixed(entry.nsPerOp / find(results, "generated", entry.type, "invalid")!.nsPerOp, 1)}× the first-error check (${fixed(entry.nsPerOp, 0)} ns)`)
      .join(", ")}. Valid values and validateX never run it.`,
    `- First validation with every domain loaded, after Node's own bootstrap: generated modules ${fixed(results.startup.generatedAfterBootstrapMs, 1)} ms; Ajv loading and compiling all schemas ${fixed(results.startup.ajvAfterBootstrapMs, 1)} ms. From process start (Node's bootstrap, the same for both, included): ${fixed(results.startup.generatedMs, 1)} ms and ${fixed(results.startup.ajvMs, 1)} ms.`,
    `- \`schemagen generate\`, whole process: full run ${fixed(results.codegen.fullMs, 0)} ms; rerun with nothing changed ${fixed(results.codegen.unchangedMs, 0)} ms.`,
    "",
    "| module | raw bytes | minified + gzip bytes |",
    "|---|---:|---:|",
    ...results.sizes.map((size) => `| ${size.module} | ${size.rawBytes.toLocaleString("en-US")} | ${size.minGzipBytes.toLocaleString("en-US")} |`),
    "",
  );
  return lines.join("\n");
}

/** Horizontal bars: ns per valid event for each subject and schema. */
export function chartSvg(results: BenchResults): string {
  const rows = results.measurements.filter((entry) => entry.set === "valid" || entry.set === "parse");
  const max = Math.max(...rows.map((entry) => entry.nsPerOp));
  const barHeight = 18;
  const width = 760;
  const labelWidth = 260;
  const height = rows.length * (barHeight + 6) + 40;
  const colors: Record<string, string> = {
    generated: "#2563eb", "hand-written": "#16a34a", "ajv-runtime": "#9333ea", schemasafe: "#ea580c", zod: "#dc2626", "json-parse": "#6b7280",
  };
  const bars = rows.map((entry, index) => {
    const y = 30 + index * (barHeight + 6);
    const length = Math.max(1, ((width - labelWidth - 80) * entry.nsPerOp) / max);
    const label = `${entry.type} · ${entry.subject === "json-parse" ? "JSON.parse" : entry.subject}`;
    return (
      `<text x="${labelWidth - 8}" y="${y + 13}" text-anchor="end" font-size="12">${label}</text>` +
      `<rect x="${labelWidth}" y="${y}" width="${length.toFixed(1)}" height="${barHeight}" fill="${colors[entry.subject] ?? "#999"}"/>` +
      `<text x="${(labelWidth + length + 6).toFixed(1)}" y="${y + 13}" font-size="12">${Math.round(entry.nsPerOp)} ns</text>`
    );
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">` +
    `<text x="10" y="18" font-size="14" font-weight="bold">ns per valid event (lower is better), median of 9 rounds</text>` +
    bars.join("") +
    `</svg>\n`
  );
}
