// A hand-written plain-JavaScript check of AnalyticsEvent, as strict as the schema: the practical speed limit.
import { dateTimeBefore, formats } from "../../../codegen/emit/runtime/formats.js";

const dateTime = (formats as Record<string, { validate: (value: string) => boolean }>)["date-time"]!.validate;
const UUID = /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
const TENANT = /^tnt_[a-z0-9]{8,32}$/;
const USER = /^usr_[A-Za-z0-9]{6,40}$/;
const EVENT_NAME = /^[a-z][a-z0-9_]{1,63}$/;
const PROPERTY_NAME = /^[a-z][a-z0-9_]{0,63}$/;
const LOCALE = /^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$/u;
const COUNTRY = /^[A-Z]{2}$/;
const SEMVER = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/u;
type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === "string";

/** Length in code points, as JSON Schema counts it. */
function length(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    count++;
    if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length && (text.charCodeAt(index + 1) & 0xfc00) === 0xdc00) index++;
  }
  return count;
}

// Each object is read in one pass over its own keys, a switch per key: events come in many shapes (optional fields,
// key order), and reading `value.name` for each known name on so many shapes costs more than the checks themselves.
// for-in over data from JSON.parse visits exactly the own keys.

function device(value: unknown): boolean {
  if (!isObject(value)) return false;
  let required = 0;
  for (const key in value) {
    const item = value[key];
    switch (key) {
      case "os":
        if (item !== "IOS" && item !== "ANDROID" && item !== "WINDOWS" && item !== "MACOS" && item !== "LINUX" && item !== "OTHER") return false;
        required++;
        break;
      case "model":
        if (!isString(item) || item.length === 0 || length(item) > 64) return false;
        required++;
        break;
      case "os_version":
        if (!isString(item) || length(item) > 32) return false;
        break;
      default:
        return false;
    }
  }
  return required === 2;
}

function metadata(value: unknown): boolean {
  if (!isObject(value)) return false;
  let required = 0;
  let source: unknown;
  let hasDevice = false;
  for (const key in value) {
    const item = value[key];
    switch (key) {
      case "tenant_id":
        if (!isString(item) || !TENANT.test(item)) return false;
        required++;
        break;
      case "source":
        if (
          item !== "WEB_APP" && item !== "IOS_APP" && item !== "ANDROID_APP" && item !== "DESKTOP_APP" && item !== "SMART_SPEAKER" &&
          item !== "SMART_TV" && item !== "CAR_PLAY" && item !== "PARTNER_API" && item !== "BACKEND"
        ) return false;
        source = item;
        required++;
        break;
      case "user_id":
        if (!isString(item) || !USER.test(item)) return false;
        break;
      case "session_id":
        if (!isString(item) || !UUID.test(item)) return false;
        break;
      case "device":
        if (!device(item)) return false;
        hasDevice = true;
        break;
      case "locale":
        if (!isString(item) || !LOCALE.test(item)) return false;
        break;
      case "country":
        if (!isString(item) || !COUNTRY.test(item)) return false;
        break;
      case "app_version":
        if (!isString(item) || !SEMVER.test(item)) return false;
        break;
      default:
        return false;
    }
  }
  return required === 2 && (hasDevice || (source !== "IOS_APP" && source !== "ANDROID_APP"));
}

function properties(value: unknown, playback: boolean): boolean {
  if (!isObject(value)) return false;
  let count = 0;
  let track = false;
  for (const key in value) {
    if (++count > 64 || !PROPERTY_NAME.test(key)) return false;
    const item = value[key];
    if (item !== null && typeof item !== "string" && typeof item !== "number" && typeof item !== "boolean") return false;
    if (key === "track_id") track = isString(item) && item.length > 0;
  }
  return !playback || track;
}

function analyticsEvent(value: unknown): boolean {
  if (!isObject(value)) return false;
  let required = 0;
  let timestamp = "";
  let receivedAt: string | undefined;
  let eventType: unknown;
  let eventProperties: unknown;
  for (const key in value) {
    const item = value[key];
    switch (key) {
      case "event_id":
        if (!isString(item) || !UUID.test(item)) return false;
        required++;
        break;
      case "timestamp":
        if (!isString(item) || !dateTime(item)) return false;
        timestamp = item;
        required++;
        break;
      case "received_at":
        if (!isString(item) || !dateTime(item)) return false;
        receivedAt = item;
        break;
      case "metadata":
        if (!metadata(item)) return false;
        required++;
        break;
      case "event_type":
        if (item !== "USER_ACTION" && item !== "PLAYBACK" && item !== "RECOMMENDATION" && item !== "SEARCH" && item !== "SYSTEM_EVENT" && item !== "ERROR") return false;
        eventType = item;
        required++;
        break;
      case "event_name":
        if (!isString(item) || !EVENT_NAME.test(item)) return false;
        required++;
        break;
      case "properties":
        eventProperties = item;
        break;
      case "schema_version":
        if (!isString(item) || !SEMVER.test(item)) return false;
        break;
      default:
        return false;
    }
  }
  if (required !== 5) return false;
  const playback = eventType === "PLAYBACK";
  if (eventProperties !== undefined ? !properties(eventProperties, playback) : playback) return false;
  return receivedAt === undefined || !dateTimeBefore(receivedAt, timestamp);
}

export const HAND_WRITTEN: Record<string, (data: unknown) => boolean> = { AnalyticsEvent: analyticsEvent };
