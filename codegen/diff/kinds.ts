// Every kind of change `schemagen diff` reports, with what it does to the set of accepted values.
// BACKWARD (the new schema reads old data) survives a change that widens; FORWARD (the old schema reads new data)
// survives one that narrows; FULL needs both. Under `not` a change's effect flips.

export type Effect = "none" | "widen" | "narrow" | "change";

export interface ChangeKind {
  effect: Effect;
  /** The Confluent Schema Registry difference type(s) this follows. */
  confluent: string;
  description: string;
  /** The effect is worked out per change, by comparing the new schema with the one that governed the place before. */
  computed?: true;
}

export const CHANGE_KINDS = {
  "annotation-changed": { effect: "none", confluent: "ID_CHANGED, TITLE_CHANGED, DESCRIPTION_CHANGED, DEFAULT_CHANGED", description: "`title`, `description`, `default`, `examples`, `$comment`, `deprecated`, `readOnly`, `writeOnly` or `$id` changed" },
  "schema-added": { effect: "none", confluent: "(new subject)", description: "a schema file or `$defs` entry was added" },
  "schema-removed": { effect: "change", confluent: "(subject deleted)", description: "a schema file or `$defs` entry was removed; its consumers lose their contract" },
  "name-changed": { effect: "change", confluent: "-", description: "the exported type name changed (a new `title`, or a definition's key): code importing the old names breaks" },
  "dialect-changed": { effect: "change", confluent: "-", description: "`$schema` changed" },
  "type-extended": { effect: "widen", confluent: "TYPE_EXTENDED", description: "`type` allows more (`integer` → `number`, a type added, `type` removed)" },
  "type-narrowed": { effect: "narrow", confluent: "TYPE_NARROWED", description: "`type` allows less (a type removed, `number` → `integer`, `type` added)" },
  "type-changed": { effect: "change", confluent: "TYPE_CHANGED", description: "`type` changed to one neither wider nor narrower" },
  "enum-extended": { effect: "widen", confluent: "ENUM_ARRAY_EXTENDED", description: "`enum` (or `const`) gained values or was removed" },
  "enum-narrowed": { effect: "narrow", confluent: "ENUM_ARRAY_NARROWED", description: "`enum` (or `const`) lost values or was added" },
  "enum-changed": { effect: "change", confluent: "ENUM_ARRAY_CHANGED", description: "`enum` values both added and removed" },
  "bound-added": { effect: "narrow", confluent: "MAXIMUM_ADDED, MIN_LENGTH_ADDED, MAX_ITEMS_ADDED, …", description: "a bound appeared: `minimum`, `maximum`, `exclusive*`, `min/maxLength`, `min/maxItems`, `min/maxProperties`, `min/maxContains`" },
  "bound-removed": { effect: "widen", confluent: "MAXIMUM_REMOVED, MIN_LENGTH_REMOVED, …", description: "a bound was removed" },
  "bound-relaxed": { effect: "widen", confluent: "MAXIMUM_INCREASED, MINIMUM_DECREASED, …", description: "a maximum went up or a minimum went down" },
  "bound-tightened": { effect: "narrow", confluent: "MAXIMUM_DECREASED, MINIMUM_INCREASED, …", description: "a maximum went down or a minimum went up" },
  "multiple-of-added": { effect: "narrow", confluent: "MULTIPLE_OF_ADDED", description: "`multipleOf` appeared" },
  "multiple-of-removed": { effect: "widen", confluent: "MULTIPLE_OF_REMOVED", description: "`multipleOf` was removed" },
  "multiple-of-reduced": { effect: "widen", confluent: "MULTIPLE_OF_REDUCED", description: "the new `multipleOf` divides the old one (10 → 5)" },
  "multiple-of-expanded": { effect: "narrow", confluent: "MULTIPLE_OF_EXPANDED", description: "the new `multipleOf` is a multiple of the old one (5 → 10)" },
  "multiple-of-changed": { effect: "change", confluent: "MULTIPLE_OF_CHANGED", description: "`multipleOf` changed otherwise (2 → 3)" },
  "pattern-added": { effect: "narrow", confluent: "PATTERN_ADDED", description: "`pattern` appeared" },
  "pattern-removed": { effect: "widen", confluent: "PATTERN_REMOVED", description: "`pattern` was removed" },
  "pattern-changed": { effect: "change", confluent: "PATTERN_CHANGED", description: "`pattern` changed" },
  "format-added": { effect: "narrow", confluent: "(format is asserted here)", description: "`format` appeared" },
  "format-removed": { effect: "widen", confluent: "(format is asserted here)", description: "`format` was removed" },
  "format-changed": { effect: "change", confluent: "(format is asserted here)", description: "`format` changed" },
  "unique-items-added": { effect: "narrow", confluent: "UNIQUE_ITEMS_ADDED", description: "`uniqueItems: true` appeared" },
  "unique-items-removed": { effect: "widen", confluent: "UNIQUE_ITEMS_REMOVED", description: "`uniqueItems: true` was removed" },
  "required-added": { effect: "narrow", confluent: "REQUIRED_ATTRIBUTE_ADDED", description: "a property became required (a `default` does not help: validators do not fill defaults in)" },
  "required-removed": { effect: "widen", confluent: "REQUIRED_ATTRIBUTE_REMOVED", description: "a property is no longer required" },
  "property-added-to-open-model": { effect: "narrow", confluent: "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", description: "a property was declared on an object that accepted any extra property: old data may hold it with another value (with an empty schema `{}`: no effect)" },
  "property-added-to-closed-model": { effect: "widen", confluent: "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL", description: "a property was declared on an object with `additionalProperties: false`" },
  "property-added-to-partially-open-model": { effect: "change", computed: true, confluent: "PROPERTY_ADDED_(IS|NOT)_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", description: "a property was declared where `additionalProperties` or `patternProperties` had a schema for it: as the new schema compares with that one" },
  "property-removed-from-open-model": { effect: "widen", confluent: "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL", description: "a property's declaration was removed from an object that accepts any extra property" },
  "property-removed-from-closed-model": { effect: "narrow", confluent: "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", description: "a property was removed from an object with `additionalProperties: false`: old data holding it is rejected" },
  "property-removed-from-partially-open-model": { effect: "change", computed: true, confluent: "PROPERTY_REMOVED_(IS|NOT)_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", description: "a property's declaration was removed where `additionalProperties` or `patternProperties` now governs it: as that schema compares with the old one" },
  "content-model-closed": { effect: "narrow", confluent: "ADDITIONAL_PROPERTIES_REMOVED, ADDITIONAL_ITEMS_REMOVED", description: "`additionalProperties`, `unevaluatedProperties`, `items` or `unevaluatedItems` became `false`" },
  "content-model-opened": { effect: "widen", confluent: "ADDITIONAL_PROPERTIES_ADDED, ADDITIONAL_ITEMS_ADDED", description: "one of those was `false` and now accepts something" },
  "item-added-to-tuple": { effect: "change", computed: true, confluent: "ITEM_ADDED_TO_(OPEN|CLOSED)_CONTENT_MODEL", description: "a `prefixItems` position was added: as its schema compares with what `items` allowed there" },
  "item-removed-from-tuple": { effect: "change", computed: true, confluent: "ITEM_REMOVED_FROM_(OPEN|CLOSED)_CONTENT_MODEL", description: "a `prefixItems` position was removed: as what `items` now allows there compares with the old schema" },
  "dependency-added": { effect: "narrow", confluent: "DEPENDENCY_ARRAY_ADDED, DEPENDENCY_SCHEMA_ADDED", description: "a `dependentRequired` or `dependentSchemas` entry appeared" },
  "dependency-removed": { effect: "widen", confluent: "DEPENDENCY_ARRAY_REMOVED, DEPENDENCY_SCHEMA_REMOVED", description: "a `dependentRequired` or `dependentSchemas` entry was removed" },
  "dependency-extended": { effect: "narrow", confluent: "DEPENDENCY_ARRAY_EXTENDED", description: "a `dependentRequired` entry names more properties" },
  "dependency-narrowed": { effect: "widen", confluent: "DEPENDENCY_ARRAY_NARROWED", description: "a `dependentRequired` entry names fewer properties" },
  "dependency-changed": { effect: "change", confluent: "DEPENDENCY_ARRAY_CHANGED", description: "a `dependentRequired` entry names other properties" },
  "sum-type-extended": { effect: "widen", confluent: "SUM_TYPE_EXTENDED", description: "`anyOf`/`oneOf` gained a branch" },
  "sum-type-narrowed": { effect: "narrow", confluent: "SUM_TYPE_NARROWED", description: "`anyOf`/`oneOf` lost a branch" },
  "product-type-extended": { effect: "narrow", confluent: "PRODUCT_TYPE_EXTENDED", description: "`allOf` gained a branch" },
  "product-type-narrowed": { effect: "widen", confluent: "PRODUCT_TYPE_NARROWED", description: "`allOf` lost a branch" },
  "combined-type-added": { effect: "narrow", confluent: "-", description: "`allOf`, `anyOf`, `oneOf` or `not` appeared" },
  "combined-type-removed": { effect: "widen", confluent: "-", description: "`allOf`, `anyOf`, `oneOf` or `not` was removed" },
  "combined-type-changed": { effect: "change", confluent: "COMBINED_TYPE_CHANGED", description: "`anyOf` became `oneOf` or the other way round" },
  "condition-changed": { effect: "change", confluent: "-", description: "an `if` changed, so its `then` and `else` apply to other data" },
  "condition-added": { effect: "narrow", confluent: "-", description: "`if` with `then`/`else`, or a `then`/`else`, appeared" },
  "condition-removed": { effect: "widen", confluent: "-", description: "`if` with `then`/`else`, or a `then`/`else`, was removed" },
  "subschema-added": { effect: "narrow", confluent: "-", description: "`contains`, `propertyNames`, `items` or another schema-valued keyword appeared" },
  "subschema-removed": { effect: "widen", confluent: "-", description: "a schema-valued keyword was removed" },
  "ref-changed": { effect: "change", confluent: "-", description: "a `$ref` points elsewhere and the two targets cannot be compared" },
  "extension-added": { effect: "narrow", confluent: "-", description: "an extension keyword (`x-…`) that the generated validators enforce appeared" },
  "extension-removed": { effect: "widen", confluent: "-", description: "an enforced extension keyword was removed" },
  "extension-changed": { effect: "change", confluent: "-", description: "an enforced extension keyword changed" },
  "keyword-changed": { effect: "change", confluent: "-", description: "any other keyword changed (counted as breaking both ways)" },
} as const satisfies Record<string, ChangeKind>;

export type ChangeKindId = keyof typeof CHANGE_KINDS;

export function flip(effect: Effect): Effect {
  return effect === "widen" ? "narrow" : effect === "narrow" ? "widen" : effect;
}

/** The effect of several changes taken together. */
export function combine(effects: Effect[]): Effect {
  const real = new Set(effects.filter((effect) => effect !== "none"));
  if (real.size === 0) return "none";
  if (real.size === 1) return [...real][0]!;
  return "change";
}

export const breaksBackward = (effect: Effect) => effect === "narrow" || effect === "change";
export const breaksForward = (effect: Effect) => effect === "widen" || effect === "change";

/** One Markdown row per kind: the README's rule table (a test keeps the two equal). */
export function ruleTableRows(): string[] {
  return Object.entries(CHANGE_KINDS).map(([id, kind]: [string, ChangeKind]) => {
    const mark = (breaks: (effect: Effect) => boolean) => (kind.computed ? "depends" : breaks(kind.effect) ? "✗" : "✓");
    const full = kind.computed ? "depends" : breaksBackward(kind.effect) || breaksForward(kind.effect) ? "✗" : "✓";
    return `| \`${id}\` | ${mark(breaksBackward)} | ${mark(breaksForward)} | ${full} | ${kind.description} | ${kind.confluent} |`;
  });
}
