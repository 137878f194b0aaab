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
  for (let seed = 1; seed < 2000 && (valid.size < size || invalid.size < size); seed++) {
    const drawn = sampleValues(model.index, named, 200, seed);
    // Grafting draws onto known-valid events gives realistic, distinct, mostly valid events.
    const grafted = drawn.map((value, index) => graft(knownValid[(index + seed) % Math.max(knownValid.length, 1)], value, index + seed));
    const varied = knownValid.map((value, index) => vary(value, seed * 1000 + index));
    for (const value of [...varied, ...grafted, ...drawn]) {
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** A known-valid event with its ids, instants and numbers changed, as real events differ from each other. */
function vary(value: unknown, seed: number): unknown {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state;
  };
  const walk = (node: unknown, key: string): unknown => {
    if (Array.isArray(node)) return node.map((item) => walk(item, key));
    if (node !== null && typeof node === "object") {
      return Object.fromEntries(Object.entries(node).map(([name, item]) => [name, walk(item, name)]));
    }
    if (typeof node === "string" && UUID.test(node)) {
      const hex = Array.from({ length: 32 }, () => (next() % 16).toString(16)).join("");
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
    }
    // Shift instants by the same offset so their order (and the dateOrder rules) still hold.
    if (typeof node === "string" && DATE_TIME.test(node)) return new Date(Date.parse(node) + (seed % 86400) * 1000).toISOString();
    if (typeof node === "number" && Number.isInteger(node) && node > 10 && !/rank|partition|day|sequence|percent/.test(key)) return node + (next() % 7);
    return node;
  };
  return walk(value, "");
}
