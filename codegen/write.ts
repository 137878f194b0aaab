// Stage 6: compare a generated file set with the output folder, and replace the folder as a whole.

import { mkdir, readdir, readFile, rename, rm, rmdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { GeneratedFile } from "./pipeline.js";
import { MESSAGES, SchemagenError } from "./diagnostics.js";
import { compareText } from "./model/order.js";
import { FILES_AT_ONCE, inParallel, mapInParallel } from "./in-parallel.js";

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
  const currents = await mapInParallel(files, FILES_AT_ONCE, (file) => readFile(path.join(out, file.path), "utf8").catch(() => undefined));
  files.forEach((file, at) => {
    if (currents[at] === undefined) drift.push({ path: file.path, state: "missing" });
    else if (currents[at] !== file.contents) drift.push({ path: file.path, state: "changed" });
  });
  for (const existing of await listFiles(out)) {
    if (!expected.has(existing)) drift.push({ path: existing, state: "extra" });
  }
  return drift.sort((a, b) => compareText(a.path, b.path));
}

// A crash at any instant leaves the output folder complete, old or new, like git's lock files: everything in flight
// lives in a work folder beside it (`.generated.schemagen/`, ignored by git through its own .gitignore), the new
// output is renamed to `new` only once every file is written, and the next run of any command finishes or undoes
// a swap that was cut short before it removes the work folder.

/** The work folder of an output folder. */
export function workFolderOf(out: string): string {
  const target = path.resolve(out);
  return path.join(path.dirname(target), `.${path.basename(target)}.schemagen`);
}

const exists = (file: string) => stat(file).then(() => true, () => false);

/** Test hook: a test sets it to a step's name to have the process kill itself (SIGKILL) right there. */
function crashPoint(step: "staged" | "complete" | "moved-old" | "moved-new"): void {
  if (process.env.SCHEMAGEN_TEST_KILL_AT === step) process.kill(process.pid, "SIGKILL");
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the work folder's lock; a lock left by a dead process is taken over. */
async function lock(work: string, out: string): Promise<() => Promise<void>> {
  const file = path.join(work, "lock");
  for (let attempt = 0; ; attempt++) {
    await mkdir(work, { recursive: true });
    try {
      await writeFile(file, `${process.pid}\n`, { flag: "wx" });
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw error;
      const holder = Number.parseInt(await readFile(file, "utf8").catch(() => ""), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
        throw new SchemagenError([{ code: "output-busy", severity: "error", file: out, message: MESSAGES["output-busy"](holder, work) }]);
      }
      await rm(file, { force: true });
    }
  }
}

/** Finishes or undoes a swap cut short (the lock held); `new` exists only once complete, so it wins over `old`. */
async function settle(target: string, work: string): Promise<void> {
  if (!(await exists(target))) {
    for (const candidate of ["new", "old"]) {
      if (await exists(path.join(work, candidate))) {
        await rename(path.join(work, candidate), target);
        break;
      }
    }
  }
  for (const entry of await readdir(work)) if (entry !== "lock" && entry !== ".gitignore") await rm(path.join(work, entry), { recursive: true, force: true });
  await settleLegacy(target);
}

/** Folders that versions before the work folder left beside the output: `generated.schemagen-{new,old}-<pid>-<time>`. */
async function settleLegacy(target: string): Promise<void> {
  const prefix = `${path.basename(target)}.schemagen-`;
  const siblings = (await readdir(path.dirname(target)).catch(() => [] as string[])).filter((name) => name.startsWith(prefix)).sort(compareText);
  const olds = siblings.filter((name) => name.startsWith(`${prefix}old-`));
  if (olds.length > 0 && !(await exists(target))) await rename(path.join(path.dirname(target), olds[olds.length - 1]!), target);
  for (const name of siblings) await rm(path.join(path.dirname(target), name), { recursive: true, force: true });
}

/** Makes the output folder whole again after a crash, and removes what the crash left. Cheap when nothing did. */
export async function recoverOutput(out: string): Promise<void> {
  const target = path.resolve(out);
  const work = workFolderOf(target);
  if (!(await exists(work))) {
    await settleLegacy(target);
    return;
  }
  let unlock: () => Promise<void>;
  try {
    unlock = await lock(work, out);
  } catch (error) {
    // Another run is writing right now; it settles the folder itself.
    if (error instanceof SchemagenError) return;
    throw error;
  }
  try {
    await settle(target, work);
  } finally {
    await release(target, work, unlock);
  }
}

/** Writes the set into the work folder, then swaps it in with two renames; see above for what a crash leaves. */
export async function writeOutput(out: string, files: GeneratedFile[]): Promise<void> {
  const target = path.resolve(out);
  const work = workFolderOf(target);
  await mkdir(work, { recursive: true });
  // Before anything else, so that git never lists the work folder.
  await writeFile(path.join(work, ".gitignore"), "# schemagen's work folder: staging and the previous output during a swap\n*\n");
  const unlock = await lock(work, out);
  const [partial, staged, previous] = ["partial", "new", "old"].map((name) => path.join(work, name)) as [string, string, string];
  try {
    await settle(target, work);
    for (const folder of new Set(files.map((file) => path.dirname(path.join(partial, file.path))))) await mkdir(folder, { recursive: true });
    // A few writes in flight keep libuv's threads busy: one at a time, 3000 small files took seconds of waiting.
    await inParallel(files, FILES_AT_ONCE, (file) => writeFile(path.join(partial, file.path), file.contents));
    crashPoint("staged");
    await rename(partial, staged);
    crashPoint("complete");
    const hadPrevious = await rename(target, previous).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return false;
        throw error;
      },
    );
    crashPoint("moved-old");
    try {
      await rename(staged, target);
    } catch (error) {
      if (hadPrevious) await rename(previous, target);
      throw error;
    }
    crashPoint("moved-new");
  } finally {
    await release(target, work, unlock);
  }
}

/** Removes the work folder, unless the output is missing: then what it holds is the output, for the next run to restore. */
async function release(target: string, work: string, unlock: () => Promise<void>): Promise<void> {
  const whole = await exists(target);
  if (whole) for (const entry of await readdir(work)) if (entry !== "lock") await rm(path.join(work, entry), { recursive: true, force: true });
  await unlock();
  if (whole) await rmdir(work).catch(() => {});
}
