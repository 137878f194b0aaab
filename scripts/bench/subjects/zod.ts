// AnalyticsEvent written by hand in zod 4, with the schema's rules: what a team using zod would maintain.
import { z } from "zod";
import { dateTimeBefore, formats } from "../../../codegen/emit/runtime/formats.js";

const dateTime = (formats as Record<string, { validate: (value: string) => boolean }>)["date-time"]!.validate;
const uuid = z.string().regex(/^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i);
const timestamp = z.string().refine(dateTime);
const semver = z.string().regex(/^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/u);
const codePoints = (text: string) => [...text].length;

const device = z.strictObject({
  os: z.enum(["IOS", "ANDROID", "WINDOWS", "MACOS", "LINUX", "OTHER"]),
  os_version: z.string().refine((text) => codePoints(text) <= 32).optional(),
  model: z.string().refine((text) => codePoints(text) >= 1 && codePoints(text) <= 64),
});

const metadata = z
  .strictObject({
    tenant_id: z.string().regex(/^tnt_[a-z0-9]{8,32}$/),
    source: z.enum(["WEB_APP", "IOS_APP", "ANDROID_APP", "DESKTOP_APP", "SMART_SPEAKER", "SMART_TV", "CAR_PLAY", "PARTNER_API", "BACKEND"]),
    user_id: z.string().regex(/^usr_[A-Za-z0-9]{6,40}$/).optional(),
    session_id: uuid.optional(),
    device: device.optional(),
    locale: z.string().regex(/^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$/u).optional(),
    country: z.string().regex(/^[A-Z]{2}$/).optional(),
    app_version: semver.optional(),
  })
  .refine((value) => !(value.source === "IOS_APP" || value.source === "ANDROID_APP") || value.device !== undefined);

const analyticsEvent = z
  .strictObject({
    event_id: uuid,
    timestamp,
    received_at: timestamp.optional(),
    metadata,
    event_type: z.enum(["USER_ACTION", "PLAYBACK", "RECOMMENDATION", "SEARCH", "SYSTEM_EVENT", "ERROR"]),
    event_name: z.string().regex(/^[a-z][a-z0-9_]{1,63}$/),
    properties: z
      .record(z.string().regex(/^[a-z][a-z0-9_]{0,63}$/), z.union([z.string(), z.number(), z.boolean(), z.null()]))
      .refine((value) => Object.keys(value).length <= 64)
      .optional(),
    schema_version: semver.optional(),
  })
  .refine((event) => event.event_type !== "PLAYBACK" || (typeof event.properties?.track_id === "string" && event.properties.track_id.length > 0))
  .refine((event) => event.received_at === undefined || !dateTimeBefore(event.received_at, event.timestamp));

export const ZOD_SCHEMAS: Record<string, z.ZodType> = { AnalyticsEvent: analyticsEvent };
