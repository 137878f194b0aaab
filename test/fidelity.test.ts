import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildSchemaModel, generate, resolveOptions } from "../codegen/index.js";
import { measureTypeFidelity } from "../scripts/conformance/fidelity.js";
import { REPO_ROOT } from "./helpers/cli.js";
import { knownValidValues } from "./helpers/domain-fixtures.js";

const SCHEMA_FOLDERS = [
  // The faker cannot draw an own "__proto__" key, which Order requires, so no Order draw is valid.
  { label: "fixture schemas", schemas: path.join(REPO_ROOT, "test/fixtures/codegen/basic/schemas"), neverAccepted: ["Order"] },
  { label: "domain schemas", schemas: path.join(REPO_ROOT, "schemas"), neverAccepted: [] },
];

describe("type fidelity: every value the generated validator accepts type-checks (200 draws per schema)", () => {
  for (const { label, schemas, neverAccepted } of SCHEMA_FOLDERS) {
    it(`${label}: no generated type rejects valid data`, async () => {
      const folder = await mkdtemp(path.join(os.tmpdir(), "schemagen-fidelity-"));
      await generate({ schemas, out: path.join(folder, "out") });
      const model = await buildSchemaModel(resolveOptions({ schemas }));
      const known = schemas.endsWith("/schemas") ? await knownValidValues() : new Map<string, unknown[]>();
      const rows = await measureTypeFidelity(model, folder, "out", 200, (type) => known.get(type) ?? []);
      expect(rows.length).toBe(model.names.all.filter((named) => named.pointer === "").length);
      const unsound = rows.filter((row) => row.acceptedButTypeError.length > 0).map((row) => ({ type: row.type, examples: row.acceptedButTypeError.slice(0, 3) }));
      expect(unsound).toEqual([]);
      // The draws must exercise the validator's accepting side: every schema gets accepted values.
      expect(rows.filter((row) => row.accepted === 0).map((row) => row.type)).toEqual(neverAccepted);
    });
  }
});
