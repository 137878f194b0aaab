import { mkdtemp, cp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./helpers/cli.js";
import { loadSchemaFixtures, readManifest, type SchemaFixtures } from "./helpers/domain-fixtures.js";
import { typecheck, type TypedValue } from "./helpers/typecheck.js";

type Validator = ((data: unknown) => boolean) & { errors?: { instancePath: string; keyword: string }[] | null };

const manifest = await readManifest();
const all: SchemaFixtures[] = await Promise.all(manifest.map(loadSchemaFixtures));

async function validatorOf(fixtures: SchemaFixtures): Promise<Validator> {
  const module = await import(/* @vite-ignore */ path.join(REPO_ROOT, "generated", fixtures.entry.module));
  return module[fixtures.entry.validator] as Validator;
}

describe("domain schemas: examples and fixtures through the generated validators", () => {
  for (const fixtures of all) {
    const { source } = fixtures.entry;
    describe(source, () => {
      it("has at least one example, and every example is valid", async () => {
        expect(fixtures.examples.length).toBeGreaterThan(0);
        const validate = await validatorOf(fixtures);
        for (const example of fixtures.examples) expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
      });

      if (source.startsWith("common/")) return;

      it("accepts every valid fixture (at least 3)", async () => {
        expect(fixtures.valid.length).toBeGreaterThanOrEqual(3);
        const validate = await validatorOf(fixtures);
        for (const { file, data } of fixtures.valid) {
          expect(validate(data), `${path.relative(REPO_ROOT, file)}: ${JSON.stringify(validate.errors)}`).toBe(true);
        }
      });

      it("rejects every invalid fixture at the instance path and keyword it names (at least 5)", async () => {
        expect(fixtures.invalid.length).toBeGreaterThanOrEqual(5);
        const validate = await validatorOf(fixtures);
        for (const fixture of fixtures.invalid) {
          const where = path.relative(REPO_ROOT, fixture.file);
          expect(validate(fixture.data), `${where} should be invalid`).toBe(false);
          expect(
            { instancePath: validate.errors?.[0]?.instancePath, keyword: validate.errors?.[0]?.keyword },
            `${where}: ${fixture.description}`,
          ).toEqual({ instancePath: fixture.instancePath, keyword: fixture.keyword });
        }
      });
    });
  }
});

describe("domain types: every example and valid fixture type-checks against its generated type", () => {
  it("compiles with tsc", async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), "schemagen-domain-types-"));
    await cp(path.join(REPO_ROOT, "generated"), path.join(folder, "generated"), { recursive: true });
    const values: TypedValue[] = all.flatMap((fixtures) => [
      ...fixtures.examples.map((value, index) => ({
        module: fixtures.entry.module,
        type: fixtures.entry.type,
        value,
        label: `${fixtures.entry.source} example ${index}`,
      })),
      ...fixtures.valid.map(({ file, data }) => ({
        module: fixtures.entry.module,
        type: fixtures.entry.type,
        value: data,
        label: path.relative(REPO_ROOT, file),
      })),
    ]);
    expect(values.length).toBeGreaterThan(0);
    expect(await typecheck(folder, "generated", values)).toBe("");
  });
});
