// A generated Standard Schema through Hono's own validator middleware, as a service uses it: the 400 body names
// each field to fix and says what is wrong with it.

import { sValidator } from "@hono/standard-validator";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { AnalyticsEventSchema, type AnalyticsEvent } from "../generated/analytics/index.js";
import { analyticsEvent } from "./helpers/analytics-events.js";

const app = new Hono().post("/events", sValidator("json", AnalyticsEventSchema), (c) => {
  const event: AnalyticsEvent = c.req.valid("json");
  return c.json({ accepted: event.event_id });
});

async function post(body: unknown) {
  const response = await app.request("/events", { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });
  return { status: response.status, body: (await response.json()) as { error?: { message: string; path: (string | number)[] }[]; accepted?: string } };
}

describe("through Hono's standard validator", () => {
  it("accepts a valid event and hands the handler the typed value", async () => {
    const event = analyticsEvent(1);
    expect(await post(event)).toEqual({ status: 200, body: { accepted: event.event_id } });
  });

  it.each([
    ["an unexpected property, at its key", { ...analyticsEvent(1), colour: "red" }, { message: "unexpected property 'colour'", path: ["colour"] }],
    ["a missing property, at the key to add", (({ event_name: _, ...rest }) => rest)(analyticsEvent(1)), { message: "missing required property 'event_name'", path: ["event_name"] }],
    [
      "a bad enum value, listing the allowed ones",
      { ...analyticsEvent(1), event_type: "NOPE" },
      { message: 'must be one of "USER_ACTION", "PLAYBACK", "RECOMMENDATION", "SEARCH", "SYSTEM_EVENT", "ERROR"', path: ["event_type"] },
    ],
  ])("answers 400 naming %s", async (_name, body, issue) => {
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(response.body.error).toEqual([issue]);
  });

  it("answers 400 naming each bad field of one body, so one round trip shows everything to fix", async () => {
    const { event_name: _, ...withoutName } = analyticsEvent(1);
    const response = await post({ ...withoutName, colour: "red", event_type: "NOPE", timestamp: "yesterday" });
    expect(response.status).toBe(400);
    expect(response.body.error).toEqual([
      { message: "missing required property 'event_name'", path: ["event_name"] },
      { message: "unexpected property 'colour'", path: ["colour"] },
      { message: "must be a valid date-time", path: ["timestamp"] },
      { message: 'must be one of "USER_ACTION", "PLAYBACK", "RECOMMENDATION", "SEARCH", "SYSTEM_EVENT", "ERROR"', path: ["event_type"] },
    ]);
  });
});
