import { describe, expect, it } from "vitest";
import { indexSchemaSet } from "../codegen/model/resources.js";
import { AJV_RULES, prepareAjvSchema } from "../codegen/normalize/for-ajv.js";

/** The copy Ajv compiles of one 2020-12 schema file. */
function ajvCopy(schema: Record<string, unknown>): Record<string, unknown> {
  const document = { $schema: "https://json-schema.org/draft/2020-12/schema", $id: "https://rules.example/a.json", ...schema };
  const text = JSON.stringify(document);
  const index = indexSchemaSet([{ path: "a.json", text, document }], "https://rules.example/");
  return prepareAjvSchema(index.files[0]!, index) as Record<string, unknown>;
}

describe("Ajv rules (normalize/for-ajv.ts)", () => {
  it("has a unique id and a reason for every rule", () => {
    expect(new Set(AJV_RULES.map((rule) => rule.id)).size).toBe(AJV_RULES.length);
    for (const rule of AJV_RULES) expect(rule.reason.length).toBeGreaterThan(20);
  });

  it("annotations-stay-out: annotations go from every subschema; properties named like them and data values stay", () => {
    const copy = ajvCopy({
      title: "Root",
      description: "The root.",
      $comment: "authors only",
      type: "object",
      properties: {
        description: { type: "string", description: "A property called description.", examples: ["x"], default: "y", deprecated: true },
        title: { $ref: "#/$defs/Title" },
        kind: { const: { description: "data", title: "data" }, enum: [{ examples: [1] }], readOnly: true, writeOnly: false },
      },
      $defs: { Title: { title: "Title", type: "string", minLength: 1 } },
      items: { oneOf: [{ description: "first", type: "integer" }] },
    });
    expect(copy).toEqual({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $id: "https://rules.example/a.json",
      type: "object",
      properties: {
        description: { type: "string" },
        // inline-leaf-refs copies the target in place; its title goes too.
        title: { type: "string", minLength: 1 },
        kind: { const: { description: "data", title: "data" }, enum: [{ examples: [1] }] },
      },
      $defs: { Title: { type: "string", minLength: 1 } },
      items: { oneOf: [{ type: "integer" }] },
    });
  });
});
