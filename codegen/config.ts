// Options for every command, with their defaults in one place.

export interface GenerateOptions {
  /** Folder of schema files, read recursively. */
  schemas: string;
  /** Output folder, replaced as a whole. */
  out: string;
  /** Base URI for files without `$id`; a file's URI is this plus its path in the schemas folder. */
  baseUri: string;
}

export const DEFAULTS: GenerateOptions = {
  schemas: "schemas",
  out: "generated",
  baseUri: "https://schemagen.invalid/",
};

export function resolveOptions(partial: Partial<GenerateOptions>): GenerateOptions {
  const defined = Object.fromEntries(Object.entries(partial).filter(([, value]) => value !== undefined));
  const options = { ...DEFAULTS, ...defined } as GenerateOptions;
  if (!options.baseUri.endsWith("/")) options.baseUri += "/";
  return options;
}
