// Stage 1: take the JSON document out of an entry's field. A missing field or text that is not JSON is a verdict
// (malformed), never an exception that would stop the consumer.

import { entryField, type StreamEntry } from "./entry.js";

export type Parsed =
  | { ok: true; text: string; value: unknown }
  | { ok: false; text: string | undefined; reason: "missing-field" | "malformed-json"; detail: string };

export function parsePayload(entry: StreamEntry, field: string): Parsed {
  const text = entryField(entry, field);
  if (text === undefined) {
    const names = entry.fields.filter((_, index) => index % 2 === 0);
    return { ok: false, text, reason: "missing-field", detail: `entry has no field '${field}' (fields: ${names.length > 0 ? names.join(", ") : "none"})` };
  }
  try {
    return { ok: true, text, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, text, reason: "malformed-json", detail: `field '${field}' is not JSON: ${(error as Error).message}` };
  }
}
