// The single formatting pass over generated declarations, with every prettier option pinned.

import { format } from "prettier";

const PRETTIER_OPTIONS = {
  parser: "typescript",
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
