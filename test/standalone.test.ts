import { spawnSync } from "node:child_process";
import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generate } from "../codegen/index.js";
import { listFiles } from "../codegen/write.js";
import { REPO_ROOT } from "./helpers/cli.js";

// ajv #1976/#2209: standalone "ESM" still calls require(); vitest and `node -e` provide one and hide it.
// So the output is copied where no node_modules can be found and imported by a plain `node` process.
async function isolatedCopy(schemas: string): Promise<string> {
  const work = await mkdtemp(path.join(os.tmpdir(), "schemagen-standalone-"));
  await generate({ schemas, out: path.join(work, "generated-src") });
  await cp(path.join(work, "generated-src"), path.join(work, "copy"), { recursive: true });
  return path.join(work, "copy");
}

function runNode(folder: string, script: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["probe.mjs"], { cwd: folder, encoding: "utf8", env: { PATH: process.env.PATH } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const PROBE = `
import { readFile } from "node:fs/promises";
const manifest = JSON.parse(await readFile("./manifest.json", "utf8"));
const report = { modules: [], exports: 0 };
for (const entry of manifest.schemas) {
  const module = await import("./" + entry.module);
  for (const name of [entry.validator, entry.assert, entry.standardSchema, entry.jsonSchema]) {
    if (module[name] === undefined) throw new Error(entry.module + " lacks " + name);
    report.exports++;
  }
  if (!report.modules.includes(entry.module)) report.modules.push(entry.module);
}
const root = await import("./index.js");
report.rootExports = Object.keys(root).length;
const shop = await import("./shop/index.js");
const order = {
  order_id: "0b8e7a9e-3c1d-4f2a-9a7b-1c2d3e4f5a6b", created_at: "2024-02-29T12:00:00Z",
  customer: { id: "5f0c6a1e-2b3d-4c5e-8f9a-0b1c2d3e4f5a", tier: "GOLD", nickname: "ö😀" },
  total: { amount_minor: 1999, currency: "EUR" }, payment: { method: "card", last4: "4242" },
  status: "OPEN", coordinates: [52.5, 13.4, "Berlin"], attributes: { "x-rank": 3 }, ["__proto__"]: "own",
};
const withOwnProto = JSON.parse(JSON.stringify(order).slice(0, -1) + ',"__proto__":"own"}');
report.validWithOwnProto = shop.validateOrder(withOwnProto);
const { ["__proto__"]: _ignored, ...withoutProto } = withOwnProto;
report.inheritedProtoRejected = !shop.validateOrder(JSON.parse(JSON.stringify(withoutProto)));
report.badDate = shop.validateOrder({ ...withOwnProto, created_at: "2024-02-30T12:00:00Z" }) ? null : shop.validateOrder.errors[0];
report.badPayment = shop.validateOrder({ ...withOwnProto, payment: { method: "invoice", due_days: 91 } }) ? null : shop.validateOrder.errors[0];
report.shippedNeedsDate = shop.validateOrder({ ...withOwnProto, status: "SHIPPED" }) ? null : shop.validateOrder.errors[0];
try { shop.assertOrder({}); } catch (error) { report.assertMessage = error.message; report.assertName = error.name; }
report.standard = shop.OrderSchema["~standard"].validate({ ...withOwnProto, coordinates: [1, "x"] });
report.tier = shop.CustomerTier.early_bird ?? shop.CustomerTier.EARLY_BIRD;
const inputs = ["x".repeat(50_000_000), [], null, 7];
const started = performance.now();
report.factories = inputs.map((input) => {
  try { shop.createOrder(input); return "accepted"; } catch (error) { return error.name + ": " + error.errors[0].keyword + " " + error.errors[0].message; }
});
report.factoryMs = performance.now() - started;
console.log(JSON.stringify(report));
`;

describe("generated modules are self-contained ES modules", () => {
  it("load in plain node with no node_modules, and validate", async () => {
    const folder = await isolatedCopy(path.join(REPO_ROOT, "test/fixtures/codegen/basic/schemas"));
    await writeFile(path.join(folder, "probe.mjs"), PROBE);
    const result = runNode(folder, PROBE);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    // A module per schema file, each loading alone in plain node.
    expect(report.modules.sort()).toEqual(["common/money.js", "legacy/address.js", "root/anything.js", "root/untitled.js", "shop/customer.js", "shop/order.js"]);
    expect(report.exports).toBe(6 * 4);
    expect(report.validWithOwnProto).toBe(true);
    expect(report.inheritedProtoRejected).toBe(true);
    expect(report.badDate).toMatchObject({ instancePath: "/created_at", keyword: "format" });
    expect(report.badPayment).toMatchObject({ instancePath: "/payment/due_days", keyword: "maximum" });
    expect(report.shippedNeedsDate).toMatchObject({ instancePath: "", keyword: "required", params: { missingProperty: "shipped_at" } });
    expect(report.assertName).toBe("ValidationError");
    // Every missing property, the one named "__proto__" too (a key, not the prototype).
    expect(report.assertMessage).toBe(
      "Order is invalid:\n" +
        ["order_id", "customer", "total", "payment", "status", "__proto__"].map((name) => `  (root): missing required property '${name}'`).join("\n"),
    );
    expect(report.standard).toEqual({ issues: [{ message: "must be number", path: ["coordinates", 1] }] });
    expect(report.tier).toBe("early-bird");
    // Factories refuse what is not an object at once, without reading it (#20: a 50 MB string took 11 s).
    expect(report.factories).toEqual([
      "ValidationError: type must be object, not string",
      "ValidationError: type must be object, not array",
      "ValidationError: type must be object, not null",
      "ValidationError: type must be object, not number",
    ]);
    expect(report.factoryMs).toBeLessThan(1000);
  });

  it("contain no require() and no import from outside the output folder", async () => {
    const folder = await isolatedCopy(path.join(REPO_ROOT, "test/fixtures/codegen/basic/schemas"));
    const modules = (await listFiles(folder)).filter((file) => file.endsWith(".js"));
    expect(modules).toContain("shop/order.js");
    for (const module of modules) {
      const source = await readFile(path.join(folder, module), "utf8");
      // Ajv's helpers carry their own source as a string ('require("ajv/...")'); only a call would matter.
      expect(source).not.toMatch(/(^|[^'"\w.])require\(/m);
      for (const match of source.matchAll(/^\s*(?:import|export)[^"']*from\s+["']([^"']+)["']/gm)) {
        expect(match[1]).toMatch(/^\.\.?\//);
      }
    }
  });
});
