// consume(): the Redis Streams consumer for services. Reads with a consumer group, judges each entry with the core,
// forwards valid entries (output stream or handler), dead-letters the rest, and acks only after the forward.

import os from "node:os";
import { performance } from "node:perf_hooks";
import type { Contract } from "./core/contract.js";
import { deadLetterFields } from "./core/dead-letter.js";
import type { StreamEntry } from "./core/entry.js";
import { judgeEntry, type Outcome } from "./core/judge.js";
import { createStreamMetrics, recordOutcome, type StreamMetrics } from "./core/metrics.js";
import { describeTrip, InvalidRatioGuard, type GuardTrip } from "./core/ratio-guard.js";
import { createRouter } from "./core/route.js";
import type { CommitItem } from "./redis/commit-script.js";
import type { RawEntry } from "./redis/replies.js";
import { RedisStreamTransport } from "./redis/transport.js";

/** What a handler gets beside the validated document. */
export interface HandledEntry extends StreamEntry {
  stream: string;
  /** The contract's name, e.g. "AnalyticsEvent". */
  schema: string;
}

export interface ConsumeOptions {
  /** redis://[user:password@]host:port[/db] or rediss:// */
  redis: string;
  stream: string;
  group: string;
  /** Unique per process; defaults to hostname-pid. A restart under the same name first finishes its own pending entries. */
  consumer?: string;
  /** The field holding the JSON document. Default "data". */
  field?: string;
  /** The contract for every entry, or the fallback when per-entry routing finds none. */
  schema?: Contract;
  schemaField?: string;
  schemaProperty?: string;
  routes?: Readonly<Record<string, Contract>>;
  lookup?: (value: string) => Contract | undefined;
  /** Output stream for valid entries; or give `handler`. */
  out?: string;
  /** Takes each valid entry; the entry is acked once its promise resolves, and stays pending (retried) if it rejects. */
  handler?: (value: unknown, entry: HandledEntry) => unknown;
  /** Dead-letter stream. */
  dlq: string;
  /** Entries per read and per commit. Default 100. */
  batch?: number;
  /** How long a read waits for new entries. Default 1000 ms; stop() cuts the wait short. */
  blockMs?: number;
  /** Entries pending this long on any consumer are reclaimed. Default 30000 ms. */
  claimIdleMs?: number;
  /** How often to sweep for idle entries. Default: claimIdleMs. */
  claimIntervalMs?: number;
  /** Where a new group starts: "0" (default: everything in the stream) or "$" (only new entries). */
  startId?: string;
  /** Invalid-ratio guard; off unless given. */
  maxInvalidRatio?: number;
  /** Default 1000 entries. */
  ratioWindow?: number;
  /** Default: the smaller of 100 and the window. */
  ratioMinimum?: number;
  /** Approximate MAXLEN of the output and dead-letter streams; default 0, no trimming. */
  outMaxLength?: number;
  dlqMaxLength?: number;
  /** Metrics to record into; one is created (with its own registry) otherwise. */
  metrics?: StreamMetrics;
  /** Told about each handler failure; the entry stays pending and is retried after claimIdleMs. */
  onHandlerError?: (error: unknown, entry: HandledEntry) => void;
}

export interface ConsumeCounts {
  valid: number;
  invalid: number;
  malformed: number;
  /** Reclaimed from idle consumers (this one included). */
  claimed: number;
  handlerFailures: number;
}

export type ConsumeResult =
  | { reason: "stopped"; counts: ConsumeCounts }
  | { reason: "invalid-ratio"; counts: ConsumeCounts; trip: GuardTrip; message: string; leftPending: number }
  | { reason: "failed"; counts: ConsumeCounts; error: Error };

export interface ConsumerHandle {
  readonly consumer: string;
  readonly metrics: StreamMetrics;
  readonly counts: Readonly<ConsumeCounts>;
  /** Finishes the batch in hand (handler calls, commit), then closes. Resolves with the same result as `closed`. */
  stop(): Promise<ConsumeResult>;
  /** Resolves (never rejects) when the consumer has ended and closed its connections. */
  readonly closed: Promise<ConsumeResult>;
}

/** Connects, creates the group if needed, and starts consuming. Rejects only when it cannot start. */
export async function consume(options: ConsumeOptions): Promise<ConsumerHandle> {
  if ((options.out === undefined) === (options.handler === undefined)) throw new Error("give either an output stream (out) or a handler, not both");
  const consumer = options.consumer ?? `${os.hostname()}-${process.pid}`;
  const field = options.field ?? "data";
  const batch = positive("batch", options.batch ?? 100);
  const blockMs = positive("blockMs", options.blockMs ?? 1_000);
  const claimIdleMs = positive("claimIdleMs", options.claimIdleMs ?? 30_000);
  const claimIntervalMs = positive("claimIntervalMs", options.claimIntervalMs ?? claimIdleMs);
  const router = createRouter(options);
  const window = options.ratioWindow ?? 1_000;
  const guard = options.maxInvalidRatio === undefined ? undefined : new InvalidRatioGuard({ maxInvalidRatio: options.maxInvalidRatio, window, minimum: options.ratioMinimum ?? Math.min(100, window) });

  const transport = await RedisStreamTransport.open({
    url: options.redis, stream: options.stream, group: options.group, consumer, out: options.out, deadLetters: options.dlq,
    outMaxLength: options.outMaxLength, deadLetterMaxLength: options.dlqMaxLength,
  });
  try {
    await transport.prepare(options.startId ?? "0");
  } catch (error) {
    await transport.close();
    throw error;
  }
  const metrics = options.metrics ?? createStreamMetrics({ consumer, stream: options.stream, group: options.group, groupInfo: () => transport.groupInfo() });
  const counts: ConsumeCounts = { valid: 0, invalid: 0, malformed: 0, claimed: 0, handlerFailures: 0 };
  const { stream, group } = options;
  let stopping = false;

  async function processBatch(raw: readonly RawEntry[]): Promise<{ trip: GuardTrip } | undefined> {
    const readAt = performance.now();
    const time = new Date();
    const judged: { entry: StreamEntry; outcome: Outcome }[] = [];
    const items: CommitItem[] = [];
    for (const { id, fields } of raw) {
      // Deleted while pending: nothing left to judge or forward, only the pending id to clear.
      if (fields === null) items.push({ id, target: "a", fields: [] });
      else judged.push({ entry: { id, fields }, outcome: judgeEntry({ id, fields }, { field, router }) });
    }
    if (guard !== undefined) {
      for (const { outcome } of judged) {
        const trip = guard.record(outcome.kind !== "valid");
        // The whole batch stays pending, unforwarded and not dead-lettered, for whoever fixes the producer.
        if (trip !== undefined) return { trip };
      }
    }
    const byId = new Map<string, Outcome>();
    for (const { entry, outcome } of judged) {
      if (outcome.kind === "valid") {
        if (options.handler !== undefined) {
          const handled: HandledEntry = { ...entry, stream, schema: outcome.contract.name };
          try {
            await options.handler(outcome.value, handled);
          } catch (error) {
            counts.handlerFailures++;
            metrics.handlerFailures.inc({ stream });
            options.onHandlerError?.(error, handled);
            continue;
          }
          items.push({ id: entry.id, target: "a", fields: [] });
        } else {
          items.push({ id: entry.id, target: "o", fields: [...entry.fields, "source_id", entry.id] });
        }
      } else {
        items.push({ id: entry.id, target: "d", fields: deadLetterFields(entry, outcome, { stream, group, consumer, field, time }) });
      }
      byId.set(entry.id, outcome);
    }
    const skipped = await transport.commit(items);
    const seconds = (performance.now() - readAt) / 1000;
    for (const [id, outcome] of byId) {
      if (skipped.has(id)) continue;
      counts[outcome.kind]++;
      recordOutcome(metrics, stream, outcome);
      metrics.processing.observe({ stream }, seconds);
    }
    return undefined;
  }

  async function run(): Promise<ConsumeResult> {
    try {
      for (let after = "0"; !stopping; ) {
        const own = await transport.readOwnPending(after, batch);
        if (own.length === 0) break;
        after = own.at(-1)!.id;
        const stopped = await processBatch(own);
        if (stopped !== undefined) return await tripped(stopped.trip);
      }
      let cursor = "0-0";
      let nextSweep = 0;
      // The next read runs on its own connection while this batch is judged and committed: Redis and the validator
      // work at the same time. Entries it delivers are pending like any others until committed.
      let prefetch: Promise<RawEntry[]> | undefined;
      try {
        while (!stopping) {
          let entries: RawEntry[] = [];
          if (prefetch !== undefined) {
            entries = await prefetch;
            prefetch = undefined;
          } else if (Date.now() >= nextSweep) {
            const claimed = await transport.claimIdle(cursor, claimIdleMs, batch);
            cursor = claimed.next;
            if (cursor === "0-0") nextSweep = Date.now() + claimIntervalMs;
            entries = claimed.entries;
            counts.claimed += entries.length;
            if (entries.length > 0) metrics.claimed.inc({ stream }, entries.length);
          }
          if (entries.length === 0 && !stopping) entries = await transport.readNew(batch, blockMs);
          if (entries.length === 0) continue;
          if (!stopping && Date.now() < nextSweep) prefetch = transport.readNew(batch, blockMs);
          const stopped = await processBatch(entries);
          if (stopped !== undefined) return await tripped(stopped.trip);
        }
        // Stopping: a read already answered is drained too (stop() unblocked it if it was still waiting).
        if (prefetch !== undefined) {
          const last = await prefetch;
          prefetch = undefined;
          if (last.length > 0) {
            const stopped = await processBatch(last);
            if (stopped !== undefined) return await tripped(stopped.trip);
          }
        }
      } finally {
        // A read still in flight after a trip or a failure: its entries stay pending; only its outcome is awaited.
        await prefetch?.catch(() => undefined);
      }
      return { reason: "stopped", counts };
    } catch (error) {
      return { reason: "failed", counts, error: error instanceof Error ? error : new Error(String(error)) };
    } finally {
      await transport.close();
    }
  }

  async function tripped(trip: GuardTrip): Promise<ConsumeResult> {
    const info = await transport.groupInfo().catch(() => undefined);
    const leftPending = info === undefined ? 0 : info.pending + (info.lag ?? 0);
    const message = `stopped consuming ${stream}: ${describeTrip(trip)}; ${leftPending} entries left for the group (pending or not yet read), none of them dead-lettered`;
    return { reason: "invalid-ratio", counts, trip, message, leftPending };
  }

  const closed = run();
  return {
    consumer,
    metrics,
    counts,
    closed,
    stop() {
      stopping = true;
      void transport.unblock();
      return closed;
    },
  };
}

function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}
