// The output formats of `schemagen validate --format`, one reporter module each.

import { reportGithub } from "./github.js";
import { reportJson } from "./json.js";
import { reportJunit } from "./junit.js";
import type { Reporter } from "./summary.js";
import { reportText } from "./text.js";

export const REPORTERS = { text: reportText, json: reportJson, github: reportGithub, junit: reportJunit } satisfies Record<string, Reporter>;

export type ReportFormat = keyof typeof REPORTERS;

export const REPORT_FORMATS = Object.keys(REPORTERS) as ReportFormat[];

export type { Report, ReportOptions } from "./summary.js";
