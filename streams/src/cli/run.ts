// consume from the command line: resolve the schemas, start the consumer and the metrics server, stop on SIGTERM or
// SIGINT after draining, and decide the exit code, in one place: 0 stopped by a signal, 1 stopped by the invalid-ratio
// guard or a Redis failure, 2 bad usage or a consumer that cannot start.

import { UnknownSchemaError } from "../contracts/catalog.js";
import { ContractsFolderError, defaultContractsFolder, openContractsFolder } from "../contracts/load.js";
import type { Contract } from "../core/contract.js";
import { consume, type ConsumeCounts, type ConsumerHandle } from "../consumer.js";
import { serveMetrics, type MetricsServer } from "../metrics-server.js";
import { RedisStartError, redactUrl } from "../redis/connect.js";
import type { ConsumeCliOptions } from "./options.js";

export const EXIT_STOPPED = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export interface CliIo {
  prefix: string;
  cwd: string;
  stderr: (text: string) => void;
}

class UsageError extends Error {}

async function resolveContracts(options: ConsumeCliOptions, cwd: string) {
  if (options.schemaField !== undefined && options.schemaProperty !== undefined) throw new UsageError("give --schema-field or --schema-property, not both");
  const perEntry = options.schemaField !== undefined || options.schemaProperty !== undefined;
  if (!perEntry && options.schema === undefined) throw new UsageError("give --schema REF, or --schema-field / --schema-property to choose a schema per entry");
  if (!perEntry && options.route.length > 0) throw new UsageError("--route needs --schema-field or --schema-property");
  const folder = await openContractsFolder(options.contracts ?? defaultContractsFolder(cwd));
  const schema = options.schema === undefined ? undefined : await folder.load(options.schema);
  const routes: Record<string, Contract> = {};
  for (const route of options.route) {
    const at = route.indexOf("=");
    routes[route.slice(0, at)] = await folder.load(route.slice(at + 1));
  }
  // Without routes, a selector's value is itself a schema name (a $schema id, a type name), so every schema is loaded.
  const lookup = perEntry && options.route.length === 0 ? await folder.loadAll() : undefined;
  return { schema, routes, lookup, folder: folder.folder };
}

function summary(counts: ConsumeCounts): string {
  return `${counts.valid} valid, ${counts.invalid} invalid, ${counts.malformed} malformed, ${counts.claimed} reclaimed, ${counts.deliveryLimit} at the delivery limit`;
}

export async function runConsume(options: ConsumeCliOptions, io: CliIo): Promise<number> {
  const say = (line: string) => io.stderr(`${io.prefix}: ${line}\n`);
  let contracts: Awaited<ReturnType<typeof resolveContracts>>;
  try {
    contracts = await resolveContracts(options, io.cwd);
  } catch (error) {
    if (error instanceof UsageError || error instanceof UnknownSchemaError || error instanceof ContractsFolderError) {
      say(error.message);
      return EXIT_USAGE;
    }
    throw error;
  }

  let handle: ConsumerHandle;
  try {
    handle = await consume({
      redis: options.redis, stream: options.stream, group: options.group, consumer: options.consumer, field: options.field,
      schema: contracts.schema, schemaField: options.schemaField, schemaProperty: options.schemaProperty,
      routes: Object.keys(contracts.routes).length > 0 ? contracts.routes : undefined, lookup: contracts.lookup,
      out: options.out, dlq: options.dlq, batch: options.batch, blockMs: options.blockMs, claimIdleMs: options.claimIdleMs,
      claimIntervalMs: options.claimIntervalMs, maxDeliveries: options.maxDeliveries, startId: options.start, maxInvalidRatio: options.maxInvalidRatio,
      ratioWindow: options.ratioWindow, ratioMinimum: options.ratioMinimum, outMaxLength: options.outMaxlen, dlqMaxLength: options.dlqMaxlen,
    });
  } catch (error) {
    const message = (error as Error).message;
    say(error instanceof RedisStartError ? message : `cannot start on ${redactUrl(options.redis)}: ${message}`);
    return EXIT_USAGE;
  }

  let server: MetricsServer | undefined;
  if (options.metricsPort !== undefined) {
    try {
      server = await serveMetrics(handle.metrics.registry, options.metricsPort, options.metricsHost);
    } catch (error) {
      await handle.stop();
      say(`cannot serve metrics on ${options.metricsHost}:${options.metricsPort}: ${(error as Error).message}`);
      return EXIT_USAGE;
    }
  }

  const schemaText = contracts.schema !== undefined && options.schemaField === undefined && options.schemaProperty === undefined
    ? `with ${contracts.schema.name}`
    : `choosing the schema by ${options.schemaField !== undefined ? `field '${options.schemaField}'` : `property '${options.schemaProperty}'`}`;
  say(`consuming ${options.stream} ${schemaText}, group ${options.group}, consumer ${handle.consumer}: valid to ${options.out}, dead letters to ${options.dlq}` +
    (server !== undefined ? `; metrics on http://${options.metricsHost}:${server.port}/metrics` : ""));

  let signalled: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled !== undefined) {
      say(`${signal} again: exiting without draining (entries in hand stay pending and are reclaimed)`);
      process.exit(128 + (signal === "SIGINT" ? 2 : 15));
    }
    signalled = signal;
    void handle.stop();
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  try {
    const result = await handle.closed;
    if (result.reason === "stopped") {
      say(`stopped on ${signalled ?? "request"}, batch in hand committed: ${summary(result.counts)}`);
      return EXIT_STOPPED;
    }
    if (result.reason === "invalid-ratio") {
      say(`${result.message}. Fix the producer, then restart the consumer. (${summary(result.counts)})`);
      return EXIT_FAILED;
    }
    say(`Redis failed: ${result.error.message}; entries read and not committed stay pending and are reclaimed after --claim-idle-ms (${summary(result.counts)})`);
    return EXIT_FAILED;
  } finally {
    process.off("SIGTERM", onSignal);
    process.off("SIGINT", onSignal);
    await server?.close();
  }
}
