// A rerun with nothing changed skips generation: the output of each input (schemas, options, generator version)
// is recorded by content hash, and the output folder is compared with that record. A rerun with some schemas
// changed redoes only the work they are part of (work-cache.ts).

import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { GenerateOptions } from "./config.js";
import type { SchemaSet } from "./load.js";
import { PACKAGE_ROOT } from "./package-root.js";
import { compareText } from "./model/order.js";
import { FILES_AT_ONCE, mapInParallel } from "./in-parallel.js";
import { listFiles } from "./write.js";
import type { WorkCache } from "./work-cache.js";

/** The packages whose code shapes the output; their versions are part of the fingerprint. */
const TOOL_PACKAGES = ["ajv", "ajv-formats", "ajv-draft-04", "json-schema-to-typescript", "@babel/parser", "meriyah", "astring"];

/**
 * Where records live: node_modules/.cache/schemagen of the nearest folder above the working one that has
 * node_modules (as Babel, ESLint and find-cache-dir do), so a read-only schemagen install still caches, and a
 * project without node_modules gets no folder created in it.
 */
export function cacheFolder(kind: "outputs" | "compiled"): string | undefined {
  for (let folder = process.cwd(); ; folder = path.dirname(folder)) {
    if (existsSync(path.join(folder, "node_modules"))) return path.join(folder, "node_modules/.cache/schemagen", kind);
    if (path.dirname(folder) === folder) return undefined;
  }
}

/** A package's version as this code resolves it, whatever its exports allow. */
function versionOf(name: string): string {
  try {
    let folder = path.dirname(createRequire(import.meta.url).resolve(name));
    for (;;) {
      const manifest = path.join(folder, "package.json");
      if (existsSync(manifest)) {
        const parsed = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string; version?: string };
        if (parsed.name === name) return parsed.version ?? "?";
      }
      if (path.dirname(folder) === folder) return "?";
      folder = path.dirname(folder);
    }
  } catch {
    return "?";
  }
}

function sha256(text: string | Buffer): string {
  return createHash("sha256").update(text).digest("hex");
}

let generator: Promise<string> | undefined;

/**
 * Hash of the generator: its own files, its tools' versions, and Node's (the work cache holds values as V8
 * serializes them). Read once a process.
 */
export function generatorFingerprint(): Promise<string> {
  return (generator ??= hashGenerator());
}

async function hashGenerator(): Promise<string> {
  const hash = createHash("sha256");
  // schemagen's own files: its built code when installed, its sources and build in the repository.
  const own: string[] = [];
  for (const entry of (await readdir(PACKAGE_ROOT)).sort(compareText)) {
    if (entry === "node_modules") continue;
    own.push(...((await stat(path.join(PACKAGE_ROOT, entry))).isDirectory() ? await listFiles(PACKAGE_ROOT, entry) : [entry]));
  }
  const contents = await mapInParallel(own, FILES_AT_ONCE, (file) => readFile(path.join(PACKAGE_ROOT, file)));
  own.forEach((file, at) => hash.update(file).update("\0").update(contents[at]!).update("\0"));
  for (const name of TOOL_PACKAGES) hash.update(name).update(versionOf(name));
  hash.update(process.version);
  return hash.digest("hex");
}

/** Hash of everything that decides the output: the generator, options and schemas. */
export async function inputFingerprint(set: SchemaSet, options: GenerateOptions): Promise<string> {
  const hash = createHash("sha256").update(await generatorFingerprint());
  hash.update(JSON.stringify({ baseUri: options.baseUri, defaultDialect: options.defaultDialect, refMaps: options.refMaps, errors: options.errors }));
  for (const file of set.files) hash.update(file.path).update("\0").update(file.text).update("\0");
  // Any file of a mapped folder may be reached by a ref, so all of them count.
  for (const map of options.refMaps) {
    const files = await listFiles(map.folder).catch(() => []);
    for (const file of files) hash.update(file).update("\0").update(await readFile(path.join(map.folder, file))).update("\0");
  }
  return hash.digest("hex");
}

/** True when the output folder holds exactly what this input produced last time. */
export async function outputMatchesRecord(out: string, fingerprint: string): Promise<boolean> {
  const cache = cacheFolder("outputs");
  if (cache === undefined) return false;
  const record = await readFile(path.join(cache, `${fingerprint}.json`), "utf8").catch(() => undefined);
  if (record === undefined) return false;
  const expected = JSON.parse(record) as Record<string, string>;
  const actual = await listFiles(out);
  if (actual.length !== Object.keys(expected).length) return false;
  if (actual.some((file) => expected[file] === undefined)) return false;
  const contents = await mapInParallel(actual, FILES_AT_ONCE, (file) => readFile(path.join(out, file)));
  return actual.every((file, at) => expected[file] === sha256(contents[at]!));
}

export async function recordOutput(fingerprint: string, files: { path: string; contents: string }[]): Promise<void> {
  const record = Object.fromEntries(files.map((file) => [file.path, sha256(file.contents)]));
  const cache = cacheFolder("outputs");
  if (cache === undefined) return;
  try {
    await mkdir(cache, { recursive: true });
    const temporary = path.join(cache, `${fingerprint}.${process.pid}.tmp`);
    await writeFile(temporary, JSON.stringify(record));
    await rename(temporary, path.join(cache, `${fingerprint}.json`));
  } catch {
    // A read-only install only loses the shortcut.
  }
}

/** The work cache (work-cache.ts) beside the records; none where there is no node_modules to keep it in. */
export async function openWorkCache(): Promise<WorkCache | undefined> {
  const folder = cacheFolder("compiled");
  return folder === undefined ? undefined : { folder, salt: await generatorFingerprint() };
}
