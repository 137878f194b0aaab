import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { emitDocs } from "../codegen/emit/docs.js";
import { buildSchemaModel, generateFiles, resolveOptions } from "../codegen/index.js";
import { compareText } from "../codegen/model/order.js";
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
      const options = resolveOptions({ schemas: path.join(CASES, name, "schemas") });
      const generated = (await generateFiles(options)).filter((file) => !NOT_GOLDEN.has(file.path));
      // The Markdown reference too: prose lands there as well as in comments and strings.
      const model = await buildSchemaModel(options);
      const docs = emitDocs(model.names, model.index).map((file) => ({ path: `docs/${file.path}`, contents: file.contents }));
      const files = [...generated, ...docs].sort((a, b) => compareText(a.path, b.path));
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
