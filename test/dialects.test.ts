// Draft-04 and draft-06 beside draft-07, 2019-09 and 2020-12: the dialect comes from `$schema` (or the configured
// default), and each stage (validators, types, lint, diff, docs) applies that dialect's rules.

import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { diff, generate, lint } from "../codegen/index.js";
import { dialectOf } from "../codegen/model/dialect.js";
import { REPO_ROOT, runCli } from "./helpers/cli.js";
import { typecheck } from "./helpers/typecheck.js";

const SCHEMAS = path.join(REPO_ROOT, "test/fixtures/codegen/dialects/schemas");
const work = await mkdtemp(path.join(os.tmpdir(), "schemagen-dialects-"));
afterAll(() => rm(work, { recursive: true, force: true }));

type Validator = ((data: unknown) => boolean) & { errors?: { instancePath: string; keyword: string }[] | null };
async function validators(): Promise<Record<string, Validator>> {
  await generate({ schemas: SCHEMAS, out: path.join(work, "out") });
  return import(pathToFileURL(path.join(work, "out/legacy/index.js")).href);
}
const firstError = (validate: Validator, data: unknown) => (validate(data) ? "valid" : `${validate.errors![0]!.instancePath} ${validate.errors![0]!.keyword}`);

describe("dialects by $schema", () => {
  it("reads the five metaschema URIs, with or without '#', and https spellings of the classic drafts", () => {
    expect(dialectOf({ $schema: "http://json-schema.org/draft-04/schema#" })).toEqual({ dialect: "draft-04", declared: true });
    expect(dialectOf({ $schema: "https://json-schema.org/draft-06/schema" })).toEqual({ dialect: "draft-06", declared: true });
    expect(dialectOf({ $schema: "http://json-schema.org/draft-07/schema" })).toEqual({ dialect: "draft-07", declared: true });
    expect(dialectOf({})).toEqual({ dialect: "2020-12", declared: false });
    expect(dialectOf({}, "draft-04")).toEqual({ dialect: "draft-04", declared: false });
    expect(dialectOf({ $schema: "http://json-schema.org/draft-03/schema#" })).toEqual({ unknown: "http://json-schema.org/draft-03/schema#" });
  });

  it("draft-04: boolean exclusiveMinimum/exclusiveMaximum, `id` anchors, and inert siblings of $ref", async () => {
    const { validateReading } = await validators();
    expect(firstError(validateReading!, { celsius: -273.15 })).toBe("/celsius minimum");
    expect(firstError(validateReading!, { celsius: -273 })).toBe("valid");
    expect(firstError(validateReading!, { celsius: 20, percent: 100 })).toBe("valid");
    // `"type": "integer"` beside the $ref is inert: a sensor id string is valid, a number is not.
    expect(firstError(validateReading!, { celsius: 20, sensor: "s-1" })).toBe("valid");
    expect(firstError(validateReading!, { celsius: 20, sensor: 5 })).toBe("/sensor type");
    expect(firstError(validateReading!, { celsius: 20, unit: "K" })).toBe("/unit enum");
    expect(firstError(validateReading!, { celsius: 20, extra: 1 })).toBe(" additionalProperties");
  });

  it("draft-06: const, contains and propertyNames", async () => {
    const { validateBatch } = await validators();
    expect(firstError(validateBatch!, { kind: "batch", readings: [0, 2] })).toBe("valid");
    expect(firstError(validateBatch!, { kind: "batch", readings: [0, -1] })).toBe("/readings contains");
    expect(firstError(validateBatch!, { kind: "other", readings: [1] })).toBe("/kind const");
    expect(firstError(validateBatch!, { kind: "batch", readings: [1], tags: { Up: "a" } })).toBe("/tags pattern");
  });

  it("draft-07: an $id beside a $ref does not move the base URI", async () => {
    const { validateEvent } = await validators();
    expect(firstError(validateEvent!, { at: "2024-01-01T00:00:00Z" })).toBe("valid");
    expect(firstError(validateEvent!, { at: "nope" })).toBe("/at format");
  });

  it("types: accept what the validators accept, and follow the same sibling rules", async () => {
    await validators();
    const values = [
      { module: "legacy/index.js", type: "Reading", value: { celsius: 20, percent: 100, sensor: "s-1", unit: "C" }, label: "reading" },
      { module: "legacy/index.js", type: "Batch", value: { kind: "batch", readings: [1], tags: { a: "b" }, more: true }, label: "batch" },
      { module: "legacy/index.js", type: "Event", value: { at: "2024-01-01T00:00:00Z" }, label: "event" },
    ];
    const rejected = `// @ts-expect-error the sensor is a string: the inert type beside its $ref does not count
export const wrongSensor: import("./out/legacy/index.js").Reading = { celsius: 1, sensor: 5 };
// @ts-expect-error const
export const wrongKind: import("./out/legacy/index.js").Batch = { kind: "other", readings: [] };
`;
    expect(await typecheck(work, "out", values, rejected)).toBe("");
  });

  it("lint: `id` is draft-04's keyword (not unknown there), and an id off the house convention is reported at /id", async () => {
    const folder = path.join(work, "lint");
    await cp(SCHEMAS, folder, { recursive: true });
    const findings = await lint({ schemas: folder });
    expect(findings.filter((finding) => finding.rule === "unknown-keyword")).toEqual([]);
    const moved = path.join(folder, "legacy/reading.json");
    const text = await readFile(moved, "utf8");
    await writeFile(moved, text.replace('"id": "https://schemas.example.com/legacy/reading.json"', '"id": "https://schemas.example.com/elsewhere/reading.json"'));
    const after = await lint({ schemas: folder });
    expect(after.filter((finding) => finding.rule === "id-convention").map((finding) => `${finding.file}:${finding.line}:${finding.column} ${finding.pointer}`)).toEqual([
      "legacy/reading.json:3:3 /id",
    ]);
    // In a draft-07 file, `id` is a typo of `$id`.
    await writeFile(path.join(folder, "legacy/typo.json"), JSON.stringify({ $schema: "http://json-schema.org/draft-07/schema#", id: "x", title: "T", description: "Open." }));
    expect((await lint({ schemas: folder })).filter((finding) => finding.rule === "unknown-keyword").map((finding) => `${finding.file} ${finding.pointer}`)).toEqual([
      "legacy/typo.json /id",
    ]);
  });

  it("diff: draft-04's boolean exclusive bounds compare as the numbers they mean", async () => {
    const before = path.join(work, "diff-old");
    const after = path.join(work, "diff-new");
    const schema = (bound: object) =>
      JSON.stringify({ $schema: "http://json-schema.org/draft-04/schema#", id: "https://d.example/x.json", type: "object", properties: { n: { type: "number", ...bound } } });
    await mkdir(before, { recursive: true });
    await mkdir(after, { recursive: true });
    await writeFile(path.join(before, "x.json"), schema({ maximum: 5, exclusiveMaximum: true }));
    // The same bound in 2020-12 terms is no change; dropping exclusivity widens (backward compatible).
    await writeFile(path.join(after, "x.json"), schema({ maximum: 5, exclusiveMaximum: true, description: "same" }));
    expect((await diff({ old: before, new: after, schemas: "." })).changes.filter((change) => !change.kind.startsWith("annotation"))).toEqual([]);
    await writeFile(path.join(after, "x.json"), schema({ maximum: 5 }));
    const changes = (await diff({ old: before, new: after, schemas: "." })).changes.map((change) => `${change.path} ${change.kind}`);
    // exclusiveMaximum 5 gives way to maximum 5, reported as the two bounds they are.
    expect(changes.sort()).toEqual(["n bound-added", "n bound-removed"]);
  });

  it("--default-dialect names the dialect of files without $schema; a bad value is a usage error", () => {
    const bad = runCli(["generate", "--schemas", SCHEMAS, "--out", path.join(work, "x"), "--default-dialect", "draft-03"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--default-dialect");
  });
});
