// generated/runtime.js: our runtime helpers bundled with the Ajv helpers they re-export, so output needs no node_modules.

import { readFile } from "node:fs/promises";
import path from "node:path";
import { PACKAGE_ROOT } from "../package-root.js";
import { BANNER } from "./code.js";

const RUNTIME_ENTRY = path.join(PACKAGE_ROOT, "codegen/emit/runtime/runtime.js");
const RUNTIME_TYPES = path.join(PACKAGE_ROOT, "codegen/emit/runtime/runtime.d.ts");

export async function emitRuntime(): Promise<{ js: string; dts: string }> {
  const { build } = await import("esbuild");
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
    charset: "ascii",
    banner: { js: BANNER },
    logLevel: "silent",
  });
  const js = result.outputFiles[0]!.text;
  const dts = `${BANNER}\n${await readFile(RUNTIME_TYPES, "utf8")}`;
  return { js, dts };
}
