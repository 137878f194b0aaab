// Lint rules: each has a stable id, a severity and one check. The README's table lists them.

import { createRequire } from "node:module";
import { jsonKey } from "../model/json-key.js";
import type { SchemaModel } from "../pipeline.js";
import { DIALECT_RULES } from "../model/dialect.js";
import { compareText } from "../model/order.js";
import { joinPointer } from "../model/pointer.js";
import { collisionDiagnostic, rootCollisions } from "../model/names.js";
import { resolveRef, type FileResource } from "../model/resources.js";
import { isSchemaObject, walkSubschemas, type SchemaObject } from "../model/walk.js";

export type LintSeverity = "error" | "warning";

export interface LintFinding {
  rule: string;
  severity: LintSeverity;
  file: string;
  pointer: string;
  message: string;
}

export interface LintContext {
  model: SchemaModel;
  /** Verdict of the schema's own validator (Ajv in process, the generator's options) on one of its examples. */
  validateExample(resource: FileResource, example: unknown): string | undefined;
  /** Ajv's strict-mode type warnings that point at a subschema, other than those type-conflict reports. */
  strictTypeWarnings: Omit<LintFinding, "rule" | "severity">[];
  /** Files Ajv cannot compile with the generator's options, at the subschema that fails. */
  compileFailures: Omit<LintFinding, "rule" | "severity">[];
}

export interface LintRule {
  id: string;
  severity: LintSeverity;
  description: string;
  /** A finding may lower its severity (a check that could not run is a warning, whatever the rule's severity). */
  check(context: LintContext): (Omit<LintFinding, "rule" | "severity"> & { severity?: LintSeverity })[];
}

type Recheck = typeof import("recheck");

/**
 * recheck is an optional peer dependency: with its native checker it is 56 MB of an 88 MB install, and only this
 * rule uses it. The validators never need it (long strings go to a linear-time matcher); Python's `re` does.
 */
function loadRecheck(): Recheck | undefined {
  try {
    return createRequire(import.meta.url)("recheck") as Recheck;
  } catch {
    return undefined;
  }
}

const KNOWN_KEYWORDS = new Set(
  ("$schema $id $ref $defs $anchor $dynamicRef $dynamicAnchor $recursiveRef $recursiveAnchor $comment $vocabulary definitions " +
    "allOf anyOf oneOf not if then else dependentSchemas dependencies prefixItems items additionalItems contains properties " +
    "patternProperties additionalProperties propertyNames unevaluatedItems unevaluatedProperties type enum const multipleOf " +
    "maximum exclusiveMaximum minimum exclusiveMinimum maxLength minLength pattern maxItems minItems uniqueItems maxContains " +
    "minContains maxProperties minProperties required dependentRequired title description default deprecated readOnly " +
    "writeOnly examples format contentEncoding contentMediaType contentSchema discriminator").split(" "),
);

const KEYWORD_TYPES: Record<string, string[]> = {
  properties: ["object"], patternProperties: ["object"], additionalProperties: ["object"], required: ["object"],
  minProperties: ["object"], maxProperties: ["object"], propertyNames: ["object"], dependentRequired: ["object"],
  items: ["array"], prefixItems: ["array"], minItems: ["array"], maxItems: ["array"], uniqueItems: ["array"], contains: ["array"],
  minLength: ["string"], maxLength: ["string"], pattern: ["string"], format: ["string"],
  minimum: ["number", "integer"], maximum: ["number", "integer"], exclusiveMinimum: ["number", "integer"],
  exclusiveMaximum: ["number", "integer"], multipleOf: ["number", "integer"],
};

/** Subschemas that narrow properties declared elsewhere rather than declaring them. */
const CONDITION = /\/(if|then|else|not|contains|dependentSchemas)(\/|$)/;

/** The files the user's folder holds: mapped files that refs reach are someone else's to lint. */
function ownFiles(model: SchemaModel): FileResource[] {
  return model.index.files.filter((resource) => !resource.external);
}

function compilesAsRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern, "u");
    return true;
  } catch {
    return false;
  }
}

function eachSubschema(model: SchemaModel, visit: (resource: FileResource, schema: SchemaObject, pointer: string, via: string[]) => void): void {
  for (const resource of ownFiles(model)) {
    walkSubschemas(resource.schema, resource.dialect, ({ schema, pointer, via }) => {
      if (isSchemaObject(schema)) visit(resource, schema, pointer, via);
      return undefined;
    });
  }
}

function collect(model: SchemaModel, find: (resource: FileResource, schema: SchemaObject, pointer: string, via: string[]) => [string, string][]) {
  const found: Omit<LintFinding, "rule" | "severity">[] = [];
  eachSubschema(model, (resource, schema, pointer, via) => {
    for (const [at, message] of find(resource, schema, pointer, via)) found.push({ file: resource.file.path, pointer: at, message });
  });
  return found;
}

export const LINT_RULES: LintRule[] = [
  {
    id: "unknown-keyword",
    severity: "error",
    description: "A keyword no supported dialect defines (a typo such as `requried`); extension keywords start with `x-`.",
    check: ({ model }) =>
      collect(model, (resource, schema, pointer) =>
        Object.keys(schema)
          .filter((keyword) => !KNOWN_KEYWORDS.has(keyword) && !keyword.startsWith("x-") && keyword !== DIALECT_RULES[resource.dialect].idKeyword)
          .map((keyword) => [joinPointer(pointer, keyword), `unknown keyword "${keyword}"`]),
      ),
  },
  {
    id: "type-conflict",
    severity: "error",
    description: "A keyword that only applies to another type than the schema's declared `type`, so it can never apply.",
    check: ({ model }) =>
      collect(model, (_resource, schema, pointer) => {
        const declared = Array.isArray(schema.type) ? schema.type : typeof schema.type === "string" ? [schema.type] : undefined;
        if (!declared) return [];
        return Object.keys(schema)
          .filter((keyword) => KEYWORD_TYPES[keyword] && !KEYWORD_TYPES[keyword]!.some((type) => declared.includes(type)))
          .map((keyword) => [joinPointer(pointer, keyword), `"${keyword}" applies to ${KEYWORD_TYPES[keyword]!.join(" or ")}, but type is ${declared.join(" or ")}`]);
      }),
  },
  {
    id: "unreachable-keyword",
    severity: "error",
    description: "A keyword that can never take effect: `then`/`else` without `if`, `if` alone, `additionalItems` beside a non-array `items`, `minContains`/`maxContains` without `contains`.",
    check: ({ model }) =>
      collect(model, (resource, schema, pointer) => {
        const found: [string, string][] = [];
        const at = (keyword: string, message: string) => found.push([joinPointer(pointer, keyword), message]);
        for (const keyword of ["then", "else"]) if (keyword in schema && !("if" in schema)) at(keyword, `"${keyword}" without "if" is ignored`);
        if ("if" in schema && !("then" in schema) && !("else" in schema)) at("if", `"if" without "then" or "else" has no effect`);
        if ("additionalItems" in schema && resource.dialect !== "2020-12" && !Array.isArray(schema.items)) {
          at("additionalItems", `"additionalItems" is ignored when "items" is not an array of schemas`);
        }
        for (const keyword of ["minContains", "maxContains"]) if (keyword in schema && !("contains" in schema)) at(keyword, `"${keyword}" without "contains" is ignored`);
        return found;
      }),
  },
  {
    id: "name-collision",
    severity: "warning",
    description: "Two schema files ask for the same exported name; the one that had it in the previous output (or comes first) keeps it, the other gets its folder-qualified name.",
    check: ({ model }) => rootCollisions(model.names).map((collision) => {
      const { file, pointer, message } = collisionDiagnostic(collision);
      return { file: file!, pointer: pointer!, message };
    }),
  },
  {
    id: "ajv-compile",
    severity: "error",
    description: "The schema compiles with the generator's own Ajv options; what fails here fails `schemagen generate` at the same place.",
    check: ({ model, compileFailures }) => {
      // A pattern that does not compile is pattern-invalid's to report, with the pattern's own place.
      const invalidPatternAt = new Set(
        collect(model, (_resource, schema, pointer) => patternsOf(schema, pointer).filter(([, pattern]) => !compilesAsRegExp(pattern)).map(() => [pointer, ""])).map(
          (finding) => `${finding.file}#${finding.pointer}`,
        ),
      );
      return compileFailures.filter((failure) => !invalidPatternAt.has(`${failure.file}#${failure.pointer}`));
    },
  },
  {
    id: "ajv-strict",
    severity: "error",
    description: "Ajv strict mode's type checks (`strictTypes`): a subschema whose `type` its context already rules out.",
    check: ({ strictTypeWarnings }) => strictTypeWarnings,
  },
  {
    id: "id-convention",
    severity: "error",
    description: "A file's `$id` is the house base URI (the one most files share) plus its path in the schemas folder.",
    check: ({ model }) => {
      const bases = new Map<string, number>();
      for (const resource of ownFiles(model)) {
        if (resource.uri.endsWith(`/${resource.file.path}`)) {
          const base = resource.uri.slice(0, -resource.file.path.length);
          bases.set(base, (bases.get(base) ?? 0) + 1);
        }
      }
      const house = [...bases].sort(([a, countA], [b, countB]) => countB - countA || compareText(a, b))[0]?.[0];
      return ownFiles(model)
        .filter((resource) => house === undefined || resource.uri !== house + resource.file.path)
        .map((resource) => ({
          file: resource.file.path,
          pointer: `/${DIALECT_RULES[resource.dialect].idKeyword}`,
          message: `$id ${resource.uri} should be ${house ?? "the base URI + "}${resource.file.path}`,
        }));
    },
  },
  {
    id: "described",
    severity: "error",
    description: "Every file has a `title` and a `description`; every declared property a `title` or `description` (or a `$ref` to a described schema).",
    check: ({ model }) =>
      collect(model, (_resource, schema, pointer, via) => {
        const found: [string, string][] = [];
        if (pointer === "" && (typeof schema.title !== "string" || typeof schema.description !== "string")) found.push(["", "file schema needs a title and a description"]);
        const describedElsewhere = typeof schema.$ref === "string" || schema.const !== undefined; // the target, or the value, says it
        if (via[0] === "properties" && !CONDITION.test(pointer) && typeof schema.description !== "string" && typeof schema.title !== "string" && !describedElsewhere) {
          found.push([pointer, `property "${via[1]}" has no description`]);
        }
        return found;
      }),
  },
  {
    id: "open-or-closed",
    severity: "error",
    description: "An object schema with properties says in its description whether it is Closed or Open, on purpose.",
    check: ({ model }) =>
      collect(model, (_resource, schema, pointer) =>
        schema.type === "object" && schema.properties !== undefined && !CONDITION.test(pointer) && !/\b(Closed|Open)\b/.test(String(schema.description ?? ""))
          ? [[pointer, "object does not say whether it is Closed or Open"]]
          : [],
      ),
  },
  {
    id: "example-invalid",
    severity: "error",
    description: "Every entry of a file's `examples` validates against that schema.",
    check: (context) =>
      ownFiles(context.model).flatMap((resource) => {
        const examples = isSchemaObject(resource.schema) && Array.isArray(resource.schema.examples) ? resource.schema.examples : [];
        return examples.flatMap((example, position) => {
          const problem = context.validateExample(resource, example);
          return problem ? [{ file: resource.file.path, pointer: `/examples/${position}`, message: `example fails its schema: ${problem}` }] : [];
        });
      }),
  },
  {
    id: "unused-definition",
    severity: "warning",
    description: "Every `$defs` entry is referenced from somewhere in the schema set.",
    check: ({ model }) => {
      const used = new Set<string>();
      for (const site of model.index.refSites) {
        const target = resolveRef(model.index, site.ref, site.baseUri);
        if (target?.kind === "schema") used.add(`${target.resource.file.path}#${target.pointer}`);
      }
      return model.names.all
        .filter((named) => named.pointer !== "" && !used.has(`${named.resource.file.path}#${named.pointer}`))
        .map((named) => ({ file: named.resource.file.path, pointer: named.pointer, message: `definition ${named.name} is never referenced` }));
    },
  },
  {
    id: "duplicate-enum-value",
    severity: "error",
    description: "No value appears twice in an `enum`.",
    check: ({ model }) =>
      collect(model, (_resource, schema, pointer) => {
        if (!Array.isArray(schema.enum)) return [];
        const seen = new Set<string>();
        return schema.enum.flatMap((value, position) => {
          const key = jsonKey(value);
          if (!seen.has(key)) {
            seen.add(key);
            return [];
          }
          return [[joinPointer(pointer, "enum", position), `${JSON.stringify(value)} is listed twice`]];
        }) as [string, string][];
      }),
  },
  {
    id: "pattern-invalid",
    severity: "error",
    description: "Every `pattern` and `patternProperties` key compiles as a regular expression in unicode mode, as Ajv runs it.",
    check: ({ model }) =>
      collect(model, (_resource, schema, pointer) =>
        patternsOf(schema, pointer).flatMap(([at, pattern]) => {
          try {
            new RegExp(pattern, "u");
            return [];
          } catch (error) {
            return [[at, `pattern does not compile in unicode mode: ${(error as Error).message}`]];
          }
        }),
      ),
  },
  {
    id: "pattern-redos",
    severity: "error",
    description: "No pattern can backtrack catastrophically (checked with recheck): one crafted string would stall every validator.",
    check: ({ model }) => {
      const recheck = loadRecheck();
      if (!recheck) {
        const unchecked = collect(model, (_resource, schema, pointer) => patternsOf(schema, pointer).map(([at]) => [at, ""]));
        if (unchecked.length === 0) return [];
        const message = `${unchecked.length} pattern(s) not checked for catastrophic backtracking: recheck is not installed (npm install --save-dev recheck@4.5.0)`;
        return [{ ...unchecked[0]!, message, severity: "warning" }];
      }
      // Each check takes tens of milliseconds, and the same patterns recur across schemas.
      const verdicts = new Map<string, ReturnType<Recheck["checkSync"]>>();
      const verdictOf = (pattern: string) => verdicts.get(pattern) ?? verdicts.set(pattern, recheck.checkSync(pattern, "u")).get(pattern)!;
      return collect(model, (_resource, schema, pointer) =>
        patternsOf(schema, pointer).flatMap(([at, pattern]) => {
          const result = verdictOf(pattern);
          return result.status === "vulnerable" ? [[at, `pattern is vulnerable to ${result.complexity.type} backtracking (attack: ${JSON.stringify(result.attack.pattern)})`]] : [];
        }) as [string, string][],
      );
    },
  },
];

function patternsOf(schema: SchemaObject, pointer: string): [string, string][] {
  const found: [string, string][] = [];
  if (typeof schema.pattern === "string") found.push([joinPointer(pointer, "pattern"), schema.pattern]);
  if (isSchemaObject(schema.patternProperties)) {
    for (const key of Object.keys(schema.patternProperties)) found.push([joinPointer(pointer, "patternProperties", key), key]);
  }
  return found;
}
