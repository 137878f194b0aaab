// schemagen lint: runs every rule over a schema set and locates each finding at file:line:column.

import type { ValidateFunction } from "ajv";
import type { ModelOptions } from "../config.js";
import { globMatcher, type LintConfig } from "../config-file.js";
import { SchemagenError } from "../diagnostics.js";
import { buildSchemaModel } from "../pipeline.js";
import { locateCompileError } from "../emit/compile-error.js";
import { compileInProcess } from "../emit/validators.js";
import { positionOfPointer } from "../model/positions.js";
import { compareText } from "../model/order.js";
import type { SchemaModel } from "../pipeline.js";
import { LINT_RULES, type LintContext, type LintFinding } from "./rules.js";

export interface LocatedFinding extends LintFinding {
  line?: number;
  column?: number;
}

// A folder that cannot be read is bad input (exit 2); a schema that fails the check stage is a finding like any other.
const LOAD_FAILURES = new Set<string>(["folder-missing", "folder-empty", "file-unreadable", "json-malformed"]);

export async function lintSchemaFolder(options: ModelOptions): Promise<LocatedFinding[]> {
  let model: SchemaModel;
  try {
    model = await buildSchemaModel(options);
  } catch (error) {
    if (!(error instanceof SchemagenError) || error.diagnostics.some((diagnostic) => LOAD_FAILURES.has(diagnostic.code))) throw error;
    return error.diagnostics.map((diagnostic) => ({
      rule: diagnostic.code,
      severity: diagnostic.severity,
      file: diagnostic.file ?? "",
      pointer: diagnostic.pointer ?? "",
      message: diagnostic.message,
      line: diagnostic.line,
      column: diagnostic.column,
    }));
  }
  return lintSchemaSet(model);
}

export function lintSchemaSet(model: SchemaModel): LocatedFinding[] {
  const { validators, strictTypeWarnings, compileFailures } = compileEverySchema(model);
  const context: LintContext = {
    model,
    validateExample(resource, example) {
      // No validator: the schema does not compile, which the rule that owns the cause reports (pattern-invalid, say).
      const validate = validators.get(resource.uri);
      if (!validate || validate(example)) return undefined;
      const error = validate.errors?.[0];
      return error ? `${error.instancePath || "(root)"} ${error.message ?? error.keyword}` : "invalid";
    },
    strictTypeWarnings,
    compileFailures,
  };
  const files = new Map(model.set.files.map((file) => [file.path, file]));
  const findings: LocatedFinding[] = [];
  for (const rule of LINT_RULES) {
    for (const finding of rule.check(context)) {
      const file = files.get(finding.file);
      findings.push({ ...finding, rule: rule.id, severity: finding.severity ?? rule.severity, ...(file ? positionOfPointer(file, finding.pointer) : {}) });
    }
  }
  for (const warning of model.warnings) {
    findings.push({ rule: warning.code, severity: warning.severity, file: warning.file ?? "", pointer: warning.pointer ?? "", message: warning.message, line: warning.line, column: warning.column });
  }
  return findings.sort(
    (a, b) => compareText(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || compareText(a.rule, b.rule),
  );
}

/** The configuration's say: a rule turned off or ignored for a file drops its findings; warn and error set the severity. */
export function applyLintConfig(findings: LocatedFinding[], config: LintConfig | undefined): LocatedFinding[] {
  if (!config) return findings;
  const ignores = Object.entries(config.ignore ?? {}).map(([glob, rules]) => ({ matches: globMatcher(glob), rules: new Set(rules) }));
  return findings.flatMap((finding) => {
    const setting = config.rules?.[finding.rule];
    if (setting === "off" || ignores.some((ignore) => ignore.rules.has(finding.rule) && ignore.matches(finding.file))) return [];
    return [setting === undefined ? finding : { ...finding, severity: setting === "warn" ? "warning" : "error" }];
  });
}

/** `folder` prefixes file names in github annotations, which GitHub resolves from the repository root. */
export function formatFindings(findings: LocatedFinding[], format: "text" | "json" | "github", folder = "schemas"): string {
  if (format === "json") {
    const errors = findings.filter((finding) => finding.severity === "error").length;
    return JSON.stringify({ errors, warnings: findings.length - errors, findings }, null, 2) + "\n";
  }
  return findings
    .map((finding) => {
      const place = `${finding.file}:${finding.line ?? 1}:${finding.column ?? 1}`;
      if (format === "github") {
        const escape = (text: string) => text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
        return `::${finding.severity === "error" ? "error" : "warning"} file=${folder}/${finding.file},line=${finding.line ?? 1},col=${finding.column ?? 1},title=${finding.rule}::${escape(finding.message)}\n`;
      }
      return `${place}: ${finding.severity} ${finding.rule} at ${finding.pointer || "/"}: ${finding.message}\n`;
    })
    .join("");
}

const STRICT_TYPES = /^strict mode: (.*) at "([^"#]*)#([^"]*)" \(strictTypes\)$/;

/**
 * Compiles every file once, with Ajv's strictTypes findings logged: the validators check the examples, and the
 * located warnings feed the ajv-strict rule ("missing type" is type-conflict's job).
 */
function compileEverySchema(model: SchemaModel): {
  validators: Map<string, ValidateFunction>;
  strictTypeWarnings: LintContext["strictTypeWarnings"];
  compileFailures: LintContext["compileFailures"];
} {
  const warnings = new Map<string, LintContext["strictTypeWarnings"][number]>();
  const warn = (message: unknown) => {
    const match = STRICT_TYPES.exec(String(message));
    const resource = match && model.index.files.find((file) => file.uri === match[2]);
    if (!match || !resource || match[1]!.startsWith("missing type")) return;
    const pointer = decodeURIComponent(match[3]!);
    warnings.set(`${resource.file.path}#${pointer}`, { file: resource.file.path, pointer, message: `Ajv strict mode: ${match[1]}` });
  };
  const compile = compileInProcess(model.index, { strictTypes: "log", logger: { log() {}, error() {}, warn } });
  const validators = new Map<string, ValidateFunction>();
  const compileFailures: LintContext["compileFailures"] = [];
  for (const resource of model.index.files) {
    try {
      const validate = compile(resource.uri);
      if (validate) validators.set(resource.uri, validate);
    } catch (error) {
      // The same compile as generate's: what fails here fails there, at the same subschema.
      if (!resource.external) compileFailures.push({ file: resource.file.path, pointer: locateCompileError(resource), message: `Ajv cannot compile this schema: ${(error as Error).message}` });
    }
  }
  return { validators, strictTypeWarnings: [...warnings.values()], compileFailures };
}
