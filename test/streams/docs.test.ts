// The Grafana dashboard and the README speak the metric names the consumer exports.

import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { METRIC_NAMES } from "../../streams/src/core/index.js";
import { REPO_ROOT } from "../helpers/cli.js";

const exported = new Set<string>(Object.values(METRIC_NAMES));
// A histogram is queried through its series.
for (const suffix of ["_bucket", "_sum", "_count"]) exported.add(`${METRIC_NAMES.processing}${suffix}`);

describe("the Grafana dashboard", () => {
  it("is valid JSON whose every panel query uses only exported metric names, and shows every metric", async () => {
    const dashboard = JSON.parse(await readFile(path.join(REPO_ROOT, "streams/grafana-dashboard.json"), "utf8")) as { panels: { title: string; targets: { expr: string }[] }[] };
    const used = new Set<string>();
    for (const panel of dashboard.panels) {
      expect(panel.targets.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets) {
        const names = target.expr.match(/analytics_streams_[a-z_]+/g) ?? [];
        expect(names.length, `${panel.title}: ${target.expr}`).toBeGreaterThan(0);
        for (const name of names) {
          expect(exported.has(name), `${panel.title} queries ${name}`).toBe(true);
          used.add(name.replace(/_(bucket|sum|count)$/, ""));
        }
      }
    }
    expect([...used].sort()).toEqual(Object.values(METRIC_NAMES).sort());
  });
});

describe("the README", () => {
  it("lists every metric and shows a Prometheus scrape config", async () => {
    const readme = await readFile(path.join(REPO_ROOT, "streams/README.md"), "utf8");
    for (const name of Object.values(METRIC_NAMES)) expect(readme).toContain(`| \`${name}\` |`);
    expect(readme).toMatch(/```yaml\n# prometheus\.yml\nscrape_configs:\n  - job_name: analytics-streams/);
  });
});
