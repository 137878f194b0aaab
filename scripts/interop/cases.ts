// The cases other teams' validators are compared on: every example and fixture of every domain schema.

import path from "node:path";
import { pathToFileURL } from "node:url";
import { buildSchemaModel, resolveOptions } from "../../codegen/index.js";
import { loadSchemaFixtures, readManifest } from "../../test/helpers/domain-fixtures.js";
import type { InteropCase, PublishedSchema } from "./verdicts.js";

export interface InteropSet {
  published: PublishedSchema[];
  cases: (InteropCase & { expected: boolean; generated: boolean })[];
  /** Invalid fixtures that fail only through an extension keyword, which other validators ignore by design. */
  extensionOnly: number;
}

export async function buildInteropSet(root: string): Promise<InteropSet> {
  const { index } = await buildSchemaModel(resolveOptions({ schemas: path.join(root, "schemas") }));
  const published = index.files.map((file) => ({ uri: file.uri, schema: file.schema }));
  const set: InteropSet = { published, cases: [], extensionOnly: 0 };
  for (const entry of await readManifest()) {
    const fixtures = await loadSchemaFixtures(entry);
    const module = await import(pathToFileURL(path.join(root, "generated", entry.module)).href);
    const validate = module[entry.validator] as (data: unknown) => boolean;
    const add = (id: string, data: unknown, expected: boolean) =>
      set.cases.push({ id, schemaUri: entry.id, data, expected, generated: validate(data) });
    fixtures.examples.forEach((example, position) => add(`${entry.source} example ${position}`, example, true));
    for (const { file, data } of fixtures.valid) add(path.relative(root, file), data, true);
    for (const fixture of fixtures.invalid) {
      if (fixture.keyword.startsWith("x-")) set.extensionOnly++;
      else add(path.relative(root, fixture.file), fixture.data, false);
    }
  }
  return set;
}

export function interopMarkdown(set: InteropSet, verdicts: Record<string, Record<string, boolean>>): string {
  const lines = [
    "## Same verdicts in other teams' validators",
    "",
    "Every example and fixture of every domain schema, validated from the published schema files. Format assertion",
    "is on everywhere (Python: `FormatChecker`, with date-time and hostname checks added because Debian ships",
    "neither optional package). Invalid fixtures that fail only through an extension keyword are set aside: other",
    "validators ignore those keywords by design (see the README's table).",
    "",
    `Cases compared: ${set.cases.length}; set aside (extension keywords): ${set.extensionOnly}.`,
    "",
    "| validator | agree with the generated validators |",
    "|---|---:|",
  ];
  for (const [name, byId] of Object.entries(verdicts)) {
    const agreed = set.cases.filter((testCase) => byId[testCase.id] === testCase.generated).length;
    lines.push(`| ${name} | ${agreed} of ${set.cases.length} |`);
  }
  return lines.join("\n") + "\n";
}
