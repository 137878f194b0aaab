// A large folder's validators compile partly on worker threads: the same pieces as compiled in process, however the
// compiles are shared, and the built CLI's thread entry works.

import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSchemaModel, resolveOptions } from "../codegen/index.js";
import { compileUnits, emitValidatorModules, planCompiles } from "../codegen/emit/validators.js";
import { startCompilePool } from "../codegen/emit/compile-threads.js";
import { REPO_ROOT, runCli } from "./helpers/cli.js";
import { copySampleSchemas } from "./helpers/schemastore.js";

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), "schemagen-compile-threads-"));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe("the validator compile threads", () => {
  it("gives the same module pieces as the compile in process, for every dialect and a __proto__ key", async () => {
    const schemas = path.join(folder, "mixed");
    await cp(path.join(REPO_ROOT, "test/fixtures/codegen/prose/schemas"), path.join(schemas, "prose"), { recursive: true });
    await cp(path.join(REPO_ROOT, "test/fixtures/codegen/dialects/schemas"), path.join(schemas, "dialects"), { recursive: true });
    await mkdir(path.join(schemas, "sample"));
    await writeFile(
      path.join(schemas, "sample/cart.json"),
      JSON.stringify({ $schema: "https://json-schema.org/draft/2019-09/schema", title: "Cart", allOf: [{ properties: { id: { type: "string" } } }], unevaluatedProperties: false }),
    );
    // draft-04, draft-07 and 2020-12 files somebody else wrote.
    await copySampleSchemas(path.join(schemas, "sample"), (name) => ["specif-1.0.json", "github-action.json", "scarb.json"].includes(name));
    const { index, names } = await buildSchemaModel({ ...resolveOptions({ schemas }), pinNamesFrom: false });
    const roots = names.all.filter((named) => named.pointer === "");
    const here = await emitValidatorModules(roots, index, true);
    // With one and two threads claiming units beside this one: the same pieces, with twins and without.
    for (const count of [1, 2]) expect(await emitValidatorModules(roots, index, true, startCompilePool(planCompiles(index, true), index, count))).toEqual(here);
    expect(here.diagnostics).toEqual([]);
    expect(new Set([...here.modules.values()].map((module) => module.dialect))).toEqual(new Set(["2020-12", "2019-09", "draft-07", "draft-06", "draft-04"]));
    expect([...here.modules.values()].some((module) => module.allErrors?.code.includes('"__proto__"'))).toBe(true);
    const none = await emitValidatorModules(roots, index, false);
    expect([...none.modules.values()].every((module) => module.allErrors === undefined)).toBe(true);
    expect([...none.modules].map(([key, { allErrors: _, ...first }]) => [key, first])).toEqual([...here.modules].map(([key, { allErrors: _, ...first }]) => [key, first]));
    for (const count of [1, 2]) expect(await emitValidatorModules(roots, index, false, startCompilePool(planCompiles(index, false), index, count))).toEqual(none);
    // Threads started on other compiles than the named roots ask for are refused, and stopped.
    expect(() => emitValidatorModules(roots, index, true, startCompilePool(planCompiles(index, false), index, 1))).toThrow("internal: the compile threads were started on other compiles");
    expect(() => emitValidatorModules(roots.slice(1), index, false, startCompilePool(planCompiles(index, false), index, 1))).toThrow("internal: the compile threads were started on other compiles");
    // A compile that throws on this thread rejects finish, with the thread stopped rather than left compiling.
    const pool = startCompilePool(planCompiles(index, false), index, 1);
    await expect(
      pool.finish(() => {
        throw new Error("this thread's compile failed");
      }),
    ).rejects.toThrow("this thread's compile failed");
  });

  it("compiles together exactly the files refs connect, also through a file of no declared dialect", async () => {
    const schemas = path.join(folder, "units/shop");
    await mkdir(schemas, { recursive: true });
    const draft07 = "http://json-schema.org/draft-07/schema#";
    const files: Record<string, object> = {
      "cart.json": { $schema: "https://json-schema.org/draft/2020-12/schema", title: "Cart", properties: { line: { $ref: "line.json" } } },
      "line.json": { $schema: "https://json-schema.org/draft/2020-12/schema", title: "Line", properties: { price: { $ref: "price.json#/$defs/amount" } } },
      "price.json": {
        $schema: "https://json-schema.org/draft/2020-12/schema",
        title: "Price",
        // Refers to itself: Ajv compiles it as a function of its own rather than inline.
        $defs: { amount: { type: "object", properties: { value: { type: "number" }, parts: { type: "array", items: { $ref: "#/$defs/amount" } } } } },
      },
      "coupon.json": { $schema: "https://json-schema.org/draft/2020-12/schema", title: "Coupon", type: "string" },
      "order.json": { $schema: draft07, title: "Order", properties: { money: { $ref: "money.json" } } },
      "refund.json": { $schema: draft07, title: "Refund", properties: { money: { $ref: "money.json" } } },
      "money.json": { title: "Money", type: "integer" },
      "note.json": { $schema: draft07, title: "Note", type: "string" },
    };
    for (const [name, schema] of Object.entries(files)) await writeFile(path.join(schemas, name), JSON.stringify(schema));
    const { index, names } = await buildSchemaModel({ ...resolveOptions({ schemas: path.dirname(schemas) }), pinNamesFrom: false });
    const roots = names.all.filter((named) => named.pointer === "");
    const unitFiles = (minBytes?: number) => compileUnits(roots.map((named) => named.resource), index, minBytes).map((unit) => [unit.dialect, unit.roots.map((position) => path.basename(roots[position]!.resource.file.path))]);
    const units = unitFiles(0);
    // money.json declares no dialect: it takes the default (2020-12) as a root of its own, and compiles with each
    // draft-07 file that refs it, which joins order and refund.
    expect(units).toEqual([
      ["2020-12", ["cart.json", "line.json", "price.json"]],
      ["2020-12", ["coupon.json"]],
      ["2020-12", ["money.json"]],
      ["draft-07", ["note.json"]],
      ["draft-07", ["order.json", "refund.json"]],
    ]);
    // By default, small units of one dialect compile together: an Ajv instance costs as much as a small schema.
    expect(unitFiles()).toEqual([
      ["2020-12", ["cart.json", "coupon.json", "line.json", "money.json", "price.json"]],
      ["draft-07", ["note.json", "order.json", "refund.json"]],
    ]);
    // Under 200 bytes of schema text: coupon and money join; cart's unit (459 bytes) and order's (263) stay apart.
    expect(unitFiles(200)).toEqual([
      ["2020-12", ["cart.json", "line.json", "price.json"]],
      ["2020-12", ["coupon.json", "money.json"]],
      ["draft-07", ["note.json"]],
      ["draft-07", ["order.json", "refund.json"]],
    ]);
    const { modules, diagnostics } = await emitValidatorModules(roots, index, false);
    expect(diagnostics).toEqual([]);
    // The shared definition is compiled once, in its own file's module; the others import it.
    const shared = modules.get("shop/price.js")!.exports;
    expect(shared).toHaveLength(1);
    expect(modules.get("shop/line.js")!.imports).toEqual(new Map([["shop/price.js", shared]]));
    expect(modules.get("shop/line.js")!.code).not.toContain('"parts"');
  });

  it("runs from the built CLI on a folder past the threshold, first-error only and with twins that report every error", async () => {
    const schemas = path.join(folder, "large/shop");
    await mkdir(schemas, { recursive: true });
    // Over 1 MiB of schema text, in prose: cheap to compile, and enough for the thread.
    const schema = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $id: "https://example.com/shop/order.json",
      title: "Order",
      description: "An order. ".repeat(110_000),
      type: "object",
      properties: { sku: { type: "string" }, qty: { type: "integer" } },
      required: ["sku"],
      additionalProperties: false,
    };
    await writeFile(path.join(schemas, "order.json"), JSON.stringify(schema));
    const out = path.join(folder, "large-out");
    const result = runCli(["generate", "--schemas", path.dirname(schemas), "--out", out]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(await readFile(path.join(out, "shop/order.js"), "utf8")).toMatch(/const reportOrder = validate\d+\$all;/);
    const order = (await import(pathToFileURL(path.join(out, "shop/order.js")).href)) as { OrderSchema: { "~standard": { validate(value: unknown): { issues?: { message: string; path: string[] }[] } } } };
    expect(order.OrderSchema["~standard"].validate({ qty: "2", colour: "red" }).issues).toEqual([
      { message: "missing required property 'sku'", path: ["sku"] },
      { message: "unexpected property 'colour'", path: ["colour"] },
      { message: "must be integer", path: ["qty"] },
    ]);
    // First-error only, the one compile goes to the thread: this thread has the types.
    const firstOut = path.join(folder, "large-first");
    const first = runCli(["generate", "--schemas", path.dirname(schemas), "--out", firstOut, "--errors", "first"]);
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    const firstCode = await readFile(path.join(firstOut, "shop/order.js"), "utf8");
    expect(firstCode).not.toContain("$all");
    const firstOrder = (await import(pathToFileURL(path.join(firstOut, "shop/order.js")).href)) as typeof order;
    expect(firstOrder.OrderSchema["~standard"].validate({ qty: "2", colour: "red" }).issues).toEqual([{ message: "missing required property 'sku'", path: ["sku"] }]);
  });
});
