// Refs to http(s) URLs resolve offline: by $id among the loaded files, or from a folder mapped to a URL prefix
// (--ref-map). Mapped files are read only when a ref reaches them, and are referred to, never exported.

import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mappedPath } from "../codegen/model/ref-map.js";
import { runCli } from "./helpers/cli.js";

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "schemagen-ref-map-"));
  await mkdir(path.join(work, "schemas"), { recursive: true });
  await mkdir(path.join(work, "vendor/schemastore"), { recursive: true });
  await mkdir(path.join(work, "vendor/unused"), { recursive: true });
  // A task schema that refers to its base by the published URL, without ".json", as SchemaStore's do.
  await writeFile(
    path.join(work, "schemas/cssmin-task.json"),
    JSON.stringify(
      {
        $schema: "http://json-schema.org/draft-07/schema#",
        $id: "https://json.schemastore.org/grunt-cssmin-task",
        title: "Cssmin task",
        type: "object",
        properties: { options: { $ref: "https://json.schemastore.org/grunt-task#/definitions/options" }, level: { $ref: "grunt-task#/definitions/level" } },
      },
      null,
      2,
    ),
  );
  await writeFile(
    path.join(work, "vendor/schemastore/grunt-task.json"),
    JSON.stringify({
      $schema: "http://json-schema.org/draft-07/schema#",
      definitions: { options: { type: "object", required: ["files"] }, level: { $ref: "levels.json" } },
    }),
  );
  await writeFile(path.join(work, "vendor/schemastore/levels.json"), JSON.stringify({ enum: [1, 2] }));
  await writeFile(path.join(work, "vendor/unused/broken.json"), "{ not json");
});
afterAll(() => rm(work, { recursive: true, force: true }));

const MAP = "https://json.schemastore.org/=vendor/schemastore/";

describe("--ref-map PREFIX=FOLDER", () => {
  it("resolves refs under the prefix from the folder, follows the mapped files' own refs, and exports only the user's schemas", async () => {
    const result = runCli(["generate", "--schemas", "schemas", "--out", "out", "--ref-map", MAP, "--ref-map", "https://other.example/=vendor/unused/"], { cwd: work });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const manifest = JSON.parse(await readFile(path.join(work, "out/manifest.json"), "utf8")) as { schemas: { source: string; validator: string; module: string }[] };
    expect(manifest.schemas.map((entry) => entry.source)).toEqual(["cssmin-task.json"]);
    const module = await import(pathToFileURL(path.join(work, "out", manifest.schemas[0]!.module)).href);
    const validate = module[manifest.schemas[0]!.validator] as ((data: unknown) => boolean) & { errors?: { instancePath: string; keyword: string }[] };
    expect(validate({ options: { files: [] }, level: 2 })).toBe(true);
    expect(validate({ options: {} })).toBe(false);
    expect(validate.errors![0]).toMatchObject({ instancePath: "/options", keyword: "required" });
    expect(validate({ options: { files: [] }, level: 3 })).toBe(false);
    expect(validate.errors![0]).toMatchObject({ instancePath: "/level", keyword: "enum" });
  });

  it("without the map, names each unresolved ref at its file:line:column and fetches nothing", () => {
    const result = runCli(["generate", "--schemas", "schemas", "--out", "out-unmapped"], { cwd: work });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('cssmin-task.json:8:7: error ref-unresolved at /properties/options/$ref: $ref "https://json.schemastore.org/grunt-task#/definitions/options" cannot be resolved');
    expect(result.stderr).toContain('cssmin-task.json:11:7: error ref-unresolved at /properties/level/$ref: $ref "grunt-task#/definitions/level"');
  });

  it("a map to a folder without the file leaves the ref unresolved, located", () => {
    const result = runCli(["generate", "--schemas", "schemas", "--out", "out-missing", "--ref-map", "https://json.schemastore.org/=vendor/unused/"], { cwd: work });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^cssmin-task\.json:8:7: error ref-unresolved/m);
  });

  it("a malformed mapped file is bad input, named by its path", async () => {
    await writeFile(path.join(work, "vendor/schemastore/levels.json"), "{ nope");
    const result = runCli(["generate", "--schemas", "schemas", "--out", "out-bad", "--ref-map", MAP], { cwd: work });
    await writeFile(path.join(work, "vendor/schemastore/levels.json"), JSON.stringify({ enum: [1, 2] }));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^vendor\/schemastore\/levels\.json:1:3: error json-malformed/m);
  });

  it("a flag that is not PREFIX=FOLDER is a usage error", () => {
    const result = runCli(["generate", "--ref-map", "vendor/"], { cwd: work });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("expected PREFIX=FOLDER");
  });

  it("never maps outside its folder", () => {
    const maps = [{ prefix: "https://x.example/", folder: "/srv/vendor" }];
    expect(mappedPath("https://x.example/a/b.json", maps)).toBe("/srv/vendor/a/b.json");
    expect(mappedPath("https://x.example/%2e%2e%2fetc%2fpasswd", maps)).toBeUndefined();
    expect(mappedPath("https://y.example/a.json", maps)).toBeUndefined();
  });
});
