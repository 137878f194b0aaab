// What the streams tests share: producing AnalyticsEvents into a stream, reading a stream back as objects, and
// running the analytics-streams CLI from source as a child process.

import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { Redis } from "ioredis";
import { analyticsEvent } from "../helpers/analytics-events.js";
import { REPO_ROOT } from "../helpers/cli.js";

export { analyticsEvent };

/** XADDs entries in pipelines of 500; returns their ids in order. */
export async function produce(client: Redis, stream: string, entries: readonly (readonly string[])[]): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < entries.length; start += 500) {
    const pipeline = client.pipeline();
    for (const fields of entries.slice(start, start + 500)) pipeline.xadd(stream, "*", ...fields);
    for (const [error, id] of (await pipeline.exec())!) {
      if (error) throw error;
      ids.push(id as string);
    }
  }
  return ids;
}

export interface ReadEntry {
  id: string;
  fields: Record<string, string>;
}

export async function readStream(client: Redis, stream: string): Promise<ReadEntry[]> {
  const entries = (await client.xrange(stream, "-", "+")) as [string, string[]][];
  return entries.map(([id, list]) => {
    const fields: Record<string, string> = {};
    for (let index = 0; index < list.length; index += 2) fields[list[index]!] ??= list[index + 1]!;
    return { id, fields };
  });
}

export async function pendingCount(client: Redis, stream: string, group: string): Promise<number> {
  const summary = (await client.xpending(stream, group)) as [number, ...unknown[]];
  return Number(summary[0]);
}

export async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export interface CliProcess {
  child: ChildProcess;
  stderr: () => string;
  stdout: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the stderr line that matches. */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

/** node --import tsx streams/src/cli.ts ARGS: the CLI from source, so the tests need no build. */
export function startCli(args: string[], options: { cwd?: string } = {}): CliProcess {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "streams/src/cli.ts"), ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return watch(child);
}

export function watch(child: ChildProcess): CliProcess {
  let stderr = "";
  let stdout = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("close", (code, signal) => resolve({ code, signal })));
  return {
    child,
    stderr: () => stderr,
    stdout: () => stdout,
    exited,
    async waitForStderr(pattern, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(stderr);
        if (match) return match;
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`no stderr line matching ${pattern}; stderr so far:\n${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
  };
}

export async function runCli(args: string[], options: { cwd?: string } = {}): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const cli = startCli(args, options);
  const { code } = await cli.exited;
  return { code, stderr: cli.stderr(), stdout: cli.stdout() };
}
