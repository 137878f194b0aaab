#!/usr/bin/env node
// Entry point of `schemagen`. The CLI is TypeScript; Node 20 cannot strip types, so this compiles it with esbuild
// into a cache keyed by the sources' content hash (node_modules/.cache/schemagen) and runs that. A changed source
// gives a new hash and a fresh build, so the CLI always runs the code in codegen/.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const codegen = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const root = path.dirname(codegen);

function sources(folder) {
  return readdirSync(folder, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) return sources(full);
      return /\.(ts|js|mjs|json)$/.test(entry.name) ? [full] : [];
    })
    .sort();
}

const hash = createHash("sha256");
for (const file of sources(codegen)) hash.update(path.relative(codegen, file)).update("\0").update(readFileSync(file)).update("\0");
const cache = path.join(root, "node_modules/.cache/schemagen", `cli-${hash.digest("hex").slice(0, 16)}`);
const entry = path.join(cache, "cli.js");

if (!existsSync(entry)) {
  const { build } = await import("esbuild");
  const staging = `${cache}.${process.pid}.tmp`;
  mkdirSync(staging, { recursive: true });
  await build({
    // The validate worker is an entry of its own, so worker threads start from plain JavaScript too.
    entryPoints: { cli: path.join(codegen, "cli/cli.ts"), "validate-worker": path.join(codegen, "validate/worker-main.ts") },
    outdir: staging,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    logLevel: "error",
  });
  try {
    renameSync(staging, cache);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another process won the race; its build is the same
  }
  pruneStaleBuilds();
}
await import(pathToFileURL(entry).href);

/** Drops builds of older sources, once they are a day old: a CLI still running from one loads chunks lazily. */
function pruneStaleBuilds() {
  const builds = path.dirname(cache);
  const dayAgo = Date.now() - 24 * 60 * 60 * 1000;
  for (const name of readdirSync(builds)) {
    const folder = path.join(builds, name);
    if (!name.startsWith("cli-") || folder === cache) continue;
    try {
      if (statSync(folder).mtimeMs < dayAgo) rmSync(folder, { recursive: true, force: true });
    } catch {
      // another process pruned it first
    }
  }
}
