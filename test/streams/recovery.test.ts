// At-least-once under a crash: a consumer killed with SIGKILL mid-stream leaves entries pending; another consumer of
// the group reclaims them with XAUTOCLAIM. Every produced entry ends up forwarded or dead-lettered, and since the
// commit skips entries no longer pending, none twice (the documented window for an output stream is zero).

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedisServer, type RedisServer } from "./redis-server.js";
import { analyticsEvent, pendingCount, produce, readStream, startCli, waitFor } from "./streams-helpers.js";

let redis: RedisServer;

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

async function pendingOf(stream: string, consumer: string): Promise<number> {
  const entries = (await redis.client.xpending(stream, "g", "-", "+", 10_000, consumer)) as unknown[];
  return entries.length;
}

describe("a consumer killed mid-stream", () => {
  it("has its pending entries reclaimed by another consumer: forwarded + dead-lettered = produced, no duplicates", async () => {
    const stream = "crash";
    const entry = (index: number) =>
      ["data", index % 10 === 3 ? JSON.stringify({ ...analyticsEvent(index), event_name: "Bad Name" }) : JSON.stringify(analyticsEvent(index))];
    const ids: string[] = [];
    const produceMore = async (count: number) => {
      ids.push(...(await produce(redis.client, stream, Array.from({ length: count }, (_, offset) => entry(ids.length + offset)))));
    };
    await produceMore(3_000);
    const args = (name: string) => ["consume", "--redis", redis.url, "--stream", stream, "--group", "g", "--out", `${stream}.valid`, "--dlq", `${stream}.dlq`,
      "--schema", "AnalyticsEvent", "--consumer", name, "--batch", "100", "--block-ms", "100", "--claim-idle-ms", "300", "--claim-interval-ms", "100"];
    const doomed = startCli(args("doomed"));
    const survivor = startCli(args("survivor"));
    await doomed.waitForStderr(/consuming/);
    await survivor.waitForStderr(/consuming/);
    const committed = async () => (await redis.client.xlen(`${stream}.valid`)) + (await redis.client.xlen(`${stream}.dlq`));
    await waitFor(async () => (await committed()) >= 600, "600 entries committed");

    // Freeze the doomed consumer at a moment it holds a batch, so the kill provably strands entries. The stream is
    // topped up while we try: once both consumers drain it, there is no batch left to catch in hand.
    let stranded = 0;
    for (const deadline = Date.now() + 15_000; Date.now() < deadline && stranded === 0;) {
      doomed.child.kill("SIGSTOP");
      // A commit the consumer sent just before it stopped may still be on its way to Redis: count once it has landed.
      if ((await pendingOf(stream, "doomed")) > 0) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        stranded = await pendingOf(stream, "doomed");
      }
      if (stranded === 0) {
        doomed.child.kill("SIGCONT");
        if ((await committed()) >= ids.length - 1_000) await produceMore(1_000);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    }
    expect(stranded).toBeGreaterThan(0);
    doomed.child.kill("SIGKILL");
    expect((await doomed.exited).signal).toBe("SIGKILL");

    const produced = ids.length;
    await waitFor(async () => (await committed()) >= produced && (await pendingCount(redis.client, stream, "g")) === 0, "every entry committed, none pending");
    survivor.child.kill("SIGTERM");
    expect((await survivor.exited).code).toBe(0);
    const reclaimed = Number(/(\d+) reclaimed/.exec(survivor.stderr())![1]);
    expect(reclaimed).toBeGreaterThanOrEqual(stranded);

    const forwarded = (await readStream(redis.client, `${stream}.valid`)).map((entry) => entry.fields.source_id!);
    const dead = (await readStream(redis.client, `${stream}.dlq`)).map((entry) => entry.fields.source_id!);
    const all = [...forwarded, ...dead];
    const duplicates = all.length - new Set(all).size;
    expect(duplicates).toBe(0);
    expect(new Set(all)).toEqual(new Set(ids));
    expect(new Set(dead)).toEqual(new Set(ids.filter((_, index) => index % 10 === 3)));
    expect(await pendingOf(stream, "doomed")).toBe(0);
  });
});
