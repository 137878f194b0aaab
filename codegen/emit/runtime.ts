// generated/runtime.js: our runtime helpers bundled with the Ajv helpers they re-export, so output needs no node_modules.

import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { build } from "esbuild";
import { BANNER } from "./code.js";

const RUNTIME_ENTRY = fileURLToPath(new URL("./runtime/runtime.js", import.meta.url));
const RUNTIME_TYPES = fileURLToPath(new URL("./runtime/runtime.d.ts", import.meta.url));
const PACKAGE_ROOT = path.resolve(path.dirname(RUNTIME_ENTRY), "../../..");

export async function emitRuntime(): Promise<{ js: string; dts: string }> {
  const result = await build({
    entryPoints: [RUNTIME_ENTRY],
    bundle: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["main"],
    target: "es2020",
    write: false,
    // Paths in esbuild's comments are relative to this folder, so output is the same on every machine.
    absWorkingDir: PACKAGE_ROOT,
    legalComments: "inline",
    charset: "utf8",
    banner: { js: BANNER },
    logLevel: "silent",
  });
  const js = result.outputFiles[0]!.text;
  const dts = `${BANNER}\n${await readFile(RUNTIME_TYPES, "utf8")}`;
  return { js, dts };
}
