// Assembles one schema file's module: generated/<domain>/<file>.js (its validators, asserts, Standard Schema
// objects, enum constants, factories, schema JSON) and its .d.ts, plus each domain's index that re-exports them.

import path from "node:path";
import type { NamedSchema } from "../model/names.js";
import { compareText } from "../model/order.js";
import { fileGraphOf, reachableFiles, type FileResource, type SchemaIndex } from "../model/resources.js";
import { asciiOnly, BANNER, jsonExpression } from "./code.js";
export { schemaModulePath } from "./module-paths.js";
import { factoryDeclaration, factoryFields, factoryValue } from "./factories.js";
import { enumConstantDeclaration, enumConstantValue, type TypeDeclaration } from "./types.js";
import type { ValidatorModule } from "./validators.js";
import type { ModulePiece } from "./passes/split.js";

export interface SchemaModule {
  /** Path of the .js file, relative to the output folder, e.g. "analytics/event.js". */
  path: string;
  file: FileResource;
  /** The file's root schema, if it is named, then its definitions. */
  roots: NamedSchema[];
  declarations: TypeDeclaration[];
  validators: ValidatorModule | undefined;
}

/** An import specifier from one output module to another, as a relative URL. */
export function specifier(from: string, to: string): string {
  const relative = path.posix.relative(path.posix.dirname(from), to);
  const dotted = relative.startsWith(".") ? relative : `./${relative}`;
  return encodeURI(dotted).replace(/[?#]/g, (character) => encodeURIComponent(character));
}

/** True when the schema's file, or any file its refs reach, uses $dynamicRef or $recursiveRef. */
function reachesDynamicRef(named: NamedSchema, index: SchemaIndex): boolean {
  const { dynamic } = fileGraphOf(index);
  return reachableFiles(index, [named.resource]).some((resource) => dynamic.has(resource.file));
}

/** The names a file's module offers users (types aside): what its domain index re-exports. */
export function publicNames(module: SchemaModule, index: SchemaIndex): string[] {
  const names: string[] = [];
  for (const named of module.roots) {
    names.push(`validate${named.name}`, `assert${named.name}`, `${named.name}Schema`, `${named.name}JsonSchema`);
    if (factoryFields(named, index).length > 0) names.push(`create${named.name}`);
  }
  for (const declaration of module.declarations) if (declaration.enumMembers) names.push(declaration.named.name);
  return names;
}

const EMPTY_PIECE: ModulePiece = { code: "", imports: new Map(), exports: [], runtimeImports: [], validators: new Map() };

/** The module-scope name of an all-errors function: Ajv names both compiles' functions alike. */
const allErrorsName = (name: string) => `${name}$all`;

/**
 * A piece's code inside a function whose parameters are its imports, bound at module scope under `bound` names.
 * V8 reads locals fast, while every read of a module-scope binding inside a validator costs a lookup (measured:
 * validators 1.2-1.8x slower at module scope).
 */
function scopedCode(piece: ModulePiece, bound: (name: string) => string): string {
  const outside = [...new Set([...piece.exports, ...piece.validators.values()])].sort(compareText);
  const imported = [...piece.imports.values()].flat();
  const inside = [...new Set([...piece.runtimeImports, ...imported])].sort(compareText);
  const importedSet = new Set(imported);
  const bindings = outside.map((name) => (bound(name) === name ? name : `${name}: ${bound(name)}`));
  const args = inside.map((name) => (importedSet.has(name) ? bound(name) : name));
  return `const { ${bindings.join(", ")} } = ((${inside.join(", ")}) => {\n${piece.code}\nreturn { ${outside.join(", ")} };\n})(${args.join(", ")});`;
}

export function emitModuleJs(module: SchemaModule, index: SchemaIndex): string {
  const validators = module.validators;
  const runtimeImports = new Set<string>(["createAssert", "createStandardSchema", ...(validators?.runtimeImports ?? []), ...(validators?.allErrors?.runtimeImports ?? [])]);
  const factories = module.roots.map((named) => ({ named, fields: factoryFields(named, index) }));
  for (const { fields } of factories) {
    if (fields.length > 0) runtimeImports.add("createFactory");
    for (const field of fields) {
      if (field.expression === "randomUuid()") runtimeImports.add("randomUuid");
      if (field.expression === "currentTimestamp()") runtimeImports.add("currentTimestamp");
    }
  }
  const guarded = new Set(module.roots.filter((named) => reachesDynamicRef(named, index)));
  if (guarded.size > 0) runtimeImports.add("guardRecursion");
  const parts = [BANNER, `import { ${[...runtimeImports].sort(compareText).join(", ")} } from "${specifier(module.path, "runtime.js")}";`];
  const first = validators ?? EMPTY_PIECE;
  // No twin (errors: "first"): assert and Standard Schema report validateX's first error.
  const reports = !validators || validators.allErrors !== undefined;
  const all = validators?.allErrors ?? EMPTY_PIECE;
  for (const source of [...new Set([...first.imports.keys(), ...all.imports.keys()])].sort(compareText)) {
    const names = [...(first.imports.get(source) ?? []), ...(all.imports.get(source) ?? []).map(allErrorsName)];
    parts.push(`import { ${names.join(", ")} } from "${specifier(module.path, source)}";`);
  }
  if (first.code) parts.push(`// Ajv standalone code (${validators!.dialect}) for this file's schemas and what only they use.\n${scopedCode(first, (name) => name)}`);
  if (all.code) parts.push(`// The same, compiled with allErrors: the report assert and Standard Schema give once the check above has failed.\n${scopedCode(all, allErrorsName)}`);
  const exported = [...first.exports, ...all.exports.map(allErrorsName)];
  if (exported.length > 0) parts.push(`export { ${exported.join(", ")} };`);
  for (const named of module.roots) {
    const name = named.name;
    const compiled = first.validators.get(`validate${name}`);
    const report = all.validators.get(`validate${name}`);
    if (!compiled || (reports && !report)) throw new Error(`internal: no validator for ${name} in ${module.path}`);
    const guard = (code: string) => (guarded.has(named) ? `guardRecursion(${code})` : code);
    parts.push(
      [
        `export const validate${name} = ${guard(compiled)};`,
        ...(reports
          ? [
              `const report${name} = ${guard(allErrorsName(report!))};`,
              `export const assert${name} = createAssert(validate${name}, ${JSON.stringify(name)}, report${name});`,
              `export const ${name}Schema = createStandardSchema(validate${name}, report${name});`,
            ]
          : [`export const assert${name} = createAssert(validate${name}, ${JSON.stringify(name)});`, `export const ${name}Schema = createStandardSchema(validate${name});`]),
        `export const ${name}JsonSchema = ${jsonExpression(named.schema)};`,
      ].join("\n"),
    );
  }
  for (const { named, fields } of factories) if (fields.length > 0) parts.push(factoryValue(named, fields));
  for (const declaration of module.declarations) {
    if (declaration.enumMembers) parts.push(enumConstantValue(declaration.named.name, declaration.enumMembers));
  }
  return asciiOnly(parts.join("\n\n") + "\n");
}

export function emitModuleDts(module: SchemaModule, index: SchemaIndex, moduleOf: (named: NamedSchema) => string): string {
  const imports = new Map<string, Set<string>>();
  for (const declaration of module.declarations) {
    for (const reference of declaration.references) {
      const source = moduleOf(reference);
      if (source === module.path) continue;
      imports.set(source, (imports.get(source) ?? new Set<string>()).add(reference.name));
    }
  }
  const parts = [BANNER, `import type * as runtime from "${specifier(module.path, "runtime.js")}";`];
  for (const source of [...imports.keys()].sort(compareText)) {
    parts.push(`import type { ${[...imports.get(source)!].sort(compareText).join(", ")} } from "${specifier(module.path, source)}";`);
  }
  for (const declaration of module.declarations) {
    parts.push(declaration.source.trim());
    if (declaration.enumMembers) parts.push(enumConstantDeclaration(declaration.named.name, declaration.enumMembers));
  }
  for (const named of module.roots) {
    const name = named.name;
    parts.push(
      [
        `export declare const validate${name}: runtime.Validator<${name}>;`,
        `export declare function assert${name}(data: unknown): asserts data is ${name};`,
        `export declare const ${name}Schema: runtime.StandardSchemaV1<unknown, ${name}>;`,
        `export declare const ${name}JsonSchema: runtime.JsonSchema;`,
      ].join("\n"),
    );
    const fields = factoryFields(named, index);
    if (fields.length > 0) parts.push(factoryDeclaration(named, fields));
  }
  return parts.join("\n\n") + "\n";
}

/** A domain's index.js: the public names of each of its files' modules, re-exported by name. */
export function emitDomainIndexJs(domainIndex: string, modules: SchemaModule[], index: SchemaIndex): string {
  const lines = modules.map((module) => `export { ${publicNames(module, index).join(", ")} } from "${specifier(domainIndex, module.path)}";`);
  return `${BANNER}\n${lines.join("\n")}\n`;
}

/** A domain's index.d.ts: each file's declarations (which hold only public names). */
export function emitDomainIndexDts(domainIndex: string, modules: SchemaModule[]): string {
  const lines = modules.map((module) => `export * from "${specifier(domainIndex, module.path)}";`);
  return `${BANNER}\n${lines.join("\n")}\n`;
}
