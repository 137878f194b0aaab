import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildSchemaModel, resolveOptions } from "../codegen/index.js";
import { hyperjumpVerdicts, pythonVerdicts, type InteropCase } from "../scripts/interop/verdicts.js";
import { REPO_ROOT } from "./helpers/cli.js";
import { loadSchemaFixtures, readManifest } from "./helpers/domain-fixtures.js";

// Fixtures that fail only through an extension keyword: other validators ignore those keywords by design.
const isExtensionKeyword = (keyword: string) => keyword.startsWith("x-");

describe("other teams' validators give the same verdicts on every domain fixture", async () => {
  const { index } = await buildSchemaModel(resolveOptions({ schemas: path.join(REPO_ROOT, "schemas") }));
  const published = index.files.map((file) => ({ uri: file.uri, schema: file.schema }));
  const cases: (InteropCase & { expected: boolean; generated: boolean })[] = [];
  let extensionOnly = 0;
  for (const entry of await readManifest()) {
    const fixtures = await loadSchemaFixtures(entry);
    const module = await import(/* @vite-ignore */ path.join(REPO_ROOT, "generated", entry.module));
    const validate = module[entry.validator] as (data: unknown) => boolean;
    const add = (id: string, data: unknown, expected: boolean) =>
      cases.push({ id, schemaUri: entry.id, data, expected, generated: validate(data) });
    fixtures.examples.forEach((example, position) => add(`${entry.source} example ${position}`, example, true));
    for (const { file, data } of fixtures.valid) add(path.relative(REPO_ROOT, file), data, true);
    for (const fixture of fixtures.invalid) {
      if (isExtensionKeyword(fixture.keyword)) extensionOnly++;
      else add(path.relative(REPO_ROOT, fixture.file), fixture.data, false);
    }
  }

  it("covers every fixture, and sets aside only those that depend on an extension keyword", () => {
    expect(cases.length).toBeGreaterThan(100);
    expect(cases.every((testCase) => testCase.generated === testCase.expected)).toBe(true);
    expect(extensionOnly).toBeLessThan(cases.length / 10);
  });

  it("@hyperjump/json-schema agrees on every case (format assertion on)", async () => {
    const verdicts = await hyperjumpVerdicts(published, cases);
    const disagreements = cases.filter((testCase) => verdicts[testCase.id] !== testCase.generated).map((testCase) => testCase.id);
    expect(disagreements).toEqual([]);
  });

  it("Python jsonschema with FormatChecker agrees on every case", () => {
    const verdicts = pythonVerdicts(published, cases);
    const disagreements = cases.filter((testCase) => verdicts[testCase.id] !== testCase.generated).map((testCase) => testCase.id);
    expect(disagreements).toEqual([]);
  });
});
