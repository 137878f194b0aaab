// For programs: one JSON document with the schema, every kept error (written as found), the totals and a tally
// per file.

import type { ValidationIssue } from "../results.js";
import { failed, type Reporter } from "./summary.js";

function errorEntry(issue: ValidationIssue) {
  return {
    file: issue.file,
    line: issue.line,
    column: issue.column,
    ...(issue.document !== undefined ? { document: issue.document } : {}),
    kind: issue.kind,
    code: issue.code,
    ...(issue.pointer !== undefined ? { instancePath: issue.pointer } : {}),
    ...(issue.keyword !== undefined ? { keyword: issue.keyword, schemaPath: issue.schemaPath, params: issue.params } : {}),
    message: issue.message,
  };
}

/** A value as it reads at `depth` levels of two-space indentation. */
const indented = (value: unknown, depth: number) => JSON.stringify(value, null, 2).replace(/\n/g, `\n${"  ".repeat(depth)}`);

export const reportJson: Reporter = () => {
  let errors = 0;
  return {
    begin: (schema) => `{\n  "schema": ${indented(schema, 1)},\n  "errors": [`,
    issue: (issue) => `${errors++ === 0 ? "" : ","}\n    ${indented(errorEntry(issue), 2)}`,
    file: () => "",
    end: (run) => {
      const rest = {
        valid: !failed(run),
        totals: run.totals,
        stoppedEarly: run.stoppedEarly,
        ...(run.interrupted ? { interrupted: run.interrupted } : {}),
        files: run.files,
        warnings: run.warnings.map((warning) => ({ file: warning.file, line: warning.line, column: warning.column, code: warning.code, message: warning.message })),
      };
      const fields = Object.entries(rest).map(([key, value]) => `  ${JSON.stringify(key)}: ${indented(value, 1)}`);
      return { stdout: `${errors === 0 ? "" : "\n  "}],\n${fields.join(",\n")}\n}\n` };
    },
  };
};
