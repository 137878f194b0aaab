import { describe, expect, it } from "vitest";
import { buildInteropSet } from "../scripts/interop/cases.js";
import { hyperjumpVerdicts } from "../scripts/interop/verdicts.js";
import { REPO_ROOT } from "./helpers/cli.js";

describe("other teams' validators give the same verdicts on every domain fixture", async () => {
  const { published, cases, extensionOnly } = await buildInteropSet(REPO_ROOT);

  it("covers every fixture, and sets aside only those that depend on an extension keyword", () => {
    expect(cases.length).toBeGreaterThan(250);
    expect(cases.filter((testCase) => testCase.generated !== testCase.expected).map((testCase) => testCase.id)).toEqual([]);
    expect(extensionOnly).toBeGreaterThan(0);
    expect(extensionOnly).toBeLessThan(cases.length / 10);
  });

  it("@hyperjump/json-schema agrees on every case (format assertion on)", async () => {
    const verdicts = await hyperjumpVerdicts(published, cases);
    const disagreements = cases.filter((testCase) => verdicts[testCase.id] !== testCase.generated).map((testCase) => testCase.id);
    expect(disagreements).toEqual([]);
  });
  // Python's jsonschema: test/interop/python.test.ts (npm run test:interop), which needs Debian's python3-jsonschema.
});
