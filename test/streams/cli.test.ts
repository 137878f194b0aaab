// The analytics-streams CLI as a child process: SIGTERM drains and exits 0, the ratio guard exits 1 with its reason,
// bad usage exits 2 with a message, and /metrics from two processes sums to what was produced.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startRedisServer, type RedisServer } from "./redis-server.js";
import { analyticsEvent, pendingCount, produce, readStream, runCli, startCli, waitFor } from "./streams-helpers.js";

let redis: RedisServer;
let counter = 0;

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

function keyArgs() {
  const stream = `cli-${++counter}`;
  return { stream, args: ["--redis", redis.url, "--stream", stream, "--group", "g", "--out", `${stream}.valid`, "--dlq", `${stream}.dlq`, "--block-ms", "200"] };
}

function invalid(index: number): string {
  const event = analyticsEvent(index);
  return JSON.stringify({ ...event, event_type: "NOT_A_TYPE" });
}

describe("consume: stopping", () => {
  it("drains on SIGTERM: the batch in hand is committed, nothing stays pending, exit 0", async () => {
    const { stream, args } = keyArgs();
    const cli = startCli(["consume", ...args, "--schema", "AnalyticsEvent", "--consumer", "one", "--batch", "50"]);
    await cli.waitForStderr(/consuming/);
    const total = 10_000;
    const producing = produce(redis.client, stream, Array.from({ length: total }, (_, index) => ["data", index % 10 === 0 ? invalid(index) : JSON.stringify(analyticsEvent(index))]));
    await waitFor(async () => (await redis.client.xlen(`${stream}.valid`)) > 200, "the consumer under way");
    cli.child.kill("SIGTERM");
    await producing;
    const { code, signal } = await cli.exited;
    expect([code, signal]).toEqual([0, null]);
    expect(await pendingCount(redis.client, stream, "g")).toBe(0);
    const valid = await redis.client.xlen(`${stream}.valid`);
    const dead = await redis.client.xlen(`${stream}.dlq`);
    const summary = /stopped on SIGTERM, batch in hand committed: (\d+) valid, (\d+) invalid, 0 malformed, 0 reclaimed/.exec(cli.stderr());
    expect(summary?.slice(1).map(Number)).toEqual([valid, dead]);
    expect(valid + dead).toBeLessThan(total); // it stopped mid-stream, and what it read it committed
  });
});

describe("consume: the invalid-ratio guard", () => {
  it("exits 1 naming the ratio, the window and the threshold, with the rest left pending", async () => {
    const { stream, args } = keyArgs();
    await produce(redis.client, stream, [
      ...Array.from({ length: 20 }, (_, index) => ["data", JSON.stringify(analyticsEvent(index))]),
      ...Array.from({ length: 80 }, (_, index) => ["data", invalid(index)]),
    ]);
    const result = await runCli(["consume", ...args, "--schema", "analytics/event.json", "--batch", "10", "--max-invalid-ratio", "0.5", "--ratio-window", "20", "--ratio-minimum", "20"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`analytics-streams consume: stopped consuming ${stream}: 55.0% of the last 20 entries were invalid (11 of 20), above the maximum invalid ratio 0.5 (50.0%) over a window of 20 entries (minimum 20); 70 entries left for the group (pending or not yet read), none of them dead-lettered. Fix the producer, then restart the consumer.`);
    expect(await redis.client.xlen(`${stream}.dlq`)).toBe(10);
    expect([10, 20]).toContain(await pendingCount(redis.client, stream, "g")); // the tripping batch, and maybe the one read ahead
  });
});

describe("consume: --max-deliveries", () => {
  it("dead-letters entries whose forward keeps failing once a restart delivers them past the limit", async () => {
    const { stream, args } = keyArgs();
    const ids = await produce(redis.client, stream, [["data", JSON.stringify(analyticsEvent(1))], ["data", JSON.stringify(analyticsEvent(2))]]);
    // Every XADD to an output stream at the last possible id fails.
    await redis.client.xadd(`${stream}.valid`, "*", "seed", "1");
    await redis.client.call("XSETID", `${stream}.valid`, "18446744073709551615-18446744073709551615");
    const flags = ["consume", ...args, "--schema", "AnalyticsEvent", "--consumer", "one", "--max-deliveries", "1"];
    const first = await runCli(flags);
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/Redis failed: .*exhausted the last possible ID/);
    // Restarted under the same name: the second delivery is over the limit of 1.
    const cli = startCli(flags);
    await waitFor(async () => (await redis.client.xlen(`${stream}.dlq`)) === 2, "two dead letters");
    cli.child.kill("SIGTERM");
    expect((await cli.exited).code).toBe(0);
    expect(cli.stderr()).toContain("stopped on SIGTERM, batch in hand committed: 0 valid, 0 invalid, 0 malformed, 0 reclaimed, 2 at the delivery limit");
    const letters = await readStream(redis.client, `${stream}.dlq`);
    expect(letters.map((letter) => [letter.fields.source_id, letter.fields.reason, letter.fields.deliveries])).toEqual(ids.map((id) => [id, "delivery-limit", "2"]));
    expect(await pendingCount(redis.client, stream, "g")).toBe(0);
  });
});

describe("consume: bad usage exits 2 with a message", () => {
  it("refuses a bad flag value at the flag", async () => {
    const { args } = keyArgs();
    const result = await runCli(["consume", ...args, "--schema", "AnalyticsEvent", "--batch", "zero"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("error: option '--batch <n>' argument 'zero' is invalid. must be a positive integer.\n");
  });
  it("refuses a --max-deliveries that is not a whole number", async () => {
    const { args } = keyArgs();
    for (const value of ["-1", "1.5", "many"]) {
      const result = await runCli(["consume", ...args, "--schema", "AnalyticsEvent", "--max-deliveries", value]);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(`error: option '--max-deliveries <n>' argument '${value}' is invalid. must be a whole number: the most deliveries of an entry before it is dead-lettered (0: no limit).\n`);
    }
  });
  it("names a missing required flag", async () => {
    const result = await runCli(["consume", "--redis", redis.url, "--stream", "s", "--group", "g", "--out", "o", "--schema", "AnalyticsEvent"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("error: required option '--dlq <key>' not specified\n");
  });
  it("refuses a URL that is not redis://", async () => {
    const { args } = keyArgs();
    const result = await runCli(["consume", ...args, "--redis", "http://localhost:6379", "--schema", "AnalyticsEvent"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("error: option '--redis <url>' argument 'http://localhost:6379' is invalid. must be a redis:// or rediss:// URL, not http://.\n");
  });
  it("lists close matches for an unknown schema", async () => {
    const { args } = keyArgs();
    const result = await runCli(["consume", ...args, "--schema", "AnalyticEvent"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("analytics-streams consume: unknown schema 'AnalyticEvent'; did you mean 'AnalyticsEvent'? (a schema is named by its $id, source path, type name or validator name in manifest.json)\n");
  });
  it("needs a schema or a way to choose one", async () => {
    const { args } = keyArgs();
    const result = await runCli(["consume", ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("analytics-streams consume: give --schema REF, or --schema-field / --schema-property to choose a schema per entry\n");
  });
  it("says which Redis it cannot reach", async () => {
    const port = await freePort();
    const { args } = keyArgs();
    const result = await runCli(["consume", ...args, "--redis", `redis://127.0.0.1:${port}`, "--schema", "AnalyticsEvent"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`analytics-streams consume: cannot connect to Redis at redis://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}\n`);
  });
  it("refuses a contracts folder without a manifest", async () => {
    const { args } = keyArgs();
    const result = await runCli(["consume", ...args, "--schema", "AnalyticsEvent", "--contracts", "/nonexistent"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("analytics-streams consume: cannot read /nonexistent/manifest.json: ENOENT (--contracts names a folder with a schemagen manifest.json)\n");
  });
});

describe("consume: metrics from several processes", () => {
  it("serves /metrics per process with a consumer label; the counters summed over both equal the entries produced", async () => {
    const { stream, args } = keyArgs();
    const produced = 1_500;
    const ports = [await freePort(), await freePort()];
    const consumers = ports.map((port, index) =>
      startCli(["consume", ...args, "--schema", "AnalyticsEvent", "--consumer", `worker-${index}`, "--batch", "25", "--metrics-port", String(port), "--metrics-host", "127.0.0.1"]),
    );
    for (const cli of consumers) await cli.waitForStderr(/metrics on http:\/\/127\.0\.0\.1:\d+\/metrics/);
    // Produced once both are reading, so each takes a share instead of the first one taking all.
    const ids = await produce(redis.client, stream, Array.from({ length: produced }, (_, index) => ["data", index % 7 === 0 ? invalid(index) : index % 50 === 1 ? "{" : JSON.stringify(analyticsEvent(index))]));
    await waitFor(async () => (await redis.client.xlen(`${stream}.valid`)) + (await redis.client.xlen(`${stream}.dlq`)) === produced, "every entry committed");
    const scrape = async (index: number) => {
      const response = await fetch(`http://127.0.0.1:${ports[index]}/metrics`);
      expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await response.text();
      const counts = { valid: 0, invalid: 0, malformed: 0 };
      for (const match of text.matchAll(/^analytics_streams_entries_total\{stream="([^"]+)",schema="([^"]+)",outcome="(\w+)",consumer="([^"]+)"\} (\d+)$/gm)) {
        expect([match[1], match[4]]).toEqual([stream, `worker-${index}`]);
        counts[match[3] as keyof typeof counts] += Number(match[5]);
      }
      return { text, counts, total: counts.valid + counts.invalid + counts.malformed };
    };
    // A batch is counted just after its commit returns, so the last one may lag the stream lengths by a moment.
    await waitFor(async () => (await scrape(0)).total + (await scrape(1)).total === produced, "the counters to reach the entries produced");
    const scraped = [await scrape(0), await scrape(1)];
    const totals = { valid: 0, invalid: 0, malformed: 0 };
    for (const { counts } of scraped) for (const outcome of Object.keys(totals) as (keyof typeof totals)[]) totals[outcome] += counts[outcome];
    const perConsumer = scraped.map(({ total }) => total);
    for (const [index, { text }] of scraped.entries()) expect(text).toContain(`analytics_streams_group_pending{stream="${stream}",group="g",consumer="worker-${index}"} 0`);
    for (const cli of consumers) cli.child.kill("SIGTERM");
    for (const cli of consumers) expect((await cli.exited).code).toBe(0);
    const invalidCount = ids.filter((_, index) => index % 7 === 0).length;
    const malformedCount = ids.filter((_, index) => index % 7 !== 0 && index % 50 === 1).length;
    expect(totals).toEqual({ valid: produced - invalidCount - malformedCount, invalid: invalidCount, malformed: malformedCount });
    expect(perConsumer.every((count) => count > 0)).toBe(true); // both took a share
    expect((await readStream(redis.client, `${stream}.dlq`)).length).toBe(invalidCount + malformedCount);
  });
});
