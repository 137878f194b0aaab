// The passes over Ajv's code, first-error and all-errors twin: what each counts on Ajv's real output, and that a
// shape half there fails loudly instead of changing the code or the report.

import { describe, expect, it } from "vitest";
import standaloneModule from "ajv/dist/standalone/index.js";
import { createAjv } from "../codegen/ajv.js";
import { ALL_ERRORS_PASSES, PASSES, rewriteAjvCode } from "../codegen/emit/passes/index.js";
import type { NodePass } from "../codegen/emit/passes/pass.js";
import { forEachNode, parseProgram, printProgram } from "../codegen/emit/passes/tree.js";

const standaloneCode = ((standaloneModule as { default?: unknown }).default ?? standaloneModule) as (ajv: unknown, refs: Record<string, string>) => string;

function ajvCode(schema: object, allErrors: boolean): string {
  const ajv = createAjv("2020-12", { standalone: true, allErrors });
  ajv.addSchema({ $id: "https://example.com/s.json", ...schema });
  return standaloneCode(ajv, { validateS: "https://example.com/s.json" });
}

const allErrorsCode = (schema: object) => ajvCode(schema, true);

// One schema with a shape for every first-error pass: a closed object, a pattern-keyed one, string lengths, `not`
// and `if` (their subschemas' errors are discarded), a required property Object.prototype also has.
const FIRST_ERROR_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["name"],
  properties: {
    name: { type: "string", maxLength: 8, minLength: 2 },
    tags: { type: "object", patternProperties: { "^x-": { type: "string" } }, additionalProperties: false },
    kind: { enum: ["a", "b"] },
    n: { not: { type: "string" } },
    c: { if: { minimum: 3 }, then: { maximum: 9 } },
    r: { type: "object", properties: { toString: { type: "string" } }, required: ["toString"] },
  },
};

describe("first-error passes, in one shared walk where they can", () => {
  it("count every shape they rewrite on Ajv's output, and leave none of it behind", () => {
    const code = ajvCode(FIRST_ERROR_SCHEMA, false);
    const { program, changes } = rewriteAjvCode(code, PASSES);
    expect(changes).toEqual({
      "ajv-optimize": 17,
      "prototype-keys": 0,
      "schema-values": 2,
      "discarded-errors": 2,
      "own-checks": 7,
      "for-in-keys": 3,
      "key-verdicts": 2,
      "runtime-imports": 5,
      "code-point-lengths": 2,
      "closed-objects": 1,
      "path-calls": 0,
    });
    const printed = printProgram(program);
    expect(code.match(/Object\.keys\(/g)).toHaveLength(3);
    // The schema's copy goes; the enum's values become a constant of their own.
    expect(code).toMatch(/const schema\d+ = \{/);
    expect(printed).not.toMatch(/const schema\d+ = /);
    expect(printed).toMatch(/const schema\d+Value0 = \["a", "b"\];/);
    expect(printed).not.toMatch(/Object\.keys\(|require\(|\.test\(key|const err\d+ = \{\};/);
    expect(printed.match(/\.testKey\(key\d+\)/g)).toHaveLength(2);
    expect(printed).toMatch(/data0\.length > 8 && ucs2length\(data0\) > 8/);
    expect(printed).toMatch(/data0\.length < 4 && ucs2length\(data0\) < 2/);
    // The closed object's values are read once, in its own loop; toString keeps its own-property check.
    expect(printed).toMatch(/switch \(key0\) \{\ncase "name":\nown_name = data\[key0\];/);
    expect(printed).toMatch(/func0\.call\(data\d+, "toString"\)/);
  });

  it.each([
    ["for-in-keys", (code: string) => code.replace(/for\(const (key\d+) of Object\.keys\((data\d*)\)\)/, "for(let $1 of Object.keys($2))"), /another shape: for \(let key\d+ of Object\.keys\(data\d*\)\) \{/],
    // Ajv calls ucs2length through an alias (`const funcN = require(…).default`).
    ["code-point-lengths", (code: string) => code.replace(/(func\d+)\((data\d*)\) > 8/, "$1($2) + 0 > 8"), /`< N`: ucs2length\(data\d*\)$/],
    ["runtime-imports", (code: string) => code.replace('require("ajv/dist/runtime/ucs2length")', 'require("left-pad")'), /unknown runtime dependency: require\("left-pad"\)/],
  ])("%s throws on a shape half there instead of rewriting it, quoting the code", (pass, spoil, detail) => {
    const code = ajvCode(FIRST_ERROR_SCHEMA, false);
    const spoiled = spoil(code);
    expect(spoiled).not.toBe(code);
    expect(() => rewriteAjvCode(spoiled, PASSES)).toThrow(pass === "runtime-imports" ? detail : new RegExp(`pass ${pass} met Ajv code of an unexpected shape`));
    expect(() => rewriteAjvCode(spoiled, PASSES)).toThrow(detail);
  });
});

describe("the shared walk's dispatch by node type", () => {
  it("offers a node pass every node it wants: each `wants` accepts only the types its nodeTypes lists", () => {
    const nodePasses = [...PASSES, ...ALL_ERRORS_PASSES].filter((pass): pass is NodePass => "start" in pass);
    expect(new Set(nodePasses.map((pass) => pass.id)).size).toBeGreaterThanOrEqual(7);
    let wanted = 0;
    for (const allErrors of [false, true]) {
      for (const pass of nodePasses) {
        const program = parseProgram(ajvCode(FIRST_ERROR_SCHEMA, allErrors));
        const rewrite = pass.start(program, { hasOwn: "func0" });
        forEachNode(program, (node) => {
          if (!rewrite.wants(node)) return;
          wanted++;
          expect(pass.nodeTypes, pass.id).toContain(node.type);
        });
      }
    }
    expect(wanted).toBeGreaterThan(100);
  });
});

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
