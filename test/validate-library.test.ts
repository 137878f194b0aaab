import { createReadStream } from "node:fs";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { XMLValidator } from "fast-xml-parser";
import { afterAll, describe, expect, it } from "vitest";
import { locateSyntaxError, positionInJson } from "../codegen/validate/locate.js";
import { NdjsonScanner, scanNdjson, type NdjsonScanOptions } from "../codegen/validate/ndjson.js";
import { escapeXml, reportJunit } from "../codegen/validate/report/junit.js";
import { reportRun } from "../codegen/validate/report/summary.js";
import type { ValidationRun } from "../codegen/validate/results.js";
import { validateInputs } from "../codegen/validate/run.js";
import { firstInvalidUtf8Byte } from "../codegen/validate/utf8.js";
import type { AjvErrorLike, Validator } from "../codegen/validate/verdict.js";
import { splitIntoRanges, WorkerPool } from "../codegen/validate/workers.js";
import { validateYamlDocuments } from "../codegen/validate/yaml-documents.js";
import { REPO_ROOT } from "./helpers/cli.js";

/** Objects with a numeric `n` are valid; anything else fails at /n with keyword "type". */
const validate: Validator = Object.assign(
  (data: unknown) => {
    const valid = typeof data === "object" && data !== null && typeof (data as { n?: unknown }).n === "number";
    const error: AjvErrorLike = { instancePath: "/n", schemaPath: "#/properties/n/type", keyword: "type", params: { type: "number" }, message: "must be number" };
    validate.errors = valid ? null : [error];
    return valid;
  },
  { errors: null },
);

const options = (overrides: Partial<NdjsonScanOptions> = {}): NdjsonScanOptions => ({
  file: "t.ndjson",
  validate,
  keepIssues: Number.POSITIVE_INFINITY,
  failFast: false,
  atFileStart: true,
  ...overrides,
});

function scanBytes(bytes: Buffer, chunkSize: number, overrides: Partial<NdjsonScanOptions> = {}) {
  const scanner = new NdjsonScanner(options(overrides));
  for (let offset = 0; offset < bytes.length; offset += chunkSize) scanner.push(bytes.subarray(offset, offset + chunkSize));
  scanner.end();
  return scanner.tally;
}

const brief = (tally: ReturnType<typeof scanBytes>) => tally.issues.map((issue) => `${issue.line}:${issue.column} ${issue.code}`);

describe("the NDJSON scanner", () => {
  const text = '\ufeff{"n": 1}\r\n{"n": "é"}\r\n\r\n{"n": 2,}\n  \n{"ü": 3}\n{"n": 4}';

  it("finds each failed line at its line and column, skipping blank lines, a BOM and CR", () => {
    const tally = scanBytes(Buffer.from(text), 1 << 20);
    expect(brief(tally)).toEqual(["2:7 document-invalid", "4:9 json-malformed", "6:1 document-invalid"]);
    expect(tally).toMatchObject({ lines: 7, documents: 5, valid: 2, invalid: 2, malformed: 1, issueCount: 3 });
  });

  it("gives the same tally whatever the chunk size, even when chunks split a character, a BOM or a CRLF", () => {
    const whole = scanBytes(Buffer.from(text), 1 << 20);
    for (let size = 1; size <= 16; size++) expect(scanBytes(Buffer.from(text), size)).toEqual(whole);
  });

  it("keeps only the first issues it is asked to keep, counts them all, and stops at the first with failFast", () => {
    const bytes = Buffer.from('{"n": "a"}\n{"n": "b"}\n{"n": "c"}\n');
    expect(scanBytes(bytes, 7, { keepIssues: 1 })).toMatchObject({ issueCount: 3, invalid: 3, issues: [{ line: 1 }] });
    expect(scanBytes(bytes, 7, { failFast: true })).toMatchObject({ issueCount: 1, documents: 1, stopped: true, issues: [{ line: 1 }] });
  });

  it("skips a line longer than the limit without holding it, and goes on counting lines", () => {
    const long = `{"n": "${"x".repeat(5000)}"}`;
    const tally = scanBytes(Buffer.from(`{"n": 1}\n${long}\n{"n": "z"}\n`), 100, { maxLineBytes: 1000 });
    expect(brief(tally)).toEqual(["2:1 line-too-long", "3:7 document-invalid"]);
  });

  it("reports bytes that are not UTF-8 at the column of the first bad byte", () => {
    const bytes = Buffer.concat([Buffer.from('{"n": 1}\n{"s": "ab'), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n')]);
    expect(brief(scanBytes(bytes, 1 << 20))).toEqual(["2:10 utf8-invalid"]);
  });

  it("turns a read error part way into an unreadable issue at the next line", async () => {
    async function* failing() {
      yield Buffer.from('{"n": 1}\n{"n": 2}\n{"n"');
      throw new Error("EIO: i/o error, read");
    }
    const tally = await scanNdjson(failing(), options());
    expect(tally).toMatchObject({ valid: 2, unreadable: true });
    expect(tally.issues).toMatchObject([{ kind: "unreadable", line: 3, message: "cannot read file: EIO: i/o error, read" }]);
  });

  it("reports a file that disappeared before it could be opened as unreadable", async () => {
    const tally = await scanNdjson(createReadStream(path.join(os.tmpdir(), "schemagen-gone", "events.ndjson")), options());
    expect(tally.unreadable).toBe(true);
    expect(tally.issues[0]!.message).toMatch(/^cannot read file: ENOENT/);
  });
});

describe("positions inside one JSON text", () => {
  const text = '{\n  "a": [10, {"b~/c": true}],\n  "dup": 1,\n  "dup": "last"\n}';

  it("points at the value an instance path names, decoding ~0 and ~1", () => {
    expect(positionInJson(text, "/a/1/b~0~1c")).toEqual({ line: 2, column: 22 });
    expect(positionInJson(text, "/a/0")).toEqual({ line: 2, column: 9 });
  });

  it("points at the last of repeated keys, as JSON.parse keeps the last", () => {
    expect(positionInJson(text, "/dup")).toEqual({ line: 4, column: 10 });
    expect(positionInJson(text, "", "dup")).toEqual({ line: 4, column: 3 });
  });

  it("points at the nearest ancestor of a missing member", () => {
    expect(positionInJson(text, "/a/1/missing")).toEqual({ line: 2, column: 13 });
  });

  it("finds where a text stops being JSON, with JSON.parse's reason", () => {
    const fault = (source: string) => {
      try {
        JSON.parse(source);
      } catch (error) {
        return locateSyntaxError(source, error);
      }
      throw new Error("parsed");
    };
    expect(fault('{"a": 1,}')).toEqual({ position: { line: 1, column: 9 }, reason: "Expected double-quoted property name" });
    expect(fault("[1,\n  nope]")).toMatchObject({ position: { line: 2, column: 3 }, reason: "Unexpected token 'o'" });
    expect(fault('{"a": ')).toEqual({ position: { line: 1, column: 6 }, reason: "Unexpected end of JSON input" });
  });
});

describe("UTF-8 checks", () => {
  it("finds overlong forms, surrogates, truncated sequences and stray continuation bytes", () => {
    const at = (bytes: number[]) => firstInvalidUtf8Byte(Uint8Array.from([0x61, ...bytes]), 0, bytes.length + 1);
    expect(at([0xc3, 0xa9])).toBe(3);
    expect(at([0xc0, 0xaf])).toBe(1);
    expect(at([0xed, 0xa0, 0x80])).toBe(1);
    expect(at([0xe2, 0x82])).toBe(1);
    expect(at([0x80])).toBe(1);
    expect(at([0xf4, 0x90, 0x80, 0x80])).toBe(1);
  });
});

describe("YAML streams", () => {
  const yaml = (text: string) => validateYamlDocuments(Buffer.from(text), { file: "t.yaml", validate, keepIssues: 100, failFast: false });

  it("reports a billion-laughs alias bomb as malformed instead of expanding it", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 8 }, (_, index) => `${"bcdefghi"[index]}: &${"bcdefghi"[index]} [${Array(10).fill(`*${"abcdefgh"[index]}`).join(", ")}]`), "n: 1"].join("\n");
    const tally = yaml(bomb);
    expect(tally.malformed).toBe(1);
    expect(tally.issues[0]!.message).toMatch(/^not valid YAML: .*alias/i);
  });

  it("rejects repeated keys, and skips empty documents but not an explicit null", () => {
    expect(brief(yaml("n: 1\nn: 2\n"))).toEqual(["2:1 yaml-malformed"]);
    expect(yaml("n: 1\n---\n---\n").documents).toBe(1);
    expect(brief(yaml("n: 1\n---\n~\n"))).toEqual(["3:1 document-invalid"]);
  });
});

describe("JUnit text", () => {
  it("writes characters XML cannot hold (controls, lone surrogates) as \\u escapes", () => {
    const escaped = escapeXml('<a href="x">&\u0001\ud800\ud83d\ude00\'</a>');
    expect(escaped).toBe("&lt;a href=&quot;x&quot;&gt;&amp;\\u0001\\ud800\ud83d\ude00&apos;&lt;/a&gt;");
    const run: ValidationRun = {
      schema: { ref: "X", id: "https://x.example/x.json", validator: "compiled" },
      files: [{ file: "gone.ndjson", documents: 0, valid: 0, invalid: 0, malformed: 0, unreadable: true }],
      issues: [{ code: "file-unreadable", kind: "unreadable", severity: "error", file: "gone.ndjson", line: 1, column: 1, message: "cannot read\u0000 file" }],
      totals: { files: 1, documents: 0, valid: 0, invalid: 0, malformed: 0, unreadable: 1, issues: 1, shown: 1 },
      warnings: [],
      stoppedEarly: false,
    };
    const xml = reportRun(reportJunit, run, { color: false, quiet: false }).stdout;
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('<error message="cannot read\\u0000 file" type="unreadable">');
  });
});

describe("worker threads", () => {
  const order = path.join(REPO_ROOT, "test/fixtures/validate/standalone/order.json");

  const folders: string[] = [];
  afterAll(async () => {
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  async function orderFile(lines: number): Promise<string> {
    const folder = await mkdtemp(path.join(os.tmpdir(), "schemagen-workers-"));
    folders.push(folder);
    const file = path.join(folder, "orders.ndjson");
    const text = Array.from({ length: lines }, (_, index) => {
      const line = index + 1;
      if (line % 997 === 0) return `{"id": "o${line}", "total": {"amount": -1, "currency": "EUR"}}`;
      if (line % 1409 === 0) return `{"id": "o${line}", "total": `;
      if (line % 1999 === 0) return "";
      return `{"id": "o${line}", "total": {"amount": ${line}, "currency": "EUR"}}`;
    });
    await writeFile(file, text.join("\n") + "\n");
    return file;
  }

  it("give the same tally, issues and order as one thread, for a schema compiled at run time", async () => {
    const file = await orderFile(20_000);
    const run = (workers: number) =>
      validateInputs({ schema: order, inputs: [file], schemas: "schemas", out: "generated", baseUri: "https://schemagen.invalid/", cwd: REPO_ROOT, maxErrors: 0, failFast: false, workers, workerThreshold: 1 });
    const [single, parallel] = [await run(1), await run(2)];
    expect(single.totals).toMatchObject({ documents: 19_990, invalid: 20, malformed: 14 });
    expect(parallel).toEqual(single);
  });

  const spec = { kind: "compile-file", file: order, options: { schemas: "schemas", baseUri: "https://schemagen.invalid/", cwd: REPO_ROOT } } as const;
  const fileScan = (file: string, ranges: { start: number; end: number }[], failFast = false) =>
    ({ file, name: "orders.ndjson", ranges, keepIssues: 10, failFast });

  it("merge ranges that two worker threads claimed into what one sequential scan gives, and stop at the same first failure", async () => {
    const file = await orderFile(20_000);
    const { size } = await stat(file);
    const ranges = splitIntoRanges(file, size, 2);
    expect(ranges.length).toBeGreaterThanOrEqual(4);
    expect(ranges.every((range, index) => index === 0 || range.start === ranges[index - 1]!.end)).toBe(true);
    const pool = new WorkerPool(2, spec);
    try {
      for (const failFast of [false, true]) {
        const whole = await pool.scanFile(fileScan(file, [{ start: 0, end: size }], failFast), () => undefined);
        const split = await pool.scanFile(fileScan(file, ranges, failFast), () => undefined);
        expect(split).toEqual(whole);
      }
      const first = await pool.scanFile(fileScan(file, ranges, true), () => undefined);
      expect(first).toMatchObject({ stopped: true, issueCount: 1, invalid: 1, documents: 997 });
      expect(first.issues).toMatchObject([{ line: 997, keyword: "minimum" }]);
    } finally {
      await pool.close();
    }
  });

  it("report a file that shrank after it was split as changed while being read", async () => {
    const file = await orderFile(10);
    const { size } = await stat(file);
    const pool = new WorkerPool(1, spec);
    try {
      const tally = await pool.scanFile(fileScan(file, [{ start: 0, end: size + 100 }]), () => undefined);
      expect(tally).toMatchObject({ documents: 10, valid: 10, unreadable: true });
      expect(tally.issues).toMatchObject([{ kind: "unreadable", line: 11, message: "cannot read file: the file changed while it was being read" }]);
    } finally {
      await pool.close();
    }
  });

});
