// consume() against a real redis-server: forwarding, dead letters, routing, handler acks, the ratio guard, metrics.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consume, type ConsumeOptions, type Contract } from "../../streams/src/index.js";
import { assertAnalyticsEvent, validateAnalyticsEvent } from "../../generated/analytics/event.js";
import { assertStreamEvent, validateStreamEvent } from "../../generated/realtime/stream-event.js";
import { startRedisServer, type RedisServer } from "./redis-server.js";
import { analyticsEvent, pendingCount, produce, readStream, waitFor } from "./streams-helpers.js";

const event: Contract = { name: "AnalyticsEvent", validate: validateAnalyticsEvent, assert: assertAnalyticsEvent };
const streamEvent: Contract = { name: "StreamEvent", validate: validateStreamEvent, assert: assertStreamEvent };

let redis: RedisServer;
let counter = 0;

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

/** Fresh key names per test, so tests share one server. */
function keys() {
  const stream = `events-${++counter}`;
  return { stream, group: "validators", out: `${stream}.valid`, dlq: `${stream}.dlq` };
}

function options(names: ReturnType<typeof keys>, extra: Partial<ConsumeOptions> = {}): ConsumeOptions {
  return { redis: redis.url, ...names, consumer: "c1", schema: event, blockMs: 100, claimIdleMs: 60_000, ...extra } as ConsumeOptions;
}

function withSource(index: number, source: string): Record<string, unknown> {
  const base = analyticsEvent(index);
  return { ...base, metadata: { ...(base.metadata as object), source } };
}

describe("forwarding valid entries", () => {
  it("forwards each valid entry with its fields intact plus source_id, and acks it", async () => {
    const names = keys();
    const payloads = Array.from({ length: 250 }, (_, index) => JSON.stringify(analyticsEvent(index)));
    const ids = await produce(redis.client, names.stream, payloads.map((data) => ["data", data, "tenant", "acme"]));
    const handle = await consume(options(names, { batch: 40 }));
    await waitFor(async () => (await redis.client.xlen(names.out)) === 250, "250 forwarded");
    const result = await handle.stop();
    expect(result).toEqual({ reason: "stopped", counts: { valid: 250, invalid: 0, malformed: 0, claimed: 0, handlerFailures: 0, deliveryLimit: 0 } });
    const forwarded = await readStream(redis.client, names.out);
    expect(forwarded.map((entry) => entry.fields)).toEqual(payloads.map((data, index) => ({ data, tenant: "acme", source_id: ids[index] })));
    expect(await pendingCount(redis.client, names.stream, names.group)).toBe(0);
    expect(await redis.client.xlen(names.dlq)).toBe(0);
  });
});

describe("dead letters", () => {
  it("dead-letters an invalid entry with its payload, source id and stream, every error's path and keyword, and the time", async () => {
    const names = keys();
    const bad = JSON.stringify(withSource(3, "FAX"));
    const before = Date.now();
    const [id] = await produce(redis.client, names.stream, [["data", bad]]);
    const handle = await consume(options(names));
    await waitFor(async () => (await redis.client.xlen(names.dlq)) === 1, "one dead letter");
    await handle.stop();
    const [letter] = await readStream(redis.client, names.dlq);
    expect(letter!.fields).toMatchObject({ reason: "invalid", payload: bad, source_id: id, source_stream: names.stream, group: "validators", consumer: "c1", schema: "AnalyticsEvent" });
    expect(JSON.parse(letter!.fields.errors!)).toEqual([{ path: "/metadata/source", keyword: "enum", message: expect.any(String), schemaPath: expect.stringMatching(/enum$/), params: expect.any(Object) }]);
    const time = Date.parse(letter!.fields.time!);
    expect(time).toBeGreaterThanOrEqual(before - 1);
    expect(time).toBeLessThanOrEqual(Date.now());
    expect(await pendingCount(redis.client, names.stream, names.group)).toBe(0);
    expect(await redis.client.xlen(names.out)).toBe(0);
  });

  it("dead-letters malformed JSON and a missing field with the reason, and keeps consuming", async () => {
    const names = keys();
    const ids = await produce(redis.client, names.stream, [["data", "{not json"], ["body", "{}", "kind", "x"], ["data", JSON.stringify(analyticsEvent(9))]]);
    const handle = await consume(options(names));
    await waitFor(async () => (await redis.client.xlen(names.out)) === 1, "the valid entry after the malformed ones");
    const result = await handle.stop();
    expect(result.counts).toEqual({ valid: 1, invalid: 0, malformed: 2, claimed: 0, handlerFailures: 0, deliveryLimit: 0 });
    const letters = await readStream(redis.client, names.dlq);
    expect(letters.map((letter) => [letter.fields.reason, letter.fields.source_id, letter.fields.payload, letter.fields.entry, letter.fields.errors])).toEqual([
      ["malformed-json", ids[0], "{not json", undefined, "[]"],
      ["missing-field", ids[1], undefined, '{"body":"{}","kind":"x"}', "[]"],
    ]);
    expect(letters[0]!.fields.detail).toMatch(/^field 'data' is not JSON: /);
    expect(letters[1]!.fields.detail).toBe("entry has no field 'data' (fields: body, kind)");
  });

  it("reads the payload from --field", async () => {
    const names = keys();
    await produce(redis.client, names.stream, [["body", JSON.stringify(analyticsEvent(1))]]);
    const handle = await consume(options(names, { field: "body" }));
    await waitFor(async () => (await redis.client.xlen(names.out)) === 1, "forwarded from body");
    expect((await handle.stop()).counts.valid).toBe(1);
  });
});

describe("choosing the schema per entry", () => {
  it("routes by a stream field: each entry is judged by its own schema, an unknown value is dead-lettered", async () => {
    const names = keys();
    const ids = await produce(redis.client, names.stream, [
      ["type", "analytics", "data", JSON.stringify(analyticsEvent(1))],
      ["type", "stream", "data", JSON.stringify(analyticsEvent(2))],
      ["type", "mystery", "data", "{}"],
    ]);
    const handle = await consume(options(names, { schema: undefined, schemaField: "type", routes: { analytics: event, stream: streamEvent } }));
    await waitFor(async () => (await redis.client.xlen(names.dlq)) === 2, "two dead letters");
    await handle.stop();
    expect((await readStream(redis.client, names.out)).map((entry) => entry.fields.source_id)).toEqual([ids[0]]);
    const letters = await readStream(redis.client, names.dlq);
    expect(letters.map((letter) => [letter.fields.source_id, letter.fields.reason, letter.fields.schema])).toEqual([
      [ids[1], "invalid", "StreamEvent"],
      [ids[2], "no-schema", undefined],
    ]);
    expect(letters[1]!.fields.detail).toBe('no schema for field \'type\' = "mystery"');
  });
});

describe("handler mode", () => {
  it("acks an entry only after the handler's promise resolves", async () => {
    const names = keys();
    await produce(redis.client, names.stream, [["data", JSON.stringify(analyticsEvent(1))]]);
    let release!: () => void;
    const seen: unknown[] = [];
    const handle = await consume(options(names, { out: undefined, handler: (value, entry) => { seen.push([value, entry.schema, entry.stream]); return new Promise<void>((resolve) => (release = resolve)); } }));
    await waitFor(async () => seen.length === 1, "the handler call");
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await pendingCount(redis.client, names.stream, names.group)).toBe(1);
    release();
    await waitFor(async () => (await pendingCount(redis.client, names.stream, names.group)) === 0, "the ack");
    expect(seen).toEqual([[analyticsEvent(1), "AnalyticsEvent", names.stream]]);
    expect((await handle.stop()).counts.valid).toBe(1);
    expect(await redis.client.exists(names.out)).toBe(0);
  });

  it("leaves an entry whose handler rejects pending, and retries it after the claim time", async () => {
    const names = keys();
    const [id] = await produce(redis.client, names.stream, [["data", JSON.stringify(analyticsEvent(1))]]);
    const calls: string[] = [];
    const failures: string[] = [];
    const handle = await consume(options(names, {
      out: undefined, claimIdleMs: 200, claimIntervalMs: 50,
      handler: async (_value, entry) => { calls.push(entry.id); if (calls.length === 1) throw new Error("downstream down"); },
      onHandlerError: (error) => failures.push((error as Error).message),
    }));
    await waitFor(async () => calls.length === 1, "the first call");
    expect(await pendingCount(redis.client, names.stream, names.group)).toBe(1);
    await waitFor(async () => calls.length === 2 && (await pendingCount(redis.client, names.stream, names.group)) === 0, "the retry and its ack");
    const result = await handle.stop();
    expect(calls).toEqual([id, id]);
    expect(failures).toEqual(["downstream down"]);
    expect(result.counts).toEqual({ valid: 1, invalid: 0, malformed: 0, claimed: 1, handlerFailures: 1, deliveryLimit: 0 });
  });
});

describe("the invalid-ratio guard", () => {
  it("stops when the share passes the threshold, leaving the tripping batch and the rest pending, not dead-lettered", async () => {
    const names = keys();
    const valid = Array.from({ length: 20 }, (_, index) => ["data", JSON.stringify(analyticsEvent(index))]);
    const invalid = Array.from({ length: 80 }, (_, index) => ["data", JSON.stringify(withSource(index, "FAX"))]);
    await produce(redis.client, names.stream, [...valid, ...invalid]);
    const handle = await consume(options(names, { batch: 10, maxInvalidRatio: 0.5, ratioWindow: 20, ratioMinimum: 20 }));
    const result = await handle.closed;
    // Batches of 10: two valid, then one invalid batch at exactly 50% (not above), then the next batch trips.
    expect(result.reason).toBe("invalid-ratio");
    if (result.reason !== "invalid-ratio") return;
    expect(result.counts).toEqual({ valid: 20, invalid: 10, malformed: 0, claimed: 0, handlerFailures: 0, deliveryLimit: 0 });
    expect(result.trip).toEqual({ ratio: 11 / 20, invalid: 11, seen: 20, window: 20, minimum: 20, threshold: 0.5 });
    expect(result.leftPending).toBe(70);
    expect(result.message).toBe(`stopped consuming ${names.stream}: 55.0% of the last 20 entries were invalid (11 of 20), above the maximum invalid ratio 0.5 (50.0%) over a window of 20 entries (minimum 20); 70 entries left for the group (pending or not yet read), none of them dead-lettered`);
    expect(await redis.client.xlen(names.out)).toBe(20);
    expect(await redis.client.xlen(names.dlq)).toBe(10);
    // The tripping batch is pending, and so may be the next one, already read ahead; the rest is not yet delivered.
    const pending = await pendingCount(redis.client, names.stream, names.group);
    expect([10, 20]).toContain(pending);
    const [group] = (await redis.client.call("XINFO", "GROUPS", names.stream)) as unknown[][];
    expect(pending + Number(group![group!.indexOf("lag") + 1])).toBe(70);
  });
});

describe("metrics", () => {
  it("counts entries by schema and outcome, errors by keyword, latency, and reads pending and lag from XINFO GROUPS", async () => {
    const names = keys();
    const bad = withSource(1, "FAX");
    delete bad.event_name;
    await produce(redis.client, names.stream, [
      ...Array.from({ length: 30 }, (_, index) => ["data", JSON.stringify(analyticsEvent(index))]),
      ["data", JSON.stringify(bad)], ["data", "nope"],
    ]);
    const handle = await consume(options(names));
    await waitFor(async () => (await redis.client.xlen(names.dlq)) === 2, "two dead letters");
    await handle.stop();
    const text = await handle.metrics.registry.metrics();
    const lines = text.split("\n").filter((line) => line.startsWith("analytics_streams_") && !line.includes("_bucket"));
    expect(lines).toEqual(expect.arrayContaining([
      `analytics_streams_entries_total{stream="${names.stream}",schema="AnalyticsEvent",outcome="valid",consumer="c1"} 30`,
      `analytics_streams_entries_total{stream="${names.stream}",schema="AnalyticsEvent",outcome="invalid",consumer="c1"} 1`,
      `analytics_streams_entries_total{stream="${names.stream}",schema="none",outcome="malformed",consumer="c1"} 1`,
      `analytics_streams_validation_errors_total{stream="${names.stream}",schema="AnalyticsEvent",keyword="required",consumer="c1"} 1`,
      `analytics_streams_validation_errors_total{stream="${names.stream}",schema="AnalyticsEvent",keyword="enum",consumer="c1"} 1`,
      `analytics_streams_processing_seconds_count{consumer="c1",stream="${names.stream}"} 32`,
    ]));
  });

  it("reports the group's pending and lag at scrape time", async () => {
    const names = keys();
    await produce(redis.client, names.stream, [["data", JSON.stringify(analyticsEvent(1))]]);
    let release!: () => void;
    // The handler holds the first entry (pending); of the two produced meanwhile, the read ahead (blocking long
    // enough to see them on a slow machine) holds one more (pending), and the rest is not delivered yet (lag).
    const handle = await consume(options(names, { out: undefined, batch: 1, blockMs: 10_000, handler: () => new Promise<void>((resolve) => (release = resolve)) }));
    await waitFor(async () => release !== undefined, "the handler call");
    await produce(redis.client, names.stream, [["data", "{}"], ["data", "{}"]]);
    await waitFor(async () => (await pendingCount(redis.client, names.stream, names.group)) === 2, "the read ahead");
    const text = await handle.metrics.registry.metrics();
    release();
    await handle.stop();
    const gauge = (name: string) => Number(new RegExp(`^${name}\\{stream="${names.stream}",group="validators",consumer="c1"\\} (\\d+)$`, "m").exec(text)?.[1]);
    expect(gauge("analytics_streams_group_pending")).toBe(2);
    expect(gauge("analytics_streams_group_lag")).toBe(1);
  });
});
