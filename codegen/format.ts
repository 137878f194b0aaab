// The single formatting pass over generated declarations, with every prettier option pinned. Babel's TypeScript
// parser: the same output as the TypeScript one on every declaration we emit (the bundled schemas, 148 SchemaStore
// schemas), in two thirds of the time; formatting was a fifth of a large folder's generate.

import { format } from "prettier";

const PRETTIER_OPTIONS = {
  parser: "babel-ts",
  printWidth: 120,
  tabWidth: 2,
  useTabs: false,
  semi: true,
  singleQuote: false,
  quoteProps: "preserve",
  trailingComma: "all",
  bracketSpacing: true,
  arrowParens: "always",
  endOfLine: "lf",
} as const;

export function formatDeclarations(source: string): Promise<string> {
  return format(source, PRETTIER_OPTIONS);
}
