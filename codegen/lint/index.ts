// schemagen lint: runs every rule over a schema set and locates each finding at file:line:column.

import { createAjv } from "../ajv.js";
import type { GenerateOptions } from "../config.js";
import { SchemagenError } from "../diagnostics.js";
import { buildSchemaModel } from "../pipeline.js";
import { compileInProcess, registerSchemas } from "../emit/validators.js";
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

export async function lintSchemaFolder(options: Pick<GenerateOptions, "schemas" | "baseUri">): Promise<LocatedFinding[]> {
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
  const validatorOf = compileInProcess(model.index);
  const context: LintContext = {
    model,
    validateExample(resource: { uri: string }, example: unknown): string | undefined {
      let validate;
      try {
        validate = validatorOf(resource.uri);
      } catch {
        return undefined; // a schema that does not compile is reported by its own rule (pattern-invalid, say)
      }
      if (!validate || validate(example)) return undefined;
      const error = validate.errors?.[0];
      return error ? `${error.instancePath || "(root)"} ${error.message ?? error.keyword}` : "invalid";
    },
    strictTypeWarnings: () => [],
  };
  context.strictTypeWarnings = () => strictTypeWarnings(model);
  const files = new Map(model.set.files.map((file) => [file.path, file]));
  const findings: LocatedFinding[] = [];
  for (const rule of LINT_RULES) {
    for (const finding of rule.check(context)) {
      const file = files.get(finding.file);
      findings.push({ ...finding, rule: rule.id, severity: rule.severity, ...(file ? positionOfPointer(file, finding.pointer) : {}) });
    }
  }
  return findings.sort(
    (a, b) => compareText(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || compareText(a.rule, b.rule),
  );
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

/** Compiles every schema with Ajv's strictTypes logging and keeps the located findings; "missing type" is type-conflict's job. */
function strictTypeWarnings(model: SchemaModel): Omit<LintFinding, "rule" | "severity">[] {
  const found = new Map<string, Omit<LintFinding, "rule" | "severity">>();
  for (const dialect of [...new Set(model.index.files.map((resource) => resource.dialect))].sort(compareText)) {
    const ajv = createAjv(dialect, {
      strictTypes: "log",
      logger: {
        log() {},
        error() {},
        warn(message: unknown) {
          const match = STRICT_TYPES.exec(String(message));
          const resource = match && model.index.files.find((file) => file.uri === match[2]);
          if (!match || !resource || match[1]!.startsWith("missing type")) return;
          const pointer = decodeURIComponent(match[3]!);
          found.set(`${resource.file.path}#${pointer}`, { file: resource.file.path, pointer, message: `Ajv strict mode: ${match[1]}` });
        },
      },
    });
    if (registerSchemas(ajv, dialect, model.index).length > 0) continue;
    for (const resource of model.index.files.filter((file) => file.dialect === dialect)) {
      try {
        ajv.getSchema(resource.uri);
      } catch {
        // reported by the rule that owns the cause (pattern-invalid, say)
      }
    }
  }
  return [...found.values()];
}
