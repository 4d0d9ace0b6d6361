import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/report/markdown.js";
import { reportView } from "../../src/report/view-model.js";
import { run } from "../helpers.js";
import { goldenNames, goldenReport } from "./hostile-fixtures.js";

describe("summary.md", () => {
  it("shows hostile names and descriptions as text, not markup", () => {
    const r = run(`
name: evil
description: "<script>alert(1)</script> | **bold** [link](http://x)"
duration: 2m
accounts:
  - name: a
    region: eastus
    deployments:
      - { name: p, model: gpt-4.1, sku: GlobalStandard, capacity: 100 }
traffic:
  - { name: w, via: a/p, arrival: { type: constant, rate: 1/s }, promptTokens: 10, completionTokens: 10 }
`);
    const md = renderMarkdown(r);
    expect(md).not.toContain("<script>");
    expect(md).toContain("&lt;script&gt;");
    expect(md).toContain("\\*\\*bold\\*\\*");
    expect(md).toContain("\\| ");
  });
});

describe("summary.md from the view model", () => {
  it("renders each golden report.json into its golden summary.md, byte for byte", () => {
    const dir = join(import.meta.dirname, "../golden");
    expect(goldenNames().length).toBeGreaterThan(0);
    for (const name of goldenNames()) {
      expect(renderMarkdown(goldenReport(name)), name).toBe(
        readFileSync(join(dir, `${name}.summary.md`), "utf8"),
      );
    }
  });

  it("leaves out the parts the view model keeps for the page, and sections with nothing to show", () => {
    const report = goldenReport("ptu-only");
    report.warnings = [];
    const md = renderMarkdown(report);
    // Page only: the headline cards, the region and attempts columns, the tokens table, the outage timeline, the
    // components each assumption applies to.
    expect(md).not.toContain("Requests arrived");
    expect(md).not.toContain("used by");
    expect(md).not.toContain("| region |");
    expect(md).not.toContain("Tokens served");
    expect(md).not.toContain("utilization mean / p95 / max");
    for (const empty of ["## Gateways", "## Outages", "## Warnings", "## Charts"])
      expect(md).not.toContain(empty);
    const view = reportView(report);
    expect(view.sections.find((s) => s.id === "gateways")?.empty).toMatch(/No gateway/);
    // Charts only when asked for (the PNGs are beside summary.md then), each as an image with its description.
    const charted = renderMarkdown(report, { charts: true });
    expect(charted).toContain(
      "## Charts\n\n![Arrivals and requests served per deployment](charts/traffic.png)\n\n*",
    );
    expect(charted).not.toContain("Shaded steps");
  });

  it("shows a share under 0.01% as percent() writes it, not as an HTML entity", () => {
    const report = goldenReport("multi-region-apim");
    report.throttle.backend.rate = 0.00005;
    report.spillover.rate = 0.00002;
    const md = renderMarkdown(report);
    expect(md).toContain("| backend 429 rate (per attempt) | <0.01% |");
    expect(md).toContain(
      `| served by spillover | ${report.spillover.requests.toLocaleString("en-US")} (<0.01%) |`,
    );
    expect(md).not.toContain("&lt;0");
  });

  it("bolds a totals row and a failed SLO, and shows the SLO as code", () => {
    const report = goldenReport("multi-region-apim");
    report.slo[0] = { ...report.slo[0], passed: false, level: "error" };
    report.slo[1] = { ...report.slo[1], passed: false, level: "warn" };
    const md = renderMarkdown(report);
    // The actual value in its metric's unit: throttle.client.rate is a share.
    expect(md).toContain(`| \`${report.slo[0].expression}\` | 0% | **FAIL** |`);
    expect(md).toContain(`| \`${report.slo[1].expression}\` | ${report.slo[1].actual} | warn |`);
    expect(md).toMatch(/\n\| \*\*total\*\* \| \*\*\$[\d,.]+\*\* \| \*\*\$[\d,.]+\*\* \|\n/);
  });
});
