// The transport-free core: parse, route, verdict, dead-letter record, delivery limit, ratio guard, schema names. No Redis here.

import { describe, expect, it } from "vitest";
import {
  checkMaxDeliveries, createRouter, deadLetterFields, describeTrip, exhaustedAfterFailure, exhaustedOnArrival, failedLastAttempt, InvalidRatioGuard, judgeEntry,
  parsePayload, untried, type Contract,
} from "../../streams/src/core/index.js";
import { closeMatches, resolveManifestEntry, UnknownSchemaError, type ManifestEntry } from "../../streams/src/contracts/catalog.js";
import { assertAnalyticsEvent, validateAnalyticsEvent } from "../../generated/analytics/event.js";
import { assertStreamEvent, validateStreamEvent } from "../../generated/realtime/stream-event.js";
import manifest from "../../generated/manifest.json" with { type: "json" };
import { analyticsEvent } from "./streams-helpers.js";

const event: Contract = { name: "AnalyticsEvent", validate: validateAnalyticsEvent, assert: assertAnalyticsEvent };
const streamEvent: Contract = { name: "StreamEvent", validate: validateStreamEvent, assert: assertStreamEvent };
const context = { stream: "events", group: "g", consumer: "c1", field: "data", time: new Date("2026-03-01T12:00:00.000Z") };

describe("parsing the payload field", () => {
  it("parses the named field's JSON", () => {
    expect(parsePayload({ id: "1-0", fields: ["type", "x", "body", '{"a":1}'] }, "body")).toEqual({ ok: true, text: '{"a":1}', value: { a: 1 } });
  });
  it("reports a missing field with the fields the entry has", () => {
    expect(parsePayload({ id: "1-0", fields: ["type", "x"] }, "data")).toEqual({ ok: false, text: undefined, reason: "missing-field", detail: "entry has no field 'data' (fields: type)" });
  });
  it("reports text that is not JSON, keeping the text", () => {
    const parsed = parsePayload({ id: "1-0", fields: ["data", "{oops"] }, "data");
    expect(parsed.ok).toBe(false);
    expect(parsed).toMatchObject({ reason: "malformed-json", text: "{oops" });
    expect(!parsed.ok && parsed.detail).toMatch(/^field 'data' is not JSON: /);
  });
});

describe("judging an entry", () => {
  const router = createRouter({ schema: event });
  it("passes a valid event", () => {
    const outcome = judgeEntry({ id: "1-0", fields: ["data", JSON.stringify(analyticsEvent(1))] }, { router });
    expect(outcome.kind).toBe("valid");
  });
  it("lists the error at its instance path with keyword, message and schema path", () => {
    const bad = { ...analyticsEvent(2), metadata: { ...(analyticsEvent(2).metadata as object), source: "FAX" } };
    const outcome = judgeEntry({ id: "1-0", fields: ["data", JSON.stringify(bad)] }, { router });
    expect(outcome.kind).toBe("invalid");
    if (outcome.kind !== "invalid") return;
    expect(outcome.errors).toEqual([
      // The wording is the runtime's to choose; path, keyword and schema path are the contract.
      { path: "/metadata/source", keyword: "enum", message: expect.any(String), schemaPath: expect.stringMatching(/\/enum$/), params: { allowedValues: expect.arrayContaining(["WEB_APP"]) } },
    ]);
  });
  it("routes by a stream field, by a document property, and falls back to the schema", () => {
    const byField = createRouter({ schemaField: "type", routes: { StreamEvent: streamEvent }, lookup: (name) => (name === "AnalyticsEvent" ? event : undefined) });
    expect(byField({ id: "1", fields: ["type", "StreamEvent"] }, {})).toEqual({ ok: true, contract: streamEvent });
    expect(byField({ id: "1", fields: ["type", "AnalyticsEvent"] }, {})).toEqual({ ok: true, contract: event });
    expect(byField({ id: "1", fields: ["type", "Nope"] }, {})).toEqual({ ok: false, detail: 'no schema for field \'type\' = "Nope"' });
    expect(byField({ id: "1", fields: [] }, {})).toEqual({ ok: false, detail: "no schema: the entry has no field 'type'" });
    const byProperty = createRouter({ schemaProperty: "$schema", lookup: (id) => (id === "https://schemas.analytics.example/analytics/event.json" ? event : undefined), schema: streamEvent });
    expect(byProperty({ id: "1", fields: [] }, { $schema: "https://schemas.analytics.example/analytics/event.json" })).toEqual({ ok: true, contract: event });
    expect(byProperty({ id: "1", fields: [] }, { $schema: "other" })).toEqual({ ok: true, contract: streamEvent });
  });
  it("makes an unroutable entry malformed with reason no-schema", () => {
    const router = createRouter({ schemaField: "type", routes: {} });
    expect(judgeEntry({ id: "1-0", fields: ["type", "X", "data", "{}"] }, { router })).toEqual({ kind: "malformed", text: "{}", reason: "no-schema", detail: 'no schema for field \'type\' = "X"' });
  });
});

describe("the dead-letter record", () => {
  it("carries reason, payload, source id and stream, schema, the errors as JSON and the time", () => {
    const entry = { id: "7-1", fields: ["data", '{"a":1}'] };
    const fields = deadLetterFields(entry, { kind: "invalid", contract: event, text: '{"a":1}', errors: [{ path: "/a", keyword: "type", message: "must be string", schemaPath: "#/properties/a/type", params: { type: "string" } }] }, context);
    expect(fields).toEqual([
      "reason", "invalid", "detail", "/a: must be string", "payload", '{"a":1}', "source_id", "7-1", "source_stream", "events", "group", "g", "consumer", "c1",
      "schema", "AnalyticsEvent", "errors", '[{"path":"/a","keyword":"type","message":"must be string","schemaPath":"#/properties/a/type","params":{"type":"string"}}]',
      "time", "2026-03-01T12:00:00.000Z",
    ]);
  });
  it("keeps every original field when the payload field is missing", () => {
    const entry = { id: "7-2", fields: ["kind", "x", "n", "1"] };
    const fields = deadLetterFields(entry, { kind: "malformed", text: undefined, reason: "missing-field", detail: "entry has no field 'data' (fields: kind, n)" }, context);
    expect(fields.slice(0, 6)).toEqual(["reason", "missing-field", "detail", "entry has no field 'data' (fields: kind, n)", "entry", '{"kind":"x","n":"1"}']);
  });
});

describe("the delivery limit", () => {
  it("allows maxDeliveries attempts: a failure on delivery N = max is the last, an arrival above max is not tried", () => {
    expect([1, 2, 3].map((deliveries) => exhaustedAfterFailure(deliveries, 3))).toEqual([false, false, true]);
    expect([1, 3, 4].map((deliveries) => exhaustedOnArrival(deliveries, 3))).toEqual([false, false, true]);
    expect(exhaustedOnArrival(1_000, 0) || exhaustedAfterFailure(1_000, 0)).toBe(false); // 0: off
    expect(exhaustedAfterFailure(1, 1)).toBe(true);
  });
  it("refuses a negative or fractional limit", () => {
    expect(checkMaxDeliveries(0)).toBe(0);
    expect(() => checkMaxDeliveries(-1)).toThrow("maxDeliveries must be a whole number (0 turns the limit off), got -1");
    expect(() => checkMaxDeliveries(1.5)).toThrow(RangeError);
  });
  it("dead-letters with reason delivery-limit, the count, and the last error when the consumer made the last attempt", () => {
    const entry = { id: "7-3", fields: ["data", '{"a":1}'] };
    const failed = failedLastAttempt(5, 5, event, '{"a":1}', new Error("HTTP 503 from billing\n  at post (billing.js:1)"));
    expect(deadLetterFields(entry, failed, context)).toEqual([
      "reason", "delivery-limit", "detail", "the handler failed on delivery 5 of at most 5: HTTP 503 from billing", "payload", '{"a":1}',
      "source_id", "7-3", "source_stream", "events", "group", "g", "consumer", "c1", "schema", "AnalyticsEvent",
      "deliveries", "5", "last_error", "HTTP 503 from billing\n  at post (billing.js:1)", "errors", "[]", "time", "2026-03-01T12:00:00.000Z",
    ]);
    const missing = { id: "7-4", fields: ["kind", "x"] };
    expect(deadLetterFields(missing, untried(6, 5, undefined), context)).toEqual([
      "reason", "delivery-limit", "detail", "delivered 6 times without an acknowledgement (limit 5); not tried again", "entry", '{"kind":"x"}',
      "source_id", "7-4", "source_stream", "events", "group", "g", "consumer", "c1", "deliveries", "6", "errors", "[]", "time", "2026-03-01T12:00:00.000Z",
    ]);
  });
});

describe("the invalid-ratio guard", () => {
  it("stays quiet below the minimum, trips when the window's share passes the threshold", () => {
    const guard = new InvalidRatioGuard({ maxInvalidRatio: 0.5, window: 4, minimum: 3 });
    expect(guard.record(true)).toBeUndefined();
    expect(guard.record(true)).toBeUndefined(); // 2 seen: under the minimum
    expect(guard.record(false)).toEqual({ ratio: 2 / 3, invalid: 2, seen: 3, window: 4, minimum: 3, threshold: 0.5 });
  });
  it("forgets verdicts that left the window, and a share equal to the threshold does not trip", () => {
    const guard = new InvalidRatioGuard({ maxInvalidRatio: 0.5, window: 4, minimum: 4 });
    for (const invalid of [true, true, false, false]) expect(guard.record(invalid)).toBeUndefined();
    expect(guard.record(false)).toBeUndefined(); // window: true false false false
    expect(guard.record(true)).toBeUndefined(); // false false false true
    expect(guard.record(true)).toBeUndefined(); // false false true true = 0.5
    expect(guard.record(true)?.invalid).toBe(3);
  });
  it("says the ratio, the window and the threshold", () => {
    expect(describeTrip({ ratio: 0.55, invalid: 11, seen: 20, window: 20, minimum: 20, threshold: 0.5 })).toBe(
      "55.0% of the last 20 entries were invalid (11 of 20), above the maximum invalid ratio 0.5 (50.0%) over a window of 20 entries (minimum 20)",
    );
  });
  it("refuses a ratio outside 0..1 and a minimum above the window", () => {
    expect(() => new InvalidRatioGuard({ maxInvalidRatio: 1.5, window: 10, minimum: 1 })).toThrow("the invalid ratio must be between 0 and 1, got 1.5");
    expect(() => new InvalidRatioGuard({ maxInvalidRatio: 0.1, window: 10, minimum: 11 })).toThrow("the minimum must be an integer from 1 to the window (10), got 11");
  });
});

describe("naming a schema", () => {
  const entries = manifest.schemas as ManifestEntry[];
  it.each(["https://schemas.analytics.example/analytics/event.json", "analytics/event.json", "analytics/event", "AnalyticsEvent", "validateAnalyticsEvent"])("finds AnalyticsEvent by %s", (ref) => {
    expect(resolveManifestEntry(entries, ref).type).toBe("AnalyticsEvent");
  });
  it("suggests close names for a misspelt one", () => {
    expect(closeMatches(entries, "AnalyticEvent")).toEqual(["AnalyticsEvent"]);
    expect(() => resolveManifestEntry(entries, "AnalyticEvent")).toThrow(UnknownSchemaError);
    expect(() => resolveManifestEntry(entries, "AnalyticEvent")).toThrow("unknown schema 'AnalyticEvent'; did you mean 'AnalyticsEvent'?");
  });
});
