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

export async function buildEventSets(model: SchemaModel, root: string, typeName: string, size = 1000): Promise<EventSets> {
  const named = model.names.all.find((candidate) => candidate.name === typeName && candidate.pointer === "");
  if (!named) throw new Error(`no top-level schema named ${typeName}`);
  const module = await import(pathToFileURL(path.join(root, "generated", modulePath(named.module))).href);
  const validate = module[`validate${typeName}`] as (data: unknown) => boolean;
  const valid = new Map<string, unknown>();
  const invalid = new Map<string, unknown>();
  for (let seed = 1; seed < 200 && (valid.size < size || invalid.size < size); seed++) {
    for (const value of sampleValues(model.index, named, 200, seed)) {
      const text = JSON.stringify(value);
      if (validate(value)) {
        if (valid.size < size) valid.set(text, value);
        for (const [offset, mutated] of mutations(value, seed * 7919 + valid.size).entries()) {
          if (invalid.size < size && !validate(mutated)) invalid.set(`${offset}:${JSON.stringify(mutated)}`, mutated);
        }
      }
    }
  }
  if (valid.size < size || invalid.size < size) throw new Error(`could not draw ${size} distinct events for ${typeName}`);
  return { valid: [...valid.values()], invalid: [...invalid.values()] };
}
