import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generateFiles, resolveOptions } from "../codegen/index.js";
import { listFiles } from "../codegen/write.js";
import { REPO_ROOT } from "./helpers/cli.js";

// runtime.js is a bundle of pinned dependencies; it is tested by the standalone-import tests instead.
const NOT_GOLDEN = new Set(["runtime.js"]);
const CASES = path.join(REPO_ROOT, "test/fixtures/codegen");
const update = process.env.UPDATE_GOLDEN === "1";

describe("generated output (golden files under test/fixtures/codegen/<case>/expected)", async () => {
  const cases = (await readdir(CASES)).sort();

  for (const name of cases) {
    it(`${name}: matches the committed expected output`, async () => {
      const files = (await generateFiles(resolveOptions({ schemas: path.join(CASES, name, "schemas") }))).filter(
        (file) => !NOT_GOLDEN.has(file.path),
      );
      const expectedFolder = path.join(CASES, name, "expected");
      if (update) {
        await rm(expectedFolder, { recursive: true, force: true });
        for (const file of files) {
          await mkdir(path.dirname(path.join(expectedFolder, file.path)), { recursive: true });
          await writeFile(path.join(expectedFolder, file.path), file.contents);
        }
      }
      expect(files.map((file) => file.path)).toEqual(await listFiles(expectedFolder));
      for (const file of files) {
        const expected = await readFile(path.join(expectedFolder, file.path), "utf8");
        expect(file.contents, `${file.path} differs; run \`npm run test:update\` if the change is intended`).toBe(expected);
      }
    });

    it(`${name}: is byte-identical when generated twice`, async () => {
      const options = resolveOptions({ schemas: path.join(CASES, name, "schemas") });
      const first = await generateFiles(options);
      const second = await generateFiles(options);
      expect(second).toEqual(first);
    });
  }
});
