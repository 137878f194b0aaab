// Stage 5: Ajv standalone code per domain module and dialect, rewritten by the passes over its syntax tree
// (emit/passes/) so it imports nothing but our runtime.

import type { Ajv as AjvCore, ValidateFunction } from "ajv";
import standaloneModule from "ajv/dist/standalone/index.js";
import { createAjv, type AjvSettings } from "../ajv.js";
import { MESSAGES, SchemagenError, type Diagnostic } from "../diagnostics.js";
import { located } from "../check.js";
import { locateCompileError } from "./compile-error.js";
import { rewriteAjvCode } from "./passes/index.js";
import type { Dialect } from "../model/dialect.js";
import type { NamedSchema } from "../model/names.js";
import { reachableFiles, type FileResource, type SchemaIndex } from "../model/resources.js";
import { prepareAjvSchema } from "../normalize/for-ajv.js";
import { compareText } from "../model/order.js";

const standaloneCode = ((standaloneModule as { default?: unknown }).default ?? standaloneModule) as (
  ajv: AjvCore,
  refsOrFunc: Record<string, string>,
) => string;

export interface ValidatorChunk {
  dialect: Dialect;
  /** JavaScript statements that define `exports.validateX` for each schema of this dialect. */
  code: string;
  /** Runtime helpers the code uses. */
  runtimeImports: string[];
}

/** Files to register with one dialect's Ajv: its own files, plus undeclared-dialect files they reach. */
function resourcesForDialect(dialect: Dialect, index: SchemaIndex): FileResource[] {
  const own = index.files.filter((resource) => resource.dialect === dialect);
  return reachableFiles(index, own, (target) => !target.dialectDeclared);
}

/** Adds every schema one dialect's Ajv needs, as Ajv must see them; the same for generated and in-process use. */
export function registerSchemas(ajv: AjvCore, dialect: Dialect, index: SchemaIndex): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const resource of resourcesForDialect(dialect, index)) {
    try {
      const schema = prepareAjvSchema(resource, index);
      // A boolean schema has nowhere to carry its `$id`; Ajv takes the key instead.
      if (typeof schema === "boolean") ajv.addSchema(schema as unknown as object, resource.uri);
      else ajv.addSchema(schema);
    } catch (error) {
      diagnostics.push(located("ajv-compile", resource.file, "", MESSAGES["ajv-compile"]((error as Error).message)));
    }
  }
  return diagnostics;
}

/** Ajv compiled in process, with the generator's options and schema copies: the reference the tests compare with. */
export function compileInProcess(index: SchemaIndex, settings: Omit<AjvSettings, "standalone"> = {}): (uri: string) => ValidateFunction | undefined {
  const instances = new Map<Dialect, AjvCore>();
  return (uri) => {
    const resource = index.files.find((file) => file.uri === uri);
    if (!resource) return undefined;
    let ajv = instances.get(resource.dialect);
    if (!ajv) {
      ajv = createAjv(resource.dialect, settings);
      const diagnostics = registerSchemas(ajv, resource.dialect, index);
      if (diagnostics.length > 0) throw new SchemagenError(diagnostics);
      instances.set(resource.dialect, ajv);
    }
    return ajv.getSchema(uri);
  };
}

export interface ValidatorBuild {
  chunks: Map<string, ValidatorChunk[]>;
  diagnostics: Diagnostic[];
}

/** One Ajv instance per dialect holds every schema it needs; each module then takes its own exports from it. */
export function emitValidatorChunks(rootsByModule: Map<string, NamedSchema[]>, index: SchemaIndex): ValidatorBuild {
  const chunks = new Map<string, ValidatorChunk[]>();
  const diagnostics: Diagnostic[] = [];
  const dialects = [...new Set(index.files.map((resource) => resource.dialect))].sort(compareText);
  for (const dialect of dialects) {
    const ajv = createAjv(dialect, { standalone: true });
    diagnostics.push(...registerSchemas(ajv, dialect, index));
    // Ajv 2019/2020 track evaluated properties and items in every validator (an object per call) for the sake of
    // unevaluated*; where no schema of the dialect uses those keywords, nothing reads what is tracked.
    if (!resourcesForDialect(dialect, index).some((resource) => JSON.stringify(resource.schema).includes('"unevaluated'))) {
      (ajv.opts as { unevaluated?: boolean }).unevaluated = false;
    }
    if (diagnostics.length > 0) continue;
    for (const [module, roots] of rootsByModule) {
      const own = roots.filter((named) => named.resource.dialect === dialect);
      if (own.length === 0) continue;
      const exportsMap: Record<string, string> = {};
      for (const named of own) exportsMap[`validate${named.name}`] = named.resource.uri;
      let code: string;
      try {
        code = standaloneCode(ajv, exportsMap);
      } catch (error) {
        // Name every file that does not compile, not only the first, at the subschema that fails.
        const culprits = own.flatMap((named) => {
          try {
            ajv.getSchema(named.resource.uri);
            return [];
          } catch (compileError) {
            return [{ resource: named.resource, message: (compileError as Error).message }];
          }
        });
        if (culprits.length === 0) culprits.push({ resource: own[0]!.resource, message: (error as Error).message });
        for (const culprit of culprits) {
          diagnostics.push(located("ajv-compile", culprit.resource.file, locateCompileError(culprit.resource), MESSAGES["ajv-compile"](culprit.message)));
        }
        continue;
      }
      const rewritten = rewriteAjvCode(code);
      const list = chunks.get(module) ?? [];
      list.push({ dialect, code: rewritten.code, runtimeImports: rewritten.runtimeImports });
      chunks.set(module, list);
    }
  }
  return { chunks, diagnostics };
}
