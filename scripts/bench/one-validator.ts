// npm run bench:modules: what a service pays for importing one validator, now that each schema file has its own
// module: the validator bundled and minified with esbuild (against bundling it from its domain's index), and the
// time to import it in a fresh process (median of 15, after Node's own bootstrap), beside importing its domain.

import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const GENERATED = path.join(ROOT, "generated");
const CASES = [
  { name: "validateAnalyticsEvent", module: "analytics/event.js", domain: "analytics/index.js" },
  { name: "validateUuid", module: "common/uuid.js", domain: "common/index.js" },
  { name: "validateAuditEntry", module: "security/audit-entry.js", domain: "security/index.js" },
];
const work = await mkdtemp(path.join(os.tmpdir(), "schemagen-one-validator-"));

async function bundledBytes(from: string, name: string): Promise<number> {
  const entry = path.join(work, `entry-${name}-${path.basename(path.dirname(from))}.mjs`);
  await writeFile(entry, `import { ${name} } from ${JSON.stringify(path.join(GENERATED, from))};\nconsole.log(${name}({}));\n`);
  const result = await build({ entryPoints: [entry], bundle: true, minify: true, format: "esm", platform: "node", write: false, logLevel: "error" });
  return result.outputFiles[0]!.contents.length;
}

function importMs(from: string, name: string): number {
  const script = `const start = performance.now(); const m = await import(${JSON.stringify(pathToFileURL(path.join(GENERATED, from)).href)}); m.${name}({}); process.stdout.write(String(performance.now() - start));`;
  const times: number[] = [];
  for (let run = 0; run < 15; run++) times.push(Number(spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }).stdout));
  return times.sort((a, b) => a - b)[7]!;
}

const lines = ["| validator | bundled + minified, own module | from its domain's index | import, own module | import, domain index |", "|---|---:|---:|---:|---:|"];
for (const { name, module, domain } of CASES) {
  const own = await bundledBytes(module, name);
  const viaDomain = await bundledBytes(domain, name);
  lines.push(`| \`${name}\` | ${(own / 1024).toFixed(1)} KB | ${(viaDomain / 1024).toFixed(1)} KB | ${importMs(module, name).toFixed(1)} ms | ${importMs(domain, name).toFixed(1)} ms |`);
}
await rm(work, { recursive: true, force: true });
process.stdout.write(lines.join("\n") + "\n");
