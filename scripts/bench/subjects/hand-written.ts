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
const SOURCES = new Set(["WEB_APP", "IOS_APP", "ANDROID_APP", "DESKTOP_APP", "SMART_SPEAKER", "SMART_TV", "CAR_PLAY", "PARTNER_API", "BACKEND"]);
const EVENT_TYPES = new Set(["USER_ACTION", "PLAYBACK", "RECOMMENDATION", "SEARCH", "SYSTEM_EVENT", "ERROR"]);
const OS = new Set(["IOS", "ANDROID", "WINDOWS", "MACOS", "LINUX", "OTHER"]);
const EVENT_KEYS = new Set(["event_id", "timestamp", "received_at", "metadata", "event_type", "event_name", "properties", "schema_version"]);
const METADATA_KEYS = new Set(["tenant_id", "source", "user_id", "session_id", "device", "locale", "country", "app_version"]);
const DEVICE_KEYS = new Set(["os", "os_version", "model"]);
const hasOwn = Object.prototype.hasOwnProperty;

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

function onlyKeys(value: Json, allowed: Set<string>): boolean {
  for (const key in value) if (!allowed.has(key)) return false;
  return true;
}

function device(value: unknown): boolean {
  if (!isObject(value) || !onlyKeys(value, DEVICE_KEYS)) return false;
  if (!hasOwn.call(value, "os") || !OS.has(value.os as string) || !isString(value.os)) return false;
  if (!hasOwn.call(value, "model") || !isString(value.model) || length(value.model) < 1 || length(value.model) > 64) return false;
  return !hasOwn.call(value, "os_version") || (isString(value.os_version) && length(value.os_version) <= 32);
}

function metadata(value: unknown): boolean {
  if (!isObject(value) || !onlyKeys(value, METADATA_KEYS)) return false;
  if (!hasOwn.call(value, "tenant_id") || !isString(value.tenant_id) || !TENANT.test(value.tenant_id)) return false;
  if (!hasOwn.call(value, "source") || !isString(value.source) || !SOURCES.has(value.source)) return false;
  if (hasOwn.call(value, "user_id") && !(isString(value.user_id) && USER.test(value.user_id))) return false;
  if (hasOwn.call(value, "session_id") && !(isString(value.session_id) && UUID.test(value.session_id))) return false;
  if (hasOwn.call(value, "device") ? !device(value.device) : value.source === "IOS_APP" || value.source === "ANDROID_APP") return false;
  if (hasOwn.call(value, "locale") && !(isString(value.locale) && LOCALE.test(value.locale))) return false;
  if (hasOwn.call(value, "country") && !(isString(value.country) && COUNTRY.test(value.country))) return false;
  return !hasOwn.call(value, "app_version") || (isString(value.app_version) && SEMVER.test(value.app_version));
}

function properties(value: unknown, playback: boolean): boolean {
  if (!isObject(value)) return false;
  let count = 0;
  for (const key in value) {
    if (++count > 64 || !PROPERTY_NAME.test(key)) return false;
    const item = value[key];
    if (item !== null && typeof item !== "string" && typeof item !== "number" && typeof item !== "boolean") return false;
  }
  return !playback || (hasOwn.call(value, "track_id") && isString(value.track_id) && value.track_id.length > 0);
}

function analyticsEvent(value: unknown): boolean {
  if (!isObject(value) || !onlyKeys(value, EVENT_KEYS)) return false;
  if (!hasOwn.call(value, "event_id") || !isString(value.event_id) || !UUID.test(value.event_id)) return false;
  if (!hasOwn.call(value, "timestamp") || !isString(value.timestamp) || !dateTime(value.timestamp)) return false;
  if (hasOwn.call(value, "received_at") && !(isString(value.received_at) && dateTime(value.received_at))) return false;
  if (!hasOwn.call(value, "metadata") || !metadata(value.metadata)) return false;
  if (!hasOwn.call(value, "event_type") || !isString(value.event_type) || !EVENT_TYPES.has(value.event_type)) return false;
  if (!hasOwn.call(value, "event_name") || !isString(value.event_name) || !EVENT_NAME.test(value.event_name)) return false;
  const playback = value.event_type === "PLAYBACK";
  if (hasOwn.call(value, "properties") ? !properties(value.properties, playback) : playback) return false;
  if (hasOwn.call(value, "schema_version") && !(isString(value.schema_version) && SEMVER.test(value.schema_version))) return false;
  if (isString(value.received_at) && dateTimeBefore(value.received_at, value.timestamp as string)) return false;
  return true;
}

export const HAND_WRITTEN: Record<string, (data: unknown) => boolean> = { AnalyticsEvent: analyticsEvent };
