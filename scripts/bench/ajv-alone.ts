// The peer of the codegen scale benchmark: what Ajv standalone alone does with a schemas folder, in one process —
// every file added to one Ajv per dialect, compiled, and printed as standalone code. Prints JSON {ms, maxRssMb}.
// `--both-modes`: compiled and printed twice, first-error and all-errors, as generate's output holds both.

import standaloneModule from "ajv/dist/standalone/index.js";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { createAjv } from "../../codegen/ajv.js";
import { dialectOf, METASCHEMA_URIS, type Dialect } from "../../codegen/model/dialect.js";

const standaloneCode = ((standaloneModule as { default?: unknown }).default ?? standaloneModule) as (ajv: unknown, refs: Record<string, string>) => string;
const folder = process.argv[2]!;
const modes = process.argv.includes("--both-modes") ? [false, true] : [false];
const start = performance.now();
const byDialect = new Map<Dialect, { id: string; schema: Record<string, unknown> }[]>();
for (const name of (await readdir(folder)).filter((file) => file.endsWith(".json")).sort()) {
  const schema = JSON.parse(await readFile(path.join(folder, name), "utf8")) as Record<string, unknown>;
  const choice = dialectOf(schema);
  if ("unknown" in choice) throw new Error(`${name}: unknown $schema`);
  const idKeyword = choice.dialect === "draft-04" ? "id" : "$id";
  const id = `https://bench.invalid/${name}`;
  // The same canonical $schema spelling the generator gives Ajv.
  byDialect.set(choice.dialect, [...(byDialect.get(choice.dialect) ?? []), { id, schema: { ...schema, [idKeyword]: id, $schema: METASCHEMA_URIS[choice.dialect] } }]);
}
let bytes = 0;
for (const allErrors of modes) {
  for (const [dialect, schemas] of byDialect) {
    // The peer is Ajv as it ships: its own code optimizer on, each validator also built in process (generation does
    // the one on the syntax tree and skips the other).
    const ajv = createAjv(dialect, { standalone: true, asShipped: true, allErrors });
    for (const { schema } of schemas) ajv.addSchema(schema);
    bytes += standaloneCode(ajv, Object.fromEntries(schemas.map(({ id }, index) => [`validate${index}`, id]))).length;
  }
}
process.stdout.write(JSON.stringify({ ms: performance.now() - start, maxRssMb: process.resourceUsage().maxRSS / 1024, bytes }) + "\n");
