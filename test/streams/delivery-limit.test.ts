// The delivery limit against a real redis-server: a poison entry is dead-lettered (reason delivery-limit) and acked
// after maxDeliveries attempts instead of being retried forever, whether its handler keeps failing or its forward
// keeps failing; a guard trip does not count as an attempt; 0 turns the limit off.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consume, type ConsumeOptions, type Contract } from "../../streams/src/index.js";
import { assertAnalyticsEvent, validateAnalyticsEvent } from "../../generated/analytics/event.js";
import { startRedisServer, type RedisServer } from "./redis-server.js";
import { analyticsEvent, pendingCount, produce, readStream, waitFor } from "./streams-helpers.js";

const event: Contract = { name: "AnalyticsEvent", validate: validateAnalyticsEvent, assert: assertAnalyticsEvent };

let redis: RedisServer;
let counter = 0;

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

function keys() {
  const stream = `limit-${++counter}`;
  return { stream, group: "g", out: `${stream}.valid`, dlq: `${stream}.dlq` };
}

function options(names: ReturnType<typeof keys>, extra: Partial<ConsumeOptions> = {}): ConsumeOptions {
  return { redis: redis.url, ...names, consumer: "c1", schema: event, blockMs: 100, claimIdleMs: 60_000, ...extra } as ConsumeOptions;
}

/** XPENDING's extended form: id to delivery count. */
async function deliveryCounts(stream: string, group: string): Promise<Map<string, number>> {
  const entries = (await redis.client.xpending(stream, group, "-", "+", 10_000)) as [string, string, number, number][];
  return new Map(entries.map(([id, , , count]) => [id, Number(count)]));
}

describe("a handler that always throws for one entry", () => {
  it("is called maxDeliveries times for it; the entry is then dead-lettered with the reason, the count and the last error, and acked", async () => {
    const names = keys();
    const payloads = Array.from({ length: 20 }, (_, index) => JSON.stringify(analyticsEvent(index)));
    const ids = await produce(redis.client, names.stream, payloads.map((data) => ["data", data]));
    const poison = ids[7]!;
    const calls = new Map<string, number>();
    const reported: string[] = [];
    const handle = await consume(options(names, {
      out: undefined, batch: 5, maxDeliveries: 3, claimIdleMs: 150, claimIntervalMs: 50,
      handler: (_value, entry) => {
        calls.set(entry.id, (calls.get(entry.id) ?? 0) + 1);
        if (entry.id === poison) throw new Error(`downstream rejects ${entry.id}`);
      },
      onHandlerError: (error, entry) => reported.push(`${entry.id}: ${(error as Error).message}`),
    }));
    await waitFor(async () => (await redis.client.xlen(names.dlq)) === 1 && (await pendingCount(redis.client, names.stream, names.group)) === 0, "the poison entry dead-lettered, nothing pending");
    const result = await handle.stop();

    expect(calls.get(poison)).toBe(3);
    expect([...calls].filter(([id]) => id !== poison)).toEqual(ids.filter((id) => id !== poison).map((id) => [id, 1]));
    expect(reported).toEqual(Array.from({ length: 3 }, () => `${poison}: downstream rejects ${poison}`));
    const [letter, ...more] = await readStream(redis.client, names.dlq);
    expect(more).toEqual([]);
    expect(letter!.fields).toEqual({
      reason: "delivery-limit",
      detail: `the handler failed on delivery 3 of at most 3: downstream rejects ${poison}`,
      payload: payloads[7], source_id: poison, source_stream: names.stream, group: "g", consumer: "c1", schema: "AnalyticsEvent",
      deliveries: "3", last_error: `downstream rejects ${poison}`, errors: "[]", time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    // The two retries were reclaims of the poison entry alone.
    expect(result).toEqual({ reason: "stopped", counts: { valid: 19, invalid: 0, malformed: 0, claimed: 2, handlerFailures: 3, deliveryLimit: 1 } });
    const text = await handle.metrics.registry.metrics();
    expect(text).toContain(`analytics_streams_entries_total{stream="${names.stream}",schema="AnalyticsEvent",outcome="delivery-limit",consumer="c1"} 1`);
    expect(text).toContain(`analytics_streams_entries_total{stream="${names.stream}",schema="AnalyticsEvent",outcome="valid",consumer="c1"} 19`);
    expect(text).toContain(`analytics_streams_handler_failures_total{stream="${names.stream}",consumer="c1"} 3`);
    expect(await pendingCount(redis.client, names.stream, names.group)).toBe(0);
  });

  it("with maxDeliveries 0, is retried past any count and never dead-lettered", async () => {
    const names = keys();
    const [id] = await produce(redis.client, names.stream, [["data", JSON.stringify(analyticsEvent(1))]]);
    let calls = 0;
    const handle = await consume(options(names, {
      out: undefined, maxDeliveries: 0, blockMs: 20, claimIdleMs: 50, claimIntervalMs: 25,
      handler: () => { calls++; throw new Error("still down"); },
    }));
    await waitFor(async () => calls >= 7, "seven attempts");
    const result = await handle.stop();
    expect(result.counts.deliveryLimit).toBe(0);
    expect(await redis.client.xlen(names.dlq)).toBe(0);
    expect((await deliveryCounts(names.stream, names.group)).get(id!)).toBeGreaterThanOrEqual(7);
  });
});

describe("a forward that keeps failing", () => {
  it("stops the consumer each time; restarted under the same name, the entries arrive over the limit and are dead-lettered untried", async () => {
    const names = keys();
    const payloads = [1, 2, 3].map((index) => JSON.stringify(analyticsEvent(index)));
    const ids = await produce(redis.client, names.stream, payloads.map((data) => ["data", data]));
    // An output stream at the last possible id: every XADD to it fails, as a refused forward does.
    await redis.client.xadd(names.out, "*", "seed", "1");
    await redis.client.call("XSETID", names.out, "18446744073709551615-18446744073709551615");

    for (const attempt of [1, 2]) {
      const handle = await consume(options(names, { maxDeliveries: 2 }));
      const result = await handle.closed;
      expect(result.reason).toBe("failed");
      if (result.reason === "failed") expect(result.error.message).toMatch(/exhausted the last possible ID/);
      expect([...(await deliveryCounts(names.stream, names.group)).values()]).toEqual([attempt, attempt, attempt]);
    }
    // The third delivery is over the limit of 2: dead-lettered without being judged or forwarded.
    const handle = await consume(options(names, { maxDeliveries: 2 }));
    await waitFor(async () => (await redis.client.xlen(names.dlq)) === 3, "three dead letters");
    const result = await handle.stop();
    expect(result).toEqual({ reason: "stopped", counts: { valid: 0, invalid: 0, malformed: 0, claimed: 0, handlerFailures: 0, deliveryLimit: 3 } });
    expect(await pendingCount(redis.client, names.stream, names.group)).toBe(0);
    const letters = await readStream(redis.client, names.dlq);
    expect(letters.map((letter) => letter.fields)).toEqual(ids.map((id, index) => ({
      reason: "delivery-limit", detail: "delivered 3 times without an acknowledgement (limit 2); not tried again",
      payload: payloads[index], source_id: id, source_stream: names.stream, group: "g", consumer: "c1",
      deliveries: "3", errors: "[]", time: expect.any(String),
    })));
    expect(await handle.metrics.registry.metrics()).toContain(`analytics_streams_entries_total{stream="${names.stream}",schema="none",outcome="delivery-limit",consumer="c1"} 3`);
  });
});

describe("the invalid-ratio guard and the delivery limit", () => {
  it("gives back the deliveries of the batch a trip leaves pending, so restarting a tripped consumer dead-letters nothing", async () => {
    const names = keys();
    const bad = { ...analyticsEvent(1), event_type: "NOT_A_TYPE" };
    await produce(redis.client, names.stream, Array.from({ length: 30 }, () => ["data", JSON.stringify(bad)]));
    for (let run = 0; run < 3; run++) {
      // maxDeliveries 1: a single charged redelivery would already put the batch over the limit.
      const handle = await consume(options(names, { batch: 10, maxDeliveries: 1, maxInvalidRatio: 0.5, ratioWindow: 10, ratioMinimum: 10 }));
      const result = await handle.closed;
      expect(result.reason).toBe("invalid-ratio");
      const counts = await deliveryCounts(names.stream, names.group);
      expect([10, 20]).toContain(counts.size);
      expect(new Set(counts.values())).toEqual(new Set([0]));
    }
    expect(await redis.client.xlen(names.dlq)).toBe(0);
  });
});
