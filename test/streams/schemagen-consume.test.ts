// `schemagen consume`: the same consume command, mounted in the codegen CLI from analytics-streams (an optional peer
// dependency), run from schemagen's built bin against a real redis-server.

import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/cli.js";
import { startRedisServer, type RedisServer } from "./redis-server.js";
import { analyticsEvent, pendingCount, produce, readStream, waitFor, watch } from "./streams-helpers.js";

let redis: RedisServer;

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

const schemagen = (args: string[]) =>
  watch(spawn(process.execPath, [path.join(REPO_ROOT, "codegen/cli/bin.mjs"), ...args], { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] }));

describe("schemagen consume", () => {
  it("forwards valid entries, dead-letters the invalid one at its field, and drains on SIGTERM", async () => {
    const stream = "schemagen-consume";
    const bad = { ...analyticsEvent(3), event_type: "NOT_A_TYPE", colour: "red" };
    await produce(redis.client, stream, [["data", JSON.stringify(analyticsEvent(1))], ["data", JSON.stringify(bad)], ["data", JSON.stringify(analyticsEvent(2))]]);
    const cli = schemagen(["consume", "--redis", redis.url, "--stream", stream, "--group", "g", "--schema", "AnalyticsEvent", "--out", `${stream}.valid`, "--dlq", `${stream}.dlq`, "--block-ms", "100"]);
    await waitFor(async () => (await redis.client.xlen(`${stream}.valid`)) === 2 && (await redis.client.xlen(`${stream}.dlq`)) === 1, "two forwarded, one dead-lettered");
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    expect(cli.stderr()).toMatch(/^schemagen consume: /m);
    expect(await pendingCount(redis.client, stream, "g")).toBe(0);
    const [dead] = await readStream(redis.client, `${stream}.dlq`);
    const errors = JSON.parse(dead!.fields.errors!) as { path: string; keyword: string }[];
    // Every error of the entry, each at its field: the all-errors report of the generated assert.
    expect(errors.map((error) => [error.path, error.keyword])).toEqual([
      ["", "additionalProperties"],
      ["/event_type", "enum"],
    ]);
  });

  it("exits 2 naming a missing required flag", async () => {
    const cli = schemagen(["consume", "--redis", redis.url, "--stream", "s"]);
    expect((await cli.exited).code).toBe(2);
    expect(cli.stderr()).toContain("error: required option");
  });
});
