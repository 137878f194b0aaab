// Startup with Ajv at run time: load every schema, compile every top-level one, validate one event.
// Bundled by esbuild (packages left external) and run with plain node, like the generated subject; the event comes
// as an argument there too.
import { createAjv } from "../../codegen/ajv.js";
import { loadSchemaSet } from "../../codegen/load.js";
import { indexSchemaSet } from "../../codegen/model/resources.js";
import { registerSchemas } from "../../codegen/emit/validators.js";

const [schemas, eventJson] = process.argv.slice(2) as [string, string];
const event: unknown = JSON.parse(eventJson);
const set = await loadSchemaSet(schemas);
const index = indexSchemaSet(set.files, "https://schemagen.invalid/");
const ajv = createAjv("2020-12");
registerSchemas(ajv, "2020-12", index);
let validateEvent: ((data: unknown) => boolean) | undefined;
for (const resource of index.files) {
  const validate = ajv.getSchema(resource.uri)!;
  if (resource.file.path === "analytics/event.json") validateEvent = validate;
}
if (!validateEvent!(event)) throw new Error("startup event is invalid");
const end = performance.now();
const { bootstrapComplete } = (performance as unknown as typeof import("node:perf_hooks").performance).nodeTiming;
process.stdout.write(`${end} ${end - bootstrapComplete}\n`);
