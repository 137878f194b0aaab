import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyticsEvent, writeEventFile } from "./helpers/analytics-events.js";
import { REPO_ROOT, runCli } from "./helpers/cli.js";

const FIXTURE = path.join(REPO_ROOT, "test/fixtures/validate");
const SCHEMAS = path.join(FIXTURE, "schemas");
let folder = "";
let out = "";

function validate(args: string[], options: { input?: string | Buffer; env?: Record<string, string>; schema?: string } = {}) {
  return runCli(["validate", "--schema", options.schema ?? "Event", "--schemas", SCHEMAS, "--out", out, ...args], {
    cwd: folder,
    ...(options.input !== undefined ? { input: options.input } : {}),
    env: { GITHUB_STEP_SUMMARY: "", ...options.env },
  });
}

async function write(name: string, contents: string | Buffer): Promise<string> {
  const file = path.join(folder, name);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, contents);
  return name;
}

const line = (index: number) => JSON.stringify(analyticsEvent(index));
const withSource = (index: number, source: string) => line(index).replace(/"source":"[A-Z_]+"/, `"source":"${source}"`);
/** 1-based column of the first occurrence of `needle` in `text`. */
const columnOf = (text: string, needle: string) => text.indexOf(needle) + 1;

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), "schemagen-validate-"));
  out = path.join(folder, "generated");
  const generated = runCli(["generate", "--schemas", SCHEMAS, "--out", out]);
  expect(generated.status, generated.stderr).toBe(0);
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true }); // holds a 100 MB and a 120 MB file
});

describe("schemagen validate: every input format", () => {
  it("exits 0 and says so when every NDJSON document is valid", async () => {
    await write("valid.ndjson", [1, 2, 3].map(line).join("\n") + "\n");
    const result = validate(["valid.ndjson"]);
    expect(result.stdout).toBe("schemagen validate: 3 documents in 1 file valid against Event\n");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("reports an invalid NDJSON line with file, line, column of the value, instance path and keyword; exits 1", async () => {
    const bad = withSource(2, "NOPE");
    await write("invalid.ndjson", [line(1), bad, line(3)].join("\n") + "\n");
    const result = validate(["invalid.ndjson"]);
    expect(result.stdout).toContain(
      `invalid.ndjson:2:${columnOf(bad, '"NOPE"')}: invalid at /metadata/source: must be one of "WEB_APP", "IOS_APP"`,
    );
    expect(result.stdout).toMatch(/\(enum\)\n/);
    expect(result.status).toBe(1);
  });

  it("reports a malformed NDJSON line at its line and column, then goes on with the next line", async () => {
    const missing = JSON.stringify({ ...analyticsEvent(3), timestamp: undefined });
    await write("malformed.ndjson", [line(1), '{"event_id": "a",, "x": 1}', missing].join("\n") + "\n");
    const result = validate(["malformed.ndjson"]);
    expect(result.stdout).toContain("malformed.ndjson:2:18: malformed: not valid JSON: Expected double-quoted property name\n");
    expect(result.stdout).toContain("malformed.ndjson:3:1: invalid: missing required property 'timestamp' (required)\n");
    expect(result.stdout).toContain("2 of 3 documents in 1 file failed against Event: 1 invalid, 1 malformed");
    expect(result.status).toBe(1);
  });

  it("reads .jsonl as NDJSON", async () => {
    await write("events.jsonl", `${line(1)}\n${withSource(2, "X")}\n`);
    expect(validate(["events.jsonl"]).stdout).toMatch(/^events\.jsonl:2:\d+: invalid at \/metadata\/source/m);
  });

  it("locates errors in a pretty-printed .json document by line and column, pointing at an unexpected key", async () => {
    const text = JSON.stringify({ ...analyticsEvent(1), colour: "red" }, null, 2);
    await write("pretty.json", text);
    const lines = text.split("\n");
    const row = lines.findIndex((candidate) => candidate.includes('"colour"'));
    const result = validate(["pretty.json"]);
    expect(result.stdout).toContain(`pretty.json:${row + 1}:${columnOf(lines[row]!, '"colour"')}: invalid: unexpected property 'colour' (additionalProperties)`);
    expect(result.status).toBe(1);
  });

  it("validates every document of a YAML stream and locates errors on their YAML line", async () => {
    const first = { ...analyticsEvent(1) };
    const second = { ...analyticsEvent(2), event_type: "WRONG" };
    const yaml = (value: Record<string, unknown>) =>
      Object.entries(value)
        .map(([key, field]) => `${key}: ${JSON.stringify(field)}`)
        .join("\n");
    const text = `${yaml(first)}\n---\n${yaml(second)}\n---\n`;
    await write("events.yaml", text);
    const row = text.split("\n").findIndex((candidate) => candidate.startsWith("event_type: \"WRONG\""));
    const result = validate(["events.yaml"]);
    expect(result.stdout).toContain(`events.yaml:${row + 1}:13: invalid at /event_type: must be one of `);
    expect(result.stdout).toContain("1 of 2 documents in 1 file failed");
    expect(result.status).toBe(1);
  });

  it("reports malformed YAML at its position", async () => {
    await write("broken.yml", "event_id: [1, 2\nname: x\n");
    const result = validate(["broken.yml"]);
    expect(result.stdout).toMatch(/^broken\.yml:\d+:\d+: malformed: not valid YAML: /m);
    expect(result.status).toBe(1);
  });

  it("reads standard input as NDJSON, or as --input-format says", () => {
    const ndjson = validate(["-"], { input: `${line(1)}\n${withSource(2, "NO")}\n` });
    expect(ndjson.stdout).toMatch(/^<stdin>:2:\d+: invalid at \/metadata\/source/m);
    expect(ndjson.status).toBe(1);
    const json = validate(["-", "--input-format", "json"], { input: JSON.stringify(analyticsEvent(1), null, 2) });
    expect(json.stdout).toBe("schemagen validate: 1 document in 1 file valid against Event\n");
    const yaml = validate(["-", "--input-format", "yaml"], { input: "event_id: 1\n" });
    expect(yaml.stdout).toMatch(/^<stdin>:1:1: invalid: missing required property/m);
  });

  it("caps one JSON document (--max-document-bytes, 256 MiB by default) and stops reading there", async () => {
    const endless = validate(["--input-format", "json", "--max-document-bytes", "1048576", "/dev/zero"]);
    expect(endless.stdout).toContain("/dev/zero:1:1: unreadable: more than 1048576 bytes in one document (--max-document-bytes raises the limit)");
    expect(endless.status).toBe(2);
    await write("small.json", JSON.stringify(analyticsEvent(1)));
    expect(validate(["--max-document-bytes", "10", "small.json"]).stdout).toMatch(/^small\.json:1:1: unreadable: more than 10 bytes/m);
    expect(validate(["small.json"]).status).toBe(0);
  });

  it("reads named pipes and process substitution as streams (no seeking)", async () => {
    const input = `${line(1)}\n${withSource(2, "NO")}\n`;
    await write("lines.ndjson", input);
    // bash's <(…) hands the CLI a /dev/fd path to a pipe.
    const bin = path.join(REPO_ROOT, "codegen/cli/bin.mjs");
    const substituted = spawnSync(
      "bash",
      ["-c", `"${process.execPath}" "${bin}" validate --schema Event --schemas "${SCHEMAS}" --out "${out}" --input-format ndjson <(cat lines.ndjson)`],
      { cwd: folder, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", GITHUB_STEP_SUMMARY: "" } },
    );
    expect(substituted.stdout).toMatch(/^\/dev\/fd\/\d+:2:\d+: invalid at \/metadata\/source/m);
    expect(substituted.status).toBe(1);
    const fifo = path.join(folder, "events.fifo");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const writer = spawnSync("bash", ["-c", `cat lines.ndjson > "${fifo}" & "${process.execPath}" "${bin}" validate --schema Event --schemas "${SCHEMAS}" --out "${out}" --input-format ndjson "${fifo}"; status=$?; wait; exit $status`], {
      cwd: folder,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1", GITHUB_STEP_SUMMARY: "" },
    });
    expect(writer.stdout).toMatch(/events\.fifo:2:\d+: invalid at \/metadata\/source/m);
    expect(writer.stdout).toContain("1 of 2 documents");
    expect(writer.status).toBe(1);
  });

  it("searches folders recursively for data files and expands globs, in path order", async () => {
    await write("tree/a.json", JSON.stringify(analyticsEvent(1)));
    await write("tree/sub/b.ndjson", `${line(2)}\n`);
    await write("tree/sub/c.yml", "event_id: 1\n");
    await write("tree/notes.txt", "not data");
    const fromFolder = validate(["tree", "--format", "json"]);
    expect(JSON.parse(fromFolder.stdout).files.map((file: { file: string }) => file.file)).toEqual(["tree/a.json", "tree/sub/b.ndjson", "tree/sub/c.yml"]);
    const fromGlob = validate(["tree/**/*.{json,ndjson}", "--format", "json"]);
    expect(JSON.parse(fromGlob.stdout).files.map((file: { file: string }) => file.file)).toEqual(["tree/a.json", "tree/sub/b.ndjson"]);
    expect(fromGlob.status).toBe(0);
  });

  it("exits 2 for a missing file or a glob that matches nothing, after validating the other inputs", async () => {
    await write("ok.ndjson", `${line(1)}\n`);
    const result = validate(["nothing-*.ndjson", "ok.ndjson", "missing.json"]);
    expect(result.stdout).toContain("nothing-*.ndjson:1:1: unreadable: no .json, .ndjson, .jsonl, .yaml or .yml files match nothing-*.ndjson\n");
    expect(result.stdout).toContain("missing.json:1:1: unreadable: no such file or folder: missing.json\n");
    expect(result.stdout).toContain("1 document in 3 files valid against Event; 2 inputs unreadable");
    expect(result.status).toBe(2);
  });

  it("needs --input-format for a named file whose extension says nothing, and exits 2 without it", async () => {
    await write("events.log", `${line(1)}\n`);
    const refused = validate(["events.log"]);
    expect(refused.stderr).toContain("error input-format-unknown: cannot tell the format of events.log");
    expect(refused.status).toBe(2);
    expect(validate(["events.log", "--input-format", "ndjson"]).status).toBe(0);
  });

  it("exits 2 with usage when no input is named", () => {
    const result = validate([]);
    expect(result.stderr).toContain("no inputs: name files, folders or globs, or - for standard input");
    expect(result.status).toBe(2);
  });
});

describe("schemagen validate: which schema", () => {
  const schemaOf = (result: { stdout: string }) => JSON.parse(result.stdout).schema;

  it("takes a type name, a $id or a schema file of the schemas folder, and uses the precompiled validator", async () => {
    await write("one.ndjson", `${line(1)}\n`);
    for (const ref of ["Event", "https://fixtures.example/validate/event.json", path.join(SCHEMAS, "event.json")]) {
      const result = validate(["one.ndjson", "--format", "json"], { schema: ref });
      expect(schemaOf(result)).toEqual({ ref, id: "https://fixtures.example/validate/event.json", type: "Event", validator: "precompiled" });
      expect(result.status).toBe(0);
    }
  });

  it("compiles with Ajv at run time under --compile, with the same verdicts and positions", async () => {
    await write("mixed.ndjson", [line(1), withSource(2, "NOPE"), "{oops"].join("\n") + "\n");
    const precompiled = JSON.parse(validate(["mixed.ndjson", "--format", "json"]).stdout);
    const compiled = JSON.parse(validate(["mixed.ndjson", "--format", "json", "--compile"]).stdout);
    expect(compiled.schema.validator).toBe("compiled");
    expect(compiled.errors).toEqual(precompiled.errors);
    expect(compiled.totals).toEqual(precompiled.totals);
  });

  it("compiles a draft-07 schema file outside the schemas folder, following its $ref to a sibling file", async () => {
    const bad = '{"id": "b", "total": {"amount": 5, "currency": "euro"}}';
    await write("orders.ndjson", ['{"id": "a", "total": {"amount": 5, "currency": "EUR"}}', bad].join("\n"));
    const result = validate(["orders.ndjson"], { schema: path.join(FIXTURE, "standalone/order.json") });
    expect(result.stdout).toContain(`orders.ndjson:2:${columnOf(bad, '"euro"')}: invalid at /total/currency: must match pattern "^[A-Z]{3}$" (pattern)`);
    expect(result.stdout).toContain("against https://fixtures.example/standalone/order.json");
    expect(result.status).toBe(1);
  });

  it("exits 2 for an unknown schema and suggests a close type name", async () => {
    await write("one.ndjson", `${line(1)}\n`);
    const result = validate(["one.ndjson"], { schema: "event" });
    expect(result.stderr).toContain('error schema-unknown: no schema "event": not a $id or type name in the manifest, nor a schema file; did you mean Event?');
    expect(result.stdout).toBe("");
    expect(result.status).toBe(2);
  });

  it("exits 2 for a schema file that is not valid, with its location", async () => {
    await write("bad-schema.json", '{\n  "type": "strng"\n}');
    await write("one.ndjson", `${line(1)}\n`);
    const result = validate(["one.ndjson"], { schema: "bad-schema.json" });
    expect(result.stderr).toMatch(/^bad-schema\.json:2:3: error metaschema-violation at \/type/m);
    expect(result.status).toBe(2);
  });

  it("exits 2 for a schema file nested deeper than any recursive parser's stack, at the pointer", async () => {
    await write("deep-schema.json", '{"items":'.repeat(50_000) + "{}" + "}".repeat(50_000));
    await write("one.ndjson", `${line(1)}\n`);
    const result = validate(["one.ndjson"], { schema: "deep-schema.json" });
    expect(result.stderr).toMatch(/^deep-schema\.json: error schema-too-deep at (\/items){256}: nested more than 256 levels deep/m);
    expect(result.status).toBe(2);
  });
});

describe("schemagen validate: bad input never crashes or hangs", () => {
  it("reports binary garbage as malformed lines, with their line numbers", async () => {
    const bytes = Buffer.alloc(64 * 1024);
    let state = 7;
    for (let index = 0; index < bytes.length; index++) bytes[index] = (state = (state * 1103515245 + 12345) >>> 0) >>> 24;
    await write("garbage.ndjson", bytes);
    await write("garbage.json", bytes);
    const result = validate(["garbage.ndjson", "garbage.json", "--format", "json", "--max-errors", "0"]);
    const report = JSON.parse(result.stdout);
    expect(report.totals.malformed).toBe(report.totals.documents);
    expect(report.totals.malformed).toBeGreaterThan(100);
    expect(report.errors.every((error: { kind: string }) => error.kind === "malformed")).toBe(true);
    expect(report.errors.filter((error: { file: string }) => error.file === "garbage.json")).toHaveLength(1);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(1);
  });

  it("reads a 100 MB line, and reports the line after it by its number", async () => {
    const [head, tail] = JSON.stringify({ ...analyticsEvent(1), properties: { blob: "" } }).split('"blob":""');
    const blob = Buffer.alloc(100 * 1024 * 1024, "x");
    await write("huge.ndjson", Buffer.concat([Buffer.from(`${head}"blob":"`), blob, Buffer.from(`"${tail}\n${withSource(2, "NOPE")}`)]));
    const result = validate(["huge.ndjson"]);
    expect(result.stdout).toMatch(/^huge\.ndjson:2:\d+: invalid at \/metadata\/source/m);
    expect(result.stdout).toContain("1 of 2 documents in 1 file failed");
    expect(result.status).toBe(1);
  });

  it("accepts a UTF-8 byte order mark and CRLF line endings; columns count from the visible text", async () => {
    const [first, last] = [withSource(1, "NOPE"), withSource(3, "NOPE")];
    await write("windows.ndjson", `\ufeff${first}\r\n${line(2)}\r\n\r\n${last}\r\n`);
    const result = validate(["windows.ndjson"]);
    expect(result.stdout).toContain(`windows.ndjson:1:${columnOf(first, '"NOPE"')}: invalid at /metadata/source`);
    expect(result.stdout).toContain(`windows.ndjson:4:${columnOf(last, '"NOPE"')}: invalid at /metadata/source`);
    expect(result.stdout).toContain("2 of 3 documents");
    await write("windows.json", `\ufeff{\r\n  "event_id": 1\r\n}\r\n`);
    expect(validate(["windows.json"]).stdout).toContain("windows.json:1:1: invalid: missing required property");
  });

  it("treats an empty NDJSON or YAML file as holding no documents (a warning, exit 0) and an empty .json as malformed", async () => {
    await write("empty.ndjson", "");
    await write("empty.yaml", "");
    await write("empty.json", "\n");
    const lenient = validate(["empty.ndjson", "empty.yaml"]);
    expect(lenient.stdout).toContain("empty.ndjson:1:1: warning: the file holds no documents\n");
    expect(lenient.stdout).toContain("empty.yaml:1:1: warning: the file holds no documents\n");
    expect(lenient.status).toBe(0);
    const strict = validate(["empty.json"]);
    expect(strict.stdout).toContain("empty.json:1:1: malformed: the file is empty; a .json file holds one JSON document\n");
    expect(strict.status).toBe(1);
  });

  it("validates a last line without a newline and ignores extra trailing newlines", async () => {
    await write("no-newline.ndjson", `${line(1)}\n${withSource(2, "NOPE")}`);
    await write("extra-newlines.ndjson", `${line(1)}\n${withSource(2, "NOPE")}\n\n\n`);
    const result = validate(["no-newline.ndjson", "extra-newlines.ndjson"]);
    expect(result.stdout).toMatch(/^no-newline\.ndjson:2:\d+: invalid/m);
    expect(result.stdout).toMatch(/^extra-newlines\.ndjson:2:\d+: invalid/m);
    expect(result.stdout).toContain("2 of 4 documents in 2 files failed");
  });

  it("handles JSON nested 100,000 levels deep: too deep for a recursive validator, malformed when unclosed", async () => {
    const depth = 100_000;
    const deepTree = '{"children":['.repeat(depth) + "{}" + "]}".repeat(depth);
    const unclosed = "[".repeat(depth);
    await write("deep.ndjson", `${deepTree}\n${unclosed}\n{"name": "leaf"}\n`);
    const result = validate(["deep.ndjson"], { schema: "Tree" });
    expect(result.stdout).toContain("deep.ndjson:1:1: invalid: nested too deeply for the validator (stack overflow); not validated\n");
    expect(result.stdout).toContain(`deep.ndjson:2:${depth + 1}: malformed: not valid JSON: `);
    expect(result.stdout).toContain("2 of 3 documents in 1 file failed against Tree: 1 invalid, 1 malformed");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(1);
  });

  it("reports bytes that are not UTF-8 at their column", async () => {
    await write("latin1.ndjson", Buffer.concat([Buffer.from(`${line(1)}\n{"event_id": "caf`), Buffer.from([0xe9]), Buffer.from('"}\n')]));
    const result = validate(["latin1.ndjson"]);
    expect(result.stdout).toContain("latin1.ndjson:2:18: malformed: not valid UTF-8 text\n");
    expect(result.status).toBe(1);
  });
});

describe("schemagen validate: output formats", () => {
  const failing = async (count: number) => {
    const lines = Array.from({ length: count }, (_, index) => withSource(index + 1, "NOPE"));
    return write(`failing-${count}.ndjson`, lines.join("\n") + "\n");
  };

  it("colours text only when asked (FORCE_COLOR) and never with NO_COLOR", async () => {
    const file = await failing(1);
    expect(validate([file]).stdout).not.toContain("\x1b[");
    expect(validate([file], { env: { NO_COLOR: "", FORCE_COLOR: "1" } }).stdout).toContain("\x1b[31minvalid\x1b[0m");
  });

  it("json: one document with totals, files and every error", async () => {
    const file = await failing(2);
    const report = JSON.parse(validate([file, "--format", "json"]).stdout);
    expect(report.valid).toBe(false);
    expect(report.totals).toEqual({ files: 1, documents: 2, valid: 0, invalid: 2, malformed: 0, unreadable: 0, issues: 2, shown: 2 });
    expect(report.files).toEqual([{ file, format: "ndjson", documents: 2, valid: 0, invalid: 2, malformed: 0, unreadable: false }]);
    expect(report.errors[1]).toMatchObject({
      file,
      line: 2,
      document: 2,
      kind: "invalid",
      code: "document-invalid",
      instancePath: "/metadata/source",
      keyword: "enum",
      schemaPath: expect.stringMatching(/\/source\/enum$/),
    });
  });

  it("github: at most 10 ::error annotations, a notice for the rest, and every error in the step summary", async () => {
    const file = await failing(12);
    const summary = path.join(folder, "step-summary.md");
    await writeFile(summary, "previous step\n");
    const result = validate([file, "--format", "github"], { env: { GITHUB_STEP_SUMMARY: summary } });
    const annotations = result.stdout.split("\n").filter((text) => text.startsWith("::error "));
    expect(annotations).toHaveLength(10);
    expect(annotations[0]).toMatch(
      new RegExp(`^::error file=${file.replace(".", "\\.")},line=1,col=\\d+,title=Event%3A enum::/metadata/source: must be one of "WEB_APP"`),
    );
    expect(result.stdout).toContain("::notice title=schemagen validate%3A Event::2 more errors not annotated");
    expect(result.status).toBe(1);
    const markdown = await readFile(summary, "utf8");
    expect(markdown.startsWith("previous step\n### schemagen validate: Event\n")).toBe(true);
    expect(markdown).toContain("| File | Line | Column | Instance path | Keyword | Message |");
    expect(markdown.match(/^\| failing-12\.ndjson \| \d+ \|/gm)).toHaveLength(12);
  });

  it("github: escapes %, newlines, colons and commas in annotation properties and messages", async () => {
    const name = await write("a,b:c%.ndjson", `${JSON.stringify({ ...analyticsEvent(1), "x\ny": 1 })}\n`);
    const result = validate([name, "--format", "github"]);
    expect(result.stdout).toContain("::error file=a%2Cb%3Ac%25.ndjson,line=1,col=");
    expect(result.stdout).toContain('::unexpected property "x\\ny"');
  });

  it("junit: XML that parses, one suite per file, one failing case per error, escaped text", async () => {
    const file = await failing(3);
    await write("odd.ndjson", `${JSON.stringify({ ...analyticsEvent(1), '<&"\u0001>': 1 })}\n${line(2)}\n`);
    const result = validate([file, "odd.ndjson", "--format", "junit"]);
    expect(XMLValidator.validate(result.stdout)).toBe(true);
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(result.stdout);
    // Cases are written as they are found: the views count them (a suite's counts are known only at its end).
    const [first, second] = xml.testsuites.testsuite;
    expect(first.name).toBe(file);
    expect(first.testcase.map((testcase: { failure?: unknown }) => testcase.failure !== undefined)).toEqual([true, true, true]);
    expect(second.testcase).toHaveLength(2);
    expect(second.testcase[0].failure.message).toBe('unexpected property "<&\\"\\u0001>"');
    expect(second.testcase[1].name).toBe("1 valid document");
  });
});

describe("schemagen validate: flags", () => {
  it("--max-errors lists the first N errors and counts the rest", async () => {
    await write("five.ndjson", [1, 2, 3, 4, 5].map((index) => withSource(index, "NOPE")).join("\n"));
    const result = validate(["five.ndjson", "--max-errors", "2"]);
    expect(result.stdout.match(/^five\.ndjson:\d+/gm)).toEqual(["five.ndjson:1", "five.ndjson:2"]);
    expect(result.stdout).toContain("3 more errors not shown (raise --max-errors, or 0 for all)");
    expect(result.stdout).toContain("5 of 5 documents");
  });

  it("--fail-fast stops at the first failure; --quiet prints only errors", async () => {
    await write("two-bad.ndjson", [line(1), withSource(2, "NOPE"), withSource(3, "NOPE")].join("\n"));
    await write("later.ndjson", `${line(1)}\n`);
    const fast = validate(["two-bad.ndjson", "later.ndjson", "--fail-fast"]);
    expect(fast.stdout.match(/^two-bad\.ndjson:\d+/gm)).toEqual(["two-bad.ndjson:2"]);
    expect(fast.stdout).toContain("1 of 2 documents in 1 file failed against Event: 1 invalid; stopped at the first failure (--fail-fast)");
    expect(fast.status).toBe(1);
    const quiet = validate(["later.ndjson", "--quiet"]);
    expect(quiet.stdout).toBe("");
    expect(quiet.status).toBe(0);
  });

  it("rejects a bad flag value with exit 2", () => {
    expect(validate(["x.ndjson", "--workers", "0"]).status).toBe(2);
    expect(validate(["x.ndjson", "--format", "xml"]).status).toBe(2);
  });
});

describe("schemagen validate: a 200,000-line file", () => {
  const malformedAt = new Map([
    [2, '{"event_id": '],
    [123_457, "not json"],
  ]);
  const invalidAt = new Map<number, string>([
    [7, JSON.stringify({ ...analyticsEvent(7), timestamp: undefined })],
    [50_001, withSource(50_001, "NOPE")],
    [99_999, JSON.stringify({ ...analyticsEvent(99_999), colour: 1 })],
    [150_000, JSON.stringify({ ...analyticsEvent(150_000), properties: { nested: { a: 1 } } })],
    [199_999, JSON.stringify({ ...analyticsEvent(199_999), event_name: "Bad Name" })],
  ]);
  const expected = [
    { line: 2, column: 13, kind: "malformed" },
    { line: 7, column: 1, kind: "invalid", instancePath: "", keyword: "required" },
    { line: 50_001, column: columnOf(invalidAt.get(50_001)!, '"NOPE"'), kind: "invalid", instancePath: "/metadata/source", keyword: "enum" },
    { line: 99_999, column: columnOf(invalidAt.get(99_999)!, '"colour"'), kind: "invalid", instancePath: "", keyword: "additionalProperties" },
    { line: 123_457, column: 1, kind: "malformed" },
    { line: 150_000, column: columnOf(invalidAt.get(150_000)!, '{"a"'), kind: "invalid", instancePath: "/properties/nested", keyword: "type" },
    { line: 199_999, column: columnOf(invalidAt.get(199_999)!, '"Bad Name"'), kind: "invalid", instancePath: "/event_name", keyword: "pattern" },
  ];
  let file = "";

  beforeAll(async () => {
    file = path.join(folder, "200k.ndjson");
    await writeEventFile(file, { lines: 200_000, replace: (index) => malformedAt.get(index) ?? invalidAt.get(index) ?? (index === 100_000 ? "" : undefined) });
  });

  it("reports every invalid and malformed line at its line and column, the same with 1 and 2 workers", () => {
    const reports = ["1", "2"].map((workers) => {
      const result = validate([file, "--format", "json", "--workers", workers]);
      expect(result.status).toBe(1);
      return JSON.parse(result.stdout);
    });
    const [single, parallel] = reports;
    expect(validate([file, "--workers", "2"]).stderr).toBe(""); // no progress when stderr is not a terminal
    expect(single.errors.map(({ line, column, kind, instancePath, keyword }: Record<string, unknown>) => ({ line, column, kind, instancePath, keyword }))).toEqual(
      expected.map((entry) => ({ instancePath: undefined, keyword: undefined, ...entry })),
    );
    expect(single.totals).toEqual({ files: 1, documents: 199_999, valid: 199_992, invalid: 5, malformed: 2, unreadable: 0, issues: 7, shown: 7 });
    expect(parallel).toEqual(single);
  });

  it.skipIf(!existsSync("/usr/bin/script"))("shows progress on a terminal's stderr for a run longer than a second", async () => {
    // The same file under three names: long enough (600,000 lines) for the progress line to appear.
    const names = ["a", "b", "c"].map((name) => path.join(folder, `progress-${name}.ndjson`));
    for (const name of names) await symlink(file, name).catch(() => undefined);
    const command = [process.execPath, path.join(REPO_ROOT, "codegen/cli/bin.mjs"), "validate", "--schema", "Event", "--schemas", SCHEMAS, "--out", out, "--workers", "1", ...names]
      .map((part) => `'${part}'`)
      .join(" ");
    // script(1) runs the command on a pseudo-terminal, as a person at a terminal would.
    const result = spawnSync("/usr/bin/script", ["-qec", command, "/dev/null"], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    expect(result.stdout).toMatch(/\r\x1b\[Kvalidated [\d,]+ documents, \d+ MiB \([\d,]+\/s\)/);
    expect(result.stdout).toContain("validated 599,997 documents");
  });

  it("stops at the same first failure, and keeps the same first errors, with 1 and 2 workers", () => {
    const outputs = [["--fail-fast"], ["--max-errors", "3"]].map((flags) =>
      ["1", "2"].map((workers) => JSON.parse(validate([file, "--format", "json", "--workers", workers, ...flags]).stdout)),
    );
    for (const [single, parallel] of outputs) expect(parallel).toEqual(single);
    const [[fast], [limited]] = outputs;
    expect(fast.errors.map((error: { line: number }) => error.line)).toEqual([2]);
    expect(fast.totals.documents).toBe(2);
    expect(limited.errors.map((error: { line: number }) => error.line)).toEqual([2, 7, 50_001]);
    expect(limited.totals.issues).toBe(7);
  });
});

describe("schemagen validate: findings as they are found, in bounded memory, and on a signal", () => {
  const BIN = path.join(REPO_ROOT, "codegen/cli/bin.mjs");
  const args = (...rest: string[]) => [BIN, "validate", "--schema", "Event", "--schemas", SCHEMAS, "--out", out, ...rest];

  /** Peak RSS in MiB of a run whose output goes to a file, and how many lines it wrote. */
  async function measured(file: string, workers: number): Promise<{ mebibytes: number; lines: number }> {
    const report = path.join(folder, `report-${workers}.txt`);
    const probe = await write("max-rss.cjs", 'process.on("exit", () => process.stderr.write(`maxrss=${process.resourceUsage().maxRSS}\\n`));');
    const { openSync, closeSync } = await import("node:fs");
    const fd = openSync(report, "w");
    const run = spawnSync(process.execPath, ["-r", path.join(folder, probe), ...args(file, "--max-errors", "0", "--workers", String(workers))], {
      cwd: folder,
      stdio: ["ignore", fd, "pipe"],
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1", GITHUB_STEP_SUMMARY: "" },
    });
    closeSync(fd);
    expect(run.status, run.stderr).toBe(1);
    const kib = Number(/maxrss=(\d+)/.exec(run.stderr)![1]);
    const text = await readFile(report, "utf8");
    return { mebibytes: kib / 1024, lines: text.split("\n").length - 1 };
  }

  it("--max-errors 0 over 400,000 invalid lines writes all of them and peaks no higher than over 120,000 (1 and 2 workers)", async () => {
    // 300-byte lines: both files pass the 32 MiB at which files go to worker threads.
    const invalid = "{" + " ".repeat(297) + "}\n";
    await write("many.ndjson", invalid.repeat(400_000));
    await write("some.ndjson", invalid.repeat(120_000));
    for (const workers of [1, 2]) {
      const small = await measured("some.ndjson", workers);
      const large = await measured("many.ndjson", workers);
      expect(small.lines).toBe(120_001);
      expect(large.lines).toBe(400_001);
      // A finding held in memory takes about 1 KB: holding the 280,000 more would add about 270 MiB. What does grow
      // is the larger file's ranges (an eighth of it, up to 16 MiB, each range's findings held until it merges in
      // order): 36 MiB with 1 worker and 71 MiB with 2 measured alone, 121 MiB once under a parallel test run.
      expect(large.mebibytes - small.mebibytes, `${workers} worker(s): ${small.mebibytes.toFixed(0)} → ${large.mebibytes.toFixed(0)} MiB`).toBeLessThan(170);
    }
  }, 180_000);

  /** Starts a run on standard input, and resolves once its output holds `text`. */
  function startOnStdin(format: string) {
    const child = spawn(process.execPath, args("-", "--format", format), { cwd: folder, env: { ...process.env, NO_COLOR: "1", GITHUB_STEP_SUMMARY: "" } });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (data: string) => (stdout += data));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const shows = (text: string) =>
      new Promise<void>((resolve, reject) => {
        const started = Date.now();
        const poll = setInterval(() => {
          if (stdout.includes(text)) {
            clearInterval(poll);
            resolve();
          } else if (Date.now() - started > 20_000) {
            clearInterval(poll);
            reject(new Error(`never wrote ${text}; wrote ${JSON.stringify(stdout)}`));
          }
        }, 20);
      });
    return { child, exited, shows, stdout: () => stdout };
  }

  it("writes a finding while its input is still open, and on SIGINT the findings and a partial summary, exit 130", async () => {
    const run = startOnStdin("text");
    run.child.stdin.write(`${line(1)}\n${withSource(2, "NOPE")}\n`);
    await run.shows("<stdin>:2:");
    run.child.kill("SIGINT");
    expect(await run.exited).toBe(130);
    expect(run.stdout()).toMatch(/^<stdin>:2:\d+: invalid at \/metadata\/source: must be one of /m);
    expect(run.stdout()).toMatch(/schemagen validate: 1 of 2 documents in 1 file failed against Event: 1 invalid; interrupted by SIGINT: counts cover what was read until then\n$/);
  }, 30_000);

  it("on SIGTERM, json and junit output are still one complete document, exit 143", async () => {
    for (const format of ["json", "junit"]) {
      const run = startOnStdin(format);
      run.child.stdin.write(`${withSource(1, "NOPE")}\n${line(2)}\n`);
      await run.shows(format === "json" ? '"instancePath": "/metadata/source"' : "<failure");
      run.child.kill("SIGTERM");
      expect(await run.exited).toBe(143);
      if (format === "json") {
        const report = JSON.parse(run.stdout());
        expect(report).toMatchObject({ interrupted: "SIGTERM", valid: false, totals: { documents: 2, invalid: 1, shown: 1 } });
        expect(report.errors).toMatchObject([{ file: "<stdin>", line: 1, instancePath: "/metadata/source", keyword: "enum" }]);
      } else {
        expect(XMLValidator.validate(run.stdout())).toBe(true);
        expect(run.stdout()).toContain("<!-- interrupted by SIGTERM: counts cover what was read until then -->");
      }
    }
  }, 60_000);
});
