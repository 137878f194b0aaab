// OLD and NEW for `schemagen diff`: a folder as it is on disk, or the schemas folder of a git commit, read into a
// temporary folder so that both sides go through the same load and check stages.

import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { MESSAGES, SchemagenError } from "../diagnostics.js";

export interface SchemaSource {
  /** How the user named it: a folder or a git ref. */
  label: string;
  /** The schemas folder to load. */
  folder: string;
  kind: "folder" | "git";
  /** The schemas folder as a path from the working directory, for annotations. */
  displayFolder: string;
  dispose(): Promise<void>;
}

const isDirectory = async (folder: string) => (await stat(folder).catch(() => undefined))?.isDirectory() ?? false;

/** A folder is used as the schemas folder itself, unless it holds `schemasPath` (`.` is the repository root). */
export async function openSchemaSource(argument: string, schemasPath: string, cwd = process.cwd()): Promise<SchemaSource> {
  const onDisk = path.resolve(cwd, argument);
  if (await isDirectory(onDisk)) {
    const nested = path.join(onDisk, schemasPath);
    const folder = (await isDirectory(nested)) ? nested : onDisk;
    return { label: argument, folder, kind: "folder", displayFolder: toDisplay(path.relative(cwd, folder)), dispose: async () => {} };
  }
  return readGitRef(argument, schemasPath, cwd);
}

function toDisplay(relative: string): string {
  return relative.split(path.sep).join("/") || ".";
}

function git(args: string[], cwd: string): Buffer {
  return execFileSync("git", args, { cwd, stdio: ["ignore", "pipe", "pipe"], maxBuffer: 256 * 1024 * 1024 });
}

async function readGitRef(ref: string, schemasPath: string, cwd: string): Promise<SchemaSource> {
  let commit: string;
  try {
    commit = git(["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`], cwd).toString().trim();
  } catch (error) {
    const reason = (error as { code?: string }).code === "ENOENT" ? "git is not installed" : `no such folder, and git knows no commit "${ref}" here`;
    throw new SchemagenError([{ code: "diff-source-unknown", severity: "error", message: MESSAGES["diff-source-unknown"](ref, reason) }]);
  }
  const prefix = schemasPath.replace(/\\/g, "/").replace(/^\.\//, "").replace(/\/+$/, "");
  const listed = git(["ls-tree", "-r", "-z", "--name-only", commit, "--", prefix], cwd)
    .toString("utf8")
    .split("\0")
    .filter((name) => name.endsWith(".json"));
  if (listed.length === 0) {
    throw new SchemagenError([{ code: "diff-source-empty", severity: "error", message: MESSAGES["diff-source-empty"](ref, prefix) }]);
  }
  const folder = await mkdtemp(path.join(os.tmpdir(), "schemagen-diff-"));
  try {
    for (const name of listed) {
      const relative = path.posix.relative(prefix, name);
      const target = path.join(folder, ...relative.split("/"));
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, git(["cat-file", "blob", `${commit}:./${name}`], cwd));
    }
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
  return { label: ref, folder, kind: "git", displayFolder: prefix, dispose: () => rm(folder, { recursive: true, force: true }) };
}
