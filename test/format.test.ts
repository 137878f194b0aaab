import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parse } from "@babel/parser";
import { describe, expect, it } from "vitest";
import { resolveOptions } from "../codegen/config.js";
import { emitTypeDeclaration } from "../codegen/emit/types.js";
import { formatDeclarations } from "../codegen/format.js";
import { buildSchemaModel } from "../codegen/pipeline.js";
import { copySampleSchemas, OUTSIDE_REFS } from "./helpers/schemastore.js";

const GENERATED = path.join(import.meta.dirname, "..", "generated");

/** The syntax tree of declarations, without positions, raw text, comments or parentheses: what the types mean. */
function meaning(text: string): string {
  const program = parse(text, { sourceType: "module", plugins: [["typescript", { dts: true }]] }).program;
  return JSON.stringify(program, (key, value) => {
    if (["start", "end", "loc", "extra", "leadingComments", "trailingComments", "innerComments"].includes(key)) return undefined;
    let node = value;
    while (node?.type === "TSParenthesizedType") node = node.typeAnnotation;
    return node;
  });
}

describe("format: the declaration printer", () => {
  it("indents json-schema-to-typescript's output, ends members with semicolons and drops the parentheses it writes", () => {
    const raw = [
      "export interface Track {",
      "/**",
      " * Track id.",
      " */",
      "id: string",
      "genre?: (null | string)",
      "tags?: (string | number)[]",
      "nested?: {",
      "[k: string]: unknown",
      "}",
      "}",
    ].join("\n");
    expect(formatDeclarations(raw)).toBe(
      [
        "export interface Track {",
        "  /**",
        "   * Track id.",
        "   */",
        "  id: string;",
        "  genre?: null | string;",
        "  tags?: (string | number)[];",
        "  nested?: {",
        "    [k: string]: unknown;",
        "  };",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("a long union goes to the next line when it fits there, else one member a line", () => {
    const members = (count: number, length: number) => Array.from({ length: count }, (_, at) => `"${String(at).padStart(length, "m")}"`);
    // 115 characters: past the line after `fits?: `, within the next one.
    const fits = [...members(8, 9), '"x"'];
    const long = members(12, 10);
    const text = formatDeclarations(`export interface A {\nfits?: (${fits.join(" | ")})\nlong?: (${long.join(" | ")})\n}`);
    expect(text).toBe(
      ["export interface A {", "  fits?:", `    ${fits.join(" | ")};`, "  long?:", ...long.map((member, at) => `    | ${member}${at === long.length - 1 ? ";" : ""}`), "}", ""].join("\n"),
    );
    expect(formatDeclarations(`export type B = (${long.join(" | ")})`)).toBe(["export type B =", ...long.map((member) => `  | ${member}`)].join("\n") + ";\n");
  });

  it("one object type and null stay beside the name; an object among other types breaks the union", () => {
    const text = formatDeclarations("export interface A {\nmaybe?: ({\nx: string\n} | null)\neither?: ({\nx: string\n} | string)\n}");
    expect(text).toBe(
      [
        "export interface A {",
        "  maybe?: {",
        "    x: string;",
        "  } | null;",
        "  either?:",
        "    | {",
        "        x: string;",
        "      }",
        "    | string;",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("breaks a long import, a long type argument list and a long signature, keeps one simple type argument", () => {
    const names = Array.from({ length: 12 }, (_, at) => `SomeLongTypeName${at}`);
    const name = "A".repeat(100);
    const text = formatDeclarations(
      [
        `import type { ${names.join(", ")} } from "./other.js";`,
        `export declare const ${name}Schema: runtime.StandardSchemaV1<unknown, ${name}>;`,
        `export declare const validate${name}: runtime.Validator<${name}>;`,
        `export declare function create${name}(input: runtime.FactoryInput<${name}, "id">): ${name};`,
      ].join("\n"),
    );
    expect(text).toBe(
      [
        "import type {",
        ...names.map((typeName) => `  ${typeName},`),
        '} from "./other.js";',
        `export declare const ${name}Schema: runtime.StandardSchemaV1<`,
        "  unknown,",
        `  ${name}`,
        ">;",
        `export declare const validate${name}: runtime.Validator<${name}>;`,
        `export declare function create${name}(`,
        `  input: runtime.FactoryInput<${name}, "id">,`,
        `): ${name};`,
        "",
      ].join("\n"),
    );
  });

  it("keeps one blank line where the source had blank lines, and comments between statements", () => {
    const text = formatDeclarations('// banner\n\n\nimport type * as runtime from "./runtime.js";\n\n/** Doc. */\nexport type A = string\nexport type B = number');
    expect(text).toBe('// banner\n\nimport type * as runtime from "./runtime.js";\n\n/** Doc. */\nexport type A = string;\nexport type B = number;\n');
  });

  it("fails loudly on a comment or a node it has no place for, naming the line", () => {
    expect(() => formatDeclarations("export type A =\n(string |\n/** inside */\nnumber)")).toThrow(/no place for the comment on line 3/);
    expect(() => formatDeclarations("export type A = string\nexport declare class B {}")).toThrow(/no layout for a ClassDeclaration \(line 2/);
  });

  it("keeps the meaning of every declaration json-schema-to-typescript writes for the SchemaStore sample", async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), "schemagen-format-"));
    try {
      await copySampleSchemas(folder, (name) => !(name in OUTSIDE_REFS));
      const model = await buildSchemaModel({ ...resolveOptions({ schemas: folder }), pinNamesFrom: false });
      let multiLine = 0;
      for (const named of model.names.all) {
        const { source } = await emitTypeDeclaration(named, model.index, model.names);
        const printed = formatDeclarations(source);
        expect(meaning(printed), named.name).toBe(meaning(source));
        if (printed.split("\n").some((line) => line.startsWith("    | "))) multiLine++;
      }
      expect(model.names.all.length).toBeGreaterThan(2000);
      // The layouts that matter are exercised: unions broken a member a line inside objects.
      expect(multiLine).toBeGreaterThan(50);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }, 120_000);

  it("prints every module declaration of the bundled output as it stands (the printer is idempotent on its output)", () => {
    const files = readdirSync(GENERATED, { recursive: true })
      .map(String)
      .filter((file) => file.endsWith(".d.ts") && path.basename(file) !== "index.d.ts" && file !== "runtime.d.ts");
    expect(files.length).toBeGreaterThan(30);
    for (const file of files) {
      const text = readFileSync(path.join(GENERATED, file), "utf8");
      expect(formatDeclarations(text), file).toBe(text);
    }
  });
});
