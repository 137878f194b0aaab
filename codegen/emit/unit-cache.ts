// Each compile unit's module pieces, kept by a hash of everything its compile reads: the generator (its code, its
// tools' versions, Node's), the unit's dialect and error mode, and each file it registers as Ajv gets it (the copy
// normalize/for-ajv.ts prepares, so an edited description or title compiles nothing) with the module its code goes
// to. A rerun after editing one schema of a large folder compiles only the units that file is part of.
// Synchronous: compile threads read and write it between compiles.

import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { deserialize, serialize } from "node:v8";
import type { ModulePiece } from "./passes/split.js";

export interface UnitCache {
  folder: string;
  /** The generator's fingerprint (cache.ts generatorFingerprint). */
  salt: string;
}

/** What the folder may hold before the least recently used entries go (a full generate of 148 SchemaStore schemas writes about 60 MB). */
export const UNIT_CACHE_MAX_BYTES = 512 * 1024 * 1024;

export function unitCacheKey(cache: UnitCache, parts: string[]): string {
  const hash = createHash("sha256").update(cache.salt);
  for (const part of parts) hash.update("\0").update(part);
  return hash.digest("hex");
}

const entryPath = (cache: UnitCache, key: string) => path.join(cache.folder, `${key}.bin`);

const isStringArray = (value: unknown) => Array.isArray(value) && value.every((item) => typeof item === "string");

function isPieces(value: unknown): value is Map<string, ModulePiece> {
  if (!(value instanceof Map)) return false;
  for (const [home, piece] of value) {
    if (typeof home !== "string" || piece === null || typeof piece !== "object") return false;
    const { code, imports, exports, runtimeImports, validators } = piece as Record<string, unknown>;
    if (typeof code !== "string" || !(imports instanceof Map) || !(validators instanceof Map) || !isStringArray(exports) || !isStringArray(runtimeImports)) return false;
  }
  return true;
}

/** The pieces stored under `key`, or undefined: none stored, or unreadable (then compiled again and stored anew). */
export function readUnitPieces(cache: UnitCache, key: string): Map<string, ModulePiece> | undefined {
  const file = entryPath(cache, key);
  let value: unknown;
  try {
    value = deserialize(readFileSync(file));
  } catch {
    return undefined;
  }
  if (!isPieces(value)) return undefined;
  try {
    // Recently used, for pruneUnitCache.
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // A read-only cache still serves.
  }
  return value;
}

/** Stores pieces whole or not at all: written beside, then renamed into place. */
export function writeUnitPieces(cache: UnitCache, key: string, pieces: Map<string, ModulePiece>): void {
  const file = entryPath(cache, key);
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(cache.folder, { recursive: true });
    writeFileSync(temporary, serialize(pieces));
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
export function pruneUnitCache(folder: string, maxBytes = UNIT_CACHE_MAX_BYTES): void {
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
