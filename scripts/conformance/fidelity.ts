// Type fidelity: values drawn from each schema that the generated validator accepts must type-check against the
// generated type (a type that rejects valid data is a bug); validator-rejected values that still type-check measure
// how much looser the type is than the schema.

import { spawnSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { SchemaModel } from "../../codegen/pipeline.js";
import { modulePath } from "../../codegen/emit/manifest.js";
import { mutations, sampleValues } from "../../test/helpers/sample.js";
import { typescriptLiteral } from "../../test/helpers/typecheck.js";

const TSC = fileURLToPath(new URL("../../node_modules/typescript/bin/tsc", import.meta.url));

export interface FidelityRow {
  type: string;
  drawn: number;
  accepted: number;
  /** Accepted values the type rejects: must be zero. */
  acceptedButTypeError: string[];
  rejected: number;
  /** Rejected values the type still accepts: looseness. */
  rejectedButTypeChecks: number;
}

/**
 * `folder` holds the generated output at `folder/<outName>`; the values file and tsconfig are written beside it.
 * Draws `perSchema` values per top-level schema, plus three mutations of each of the first 50.
 */
export async function measureTypeFidelity(
  model: SchemaModel,
  folder: string,
  outName: string,
  perSchema: number,
  knownValid: (typeName: string) => unknown[] = () => [],
  seed = 1,
): Promise<FidelityRow[]> {
  const roots = model.names.all.filter((named) => named.pointer === "");
  const lines: string[] = [];
  const entries: { row: FidelityRow; accepted: boolean; line: number; preview: string }[] = [];
  const rows: FidelityRow[] = [];
  const imports = new Map<string, string[]>();
  for (const named of roots) {
    const module = modulePath(named.module);
    const loaded = await import(pathToFileURL(path.join(folder, outName, module)).href);
    const validate = loaded[`validate${named.name}`] as (data: unknown) => boolean;
    const drawn = sampleValues(model.index, named, perSchema, seed);
    // The faker rarely satisfies if/then rules or extension keywords, so draws are also grafted, one property at a
    // time, onto known-valid values (examples and fixtures): most grafts stay valid and reach deep into the type.
    const grafts = crossovers(knownValid(named.name), drawn);
    const values = [...drawn, ...grafts, ...drawn.slice(0, 50).flatMap((value, index) => mutations(value, seed + index))];
    const row: FidelityRow = { type: named.name, drawn: values.length, accepted: 0, acceptedButTypeError: [], rejected: 0, rejectedButTypeChecks: 0 };
    rows.push(row);
    imports.set(module, [...(imports.get(module) ?? []), named.name]);
    for (const value of values) {
      const accepted = validate(value);
      if (accepted) row.accepted++;
      else row.rejected++;
      entries.push({ row, accepted, line: -1, preview: JSON.stringify(value).slice(0, 200) });
      lines.push(`export const value${entries.length - 1}: ${named.name} = ${typescriptLiteral(value)};`);
    }
  }
  const header = [...imports].map(([module, names]) => `import type { ${names.join(", ")} } from "./${outName}/${module}";`);
  entries.forEach((entry, index) => (entry.line = header.length + index + 1));
  await writeFile(path.join(folder, "package.json"), JSON.stringify({ type: "module" }));
  await writeFile(path.join(folder, "fidelity-values.ts"), [...header, ...lines].join("\n") + "\n");
  await writeFile(
    path.join(folder, "tsconfig.fidelity.json"),
    JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", skipLibCheck: true, types: [] },
      files: ["fidelity-values.ts"],
    }),
  );
  const result = spawnSync(process.execPath, [TSC, "-p", path.join(folder, "tsconfig.fidelity.json")], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const errorLines = new Set(
    [...(result.stdout + result.stderr).matchAll(/fidelity-values\.ts\((\d+),\d+\): error/g)].map((match) => Number(match[1])),
  );
  for (const entry of entries) {
    const typeError = errorLines.has(entry.line);
    if (entry.accepted && typeError) entry.row.acceptedButTypeError.push(entry.preview);
    if (!entry.accepted && !typeError) entry.row.rejectedButTypeChecks++;
  }
  return rows;
}

export function fidelityMarkdown(rows: FidelityRow[], title: string): string {
  const lines = [
    `## Type fidelity: ${title}`,
    "",
    "Values drawn by json-schema-faker (seeded), the same draws grafted onto examples and fixtures one property at a",
    "time, and one-change mutations, judged by the generated validator and",
    "type-checked with `tsc --strict` against the generated type. *Unsound* must be 0: a value the validator accepts",
    "that the type rejects. *Looseness* counts values the validator rejects that the type still accepts.",
    "",
    "| type | values | accepted | unsound | rejected | looseness |",
    "|---|---:|---:|---:|---:|---:|",
  ];
  for (const row of rows) {
    const loose = row.rejected === 0 ? "–" : `${row.rejectedButTypeChecks} (${((100 * row.rejectedButTypeChecks) / row.rejected).toFixed(0)}%)`;
    lines.push(`| ${row.type} | ${row.drawn} | ${row.accepted} | ${row.acceptedButTypeError.length} | ${row.rejected} | ${loose} |`);
  }
  return lines.join("\n") + "\n";
}

function crossovers(bases: unknown[], drawn: unknown[]): unknown[] {
  const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);
  const out: unknown[] = [];
  if (bases.length === 0) return out;
  drawn.forEach((value, index) => {
    const base = bases[index % bases.length];
    if (!isObject(base) || !isObject(value)) return;
    const keys = Object.keys(value);
    if (keys.length === 0) return;
    const key = keys[index % keys.length]!;
    out.push({ ...structuredClone(base), [key]: structuredClone(value[key]) });
  });
  return out;
}
