// The inputs of `schemagen validate`: files, folders (recursive), globs and standard input, in the order given,
// each with its format. Inputs that name nothing become issues, so the other inputs are still validated.

import { stat } from "node:fs/promises";
import path from "node:path";
import { MESSAGES, SchemagenError } from "../diagnostics.js";
import { compareText } from "../model/order.js";
import { inputIssue, type ValidationIssue } from "./results.js";

export type InputFormat = "json" | "ndjson" | "yaml";

export const INPUT_FORMATS: readonly InputFormat[] = ["json", "ndjson", "yaml"];

export const STDIN_NAME = "<stdin>";

export interface InputSource {
  /** As reports show it: the path as given, or found under a folder or glob, with forward slashes. */
  name: string;
  /** Absolute path; absent for standard input. */
  path?: string;
  format: InputFormat;
}

export type InputEntry = { source: InputSource } | { issue: ValidationIssue };

const FORMAT_BY_EXTENSION: Record<string, InputFormat> = {
  ".json": "json",
  ".ndjson": "ndjson",
  ".jsonl": "ndjson",
  ".yaml": "yaml",
  ".yml": "yaml",
};

export function formatOfName(name: string): InputFormat | undefined {
  return FORMAT_BY_EXTENSION[path.extname(name).toLowerCase()];
}

function slashed(name: string): string {
  return name.split(path.sep).join("/");
}

export interface InputOptions {
  cwd: string;
  /** Format of standard input, and of named files whose extension says nothing. */
  inputFormat?: InputFormat;
}

/** Expands the arguments in order; a file named twice is read once. */
export async function expandInputs(args: string[], options: InputOptions): Promise<InputEntry[]> {
  if (args.length === 0) {
    throw new SchemagenError([{ code: "inputs-none", severity: "error", message: MESSAGES["inputs-none"]() }]);
  }
  const entries: InputEntry[] = [];
  const seen = new Set<string>();
  const add = (source: InputSource) => {
    const key = source.path ?? STDIN_NAME;
    if (seen.has(key)) return;
    seen.add(key);
    entries.push({ source });
  };
  for (const arg of args) {
    if (arg === "-") {
      add({ name: STDIN_NAME, format: options.inputFormat ?? "ndjson" });
      continue;
    }
    const absolute = path.resolve(options.cwd, arg);
    const found = await stat(absolute).catch(() => undefined);
    if (found?.isDirectory()) {
      const names = await listData(absolute, "**/*", options);
      if (names.length === 0) entries.push({ issue: inputIssue(slashed(arg), "input-no-match", slashed(arg)) });
      for (const name of names) add({ name: slashed(path.join(arg, name)), path: path.join(absolute, name), format: formatOfName(name)! });
    } else if (found) {
      add({ name: slashed(arg), path: absolute, format: formatOf(arg, options) });
    } else if ((await import("tinyglobby")).isDynamicPattern(arg)) {
      const names = await listData(options.cwd, arg, options);
      if (names.length === 0) entries.push({ issue: inputIssue(slashed(arg), "input-no-match", arg) });
      for (const name of names) {
        const absolute = path.resolve(options.cwd, name);
        // An absolute pattern names absolute paths; a relative one, paths relative to the working folder.
        add({ name: slashed(path.isAbsolute(arg) ? absolute : name), path: absolute, format: formatOf(name, options) });
      }
    } else {
      entries.push({ issue: inputIssue(slashed(arg), "input-missing", arg) });
    }
  }
  return entries;
}

function formatOf(name: string, options: InputOptions): InputFormat {
  const format = formatOfName(name) ?? options.inputFormat;
  if (format) return format;
  throw new SchemagenError([{ code: "input-format-unknown", severity: "error", file: name, message: MESSAGES["input-format-unknown"](name) }]);
}

/** Files under `cwd` matching `pattern`, in path order; folders keep only data files, globs also any the user forced. */
async function listData(cwd: string, pattern: string, options: InputOptions): Promise<string[]> {
  const { glob } = await import("tinyglobby");
  const names = await glob([pattern], { cwd, onlyFiles: true, dot: false, followSymbolicLinks: true, expandDirectories: false });
  const forced = pattern !== "**/*" && options.inputFormat !== undefined;
  return names.filter((name) => forced || formatOfName(name) !== undefined).sort(compareText);
}
