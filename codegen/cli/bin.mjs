#!/usr/bin/env node
// Entry point of `schemagen`: the CLI as built JavaScript (scripts/build-schemagen.ts writes dist/).
import { existsSync } from "node:fs";

const cli = new URL("../dist/cli.js", import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write("schemagen: dist/cli.js is missing: this schemagen is not built; run `npm run build` in its repository\n");
  process.exit(70);
}
await import(cli.href);
