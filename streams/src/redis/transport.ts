// The Redis side of a consumer, and all of it: create the group, read new entries, read this consumer's own pending
// entries, reclaim idle ones (each with its delivery count), commit a batch, give back the deliveries of a batch left
// untouched, report the group's pending and lag. The loop in consumer.ts sees only
// StreamEntry lists and commit items, so another transport (Kafka) can sit under the same core.

import type { Redis } from "ioredis";
import type { GroupInfo } from "../core/metrics.js";
import { COMMIT_SCRIPT, commitArguments, type CommitItem } from "./commit-script.js";
import { openRedis } from "./connect.js";
import { DELIVERY_COUNTS_SCRIPT, RELEASE_DELIVERIES_SCRIPT } from "./delivery-scripts.js";
import { decodeAutoClaim, decodeDeliveryCounts, decodeGroupInfo, decodeReadGroup, type DecodedEntry, type RawEntry } from "./replies.js";

export interface TransportOptions {
  url: string;
  stream: string;
  group: string;
  consumer: string;
  /** Output stream; absent when a handler takes the valid entries. */
  out?: string;
  deadLetters: string;
  /** Approximate MAXLEN for the output and dead-letter streams; 0 keeps everything. */
  outMaxLength?: number;
  deadLetterMaxLength?: number;
  /** Look up the delivery count of reclaimed and re-read entries (for a delivery limit); otherwise they report 0. */
  countDeliveries?: boolean;
}

type CommitCommand = (stream: string, out: string, deadLetters: string, ...args: string[]) => Promise<unknown>;
type StreamScript = (stream: string, ...args: string[]) => Promise<unknown>;

export class RedisStreamTransport {
  readonly #options: TransportOptions;
  readonly #reader: Redis;
  readonly #writer: Redis;
  #readerId: string | undefined;

  private constructor(options: TransportOptions, reader: Redis, writer: Redis) {
    this.#options = options;
    this.#reader = reader;
    this.#writer = writer;
    writer.defineCommand("analyticsStreamsCommit", { numberOfKeys: 3, lua: COMMIT_SCRIPT });
    writer.defineCommand("analyticsStreamsDeliveryCounts", { numberOfKeys: 1, lua: DELIVERY_COUNTS_SCRIPT });
    writer.defineCommand("analyticsStreamsReleaseDeliveries", { numberOfKeys: 1, lua: RELEASE_DELIVERIES_SCRIPT });
  }

  #script(name: string): StreamScript {
    const command = (this.#writer as unknown as Record<string, StreamScript>)[name]!;
    return (...args) => command.call(this.#writer, ...args);
  }

  /** Entries from a read that does not report the delivery counter (history XREADGROUP, XAUTOCLAIM), with it. */
  async #withDeliveries(entries: DecodedEntry[]): Promise<RawEntry[]> {
    // A deleted entry (fields null) is only acked, so its count does not matter.
    const ids = entries.filter((entry) => entry.fields !== null).map((entry) => entry.id);
    if (!this.#options.countDeliveries || ids.length === 0) return entries.map((entry) => ({ ...entry, deliveries: 0 }));
    const { stream, group } = this.#options;
    const counts = decodeDeliveryCounts(await this.#script("analyticsStreamsDeliveryCounts")(stream, group, ...ids), ids.length);
    const byId = new Map(ids.map((id, index) => [id, counts[index]!]));
    return entries.map((entry) => ({ ...entry, deliveries: byId.get(entry.id) ?? 0 }));
  }

  static async open(options: TransportOptions): Promise<RedisStreamTransport> {
    const name = `analytics-streams:${options.consumer}`;
    const writer = await openRedis(options.url, name);
    let reader: Redis;
    try {
      reader = await openRedis(options.url, `${name}:read`);
    } catch (error) {
      writer.disconnect();
      throw error;
    }
    const transport = new RedisStreamTransport(options, reader, writer);
    // A reconnected reader has a new client id, which stop() needs to unblock it.
    reader.on("ready", () => void transport.#refreshReaderId().catch(() => undefined));
    await transport.#refreshReaderId();
    return transport;
  }

  async #refreshReaderId(): Promise<void> {
    this.#readerId = String(await this.#reader.client("ID"));
  }

  /** Creates the group at `startId` ("0": everything already in the stream; "$": only what comes next) unless it exists. */
  async prepare(startId: string): Promise<void> {
    const { stream, group, out, deadLetters } = this.#options;
    try {
      await this.#writer.xgroup("CREATE", stream, group, startId, "MKSTREAM");
    } catch (error) {
      if (!String((error as Error).message).startsWith("BUSYGROUP")) throw error;
    }
    for (const key of [stream, out, deadLetters]) {
      if (key === undefined) continue;
      const kind = await this.#writer.type(key);
      if (kind !== "none" && kind !== "stream") throw new Error(`key '${key}' holds a ${kind}, not a stream`);
    }
  }

  /** This consumer's own pending entries after `afterId`: what a previous run under the same name read and never acked. */
  async readOwnPending(afterId: string, count: number): Promise<RawEntry[]> {
    const { stream, group, consumer } = this.#options;
    return this.#withDeliveries(decodeReadGroup(await this.#writer.call("XREADGROUP", "GROUP", group, consumer, "COUNT", count, "STREAMS", stream, afterId)));
  }

  /** New entries, waiting up to `blockMs` for the first; [] when none came or unblock() ended the wait. A first delivery: count 1. */
  async readNew(count: number, blockMs: number): Promise<RawEntry[]> {
    const { stream, group, consumer } = this.#options;
    const entries = decodeReadGroup(await this.#reader.call("XREADGROUP", "GROUP", group, consumer, "COUNT", count, "BLOCK", blockMs, "STREAMS", stream, ">")) as RawEntry[];
    // The hot path: set in place rather than copy every entry.
    for (const entry of entries) entry.deliveries = 1;
    return entries;
  }

  /** Takes over entries pending longer than `idleMs` on any consumer of the group (this one included), from `cursor`. */
  async claimIdle(cursor: string, idleMs: number, count: number): Promise<{ next: string; entries: RawEntry[] }> {
    const { stream, group, consumer } = this.#options;
    const claimed = decodeAutoClaim(await this.#writer.call("XAUTOCLAIM", stream, group, consumer, idleMs, cursor, "COUNT", count));
    return { next: claimed.next, entries: await this.#withDeliveries(claimed.entries) };
  }

  /**
   * Entries this consumer read and left untouched (a guard trip): their delivery counters are set back by one, so the
   * delivery does not count toward the limit. Only entries still pending here with the count they were read with.
   */
  async releaseDeliveries(entries: readonly RawEntry[]): Promise<number> {
    const pairs = entries.filter((entry) => entry.fields !== null && entry.deliveries > 0).flatMap((entry) => [entry.id, String(entry.deliveries)]);
    if (pairs.length === 0) return 0;
    const { stream, group, consumer } = this.#options;
    return Number(await this.#script("analyticsStreamsReleaseDeliveries")(stream, group, consumer, ...pairs));
  }

  /** Forwards, dead-letters and acks a batch atomically; returns the ids skipped because another consumer committed them. */
  async commit(items: readonly CommitItem[]): Promise<Set<string>> {
    if (items.length === 0) return new Set();
    const { stream, group, out, deadLetters, outMaxLength = 0, deadLetterMaxLength = 0 } = this.#options;
    const command = (this.#writer as unknown as { analyticsStreamsCommit: CommitCommand }).analyticsStreamsCommit;
    const reply = await command.call(this.#writer, stream, out ?? deadLetters, deadLetters, ...commitArguments(group, outMaxLength, deadLetterMaxLength, items));
    if (!Array.isArray(reply)) throw new Error(`unexpected commit reply: ${JSON.stringify(reply)}`);
    return new Set(reply.map(String));
  }

  async groupInfo(): Promise<GroupInfo> {
    return decodeGroupInfo(await this.#writer.call("XINFO", "GROUPS", this.#options.stream), this.#options.group);
  }

  /** Ends a blocked readNew() at once: CLIENT UNBLOCK makes XREADGROUP return nil, having delivered nothing. */
  async unblock(): Promise<void> {
    if (this.#readerId !== undefined) await this.#writer.client("UNBLOCK", this.#readerId).catch(() => undefined);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.#reader.quit(), this.#writer.quit()]);
    this.#reader.disconnect();
    this.#writer.disconnect();
  }
}
