// Stage 2: reject what cannot be generated safely: unknown dialects, metaschema failures, duplicate or unsafe ids, dangling refs.

import type { ErrorObject } from "ajv";
import { createAjv } from "./ajv.js";
import { MESSAGES, type Diagnostic, type DiagnosticCode } from "./diagnostics.js";
import type { SchemaFile } from "./load.js";
import { dialectOf, type Dialect } from "./model/dialect.js";
import { joinPointer } from "./model/pointer.js";
import { positionOfPointer } from "./model/positions.js";
import { resolveRef, type SchemaIndex } from "./model/resources.js";
import { isSchema, isSchemaObject, walkSubschemas } from "./model/walk.js";

export function located(code: DiagnosticCode, file: SchemaFile, pointer: string, message: string): Diagnostic {
  return { code, severity: "error", file: file.path, pointer, message, ...positionOfPointer(file, pointer) };
}

export function checkSchemaSet(files: SchemaFile[], index: SchemaIndex): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const metaschemaCheckers = new Map<Dialect, ReturnType<typeof createAjv>>();

  for (const file of files) {
    if (!isSchema(file.document)) {
      diagnostics.push(located("schema-not-object", file, "", MESSAGES["schema-not-object"]()));
      continue;
    }
    const choice = dialectOf(file.document);
    if ("unknown" in choice) {
      diagnostics.push(located("dialect-unknown", file, "/$schema", MESSAGES["dialect-unknown"](choice.unknown)));
      continue;
    }
    let checker = metaschemaCheckers.get(choice.dialect);
    if (!checker) {
      checker = createAjv(choice.dialect, { allErrors: true });
      metaschemaCheckers.set(choice.dialect, checker);
    }
    if (!checker.validateSchema(file.document)) {
      for (const error of distinctMetaschemaErrors(checker.errors ?? [])) {
        diagnostics.push(located("metaschema-violation", file, error.instancePath, MESSAGES["metaschema-violation"](describe(error))));
      }
      continue;
    }
    diagnostics.push(...checkUnsafeText(file, choice.dialect));
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
  return diagnostics;
}

// `$id`s reach the sourceURL comments in Ajv's output; titles and ids reach doc comments.
function checkUnsafeText(file: SchemaFile, dialect: Dialect): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  walkSubschemas(file.document, dialect, ({ schema, pointer }) => {
    if (!isSchemaObject(schema)) return undefined;
    for (const keyword of ["$id", "title", "$anchor", "$dynamicAnchor"]) {
      const value = schema[keyword];
      if (typeof value === "string" && /\*\/|[\r\n\u2028\u2029]/.test(value)) {
        diagnostics.push(located("text-unsafe", file, joinPointer(pointer, keyword), MESSAGES["text-unsafe"](keyword, value)));
      }
    }
    return undefined;
  });
  return diagnostics;
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
