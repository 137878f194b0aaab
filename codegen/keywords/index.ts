// The extension keywords: rules standard JSON Schema cannot say, compiled into the standalone validators.
// Other teams' validators ignore them; the README lists each one.

import type { CodeKeywordDefinition } from "ajv";
import { dateOrderKeyword } from "./date-order.js";
import { sumKeyword } from "./sum.js";

export const EXTENSION_KEYWORDS: readonly CodeKeywordDefinition[] = [dateOrderKeyword, sumKeyword];

/** Ajv's OpenAPI-style tagged-union keyword, enabled with the `discriminator` option. */
export const AJV_ONLY_KEYWORDS = ["discriminator"] as const;

export function isExtensionKeyword(keyword: string): boolean {
  return EXTENSION_KEYWORDS.some((definition) => definition.keyword === keyword);
}
