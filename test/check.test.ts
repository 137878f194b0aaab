// The check stage on what Ajv's metaschema check alone would make slow: its verdict and its message, fast.

import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildSchemaModel, lint, resolveOptions, SchemagenError } from "../codegen/index.js";
import { createAjv } from "../codegen/ajv.js";
import { METASCHEMA_URIS, type Dialect } from "../codegen/model/dialect.js";

const work = await mkdtemp(path.join(os.tmpdir(), "schemagen-check-"));
afterAll(() => rm(work, { recursive: true, force: true }));

/** The diagnostics of building a model of one schema file, or [] when it builds. */
async function diagnosticsOf(name: string, schema: object) {
  const schemas = path.join(work, name);
  await mkdir(schemas, { recursive: true });
  await writeFile(path.join(schemas, "a.json"), JSON.stringify(schema));
  try {
    await buildSchemaModel({ ...resolveOptions({ schemas }), pinNamesFrom: false });
    return [];
  } catch (error) {
    if (!(error instanceof SchemagenError)) throw error;
    return error.diagnostics.map(({ code, pointer, message }) => ({ code, pointer, message }));
  }
}

/** What Ajv's own metaschema check says about the enum at /properties/a/enum. */
function ajvEnumMessage(dialect: Dialect, schema: object): string | undefined {
  const checker = createAjv(dialect, { allErrors: true });
  checker.validateSchema({ ...schema, $schema: METASCHEMA_URIS[dialect] });
  return checker.errors?.find((error) => error.instancePath === "/properties/a/enum")?.message;
}

const URIS: Record<string, string> = {
  "draft-04": "http://json-schema.org/draft-04/schema#",
  "draft-06": "http://json-schema.org/draft-06/schema#",
  "draft-07": "http://json-schema.org/draft-07/schema#",
  "2020-12": "https://json-schema.org/draft/2020-12/schema",
};

describe("the check on an enum of thousands of values", () => {
  // Values 40 and 1700 are the same object with its keys in another order; 3 and 1200 the same string.
  const values = [...Array(2000).keys()].map((index) => `v${index}`) as unknown[];
  values[40] = { code: "A", level: [1, { x: null }] };
  values[1700] = { level: [1, { x: null }], code: "A" };
  values[1200] = values[3];

  for (const dialect of ["draft-04", "draft-06", "draft-07"] as const) {
    it(`${dialect}: gives Ajv's own duplicate error, at the enum`, async () => {
      const schema = { $schema: URIS[dialect], properties: { a: { enum: values }, b: { type: "strng" } } };
      const expected = ajvEnumMessage(dialect, schema);
      expect(expected).toBe("must NOT have duplicate items (items ## 40 and 1700 are identical)");
      const found = await diagnosticsOf(`dup-${dialect}`, schema);
      expect(found).toContainEqual({ code: "metaschema-violation", pointer: "/properties/a/enum", message: `fails its dialect's metaschema: ${expected}` });
      // The rest of the schema is still checked.
      expect(found.map((diagnostic) => diagnostic.pointer)).toContain("/properties/b/type");
      expect(await diagnosticsOf(`unique-${dialect}`, { $schema: URIS[dialect], properties: { a: { enum: [...new Set(values.map((value) => JSON.stringify(value)))] } } })).toEqual([]);
    });
  }

  it("2020-12: duplicates are no error, as its metaschema says, and lint's duplicate-enum-value names each repeat", async () => {
    expect(ajvEnumMessage("2020-12", { properties: { a: { enum: values } } })).toBeUndefined();
    expect(await diagnosticsOf("dup-2020-12", { $schema: URIS["2020-12"], properties: { a: { enum: values } } })).toEqual([]);
    const findings = await lint({ schemas: path.join(work, "dup-2020-12") });
    expect(findings.filter((finding) => finding.rule === "duplicate-enum-value").map(({ pointer, message }) => [pointer, message])).toEqual([
      ["/properties/a/enum/1200", '"v3" is listed twice'],
      ["/properties/a/enum/1700", '{"level":[1,{"x":null}],"code":"A"} is listed twice'],
    ]);
  });
});
