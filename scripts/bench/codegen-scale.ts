// npm run bench:codegen: how `schemagen generate` scales with the number of schemas, on real ones nobody here wrote
// (../shared/schemastore-sample), beside Ajv standalone alone on the same schemas in the same run. Each figure is a
// fresh process (median of 3); the ratios, not the absolute times, are the point on a shared machine. Generate and
// --errors first run cold (no work cache); "one schema edited" reruns generate with the cache its cold run left.

import { spawn, spawnSync } from "node:child_process";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { copySampleSchemas, OUTSIDE_REFS, sampleSchemas } from "../../test/helpers/schemastore.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const BIN = path.join(ROOT, "codegen/cli/bin.mjs");
const RUNS = process.argv.includes("--quick") ? 1 : 3;
const work = path.join(os.tmpdir(), `schemagen-codegen-scale-${process.pid}`);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Wall time, CPU time (user and system, all threads) and peak RSS of one process; GNU time gives the child's own. */
function measure(args: string[]): { ms: number; cpuMs: number; maxRssMb: number } {
  const start = process.hrtime.bigint();
  const result = spawnSync("/usr/bin/time", ["-f", "%M %U %S", process.execPath, ...args], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(" ")} failed:\n${result.stderr}`);
  const [kilobytes, user, system] = result.stderr.trim().split("\n").pop()!.split(" ").map(Number);
  return { ms, cpuMs: (user! + system!) * 1000, maxRssMb: kilobytes! / 1024 };
}

/** Wall time of each of several processes started together. */
function measureTogether(argsList: string[][]): Promise<number[]> {
  return Promise.all(
    argsList.map(
      (args) =>
        new Promise<number>((resolve, reject) => {
          const start = process.hrtime.bigint();
          const child = spawn(process.execPath, args, { cwd: ROOT, stdio: "ignore" });
          child.once("error", reject);
          child.once("exit", (code) => (code === 0 ? resolve(Number(process.hrtime.bigint() - start) / 1e6) : reject(new Error(`${args.join(" ")} exited with ${code}`))));
        }),
    ),
  );
}

// The peer runs as a bundle with plain node, as generate runs from its build: under tsx its start-up alone took
// 0.4 s (plain node with Ajv: under 0.2 s), time the table would have counted as Ajv's.
const PEER = path.join(ROOT, "bench/tmp/ajv-alone.mjs");
const { build } = await import("esbuild");
await build({ entryPoints: [path.join(ROOT, "scripts/bench/ajv-alone.ts")], outfile: PEER, bundle: true, format: "esm", platform: "node", packages: "external", logLevel: "error" });

// generate keeps each compile unit's code and each file's declarations for the next run there
// (work-cache.ts); a cold run starts without.
const COMPILED = path.join(ROOT, "node_modules/.cache/schemagen/compiled");

/**
 * A schema whose validation a one-line edit changes (an object root without a $ref, whose siblings draft-07 and
 * earlier ignore), the one of middling size, and the edit: a keyword added to its root.
 */
async function schemaToEdit(folder: string): Promise<{ file: string; original: string; edited: string }> {
  const candidates: { file: string; original: string }[] = [];
  for (const name of (await readdir(folder)).sort()) {
    const file = path.join(folder, name);
    const original = await readFile(file, "utf8");
    const schema = JSON.parse(original) as Record<string, unknown>;
    if (schema.properties !== undefined && schema.$ref === undefined && schema.minProperties === undefined) candidates.push({ file, original });
  }
  candidates.sort((a, b) => a.original.length - b.original.length || (a.file < b.file ? -1 : 1));
  const chosen = candidates[Math.floor(candidates.length / 2)]!;
  return { ...chosen, edited: JSON.stringify({ ...(JSON.parse(chosen.original) as object), minProperties: 0 }, null, 2) };
}

const names = (await sampleSchemas()).filter((name) => !(name in OUTSIDE_REFS));
const sizes = [...new Set([30, 60, 90, 120, names.length])].filter((size) => size <= names.length);
const rows: { schemas: number; generateMs: number; generateMb: number; firstMs: number; firstMb: number; ajvMs: number; ajvMb: number; ajvBothMs?: number; ajvBothMb?: number; noChangeMs: number; editedMs: number; generateCpuMs: number; firstCpuMs: number; ajvCpuMs: number }[] = [];
// The CLI builds itself on its first run; that is not what is measured.
spawnSync(process.execPath, [BIN, "--help"], { cwd: ROOT });
for (const size of sizes) {
  const folder = path.join(work, `schemas-${size}`);
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  // Every other schema first, so each size has the same mix of small and large ones.
  const chosen = new Set([...names.filter((_, index) => index % 2 === 0), ...names.filter((_, index) => index % 2 === 1)].slice(0, size));
  await copySampleSchemas(folder, (name) => chosen.has(name));
  const generate: ReturnType<typeof measure>[] = [];
  // --errors first: no all-errors twins, the output that compares like for like with Ajv's.
  const first: ReturnType<typeof measure>[] = [];
  const ajv: ReturnType<typeof measure>[] = [];
  // On the largest folder: Ajv compiling both error modes, the like for like of generate's default output.
  const ajvBoth: ReturnType<typeof measure>[] = [];
  const noChange: number[] = [];
  const edited: number[] = [];
  const edit = await schemaToEdit(folder);
  for (let run = 0; run < RUNS; run++) {
    const out = path.join(work, `out-${size}-${run}`);
    ajv.push(measure([PEER, folder]));
    if (size === sizes[sizes.length - 1]) ajvBoth.push(measure([PEER, folder, "--both-modes"]));
    await rm(COMPILED, { recursive: true, force: true });
    generate.push(measure([BIN, "generate", "--schemas", folder, "--out", out]));
    noChange.push(measure([BIN, "generate", "--schemas", folder, "--out", out]).ms);
    // One schema's validation edited: the units it is not part of, and every file's declarations, come from the cache.
    await writeFile(edit.file, edit.edited);
    edited.push(measure([BIN, "generate", "--schemas", folder, "--out", out]).ms);
    await writeFile(edit.file, edit.original);
    await rm(COMPILED, { recursive: true, force: true });
    first.push(measure([BIN, "generate", "--schemas", folder, "--out", `${out}-first`, "--errors", "first"]));
  }
  const row = {
    schemas: size,
    generateMs: median(generate.map((entry) => entry.ms)),
    generateMb: median(generate.map((entry) => entry.maxRssMb)),
    firstMs: median(first.map((entry) => entry.ms)),
    firstMb: median(first.map((entry) => entry.maxRssMb)),
    generateCpuMs: median(generate.map((entry) => entry.cpuMs)),
    firstCpuMs: median(first.map((entry) => entry.cpuMs)),
    ajvCpuMs: median(ajv.map((entry) => entry.cpuMs)),
    ajvMs: median(ajv.map((entry) => entry.ms)),
    ajvBothMs: ajvBoth.length > 0 ? median(ajvBoth.map((entry) => entry.ms)) : undefined,
    ajvBothMb: ajvBoth.length > 0 ? median(ajvBoth.map((entry) => entry.maxRssMb)) : undefined,
    ajvMb: median(ajv.map((entry) => entry.maxRssMb)),
    noChangeMs: median(noChange),
    editedMs: median(edited),
  };
  rows.push(row);
  process.stderr.write(`${size} schemas: generate ${row.generateMs.toFixed(0)} ms ${row.generateMb.toFixed(0)} MB, --errors first ${row.firstMs.toFixed(0)} ms ${row.firstMb.toFixed(0)} MB, Ajv ${row.ajvMs.toFixed(0)} ms ${row.ajvMb.toFixed(0)} MB\n`);
}
// What a second core adds on this machine: two of the peer's processes at once, on the largest folder. Generate
// splits its compiles between two threads; it cannot gain more from them than this.
const largest = path.join(work, `schemas-${sizes[sizes.length - 1]}`);
const together: number[] = [];
for (let run = 0; run < RUNS; run++) together.push(Math.max(...(await measureTogether([[PEER, largest], [PEER, largest]]))));
await rm(work, { recursive: true, force: true });

const first = rows[0]!;
const last = rows[rows.length - 1]!;
const lines = [
  `| schemas | Ajv standalone alone | generate | time ratio | --errors first | time ratio | Ajv peak RSS | generate | memory ratio | --errors first | memory ratio | generate, per schema | no change | one schema edited |`,
  `|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|`,
  ...rows.map(
    (row) =>
      `| ${row.schemas} | ${(row.ajvMs / 1000).toFixed(2)} s | ${(row.generateMs / 1000).toFixed(2)} s | ${(row.generateMs / row.ajvMs).toFixed(2)}× | ${(row.firstMs / 1000).toFixed(2)} s | ${(row.firstMs / row.ajvMs).toFixed(2)}× | ${row.ajvMb.toFixed(0)} MB | ${row.generateMb.toFixed(0)} MB | ${(row.generateMb / row.ajvMb).toFixed(2)}× | ${row.firstMb.toFixed(0)} MB | ${(row.firstMb / row.ajvMb).toFixed(2)}× | ${(row.generateMs / row.schemas).toFixed(0)} ms | ${(row.noChangeMs / 1000).toFixed(2)} s | ${(row.editedMs / 1000).toFixed(2)} s |`,
  ),
  "",
  `CPU time (user and system, every thread) on the ${last.schemas} schemas: Ajv ${(last.ajvCpuMs / 1000).toFixed(2)} s, generate ${(last.generateCpuMs / 1000).toFixed(2)} s (${(last.generateCpuMs / last.ajvCpuMs).toFixed(2)}×), --errors first ${(last.firstCpuMs / 1000).toFixed(2)} s (${(last.firstCpuMs / last.ajvCpuMs).toFixed(2)}×).`,
  `Two Ajv processes at once on the ${last.schemas} schemas take ${(median(together) / 1000).toFixed(2)} s each, ${(median(together) / last.ajvMs).toFixed(2)}× one alone: two cores do ${((2 * last.ajvMs) / median(together)).toFixed(2)}× the work of one here.`,
  `Ajv compiling both error modes (first-error and all-errors, as generate's output holds) on the ${last.schemas} schemas: ${(last.ajvBothMs! / 1000).toFixed(2)} s and ${last.ajvBothMb!.toFixed(0)} MB; generate takes ${(last.generateMs / last.ajvBothMs!).toFixed(2)}× its time and ${(last.generateMb / last.ajvBothMb!).toFixed(2)}× its memory.`,
  `Time per schema at ${last.schemas} schemas is ${(last.generateMs / last.schemas / (first.generateMs / first.schemas)).toFixed(2)}× the time per schema at ${first.schemas}.`,
];
process.stdout.write(lines.join("\n") + "\n");
