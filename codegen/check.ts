// Stage 2: reject what cannot be generated safely: unknown dialects, metaschema failures, duplicate or unsafe ids, dangling refs.

import type { ErrorObject } from "ajv";
import { createAjv } from "./ajv.js";
import { MESSAGES, type Diagnostic, type DiagnosticCode } from "./diagnostics.js";
import type { SchemaFile } from "./load.js";
import { DEFAULT_DIALECT, DIALECT_RULES, METASCHEMA_URIS, dialectOf, type Dialect } from "./model/dialect.js";
import { decodePointer, joinPointer } from "./model/pointer.js";
import { jsonKey } from "./model/json-key.js";
import { positionOfPointer } from "./model/positions.js";
import { findRefCycles } from "./model/ref-cycles.js";
import { resolveRef, type SchemaIndex } from "./model/resources.js";
import { isSchema, isSchemaObject, walkSubschemas, type SchemaObject } from "./model/walk.js";
import { readWork, workEntry, writeWork, type WorkCache } from "./work-cache.js";

export function located(code: DiagnosticCode, file: SchemaFile, pointer: string, message: string): Diagnostic {
  return { code, severity: "error", file: file.path, pointer, message, ...positionOfPointer(file, pointer) };
}

/** `cache`: where files that passed their metaschema before are found by their text, and new ones noted. */
export function checkSchemaSet(files: SchemaFile[], index: SchemaIndex, defaultDialect: Dialect = DEFAULT_DIALECT, cache?: WorkCache): Diagnostic[] {
  // Nothing else is checked in a set with a file too deep to check: Ajv's own recursion would overflow.
  const tooDeep = checkSchemaDepth(files);
  if (tooDeep.length > 0) return tooDeep;
  const diagnostics: Diagnostic[] = [];
  const metaschemaCheckers = new Map<Dialect, ReturnType<typeof createAjv>>();

  for (const file of files) {
    if (!isSchema(file.document)) {
      diagnostics.push(located("schema-not-object", file, "", MESSAGES["schema-not-object"]()));
      continue;
    }
    const choice = dialectOf(file.document, defaultDialect);
    if ("unknown" in choice) {
      diagnostics.push(located("dialect-unknown", file, "/$schema", MESSAGES["dialect-unknown"](choice.unknown)));
      continue;
    }
    const scan = scanSubschemas(file, choice.dialect);
    const passed = cache && workEntry(cache, ["passes its metaschema", choice.dialect, file.text]);
    if (readWork(passed, (value): value is true => value === true)) {
      diagnostics.push(...scan.unsafeText, ...scan.tooWide);
      continue;
    }
    let checker = metaschemaCheckers.get(choice.dialect);
    if (!checker) {
      checker = createAjv(choice.dialect, { allErrors: true, branchMarks: false });
      metaschemaCheckers.set(choice.dialect, checker);
    }
    const longEnums = withLongEnumsChecked(file.document, choice.dialect, scan.longEnums);
    // The metaschema by its canonical URI: "https://json-schema.org/draft-07/schema" is a common spelling of it.
    const document = { ...(longEnums.document as object), $schema: METASCHEMA_URIS[choice.dialect] };
    const errors = [...(checker.validateSchema(document) ? [] : (checker.errors ?? [])), ...longEnums.errors];
    if (errors.length > 0) {
      for (const error of distinctMetaschemaErrors(errors)) {
        diagnostics.push(located("metaschema-violation", file, error.instancePath, MESSAGES["metaschema-violation"](describe(error))));
      }
      continue;
    }
    writeWork(passed, true);
    diagnostics.push(...scan.unsafeText, ...scan.tooWide);
  }

  const owners = new Map<string, SchemaFile>();
  for (const resource of index.files) {
    const other = owners.get(resource.uri);
    if (other && other !== resource.file) {
      diagnostics.push(located("id-duplicate", resource.file, "/$id", MESSAGES["id-duplicate"](resource.uri, other.path)));
    } else {
      owners.set(resource.uri, resource.file);
    }
  }

  const dialectByFile = new Map(index.files.map((resource) => [resource.file, resource]));
  for (const site of index.refSites) {
    const pointer = joinPointer(site.pointer, site.keyword);
    if (site.keyword === "$recursiveRef") continue; // only ever "#", resolved dynamically
    const target = resolveRef(index, site.ref, site.baseUri);
    if (!target) {
      // $dynamicRef falls back to a static ref; an unmatched one is unresolvable too.
      diagnostics.push(located("ref-unresolved", site.file, pointer, MESSAGES["ref-unresolved"](site.ref)));
      continue;
    }
    if (target.kind !== "schema") continue;
    const targetFile = dialectByFile.get(target.resource.file);
    if (targetFile && targetFile.dialectDeclared && targetFile.dialect !== site.dialect) {
      diagnostics.push(
        located("ref-cross-dialect", site.file, pointer, MESSAGES["ref-cross-dialect"](site.ref, site.dialect, targetFile.dialect)),
      );
    }
  }
  if (diagnostics.length > 0) return diagnostics;
  for (const cycle of findRefCycles(index)) {
    const found = located("ref-cycle", cycle.site.file, joinPointer(cycle.site.pointer, "$ref"), MESSAGES["ref-cycle"](cycle.path.join(" → "), cycle.branchOnly));
    diagnostics.push(cycle.branchOnly ? { ...found, severity: "warning" } : found);
  }
  return diagnostics;
}

interface SubschemaScan {
  /** Enums longer than ENUM_PAIRS_LIMIT, by pointer to the enum. */
  longEnums: { pointer: string; values: unknown[] }[];
  /** Ids that could break out of a generated comment. */
  unsafeText: Diagnostic[];
  /** Schema objects with more nesting entries than Ajv can compile. */
  tooWide: Diagnostic[];
}

/**
 * One walk of a file's subschemas for all the check reads from them: the long enums before the metaschema check, the
 * rest once it has passed.
 * - Prose (titles, descriptions, examples, enum values, property names) is escaped wherever it lands and never
 *   refused. An id is a URI, not prose: Ajv writes it unescaped into a `/*# sourceURL=… *\/` comment of its output.
 */
function scanSubschemas(file: SchemaFile, dialect: Dialect): SubschemaScan {
  const scan: SubschemaScan = { longEnums: [], unsafeText: [], tooWide: [] };
  const idKeyword = DIALECT_RULES[dialect].idKeyword;
  walkSubschemas(file.document, dialect, ({ schema, pointer }) => {
    if (!isSchemaObject(schema)) return undefined;
    const id = schema[idKeyword];
    if (typeof id === "string" && /\*\//.test(id)) scan.unsafeText.push(located("text-unsafe", file, joinPointer(pointer, idKeyword), MESSAGES["text-unsafe"](idKeyword, id)));
    let width = 0;
    for (const keyword of NESTING_ENTRIES.object) if (isSchemaObject(schema[keyword])) width += Object.keys(schema[keyword]).length;
    for (const keyword of NESTING_ENTRIES.array) if (Array.isArray(schema[keyword])) width += (schema[keyword] as unknown[]).length;
    if (width > MAX_SCHEMA_WIDTH) scan.tooWide.push(located("schema-too-wide", file, pointer, MESSAGES["schema-too-wide"](width, MAX_SCHEMA_WIDTH)));
    if (Array.isArray(schema.enum) && schema.enum.length > ENUM_PAIRS_LIMIT) scan.longEnums.push({ pointer: joinPointer(pointer, "enum"), values: schema.enum });
    return undefined;
  });
  return scan;
}

/**
 * Ajv's draft-04, -06 and -07 metaschemas want an enum's values unique, and Ajv compares every pair of them (a
 * 100,000-value enum took 27 s). An enum longer than ENUM_PAIRS_LIMIT is checked for duplicates here, in one pass,
 * with the error Ajv gives, and the metaschema sees its first value only.
 */
const UNIQUE_ENUM_DIALECTS: ReadonlySet<Dialect> = new Set(["draft-04", "draft-06", "draft-07"]);
const ENUM_PAIRS_LIMIT = 1000;

/** The document as the metaschema check sees it (its long enums cut to one value), and their duplicate values. */
function withLongEnumsChecked(document: unknown, dialect: Dialect, long: SubschemaScan["longEnums"]): { document: unknown; errors: ErrorObject[] } {
  if (!UNIQUE_ENUM_DIALECTS.has(dialect)) return { document, errors: [] };
  let shown = document;
  const errors: ErrorObject[] = [];
  for (const { pointer, values } of long) {
    const duplicate = lastDuplicate(values);
    if (duplicate) {
      const message = `must NOT have duplicate items (items ## ${duplicate.j} and ${duplicate.i} are identical)`;
      errors.push({ instancePath: pointer, schemaPath: "#/properties/enum/uniqueItems", keyword: "uniqueItems", params: duplicate, message });
    }
    shown = replacedAt(shown, decodePointer(pointer), values.slice(0, 1));
  }
  return { document: shown, errors };
}

/** The pair Ajv's uniqueItems reports: the last value equal to an earlier one (i), and the nearest of those (j). */
function lastDuplicate(values: unknown[]): { i: number; j: number } | undefined {
  const lastSeen = new Map<string, number>();
  let found: { i: number; j: number } | undefined;
  values.forEach((value, index) => {
    const key = jsonKey(value);
    const earlier = lastSeen.get(key);
    if (earlier !== undefined) found = { i: index, j: earlier };
    lastSeen.set(key, index);
  });
  return found;
}

/** A copy of `container` with `value` at `segments`, sharing everything off that path (own `__proto__` keys kept as data). */
function replacedAt(container: unknown, segments: string[], value: unknown): unknown {
  const [segment, ...rest] = segments;
  if (segment === undefined) return value;
  if (Array.isArray(container)) {
    const copy = container.slice();
    copy[Number(segment)] = replacedAt(copy[Number(segment)], rest, value);
    return copy;
  }
  const copy = { ...(container as SchemaObject) };
  Object.defineProperty(copy, segment, { value: replacedAt(copy[segment], rest, value), enumerable: true, writable: true, configurable: true });
  return copy;
}

/** Metaschema validation with allErrors repeats itself through anyOf branches; keep the first per place. */
function distinctMetaschemaErrors(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    if (seen.has(error.instancePath)) return false;
    seen.add(error.instancePath);
    return true;
  });
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === "additionalProperties") return `${error.message} (${String(params.additionalProperty)})`;
  if (error.keyword === "enum") return `${error.message}: ${JSON.stringify(params.allowedValues)}`;
  return error.message ?? error.keyword;
}

/**
 * How deep a schema document may nest (objects and arrays). Ajv validates and compiles schemas recursively; past a few
 * hundred levels its own stack overflows (2,000 nested `items` crash the metaschema check), so deeper documents are
 * refused at the first node past the limit. Real schemas stay far below it (SchemaStore's deepest: under 40).
 */
export const MAX_SCHEMA_DEPTH = 256;

/** Keywords whose entries Ajv's code generator nests one block inside the other (a stack frame each, when printed). */
const NESTING_ENTRIES = { object: ["properties", "patternProperties", "dependentSchemas"], array: ["allOf", "prefixItems"] } as const;
/** Ajv compiles 2,000 such entries in one schema object, and overflows its stack at about 2,500. */
export const MAX_SCHEMA_WIDTH = 2000;

/** Files nested deeper than MAX_SCHEMA_DEPTH, each located at its first node past the limit. Iterative. */
export function checkSchemaDepth(files: SchemaFile[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    const pending: [unknown, string, number][] = [[file.document, "", 0]];
    while (pending.length > 0) {
      const [value, pointer, depth] = pending.pop()!;
      if (value === null || typeof value !== "object") continue;
      if (depth >= MAX_SCHEMA_DEPTH) {
        diagnostics.push(located("schema-too-deep", file, pointer, MESSAGES["schema-too-deep"](MAX_SCHEMA_DEPTH)));
        break;
      }
      const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value);
      for (let index = entries.length - 1; index >= 0; index--) pending.push([entries[index]![1], joinPointer(pointer, entries[index]![0]), depth + 1]);
    }
  }
  return diagnostics;
}
