// The stages, top to bottom: load → check → name → emit types → emit validators → assemble files.
// Only load touches the disk; writing is the caller's choice (see write.ts).

import { checkSchemaSet } from "./check.js";
import type { GenerateOptions, ModelOptions } from "./config.js";
import { SchemagenError, sortDiagnostics } from "./diagnostics.js";
import { emitBundles } from "./emit/bundle.js";
import { emitManifest, modulePath } from "./emit/manifest.js";
import { emitModuleDts, emitModuleJs, type DomainModule } from "./emit/module.js";
import { emitRuntime } from "./emit/runtime.js";
import { emitTypeDeclaration } from "./emit/types.js";
import { emitValidatorChunks } from "./emit/validators.js";
import { BANNER } from "./emit/code.js";
import { formatDeclarations } from "./format.js";
import { loadSchemaSet, type SchemaSet } from "./load.js";
import { nameSchemas, type NamedSchema, type NameTable } from "./model/names.js";
import { DEFAULT_DIALECT } from "./model/dialect.js";
import { compareText } from "./model/order.js";
import { loadMappedFiles } from "./model/ref-map.js";
import { indexSchemaSet, type SchemaIndex } from "./model/resources.js";

export interface GeneratedFile {
  /** Path relative to the output folder, with forward slashes. */
  path: string;
  contents: string;
}

export interface SchemaModel {
  set: SchemaSet;
  index: SchemaIndex;
  names: NameTable;
}

/** Load and check a schemas folder (and the mapped files its refs reach); throws SchemagenError listing every problem. */
export async function buildSchemaModel(options: ModelOptions): Promise<SchemaModel> {
  const loaded = await loadSchemaSet(options.schemas);
  const defaultDialect = options.defaultDialect ?? DEFAULT_DIALECT;
  const mapped = await loadMappedFiles(loaded.files, options.refMaps ?? [], (files) => indexSchemaSet(files, options.baseUri, defaultDialect));
  const set = { ...loaded, files: mapped.files };
  const diagnostics = [...mapped.diagnostics, ...checkSchemaSet(set.files, mapped.index, defaultDialect)];
  if (diagnostics.length > 0) throw new SchemagenError(sortDiagnostics(diagnostics));
  return { set, index: mapped.index, names: nameSchemas(mapped.index) };
}

export async function generateFiles(options: GenerateOptions): Promise<GeneratedFile[]> {
  const { index, names } = await buildSchemaModel(options);
  return emitFiles(index, names);
}

export async function emitFiles(index: SchemaIndex, names: NameTable): Promise<GeneratedFile[]> {
  const byModule = new Map<string, NamedSchema[]>();
  for (const named of names.all) {
    const list = byModule.get(named.module) ?? [];
    list.push(named);
    byModule.set(named.module, list);
  }
  const modules = [...byModule.keys()].sort(compareText);
  const rootsByModule = new Map(modules.map((module) => [module, byModule.get(module)!.filter((named) => named.pointer === "")]));

  const validators = emitValidatorChunks(rootsByModule, index);
  if (validators.diagnostics.length > 0) throw new SchemagenError(sortDiagnostics(validators.diagnostics));

  const files: GeneratedFile[] = [];
  for (const module of modules) {
    const declarations = [];
    // Each file's root type, then its definitions, in path order.
    const ordered = [...byModule.get(module)!].sort(
      (a, b) => compareText(a.resource.file.path, b.resource.file.path) || compareText(a.pointer, b.pointer),
    );
    for (const named of ordered) declarations.push(await emitTypeDeclaration(named, index, names));
    const domain: DomainModule = {
      module,
      roots: rootsByModule.get(module)!,
      declarations,
      chunks: validators.chunks.get(module) ?? [],
    };
    files.push({ path: modulePath(module), contents: emitModuleJs(domain, index) });
    files.push({ path: modulePath(module).replace(/\.js$/, ".d.ts"), contents: await formatDeclarations(emitModuleDts(domain, index)) });
  }

  const runtime = await emitRuntime();
  files.push({ path: "runtime.js", contents: runtime.js }, { path: "runtime.d.ts", contents: runtime.dts });
  const reexports = modules.map((module) => `export * from "./${modulePath(module)}";`).join("\n");
  files.push(
    { path: "index.js", contents: `${BANNER}\nexport { ValidationError } from "./runtime.js";\n${reexports}\n` },
    {
      path: "index.d.ts",
      contents: `${BANNER}\nexport { ValidationError } from "./runtime.js";\nexport type { Validator, ValidationErrorObject, StandardSchemaV1, JsonSchema } from "./runtime.js";\n${reexports}\n`,
    },
    { path: "manifest.json", contents: emitManifest(names.all.filter((named) => named.pointer === "")) },
    ...emitBundles(names, index),
    // Makes the folder self-contained: copied anywhere, its .js files load as ES modules.
    { path: "package.json", contents: JSON.stringify({ type: "module", sideEffects: false }, null, 2) + "\n" },
  );
  return files.sort((a, b) => compareText(a.path, b.path));
}
