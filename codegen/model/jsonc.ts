// jsonc-parser, loaded on first use: its ES module wrapper costs ~12 ms per thread, which `schemagen validate` would
// pay at every start (and in every worker) though it needs positions only for documents that failed.

import { createRequire } from "node:module";

let loaded: typeof import("jsonc-parser") | undefined;

export function jsoncParser(): typeof import("jsonc-parser") {
  return (loaded ??= createRequire(import.meta.url)("jsonc-parser") as typeof import("jsonc-parser"));
}
