// Options for every command, with their defaults in one place.

import { DEFAULT_DIALECT, type Dialect } from "./model/dialect.js";

/** A URL prefix whose schemas live in a local folder: `https://json.schemastore.org/=vendor/schemastore/`. */
export interface RefMap {
  prefix: string;
  folder: string;
}

export interface GenerateOptions {
  /** Folder of schema files, read recursively. */
  schemas: string;
  /** Output folder, replaced as a whole. */
  out: string;
  /** Base URI for files without `$id`; a file's URI is this plus its path in the schemas folder. */
  baseUri: string;
  /** The dialect of files without `$schema`. */
  defaultDialect: Dialect;
  /** Where refs to http(s) URLs outside the folder are read from; generation never touches the network. */
  refMaps: RefMap[];
  /**
   * What assert and Standard Schema report: "all" errors (each schema compiled a second time with Ajv's allErrors,
   * run only once the first-error check has failed), or the "first" only, for half the code and codegen time.
   */
  errors: ErrorReport;
  /**
   * Reuse earlier runs' work, kept in node_modules/.cache/schemagen: skip a run whose schemas and output are as the
   * last one left them, and check, compile and print only what changed schemas are part of (work-cache.ts). false:
   * do all the work, keep nothing.
   */
  cache: boolean;
}

export const ERROR_REPORTS = ["all", "first"] as const;
export type ErrorReport = (typeof ERROR_REPORTS)[number];

/** What every stage that reads schemas needs to know. */
export type ModelOptions = Pick<GenerateOptions, "schemas" | "baseUri"> &
  Partial<Pick<GenerateOptions, "defaultDialect" | "refMaps">> & {
    /**
     * The generated folder whose manifest.json keeps exported names stable (a schema added later never takes a name
     * that already means another). Default: `generated` beside the schemas folder; generate and check use their `out`;
     * false pins nothing (a version read from git has no output of its own).
     */
    pinNamesFrom?: string | false;
  };

export const DEFAULTS: GenerateOptions = {
  schemas: "schemas",
  out: "generated",
  baseUri: "https://schemagen.invalid/",
  defaultDialect: DEFAULT_DIALECT,
  refMaps: [],
  errors: "all",
  cache: true,
};

export function resolveOptions(partial: Partial<GenerateOptions>): GenerateOptions {
  const defined = Object.fromEntries(Object.entries(partial).filter(([, value]) => value !== undefined));
  const options = { ...DEFAULTS, ...defined } as GenerateOptions;
  if (!options.baseUri.endsWith("/")) options.baseUri += "/";
  return options;
}

/** Parses `PREFIX=FOLDER` as given to --ref-map; undefined when it is not of that form. */
export function parseRefMap(text: string): RefMap | undefined {
  const match = /^([a-z][a-z0-9+.-]*:\/\/[^=]*)=(.+)$/i.exec(text);
  if (!match) return undefined;
  try {
    new URL(match[1]!);
  } catch {
    return undefined;
  }
  return { prefix: match[1]!, folder: match[2]! };
}
