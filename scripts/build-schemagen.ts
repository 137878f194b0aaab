// Builds the schemagen package (codegen/) into codegen/dist: the CLI, the library and the worker threads as
// JavaScript bundles (their packages stay imports), the runtime that generate copies into every output, and the
// library's .d.ts. Nothing of TypeScript or esbuild runs when schemagen does.
//   tsx scripts/build-schemagen.ts [--no-types]

import { execFileSync } from "node:child_process";
import { copyFile, mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CODEGEN = path.join(ROOT, "codegen");
const DIST = path.join(CODEGEN, "dist");

export async function buildSchemagen({ types = true }: { types?: boolean } = {}): Promise<void> {
  // Staged outside the package, whose files are the output cache's fingerprint, and swapped in whole.
  const staging = path.join(ROOT, "node_modules/.cache", `schemagen-build-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  await build({
    entryPoints: {
      cli: path.join(CODEGEN, "cli/cli.ts"),
      index: path.join(CODEGEN, "index.ts"),
      // Worker threads start from a file of their own, beside the chunk that starts them.
      "validate-worker": path.join(CODEGEN, "validate/worker-main.ts"),
      "compile-worker": path.join(CODEGEN, "emit/compile-worker-main.ts"),
    },
    outdir: staging,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    logLevel: "error",
  });
  await buildRuntime(path.join(staging, "runtime"));
  if (types) {
    const tsc = path.join(ROOT, "node_modules/typescript/bin/tsc");
    execFileSync(process.execPath, [tsc, "-p", path.join(CODEGEN, "tsconfig.build.json"), "--outDir", staging], { stdio: "inherit" });
  }
  await rm(DIST, { recursive: true, force: true });
  await rename(staging, DIST);
}

/**
 * generated/runtime.js: our runtime helpers bundled with the Ajv helpers they re-export, so output needs no
 * node_modules. Paths in esbuild's comments are relative to the repository, so the text is the same on every machine.
 */
async function buildRuntime(out: string): Promise<void> {
  const result = await build({
    entryPoints: [path.join(CODEGEN, "emit/runtime/runtime.js")],
    bundle: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["main"],
    target: "es2020",
    write: false,
    absWorkingDir: ROOT,
    legalComments: "inline",
    charset: "ascii",
    logLevel: "silent",
  });
  await mkdir(out, { recursive: true });
  await writeFile(path.join(out, "runtime.js"), result.outputFiles[0]!.text);
  await copyFile(path.join(CODEGEN, "emit/runtime/runtime.d.ts"), path.join(out, "runtime.d.ts"));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildSchemagen({ types: !process.argv.includes("--no-types") });
}
