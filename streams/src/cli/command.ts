// The `consume` command as a commander Command, so both the analytics-streams bin and `schemagen consume` mount it.
// It maps flags to options and calls runConsume(); exit codes come from there.

import { Command, Option } from "commander";
import { collectRoute, parseCount, parseMaxDeliveries, parsePort, parsePositiveInteger, parseRatio, parseRedisUrl, parseStartId, type ConsumeCliOptions } from "./options.js";
import { runConsume } from "./run.js";

export interface ConsumeCommandSettings {
  /** Receives the exit code; sets process.exitCode by default. */
  onExit?: (code: number) => void;
}

export function buildConsumeCommand(settings: ConsumeCommandSettings = {}): Command {
  const command = new Command("consume")
    .description("Validate a Redis stream with a consumer group: forward valid entries, dead-letter the rest, ack after the forward.")
    .requiredOption("--redis <url>", "Redis server, redis://[user:password@]host:port[/db]", parseRedisUrl)
    .requiredOption("--stream <key>", "the stream to read")
    .requiredOption("--group <name>", "consumer group (created at --start if missing)")
    .requiredOption("--out <key>", "output stream for valid entries")
    .requiredOption("--dlq <key>", "dead-letter stream for invalid and malformed entries")
    .option("--schema <ref>", "schema for every entry (or the fallback with --schema-field): $id, source path, type or validator name")
    .option("--schema-field <name>", "choose the schema per entry by this stream field's value")
    .option("--schema-property <name>", "choose the schema per entry by this top-level property of the document, e.g. $schema")
    .option("--route <value=ref>", "map a --schema-field/--schema-property value to a schema (repeatable)", collectRoute, [])
    .option("--contracts <dir>", "folder with the generated validators' manifest.json (default: the analytics-schemas package, else ./generated)")
    .option("--field <name>", "entry field holding the JSON document", "data")
    .option("--consumer <name>", "consumer name, unique per process (default: hostname-pid)")
    .option("--batch <n>", "entries per read and per commit", parsePositiveInteger, 100)
    .option("--block-ms <ms>", "how long a read waits for new entries", parsePositiveInteger, 1000)
    .option("--claim-idle-ms <ms>", "reclaim entries pending this long on any consumer (XAUTOCLAIM)", parsePositiveInteger, 30000)
    .option("--claim-interval-ms <ms>", "how often to sweep for idle entries (default: --claim-idle-ms)", parsePositiveInteger)
    .option("--max-deliveries <n>", "dead-letter (reason delivery-limit) and ack an entry once it has been delivered this many times without an ack, instead of retrying it (0: retry forever)", parseMaxDeliveries, 5)
    .option("--start <id>", 'where a new group starts: "0" everything in the stream, "$" only new entries', parseStartId, "0")
    .option("--max-invalid-ratio <ratio>", "stop, leaving entries pending, when the invalid share of the window passes this (0 to 1)", parseRatio)
    .option("--ratio-window <n>", "entries the invalid ratio is computed over", parsePositiveInteger, 1000)
    .option("--ratio-minimum <n>", "entries needed before the guard can trip (default: min(100, window))", parsePositiveInteger)
    .option("--out-maxlen <n>", "trim the output stream to about this many entries (0: never)", parseCount, 0)
    .option("--dlq-maxlen <n>", "trim the dead-letter stream to about this many entries (0: never)", parseCount, 0)
    .option("--metrics-port <port>", "serve Prometheus metrics on http://HOST:PORT/metrics (0: a free port)", parsePort)
    .addOption(new Option("--metrics-host <host>", "address the metrics server listens on").default("0.0.0.0"))
    .action(async (options: ConsumeCliOptions, self: Command) => {
      const program = self.parent?.name() ?? "analytics-streams";
      const code = await runConsume(options, { prefix: `${program} consume`, cwd: process.cwd(), stderr: (text) => process.stderr.write(text) });
      (settings.onExit ?? ((exit) => (process.exitCode = exit)))(code);
    });
  return command;
}
