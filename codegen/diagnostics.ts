// Errors as values: every problem the pipeline finds becomes a Diagnostic; only the CLI prints them.

import { compareText } from "./model/order.js";

export type Severity = "error" | "warning";

export interface Diagnostic {
  /** Stable id from the catalogue below, e.g. "ref-unresolved". */
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  /** File path relative to the schemas folder (or as the user gave it). */
  file?: string;
  /** JSON Pointer inside the file. */
  pointer?: string;
  line?: number;
  column?: number;
}

/** The message catalogue: one template per diagnostic code. */
export const MESSAGES = {
  "folder-missing": (folder: string) => `schemas folder not found: ${folder}`,
  "folder-empty": (folder: string) => `no *.json schema files under ${folder}`,
  "file-unreadable": (reason: string) => `cannot read file: ${reason}`,
  "json-malformed": (reason: string) => `not valid JSON: ${reason}`,
  "schema-not-object": () => `a schema file must hold an object or a boolean`,
  "dialect-unknown": (uri: string) =>
    `unknown $schema "${uri}"; supported: 2020-12, 2019-09, draft-07, draft-06, draft-04`,
  "metaschema-violation": (message: string) => `fails its dialect's metaschema: ${message}`,
  "schema-too-deep": (limit: number) => `nested more than ${limit} levels deep here; the validators' compiler recurses per level (split the schema with $ref to $defs)`,
  "schema-too-wide": (width: number, limit: number) =>
    `${width.toLocaleString("en-US")} entries of properties, patternProperties, dependentSchemas, allOf and prefixItems in one schema; ` +
    `Ajv's code generator nests a block per entry and compiles at most about ${limit.toLocaleString("en-US")} (group them into a few subschemas under allOf)`,
  "id-duplicate": (id: string, other: string) => `$id "${id}" is also declared by ${other}`,
  "id-invalid": (id: string) => `$id "${id}" is not a valid URI`,
  "text-unsafe": (what: string, value: string) =>
    `${what} ${JSON.stringify(value)} contains "*/", which Ajv writes unescaped into a comment of the generated code; percent-encode it ("%2A/")`,
  "ref-unresolved": (ref: string) => `$ref "${ref}" cannot be resolved to any schema in the set`,
  "ref-cross-dialect": (ref: string, from: string, to: string) =>
    `$ref "${ref}" points from a ${from} schema into a ${to} schema; one validator module cannot mix dialects`,
  "ajv-compile": (message: string) =>
    // V8's RangeError when Ajv's compiler, which recurses once per $ref it follows and per level it nests, runs out of stack.
    message === "Maximum call stack size exceeded"
      ? "Ajv cannot compile this schema: its compiler ran out of stack following it (Maximum call stack size exceeded); a chain of $refs or of nested subschemas thousands long does this: ref the end of a chain directly"
      : `Ajv cannot compile this schema: ${message}`,
  "ajv-strict": (message: string) => `Ajv strict mode: ${message}`,
  "output-drift": (file: string, state: string) => `${file} is ${state}`,
  // schemagen diff
  "diff-source-unknown": (argument: string, reason: string) => `"${argument}" is neither a folder nor a git ref: ${reason}`,
  "diff-source-empty": (argument: string, folder: string) => `no *.json schema files under ${folder} in ${argument}`,
  "schema-renamed": (before: string, after: string) =>
    `${before} seems renamed to ${after} (same $id, title or content); diff matches schemas by path, so land a rename on its own (add the new file, move consumers, then remove the old one)`,
  // schemagen consume
  "package-missing": (command: string, name: string) => `schemagen ${command} needs the ${name} package, which is not installed: npm install ${name}`,
  // schemagen validate
  "schema-unknown": (ref: string, known: string) => `no schema "${ref}": not a $id or type name in the manifest, nor a schema file${known}`,
  "manifest-missing": (file: string) => `cannot read ${file}; run \`npx schemagen generate\`, or name a schema file`,
  "validator-missing": (module: string, name: string) => `${module} does not export a validator named ${name}; run \`npx schemagen generate\``,
  "inputs-none": () => `no inputs: name files, folders or globs, or - for standard input`,
  "input-missing": (input: string) => `no such file or folder: ${input}`,
  "input-no-match": (input: string) => `no .json, .ndjson, .jsonl, .yaml or .yml files match ${input}`,
  "input-format-unknown": (file: string) =>
    `cannot tell the format of ${file} from its name (.json, .ndjson, .jsonl, .yaml, .yml); pass --input-format`,
  "input-changed": () => `the file changed while it was being read`,
  "input-too-large": (limit: number) =>
    `more than ${limit} bytes in one document (--max-document-bytes raises the limit); split it into NDJSON lines`,
  "file-empty": () => `the file is empty; a .json file holds one JSON document`,
  "file-no-documents": () => `the file holds no documents`,
  "yaml-malformed": (reason: string) => `not valid YAML: ${reason}`,
  "utf8-invalid": () => `not valid UTF-8 text`,
  "line-too-long": (limit: number) => `line longer than ${limit} bytes; skipped`,
  "document-invalid": (message: string) => message,
  "document-too-deep": () => `nested too deeply for the validator (stack overflow); not validated`,
  "validator-threw": (message: string) => `the validator threw: ${message}`,
  "ref-cycle": (path: string, branchOnly: boolean) =>
    `$ref cycle that never moves into the data (${path}): validating it ${branchOnly ? "recurses forever (the validator throws) for any value that takes the branch leading here" : "would recurse forever"}; ` +
    `reach the schema again only below properties, items or another keyword that descends`,
  "config-invalid": (message: string) => `bad configuration: ${message}`,
  "output-busy": (pid: number, work: string) => `another schemagen run (pid ${pid}) is writing this folder; if no such process runs, remove ${work}`,
  "name-collision": (wanted: string, holder: string, got: string, pinned: boolean) =>
    `would be named ${wanted}, which ${holder} ${pinned ? "already exports (kept from the previous output)" : "takes (it comes first)"}; exported as ${got}. ` +
    `Give one of them a distinct title to choose the name`,
} as const;

export type DiagnosticCode = keyof typeof MESSAGES;

/** Thrown once, with every diagnostic collected, when input is bad (exit code 2). */
export class SchemagenError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join("\n"));
    this.name = "SchemagenError";
    this.diagnostics = diagnostics;
  }
}

export function formatDiagnostic(diagnostic: Diagnostic): string {
  let place = diagnostic.file ?? "";
  if (diagnostic.line !== undefined) place += `:${diagnostic.line}:${diagnostic.column ?? 1}`;
  const pointer = diagnostic.pointer !== undefined && diagnostic.pointer !== "" ? ` at ${diagnostic.pointer}` : "";
  return `${place ? place + ": " : ""}${diagnostic.severity} ${diagnostic.code}${pointer}: ${diagnostic.message}`;
}

export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      compareText(a.file ?? "", b.file ?? "") ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      compareText(a.code, b.code),
  );
}
