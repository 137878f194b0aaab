// The JSON Schema dialects the generator supports, keyed by their `$schema` URI.

export type Dialect = "2020-12" | "2019-09" | "draft-07";

export const DEFAULT_DIALECT: Dialect = "2020-12";

export const DIALECTS: readonly Dialect[] = ["2020-12", "2019-09", "draft-07"];

const METASCHEMA_URIS: Record<string, Dialect> = {
  "https://json-schema.org/draft/2020-12/schema": "2020-12",
  "https://json-schema.org/draft/2019-09/schema": "2019-09",
  "http://json-schema.org/draft-07/schema": "draft-07",
};

export type DialectChoice = { dialect: Dialect; declared: boolean } | { unknown: string };

/** The dialect a schema document declares with `$schema`; 2020-12 when it declares none. */
export function dialectOf(document: unknown): DialectChoice {
  const declared =
    document !== null && typeof document === "object" && !Array.isArray(document)
      ? (document as Record<string, unknown>).$schema
      : undefined;
  if (declared === undefined) return { dialect: DEFAULT_DIALECT, declared: false };
  if (typeof declared !== "string") return { unknown: JSON.stringify(declared) };
  const dialect = METASCHEMA_URIS[declared.replace(/#$/, "")];
  return dialect ? { dialect, declared: true } : { unknown: declared };
}

const BUILT_IN_METASCHEMAS = new Set([
  "http://json-schema.org/draft-07/schema",
  ...["schema", "meta/core", "meta/applicator", "meta/validation", "meta/meta-data", "meta/format", "meta/content"].map(
    (path) => `https://json-schema.org/draft/2019-09/${path}`,
  ),
  ...["schema", "meta/core", "meta/applicator", "meta/unevaluated", "meta/validation", "meta/meta-data", "meta/format-annotation", "meta/content"].map(
    (path) => `https://json-schema.org/draft/2020-12/${path}`,
  ),
]);

/** True for URIs of the metaschemas (and vocabulary documents) that Ajv ships with. */
export function isBuiltInMetaschemaUri(uri: string): boolean {
  return BUILT_IN_METASCHEMAS.has(uri.replace(/#$/, ""));
}
