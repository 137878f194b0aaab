// generate is crash-safe: killed with SIGKILL at any instant, the next command finds generated/ complete (old or
// new), restores it when the swap was cut short, removes what the crash left, and git never sees the staging.

import { execFileSync, spawn } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listFiles } from "../codegen/write.js";
import { REPO_ROOT, runCli } from "./helpers/cli.js";

const BIN = path.join(REPO_ROOT, "codegen/cli/bin.mjs");
const FLAGS = ["--schemas", "schemas", "--out", "generated"];

async function snapshot(folder: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const file of await listFiles(folder)) files.set(file, await readFile(path.join(folder, file), "utf8"));
  return files;
}

const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8" });

/** Which snapshot the folder equals, file for file. */
async function whichOutput(folder: string, outputs: Record<string, Map<string, string>>): Promise<string> {
  const now = await snapshot(folder);
  for (const [label, expected] of Object.entries(outputs)) {
    if (now.size === expected.size && [...expected].every(([file, text]) => now.get(file) === text)) return label;
  }
  return `neither (${now.size} files)`;
}

describe("generate killed at any instant", () => {
  let root: string;
  const outputs: Record<string, Map<string, string>> = {};
  const eventSchema = () => path.join(root, "schemas/analytics/event.json");
  let oldText = "";

  /** A git repository with the old output committed and a schema edited since, so that generate changes every file of its module. */
  async function reset(): Promise<void> {
    await rm(path.join(root, "generated"), { recursive: true, force: true });
    await rm(path.join(root, ".generated.schemagen"), { recursive: true, force: true });
    git(root, "checkout", "-q", "--", "generated");
    await writeFile(eventSchema(), oldText.replace('"description": "', '"description": "Edited. '));
  }

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "schemagen-crash-"));
    await cp(path.join(REPO_ROOT, "schemas"), path.join(root, "schemas"), { recursive: true });
    oldText = await readFile(eventSchema(), "utf8");
    expect(runCli(["generate", ...FLAGS], { cwd: root }).status).toBe(0);
    outputs.old = await snapshot(path.join(root, "generated"));
    git(root, "init", "-q");
    git(root, "add", "-A");
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "old");
    await reset();
    expect(runCli(["generate", ...FLAGS, "--out", "new-output"], { cwd: root }).status).toBe(0);
    outputs.new = await snapshot(path.join(root, "new-output"));
    await rm(path.join(root, "new-output"), { recursive: true });
    expect(outputs.new.size).toBe(outputs.old.size);
    expect(outputs.new.get("analytics/event.d.ts")).not.toBe(outputs.old.get("analytics/event.d.ts"));
  }, 120_000);
  afterAll(() => rm(root, { recursive: true, force: true }));

  const untracked = () => git(root, "status", "--porcelain", "--untracked-files=all").split("\n").filter((line) => line.startsWith("??"));

  for (const [step, leaves] of [
    ["staged", "old"],
    ["complete", "old"],
    ["moved-old", "missing"],
    ["moved-new", "new"],
  ] as const) {
    it(`at "${step}": ${leaves === "missing" ? "generated/ is gone, and the next command restores the complete new output" : `generated/ is the ${leaves} output`}; git sees nothing of the staging`, async () => {
      await reset();
      const killed = runCli(["generate", ...FLAGS], { cwd: root, env: { SCHEMAGEN_TEST_KILL_AT: step } });
      expect(killed.status).toBe(null);
      if (leaves === "missing") expect(existsSync(path.join(root, "generated"))).toBe(false);
      else expect(await whichOutput(path.join(root, "generated"), outputs)).toBe(leaves);
      expect(existsSync(path.join(root, ".generated.schemagen"))).toBe(true);
      expect(untracked()).toEqual([]);

      // Any command settles the folder: lint only reads the manifest.
      expect(runCli(["lint", "--schemas", "schemas"], { cwd: root }).status).toBe(0);
      expect(await whichOutput(path.join(root, "generated"), outputs)).toBe(leaves === "old" ? "old" : "new");
      expect(existsSync(path.join(root, ".generated.schemagen"))).toBe(false);
      expect(untracked()).toEqual([]);
    }, 60_000);
  }

  it("killed at timed moments through a whole run, generated/ is always one complete output after the next command", async () => {
    const seen: string[] = [];
    for (const delay of [150, 400, 700, 1000, 1400, 1900]) {
      await reset();
      const child = spawn(process.execPath, [BIN, "generate", ...FLAGS], { cwd: root, stdio: "ignore" });
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      const timer = setTimeout(() => child.kill("SIGKILL"), delay);
      const code = await exited;
      clearTimeout(timer);
      expect(untracked()).toEqual([]);
      const check = runCli(["check", ...FLAGS], { cwd: root });
      const state = await whichOutput(path.join(root, "generated"), outputs);
      expect(["old", "new"]).toContain(state);
      expect(check.status).toBe(state === "new" ? 0 : 1);
      expect(existsSync(path.join(root, ".generated.schemagen"))).toBe(false);
      seen.push(code === 0 ? "finished" : state);
    }
    // The run is long enough that the early kills land before the swap.
    expect(seen[0]).toBe("old");
  }, 120_000);

  it("a second generate while one is writing refuses with the first one's pid, and a lock left by a dead process is taken over", async () => {
    await reset();
    const work = path.join(root, ".generated.schemagen");
    await mkdir(work);
    await writeFile(path.join(work, "lock"), `${process.pid}\n`);
    const busy = runCli(["generate", ...FLAGS], { cwd: root });
    expect(busy.status).toBe(2);
    expect(busy.stderr).toContain(`generated: error output-busy: another schemagen run (pid ${process.pid}) is writing this folder; if no such process runs, remove ${work}`);
    expect(await whichOutput(path.join(root, "generated"), outputs)).toBe("old");

    const dead = spawn(process.execPath, ["-e", ""]);
    await new Promise((resolve) => dead.on("exit", resolve));
    await writeFile(path.join(work, "lock"), `${dead.pid}\n`);
    expect(runCli(["generate", ...FLAGS], { cwd: root }).status).toBe(0);
    expect(await whichOutput(path.join(root, "generated"), outputs)).toBe("new");
    expect(existsSync(work)).toBe(false);
  }, 60_000);
});
