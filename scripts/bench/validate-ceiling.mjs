// The ceiling for `schemagen validate`: the lines of an NDJSON file already in memory, then only JSON.parse and
// the generated validator in a loop. Prints {"eventsPerSecond", "eventsPerCpuSecond", "valid", "lines"} as JSON,
// the best of ROUNDS rounds; CPU time is less disturbed than wall time by other processes on the machine.
// Usage: node validate-ceiling.mjs FILE MODULE_URL EXPORT_NAME [ROUNDS]
import { readFileSync } from "node:fs";

const [file, moduleUrl, exportName, rounds = "3"] = process.argv.slice(2);
const validate = (await import(moduleUrl))[exportName];
const bytes = readFileSync(file);
const lines = [];
for (let start = 0; start < bytes.length; ) {
  let end = bytes.indexOf(10, start);
  if (end === -1) end = bytes.length;
  if (end > start) lines.push(bytes.toString("utf8", start, end));
  start = end + 1;
}
let best = 0;
let bestCpu = 0;
let valid = 0;
for (let round = 0; round < Number(rounds); round++) {
  valid = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let index = 0; index < lines.length; index++) if (validate(JSON.parse(lines[index]))) valid++;
  const used = process.cpuUsage(cpu);
  best = Math.max(best, lines.length / ((performance.now() - started) / 1000));
  bestCpu = Math.max(bestCpu, lines.length / ((used.user + used.system) / 1e6));
}
process.stdout.write(JSON.stringify({ eventsPerSecond: Math.round(best), eventsPerCpuSecond: Math.round(bestCpu), valid, lines: lines.length }) + "\n");
