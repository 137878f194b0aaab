import { readdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runSuite, type CaseResult } from "../scripts/conformance/suite.js";
import { typecheck } from "./helpers/typecheck.js";
import { DRAFTS, type DraftFolder } from "./helpers/test-suite.js";

// Ajv cannot compile these groups: "$dynamicRef only supports hash fragment reference", and relative refs between
// embedded resources that overflow its stack. Generation reports each as an ajv-compile error naming the file;
// the harness sets them aside and counts their cases as failures.
const COMPILE_FAILURES: Record<DraftFolder, string[]> = {
  "draft2020-12": [
    "suite-draft2020-12/dynamicRef/10.json",
    "suite-draft2020-12/dynamicRef/12.json",
    "suite-draft2020-12/dynamicRef/9.json",
    "suite-draft2020-12/ref/15.json",
    "suite-draft2020-12/ref/16.json",
    "suite-draft2020-12/ref/28.json",
  ],
  "draft2019-09": ["suite-draft2019-09/ref/15.json", "suite-draft2019-09/ref/16.json", "suite-draft2019-09/ref/28.json"],
  draft7: [],
};

describe("schemagen generate on a folder nobody here wrote: the JSON Schema Test Suite", () => {
  for (const draft of Object.keys(DRAFTS) as DraftFolder[]) {
    it(`${draft}: every group generates (but those Ajv cannot compile), loads in node, and its types compile`, async () => {
      const work = path.join(os.tmpdir(), `schemagen-suite-${draft}-${process.pid}`);
      const results: CaseResult[] = await runSuite(draft, work);
      const notCompiled = [...new Set(results.filter((result) => result.actual === "compile").map((result) => result.schemaPath))];
      expect(notCompiled.sort()).toEqual(COMPILE_FAILURES[draft]);
      expect(results.length).toBeGreaterThan(900);
      const groups = new Set(results.map((result) => result.schemaPath));
      expect(groups.size).toBeGreaterThan(250);

      expect((await readdir(work)).filter((name) => name.endsWith("-generated")).length).toBeGreaterThan(0);
      // One compiler run over every bucket's declarations (the include pattern is a glob).
      expect(await typecheck(work, "*-generated", [])).toBe("");
    });
  }
});
