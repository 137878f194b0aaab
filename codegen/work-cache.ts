// Work kept from earlier runs, by a hash of the generator (its code, its tools' versions, Node's) and of everything
// the work reads: which files passed their metaschema (check.ts), each compile unit's module pieces
// (emit/validators.ts), each schema file's declarations as json-schema-to-typescript printed them (emit/types.ts)
// and each module's .d.ts as format.ts laid it out (pipeline.ts). A rerun after editing one schema of a large
// folder then redoes only what that file is part of. Synchronous: compile threads read and write it between compiles.

import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { deserialize, serialize } from "node:v8";

export interface WorkCache {
  folder: string;
  /** The generator's fingerprint (cache.ts generatorFingerprint). */
  salt: string;
}

/** What the folder may hold before the least recently used entries go (a full generate of 148 SchemaStore schemas writes about 50 MB). */
export const WORK_CACHE_MAX_BYTES = 512 * 1024 * 1024;

/** The file that keeps the work `parts` describe: named by their hash with the generator's. */
export function workEntry(cache: WorkCache, parts: string[]): string {
  const hash = createHash("sha256").update(cache.salt);
  for (const part of parts) hash.update("\0").update(part);
  return path.join(cache.folder, `${hash.digest("hex")}.bin`);
}

/**
 * The value kept in `file` (workEntry) when it is of the shape `isValue` checks, or undefined: no cache, none kept,
 * or unreadable (then the work is done again and kept anew).
 */
export function readWork<T>(file: string | undefined, isValue: (value: unknown) => value is T): T | undefined {
  if (file === undefined) return undefined;
  let value: unknown;
  try {
    value = deserialize(readFileSync(file));
  } catch {
    return undefined;
  }
  if (!isValue(value)) return undefined;
  try {
    // Recently used, for pruneWorkCache.
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // A read-only cache still serves.
  }
  return value;
}

/** Keeps a value in `file` (workEntry; none: no cache) whole or not at all: written beside, then renamed into place. */
export function writeWork(file: string | undefined, value: unknown): void {
  if (file === undefined) return;
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(temporary, serialize(value));
    renameSync(temporary, file);
  } catch {
    // A read-only or full disk only loses the shortcut.
    try {
      unlinkSync(temporary);
    } catch {
      // Never written.
    }
  }
}

/** Drops the least recently used entries until the folder holds at most `maxBytes`, and temporaries a crash left. */
export function pruneWorkCache(folder: string, maxBytes = WORK_CACHE_MAX_BYTES): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  const entries: { file: string; bytes: number; used: number }[] = [];
  const hourAgo = Date.now() - 3600_000;
  for (const name of names) {
    const file = path.join(folder, name);
    try {
      const stats = statSync(file);
      if (name.endsWith(".tmp")) {
        if (stats.mtimeMs < hourAgo) unlinkSync(file);
      } else if (name.endsWith(".bin")) {
        entries.push({ file, bytes: stats.size, used: stats.mtimeMs });
      }
    } catch {
      // Gone meanwhile (another run pruned it).
    }
  }
  let total = entries.reduce((sum, entry) => sum + entry.bytes, 0);
  entries.sort((a, b) => a.used - b.used || (a.file < b.file ? -1 : 1));
  for (const entry of entries) {
    if (total <= maxBytes) break;
    try {
      unlinkSync(entry.file);
    } catch {
      // Another run took it.
    }
    total -= entry.bytes;
  }
}

export const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === "string");
