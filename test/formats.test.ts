import fc from "fast-check";
import { fullFormats } from "ajv-formats/dist/formats.js";
import { describe, expect, it } from "vitest";
import { dateTimeBefore, formats } from "../codegen/emit/runtime/formats.js";

type FormatCheck = (value: string) => boolean;
const reference = (name: string): FormatCheck => {
  const format = (fullFormats as Record<string, unknown>)[name] as { validate: FormatCheck };
  return (value) => format.validate(value);
};
const ours = (name: string): FormatCheck => (formats as Record<string, { validate: FormatCheck }>)[name]!.validate;
/** ajv-formats' regex formats (uuid) are RegExps, not objects. */
const referenceRegExp = (name: string): FormatCheck => {
  const format = (fullFormats as Record<string, unknown>)[name] as RegExp;
  return (value) => format.test(value);
};

const digits = (count: number) => fc.array(fc.constantFrom(..."0123456789"), { minLength: count, maxLength: count }).map((list) => list.join(""));
const piece = fc.oneof(
  digits(2),
  digits(4),
  fc.constantFrom("-", ":", ".", "T", "t", " ", "\u2003", "\ufeff", "Z", "z", "+", "-", "60", "59", "23", "00", "29", "02", "13", "99", "1", "999999999999999999"),
);
// Timestamps built from the grammar's own pieces, so that near-misses of every kind come up often.
const timestampLike = fc.oneof(
  fc.tuple(digits(4), fc.constantFrom("-"), digits(2), fc.constantFrom("-"), digits(2)).map((parts) => parts.join("")),
  fc.array(piece, { minLength: 1, maxLength: 14 }).map((parts) => parts.join("")),
  fc
    .record({
      date: fc.date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true }),
      separator: fc.oneof(
        fc.constantFrom("T", "t", " ", "\n", "_", "\ufeff", "\u3000", "\u2028", "\u00a0", "\u200b", "\u180e"),
        fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
      ),
      fraction: fc.constantFrom("", ".5", ".123456", ".", ".9999999999999999999"),
      zone: fc.constantFrom("Z", "z", "", "+05:30", "-0800", "+24:00", "+05", "+05:", "-00:60", "+1"),
      second: fc.constantFrom(null, "60", "61", "59"),
    })
    .map(({ date, separator, fraction, zone, second }) => {
      const iso = date.toISOString().slice(0, 19);
      const withSecond = second ? iso.slice(0, 17) + second : iso;
      return withSecond.slice(0, 10) + separator + withSecond.slice(11) + fraction + zone;
    }),
  fc.string(),
  fc.string({ unit: "grapheme" }),
);
// The shapes services write, with one character replaced by printable ASCII: each field's range, each fixed character.
const commonTimestamp = fc
  .record({
    date: fc.date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true }),
    separator: fc.constantFrom("T", "t"),
    fraction: fc.constantFrom("", ".123", ".5"),
    zone: fc.constantFrom("Z", "z", "+05:30", "-08:00", "+23:59"),
  })
  .map(({ date, separator, fraction, zone }) => date.toISOString().slice(0, 10) + separator + date.toISOString().slice(11, 19) + fraction + zone);
const nearCommonTimestamp = fc
  .tuple(commonTimestamp, fc.nat(), fc.integer({ min: 32, max: 126 }))
  .map(([text, at, code]) => text.slice(0, at % text.length) + String.fromCharCode(code) + text.slice((at % text.length) + 1));

describe("fast formats accept exactly what ajv-formats (full) accepts", () => {
  for (const name of ["date-time", "date", "time"]) {
    it(`${name}: same verdict on 20,000 generated strings`, () => {
      const expected = reference(name);
      const actual = ours(name);
      const strings = fc.oneof(timestampLike, commonTimestamp, nearCommonTimestamp, nearCommonTimestamp);
      const inputs = name === "time" ? strings.map((value) => value.slice(11)) : strings;
      fc.assert(
        fc.property(inputs, (value) => actual(value) === expected(value)),
        { numRuns: 20_000, seed: 20261125 },
      );
    });
  }

  it("agree on hand-picked edge cases", () => {
    const cases = [
      "2024-02-29T12:00:00Z", "2023-02-29T12:00:00Z", "2024-02-30T12:00:00Z", "1900-02-29T00:00:00Z", "2000-02-29T00:00:00Z",
      "2024-12-31T23:59:60Z", "2024-12-31T22:59:60-01:00", "2024-12-31T23:59:60+01:00", "2024-01-01T00:00:00",
      "2024-01-01t00:00:00z", "2024-01-01 00:00:00.123+05:30", "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00+0530",
      "2024-01-01T24:00:00Z", "2024-01-01T00:00:00+24:00", "2024-01-01TT00:00:00Z", "2024-01-01T00:00:59.99999999999999999Z",
      "2024-01-01\u00a000:00:00Z", "\u0661\u0662\u0663\u0664-01-01T00:00:00Z", "2024-13-01T00:00:00Z", "2024-00-10T00:00:00Z",
      "2024-01-00T00:00:00Z", "2024-04-31T00:00:00Z", "2024-01-01T00:60:00Z", "2024-01-01X00:00:00Z", "2024-01-01T00:00:00.123+01:60",
    ];
    for (const value of cases) expect(ours("date-time")(value), value).toBe(reference("date-time")(value));
  });

  it("uuid: same verdict on 20,000 UUIDs, URNs and near-misses", () => {
    const uuidChars = [..."0123456789abcdefABCDEFgG-:urnURNid", "\u0130", "\u0131", "\u017f", "\u212a", "\uff10", "\u0661", "\ud83d\ude00", " "];
    const edited = fc
      .tuple(fc.uuid(), fc.constantFrom("", "urn:uuid:", "URN:UUID:", "uRn:UuId:", "urn:uuid", "urn:uuid::", "urn\u0131uid:"), fc.nat(), fc.constantFrom(...uuidChars), fc.boolean())
      .map(([id, prefix, at, char, replace]) => {
        const text = prefix + id;
        const index = at % (text.length + 1);
        return replace ? text.slice(0, index) + char + text.slice(index + 1) : text.slice(0, index) + char + text.slice(index);
      });
    const inputs = fc.oneof(fc.uuid().map((id) => id.toUpperCase()), fc.uuid().map((id) => `urn:uuid:${id}`), edited, fc.string({ unit: fc.constantFrom(...uuidChars), maxLength: 46 }));
    fc.assert(
      fc.property(inputs, (value) => ours("uuid")(value) === referenceRegExp("uuid")(value)),
      { numRuns: 20_000, seed: 20261125 },
    );
  });
});

describe("ipv4 accepts exactly what ajv-formats' regex accepts", () => {
  it("same verdict on 20,000 addresses and near-misses", () => {
    const octet = fc.oneof(fc.integer({ min: 0, max: 255 }).map(String), fc.integer({ min: 0, max: 999 }).map(String), fc.constantFrom("00", "01", "010", "0255", "256", "1000", "", "-1", "+1", " 1", "\u0661"));
    const separator = fc.constantFrom(".", ".", ".", ".", "..", ",", " ", "");
    const address = fc.tuple(octet, separator, octet, separator, octet, separator, octet, fc.constantFrom("", "", "", ".", ".1", "\n", " ")).map((parts) => parts.join(""));
    const inputs = fc.oneof(address, fc.string({ unit: fc.constantFrom(..."0123456789.", "a"), maxLength: 17 }));
    fc.assert(
      fc.property(inputs, (value) => ours("ipv4")(value) === referenceRegExp("ipv4")(value)),
      { numRuns: 20_000, seed: 20261126 },
    );
    expect(["0.0.0.0", "255.255.255.255", "192.168.1.10", "10.0.0.1"].every(ours("ipv4"))).toBe(true);
    expect(["256.0.0.1", "01.2.3.4", "1.2.3", "1.2.3.4.", "1.2.3.04", "1.2.3.4 "].some(ours("ipv4"))).toBe(false);
  });
});

describe("dateTimeBefore orders date-times as instants, exactly", () => {
  it("agrees with Date.parse wherever Date.parse is exact (milliseconds, no leap second, 4-digit years)", () => {
    const instant = fc.record({
      date: fc.date({ min: new Date("1000-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true }),
      zone: fc.constantFrom("Z", "z", "+00:00", "+05:30", "-08:00", "+0100", "-11", "+14:00"),
      fraction: fc.constantFrom("", ".5", ".05", ".123", ".120", ".000"),
      separator: fc.constantFrom("T", "t", " "),
    });
    const render = ({ date, zone, fraction, separator }: { date: Date; zone: string; fraction: string; separator: string }) => {
      const iso = date.toISOString();
      return iso.slice(0, 10) + separator + iso.slice(11, 19) + fraction + zone;
    };
    fc.assert(
      fc.property(instant, instant, (a, b) => {
        const [first, second] = [render(a), render(b)];
        const expected = Date.parse(first.replace(/^(.{10})[t ]/, "$1T").replace(/z$/, "Z").replace(/([+-]\d\d)$/, "$1:00").replace(/([+-]\d\d)(\d\d)$/, "$1:$2"));
        const other = Date.parse(second.replace(/^(.{10})[t ]/, "$1T").replace(/z$/, "Z").replace(/([+-]\d\d)$/, "$1:00").replace(/([+-]\d\d)(\d\d)$/, "$1:$2"));
        return dateTimeBefore(first, second) === expected < other;
      }),
      { numRuns: 20_000, seed: 20261125 },
    );
  });

  it("orders UTC date-times of one length (compared as strings) as it orders them with a +00:00 offset", () => {
    const digits = (length: number) => fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: length, maxLength: length });
    // Fields past their ranges make same-length garbage; seconds 58-61 at :59 reach the leap second.
    const utc = (fraction: string) =>
      fc
        .tuple(
          fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 24 }),
          fc.integer({ min: 58, max: 61 }), digits(Math.max(fraction.length - 1, 0)), fc.constantFrom("T", "t", " "), fc.constantFrom("Z", "z"),
        )
        .map(([year, month, day, hour, second, digitsAfterPoint, separator, zone]) => {
          const two = (value: number) => String(value).padStart(2, "0");
          const fractionPart = fraction === "" ? "" : `.${digitsAfterPoint}`;
          return `${String(year).padStart(4, "0")}-${two(month)}-${two(day)}${separator}${two(hour)}:59:${two(second)}${fractionPart}${zone}`;
        });
    const pair = fc.constantFrom("", ".", ".5", ".123", ".000000000000001").chain((fraction) => fc.tuple(utc(fraction), utc(fraction)));
    const withOffset = (value: string) => value.slice(0, -1) + "+00:00";
    let ordered = 0;
    fc.assert(
      fc.property(pair, ([a, b]) => {
        const before = dateTimeBefore(a, b);
        if (before) ordered++;
        return before === dateTimeBefore(withOffset(a), withOffset(b)) && !dateTimeBefore(a, a);
      }),
      { numRuns: 20_000, seed: 20261126 },
    );
    expect(ordered).toBeGreaterThan(1000);
  });

  it("orders what Date.parse cannot: long fractions, leap seconds, offsets across midnight", () => {
    expect(dateTimeBefore("2026-03-01T12:00:00.0001Z", "2026-03-01T12:00:00.0002Z")).toBe(true);
    expect(dateTimeBefore("2026-03-01T12:00:00.0002Z", "2026-03-01T12:00:00.0001Z")).toBe(false);
    expect(dateTimeBefore("2026-03-01T12:00:00.10Z", "2026-03-01T12:00:00.1Z")).toBe(false);
    expect(dateTimeBefore("2026-03-01T12:00:00.1Z", "2026-03-01T12:00:00.10Z")).toBe(false);
    expect(dateTimeBefore("2016-12-31T23:59:59.9Z", "2016-12-31T23:59:60Z")).toBe(true);
    expect(dateTimeBefore("2016-12-31T23:59:60.5Z", "2017-01-01T00:00:00Z")).toBe(true);
    expect(dateTimeBefore("2017-01-01T00:59:60+01:00", "2016-12-31T23:59:60.1Z")).toBe(true);
    expect(dateTimeBefore("2026-03-02T00:30:00+01:00", "2026-03-01T23:45:00Z")).toBe(true);
    expect(dateTimeBefore("2026-03-01T23:45:00Z", "2026-03-02T00:30:00+01:00")).toBe(false);
    expect(dateTimeBefore("0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z")).toBe(true);
    expect(dateTimeBefore("2026-03-01T12:00:00Z", "2026-03-01T12:00:00z")).toBe(false);
    expect(dateTimeBefore("2026-03-01T12:00:00Z", "2026-03-01t12:00:00Z")).toBe(false);
  });

  it("is false unless both are date-times, whatever the order of the garbage", () => {
    for (const [a, b] of [["2026-03-01", "2026-03-02T00:00:00Z"], ["2026-03-01T00:00:00Z", "tomorrow"], ["", ""], ["2026-02-30T00:00:00Z", "2026-03-01T00:00:00Z"], ["0000-00-00T00:00:00Z", "2026-03-01T00:00:00Z"]]) {
      expect(dateTimeBefore(a!, b!), `${a} before ${b}`).toBe(false);
    }
  });
});
