/** docs/metrics.md is generated from the metric registry: the committed page must be what the registry generates. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { METRICS } from "../../src/metrics/metric-registry.js";
import { renderMetricsDoc } from "../../src/metrics/metrics-doc.js";

describe("docs/metrics.md", () => {
  const doc = renderMetricsDoc();

  it("is what the registry generates (run `npm run docs` after changing the registry)", () => {
    expect(readFileSync(join(import.meta.dirname, "../../docs/metrics.md"), "utf8")).toBe(doc);
  });

  it("lists every metric with its unit and direction", () => {
    for (const m of METRICS) expect(doc).toContain(`| \`${m.path}\` | ${m.label} | \`${m.unit}\` |`);
    expect(doc).toContain("| `requests.successRate` | success rate | `fraction` | higher | `rates` |");
  });
});
