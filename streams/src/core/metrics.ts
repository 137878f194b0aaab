// Prometheus metrics (prom-client), one registry per consumer. Every series carries the `consumer` label, so each
// process is scraped on its own and sums across processes are plain sum() queries.

import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { DeliveryLimited } from "./delivery-limit.js";
import type { Outcome } from "./judge.js";

export const METRIC_NAMES = {
  entries: "analytics_streams_entries_total",
  errors: "analytics_streams_validation_errors_total",
  processing: "analytics_streams_processing_seconds",
  pending: "analytics_streams_group_pending",
  lag: "analytics_streams_group_lag",
  claimed: "analytics_streams_claimed_entries_total",
  handlerFailures: "analytics_streams_handler_failures_total",
} as const;

export interface GroupInfo {
  pending: number;
  /** Redis 7 reports it; null while Redis cannot tell (e.g. after entries were deleted) or on Redis 6.2. */
  lag: number | null;
}

export interface StreamMetrics {
  registry: Registry;
  entries: Counter<"stream" | "schema" | "outcome">;
  errors: Counter<"stream" | "schema" | "keyword">;
  processing: Histogram<"stream">;
  claimed: Counter<"stream">;
  handlerFailures: Counter<"stream">;
}

export interface MetricsOptions {
  consumer: string;
  stream: string;
  group: string;
  /** Read at scrape time for the pending and lag gauges. */
  groupInfo?: () => Promise<GroupInfo>;
  registry?: Registry;
}

export function createStreamMetrics(options: MetricsOptions): StreamMetrics {
  const registry = options.registry ?? new Registry();
  registry.setDefaultLabels({ consumer: options.consumer });
  const registers = [registry];
  const entries = new Counter({ name: METRIC_NAMES.entries, help: "Entries committed, by schema and outcome (valid, invalid, malformed, delivery-limit).", labelNames: ["stream", "schema", "outcome"] as const, registers });
  const errors = new Counter({ name: METRIC_NAMES.errors, help: "Validation errors in dead-lettered entries, by the keyword that failed.", labelNames: ["stream", "schema", "keyword"] as const, registers });
  const processing = new Histogram({
    name: METRIC_NAMES.processing,
    help: "Seconds from an entry's read to its commit (validate, forward or handler, dead letter, ack).",
    labelNames: ["stream"] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const claimed = new Counter({ name: METRIC_NAMES.claimed, help: "Entries reclaimed with XAUTOCLAIM from consumers idle past the claim time.", labelNames: ["stream"] as const, registers });
  const handlerFailures = new Counter({ name: METRIC_NAMES.handlerFailures, help: "Handler calls that threw or rejected; their entries stay pending and are retried, up to the delivery limit.", labelNames: ["stream"] as const, registers });
  const groupLabels = { stream: options.stream, group: options.group };
  new Gauge({
    name: METRIC_NAMES.pending,
    help: "Entries delivered to the group's consumers and not yet acknowledged (XINFO GROUPS pending).",
    labelNames: ["stream", "group"] as const,
    registers,
    async collect() {
      const info = await options.groupInfo?.().catch(() => undefined);
      if (info !== undefined) this.set(groupLabels, info.pending);
    },
  });
  new Gauge({
    name: METRIC_NAMES.lag,
    help: "Entries in the stream not yet delivered to the group (XINFO GROUPS lag, Redis 7).",
    labelNames: ["stream", "group"] as const,
    registers,
    async collect() {
      const info = await options.groupInfo?.().catch(() => undefined);
      if (info !== undefined && info.lag !== null) this.set(groupLabels, info.lag);
    },
  });
  return { registry, entries, errors, processing, claimed, handlerFailures };
}

/** Counts one committed entry: its outcome, and each of its errors by keyword. */
export function recordOutcome(metrics: StreamMetrics, stream: string, outcome: Outcome | DeliveryLimited): void {
  const schema = outcome.contract?.name ?? "none";
  metrics.entries.inc({ stream, schema, outcome: outcome.kind });
  if (outcome.kind === "invalid") for (const error of outcome.errors) metrics.errors.inc({ stream, schema, keyword: error.keyword });
}
