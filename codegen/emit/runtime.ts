// generated/runtime.js: the runtime helpers bundled with the Ajv helpers they re-export, built with schemagen
// (scripts/build-schemagen.ts), so neither output nor schemagen needs a bundler at run time.

import { readFile } from "node:fs/promises";
import path from "node:path";
import { PACKAGE_ROOT } from "../package-root.js";
import { BANNER } from "./code.js";

const RUNTIME = path.join(PACKAGE_ROOT, "dist/runtime");

export async function emitRuntime(): Promise<{ js: string; dts: string }> {
  const read = (name: string) =>
    readFile(path.join(RUNTIME, name), "utf8").catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error;
      throw new Error(`${path.join(RUNTIME, name)} is missing: schemagen is not built (npm run build)`);
    });
  return { js: `${BANNER}\n${await read("runtime.js")}`, dts: `${BANNER}\n${await read("runtime.d.ts")}` };
}
