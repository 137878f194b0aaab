// Format checks for the generated validators: ajv-formats' full (strict) formats, with date, time, date-time, uuid
// and ipv4 replaced by allocation-free checks that accept exactly the same strings (fuzzed in test/formats.test.ts).
// ajv-formats' date-time alone costs ~0.4 µs per event: it splits the string and runs two regexes.

import { fullFormats } from "ajv-formats/dist/formats.js";

const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Each code unit's digit value, or -1; index 0 also stands for charCodeAt past the end (NaN | 0). */
const DIGIT = new Int8Array(65536).fill(-1);
for (let code = 48; code <= 57; code++) DIGIT[code] = code - 48;

function digit(code) {
  return DIGIT[code | 0];
}

function twoDigits(str, at) {
  const tens = digit(str.charCodeAt(at));
  const ones = digit(str.charCodeAt(at + 1));
  return tens < 0 || ones < 0 ? -1 : tens * 10 + ones;
}

/** RFC 3339 full-date at str[start, start+10), as ajv-formats' `date` (/^(\d\d\d\d)-(\d\d)-(\d\d)$/ + calendar). */
function dateAt(str, start) {
  const high = twoDigits(str, start);
  const low = twoDigits(str, start + 2);
  if (high < 0 || low < 0 || str.charCodeAt(start + 4) !== 45 || str.charCodeAt(start + 7) !== 45) return false;
  const month = twoDigits(str, start + 5);
  const day = twoDigits(str, start + 8);
  if (month < 1 || month > 12 || day < 1) return false;
  const year = high * 100 + low;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS[month]);
}

function date(str) {
  return str.length === 10 && dateAt(str, 0);
}

/**
 * RFC 3339 time from str[start]: /^(\d\d):(\d\d):(\d\d(?:\.\d+)?)(z|([+-])(\d\d)(?::?(\d\d))?)?$/i with the
 * zone required when `strictTimeZone`, plus ajv-formats' range and leap-second rules.
 */
function timeAt(str, start, strictTimeZone) {
  const length = str.length;
  if (length - start < 8) return false;
  const hour = twoDigits(str, start);
  const minute = twoDigits(str, start + 3);
  const wholeSecond = twoDigits(str, start + 6);
  if (hour < 0 || minute < 0 || wholeSecond < 0 || str.charCodeAt(start + 2) !== 58 || str.charCodeAt(start + 5) !== 58) return false;
  let at = start + 8;
  if (str.charCodeAt(at) === 46) {
    const fractionStart = ++at;
    while (at < length && digit(str.charCodeAt(at)) >= 0) at++;
    if (at === fractionStart) return false;
  }
  // ajv-formats compares +"ss.fff" with 60 and 61. Up to 12 fraction digits the whole seconds decide; beyond,
  // the double may round up to the next integer, so it is computed the same way.
  const second = at - start - 9 > 12 ? +str.slice(start + 6, at) : wholeSecond;
  let hasZone = false;
  let zoneSign = 1;
  let zoneHour = 0;
  let zoneMinute = 0;
  if (at < length) {
    const code = str.charCodeAt(at);
    if (code === 90 || code === 122) {
      hasZone = true;
      at++;
    } else if (code === 43 || code === 45) {
      hasZone = true;
      zoneSign = code === 45 ? -1 : 1;
      zoneHour = twoDigits(str, at + 1);
      if (zoneHour < 0) return false;
      at += 3;
      if (at < length) {
        if (str.charCodeAt(at) === 58) at++;
        zoneMinute = twoDigits(str, at);
        if (zoneMinute < 0) return false;
        at += 2;
      }
    } else {
      return false;
    }
  }
  if (at !== length) return false;
  if (zoneHour > 23 || zoneMinute > 59 || (strictTimeZone && !hasZone)) return false;
  if (hour <= 23 && minute <= 59 && second < 60) return true;
  // Leap second: only at 23:59 UTC.
  const utcMinute = minute - zoneMinute * zoneSign;
  const utcHour = hour - zoneHour * zoneSign - (utcMinute < 0 ? 1 : 0);
  return (utcHour === 23 || utcHour === -1) && (utcMinute === 59 || utcMinute === -1) && second < 61;
}

/** ajv-formats splits on /t|\s/i and wants exactly two parts; a valid date part puts the one separator at 10. */
function isDateTimeSeparator(code) {
  return (
    code === 84 || code === 116 || code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f ||
    code === 0x3000 || code === 0xfeff
  );
}

function dateTime(str) {
  return commonDateTime(str) || (str.length >= 19 && dateAt(str, 0) && isDateTimeSeparator(str.charCodeAt(10)) && timeAt(str, 11, true));
}

/**
 * True for the date-times services write (`2026-03-01T12:00:00Z`, `.125Z`, `+05:30`) when they are valid; false
 * sends the string to the full check. One function with no calls: V8 stops inlining helpers into a large validator,
 * and a call per field cost more than the field.
 */
function commonDateTime(str) {
  const length = str.length;
  if (length < 20 || length > 35) return false;
  const y0 = DIGIT[str.charCodeAt(0)];
  const y1 = DIGIT[str.charCodeAt(1)];
  const y2 = DIGIT[str.charCodeAt(2)];
  const y3 = DIGIT[str.charCodeAt(3)];
  const mo0 = DIGIT[str.charCodeAt(5)];
  const mo1 = DIGIT[str.charCodeAt(6)];
  const d0 = DIGIT[str.charCodeAt(8)];
  const d1 = DIGIT[str.charCodeAt(9)];
  const h0 = DIGIT[str.charCodeAt(11)];
  const h1 = DIGIT[str.charCodeAt(12)];
  const mi0 = DIGIT[str.charCodeAt(14)];
  const mi1 = DIGIT[str.charCodeAt(15)];
  const s0 = DIGIT[str.charCodeAt(17)];
  const s1 = DIGIT[str.charCodeAt(18)];
  const separator = str.charCodeAt(10);
  if (
    (y0 | y1 | y2 | y3 | mo0 | mo1 | d0 | d1 | h0 | h1 | mi0 | mi1 | s0 | s1) < 0 ||
    str.charCodeAt(4) !== 45 || str.charCodeAt(7) !== 45 || str.charCodeAt(13) !== 58 || str.charCodeAt(16) !== 58 ||
    (separator !== 84 && separator !== 116)
  ) {
    return false;
  }
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = mo0 * 10 + mo1;
  const day = d0 * 10 + d1;
  if (month < 1 || month > 12 || day < 1 || h0 * 10 + h1 > 23 || mi0 > 5 || s0 > 5) return false;
  if (day > DAYS[month] && !(month === 2 && day === 29 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return false;
  let at = 19;
  if (str.charCodeAt(at) === 46) {
    while (++at < length && DIGIT[str.charCodeAt(at)] >= 0);
    if (at === 20) return false;
  }
  if (at === length) return false;
  const zone = str.charCodeAt(at);
  if (zone === 90 || zone === 122) return at === length - 1;
  if ((zone !== 43 && zone !== 45) || at !== length - 6 || str.charCodeAt(at + 3) !== 58) return false;
  const zh0 = DIGIT[str.charCodeAt(at + 1)];
  const zh1 = DIGIT[str.charCodeAt(at + 2)];
  const zm0 = DIGIT[str.charCodeAt(at + 4)];
  const zm1 = DIGIT[str.charCodeAt(at + 5)];
  return (zh0 | zh1 | zm0 | zm1) >= 0 && zh0 * 10 + zh1 <= 23 && zm0 <= 5;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year, month, day) {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** Minutes from 1970-01-01T00:00Z to a date-time's minute in UTC; garbage (but no exception) for other strings. */
function utcMinute(str) {
  // Digits read in place rather than by helper, for the reason commonDateTime gives.
  const year = DIGIT[str.charCodeAt(0)] * 1000 + DIGIT[str.charCodeAt(1)] * 100 + DIGIT[str.charCodeAt(2)] * 10 + DIGIT[str.charCodeAt(3)];
  const month = DIGIT[str.charCodeAt(5)] * 10 + DIGIT[str.charCodeAt(6)];
  const day = DIGIT[str.charCodeAt(8)] * 10 + DIGIT[str.charCodeAt(9)];
  const hour = DIGIT[str.charCodeAt(11)] * 10 + DIGIT[str.charCodeAt(12)];
  const minute = (daysFromCivil(year, month, day) * 24 + hour) * 60 + DIGIT[str.charCodeAt(14)] * 10 + DIGIT[str.charCodeAt(15)];
  let zone = 19;
  if (str.charCodeAt(zone) === 46) while (DIGIT[str.charCodeAt(++zone) | 0] >= 0);
  const sign = str.charCodeAt(zone);
  if (sign !== 43 && sign !== 45) return minute;
  const zoneMinuteAt = str.charCodeAt(zone + 3) === 58 ? zone + 4 : zone + 3;
  const zoneMinutes = zoneMinuteAt < str.length ? DIGIT[str.charCodeAt(zoneMinuteAt)] * 10 + DIGIT[str.charCodeAt(zoneMinuteAt + 1)] : 0;
  return minute - (sign === 45 ? -1 : 1) * ((DIGIT[str.charCodeAt(zone + 1)] * 10 + DIGIT[str.charCodeAt(zone + 2)]) * 60 + zoneMinutes);
}

/** Where a date-time's seconds (and their fraction) end: at its time zone. */
function secondsEnd(str) {
  if (str.charCodeAt(19) !== 46) return 19;
  let end = 20;
  while (digit(str.charCodeAt(end)) >= 0) end++;
  return end;
}

/** Whether a's seconds (with their fraction) come before b's, place by place: a missing fraction digit is 0. */
function secondsBefore(a, b) {
  const wholeA = twoDigits(a, 17);
  const wholeB = twoDigits(b, 17);
  if (wholeA !== wholeB) return wholeA < wholeB;
  const endA = secondsEnd(a);
  const endB = secondsEnd(b);
  for (let at = 20; at < endA || at < endB; at++) {
    const digitA = at < endA ? a.charCodeAt(at) : 48;
    const digitB = at < endB ? b.charCodeAt(at) : 48;
    if (digitA !== digitB) return digitA < digitB;
  }
  return false;
}

/**
 * True when both strings are RFC 3339 date-times and `a` is the earlier instant, compared exactly: offsets
 * applied, fractions of any length, a leap second after :59. x-analytics-dateOrder uses it. The order is worked
 * out first and the strings are checked only when it says "earlier", the one answer that needs them valid.
 */
export function dateTimeBefore(a, b) {
  if (sameUtcLayout(a, b)) {
    // Fixed-width fields in the same places: the strings order as the instants do, leap second included.
    if (!(a < b)) return false;
  } else {
    const minutes = utcMinute(a) - utcMinute(b);
    if (!(minutes < 0 || (minutes === 0 && secondsBefore(a, b)))) return false;
  }
  return dateTime(a) && dateTime(b);
}

/** Same length, separator and UTC designator: two valid date-times with digits in the same places. */
function sameUtcLayout(a, b) {
  const last = a.length - 1;
  const zone = a.charCodeAt(last);
  return b.length === a.length && (zone === 90 || zone === 122) && b.charCodeAt(last) === zone && a.charCodeAt(10) === b.charCodeAt(10);
}

/** 0 for the code units of hex digits, 1 for the rest, in a table as large as a code unit can be: no bounds test. */
const NOT_HEX = new Uint8Array(65536).fill(1);
for (const char of "0123456789abcdefABCDEF") NOT_HEX[char.charCodeAt(0)] = 0;

/** ajv-formats' uuid, /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i, faster than the regex. */
function uuid(str) {
  let start = 0;
  if (str.length === 45) {
    for (let at = 0; at < 9; at++) {
      const code = str.charCodeAt(at);
      const expected = "urn:uuid:".charCodeAt(at);
      // Without the u flag, /i folds ASCII letters only; `| 0x20` lowercases them and them alone here.
      if (expected === 58 ? code !== 58 : (code | 0x20) !== expected) return false;
    }
    start = 9;
  } else if (str.length !== 36) {
    return false;
  }
  // Written out: a helper per group would be a call per group wherever V8 has run out of inlining budget.
  return (
    str.charCodeAt(start + 8) === 45 && str.charCodeAt(start + 13) === 45 && str.charCodeAt(start + 18) === 45 &&
    str.charCodeAt(start + 23) === 45 &&
    (
      NOT_HEX[str.charCodeAt(start)] | NOT_HEX[str.charCodeAt(start + 1)] | NOT_HEX[str.charCodeAt(start + 2)] |
      NOT_HEX[str.charCodeAt(start + 3)] | NOT_HEX[str.charCodeAt(start + 4)] | NOT_HEX[str.charCodeAt(start + 5)] |
      NOT_HEX[str.charCodeAt(start + 6)] | NOT_HEX[str.charCodeAt(start + 7)] | NOT_HEX[str.charCodeAt(start + 9)] |
      NOT_HEX[str.charCodeAt(start + 10)] | NOT_HEX[str.charCodeAt(start + 11)] | NOT_HEX[str.charCodeAt(start + 12)] |
      NOT_HEX[str.charCodeAt(start + 14)] | NOT_HEX[str.charCodeAt(start + 15)] | NOT_HEX[str.charCodeAt(start + 16)] |
      NOT_HEX[str.charCodeAt(start + 17)] | NOT_HEX[str.charCodeAt(start + 19)] | NOT_HEX[str.charCodeAt(start + 20)] |
      NOT_HEX[str.charCodeAt(start + 21)] | NOT_HEX[str.charCodeAt(start + 22)] | NOT_HEX[str.charCodeAt(start + 24)] |
      NOT_HEX[str.charCodeAt(start + 25)] | NOT_HEX[str.charCodeAt(start + 26)] | NOT_HEX[str.charCodeAt(start + 27)] |
      NOT_HEX[str.charCodeAt(start + 28)] | NOT_HEX[str.charCodeAt(start + 29)] | NOT_HEX[str.charCodeAt(start + 30)] |
      NOT_HEX[str.charCodeAt(start + 31)] | NOT_HEX[str.charCodeAt(start + 32)] | NOT_HEX[str.charCodeAt(start + 33)] |
      NOT_HEX[str.charCodeAt(start + 34)] | NOT_HEX[str.charCodeAt(start + 35)]
    ) === 0
  );
}

/**
 * ajv-formats' ipv4, /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/: four
 * numbers up to 255 without leading zeros, faster than the regex (RegExp#test costs ~40 ns before reading anything).
 */
function ipv4(str) {
  const length = str.length;
  if (length < 7 || length > 15) return false;
  // Reads stay below length: reading past the end makes V8 fall back to a slower charCodeAt.
  let at = 0;
  for (let part = 0; part < 4; part++) {
    if (part > 0 && (at === length || str.charCodeAt(at++) !== 46)) return false;
    if (at === length) return false;
    let value = DIGIT[str.charCodeAt(at++)];
    if (value < 0) return false;
    // A leading 0 is the whole number.
    for (let digits = 1; digits < 3 && value !== 0 && at < length; digits++) {
      const next = DIGIT[str.charCodeAt(at)];
      if (next < 0) break;
      value = value * 10 + next;
      at++;
    }
    if (value > 255) return false;
  }
  return at === length;
}

export const formats = {
  ...fullFormats,
  date: { ...fullFormats.date, validate: date },
  time: { ...fullFormats.time, validate: (str) => timeAt(str, 0, true) },
  "date-time": { ...fullFormats["date-time"], validate: dateTime },
  uuid: { type: "string", validate: uuid },
  ipv4: { type: "string", validate: ipv4 },
};
