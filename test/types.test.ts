import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generate } from "../codegen/index.js";
import { REPO_ROOT } from "./helpers/cli.js";
import { typecheck } from "./helpers/typecheck.js";

const BASIC = path.join(REPO_ROOT, "test/fixtures/codegen/basic/schemas");

describe("generated declarations", () => {
  it("compile under strict, isolatedModules and verbatimModuleSyntax, and accept valid data", async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), "schemagen-types-"));
    await generate({ schemas: BASIC, out: path.join(folder, "out") });
    const order = {
      order_id: "0b8e7a9e-3c1d-4f2a-9a7b-1c2d3e4f5a6b",
      customer: { id: "5f0c6a1e-2b3d-4c5e-8f9a-0b1c2d3e4f5a", tier: "early-bird", loyalty: { since: 2019 } },
      total: { amount_minor: 1999, currency: "EUR" },
      payment: { method: "invoice", due_days: 30 },
      status: "SHIPPED",
      shipped_at: "2024-03-01T00:00:00Z",
      coordinates: [52.5, 13.4, "Berlin", "Mitte"],
      pair: ["only"],
      attributes: { "x-rank": 3, other: true, "a*/b": "text" },
      note: { anything: [1, "two"] },
      "a*/weird key": "quoted",
      ["__proto__"]: "own",
    };
    const usage = `
import { CustomerTier, createOrder, validateOrder, OrderSchema, type Order as O } from "./out/shop/index.js";
import { ValidationError, type StandardSchemaV1 } from "./out/index.js";
const tier: CustomerTier = CustomerTier.GOLD;
const created: O = createOrder({ customer: { id: "x", tier }, total: { amount_minor: 1, currency: "EUR" },
  payment: { method: "card", last4: "4242" }, "__proto__": "own" });
const unknownValue: unknown = JSON.parse("{}");
if (validateOrder(unknownValue)) { const narrowed: O = unknownValue; void narrowed; }
type Out = StandardSchemaV1.InferOutput<typeof OrderSchema>;
const fromStandard: Out = created;
export { fromStandard, ValidationError };
`;
    const output = await typecheck(
      folder,
      "out",
      [
        { module: "shop/index.js", type: "Order", value: order, label: "order" },
        { module: "legacy/index.js", type: "LegacyAddress", value: { lines: ["a", "b", 3], postcode: "AB1 2CD" }, label: "address" },
        { module: "root/index.js", type: "Anything", value: [1, { a: null }], label: "anything" },
        { module: "root/index.js", type: "Untitled", value: "a string is valid: properties apply to objects only", label: "untitled" },
      ],
      usage,
    );
    expect(output).toBe("");
  });

  it("reject data the schema rejects, where the type can say so", async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), "schemagen-types-"));
    await generate({ schemas: BASIC, out: path.join(folder, "out") });
    const output = await typecheck(folder, "out", [
      { module: "shop/index.js", type: "CustomerTier", value: "PLATINUM", label: "not in the enum" },
      { module: "shop/index.js", type: "Payment", value: { method: "cash" }, label: "unknown tag" },
      { module: "common/index.js", type: "Money", value: { amount_minor: 1, currency: "EUR", extra: 1 }, label: "closed object" },
    ]);
    expect(output).toMatch(/typed-values\.ts\(\d+,\d+\): error TS2322: Type '"PLATINUM"' is not assignable to type 'CustomerTier'/);
    expect(output).toMatch(/'"cash"' is not assignable to type '"card" \| "invoice"'|not assignable to type 'Payment'/);
    expect(output).toMatch(/Object literal may only specify known properties, and '"extra"' does not exist in type 'Money'/);
  });
});
