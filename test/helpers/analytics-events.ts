// Realistic analytics events (~620 bytes as JSON), drawn from a seed: valid against schemas/analytics/event.json
// and test/fixtures/validate/schemas/event.json. Used by the validate tests and the throughput benchmark.

import { createWriteStream } from "node:fs";
import { once } from "node:events";

const SOURCES = ["WEB_APP", "IOS_APP", "ANDROID_APP", "DESKTOP_APP", "SMART_SPEAKER", "SMART_TV", "CAR_PLAY", "PARTNER_API", "BACKEND"];
const TYPES = ["USER_ACTION", "PLAYBACK", "RECOMMENDATION", "SEARCH", "SYSTEM_EVENT", "ERROR"];
const NAMES = ["track_play", "track_skip", "track_like", "playlist_add", "search_query", "page_view", "ad_impression", "session_start"];
const LOCALES = ["en-GB", "en-US", "de-DE", "fr-FR", "es-ES", "pt-BR", "ja-JP", "sv-SE"];
const COUNTRIES = ["GB", "US", "DE", "FR", "ES", "BR", "JP", "SE"];
const MODELS = ["iPhone15,2", "iPhone14,7", "Pixel 8", "SM-S918B", "iPad13,4", "Pixel 7a"];
const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const HEX = "0123456789abcdef";

/** A small, fast, seeded generator (mulberry32), so every run draws the same events. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function characters(random: () => number, alphabet: string, length: number): string {
  let text = "";
  for (let index = 0; index < length; index++) text += alphabet[Math.floor(random() * alphabet.length)];
  return text;
}

function uuid(random: () => number): string {
  const hex = characters(random, HEX, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

function timestamp(milliseconds: number): string {
  return new Date(milliseconds).toISOString();
}

/** One valid event; the same index always gives the same event. */
export function analyticsEvent(index: number): Record<string, unknown> {
  const random = seededRandom(index * 2654435761);
  const source = pick(random, SOURCES);
  const eventType = pick(random, TYPES);
  const happened = Date.UTC(2026, 2, 1) + Math.floor(random() * 30 * 86_400_000);
  const metadata: Record<string, unknown> = {
    tenant_id: `tnt_${characters(random, "abcdefghijklmnopqrstuvwxyz0123456789", 12)}`,
    source,
    user_id: `usr_${characters(random, ALPHANUMERIC, 16)}`,
    session_id: uuid(random),
    locale: pick(random, LOCALES),
    country: pick(random, COUNTRIES),
    app_version: `${1 + Math.floor(random() * 9)}.${Math.floor(random() * 30)}.${Math.floor(random() * 10)}`,
  };
  if (source === "IOS_APP" || source === "ANDROID_APP" || random() < 0.5) {
    metadata.device = {
      os: source === "IOS_APP" ? "IOS" : source === "ANDROID_APP" ? "ANDROID" : pick(random, ["WINDOWS", "MACOS", "LINUX", "OTHER"]),
      os_version: `${10 + Math.floor(random() * 8)}.${Math.floor(random() * 6)}`,
      model: pick(random, MODELS),
    };
  }
  const properties: Record<string, unknown> = {
    track_id: `trk_${characters(random, ALPHANUMERIC, 22)}`,
    position_ms: Math.floor(random() * 300_000),
    duration_ms: 120_000 + Math.floor(random() * 240_000),
    shuffle: random() < 0.3,
    volume: Math.round(random() * 100) / 100,
    referrer: random() < 0.2 ? null : pick(random, ["home", "search", "playlist", "radio", "artist_page"]),
  };
  if (random() < 0.5) properties.playlist_id = `pl_${characters(random, ALPHANUMERIC, 18)}`;
  return {
    event_id: uuid(random),
    timestamp: timestamp(happened),
    received_at: timestamp(happened + Math.floor(random() * 5000)),
    metadata,
    event_type: eventType,
    event_name: pick(random, NAMES),
    properties,
    schema_version: "1.4.0",
  };
}

export interface EventFileOptions {
  lines: number;
  /** Replaces the text of chosen lines (1-based), e.g. with an invalid or malformed document. */
  replace?: (line: number) => string | undefined;
  lineEnding?: string;
}

/** Writes an NDJSON file of distinct valid events, with chosen lines replaced. */
export async function writeEventFile(file: string, options: EventFileOptions): Promise<void> {
  const out = createWriteStream(file);
  const ending = options.lineEnding ?? "\n";
  let batch = "";
  for (let line = 1; line <= options.lines; line++) {
    batch += (options.replace?.(line) ?? JSON.stringify(analyticsEvent(line))) + ending;
    if (batch.length > 1 << 20) {
      if (!out.write(batch)) await once(out, "drain");
      batch = "";
    }
  }
  out.end(batch);
  await once(out, "finish");
}
