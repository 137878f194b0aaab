// Startup with the generated modules: import every domain, validate one event.
const [generatedIndex, eventFile] = process.argv.slice(2);
const { readFileSync } = await import("node:fs");
const event = JSON.parse(readFileSync(eventFile, "utf8"));
const all = await import(generatedIndex);
if (!all.validateAnalyticsEvent(event)) throw new Error("startup event is invalid");
process.stdout.write(`${performance.now()} ${performance.now() - performance.nodeTiming.bootstrapComplete}\n`);
