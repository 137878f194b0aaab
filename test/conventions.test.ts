import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildSchemaModel, resolveOptions } from "../codegen/index.js";
import { isSchemaObject, walkSubschemas } from "../codegen/model/walk.js";
import { REPO_ROOT } from "./helpers/cli.js";

const BASE = "https://schemas.analytics.example/";
const model = await buildSchemaModel(resolveOptions({ schemas: path.join(REPO_ROOT, "schemas") }));

describe("house conventions of the domain schemas", () => {
  it("every top-level schema has $id = base URI + path, a title, a description and examples", () => {
    const problems = model.index.files.flatMap((resource) => {
      const schema = resource.schema;
      if (!isSchemaObject(schema)) return [`${resource.file.path}: not an object`];
      const found: string[] = [];
      if (schema.$id !== BASE + resource.file.path) found.push(`${resource.file.path}: $id is ${String(schema.$id)}`);
      if (typeof schema.title !== "string") found.push(`${resource.file.path}: no title`);
      if (typeof schema.description !== "string") found.push(`${resource.file.path}: no description`);
      if (!Array.isArray(schema.examples) || schema.examples.length === 0) found.push(`${resource.file.path}: no examples`);
      return found;
    });
    expect(problems).toEqual([]);
  });

  it("every object schema says whether it is closed or open, and every property has a description", () => {
    const problems: string[] = [];
    for (const resource of model.index.files) {
      walkSubschemas(resource.schema, resource.dialect, ({ schema, pointer, via }) => {
        // Conditions (if/then/else, not, contains) narrow properties declared elsewhere; they declare none.
        if (!isSchemaObject(schema) || /\/(if|then|else|not|contains|dependentSchemas)(\/|$)/.test(pointer)) return undefined;
        if (via[0] === "properties" && typeof schema.description !== "string" && schema.const === undefined) {
          problems.push(`${resource.file.path}#${pointer}: property without a description`);
        }
        if (schema.type === "object" && schema.properties !== undefined && !/\b(Closed|Open)\b/.test(String(schema.description ?? ""))) {
          problems.push(`${resource.file.path}#${pointer}: object does not say whether it is closed or open`);
        }
        return undefined;
      });
    }
    expect(problems).toEqual([]);
  });

  it("every domain has at least four top-level schemas", () => {
    const perDomain = new Map<string, number>();
    for (const named of model.names.all.filter((candidate) => candidate.pointer === "" && candidate.module !== "common")) {
      perDomain.set(named.module, (perDomain.get(named.module) ?? 0) + 1);
    }
    expect([...perDomain.keys()].sort()).toEqual(["analytics", "ml", "monitoring", "realtime", "security", "tenant"]);
    for (const count of perDomain.values()) expect(count).toBeGreaterThanOrEqual(4);
  });
});
