// analytics-streams as a service gets it: packed, installed with analytics-schemas into an empty project, its bin run
// against a real redis-server, and the README's API example run, with no codegen toolchain in node_modules.

import { execFileSync } from "node:child_process";
import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/cli.js";
import { startRedisServer, type RedisServer } from "./redis-server.js";
import { analyticsEvent, produce, readStream, waitFor, watch } from "./streams-helpers.js";

const NPM_FLAGS = ["--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"];
let work: string;
let project: string;
let redis: RedisServer;

function pack(args: string[]): string {
  const output = execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work, ...args], { cwd: REPO_ROOT, encoding: "utf8" });
  return path.join(work, (JSON.parse(output) as { filename: string }[])[0]!.filename);
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "analytics-streams-package-"));
  // Built here, into streams/dist, which only this file uses: the other tests run the source.
  execFileSync(process.execPath, [path.join(REPO_ROOT, "node_modules/typescript/bin/tsc"), "-p", path.join(REPO_ROOT, "streams/tsconfig.json")]);
  const contracts = pack([]);
  const streams = pack(["--workspace", "analytics-streams"]);
  project = path.join(work, "service");
  execFileSync("mkdir", ["-p", project]);
  await writeFile(path.join(project, "package.json"), JSON.stringify({ name: "service", private: true, type: "module" }));
  execFileSync("npm", ["install", ...NPM_FLAGS, contracts, streams], { cwd: project });
  redis = await startRedisServer();
}, 240_000);

afterAll(async () => {
  await redis?.stop();
  await rm(work, { recursive: true, force: true });
});

describe("analytics-streams, installed", () => {
  it("ships dist, the README and the dashboard, and pulls in no part of the codegen toolchain", async () => {
    const installed = await readdir(path.join(project, "node_modules"));
    for (const heavy of ["ajv", "json-schema-to-typescript", "typescript", "esbuild", "schemagen", "tsx", "prettier"]) expect(installed).not.toContain(heavy);
    expect(installed).toEqual(expect.arrayContaining(["analytics-streams", "analytics-schemas", "ioredis", "prom-client", "commander"]));
    const files = await readdir(path.join(project, "node_modules/analytics-streams"), { recursive: true });
    expect(files).toEqual(expect.arrayContaining(["README.md", "grafana-dashboard.json", "dist/cli.js", "dist/index.d.ts", "dist/core/index.js"]));
    expect(files.filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"))).toEqual([]);
  });

  it("runs consume from its bin, finding the schemas in the installed analytics-schemas", async () => {
    const ids = await produce(redis.client, "bin", [["data", JSON.stringify(analyticsEvent(1))], ["data", "{}"]]);
    const cli = watch(spawn(path.join(project, "node_modules/.bin/analytics-streams"), ["consume", "--redis", redis.url, "--stream", "bin", "--group", "g", "--schema", "AnalyticsEvent", "--out", "bin.valid", "--dlq", "bin.dlq", "--block-ms", "100"], { cwd: project, stdio: ["ignore", "pipe", "pipe"] }));
    await waitFor(async () => (await redis.client.xlen("bin.valid")) === 1 && (await redis.client.xlen("bin.dlq")) === 1, "one forwarded, one dead-lettered");
    cli.child.kill("SIGTERM");
    expect((await cli.exited).code).toBe(0);
    expect(cli.stderr()).toContain("stopped on SIGTERM, batch in hand committed: 1 valid, 1 invalid, 0 malformed, 0 reclaimed");
    expect((await readStream(redis.client, "bin.valid"))[0]!.fields.source_id).toBe(ids[0]);
    expect((await readStream(redis.client, "bin.dlq"))[0]!.fields).toMatchObject({ reason: "invalid", source_id: ids[1], schema: "AnalyticsEvent" });
  });

  it("runs the README's API example", async () => {
    const readme = await readFile(path.join(REPO_ROOT, "streams/README.md"), "utf8");
    const script = /```js\n(\/\/ service\.mjs[\s\S]*?)```/.exec(readme)![1]!;
    await writeFile(path.join(project, "service.mjs"), script);
    const [first] = await produce(redis.client, "events", [["data", JSON.stringify(analyticsEvent(4))], ["data", "nope"]]);
    const output = execFileSync(process.execPath, ["service.mjs"], { cwd: project, encoding: "utf8", env: { ...process.env, REDIS_URL: redis.url, RUN_MS: "500" } });
    expect(JSON.parse(output)).toEqual({ reason: "stopped", counts: { valid: 1, invalid: 0, malformed: 1, claimed: 0, handlerFailures: 0, deliveryLimit: 0 }, handled: [[first, analyticsEvent(4).event_name]] });
    expect((await readStream(redis.client, "events.dlq"))[0]!.fields.reason).toBe("malformed-json");
  });
});
