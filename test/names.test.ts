// Exported names are stable: a schema added later never takes a name that already means another schema.

import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";

const schema = (id: string, title: string, extra: object = {}) =>
  JSON.stringify({ $schema: "https://json-schema.org/draft/2020-12/schema", $id: `https://names.example/${id}`, title, description: `${title}.`, ...extra }, null, 2) + "\n";

const UUID = { type: "string", format: "uuid", examples: ["0b8e7a9e-3c1d-4f2a-9a7b-1c2d3e4f5a6b"] };
const ANY_TEXT = { type: "string", examples: ["not-a-uuid"] };

async function project(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), "schemagen-names-"));
  for (const [file, text] of Object.entries(files)) {
    const target = path.join(root, "schemas", file);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, text);
  }
  return root;
}

const generate = (root: string) => runCli(["generate", "--schemas", "schemas", "--out", "generated", "--base-uri", "https://names.example/"], { cwd: root });
const manifestNames = async (root: string) => JSON.parse(await readFile(path.join(root, "generated/manifest.json"), "utf8")).names as Record<string, string>;

describe("names: a newcomer never takes an existing name", () => {
  let root: string;
  beforeAll(async () => {
    root = await project({
      "common/uuid.json": schema("common/uuid.json", "Uuid", { ...UUID, $defs: { Version: { title: "Uuid version", type: "integer", minimum: 1, maximum: 8 } } }),
      "common/text.json": schema("common/text.json", "Text", { type: "string" }),
    });
    expect(generate(root).status).toBe(0);
    // Sorts before uuid.json, so in path order it would come first and take both names.
    await writeFile(
      path.join(root, "schemas/common/bad.json"),
      schema("common/bad.json", "Uuid", { ...ANY_TEXT, $defs: { Version: { title: "Uuid version", type: "string" } } }),
    );
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("keeps Uuid for common/uuid.json, gives the newcomer its qualified name and warns at its title", async () => {
    const result = generate(root);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(
      "common/bad.json:4:3: warning name-collision at /title: would be named Uuid, which common/uuid.json already exports (kept from the previous output); " +
        "exported as CommonUuid. Give one of them a distinct title to choose the name\n",
    );
    expect(await manifestNames(root)).toMatchObject({
      "common/uuid.json#": "Uuid",
      "common/uuid.json#/$defs/Version": "UuidVersion",
      "common/bad.json#": "CommonUuid",
      "common/bad.json#/$defs/Version": "CommonUuidUuidVersion",
    });
    const module = await import(pathToFileURL(path.join(root, "generated/index.js")).href);
    expect(module.validateUuid("not-a-uuid")).toBe(false);
    expect(module.validateUuid("0b8e7a9e-3c1d-4f2a-9a7b-1c2d3e4f5a6b")).toBe(true);
    expect(module.validateCommonUuid("not-a-uuid")).toBe(true);
    const declarations = await readFile(path.join(root, "generated/common/uuid.d.ts"), "utf8");
    expect(declarations).toMatch(/export type UuidVersion = number;/);
  });

  it("check agrees with the output generate wrote, and lint reports the collision as a warning (exit 0)", () => {
    expect(runCli(["check", "--schemas", "schemas", "--out", "generated", "--base-uri", "https://names.example/"], { cwd: root }).status).toBe(0);
    const lint = runCli(["lint", "--schemas", "schemas"], { cwd: root });
    expect(lint.stdout).toContain(
      "common/bad.json:4:3: warning name-collision at /title: would be named Uuid, which common/uuid.json already exports (kept from the previous output)",
    );
    expect(lint.stdout).toContain("0 error(s), 3 warning(s)");
    expect(lint.status).toBe(0);
  });

  it("without a previous output, path order decides and the schema that yields is named", async () => {
    const fresh = runCli(["generate", "--schemas", "schemas", "--out", "fresh", "--base-uri", "https://names.example/"], { cwd: root });
    expect(fresh.status).toBe(0);
    expect(fresh.stderr).toContain("common/uuid.json:4:3: warning name-collision at /title: would be named Uuid, which common/bad.json takes (it comes first); exported as CommonUuid.");
    const names = JSON.parse(await readFile(path.join(root, "fresh/manifest.json"), "utf8")).names;
    expect(names["common/bad.json#"]).toBe("Uuid");
    expect(names["common/uuid.json#"]).toBe("CommonUuid");
  });

  it("a retitled schema changes its name, and diff reports that as breaking, naming the schema that now holds the old name", async () => {
    const before = path.join(root, "before");
    await cp(path.join(root, "schemas"), before, { recursive: true });
    await rm(path.join(before, "common/bad.json"));
    const uuid = path.join(root, "schemas/common/uuid.json");
    await writeFile(uuid, (await readFile(uuid, "utf8")).replace('"title": "Uuid"', '"title": "Identifier"'));
    const diff = runCli(["diff", "before", "schemas"], { cwd: root });
    expect(diff.stdout).toContain("common/uuid.json:4:3: breaks backward+forward name-changed at Identifier: exported as Identifier, was Uuid; Uuid now names common/bad.json\n");
    expect(diff.stdout).toContain("common/bad.json:1:1: compatible schema-added at Uuid");
    expect(diff.status).toBe(1);
  });
});
