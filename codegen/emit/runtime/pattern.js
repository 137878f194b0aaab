// JSON Schema `pattern`s as deterministic automata. A call to RegExp#test costs about 50 ns before it looks at a
// character, and a typical event tests a dozen short identifiers, so Ajv's patterns were about 40% of a
// validation. A DFA walks the string in plain JavaScript instead, at a few nanoseconds a character.
//
// Only regular patterns qualify: literals, classes, groups, alternation and quantifiers, with ^ and $ only at the
// ends of top-level alternatives. Anything else (lookaround, backreferences, \b, \p{…}, other flags) and any
// pattern whose automaton would be large stays a native RegExp. Since a pattern with no backreferences describes a
// regular language, `test` is true exactly when the string (or, without ^ and $, a substring) is in it, whatever
// order backtracking would try; test/pattern.test.ts compares both on every pattern of the schemas and the suite.

const MAX_CODE_POINT = 0x10ffff;
const MAX_NFA_STATES = 5000;
const MAX_DFA_STATES = 800;
const DEAD = -1;
/** An accepting state every character loops on: the rest of the string cannot change the answer. */
const ACCEPT_ALL = -2;

class Unsupported extends Error {}

// ---------------------------------------------------------------------------------------------------------------
// Character sets: sorted, disjoint, non-adjacent [low, high] code point ranges.

function normalizeRanges(ranges) {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged = [];
  for (const [low, high] of sorted) {
    const last = merged[merged.length - 1];
    if (last && low <= last[1] + 1) last[1] = Math.max(last[1], high);
    else merged.push([low, high]);
  }
  return merged;
}

function complement(ranges) {
  const result = [];
  let next = 0;
  for (const [low, high] of ranges) {
    if (low > next) result.push([next, low - 1]);
    next = high + 1;
  }
  if (next <= MAX_CODE_POINT) result.push([next, MAX_CODE_POINT]);
  return result;
}

const DIGIT = [[48, 57]];
const WORD = [[48, 57], [65, 90], [95, 95], [97, 122]];
// WhiteSpace and LineTerminator (ECMA-262 \s).
const SPACE = normalizeRanges([
  [9, 13], [32, 32], [0xa0, 0xa0], [0x1680, 0x1680], [0x2000, 0x200a], [0x2028, 0x2029], [0x202f, 0x202f],
  [0x205f, 0x205f], [0x3000, 0x3000], [0xfeff, 0xfeff],
]);
const NOT_LINE_TERMINATOR = complement([[10, 10], [13, 13], [0x2028, 0x2029]]);
const ANY = [[0, MAX_CODE_POINT]];
const CLASS_ESCAPES = { d: DIGIT, D: complement(DIGIT), w: WORD, W: complement(WORD), s: SPACE, S: complement(SPACE) };
const CONTROL_ESCAPES = { t: 9, n: 10, v: 11, f: 12, r: 13 };
const SYNTAX_CHARACTERS = "^$\\.*+?()[]{}|/";

// ---------------------------------------------------------------------------------------------------------------
// Parser, for the `u` flag's grammar. The pattern has already compiled natively, so it is known to be valid.

function parse(source) {
  const chars = Array.from(source, (char) => char.codePointAt(0));
  let at = 0;
  const peek = () => chars[at];
  const isChar = (char) => chars[at] === char.codePointAt(0);

  function hex(count) {
    let value = 0;
    for (let index = 0; index < count; index++) {
      const digit = parseInt(String.fromCodePoint(chars[at++] ?? 0), 16);
      if (Number.isNaN(digit)) throw new Unsupported();
      value = value * 16 + digit;
    }
    return value;
  }

  /** After a backslash: a code point, or a set for \d \w \s and their negations. */
  function escape(inClass) {
    const char = String.fromCodePoint(chars[at++]);
    if (char in CLASS_ESCAPES) return { set: CLASS_ESCAPES[char] };
    if (char in CONTROL_ESCAPES) return { code: CONTROL_ESCAPES[char] };
    if (char === "0" && !(peek() >= 48 && peek() <= 57)) return { code: 0 };
    if (char === "b" && inClass) return { code: 8 };
    if (char === "-" && inClass) return { code: 45 };
    if (char === "x") return { code: hex(2) };
    if (char === "c") {
      const letter = chars[at++];
      return { code: letter % 32 };
    }
    if (char === "u") {
      if (isChar("{")) {
        at++;
        let value = 0;
        while (!isChar("}")) value = value * 16 + hex(1);
        at++;
        return { code: value };
      }
      const unit = hex(4);
      // \uD83D\uDE00 is one code point under the u flag.
      if (unit >= 0xd800 && unit <= 0xdbff && isChar("\\") && chars[at + 1] === 117) {
        const saved = at;
        at += 2;
        const low = hex(4);
        if (low >= 0xdc00 && low <= 0xdfff) return { code: (unit - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000 };
        at = saved;
      }
      return { code: unit };
    }
    if (SYNTAX_CHARACTERS.includes(char)) return { code: char.codePointAt(0) };
    throw new Unsupported(); // \b, \B, \k<name>, \p{…}, backreferences
  }

  function characterClass() {
    const negated = isChar("^");
    if (negated) at++;
    const ranges = [];
    while (!isChar("]")) {
      const first = classAtom();
      if (isChar("-") && chars[at + 1] !== "]".codePointAt(0) && first.code !== undefined) {
        at++;
        const last = classAtom();
        if (last.code === undefined) throw new Unsupported();
        ranges.push([first.code, last.code]);
      } else if (first.set) {
        ranges.push(...first.set);
      } else {
        ranges.push([first.code, first.code]);
      }
    }
    at++;
    const set = normalizeRanges(ranges);
    return { type: "set", ranges: negated ? complement(set) : set };
  }

  function classAtom() {
    const char = chars[at++];
    if (char === 92) return escape(true);
    return { code: char };
  }

  function alternation() {
    const options = [sequence()];
    while (isChar("|")) {
      at++;
      options.push(sequence());
    }
    return options.length === 1 ? options[0] : { type: "alt", options };
  }

  function sequence() {
    const items = [];
    while (at < chars.length && !isChar("|") && !isChar(")")) items.push(quantified(atom()));
    return { type: "seq", items };
  }

  function atom() {
    const char = String.fromCodePoint(chars[at++]);
    if (char === "^") return { type: "start" };
    if (char === "$") return { type: "end" };
    if (char === ".") return { type: "set", ranges: NOT_LINE_TERMINATOR };
    if (char === "[") return characterClass();
    if (char === "(") {
      if (isChar("?")) {
        at++;
        if (isChar(":")) at++;
        else if (isChar("<") && chars[at + 1] !== 61 && chars[at + 1] !== 33) {
          while (!isChar(">")) at++;
          at++;
        } else throw new Unsupported(); // lookahead, lookbehind
      }
      const inner = alternation();
      at++; // ")"
      return inner;
    }
    if (char === "\\") {
      const escaped = escape(false);
      return { type: "set", ranges: escaped.set ?? [[escaped.code, escaped.code]] };
    }
    return { type: "set", ranges: [[char.codePointAt(0), char.codePointAt(0)]] };
  }

  function quantified(item) {
    let min;
    let max;
    if (isChar("*")) [min, max] = [0, Infinity];
    else if (isChar("+")) [min, max] = [1, Infinity];
    else if (isChar("?")) [min, max] = [0, 1];
    else if (isChar("{")) {
      const close = chars.indexOf(125, at);
      const [low, high] = String.fromCodePoint(...chars.slice(at + 1, close)).split(",");
      min = Number(low);
      max = high === undefined ? min : high === "" ? Infinity : Number(high);
      at = close;
    } else return item;
    at++;
    if (isChar("?")) at++; // lazy: the same language
    if (item.type === "start" || item.type === "end") throw new Unsupported();
    return { type: "repeat", item, min, max };
  }

  const tree = alternation();
  if (at !== chars.length) throw new Unsupported();
  return tree;
}

/**
 * `test` succeeds when some substring matches. Each top-level alternative may open with ^ and close with $; an
 * alternative without them gets "any characters" on that side. Anchors anywhere else are not supported.
 */
function anchoredAlternatives(tree) {
  const options = tree.type === "alt" ? tree.options : [tree];
  return {
    type: "alt",
    options: options.map((option) => {
      const items = option.type === "seq" ? [...option.items] : [option];
      const anchoredStart = items[0]?.type === "start";
      if (anchoredStart) items.shift();
      const anchoredEnd = items[items.length - 1]?.type === "end";
      if (anchoredEnd) items.pop();
      if (containsAnchor({ type: "seq", items })) throw new Unsupported();
      const anything = { type: "repeat", item: { type: "set", ranges: ANY }, min: 0, max: Infinity };
      return { type: "seq", items: [...(anchoredStart ? [] : [anything]), ...items, ...(anchoredEnd ? [] : [anything])] };
    }),
  };
}

function containsAnchor(node) {
  switch (node.type) {
    case "start":
    case "end":
      return true;
    case "seq":
      return node.items.some(containsAnchor);
    case "alt":
      return node.options.some(containsAnchor);
    case "repeat":
      return containsAnchor(node.item);
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Thompson NFA: state i has epsilon edges epsilon[i] and at most one character edge (sets[i] to next[i]).

function buildNfa(tree) {
  const epsilon = [];
  const sets = [];
  const next = [];
  const state = () => {
    if (epsilon.length >= MAX_NFA_STATES) throw new Unsupported();
    epsilon.push([]);
    sets.push(undefined);
    next.push(-1);
    return epsilon.length - 1;
  };
  /** Wires `node` from state `from`; returns the state it ends in. */
  function wire(node, from) {
    switch (node.type) {
      case "set": {
        const to = state();
        const via = state();
        epsilon[from].push(via);
        sets[via] = node.ranges;
        next[via] = to;
        return to;
      }
      case "seq": {
        let at = from;
        for (const item of node.items) at = wire(item, at);
        return at;
      }
      case "alt": {
        const to = state();
        for (const option of node.options) {
          const start = state();
          epsilon[from].push(start);
          epsilon[wire(option, start)].push(to);
        }
        return to;
      }
      case "repeat": {
        let at = from;
        for (let count = 0; count < node.min; count++) at = wire(node.item, at);
        if (node.max === Infinity) {
          const loop = state();
          epsilon[at].push(loop);
          epsilon[wire(node.item, loop)].push(loop);
          return loop;
        }
        const to = state();
        for (let count = node.min; count < node.max; count++) {
          epsilon[at].push(to);
          at = wire(node.item, at);
        }
        epsilon[at].push(to);
        return to;
      }
      default:
        throw new Unsupported();
    }
  }
  const start = state();
  const accept = wire(tree, start);
  return { epsilon, sets, next, start, accept };
}

// ---------------------------------------------------------------------------------------------------------------
// Subset construction over the intervals that no set boundary splits, then intervals with equal columns merged.

function closure(nfa, states) {
  const seen = new Set(states);
  const stack = [...states];
  while (stack.length > 0) {
    for (const target of nfa.epsilon[stack.pop()]) {
      if (!seen.has(target)) {
        seen.add(target);
        stack.push(target);
      }
    }
  }
  return [...seen].sort((a, b) => a - b);
}

function buildDfa(nfa) {
  const cuts = new Set([0, MAX_CODE_POINT + 1]);
  for (const ranges of nfa.sets) {
    if (!ranges) continue;
    for (const [low, high] of ranges) {
      cuts.add(low);
      cuts.add(high + 1);
    }
  }
  const bounds = [...cuts].sort((a, b) => a - b);
  const intervals = bounds.slice(0, -1).map((low, index) => [low, bounds[index + 1] - 1]);
  const intervalAt = new Map(intervals.map(([low], index) => [low, index]));
  // The intervals each character edge's set covers: no set boundary falls inside an interval.
  const covers = nfa.sets.map((ranges) => {
    if (!ranges) return undefined;
    const covered = [];
    for (const [low, high] of ranges) for (let index = intervalAt.get(low); index < intervals.length && intervals[index][0] <= high; index++) covered.push(index);
    return covered;
  });

  const keys = new Map();
  const members = [];
  const transitions = [];
  const accepting = [];
  const add = (states) => {
    const key = states.join(",");
    let id = keys.get(key);
    if (id === undefined) {
      if (members.length >= MAX_DFA_STATES) throw new Unsupported();
      id = members.length;
      keys.set(key, id);
      members.push(states);
      accepting.push(states.includes(nfa.accept));
    }
    return id;
  };
  add(closure(nfa, [nfa.start]));
  for (let id = 0; id < members.length; id++) {
    const targets = new Map();
    for (const state of members[id]) {
      for (const interval of covers[state] ?? []) {
        const list = targets.get(interval);
        if (list) list.push(nfa.next[state]);
        else targets.set(interval, [nfa.next[state]]);
      }
    }
    const row = intervals.map((_, interval) => (targets.has(interval) ? add(closure(nfa, targets.get(interval))) : DEAD));
    transitions.push(row);
  }

  // Intervals that every state treats alike become one symbol.
  const symbolOfColumn = new Map();
  const intervalSymbol = intervals.map((_, column) => {
    const key = transitions.map((row) => row[column]).join(",");
    if (!symbolOfColumn.has(key)) symbolOfColumn.set(key, symbolOfColumn.size);
    return symbolOfColumn.get(key);
  });
  const width = symbolOfColumn.size;
  const table = new Int32Array(members.length * width);
  for (const [id, row] of transitions.entries()) {
    for (const [column, target] of row.entries()) table[id * width + intervalSymbol[column]] = target;
  }
  for (let id = 0; id < members.length; id++) {
    if (accepting[id] && transitions[id].every((target) => target === id)) {
      for (let symbol = 0; symbol < width; symbol++) table[id * width + symbol] = ACCEPT_ALL;
    }
  }
  const ascii = new Int32Array(128);
  const wide = [];
  for (const [column, [low, high]] of intervals.entries()) {
    for (let code = low; code <= Math.min(high, 127); code++) ascii[code] = intervalSymbol[column];
    if (high >= 128) wide.push([Math.max(low, 128), intervalSymbol[column]]);
  }
  const startsAccepting = table[0] === ACCEPT_ALL;
  // ASCII characters step straight from row to row: one load per character instead of two.
  const asciiRows = new Int32Array(members.length * 128);
  for (let id = 0; id < members.length; id++) {
    for (let code = 0; code < 128; code++) {
      const target = table[id * width + ascii[code]];
      asciiRows[id * 128 + code] = target < 0 ? target : target * 128;
    }
  }
  return {
    asciiRows,
    table,
    width,
    accepting: Uint8Array.from(accepting, Number),
    ascii,
    wideStarts: Int32Array.from(wide, ([low]) => low),
    wideSymbols: Int32Array.from(wide, ([, symbol]) => symbol),
    startsAccepting,
  };
}

function wideSymbol(dfa, code) {
  const starts = dfa.wideStarts;
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle] <= code) low = middle;
    else high = middle - 1;
  }
  return dfa.wideSymbols[low];
}

function runDfa(dfa, string) {
  if (dfa.startsAccepting) return true;
  const { asciiRows, table, width } = dfa;
  const length = string.length;
  let row = 0; // the current state times 128
  for (let index = 0; index < length; index++) {
    let code = string.charCodeAt(index);
    if (code < 128) {
      row = asciiRows[row + code];
    } else {
      // The u flag reads a surrogate pair as one code point.
      if (code >= 0xd800 && code <= 0xdbff && index + 1 < length) {
        const low = string.charCodeAt(index + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          code = (code - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
          index++;
        }
      }
      const state = table[(row >> 7) * width + wideSymbol(dfa, code)];
      row = state < 0 ? state : state * 128;
    }
    if (row < 0) return row === ACCEPT_ALL;
  }
  return dfa.accepting[row >> 7] === 1;
}

/** The pattern's syntax tree, or undefined outside the supported subset (and for flags other than u). */
function treeOf(source, flags) {
  if (flags !== "u") return undefined;
  try {
    return parse(source);
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

/** What a pattern compiles to: a DFA, or the native RegExp when the pattern is outside the regular subset. */
function automatonOf(tree, native) {
  if (tree === undefined) return native;
  try {
    return buildDfa(buildNfa(anchoredAlternatives(tree)));
  } catch (error) {
    if (error instanceof Unsupported) return native;
    throw error;
  }
}

/**
 * `^…$` over classes, each once but the last, which may repeat (^[0-9a-f]{64}$, ^tnt_[a-z0-9]{8,32}$): RegExp
 * backtracks at most once per character on these, so it is linear, and on long strings its loop is faster.
 */
function linearForRegExp(tree) {
  const items = tree?.type === "seq" ? tree.items : [];
  if (items.length < 2 || items[0].type !== "start" || items[items.length - 1].type !== "end") return false;
  const middle = items.slice(1, -1);
  return middle.every((item, index) => {
    if (item.type === "set") return true;
    return item.type === "repeat" && item.item.type === "set" && (item.min === item.max || index === middle.length - 1);
  });
}

/** Calls a pattern serves by RegExp before its automaton is built: a process that validates a few values never pays. */
const CALLS_BEFORE_COMPILING = 32;
/**
 * Before the automaton exists, RegExp answers only strings this short, where even exponential backtracking stays
 * small ((a+)+$ on 16 characters: ~65,000 steps); a longer string builds the automaton at once (#20: one
 * 28-character string stalled a fresh process 2.7 s).
 */
const LONGEST_BEFORE_COMPILING = 16;
/** A DFA step costs ~2 ns a character; RegExp#test ~40 ns to start, then under 1 ns a character. */
const REGEXP_FROM_LENGTH = 40;
/** Verdicts remembered per pattern for object keys, and misses tolerated once that many are remembered. */
const KEYS_REMEMBERED = 512;
const MISSES_BEFORE_FORGETTING = 4096;

/** RegExp's test(), by automaton where possible, built once the pattern has been used a few times. */
export class Pattern {
  constructor(source, flags = "") {
    this.native = new RegExp(source, flags); // throws on an invalid pattern, as RegExp does
    this.source = source;
    this.flags = flags;
    this.dfa = undefined;
    this.callsBeforeCompiling = CALLS_BEFORE_COMPILING;
    /** Strings at least this long go to the RegExp (Infinity unless the RegExp is linear on this pattern). */
    this.regExpFrom = Infinity;
    /** testKey's verdicts by key: made on its first call; null once keys have proved too varied to remember. */
    this.keyVerdicts = undefined;
    this.keyMisses = 0;
  }

  /**
   * test() for an object's key (propertyNames, patternProperties). Data reuses a small vocabulary of keys, so the
   * verdicts of the first KEYS_REMEMBERED are kept: a lookup costs less than reading the key again. Where keys
   * keep changing (ids as keys), the table is dropped after MISSES_BEFORE_FORGETTING misses and test() answers.
   */
  testKey(key) {
    let verdicts = this.keyVerdicts;
    if (verdicts === null) return this.test(key);
    if (verdicts === undefined) verdicts = this.keyVerdicts = new Map();
    const known = verdicts.get(key);
    if (known !== undefined) return known;
    const verdict = this.test(key);
    if (verdicts.size < KEYS_REMEMBERED) verdicts.set(key, verdict);
    else if (++this.keyMisses === MISSES_BEFORE_FORGETTING) this.keyVerdicts = null;
    return verdict;
  }

  test(string) {
    const dfa = this.dfa;
    if (dfa === undefined) {
      const long = typeof string !== "string" || string.length > LONGEST_BEFORE_COMPILING;
      if (long || --this.callsBeforeCompiling === 0) {
        this.compile();
        return this.test(string);
      }
      return this.native.test(string);
    }
    if (dfa === this.native) return this.native.test(string);
    // String() is a builtin call even on a string; generated code only ever passes strings.
    const text = typeof string === "string" ? string : String(string);
    return text.length >= this.regExpFrom ? this.native.test(text) : runDfa(dfa, text);
  }

  /** True when the pattern runs as an automaton rather than as a RegExp. */
  get isAutomaton() {
    return (this.dfa ?? this.compile()) !== this.native;
  }

  compile() {
    const tree = treeOf(this.source, this.flags);
    this.dfa = automatonOf(tree, this.native);
    if (this.dfa !== this.native && linearForRegExp(tree)) this.regExpFrom = REGEXP_FROM_LENGTH;
    return this.dfa;
  }

  toString() {
    return this.native.toString();
  }
}

/** Ajv's `code.regExp` engine: Ajv calls it as a function and emits `compilePattern(pattern, flags)` for it. */
export function compilePattern(source, flags) {
  return new Pattern(source, flags);
}
compilePattern.code = 'require("schemagen/runtime").compilePattern';
