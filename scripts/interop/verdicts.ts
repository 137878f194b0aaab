// Verdicts of other teams' validators on the same schema files: @hyperjump/json-schema and Python's jsonschema.

import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface InteropCase {
  id: string;
  schemaUri: string;
  data: unknown;
}

export interface PublishedSchema {
  uri: string;
  schema: unknown;
}

const PYTHON_SCRIPT = fileURLToPath(new URL("./python_validate.py", import.meta.url));
/** Debian's interpreter, where apt installs python3-jsonschema (a pyenv python3 may come first on PATH). */
export const PYTHON = "/usr/bin/python3";

/** `referrer`: the URI of a compound schema (a bundle) in which every case's schemaUri is an embedded resource. */
export function pythonVerdicts(schemas: PublishedSchema[], cases: InteropCase[], referrer?: string): Record<string, boolean> {
  const result = spawnSync(PYTHON, [PYTHON_SCRIPT], {
    input: JSON.stringify({ schemas, cases, referrer }),
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`python jsonschema failed: ${result.stderr || result.error}`);
  return JSON.parse(result.stdout);
}

export async function hyperjumpVerdicts(schemas: PublishedSchema[], cases: InteropCase[]): Promise<Record<string, boolean>> {
  const hyperjump = await import("@hyperjump/json-schema/draft-2020-12");
  await import("@hyperjump/json-schema/draft-07");
  await import("@hyperjump/json-schema/draft-2019-09");
  // Side-effect import that turns on format support; the package ships no types for it.
  const formatsModule: string = "@hyperjump/json-schema/formats";
  await import(formatsModule);
  hyperjump.setShouldValidateFormat(true);
  for (const { uri, schema } of schemas) {
    try {
      hyperjump.unregisterSchema(uri);
    } catch {
      // not registered yet
    }
    // Files without $schema are 2020-12, as for the generator.
    hyperjump.registerSchema(schema as Parameters<typeof hyperjump.registerSchema>[0], uri, "https://json-schema.org/draft/2020-12/schema");
  }
  const verdicts: Record<string, boolean> = {};
  for (const testCase of cases) {
    const output = await hyperjump.validate(testCase.schemaUri, testCase.data as never);
    verdicts[testCase.id] = output.valid;
  }
  return verdicts;
}
