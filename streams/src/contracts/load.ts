// Loading generated validators from a contracts folder (the analytics-schemas package, or a project's own generated/
// folder) through its manifest.json. The only module besides the transport that touches the disk.

import { createRequire } from "node:module";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Contract, Validator } from "../core/contract.js";
import { findManifestEntry, resolveManifestEntry, type ManifestEntry } from "./catalog.js";

export class ContractsFolderError extends Error {
  override name = "ContractsFolderError";
}

export interface ContractsFolder {
  folder: string;
  entries: ManifestEntry[];
  /** Imports the schema's module; throws UnknownSchemaError (with close matches) for a name the manifest lacks. */
  load(ref: string): Promise<Contract>;
  /** Imports every schema, for routing by a value only known per entry; returns a synchronous lookup. */
  loadAll(): Promise<(ref: string) => Contract | undefined>;
}

/** The analytics-schemas package as resolved from `cwd`, else `cwd`/generated. */
export function defaultContractsFolder(cwd: string): string {
  try {
    return path.dirname(createRequire(path.join(cwd, "package.json")).resolve("analytics-schemas/manifest.json"));
  } catch {
    return path.join(cwd, "generated");
  }
}

export async function openContractsFolder(folder: string): Promise<ContractsFolder> {
  const manifestPath = path.join(folder, "manifest.json");
  let text: string;
  try {
    text = await readFile(manifestPath, "utf8");
  } catch (error) {
    throw new ContractsFolderError(`cannot read ${manifestPath}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message} (--contracts names a folder with a schemagen manifest.json)`);
  }
  let entries: ManifestEntry[];
  try {
    entries = (JSON.parse(text) as { schemas: ManifestEntry[] }).schemas;
    if (!Array.isArray(entries)) throw new Error("no 'schemas' list");
  } catch (error) {
    throw new ContractsFolderError(`${manifestPath} is not a schemagen manifest: ${(error as Error).message}`);
  }
  const modules = new Map<string, Promise<Record<string, unknown>>>();
  const importEntry = async (entry: ManifestEntry): Promise<Contract> => {
    const file = path.join(folder, entry.module);
    if (!modules.has(file)) modules.set(file, import(pathToFileURL(file).href) as Promise<Record<string, unknown>>);
    const module = await modules.get(file)!;
    const validate = module[entry.validator];
    if (typeof validate !== "function") throw new ContractsFolderError(`${file} does not export ${entry.validator}`);
    const assert = entry.assert === undefined ? undefined : module[entry.assert];
    return { name: entry.type, id: entry.id, validate: validate as Validator, assert: typeof assert === "function" ? (assert as (data: unknown) => void) : undefined };
  };
  return {
    folder,
    entries,
    load: (ref) => importEntry(resolveManifestEntry(entries, ref)),
    async loadAll() {
      const contracts = new Map<ManifestEntry, Contract>();
      for (const entry of entries) contracts.set(entry, await importEntry(entry));
      return (ref) => {
        const entry = findManifestEntry(entries, ref);
        return entry === undefined ? undefined : contracts.get(entry);
      };
    },
  };
}
