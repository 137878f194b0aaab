// The per-entry pipeline, top to bottom: parse the payload field, route to a contract, validate. Pure: no I/O, so a
// Redis consumer, a Kafka consumer or a test calls the same function.

import type { Contract } from "./contract.js";
import type { StreamEntry } from "./entry.js";
import { parsePayload } from "./parse.js";
import type { Router } from "./route.js";
import { judgeValue, type EntryError } from "./verdict.js";

export type Outcome =
  | { kind: "valid"; contract: Contract; text: string; value: unknown }
  | { kind: "invalid"; contract: Contract; text: string; errors: EntryError[] }
  | { kind: "malformed"; contract?: Contract; text: string | undefined; reason: "missing-field" | "malformed-json" | "no-schema"; detail: string };

export interface JudgeOptions {
  /** The entry field holding the JSON document; `data` by default. */
  field?: string;
  router: Router;
}

export function judgeEntry(entry: StreamEntry, options: JudgeOptions): Outcome {
  const parsed = parsePayload(entry, options.field ?? "data");
  if (!parsed.ok) return { kind: "malformed", text: parsed.text, reason: parsed.reason, detail: parsed.detail };
  const routed = options.router(entry, parsed.value);
  if (!routed.ok) return { kind: "malformed", text: parsed.text, reason: "no-schema", detail: routed.detail };
  const verdict = judgeValue(routed.contract, parsed.value);
  if (verdict.valid) return { kind: "valid", contract: routed.contract, text: parsed.text, value: parsed.value };
  return { kind: "invalid", contract: routed.contract, text: parsed.text, errors: verdict.errors };
}
