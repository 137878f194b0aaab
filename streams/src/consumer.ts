// consume(): the Redis Streams consumer for services. Reads with a consumer group, judges each entry with the core,
// forwards valid entries (output stream or handler), dead-letters the rest, and acks only after the forward.

import os from "node:os";
import { performance } from "node:perf_hooks";
import type { Contract } from "./core/contract.js";
import { deadLetterFields } from "./core/dead-letter.js";
import { checkMaxDeliveries, exhaustedAfterFailure, exhaustedOnArrival, failedLastAttempt, untried, type DeliveryLimited } from "./core/delivery-limit.js";
import { entryField, type StreamEntry } from "./core/entry.js";
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
  /**
   * Takes each valid entry; the entry is acked once its promise resolves, and stays pending (retried after claimIdleMs)
   * if it rejects, until the delivery limit: a rejection on delivery maxDeliveries dead-letters the entry.
   */
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
  /**
   * The most times an entry is delivered (Redis's per-entry delivery counter) before it is dead-lettered with reason
   * `delivery-limit` and acked instead of retried: a handler rejection on delivery N = maxDeliveries dead-letters it
   * at once; an entry arriving with a count above it (earlier attempts ended without an ack: a crash, a failed
   * commit) is dead-lettered untried. Default 5; 0 turns the limit off (retried forever).
   */
  maxDeliveries?: number;
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
  /** Told about each handler failure; the entry stays pending and is retried after claimIdleMs (or dead-lettered at the delivery limit). */
  onHandlerError?: (error: unknown, entry: HandledEntry) => void;
}

export interface ConsumeCounts {
  valid: number;
  invalid: number;
  malformed: number;
  /** Reclaimed from idle consumers (this one included). */
  claimed: number;
  handlerFailures: number;
  /** Dead-lettered with reason delivery-limit. */
  deliveryLimit: number;
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
  const maxDeliveries = checkMaxDeliveries(options.maxDeliveries ?? 5);
  const router = createRouter(options);
  const window = options.ratioWindow ?? 1_000;
  const guard = options.maxInvalidRatio === undefined ? undefined : new InvalidRatioGuard({ maxInvalidRatio: options.maxInvalidRatio, window, minimum: options.ratioMinimum ?? Math.min(100, window) });

  const transport = await RedisStreamTransport.open({
    url: options.redis, stream: options.stream, group: options.group, consumer, out: options.out, deadLetters: options.dlq,
    outMaxLength: options.outMaxLength, deadLetterMaxLength: options.dlqMaxLength, countDeliveries: maxDeliveries > 0,
  });
  try {
    await transport.prepare(options.startId ?? "0");
  } catch (error) {
    await transport.close();
    throw error;
  }
  const metrics = options.metrics ?? createStreamMetrics({ consumer, stream: options.stream, group: options.group, groupInfo: () => transport.groupInfo() });
  const counts: ConsumeCounts = { valid: 0, invalid: 0, malformed: 0, claimed: 0, handlerFailures: 0, deliveryLimit: 0 };
  const { stream, group } = options;
  let stopping = false;

  async function processBatch(raw: readonly RawEntry[]): Promise<{ trip: GuardTrip } | undefined> {
    const readAt = performance.now();
    const time = new Date();
    type Work =
      | { kind: "ack"; id: string }
      | { kind: "limit"; entry: StreamEntry; outcome: DeliveryLimited }
      | { kind: "judged"; entry: StreamEntry; deliveries: number; outcome: Outcome };
    const work: Work[] = [];
    for (const { id, fields, deliveries } of raw) {
      // Deleted while pending: nothing left to judge or forward, only the pending id to clear.
      if (fields === null) work.push({ kind: "ack", id });
      // Its attempts are used up: dead-lettered untried (not even parsed, in case parsing is what kills the consumer).
      else if (exhaustedOnArrival(deliveries, maxDeliveries)) work.push({ kind: "limit", entry: { id, fields }, outcome: untried(deliveries, maxDeliveries, entryField({ id, fields }, field)) });
      else work.push({ kind: "judged", entry: { id, fields }, deliveries, outcome: judgeEntry({ id, fields }, { field, router }) });
    }
    if (guard !== undefined) {
      for (const item of work) {
        if (item.kind !== "judged") continue;
        const trip = guard.record(item.outcome.kind !== "valid");
        // The whole batch stays pending, unforwarded and not dead-lettered, for whoever fixes the producer.
        if (trip !== undefined) return { trip };
      }
    }
    const items: CommitItem[] = [];
    const byId = new Map<string, Outcome | DeliveryLimited>();
    const deadLetter = (entry: StreamEntry, outcome: Exclude<Outcome, { kind: "valid" }> | DeliveryLimited) => {
      items.push({ id: entry.id, target: "d", fields: deadLetterFields(entry, outcome, { stream, group, consumer, field, time }) });
      byId.set(entry.id, outcome);
    };
    for (const item of work) {
      if (item.kind === "ack") {
        items.push({ id: item.id, target: "a", fields: [] });
        continue;
      }
      if (item.kind === "limit") {
        deadLetter(item.entry, item.outcome);
        continue;
      }
      const { entry, outcome } = item;
      if (outcome.kind !== "valid") {
        deadLetter(entry, outcome);
      } else if (options.handler !== undefined) {
        const handled: HandledEntry = { ...entry, stream, schema: outcome.contract.name };
        try {
          await options.handler(outcome.value, handled);
        } catch (error) {
          counts.handlerFailures++;
          metrics.handlerFailures.inc({ stream });
          options.onHandlerError?.(error, handled);
          // The last attempt allowed: dead-lettered now with this error, not left for one more redelivery.
          if (exhaustedAfterFailure(item.deliveries, maxDeliveries)) deadLetter(entry, failedLastAttempt(item.deliveries, maxDeliveries, outcome.contract, outcome.text, error));
          continue;
        }
        items.push({ id: entry.id, target: "a", fields: [] });
        byId.set(entry.id, outcome);
      } else {
        items.push({ id: entry.id, target: "o", fields: [...entry.fields, "source_id", entry.id] });
        byId.set(entry.id, outcome);
      }
    }
    const skipped = await transport.commit(items);
    const seconds = (performance.now() - readAt) / 1000;
    for (const [id, outcome] of byId) {
      if (skipped.has(id)) continue;
      if (outcome.kind === "delivery-limit") counts.deliveryLimit++;
      else counts[outcome.kind]++;
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
        if (stopped !== undefined) return await tripped(stopped.trip, own);
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
          if (stopped !== undefined) {
            const ahead = prefetch;
            prefetch = undefined;
            return await tripped(stopped.trip, entries, ahead);
          }
        }
        // Stopping: a read already answered is drained too (stop() unblocked it if it was still waiting).
        if (prefetch !== undefined) {
          const last = await prefetch;
          prefetch = undefined;
          if (last.length > 0) {
            const stopped = await processBatch(last);
            if (stopped !== undefined) return await tripped(stopped.trip, last);
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

  /** `held`: the batch that tripped; `ahead`: the read already under way. Both stay pending, their deliveries given back. */
  async function tripped(trip: GuardTrip, held: readonly RawEntry[], ahead?: Promise<RawEntry[]>): Promise<ConsumeResult> {
    let untouched = [...held];
    if (ahead !== undefined) {
      void transport.unblock();
      untouched = [...untouched, ...(await ahead.catch(() => []))];
    }
    // A trip is not an attempt: without this, a supervisor restarting the tripped consumer would push the batch it
    // holds over the delivery limit and into the dead-letter stream, which the guard exists to keep clean.
    if (maxDeliveries > 0) await transport.releaseDeliveries(untouched).catch(() => 0);
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
