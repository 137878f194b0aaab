import { mkdtemp, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { diffOutput, writeOutput } from "../codegen/write.js";

describe("write: the output folder is replaced whole or not at all", () => {
  it("replaces the folder, removing files that are no longer generated", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "schemagen-write-"));
    const out = path.join(root, "generated");
    await mkdir(out);
    await writeFile(path.join(out, "stale.js"), "old");
    await writeOutput(out, [{ path: "a/index.js", contents: "new" }]);
    expect(await readdir(out)).toEqual(["a"]);
    expect(await readFile(path.join(out, "a/index.js"), "utf8")).toBe("new");
    expect(await readdir(root)).toEqual(["generated"]);
  });

  it("leaves the old folder and no temporary folder when writing fails midway", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "schemagen-write-"));
    const out = path.join(root, "generated");
    await mkdir(out);
    await writeFile(path.join(out, "keep.js"), "old");
    // "x" is both a file and the folder of "x/y.js": one of the two writes fails.
    await expect(
      writeOutput(out, [
        { path: "x", contents: "file" },
        { path: "x/y.js", contents: "child" },
      ]),
    ).rejects.toThrow(/ENOTDIR|EEXIST|EISDIR/);
    expect(await readdir(out)).toEqual(["keep.js"]);
    expect(await readdir(root)).toEqual(["generated"]);
  });

  it("diffs every file and reports missing, changed and extra ones", async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), "schemagen-diff-"));
    await writeFile(path.join(out, "same.js"), "1");
    await writeFile(path.join(out, "changed.js"), "old");
    await writeFile(path.join(out, "extra.js"), "");
    const drift = await diffOutput(out, [
      { path: "same.js", contents: "1" },
      { path: "changed.js", contents: "new" },
      { path: "missing.js", contents: "" },
    ]);
    expect(drift).toEqual([
      { path: "changed.js", state: "changed" },
      { path: "extra.js", state: "extra" },
      { path: "missing.js", state: "missing" },
    ]);
  });
});
