import { execFileSync } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildSchemaModel, diff } from "../codegen/index.js";
import { breaksLevel, formatDiff } from "../codegen/diff/index.js";
import { ruleTableRows } from "../codegen/diff/kinds.js";
import { compileInProcess } from "../codegen/emit/validators.js";
import { REPO_ROOT, runCli } from "./helpers/cli.js";
import { mutations, sampleValues } from "./helpers/sample.js";

const FIXTURES = path.join(REPO_ROOT, "test/fixtures/diff");
const OLD = path.join(FIXTURES, "old");
const NEW = path.join(FIXTURES, "new");
const EXPECTED = path.join(FIXTURES, "expected.txt");
const temporary: string[] = [];
afterAll(async () => {
  for (const folder of temporary) await rm(folder, { recursive: true, force: true });
});

async function tempFolder(): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), "schemagen-diff-test-"));
  temporary.push(folder);
  return folder;
}

/** Value path segments, with every array position as "[]": "tags[0]" and "/tags/0" both give ["tags", "[]"]. */
function segments(path: string, pointer = false): string[] {
  const parts = pointer ? path.split("/").slice(1) : path.replace(/\[\d*\]/g, ".[]").split(".").filter(Boolean);
  return parts.map((part) => (/^\d+$/.test(part) ? "[]" : part));
}

const COMPOSITE_KEYWORDS = new Set(["not", "anyOf", "oneOf", "allOf", "if", "then", "else", "dependentSchemas", "dependentRequired"]);
// Changes whose errors surface below them, under the inner keyword that failed (a new allOf branch's `required`).
const COMPOSITE_KINDS = /^(product|sum|combined|condition|dependency|subschema|content-model|ref|keyword|schema|dialect)-/;

/** Whether a reported change can be what made a validator reject a value with this error. */
function explains(change: { path: string; kind: string }, error: { instancePath: string; keyword: string; params: Record<string, unknown> }): boolean {
  const named = error.params.missingProperty ?? error.params.additionalProperty;
  const failed = [...segments(error.instancePath, true), ...(typeof named === "string" ? [named] : [])];
  const changed = segments(change.path);
  const matches = (a: string[], b: string[]) => a.every((part, position) => part === b[position] || part === "*" || b[position] === "*");
  if (changed.length === failed.length && matches(changed, failed)) return true;
  // A combinator or extension keyword fails where it stands, for a change somewhere below it.
  if ((COMPOSITE_KEYWORDS.has(error.keyword) || error.keyword.startsWith("x-")) && changed.length >= failed.length && matches(failed, changed)) return true;
  return COMPOSITE_KINDS.test(change.kind) && changed.length <= failed.length && matches(changed, failed);
}

describe("schemagen diff: every change classified for BACKWARD, FORWARD and FULL", () => {
  it("reports each change of the fixture pair at its place, with its verdict (golden file)", async () => {
    const report = await diff({ old: "test/fixtures/diff/old", new: "test/fixtures/diff/new", cwd: REPO_ROOT });
    const text = formatDiff(report, "text");
    if (process.env.UPDATE_GOLDEN) await writeFile(EXPECTED, text);
    expect(text).toBe(await readFile(EXPECTED, "utf8"));
    // The fixture exercises most kinds; the rest are covered by the checks below and the README table.
    expect(new Set(report.changes.map((change) => change.kind)).size).toBeGreaterThanOrEqual(22);
  });

  it("swapping OLD and NEW swaps BACKWARD and FORWARD (files added or removed aside)", async () => {
    const forward = await diff({ old: OLD, new: NEW });
    const backward = await diff({ old: NEW, new: OLD });
    const verdicts = (changes: typeof forward.changes, swap: boolean) =>
      changes
        .filter((change) => change.effect !== "none" && change.kind !== "schema-added" && change.kind !== "schema-removed")
        .map((change) => `${change.schema} ${change.path} ${swap ? change.forward : change.backward} ${swap ? change.backward : change.forward}`)
        .sort();
    expect(verdicts(backward.changes, true)).toEqual(verdicts(forward.changes, false));
  });

  it("is sound on sampled data: each error one version gives on what the other accepts is a change reported as breaking that way", async () => {
    const [before, after] = [await buildSchemaModel({ schemas: OLD, baseUri: "https://x.invalid/" }), await buildSchemaModel({ schemas: NEW, baseUri: "https://x.invalid/" })];
    const report = await diff({ old: OLD, new: NEW });
    const [validateOld, validateNew] = [compileInProcess(before.index, { allErrors: true }), compileInProcess(after.index, { allErrors: true })];
    const missed: string[] = [];
    let disagreements = 0;
    for (const was of before.names.all.filter((named) => named.pointer === "")) {
      const is = after.names.all.find((named) => named.pointer === "" && named.resource.file.path === was.resource.file.path);
      if (!is) continue;
      const drawn = [...sampleValues(before.index, was, 120, 1), ...sampleValues(after.index, is, 120, 2)];
      const values = [...drawn, ...drawn.slice(0, 40).flatMap((value, index) => mutations(value, index))];
      const [oldValidator, newValidator] = [validateOld(was.resource.uri)!, validateNew(is.resource.uri)!];
      for (const value of values) {
        const [oldAccepts, newAccepts] = [oldValidator(value), newValidator(value)];
        if (oldAccepts === newAccepts) continue;
        disagreements++;
        const direction = oldAccepts ? "backward" : "forward";
        // Every error of the rejecting version must be explained by a change reported as breaking that direction.
        for (const error of (oldAccepts ? newValidator : oldValidator).errors!) {
          const reported = report.changes.some((change) => change.schema === is.name && !change[direction] && explains(change, error));
          if (!reported) missed.push(`${is.name}: ${direction} broken at ${error.instancePath} (${error.keyword}) by ${JSON.stringify(value)}`);
        }
      }
    }
    expect(disagreements).toBeGreaterThan(50);
    expect(missed).toEqual([]);
  });

  it("finds no change between a folder and itself, and exits 0", async () => {
    expect((await diff({ old: "schemas", new: "schemas", cwd: REPO_ROOT })).changes).toEqual([]);
    const same = runCli(["diff", "schemas", "."]);
    expect(same.status).toBe(0);
    expect(same.stdout).toBe("schemagen diff schemas → .: 0 change(s), 0 break backward, 0 break forward; backward: compatible\n");
  });

  it("--level decides the exit code", async () => {
    const report = await diff({ old: OLD, new: NEW });
    const onlyWidening = report.changes.filter((change) => change.backward);
    expect(onlyWidening.some((change) => breaksLevel(change, "forward"))).toBe(true);
    expect(onlyWidening.some((change) => breaksLevel(change, "backward"))).toBe(false);

    const folder = await tempFolder();
    for (const version of ["old", "new"]) await cp(path.join(OLD, "common"), path.join(folder, version, "common"), { recursive: true });
    const order = JSON.parse(await readFile(path.join(OLD, "orders/order.json"), "utf8"));
    await writeFile(path.join(folder, "old/order.json"), JSON.stringify(order, null, 2));
    order.properties.id.maxLength = 64; // widens only
    await writeFile(path.join(folder, "new/order.json"), JSON.stringify(order, null, 2));
    const args = ["diff", path.join(folder, "old"), path.join(folder, "new")];
    expect(runCli(args).status).toBe(0);
    expect(runCli([...args, "--level", "backward"]).status).toBe(0);
    const forward = runCli([...args, "--level", "forward"]);
    expect(forward.status).toBe(1);
    expect(forward.stdout).toMatch(/order\.json:\d+:\d+: breaks forward bound-relaxed at Order\.id: maxLength 32 → 64\n/);
    expect(runCli([...args, "--level", "full"]).status).toBe(1);
  });

  it("json and github output", () => {
    const json = runCli(["diff", OLD, NEW, "--format", "json"]);
    expect(json.status).toBe(1);
    const parsed = JSON.parse(json.stdout);
    expect(parsed).toMatchObject({ level: "backward", compatible: false, breaking: 13 });
    expect(parsed.changes.find((change: { kind: string }) => change.kind === "enum-narrowed")).toMatchObject({
      schema: "Order", path: "status", file: "orders/order.json", line: 11, column: 17, backward: false, forward: true,
    });
    const github = runCli(["diff", OLD, NEW, "--format", "github"], { cwd: REPO_ROOT });
    expect(github.stdout).toContain(
      "::error file=test/fixtures/diff/new/orders/order.json,line=11,col=17,title=enum-narrowed (breaks backward)::Order.status: no longer allows \"SHIPPED\"\n",
    );
    expect(github.stdout).toContain("::notice file=test/fixtures/diff/new/orders/order.json,line=16,col=16,title=type-extended (breaks forward)::");
    expect(github.stdout).not.toContain("annotation-changed");
  });

  it("reads OLD from a git ref: `schemagen diff HEAD .` in a repository", async () => {
    const repo = await tempFolder();
    const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd: repo, stdio: "pipe" });
    git("init", "-q");
    await cp(OLD, path.join(repo, "schemas"), { recursive: true });
    git("add", ".");
    git("commit", "-qm", "v1");
    await rm(path.join(repo, "schemas"), { recursive: true });
    await cp(NEW, path.join(repo, "schemas"), { recursive: true });
    const fromGit = runCli(["diff", "HEAD", "."], { cwd: repo });
    const fromFolders = runCli(["diff", OLD, NEW]);
    expect(fromGit.status).toBe(1);
    const body = (output: string) => output.split("\n").slice(0, -2).map((line) => line.replace(/^.*?:(orders\/refund\.json)/, "$1"));
    expect(body(fromGit.stdout)).toEqual(body(fromFolders.stdout));
    expect(fromGit.stdout).toContain("HEAD:orders/refund.json:1:1: breaks backward+forward schema-removed at Refund");

    const unknown = runCli(["diff", "no-such-ref", "."], { cwd: repo });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('"no-such-ref" is neither a folder nor a git ref: no such folder, and git knows no commit "no-such-ref" here');
    const wrongFolder = runCli(["diff", "HEAD", ".", "--schemas", "contracts"], { cwd: repo });
    expect(wrongFolder.status).toBe(2);
    expect(wrongFolder.stderr).toContain("no *.json schema files under contracts in HEAD");
  });

  it("bad input exits 2 with a clear message: a folder without schemas, a renamed schema, a broken schema", async () => {
    const empty = await tempFolder();
    const noSchemas = runCli(["diff", empty, NEW]);
    expect(noSchemas.status).toBe(2);
    expect(noSchemas.stderr).toContain(`no *.json schema files under ${empty}`);

    const folder = await tempFolder();
    await cp(OLD, path.join(folder, "old"), { recursive: true });
    await cp(OLD, path.join(folder, "new"), { recursive: true });
    await cp(path.join(OLD, "orders/event.json"), path.join(folder, "new/orders/events.json"));
    await rm(path.join(folder, "new/orders/event.json"));
    const renamed = runCli(["diff", path.join(folder, "old"), path.join(folder, "new")]);
    expect(renamed.status).toBe(2);
    expect(renamed.stderr).toContain("orders/events.json: error schema-renamed: orders/event.json seems renamed to orders/events.json");

    await mkdir(path.join(folder, "broken"));
    await writeFile(path.join(folder, "broken/a.json"), '{ "type": "strin" }');
    const broken = runCli(["diff", path.join(folder, "broken"), NEW]);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/broken:a\.json:1:3: error metaschema-violation at \/type/);
    expect(runCli(["diff", OLD]).status).toBe(2);
    expect(runCli(["diff", OLD, NEW, "--level", "sideways"]).status).toBe(2);
  });

  it("compares enums of thousands of values by value: keys in another order are no change, one value swapped is named", async () => {
    const folder = await tempFolder();
    const values = (swap: boolean, reorder: boolean) => [
      ...[...Array(3000).keys()].map((index) => (swap && index === 1234 ? "w1234" : `v${index}`)),
      reorder ? { level: 2, code: "A" } : { code: "A", level: 2 },
    ];
    const write = async (version: string, swap: boolean, reorder: boolean) => {
      await mkdir(path.join(folder, version), { recursive: true });
      await writeFile(path.join(folder, version, "e.json"), JSON.stringify({ $id: "https://t.example/e.json", title: "Big", enum: values(swap, reorder) }));
    };
    await write("old", false, false);
    await write("same", false, true);
    await write("new", true, true);
    expect((await diff({ old: path.join(folder, "old"), new: path.join(folder, "same"), schemas: "." })).changes).toEqual([]);
    const { changes } = await diff({ old: path.join(folder, "old"), new: path.join(folder, "new"), schemas: "." });
    expect(changes.map((change) => [change.kind, change.message])).toEqual([["enum-changed", 'no longer allows "v1234"; now also allows "w1234"']]);
    // A message lists eight values, then how many more.
    await writeFile(path.join(folder, "same", "e.json"), JSON.stringify({ $id: "https://t.example/e.json", title: "Big", enum: ["v0"] }));
    const { changes: cut } = await diff({ old: path.join(folder, "old"), new: path.join(folder, "same"), schemas: "." });
    expect(cut.map((change) => [change.kind, change.message])).toEqual([["enum-narrowed", 'no longer allows "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", … (2992 more)']]);
  });

  it("the README's rule table lists every kind of change with its verdicts", async () => {
    const readme = await readFile(path.join(REPO_ROOT, "README.md"), "utf8");
    for (const row of ruleTableRows()) expect(readme).toContain(row + "\n");
  });
});
