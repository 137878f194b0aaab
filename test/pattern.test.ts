// The generated validators test `pattern` and `patternProperties` with automata (codegen/emit/runtime/pattern.js)
// instead of RegExp. These tests hold them to RegExp's verdict, with the u flag Ajv uses, on every pattern of the
// schemas and of the JSON Schema Test Suite: on the suite's own strings, on strings drawn from each pattern, on
// near-misses of those, and on arbitrary Unicode.

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Pattern } from "../codegen/emit/runtime/runtime.js";
import { REPO_ROOT } from "./helpers/cli.js";
import { TEST_SUITE } from "./helpers/test-suite.js";

/** A pattern with its automaton built now (it is otherwise built after a few calls). */
function automaton(source: string): Pattern {
  const pattern = new Pattern(source, "u");
  void pattern.isAutomaton;
  return pattern;
}

function jsonFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return jsonFiles(full);
    return entry.name.endsWith(".json") ? [full] : [];
  });
}

/** Every `pattern` string and `patternProperties` key anywhere in a JSON value. */
function patternsIn(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) patternsIn(item, into);
  else if (value && typeof value === "object") {
    const object = value as Record<string, unknown>;
    if (typeof object.pattern === "string") into.add(object.pattern);
    if (object.patternProperties && typeof object.patternProperties === "object") for (const key of Object.keys(object.patternProperties)) into.add(key);
    for (const child of Object.values(object)) patternsIn(child, into);
  }
  return into;
}

const isValidPattern = (source: string) => {
  try {
    new RegExp(source, "u");
    return true;
  } catch {
    return false;
  }
};

const schemaPatterns = [...patternsIn(jsonFiles(path.join(REPO_ROOT, "schemas")).map((file) => JSON.parse(readFileSync(file, "utf8"))))].sort();

interface SuiteCase {
  schema: unknown;
  tests: { data: unknown }[];
}
const suiteFiles = ["draft2020-12", "draft2019-09", "draft7"].flatMap((draft) => jsonFiles(path.join(TEST_SUITE, "tests", draft)));
/** Each suite case's patterns with the strings its tests validate (string data and object keys). */
const suiteChecks = suiteFiles.flatMap((file) =>
  (JSON.parse(readFileSync(file, "utf8")) as SuiteCase[]).flatMap((suiteCase) => {
    const patterns = [...patternsIn(suiteCase.schema)].filter(isValidPattern);
    const strings = suiteCase.tests.flatMap(({ data }) =>
      typeof data === "string" ? [data] : data && typeof data === "object" && !Array.isArray(data) ? Object.keys(data) : [],
    );
    return patterns.flatMap((source) => strings.map((text) => ({ source, text })));
  }),
);
const suitePatterns = [...new Set(suiteChecks.map((check) => check.source))].sort();

/** Characters near the edges of the classes patterns use, and the ones Unicode mode treats specially. */
const ALPHABET = [
  ..."azAZ09_-.:/+*@ $^\\()[]{}|?",
  "`", "{", "/", "@", "[", "\n", "\r", "\t", "\v", "\u000b", "\u00a0", "\u1680", "\u180e", "\u2000", "\u200a", "\u200b", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000", "\ufeff", "\u0085",
  "\u00e9", "\u017f", "\u212a", "\u0661", "\ud83d\ude00", "\ud800", "\udc00", "\u0000", "\u007f", "\u0080", "\uffff",
];

function nearMisses(source: string): fc.Arbitrary<string> {
  const native = new RegExp(source, "u");
  const matching = fc.stringMatching(native, { size: "small" });
  const edit = fc.tuple(matching, fc.nat(), fc.constantFrom(...ALPHABET), fc.constantFrom("insert", "replace", "delete")).map(([text, at, char, kind]) => {
    const units = [...text];
    const index = units.length === 0 ? 0 : at % (units.length + (kind === "insert" ? 1 : 0));
    if (kind === "insert") units.splice(index, 0, char);
    else if (kind === "replace") units.splice(index, 1, char);
    else units.splice(index, 1);
    return units.join("");
  });
  return fc.oneof(matching, edit, edit, fc.string({ unit: "binary", maxLength: 12 }), fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 16 }));
}

describe("patterns as automata", () => {
  it("compile every pattern of the schemas to an automaton", () => {
    expect(schemaPatterns.length).toBeGreaterThan(30);
    expect(schemaPatterns.filter((source) => !new Pattern(source, "u").isAutomaton)).toEqual([]);
  });

  it("give RegExp's verdict on every string the JSON Schema Test Suite tests a pattern with", () => {
    expect(suiteChecks.length).toBeGreaterThan(200);
    const disagreements = suiteChecks.filter(({ source, text }) => automaton(source).test(text) !== new RegExp(source, "u").test(text));
    expect(disagreements).toEqual([]);
  });

  for (const [name, patterns] of [["the schemas", schemaPatterns], ["the Test Suite", suitePatterns]] as const) {
    it(`give RegExp's verdict on drawn strings, near-misses and arbitrary Unicode, for every pattern of ${name}`, () => {
      for (const source of patterns) {
        const ours = automaton(source);
        const native = new RegExp(source, "u");
        fc.assert(
          fc.property(nearMisses(source), (text) => ours.test(text) === native.test(text)),
          { numRuns: 300, seed: 20261125, examples: [[""]] },
        );
      }
    });
  }

  it("agree on Unicode mode's edge cases", () => {
    const cases: [string, string[]][] = [
      ["^.$", ["\ud83d\ude00", "\ud800", "\udc00", "\n", "\u2028", "ab", ""]],
      ["^[^a]$", ["\ud83d\ude00", "\ud83d", "a", "b"]],
      ["^\\S{2}$", ["\ud83d\ude00", "\ud83d\ude00x", "xy", "\u00a0x"]],
      ["^\\u{1F600}+$", ["\ud83d\ude00\ud83d\ude00", "\ud83d"]],
      ["^[\\uD83D\\uDE00-\\uD83D\\uDE4F]$", ["\ud83d\ude00", "\ud83d\ude4f", "\ud83d\ude50"]],
      ["^\\w+$", ["abc_1", "\u017f", "\u212a", "é"]],
      ["^\\d+$", ["123", "\u0661"]],
      ["\\s", ["a b", "\ufeff", "\u180e", "x"]],
      ["^a*?$", ["", "aaa", "b"]],
      ["(?:a|ab)(?:c|bcd)(?:d*)$", ["abcd", "acd", "abd"]],
      ["^(?<word>[a-z]+)-\\x41\\cJ\\0$", ["ab-A\n\u0000", "ab-a\n\u0000"]],
      ["[\\b]", ["\b", "b"]],
      ["^[-\\d]+$", ["1-2", "a"]],
      ["^$", ["", "\n"]],
      ["^abc$|^\\*$", ["abc", "*", "abc*", ""]],
      ["^eu-", ["eu-west", "us-eu-"]],
    ];
    for (const [source, texts] of cases) {
      for (const text of texts) expect(automaton(source).test(text), `${source} on ${JSON.stringify(text)}`).toBe(new RegExp(source, "u").test(text));
    }
  });

  it("leave lookaround, backreferences, word boundaries, properties, inner anchors and huge counts to RegExp", () => {
    const cases: [string, string, boolean][] = [
      ["^(?=a)\\w+$", "abc", true],
      ["^(a)\\1$", "aa", true],
      ["\\bfoo\\b", "a foo b", true],
      ["^\\p{Lu}+$", "ÀB", true],
      ["a^b", "ab", false],
      ["^a{1000}$", "a".repeat(1000), true],
    ];
    for (const [source, text, expected] of cases) {
      const pattern = automaton(source);
      expect(pattern.isAutomaton, source).toBe(false);
      expect(pattern.test(text), source).toBe(expected);
    }
    expect(new Pattern("^a+$", "").isAutomaton).toBe(false); // only the u flag's grammar is parsed
  });

  it("hand long strings to RegExp only where backtracking stays linear, with RegExp's verdict either side of 40", () => {
    const regExpFrom = (source: string) => (automaton(source) as unknown as { regExpFrom: number }).regExpFrom;
    expect(regExpFrom("^[0-9a-f]{64}$")).toBe(40);
    expect(regExpFrom("^tnt_[a-z0-9]{8,32}$")).toBe(40);
    expect(regExpFrom("^[a-z][a-z0-9_]*$")).toBe(40);
    for (const source of ["^(a+)+$", "^(a|aa)*b$", "^[a-z]{1,3}[a-z]$", "^[a-z]+[0-9]?$", "[0-9a-f]{64}", "^\\S+( \\S+){4}$"]) {
      expect(regExpFrom(source), source).toBe(Infinity);
    }
    const long = fc.tuple(fc.constantFrom("^[0-9a-f]{64}$", "^[a-z][a-z0-9_]{1,63}$", "^tnt_[a-z0-9]{8,32}$"), fc.string({ unit: fc.constantFrom(..."0123456789abcdef_xtn", "\u00e9"), minLength: 30, maxLength: 70 }));
    fc.assert(
      fc.property(long, ([source, text]) => automaton(source).test(text) === new RegExp(source, "u").test(text)),
      { numRuns: 2000, seed: 20261126 },
    );
  });

  it("remember key verdicts for a vocabulary of keys, and stop remembering when keys never repeat", () => {
    const pattern = new Pattern("^[a-z][a-z0-9_]{0,63}$", "u");
    const native = /^[a-z][a-z0-9_]{0,63}$/u;
    const state = pattern as unknown as { keyVerdicts: Map<string, boolean> | null };
    const vocabulary = ["track_id", "position_ms", "Shuffle", "query", "9lives", ""];
    for (let round = 0; round < 100; round++) for (const key of vocabulary) expect(pattern.testKey(key), key).toBe(native.test(key));
    expect(state.keyVerdicts!.size).toBe(vocabulary.length);
    // Ids as keys: 512 are remembered, then 4096 misses drop the table; verdicts stay RegExp's throughout.
    for (let index = 0; index < 512 + 4096 + 100; index++) {
      const key = index % 3 === 0 ? `K${index}` : `k${index}`;
      expect(pattern.testKey(key)).toBe(native.test(key));
    }
    expect(state.keyVerdicts).toBeNull();
    expect(vocabulary.map((key) => pattern.testKey(key))).toEqual(vocabulary.map((key) => native.test(key)));
  });

  it("answer by RegExp until the automaton is built, with the same verdicts either side of the switch", () => {
    const pattern = new Pattern("^[a-z]{2,4}$", "u");
    const texts = ["ab", "abcde", "a", "abcd", "ABC", "xyz"];
    const verdicts = Array.from({ length: 100 }, (_, index) => pattern.test(texts[index % texts.length]!));
    expect(verdicts).toEqual(Array.from({ length: 100 }, (_, index) => /^[a-z]{2,4}$/u.test(texts[index % texts.length]!)));
    expect(pattern.isAutomaton).toBe(true);
  });

  it("build the automaton at once for a long string, so a catastrophic pattern never backtracks on the first calls", () => {
    const pattern = new Pattern("(a+)+$", "u");
    const state = pattern as unknown as { dfa: unknown; native: RegExp };
    expect(pattern.test("aaaa!")).toBe(false);
    expect(state.dfa).toBeUndefined(); // short strings: RegExp, automaton not built yet
    // 27 a's and a "!": RegExp would try ~2^27 ways; the automaton reads 28 characters.
    expect(pattern.test(`${"a".repeat(27)}!`)).toBe(false);
    expect(state.dfa).not.toBe(state.native);
    expect(state.dfa).toBeDefined();
    expect(pattern.test(`${"a".repeat(5000)}`)).toBe(true);
  });

  it("throw RegExp's SyntaxError on an invalid pattern, and print as RegExp does", () => {
    expect(() => new Pattern("(", "u")).toThrow(SyntaxError);
    expect(() => new Pattern("\\-", "u")).toThrow(SyntaxError);
    expect(String(new Pattern("^a$", "u"))).toBe("/^a$/u");
  });
});
