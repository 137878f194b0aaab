// Stage 6: compare a generated file set with the output folder, and replace the folder as a whole.

import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { GeneratedFile } from "./pipeline.js";
import { compareText } from "./model/order.js";

export type DriftState = "missing" | "changed" | "extra";

export interface Drift {
  path: string;
  state: DriftState;
}

/** Every file under a folder, as sorted relative paths with forward slashes; none when the folder is missing. */
export async function listFiles(folder: string, prefix = ""): Promise<string[]> {
  const entries = await readdir(path.join(folder, prefix), { withFileTypes: true }).catch(() => []);
  const found: string[] = [];
  for (const entry of entries) {
    const relativePath = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...(await listFiles(folder, relativePath)));
    else found.push(relativePath);
  }
  return found.sort(compareText);
}

/** Every difference between the file set and the folder; never stops at the first. */
export async function diffOutput(out: string, files: GeneratedFile[]): Promise<Drift[]> {
  const drift: Drift[] = [];
  const expected = new Set(files.map((file) => file.path));
  for (const file of files) {
    const current = await readFile(path.join(out, file.path), "utf8").catch(() => undefined);
    if (current === undefined) drift.push({ path: file.path, state: "missing" });
    else if (current !== file.contents) drift.push({ path: file.path, state: "changed" });
  }
  for (const existing of await listFiles(out)) {
    if (!expected.has(existing)) drift.push({ path: existing, state: "extra" });
  }
  return drift.sort((a, b) => compareText(a.path, b.path));
}

/**
 * Writes the set into a sibling temporary folder, then swaps it in with renames, so a crash leaves either the
 * old output or the new one, never a mix.
 */
export async function writeOutput(out: string, files: GeneratedFile[]): Promise<void> {
  const target = path.resolve(out);
  const suffix = `${process.pid}-${Date.now()}`;
  const staging = `${target}.schemagen-new-${suffix}`;
  const previous = `${target}.schemagen-old-${suffix}`;
  await mkdir(path.dirname(target), { recursive: true });
  try {
    for (const file of files) {
      const destination = path.join(staging, file.path);
      await mkdir(path.dirname(destination), { recursive: true });
      await writeFile(destination, file.contents);
    }
    const hadPrevious = await rename(target, previous).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return false;
        throw error;
      },
    );
    try {
      await rename(staging, target);
    } catch (error) {
      if (hadPrevious) await rename(previous, target);
      throw error;
    }
    if (hadPrevious) await rm(previous, { recursive: true, force: true });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
