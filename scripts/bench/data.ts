// Benchmark data: 1000 distinct valid and 1000 distinct invalid events per schema, drawn from the schema itself.

import path from "node:path";
import { pathToFileURL } from "node:url";
import type { SchemaModel } from "../../codegen/pipeline.js";
import { modulePath } from "../../codegen/emit/manifest.js";
import { mutations, sampleValues } from "../../test/helpers/sample.js";

export interface EventSets {
  valid: unknown[];
  invalid: unknown[];
}

export async function buildEventSets(
  model: SchemaModel,
  root: string,
  typeName: string,
  knownValid: unknown[],
  size = 1000,
): Promise<EventSets> {
  const named = model.names.all.find((candidate) => candidate.name === typeName && candidate.pointer === "");
  if (!named) throw new Error(`no top-level schema named ${typeName}`);
  const module = await import(pathToFileURL(path.join(root, "generated", modulePath(named.module))).href);
  const validate = module[`validate${typeName}`] as ((data: unknown) => boolean) & { errors?: { keyword: string }[] | null };
  // Peers ignore the extension keywords, so events that only those keywords reject are left out of every set.
  const rejectedByStandardKeyword = (value: unknown) => !validate(value) && !validate.errors![0]!.keyword.startsWith("x-");
  const valid = new Map<string, unknown>();
  const invalid = new Map<string, unknown>();
  for (let seed = 1; seed < 200 && (valid.size < size || invalid.size < size); seed++) {
    const drawn = sampleValues(model.index, named, 200, seed);
    // Grafting draws onto known-valid events gives realistic, distinct, mostly valid events.
    const grafted = drawn.map((value, index) => graft(knownValid[(index + seed) % Math.max(knownValid.length, 1)], value, index + seed));
    for (const value of [...grafted, ...drawn]) {
      const text = JSON.stringify(value);
      if (validate(value)) {
        if (valid.size < size) valid.set(text, value);
        for (const [offset, mutated] of mutations(value, seed * 7919 + valid.size).entries()) {
          if (invalid.size < size && rejectedByStandardKeyword(mutated)) invalid.set(`${offset}:${JSON.stringify(mutated)}`, mutated);
        }
      }
    }
  }
  if (valid.size < size || invalid.size < size) throw new Error(`could not draw ${size} distinct events for ${typeName}`);
  return { valid: [...valid.values()], invalid: [...invalid.values()] };
}

function graft(base: unknown, drawn: unknown, index: number): unknown {
  const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);
  if (!isObject(base) || !isObject(drawn)) return drawn;
  const keys = Object.keys(drawn);
  const copy = structuredClone(base);
  for (let step = 0; step < 2 && keys.length > 0; step++) {
    const key = keys[(index * 7 + step * 3) % keys.length]!;
    copy[key] = structuredClone(drawn[key]);
  }
  return copy;
}
