// Startup with the generated modules: import every domain, validate one event. The event comes as an argument, so
// that neither subject pays for reading it; the time is taken before stdout is first touched (that loads streams).
const [generatedIndex, eventJson] = process.argv.slice(2);
const event = JSON.parse(eventJson);
const all = await import(generatedIndex);
if (!all.validateAnalyticsEvent(event)) throw new Error("startup event is invalid");
const end = performance.now();
process.stdout.write(`${end} ${end - performance.nodeTiming.bootstrapComplete}\n`);
