import { describe, expect, it } from "vitest";
import { TYPE_RULES } from "../codegen/normalize/rules.js";

function rule(id: string) {
  const found = TYPE_RULES.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
}

describe("type rules (normalize/rules.ts): each keeps the emitted type sound", () => {
  it("has a unique id and a reason for every rule", () => {
    const ids = TYPE_RULES.map((candidate) => candidate.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const candidate of TYPE_RULES) expect(candidate.reason.length).toBeGreaterThan(20);
  });

  it("structured-constants-are-unknown: object enum values become unknown", () => {
    expect(rule("structured-constants-are-unknown").apply({ enum: [{ $ref: "#/x" }, 1] }, {})).toEqual({ tsType: "unknown" });
    expect(rule("structured-constants-are-unknown").apply({ enum: ["a", 1, null] }, {})).toEqual({ enum: ["a", 1, null] });
  });

  it("prefix-items-as-tuple: prefixItems and items become a tuple with a rest type", () => {
    expect(rule("prefix-items-as-tuple").apply({ prefixItems: [{ type: "string" }], items: false }, {})).toEqual({
      items: [{ type: "string" }],
      additionalItems: false,
    });
    expect(rule("prefix-items-as-tuple").apply({ prefixItems: [{ type: "string" }] }, {})).toEqual({
      items: [{ type: "string" }],
      additionalItems: { tsType: "unknown" },
    });
  });

  it("open-tuple-by-default: a draft-07 tuple accepts more items unless additionalItems says otherwise", () => {
    expect(rule("open-tuple-by-default").apply({ items: [{ type: "string" }] }, {})).toEqual({
      items: [{ type: "string" }],
      additionalItems: { tsType: "unknown" },
    });
  });

  it("pattern-properties-stay-open: other keys stay allowed unless additionalProperties is false", () => {
    const schema = { type: "object", patternProperties: { "^x": { type: "number" } } };
    expect(rule("pattern-properties-stay-open").apply(schema, {}).additionalProperties).toEqual({ tsType: "unknown" });
    expect(rule("pattern-properties-stay-open").apply({ ...schema, additionalProperties: false }, {}).additionalProperties).toBe(false);
  });

  it("ignore-user-type-hints: a schema's own tsType never reaches the declarations", () => {
    expect(rule("ignore-user-type-hints").apply({ type: "string", tsType: "evil()", tsEnumNames: ["x"] }, {})).toEqual({
      type: "string",
    });
    expect(TYPE_RULES[0]!.id).toBe("ignore-user-type-hints");
  });

  it("keep-only-type-keywords: not, if/then/else, titles and ids are dropped", () => {
    const kept = rule("keep-only-type-keywords").apply(
      { type: "string", not: { type: "string" }, if: {}, then: {}, title: "T", $id: "x", description: "d" },
      {},
    );
    expect(kept).toEqual({ type: "string", description: "d" });
  });

  it("default-needs-type: a default alone does not make the type a string", () => {
    expect(rule("default-needs-type").apply({ default: "x" }, {})).toEqual({});
    expect(rule("default-needs-type").apply({ type: "string", default: "x" }, {})).toEqual({ type: "string", default: "x" });
  });

  it("untyped-keywords-apply-to-any-type: properties without type give unknown, unless an applicator implies the type", () => {
    expect(rule("untyped-keywords-apply-to-any-type").apply({ properties: { a: {} } }, {})).toEqual({ tsType: "unknown" });
    expect(rule("untyped-keywords-apply-to-any-type").apply({ required: ["a"] }, { impliedType: "object" })).toEqual({
      required: ["a"],
      type: "object",
    });
    expect(rule("untyped-keywords-apply-to-any-type").apply({ anyOf: [{ type: "string" }] }, {})).toEqual({
      anyOf: [{ type: "string" }],
    });
  });
});
