// A rerun with nothing changed skips generation: the output of each input (schemas, options, generator version)
// is recorded by content hash, and the output folder is compared with that record.

import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { GenerateOptions } from "./config.js";
import type { SchemaSet } from "./load.js";
import { PACKAGE_ROOT } from "./package-root.js";
import { listFiles } from "./write.js";

const CACHE = path.join(PACKAGE_ROOT, "node_modules/.cache/schemagen/outputs");
const TOOL_PACKAGES = ["ajv", "ajv-formats", "json-schema-to-typescript", "prettier", "esbuild"];

function sha256(text: string | Buffer): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Hash of everything that decides the output: the generator's source, its tools' versions, options and schemas. */
export async function inputFingerprint(set: SchemaSet, options: GenerateOptions): Promise<string> {
  const hash = createHash("sha256");
  const codegen = path.join(PACKAGE_ROOT, "codegen");
  for (const file of await listFiles(codegen)) hash.update(file).update("\0").update(await readFile(path.join(codegen, file))).update("\0");
  for (const name of TOOL_PACKAGES) {
    const manifest = await readFile(path.join(PACKAGE_ROOT, "node_modules", name, "package.json"), "utf8").catch(() => "");
    hash.update(name).update((JSON.parse(manifest || "{}") as { version?: string }).version ?? "?");
  }
  hash.update(JSON.stringify({ baseUri: options.baseUri, defaultDialect: options.defaultDialect, refMaps: options.refMaps }));
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
  const record = await readFile(path.join(CACHE, `${fingerprint}.json`), "utf8").catch(() => undefined);
  if (record === undefined) return false;
  const expected = JSON.parse(record) as Record<string, string>;
  const actual = await listFiles(out);
  if (actual.length !== Object.keys(expected).length) return false;
  for (const file of actual) {
    if (expected[file] !== sha256(await readFile(path.join(out, file)))) return false;
  }
  return true;
}

export async function recordOutput(fingerprint: string, files: { path: string; contents: string }[]): Promise<void> {
  const record = Object.fromEntries(files.map((file) => [file.path, sha256(file.contents)]));
  try {
    await mkdir(CACHE, { recursive: true });
    const temporary = path.join(CACHE, `${fingerprint}.${process.pid}.tmp`);
    await writeFile(temporary, JSON.stringify(record));
    await rename(temporary, path.join(CACHE, `${fingerprint}.json`));
  } catch {
    // A read-only install only loses the shortcut.
  }
}
