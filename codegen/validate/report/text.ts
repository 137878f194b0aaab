// For people: one line per issue (file:line:column, as editors and terminals link them), then a summary.

import type { ValidationIssue } from "../results.js";
import { omittedNote, placeOf, summarize, failed, type Reporter } from "./summary.js";

const STYLES = { red: "\x1b[31m", yellow: "\x1b[33m", green: "\x1b[32m", dim: "\x1b[2m", bold: "\x1b[1m" } as const;
const RESET = "\x1b[0m";

export function issueLine(issue: ValidationIssue, paint: (style: keyof typeof STYLES, text: string) => string): string {
  const label = issue.severity === "warning" ? paint("yellow", "warning") : paint("red", issue.kind);
  const pointer = issue.pointer ? ` at ${issue.pointer}` : "";
  const keyword = issue.keyword ? paint("dim", ` (${issue.keyword})`) : "";
  return `${paint("bold", placeOf(issue))}: ${label}${pointer}: ${issue.message}${keyword}`;
}

export const reportText: Reporter = (options) => {
  const paint = (style: keyof typeof STYLES, text: string) => (options.color ? `${STYLES[style]}${text}${RESET}` : text);
  return {
    begin: () => "",
    issue: (issue) => issueLine(issue, paint) + "\n",
    file: () => "",
    end: (run) => {
      const lines: string[] = [];
      const omitted = omittedNote(run);
      if (omitted) lines.push(omitted);
      if (!options.quiet) {
        for (const warning of run.warnings) lines.push(issueLine(warning, paint));
        const summary = `schemagen validate: ${summarize(run)}`;
        lines.push(failed(run) ? paint("bold", summary) : paint("green", summary));
      }
      return { stdout: lines.length > 0 ? lines.join("\n") + "\n" : "" };
    },
  };
};
