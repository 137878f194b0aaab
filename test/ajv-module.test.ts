// emit/ajv-module.ts builds Ajv's standalone module from Ajv's compiled pieces, leaving the schema copies out as
// values: after the passes, the code must be exactly what Ajv's own standaloneCode gives.

import { describe, expect, it } from "vitest";
import standaloneModule from "ajv/dist/standalone/index.js";
import { createAjv } from "../codegen/ajv.js";
import { ajvModuleCode } from "../codegen/emit/ajv-module.js";
import { ALL_ERRORS_PASSES, PASSES, rewriteAjvCode } from "../codegen/emit/passes/index.js";
import { printProgram } from "../codegen/emit/passes/tree.js";

const standaloneCode = ((standaloneModule as { default?: unknown }).default ?? standaloneModule) as (ajv: unknown, refs: Record<string, string>) => string;

// Refs across files and into definitions, recursion through the root and a dynamic ref, an enum that errors point
// into, a "__proto__" property name and a line separator in a const.
const SCHEMAS = [
  {
    $id: "https://example.com/tree.json",
    $dynamicAnchor: "node",
    type: "object",
    properties: {
      kind: { enum: ["leaf", "branch"] },
      children: { type: "array", items: { $dynamicRef: "#node" } },
      parent: { $ref: "#" },
      owner: { $ref: "https://example.com/person.json#/$defs/name" },
      __proto__: { const: "line\u2028separator" },
    },
    required: ["kind"],
  },
  {
    $id: "https://example.com/person.json",
    type: "object",
    properties: { name: { $ref: "#/$defs/name" }, friend: { $ref: "#" }, tree: { $ref: "tree.json" } },
    $defs: { name: { type: "string", minLength: 1, enum: ["ann", "bob"] } },
  },
  // Mutual recursion between files and their definitions: Ajv refers to validators still being compiled through
  // wrapper and root values.
  { $id: "https://example.com/a.json", type: "object", properties: { b: { $ref: "b.json" }, d: { $ref: "#/$defs/d" } }, $defs: { d: { type: "object", properties: { a: { $ref: "#" }, b: { $ref: "b.json#/$defs/e" } } } } },
  { $id: "https://example.com/b.json", type: "object", properties: { a: { $ref: "a.json" }, e: { $ref: "#/$defs/e" } }, $defs: { e: { type: "object", properties: { d: { $ref: "a.json#/$defs/d" } } } } },
];

const EXPORTS = { root0: "https://example.com/tree.json", root1: "https://example.com/person.json", root2: "https://example.com/a.json", root3: "https://example.com/b.json" };

function compiled(allErrors: boolean) {
  const ajv = createAjv("2020-12", { standalone: true, allErrors });
  // JSON.parse: "__proto__" as a key of data, as a schema file gives it.
  for (const schema of SCHEMAS) ajv.addSchema(JSON.parse(JSON.stringify(schema)));
  return ajv;
}

describe("Ajv's module built from its pieces", () => {
  it.each([
    ["first-error", false, PASSES],
    ["all-errors", true, ALL_ERRORS_PASSES],
  ])("is Ajv's standaloneCode but for the copies, and the same code after the %s passes", (_mode, allErrors, passes) => {
    const ajv = compiled(allErrors);
    const ajvCode = standaloneCode(ajv, EXPORTS);
    const built = ajvModuleCode(ajv, EXPORTS);
    expect(built.schemaCopies.size).toBeGreaterThanOrEqual(2);
    expect(ajvCode).toMatch(/const wrapper\d+ = \{validate: validate\d+\};/);
    expect(ajvCode).toMatch(/const root\d+ = \{validate: validate\d+\};/);
    expect(ajvCode).toMatch(/validate\d+\.evaluated = /);
    const copies = [...ajvCode.matchAll(/const (schema\d+) = /g)].map((match) => match[1]);
    expect([...built.schemaCopies.keys()].sort()).toEqual(copies.sort());
    for (const name of copies) expect(built.code).toContain(`const ${name} = 0;`);
    // Put each copy's text back: the code is Ajv's, byte for byte.
    const restored = built.code.replace(/const (schema\d+) = 0;/g, (_text, name: string) =>
      `const ${name} = ${built.schemaCopies.get(name)};`,
    );
    expect(restored).toBe(ajvCode);
    const fromAjv = printProgram(rewriteAjvCode(ajvCode, passes).program);
    const fromPieces = printProgram(rewriteAjvCode(built.code, passes, built.schemaCopies).program);
    expect(fromPieces).toBe(fromAjv);
    expect(fromPieces).toMatch(/const schema\d+Value\d+ = \["leaf", "branch"\];/);
    expect(fromPieces).not.toMatch(/const schema\d+ = /);
  });

  it("prints a copy the code still names whole as Ajv's literal would print, through JSON.parse for a __proto__ key", () => {
    const withCopies = (schema1: string, schema2: string) =>
      `"use strict";\nexports.root0 = validate0;\nconst schema1 = ${schema1};\nconst schema2 = ${schema2};\nfunction validate0(data) {\nreturn [schema1, schema2];\n}`;
    const one = '{"type":"string","enum":["a"]}';
    const two = '{"properties":{"__proto__":{"type":"number"}}}';
    const copies = new Map([
      ["schema1", one],
      ["schema2", two],
    ]);
    const fromPieces = printProgram(rewriteAjvCode(withCopies("0", "0"), PASSES, copies).program);
    expect(fromPieces).toBe(printProgram(rewriteAjvCode(withCopies(one, two), PASSES).program));
    expect(fromPieces).toMatch(/const schema1 = \{\n"type": "string",\n"enum": \["a"\]\n\};/);
    expect(fromPieces).toContain(`const schema2 = JSON.parse(${JSON.stringify(two)});`);
  });

  it("fails loudly on code or an Ajv of another shape", () => {
    const code = `"use strict";\nexports.root0 = validate0;\nconst schema1 = {"type":"string"};\nfunction validate0(data) {\nreturn schema1.type;\n}`;
    expect(() => rewriteAjvCode(code, PASSES, new Map([["schema1", '{"type":"string"}']]))).toThrow(
      /pass schema-values met Ajv code of an unexpected shape: schema1 is left out of the code but declared as \{/,
    );
    const ajv = createAjv("2020-12", { allErrors: false });
    ajv.addSchema(JSON.parse(JSON.stringify(SCHEMAS[1])));
    expect(() => ajvModuleCode(ajv, { root0: "https://example.com/person.json" })).toThrow(/internal: Ajv's compiled code is not of the shape .*code\.source/);
  });
});
