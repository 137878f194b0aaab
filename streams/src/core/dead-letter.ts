// Stage 4a: the dead-letter record for an entry that failed, as the flat field list a stream entry carries.
// Every value is text; `errors` is a JSON array so a reader gets the structure back with one JSON.parse.

import type { DeliveryLimited } from "./delivery-limit.js";
import { entryField, type StreamEntry } from "./entry.js";
import type { Outcome } from "./judge.js";

/** What is dead-lettered: a verdict other than valid, or an entry that reached the delivery limit. */
export type DeadLetterOutcome = Exclude<Outcome, { kind: "valid" }> | DeliveryLimited;

export interface DeadLetterContext {
  /** The stream (or topic) the entry came from. */
  stream: string;
  group: string;
  consumer: string;
  field: string;
  /** When the verdict was reached. */
  time: Date;
}

/**
 * Fields: reason (invalid | missing-field | malformed-json | no-schema | delivery-limit), detail (one line for a
 * person), payload (the field's original text; absent when the field was missing), entry (every original field/value
 * pair as a JSON object when the payload field was missing), source_id, source_stream, group, consumer, schema (when
 * one was chosen), deliveries and last_error (delivery-limit only; last_error when the consumer made the last attempt),
 * errors (JSON array of {path, keyword, message, schemaPath, params}), time (ISO 8601).
 */
export function deadLetterFields(entry: StreamEntry, outcome: DeadLetterOutcome, context: DeadLetterContext): string[] {
  const reason = outcome.kind === "malformed" ? outcome.reason : outcome.kind;
  const detail = outcome.kind === "invalid" ? summarize(outcome.errors) : outcome.detail;
  const fields = ["reason", reason, "detail", detail];
  if (outcome.text !== undefined) fields.push("payload", outcome.text);
  else fields.push("entry", JSON.stringify(entryObject(entry)));
  fields.push("source_id", entry.id, "source_stream", context.stream, "group", context.group, "consumer", context.consumer);
  if (outcome.contract !== undefined) fields.push("schema", outcome.contract.name);
  if (outcome.kind === "delivery-limit") {
    fields.push("deliveries", String(outcome.deliveries));
    if (outcome.error !== undefined) fields.push("last_error", outcome.error);
  }
  fields.push("errors", JSON.stringify(outcome.kind === "invalid" ? outcome.errors : []), "time", context.time.toISOString());
  return fields;
}

function summarize(errors: readonly { path: string; message: string }[]): string {
  const shown = errors.slice(0, 3).map((error) => `${error.path || "(root)"}: ${error.message}`);
  return errors.length > 3 ? `${shown.join("; ")}; and ${errors.length - 3} more` : shown.join("; ");
}

function entryObject(entry: StreamEntry): Record<string, string> {
  const object: Record<string, string> = {};
  for (let index = 0; index < entry.fields.length - 1; index += 2) {
    const name = entry.fields[index]!;
    if (!Object.hasOwn(object, name)) object[name] = entryField(entry, name)!;
  }
  return object;
}
