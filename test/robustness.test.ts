import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildSchemaModel, generate, resolveOptions } from "../codegen/index.js";
import { compileInProcess } from "../codegen/emit/validators.js";
import { modulePath } from "../codegen/emit/manifest.js";
import { REPO_ROOT } from "./helpers/cli.js";
import { sampleValues, mutations } from "./helpers/sample.js";

type Validate = (data: unknown) => boolean;

// JSON values plus what JSON.parse can give that object literals cannot: own __proto__ keys.
const nastyKey = fc.constantFrom("__proto__", "constructor", "toString", "hasOwnProperty", "", "a\u0000b", "\ud800", "x".repeat(300));
const nastyString = fc.oneof(
  fc.string(),
  fc.constantFrom("\ud800", "\udfff", "a\ud800b", "\u2028", "x".repeat(100_000), "2024-02-30T00:00:00Z", "0b8e7a9e-3c1d-4f2a-9a7b-1c2d3e4f5a6b"),
);
const nastyNumber = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(-0, 0, Number.MAX_VALUE, Number.MIN_VALUE, -Number.MAX_VALUE, 2 ** 53, 2 ** 53 + 2, 1e308, 5e-324, 0.1 + 0.2),
  fc.integer(),
);
const { value: jsonValue } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    nastyNumber,
    nastyString,
    fc.array(tie("value"), { maxLength: 5 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), nastyKey), tie("value"), { maxKeys: 6 }),
  ),
}));
// Round trip through JSON text, so "__proto__" keys become own properties as in parsed input.
const parsedJson = jsonValue.map((value) => JSON.parse(JSON.stringify(value)) as unknown);
const deep = fc.integer({ min: 50, max: 400 }).map((depth) => {
  let value: unknown = "leaf";
  for (let level = 0; level < depth; level++) value = level % 2 ? [value] : { nested: value };
  return value;
});

const FOLDERS = [
  { label: "fixture schemas", schemas: path.join(REPO_ROOT, "test/fixtures/codegen/basic/schemas") },
  { label: "domain schemas", schemas: path.join(REPO_ROOT, "schemas") },
];

describe("generated validators on arbitrary input: never throw, never mutate, agree with Ajv in process", () => {
  for (const { label, schemas } of FOLDERS) {
    it(label, async () => {
      const folder = await mkdtemp(path.join(os.tmpdir(), "schemagen-robust-"));
      await generate({ schemas, out: path.join(folder, "out") });
      const model = await buildSchemaModel(resolveOptions({ schemas }));
      const reference = compileInProcess(model.index);
      for (const named of model.names.all.filter((candidate) => candidate.pointer === "")) {
        const module = await import(pathToFileURL(path.join(folder, "out", modulePath(named.module))).href);
        const validate = module[`validate${named.name}`] as Validate;
        const expected = reference(named.resource.uri)!;
        // Near-valid values reach deep into the schema; arbitrary ones test the edges.
        const near = sampleValues(model.index, named, 20, 3).flatMap((value, index) => [value, ...mutations(value, index)]);
        const input = fc.oneof(parsedJson, deep, fc.constantFrom(...(near.length > 0 ? near : [null])));
        fc.assert(
          fc.property(input, (value) => {
            const before = JSON.stringify(value);
            const verdict = validate(value);
            expect(JSON.stringify(value)).toBe(before);
            expect(verdict, named.name).toBe(expected(value));
          }),
          { numRuns: 300, seed: 42 },
        );
      }
    });
  }
});

// Generated validators read a closed object's own keys once (emit/validators.ts, readClosedObjectsOnce). Objects
// built in code can hold what JSON.parse never gives: undefined values, inherited enumerable keys, any key order.
describe("objects built in code get Ajv's verdict and first error", () => {
  it("domain schemas", async () => {
    const schemas = path.join(REPO_ROOT, "schemas");
    const folder = await mkdtemp(path.join(os.tmpdir(), "schemagen-objects-"));
    await generate({ schemas, out: path.join(folder, "out") });
    const model = await buildSchemaModel(resolveOptions({ schemas }));
    const reference = compileInProcess(model.index);
    const summary = (errors: unknown) => JSON.stringify((errors as { instancePath: string; schemaPath: string; keyword: string; params: unknown }[] | null)?.[0] ?? null);
    let compared = 0;
    for (const named of model.names.all.filter((candidate) => candidate.pointer === "")) {
      const module = await import(pathToFileURL(path.join(folder, "out", modulePath(named.module))).href);
      const validate = module[`validate${named.name}`] as Validate & { errors?: unknown };
      const expected = reference(named.resource.uri)!;
      for (const [index, sample] of sampleValues(model.index, named, 10, 7).entries()) {
        if (typeof sample !== "object" || sample === null || Array.isArray(sample)) continue;
        const record = sample as Record<string, unknown>;
        // Each change is made to the object and, one level down, to its first member that is an object.
        const changes = (object: Record<string, unknown>): object[] => {
          const keys = Object.keys(object);
          return [
            { zz_first_extra: 1, ...object, aa_last_extra: 2 },
            { ...object, [`unknown_${index}`]: undefined },
            Object.assign(Object.create({ inherited_extra: 1, [keys[0] ?? "x"]: "inherited" }), object),
            Object.fromEntries([...keys].reverse().map((key) => [key, object[key]])),
            Object.fromEntries(keys.map((key, at) => [key, at === index % keys.length ? undefined : object[key]])),
          ];
        };
        const nestedKey = Object.keys(record).find((key) => typeof record[key] === "object" && record[key] !== null && !Array.isArray(record[key]));
        const variants = [
          ...changes(record),
          ...(nestedKey === undefined ? [] : changes(record[nestedKey] as Record<string, unknown>).map((inner) => ({ ...record, [nestedKey]: inner }))),
        ];
        for (const variant of variants) {
          const verdict = validate(variant);
          expect(verdict, named.name).toBe(expected(variant));
          if (!verdict) expect(summary(validate.errors), named.name).toBe(summary(expected.errors));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});
