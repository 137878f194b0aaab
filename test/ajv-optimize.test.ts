// Generation compiles with Ajv's code optimizer off and runs the ajv-optimize pass instead: on every schema of the
// JSON Schema Test Suite, first-error and allErrors, the pass must give the very code Ajv's optimizer gives.

import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import standaloneModule from "ajv/dist/standalone/index.js";
import { createAjv } from "../codegen/ajv.js";
import { ajvOptimize } from "../codegen/emit/passes/ajv-optimize.js";
import { parseProgram, printProgram } from "../codegen/emit/passes/tree.js";
import { DRAFTS, TEST_SUITE, type DraftFolder } from "./helpers/test-suite.js";

const standaloneCode = ((standaloneModule as { default?: unknown }).default ?? standaloneModule) as (ajv: unknown, refs: Record<string, string>) => string;

/** Ajv's standalone code for one schema, its optimizer on or off; undefined when Ajv cannot compile it here. */
function ajvCode(draft: DraftFolder, schema: unknown, allErrors: boolean, optimize: boolean): string | undefined {
  const ajv = createAjv(DRAFTS[draft], { standalone: true, allErrors, asShipped: optimize });
  try {
    ajv.addSchema(schema as object, "https://example.com/s.json");
    return standaloneCode(ajv, { validateS: "https://example.com/s.json" });
  } catch {
    return undefined;
  }
}

async function suiteSchemas(draft: DraftFolder): Promise<{ name: string; schema: unknown }[]> {
  const folder = path.join(TEST_SUITE, "tests", draft);
  const schemas: { name: string; schema: unknown }[] = [];
  for (const file of (await readdir(folder)).filter((name) => name.endsWith(".json")).sort()) {
    const groups = JSON.parse(await readFile(path.join(folder, file), "utf8")) as { description: string; schema: unknown }[];
    for (const group of groups) {
      // Ajv takes the schema's own $id over the key, and ids repeat across groups: each compiles alone anyway.
      schemas.push({ name: `${file} / ${group.description}`, schema: group.schema });
    }
  }
  return schemas;
}

describe("ajv-optimize gives the code Ajv's own optimizer gives", () => {
  for (const draft of Object.keys(DRAFTS) as DraftFolder[]) {
    it(`on every schema of the test suite's ${draft}, first-error and allErrors`, async () => {
      const differing: string[] = [];
      let compared = 0;
      let changed = 0;
      for (const { name, schema } of await suiteSchemas(draft)) {
        for (const allErrors of [false, true]) {
          const optimized = ajvCode(draft, schema, allErrors, true);
          const plain = ajvCode(draft, schema, allErrors, false);
          expect(plain === undefined, `${name}: compiles with one setting only`).toBe(optimized === undefined);
          if (optimized === undefined || plain === undefined) continue;
          const program = parseProgram(plain);
          changed += ajvOptimize.run(program, {});
          if (printProgram(program) !== printProgram(parseProgram(optimized))) differing.push(`${name}${allErrors ? " (allErrors)" : ""}`);
          compared++;
        }
      }
      expect(differing).toEqual([]);
      expect(compared).toBeGreaterThan(300);
      // Ajv's unoptimized code always has something to optimize: an unread `const _errsN = errors`, at least.
      expect(changed).toBeGreaterThan(compared);
    }, 120_000);
  }
});
