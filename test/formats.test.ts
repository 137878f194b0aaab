import fc from "fast-check";
import { fullFormats } from "ajv-formats/dist/formats.js";
import { describe, expect, it } from "vitest";
// @ts-expect-error: plain JavaScript runtime module, bundled into generated/runtime.js
import { formats } from "../codegen/emit/runtime/formats.js";

type FormatCheck = (value: string) => boolean;
const reference = (name: string): FormatCheck => {
  const format = (fullFormats as Record<string, unknown>)[name] as { validate: FormatCheck };
  return (value) => format.validate(value);
};
const ours = (name: string): FormatCheck => (formats as Record<string, { validate: FormatCheck }>)[name]!.validate;

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

describe("fast formats accept exactly what ajv-formats (full) accepts", () => {
  for (const name of ["date-time", "date", "time"]) {
    it(`${name}: same verdict on 20,000 generated strings`, () => {
      const expected = reference(name);
      const actual = ours(name);
      const inputs = name === "time" ? timestampLike.map((value) => value.slice(11)) : timestampLike;
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
      "2024-01-01\u00a000:00:00Z", "\u0661\u0662\u0663\u0664-01-01T00:00:00Z",
    ];
    for (const value of cases) expect(ours("date-time")(value), value).toBe(reference("date-time")(value));
  });
});
