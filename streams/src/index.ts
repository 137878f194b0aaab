// analytics-streams: validated Redis Streams. consume() for services, buildConsumeCommand() for CLIs, the core for
// other transports.

export { consume, type ConsumeCounts, type ConsumeOptions, type ConsumeResult, type ConsumerHandle, type HandledEntry } from "./consumer.js";
export { buildConsumeCommand, type ConsumeCommandSettings } from "./cli/command.js";
export { openContractsFolder, defaultContractsFolder, ContractsFolderError, type ContractsFolder } from "./contracts/load.js";
export { UnknownSchemaError, type ManifestEntry } from "./contracts/catalog.js";
export { serveMetrics, type MetricsServer } from "./metrics-server.js";
export { RedisStartError } from "./redis/connect.js";
export * from "./core/index.js";
