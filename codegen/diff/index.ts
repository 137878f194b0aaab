// schemagen diff: pairs the schemas of two versions by path, compares each named schema, and classifies every change
// for BACKWARD, FORWARD and FULL compatibility.

import equalModule from "ajv/dist/runtime/equal.js";
import { MESSAGES, SchemagenError } from "../diagnostics.js";
import { namesByLocation, nameSchemas, placeOf, type NamedSchema } from "../model/names.js";
import { compareText } from "../model/order.js";
import { positionOfPointer } from "../model/positions.js";
import type { FileResource } from "../model/resources.js";
import { isSchemaObject } from "../model/walk.js";
import type { SchemaModel } from "../pipeline.js";
import { compareSchemas, type Change, type Side } from "./compare.js";
import { breaksBackward, breaksForward, CHANGE_KINDS } from "./kinds.js";

const equal = ((equalModule as { default?: unknown }).default ?? equalModule) as (a: unknown, b: unknown) => boolean;

export type CompatibilityLevel = "backward" | "forward" | "full";

export interface SchemaChange extends Change {
  /** The named schema (file root or `$defs` entry) the change belongs to. */
  schema: string;
  backward: boolean;
  forward: boolean;
  line?: number;
  column?: number;
}

export function breaksLevel(change: Pick<SchemaChange, "backward" | "forward">, level: CompatibilityLevel): boolean {
  return (level !== "forward" && !change.backward) || (level !== "backward" && !change.forward);
}

function sideOf(named: NamedSchema, model: SchemaModel): Side {
  return { index: model.index, file: named.resource.file.path, pointer: named.pointer, baseUri: named.resource.uri, dialect: named.resource.dialect };
}

/** Every change from `before` to `after`; throws SchemagenError when a schema was renamed, which a diff by path cannot judge. */
export function diffSchemaModels(before: SchemaModel, after: SchemaModel): SchemaChange[] {
  const oldFiles = new Map(before.index.files.map((resource) => [resource.file.path, resource]));
  const newFiles = new Map(after.index.files.map((resource) => [resource.file.path, resource]));
  rejectRenames(
    [...oldFiles.values()].filter((resource) => !newFiles.has(resource.file.path)),
    [...newFiles.values()].filter((resource) => !oldFiles.has(resource.file.path)),
  );

  const changes: SchemaChange[] = [];
  const record = (schema: string, found: Change[]) => {
    for (const entry of found) {
      const file = (entry.version === "new" ? newFiles : oldFiles).get(entry.file)?.file;
      changes.push({
        ...entry,
        schema,
        backward: !breaksBackward(entry.effect),
        forward: !breaksForward(entry.effect),
        ...(file ? positionOfPointer(file, entry.pointer) : {}),
      });
    }
  };
  /** A schema file or definition added or removed: a change of the whole, at the file's root or its `$defs`. */
  const whole = (kind: "schema-added" | "schema-removed", file: string, pointer: string, version: Change["version"], message: string): Change[] => [
    { kind, effect: CHANGE_KINDS[kind].effect, file, pointer, version, path: "", message },
  ];
  const namedIn = (model: SchemaModel, file: string) => new Map(model.names.all.filter((named) => named.resource.file.path === file).map((named) => [named.pointer, named]));

  for (const path of new Set([...oldFiles.keys(), ...newFiles.keys()])) {
    const [oldNamed, newNamed] = [namedIn(before, path), namedIn(after, path)];
    if (!newFiles.has(path)) {
      record(oldNamed.get("")!.name, whole("schema-removed", path, "", "old", `schema file ${path} removed`));
      continue;
    }
    if (!oldFiles.has(path)) {
      record(newNamed.get("")!.name, whole("schema-added", path, "", "new", `schema file ${path} added`));
      continue;
    }
    for (const pointer of new Set([...oldNamed.keys(), ...newNamed.keys()])) {
      const [was, is] = [oldNamed.get(pointer), newNamed.get(pointer)];
      if (was && is) {
        if (was.name !== is.name) record(is.name, [nameChange(was, is, after)]);
        record(is.name, compareSchemas(was.schema, is.schema, { old: sideOf(was, before), new: sideOf(is, after) }));
      }
      else if (is) record(is.name, whole("schema-added", path, pointer, "new", `definition ${is.name} added`));
      else if (was) record(was.name, whole("schema-removed", path, "/$defs", "new", `definition ${was.name} removed`));
    }
  }
  return changes.sort(
    (a, b) => compareText(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || compareText(a.kind, b.kind) || compareText(a.message, b.message),
  );
}

function nameChange(was: NamedSchema, is: NamedSchema, after: SchemaModel): Change {
  const heir = after.names.all.find((named) => named.name === was.name);
  const titled = isSchemaObject(is.schema) && "title" in is.schema;
  return {
    kind: "name-changed",
    effect: CHANGE_KINDS["name-changed"].effect,
    file: is.resource.file.path,
    pointer: titled ? `${is.pointer}/title` : is.pointer,
    version: "new",
    path: "",
    message: `exported as ${is.name}, was ${was.name}${heir ? `; ${was.name} now names ${placeOf(heir)}` : ""}`,
  };
}

/** The new version named as generate names it over the old version's output: the old names are kept where they still apply. */
export function nameAfter(before: SchemaModel, after: SchemaModel): SchemaModel {
  return { ...after, names: nameSchemas(after.index, namesByLocation(before.names)) };
}

function withoutId(schema: unknown): unknown {
  if (!isSchemaObject(schema)) return schema;
  const { $id: _id, id: _draft04Id, ...rest } = schema;
  return rest;
}

function rejectRenames(removed: FileResource[], added: FileResource[]): void {
  const diagnostics = removed.flatMap((was) => {
    const title = isSchemaObject(was.schema) ? was.schema.title : undefined;
    const is = added.find(
      (candidate) =>
        candidate.uri === was.uri ||
        (typeof title === "string" && isSchemaObject(candidate.schema) && candidate.schema.title === title) ||
        equal(withoutId(candidate.schema), withoutId(was.schema)),
    );
    return is ? [{ code: "schema-renamed" as const, severity: "error" as const, file: is.file.path, message: MESSAGES["schema-renamed"](was.file.path, is.file.path) }] : [];
  });
  if (diagnostics.length > 0) throw new SchemagenError(diagnostics);
}

export type DiffFormat = "text" | "json" | "github";

export interface DiffReport {
  old: string;
  new: string;
  level: CompatibilityLevel;
  changes: SchemaChange[];
}

const verdict = (change: SchemaChange) =>
  change.backward && change.forward ? "compatible" : !change.backward && !change.forward ? "breaks backward+forward" : !change.backward ? "breaks backward" : "breaks forward";
const where = (change: SchemaChange) => (change.path === "" ? change.schema : `${change.schema}${change.path.startsWith("[") ? "" : "."}${change.path}`);

/** `folder` prefixes file names in annotations (the NEW schemas folder as a path from the repository root). */
export function formatDiff(report: DiffReport, format: DiffFormat, folder = "schemas"): string {
  const breaking = report.changes.filter((change) => breaksLevel(change, report.level));
  if (format === "json") {
    return JSON.stringify({ old: report.old, new: report.new, level: report.level, compatible: breaking.length === 0, breaking: breaking.length, changes: report.changes }, null, 2) + "\n";
  }
  if (format === "github") {
    const escape = (text: string) => text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
    return report.changes
      .filter((change) => change.effect !== "none")
      .map((change) => {
        const severity = breaksLevel(change, report.level) ? "error" : "notice";
        return `::${severity} file=${folder}/${change.file},line=${change.line ?? 1},col=${change.column ?? 1},title=${change.kind} (${verdict(change)})::${escape(`${where(change)}: ${change.message}`)}\n`;
      })
      .join("");
  }
  const lines = report.changes.map((change) => {
    const place = `${change.version === "old" ? `${report.old}:` : ""}${change.file}:${change.line ?? 1}:${change.column ?? 1}`;
    return `${place}: ${verdict(change)} ${change.kind} at ${where(change)}: ${change.message}\n`;
  });
  const backward = report.changes.filter((change) => !change.backward).length;
  const forward = report.changes.filter((change) => !change.forward).length;
  const summary =
    `schemagen diff ${report.old} → ${report.new}: ${report.changes.length} change(s), ${backward} break backward, ${forward} break forward; ` +
    `${report.level}: ${breaking.length === 0 ? "compatible" : `${breaking.length} incompatible`}\n`;
  return lines.join("") + summary;
}
