// What a person reads when a value fails: the message and the Standard Schema path of each keyword family, the
// same through assert, Standard Schema and `schemagen validate`.

import { mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "../codegen/index.js";
import { runCli } from "./helpers/cli.js";

const SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://example.com/shop/order.json",
  title: "Order",
  type: "object",
  properties: {
    sku: { type: "string" },
    status: { enum: ["NEW", "PAID", "SHIPPED", "DELIVERED", "RETURNED", "CANCELLED", "LOST", "HELD", "REFUNDED", "DISPUTED"] },
    kind: { const: "order" },
    placed_at: { type: "string", format: "date-time" },
    card: { type: "string" },
    billing_zip: { type: "string" },
    tags: { type: "object", propertyNames: { pattern: "^[a-z]+$" }, additionalProperties: { type: "string" } },
    lines: { type: "array", items: { type: "object", properties: { qty: { type: "integer" } }, required: ["qty"], additionalProperties: false } },
    extra: { type: "object", properties: { a: { type: "string" } }, unevaluatedProperties: false },
    payment: {
      oneOf: [
        { type: "object", properties: { method: { const: "card" }, last4: { type: "string", pattern: "^[0-9]{4}$" } }, required: ["method", "last4"], additionalProperties: false },
        { type: "object", properties: { method: { const: "invoice" }, due_days: { type: "integer", maximum: 90 } }, required: ["method", "due_days"], additionalProperties: false },
      ],
    },
    note: { anyOf: [{ type: "string", maxLength: 3 }, { type: "integer" }] },
    either: { oneOf: [{ type: "string" }, { maxLength: 5 }] },
  },
  required: ["sku"],
  dependentRequired: { card: ["billing_zip"] },
  additionalProperties: false,
};

type Issue = { message: string; path: (string | number)[] };
type ErrorObject = { instancePath: string; keyword: string; params: Record<string, unknown> };
type Module = {
  OrderSchema: { "~standard": { validate(value: unknown, options?: { libraryOptions?: Record<string, unknown> }): { issues?: Issue[] } } };
  assertOrder(value: unknown): void;
  validateOrder: ((value: unknown) => boolean) & { errors?: ErrorObject[] | null };
};
type Runtime = { setMaxErrors(limit: number): void; DEFAULT_MAX_ERRORS: number };

let folder: string;
let order: Module;
let runtime: Runtime;

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), "schemagen-messages-"));
  await mkdir(path.join(folder, "schemas/shop"), { recursive: true });
  await writeFile(path.join(folder, "schemas/shop/order.json"), JSON.stringify(SCHEMA, null, 2));
  await generate({ schemas: path.join(folder, "schemas"), out: path.join(folder, "generated") });
  order = (await import(pathToFileURL(path.join(folder, "generated/shop/order.js")).href)) as Module;
  runtime = (await import(pathToFileURL(path.join(folder, "generated/runtime.js")).href)) as Runtime;
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

const valid = { sku: "A-1" };

const CASES: [string, unknown, Issue | Issue[]][] = [
  ["additionalProperties names the extra property", { ...valid, colour: "red" }, { message: "unexpected property 'colour'", path: ["colour"] }],
  ["unevaluatedProperties names it too", { ...valid, extra: { a: "x", b: 1 } }, { message: "unexpected property 'b'", path: ["extra", "b"] }],
  ["a name with a quote or a line break is shown as JSON", { ...valid, "it's\n": 1 }, { message: 'unexpected property "it\'s\\n"', path: ["it's\n"] }],
  ["required names the missing property", {}, { message: "missing required property 'sku'", path: ["sku"] }],
  ["inside an array item", { ...valid, lines: [{ qty: 1 }, {}] }, { message: "missing required property 'qty'", path: ["lines", 1, "qty"] }],
  ["dependentRequired names the missing one and why", { ...valid, card: "4111" }, { message: "missing property 'billing_zip', required when 'card' is present", path: ["billing_zip"] }],
  ["enum lists the allowed values, cut after eight", { ...valid, status: "GONE" }, {
    message: 'must be one of "NEW", "PAID", "SHIPPED", "DELIVERED", "RETURNED", "CANCELLED", "LOST", "HELD", … (2 more)',
    path: ["status"],
  }],
  ["const shows the value", { ...valid, kind: "refund" }, { message: 'must be "order"', path: ["kind"] }],
  ["format names the format", { ...valid, placed_at: "yesterday" }, { message: "must be a valid date-time", path: ["placed_at"] }],
  // Ajv reports the name's own failure, then propertyNames with the name.
  ["propertyNames names the key", { ...valid, tags: { Bad: "x" } }, [
    { message: 'must match pattern "^[a-z]+$"', path: ["tags"] },
    { message: "property name 'Bad' is not allowed", path: ["tags", "Bad"] },
  ]],
  ["other keywords keep Ajv's message", { sku: 7 }, { message: "must be string", path: ["sku"] }],
];

describe("messages and paths of a failed value", () => {
  it.each(CASES)("%s", (_name, value, expected) => {
    const issues = Array.isArray(expected) ? expected : [expected];
    expect(order.OrderSchema["~standard"].validate(value).issues).toEqual(issues);
    expect(() => order.assertOrder(value)).toThrow(issues.at(-1)!.message);
  });

  it("the same message in schemagen validate, at the extra property's line and column", async () => {
    const data = path.join(folder, "order.json");
    await writeFile(data, '{\n  "sku": "A-1",\n  "colour": "red"\n}\n');
    const result = runCli(["validate", "--schemas", path.join(folder, "schemas"), "--out", path.join(folder, "generated"), "--schema", "Order", "--quiet", data]);
    expect(result.stdout).toBe(`${data}:3:3: invalid: unexpected property 'colour' (additionalProperties)\n`);
    expect(result.status).toBe(1);
  });

  it("validate --all-errors reports every error of a document at its value, in every format; without it, the first", async () => {
    const data = path.join(folder, "orders.ndjson");
    await writeFile(data, '{"sku":"A-1"}\n{"colour":"red","lines":[{"qty":"x"}],"status":"GONE"}\n');
    const args = ["validate", "--schemas", path.join(folder, "schemas"), "--out", path.join(folder, "generated"), "--schema", "Order", "--quiet", data];
    const expected = [
      `${data}:2:1: invalid: missing required property 'sku' (required)`,
      `${data}:2:2: invalid: unexpected property 'colour' (additionalProperties)`,
      `${data}:2:48: invalid at /status: must be one of "NEW", "PAID", "SHIPPED", "DELIVERED", "RETURNED", "CANCELLED", "LOST", "HELD", … (2 more) (enum)`,
      `${data}:2:33: invalid at /lines/0/qty: must be integer (type)`,
    ];
    for (const compile of [[], ["--compile"]]) {
      const all = runCli([...args, ...compile, "--all-errors"]);
      expect(all.stdout).toBe(expected.map((line) => `${line}\n`).join(""));
      expect(all.status).toBe(1);
    }
    expect(runCli(args).stdout).toBe(`${expected[0]}\n`);
    expect(runCli([...args, "--all-errors", "--max-errors", "2"]).stdout).toBe(`${expected[0]}\n${expected[1]}\n2 more errors not shown (raise --max-errors, or 0 for all)\n`);

    const json = JSON.parse(runCli([...args, "--all-errors", "--format", "json"]).stdout);
    expect(json.errors.map((error: { line: number; column: number; keyword: string; instancePath: string }) => [error.line, error.column, error.keyword, error.instancePath])).toEqual([
      [2, 1, "required", ""],
      [2, 2, "additionalProperties", ""],
      [2, 48, "enum", "/status"],
      [2, 33, "type", "/lines/0/qty"],
    ]);
    const github = runCli([...args, "--all-errors", "--format", "github"]).stdout.split("\n").filter((line) => line.startsWith("::error"));
    expect(github).toHaveLength(4);
    expect(github[1]).toMatch(/^::error file=.*orders\.ndjson,line=2,col=2,title=Order%3A additionalProperties::unexpected property 'colour'$/);
    const junit = runCli([...args, "--all-errors", "--format", "junit"]).stdout;
    expect(junit.match(/<failure /g)).toHaveLength(4);
  });
});

/** The error assert throws for `value`. */
function thrownBy(value: unknown): Error & { errors: ErrorObject[]; omitted: number } {
  try {
    order.assertOrder(value);
  } catch (error) {
    return error as Error & { errors: ErrorObject[]; omitted: number };
  }
  throw new Error("assertOrder accepted the value");
}

describe("every error of a failed value (assert and Standard Schema)", () => {
  const bad = { colour: "red", status: "GONE", lines: [{ qty: "x" }, {}] };

  it("lists each error at its field, while validate keeps to the first", () => {
    expect(order.OrderSchema["~standard"].validate(bad).issues).toEqual([
      { message: "missing required property 'sku'", path: ["sku"] },
      { message: "unexpected property 'colour'", path: ["colour"] },
      { message: 'must be one of "NEW", "PAID", "SHIPPED", "DELIVERED", "RETURNED", "CANCELLED", "LOST", "HELD", … (2 more)', path: ["status"] },
      { message: "must be integer", path: ["lines", 0, "qty"] },
      { message: "missing required property 'qty'", path: ["lines", 1, "qty"] },
    ]);
    const error = thrownBy(bad);
    expect(error.errors.map((each) => [each.instancePath, each.keyword])).toEqual([
      ["", "required"],
      ["", "additionalProperties"],
      ["/status", "enum"],
      ["/lines/0/qty", "type"],
      ["/lines/1", "required"],
    ]);
    expect(error.message).toBe(
      "Order is invalid:\n  (root): missing required property 'sku'\n  (root): unexpected property 'colour'\n" +
        '  /status: must be one of "NEW", "PAID", "SHIPPED", "DELIVERED", "RETURNED", "CANCELLED", "LOST", "HELD", … (2 more)\n' +
        "  /lines/0/qty: must be integer\n  /lines/1: missing required property 'qty'",
    );
    expect(order.validateOrder(bad)).toBe(false);
    expect(order.validateOrder.errors).toHaveLength(1);
  });

  it("a failed oneOf says which branch came closest and gives only that branch's errors", () => {
    expect(order.OrderSchema["~standard"].validate({ ...valid, payment: { method: "invoice", due_days: 91 } }).issues).toEqual([
      { message: "matches none of the 2 oneOf branches; closest is branch 1, failing as follows", path: ["payment"] },
      { message: "must be <= 90", path: ["payment", "due_days"] },
    ]);
    // The tag decides before the count of errors: a card with a bad last4 is closer to card than to invoice.
    const card = thrownBy({ ...valid, payment: { method: "card", last4: "12x4", due_days: 3 } });
    expect(card.errors.map((each) => [each.instancePath, each.keyword, each.params.closestBranch])).toEqual([
      ["/payment", "oneOf", 0],
      ["/payment", "additionalProperties", undefined],
      ["/payment/last4", "pattern", undefined],
    ]);
    expect(card.errors[0]!.params).toEqual({ passingSchemas: null, branchCount: 2, closestBranch: 0 });
  });

  it("a failed anyOf too; a oneOf matched twice names both branches and no branch errors", () => {
    expect(order.OrderSchema["~standard"].validate({ ...valid, note: "long" }).issues).toEqual([
      { message: "matches none of the 2 anyOf branches; closest is branch 0, failing as follows", path: ["note"] },
      { message: "must NOT have more than 3 characters", path: ["note"] },
    ]);
    expect(order.OrderSchema["~standard"].validate({ ...valid, either: "abc" }).issues).toEqual([
      { message: "must match exactly one oneOf branch, but matches branches 0 and 1", path: ["either"] },
    ]);
  });

  it("stops at 100 errors by default, and says how many more there were", () => {
    const many = { ...valid, lines: Array.from({ length: 150 }, () => ({})) };
    expect(runtime.DEFAULT_MAX_ERRORS).toBe(100);
    const error = thrownBy(many);
    expect(error.errors).toHaveLength(100);
    expect(error.omitted).toBe(50);
    expect(error.message.split("\n").at(-1)).toBe("  … and 50 more");
    expect(order.OrderSchema["~standard"].validate(many).issues).toHaveLength(100);
  });

  it("takes another cap per call (libraryOptions.maxErrors) or for every call (setMaxErrors)", () => {
    expect(order.OrderSchema["~standard"].validate(bad, { libraryOptions: { maxErrors: 2 } }).issues!.map((issue) => issue.path)).toEqual([["sku"], ["colour"]]);
    runtime.setMaxErrors(1);
    try {
      expect(thrownBy(bad).errors).toHaveLength(1);
      expect(thrownBy(bad).omitted).toBe(4);
    } finally {
      runtime.setMaxErrors(runtime.DEFAULT_MAX_ERRORS);
    }
    expect(() => runtime.setMaxErrors(0)).toThrow(RangeError);
    expect(thrownBy(bad).errors).toHaveLength(5);
  });
});

describe("schemagen validate --all-errors keeps the closest branch too", () => {
  it("gives a failed oneOf's closest branch, as assert does", async () => {
    const data = path.join(folder, "payment.json");
    await writeFile(data, '{\n  "sku": "A-1",\n  "payment": { "method": "invoice", "due_days": 91 }\n}\n');
    const args = ["validate", "--schemas", path.join(folder, "schemas"), "--out", path.join(folder, "generated"), "--schema", "Order", "--quiet", "--all-errors", data];
    for (const compile of [[], ["--compile"]]) {
      const result = runCli([...args, ...compile]);
      expect(result.stdout).toBe(
        `${data}:3:14: invalid at /payment: matches none of the 2 oneOf branches; closest is branch 1, failing as follows (oneOf)\n` +
          `${data}:3:49: invalid at /payment/due_days: must be <= 90 (maximum)\n`,
      );
      expect(result.status).toBe(1);
    }
  });
});

describe('errors: "first" (the configuration, --errors first)', () => {
  const bad = { colour: "red", status: "GONE", lines: [{ qty: "x" }, {}] };
  let first: Module;
  let firstFolder: string;

  beforeAll(async () => {
    firstFolder = path.join(folder, "generated-first");
    await generate({ schemas: path.join(folder, "schemas"), out: firstFolder, errors: "first" });
    first = (await import(pathToFileURL(path.join(firstFolder, "shop/order.js")).href)) as Module;
  });

  it("reports the first error only, through assert and Standard Schema, with no allErrors twin in the module", async () => {
    expect(first.OrderSchema["~standard"].validate(bad).issues).toEqual([{ message: "missing required property 'sku'", path: ["sku"] }]);
    let error: (Error & { errors: ErrorObject[]; omitted: number }) | undefined;
    try {
      first.assertOrder(bad);
    } catch (thrown) {
      error = thrown as typeof error;
    }
    expect(error!.message).toBe("Order is invalid:\n  (root): missing required property 'sku'");
    expect(error!.errors.map((each) => [each.instancePath, each.keyword])).toEqual([["", "required"]]);
    expect(first.OrderSchema["~standard"].validate(valid).issues).toBeUndefined();
    const [withTwin, without] = await Promise.all([readFile(path.join(folder, "generated/shop/order.js"), "utf8"), readFile(path.join(firstFolder, "shop/order.js"), "utf8")]);
    expect(withTwin).toContain("$all");
    expect(without).not.toContain("$all");
    expect(without).not.toContain("report");
    // The first-error code is the same in both.
    const firstErrorCode = (text: string) => text.slice(text.indexOf("// Ajv standalone code"), text.indexOf("\n})(", text.indexOf("// Ajv standalone code")));
    expect(firstErrorCode(without)).toBe(firstErrorCode(withTwin));
    expect(without.length).toBeLessThan(withTwin.length * 0.75);
  });
});
