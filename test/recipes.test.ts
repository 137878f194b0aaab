// The README's pre-commit hook and CI job, run as written in a scratch copy of this repository.

import { execFileSync, spawnSync } from "node:child_process";
import { chmod, cp, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "./helpers/cli.js";

let scratch = "";
let readme = "";

function block(start: string): string {
  const at = readme.indexOf(start);
  if (at === -1) throw new Error(`README has no block starting ${start}`);
  return readme.slice(at + start.indexOf("\n") + 1, readme.indexOf("```", at + start.length));
}

function runSteps(yaml: string): string[] {
  const steps: string[] = [];
  const lines = yaml.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const match = /^(\s*)- run: (.*)$/.exec(lines[index]!);
    if (!match) continue;
    if (match[2] !== "|") {
      steps.push(match[2]!);
      continue;
    }
    const body: string[] = [];
    while (index + 1 < lines.length && /^\s{10}/.test(lines[index + 1]!)) body.push(lines[++index]!.slice(10));
    steps.push(body.join("\n"));
  }
  return steps;
}

const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd: scratch, stdio: "pipe" });
const shell = (program: string, script: string) => spawnSync(program, ["-c", script], { cwd: scratch, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });

beforeAll(async () => {
  readme = await readFile(path.join(REPO_ROOT, "README.md"), "utf8");
  scratch = await mkdtemp(path.join(os.tmpdir(), "schemagen-recipes-"));
  for (const entry of ["schemas", "generated", "codegen", "test/fixtures/domains", "package.json", "tsconfig.json"]) {
    await cp(path.join(REPO_ROOT, entry), path.join(scratch, entry), { recursive: true });
  }
  await symlink(path.join(REPO_ROOT, "node_modules"), path.join(scratch, "node_modules"), "dir");
  git("init", "-q", "-b", "main");
  git("add", ".");
  git("commit", "-qm", "schemas");
  git("update-ref", "refs/remotes/origin/main", "HEAD");
}, 60_000);

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe("README recipes", () => {
  it("the CI job's steps pass on the repository as it is, with its config file", async () => {
    await writeFile(path.join(scratch, "schemagen.config.json"), block('```json\n{\n  "$schema": "./node_modules/schemagen/schemagen.config.schema.json"'));
    const steps = runSteps(block("```yaml\nname: schemas")).filter((step) => step !== "npm ci");
    expect(steps.length).toBe(4);
    expect(shell("bash", "npx schemagen lint").stdout).toBe("schemagen lint: 0 error(s), 0 warning(s)\n");
    for (const step of steps) {
      const result = shell("bash", step.replace("${{ github.base_ref }}", "main"));
      expect(result.status, `${step}\n${result.stdout}${result.stderr}`).toBe(0);
    }
  }, 120_000);

  it("the pre-commit hook passes a clean tree and stops a change that breaks BACKWARD", async () => {
    const hook = block("```sh\n#!/bin/sh");
    const hookFile = path.join(scratch, ".git/hooks/pre-commit");
    await writeFile(hookFile, "#!/bin/sh\n" + hook);
    await chmod(hookFile, 0o755);
    expect(shell("sh", hookFile).status).toBe(0);

    const file = path.join(scratch, "schemas/realtime/stream-event.json");
    const schema = JSON.parse(await readFile(file, "utf8"));
    schema.properties.offset = { ...schema.properties.offset, maximum: 9007199254740991 };
    await writeFile(file, JSON.stringify(schema, null, 2) + "\n");
    expect(shell("sh", "npx schemagen generate").status).toBe(0);
    const stopped = shell("sh", hookFile);
    expect(stopped.status).toBe(1);
    expect(stopped.stdout).toMatch(/realtime\/stream-event\.json:\d+:\d+: breaks backward bound-added at StreamEvent\.offset: maximum 9007199254740991 added/);
  }, 120_000);
});
