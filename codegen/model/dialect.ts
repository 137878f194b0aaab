// The JSON Schema dialects the generator supports, keyed by their `$schema` URI, and the rules that differ
// between them. Every stage asks this file, so a dialect's rules are written once.

export type Dialect = "2020-12" | "2019-09" | "draft-07" | "draft-06" | "draft-04";

/** The dialect of a file without `$schema`, unless the user chooses another (--default-dialect). */
export const DEFAULT_DIALECT: Dialect = "2020-12";

export const DIALECTS: readonly Dialect[] = ["2020-12", "2019-09", "draft-07", "draft-06", "draft-04"];

export const METASCHEMA_URIS: Record<Dialect, string> = {
  "2020-12": "https://json-schema.org/draft/2020-12/schema",
  "2019-09": "https://json-schema.org/draft/2019-09/schema",
  "draft-07": "http://json-schema.org/draft-07/schema",
  "draft-06": "http://json-schema.org/draft-06/schema",
  "draft-04": "http://json-schema.org/draft-04/schema",
};

const DIALECT_BY_URI = new Map<string, Dialect>(Object.entries(METASCHEMA_URIS).map(([dialect, uri]) => [uri, dialect as Dialect]));

export interface DialectRules {
  /** The keyword that names a resource: `id` in draft-04, `$id` after. */
  idKeyword: "id" | "$id";
  /** Draft-07 and earlier: a `$ref` makes its siblings inert (including an `$id` beside it). */
  refIgnoresSiblings: boolean;
  /** Draft-07 and earlier: an id of the form "#name" declares a plain-name anchor, not a resource. */
  fragmentIdIsAnchor: boolean;
  /** Draft-04: exclusiveMaximum/exclusiveMinimum are booleans that modify maximum/minimum. */
  booleanExclusiveBounds: boolean;
}

const MODERN: DialectRules = { idKeyword: "$id", refIgnoresSiblings: false, fragmentIdIsAnchor: false, booleanExclusiveBounds: false };
const CLASSIC: DialectRules = { idKeyword: "$id", refIgnoresSiblings: true, fragmentIdIsAnchor: true, booleanExclusiveBounds: false };

export const DIALECT_RULES: Record<Dialect, DialectRules> = {
  "2020-12": MODERN,
  "2019-09": MODERN,
  "draft-07": CLASSIC,
  "draft-06": CLASSIC,
  "draft-04": { ...CLASSIC, idKeyword: "id", booleanExclusiveBounds: true },
};

export function isDialect(value: unknown): value is Dialect {
  return typeof value === "string" && (DIALECTS as readonly string[]).includes(value);
}

export type DialectChoice = { dialect: Dialect; declared: boolean } | { unknown: string };

/** The dialect a schema document declares with `$schema`; `fallback` when it declares none. */
export function dialectOf(document: unknown, fallback: Dialect = DEFAULT_DIALECT): DialectChoice {
  const declared =
    document !== null && typeof document === "object" && !Array.isArray(document)
      ? (document as Record<string, unknown>).$schema
      : undefined;
  if (declared === undefined) return { dialect: fallback, declared: false };
  if (typeof declared !== "string") return { unknown: JSON.stringify(declared) };
  // "https://" for the classic drafts and a missing "#" are common spellings; both name the same metaschema.
  const dialect = DIALECT_BY_URI.get(declared.replace(/#$/, "")) ?? DIALECT_BY_URI.get(declared.replace(/#$/, "").replace(/^https:\/\/json-schema\.org\/(draft-0)/, "http://json-schema.org/$1"));
  return dialect ? { dialect, declared: true } : { unknown: declared };
}

const BUILT_IN_METASCHEMAS = new Set([
  METASCHEMA_URIS["draft-07"],
  METASCHEMA_URIS["draft-06"],
  METASCHEMA_URIS["draft-04"],
  ...["schema", "meta/core", "meta/applicator", "meta/validation", "meta/meta-data", "meta/format", "meta/content"].map(
    (path) => `https://json-schema.org/draft/2019-09/${path}`,
  ),
  ...["schema", "meta/core", "meta/applicator", "meta/unevaluated", "meta/validation", "meta/meta-data", "meta/format-annotation", "meta/content"].map(
    (path) => `https://json-schema.org/draft/2020-12/${path}`,
  ),
]);

/** True for URIs of the metaschemas (and vocabulary documents) that the validators ship with. */
export function isBuiltInMetaschemaUri(uri: string): boolean {
  return BUILT_IN_METASCHEMAS.has(uri.replace(/#$/, ""));
}
