// The passes over the all-errors twin: what each counts on Ajv's real output, and that a shape half there fails
// loudly instead of changing the report.

import { describe, expect, it } from "vitest";
import standaloneModule from "ajv/dist/standalone/index.js";
import { createAjv } from "../codegen/ajv.js";
import { ALL_ERRORS_PASSES, rewriteAjvCode } from "../codegen/emit/passes/index.js";
import { printProgram } from "../codegen/emit/passes/tree.js";

const standaloneCode = ((standaloneModule as { default?: unknown }).default ?? standaloneModule) as (ajv: unknown, refs: Record<string, string>) => string;

function allErrorsCode(schema: object): string {
  const ajv = createAjv("2020-12", { standalone: true, allErrors: true });
  ajv.addSchema({ $id: "https://example.com/s.json", ...schema });
  return standaloneCode(ajv, { validateS: "https://example.com/s.json" });
}

describe("branch-errors", () => {
  it("marks every failed oneOf/anyOf, whatever its branches (a subschema, {}, true, false)", () => {
    const code = allErrorsCode({
      properties: {
        a: { oneOf: [{ type: "string" }, {}, { type: "integer" }] },
        b: { anyOf: [false, { type: "string" }, { minimum: 3 }] },
        c: { oneOf: [true, false] },
        d: { items: { anyOf: [{ oneOf: [{ type: "string" }, { type: "number" }] }, { type: "null" }] } },
      },
    });
    const { program, changes } = rewriteAjvCode(code, ALL_ERRORS_PASSES);
    expect(changes["branch-errors"]).toBe(5);
    const printed = printProgram(program);
    // Each combinator's marks: one per branch plus its end.
    const pushes = (list: string) => printed.split(`${list}.push(`).length - 1;
    expect([0, 1, 2, 3, 4].map((list) => pushes(`branches${list}`)).sort()).toEqual([3, 3, 3, 4, 4]);
  });

  it("throws when a oneOf error is not where Ajv puts it", () => {
    const code = allErrorsCode({ oneOf: [{ type: "string" }, { type: "number" }] }).replace(/\}else \{errors = (_errs\d+);/, "}else {errors = $1 + 0;");
    expect(() => rewriteAjvCode(code, ALL_ERRORS_PASSES)).toThrow(/pass branch-errors met Ajv code of an unexpected shape/);
  });
});

describe("error-pushes", () => {
  it("writes each of Ajv's error pushes as one statement, and leaves nothing of the old shape", () => {
    const code = allErrorsCode({ type: "object", required: ["a", "b"], properties: { a: { type: "string" } } });
    const before = code.split("vErrors.push(err").length - 1;
    const { program, changes } = rewriteAjvCode(code, ALL_ERRORS_PASSES);
    expect(changes["error-pushes"]).toBe(before);
    expect(before).toBe(4);
    expect(printProgram(program)).not.toMatch(/vErrors\.push\(err\d+\)/);
  });
});
