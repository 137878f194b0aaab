import { readdir, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { caseKey } from "../scripts/conformance/report.js";
import { runSuite, type CaseResult } from "../scripts/conformance/suite.js";
import { REPO_ROOT } from "./helpers/cli.js";
import { typecheck } from "./helpers/typecheck.js";
import { DRAFTS, suiteTestCount, type DraftFolder } from "./helpers/test-suite.js";

const expectedFailures: Record<string, string> = JSON.parse(
  await readFile(path.join(REPO_ROOT, "test/fixtures/conformance/expected-failures.json"), "utf8"),
);

describe("the JSON Schema Test Suite through schemagen generate (a folder nobody here wrote)", () => {
  for (const draft of Object.keys(DRAFTS) as DraftFolder[]) {
    describe(draft, async () => {
      const work = path.join(os.tmpdir(), `schemagen-suite-${draft}-${process.pid}`);
      let results: CaseResult[] = [];

      it("generates every group, loads the modules in node, and checks every case", async () => {
        results = await runSuite(draft, work);
        expect(results.length).toBeGreaterThan(600);
        expect(new Set(results.map((result) => result.schemaPath)).size).toBeGreaterThan(140);
      });

      it("runs at least 98.9% of the draft's tests (99.5% over the five drafts; see docs/CONFORMANCE.md)", async () => {
        const run = results.filter((result) => result.actual !== "compile").length;
        expect(run / (await suiteTestCount(draft))).toBeGreaterThanOrEqual(0.989);
      });

      it("fails exactly the expected cases (test/fixtures/conformance/expected-failures.json)", () => {
        const failing = results.filter((result) => result.actual !== result.expected).map(caseKey).sort();
        const expected = Object.keys(expectedFailures).filter((key) => key.startsWith(`suite-${draft}/`)).sort();
        const unexpected = failing.filter((key) => !expected.includes(key));
        const nowPassing = expected.filter((key) => !failing.includes(key));
        expect({ unexpected, nowPassing }).toEqual({ unexpected: [], nowPassing: [] });
      });

      it("gives the verdict of Ajv compiled in process on every case Ajv can decide", () => {
        // Where Ajv's own code recurses without end (it throws), the generated validator answers false instead.
        const decided = results.filter((result) => result.reference !== "throw");
        const disagreements = decided.filter((result) => result.actual !== result.reference).map(caseKey);
        expect(disagreements).toEqual([]);
        expect(decided.length).toBeGreaterThan(results.length - 20);
      });

      it("reports, on every failed case, the errors Ajv's allErrors gives (one branch of a failed oneOf/anyOf)", () => {
        const mismatches = results.filter((result) => result.reportMismatch !== undefined).map((result) => `${caseKey(result)}: ${result.reportMismatch}`);
        expect(mismatches).toEqual([]);
        expect(results.filter((result) => result.actual === false).length).toBeGreaterThan(100);
      });

      it("never throws", () => {
        expect(results.filter((result) => result.actual === "throw").map(caseKey)).toEqual([]);
      });

      it("emits declarations that compile", async () => {
        expect((await readdir(work)).filter((name) => name.endsWith("-generated")).length).toBeGreaterThan(0);
        // One compiler run over every bucket's declarations (the include pattern is a glob).
        expect(await typecheck(work, "*-generated", [])).toBe("");
      });
    });
  }
});
