// For programs: one JSON document with the schema, the totals, a tally per file and every kept error.

import { failed, type Reporter } from "./summary.js";

export const reportJson: Reporter = (run) => {
  const document = {
    valid: !failed(run),
    schema: run.schema,
    totals: { ...run.totals, shown: run.issues.length },
    stoppedEarly: run.stoppedEarly,
    files: run.files,
    errors: run.issues.map((issue) => ({
      file: issue.file,
      line: issue.line,
      column: issue.column,
      ...(issue.document !== undefined ? { document: issue.document } : {}),
      kind: issue.kind,
      code: issue.code,
      ...(issue.pointer !== undefined ? { instancePath: issue.pointer } : {}),
      ...(issue.keyword !== undefined ? { keyword: issue.keyword, schemaPath: issue.schemaPath, params: issue.params } : {}),
      message: issue.message,
    })),
    warnings: run.warnings.map((warning) => ({ file: warning.file, line: warning.line, column: warning.column, code: warning.code, message: warning.message })),
  };
  return { stdout: JSON.stringify(document, null, 2) + "\n" };
};
