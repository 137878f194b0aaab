// Stage 2: choose the contract for an entry: one per stream, or per entry by a stream field or a top-level property
// of the document (an event type mapped through routes, or a `$schema` id looked up in the catalogue).

import type { Contract } from "./contract.js";
import { entryField, type StreamEntry } from "./entry.js";

export interface RouteOptions {
  /** The contract for every entry, or the fallback when the entry's selector matches no route. */
  schema?: Contract;
  /** Choose by this field of the stream entry (beside the payload field), e.g. `type`. */
  schemaField?: string;
  /** Choose by this top-level property of the document, e.g. `$schema` or `event_type`. */
  schemaProperty?: string;
  /** Selector value to contract, e.g. `{ PLAYBACK: playbackContract }`; consulted before `lookup`. */
  routes?: Readonly<Record<string, Contract>>;
  /** Resolves a selector value that no route names, e.g. a `$schema` id or a type name through the manifest. */
  lookup?: (value: string) => Contract | undefined;
}

export type Routed = { ok: true; contract: Contract } | { ok: false; detail: string };

export type Router = (entry: StreamEntry, value: unknown) => Routed;

export function createRouter(options: RouteOptions): Router {
  const { schema, schemaField, schemaProperty, routes, lookup } = options;
  if (schemaField === undefined && schemaProperty === undefined) {
    if (schema === undefined) throw new Error("a schema is required, or a schema field or property to choose one per entry");
    const routed: Routed = { ok: true, contract: schema };
    return () => routed;
  }
  const selectorName = schemaField !== undefined ? `field '${schemaField}'` : `property '${schemaProperty}'`;
  return (entry, value) => {
    const selector = schemaField !== undefined ? entryField(entry, schemaField) : propertyOf(value, schemaProperty!);
    if (typeof selector === "string") {
      const contract = (routes !== undefined && Object.hasOwn(routes, selector) ? routes[selector] : undefined) ?? lookup?.(selector);
      if (contract !== undefined) return { ok: true, contract };
    }
    if (schema !== undefined) return { ok: true, contract: schema };
    if (selector === undefined) return { ok: false, detail: `no schema: the entry has no ${selectorName}` };
    return { ok: false, detail: `no schema for ${selectorName} = ${JSON.stringify(selector)}` };
  };
}

function propertyOf(value: unknown, name: string): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  return Object.hasOwn(value, name) ? (value as Record<string, unknown>)[name] : undefined;
}
