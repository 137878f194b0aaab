// Assembles one domain module: generated/<domain>/index.js (validators, asserts, Standard Schema objects, enum
// constants, factories, schema JSON) and index.d.ts (types and declarations for every export).

import type { NamedSchema } from "../model/names.js";
import { compareText } from "../model/order.js";
import { fileGraphOf, reachableFiles, type SchemaIndex } from "../model/resources.js";
import { asciiOnly, BANNER, jsonExpression } from "./code.js";
import { factoryDeclaration, factoryFields, factoryValue } from "./factories.js";
import { enumConstantDeclaration, enumConstantValue, type TypeDeclaration } from "./types.js";
import type { ValidatorChunk } from "./validators.js";

export interface DomainModule {
  module: string;
  roots: NamedSchema[];
  declarations: TypeDeclaration[];
  chunks: ValidatorChunk[];
}

/** True when the schema's file, or any file its refs reach, uses $dynamicRef or $recursiveRef. */
function reachesDynamicRef(named: NamedSchema, index: SchemaIndex): boolean {
  const { dynamic } = fileGraphOf(index);
  return reachableFiles(index, [named.resource]).some((resource) => dynamic.has(resource.file));
}

function chunkName(chunk: ValidatorChunk): string {
  return `validators_${chunk.dialect.replace(/[^A-Za-z0-9]/g, "_")}`;
}

export function emitModuleJs(domain: DomainModule, index: SchemaIndex): string {
  const runtimeImports = new Set<string>(["createAssert", "createStandardSchema"]);
  for (const chunk of domain.chunks) chunk.runtimeImports.forEach((name) => runtimeImports.add(name));
  const factories = domain.roots.map((named) => ({ named, fields: factoryFields(named, index) }));
  if (factories.some((factory) => factory.fields.length > 0)) {
    runtimeImports.add("createFactory");
    for (const { fields } of factories) {
      for (const field of fields) {
        if (field.expression === "randomUuid()") runtimeImports.add("randomUuid");
        if (field.expression === "currentTimestamp()") runtimeImports.add("currentTimestamp");
      }
    }
  }
  const dialectOfRoot = new Map(domain.roots.map((named) => [named, named.resource.dialect]));
  const guarded = new Set(domain.roots.filter((named) => reachesDynamicRef(named, index)));
  if (guarded.size > 0) runtimeImports.add("guardRecursion");
  const parts = [BANNER, `import { ${[...runtimeImports].sort(compareText).join(", ")} } from "../runtime.js";`];
  for (const chunk of domain.chunks) {
    parts.push(
      `// Ajv standalone code for the ${chunk.dialect} schemas of this module.\n` +
        `const ${chunkName(chunk)} = (() => {\nconst exports = {};\n${chunk.code}\nreturn exports;\n})();`,
    );
  }
  for (const named of domain.roots) {
    const chunk = domain.chunks.find((candidate) => candidate.dialect === dialectOfRoot.get(named))!;
    const name = named.name;
    const compiled = `${chunkName(chunk)}.validate${name}`;
    parts.push(
      [
        `export const validate${name} = ${guarded.has(named) ? `guardRecursion(${compiled})` : compiled};`,
        `export const assert${name} = createAssert(validate${name}, ${JSON.stringify(name)});`,
        `export const ${name}Schema = createStandardSchema(validate${name});`,
        `export const ${name}JsonSchema = ${jsonExpression(named.schema)};`,
      ].join("\n"),
    );
  }
  for (const { named, fields } of factories) if (fields.length > 0) parts.push(factoryValue(named, fields));
  for (const declaration of domain.declarations) {
    if (declaration.enumMembers) parts.push(enumConstantValue(declaration.named.name, declaration.enumMembers));
  }
  return asciiOnly(parts.join("\n\n") + "\n");
}

export function emitModuleDts(domain: DomainModule, index: SchemaIndex): string {
  const imports = new Map<string, Set<string>>();
  for (const declaration of domain.declarations) {
    for (const reference of declaration.references) {
      if (reference.module === domain.module) continue;
      const names = imports.get(reference.module) ?? new Set<string>();
      names.add(reference.name);
      imports.set(reference.module, names);
    }
  }
  const parts = [BANNER, `import type * as runtime from "../runtime.js";`];
  for (const module of [...imports.keys()].sort(compareText)) {
    const names = [...imports.get(module)!].sort(compareText);
    parts.push(`import type { ${names.join(", ")} } from "../${module}/index.js";`);
  }
  for (const declaration of domain.declarations) {
    parts.push(declaration.source.trim());
    if (declaration.enumMembers) parts.push(enumConstantDeclaration(declaration.named.name, declaration.enumMembers));
  }
  for (const named of domain.roots) {
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
