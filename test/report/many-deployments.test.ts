/**
 * Charts of a report with thousands of deployments: each chart draws the largest few deployments and one "other"
 * series for the rest, so the PNGs finish and report.html does not carry thousands of datasets; the tables and the
 * CSV keep every deployment.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type ChartDefinition, chartDefinitions, MAX_SERIES, PALETTE } from "../../src/report/charts.js";
import { renderTimeseriesCsv } from "../../src/report/csv.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { renderAllPngs } from "../../src/report/png.js";
import { goldenReport, manyDeployments } from "./hostile-fixtures.js";

const N = 2000;

/** The per-deployment datasets of a chart (not arrivals, the 100% line or outage shading). */
function perDeployment(def: ChartDefinition): Record<string, unknown>[] {
  return def.config.data.datasets.filter(
    (d) =>
      !["arrivals", "capacity per minute (100%)", "bucket full: 429s above", "outage"].includes(
        String(d.label),
      ),
  ) as Record<string, unknown>[];
}

describe("charts of a report with thousands of deployments", () => {
  const report = manyDeployments(N);
  const ids = Object.keys(report.timeseries.served);
  const defs = chartDefinitions(report);
  const byName = (name: string) => defs.find((d) => d.name === name) as ChartDefinition;
  const total = (id: string) => report.timeseries.served[id].reduce((a, b) => a + b, 0);
  // The largest MAX_SERIES − 1 by requests served, ties to the earlier deployment, in report order.
  const top = [...ids]
    .sort((a, b) => total(b) - total(a) || ids.indexOf(a) - ids.indexOf(b))
    .slice(0, MAX_SERIES - 1);
  const shown = ids.filter((id) => top.includes(id));
  const rest = ids.filter((id) => !top.includes(id));

  it("draws the largest deployments and one series that sums the rest", () => {
    const traffic = perDeployment(byName("traffic"));
    expect(traffic).toHaveLength(MAX_SERIES);
    expect(traffic.map((d) => d.label)).toEqual([
      ...shown.map((id) => `served by ${id}`),
      `served by the other ${(N - MAX_SERIES + 1).toLocaleString("en-US")}`,
    ]);
    const other = traffic.at(-1)?.data as number[];
    const sum = report.timeseries.t.map((_, k) =>
      rest.reduce((s, id) => s + report.timeseries.served[id][k], 0),
    );
    expect(other).toEqual(sum);
    // Every series keeps its own colour; "other" is neither a palette colour nor black (the page's ink).
    const colours = traffic.map((d) => d.backgroundColor);
    expect(new Set(colours).size).toBe(MAX_SERIES);
    expect(PALETTE).not.toContain(colours.at(-1));
    // Stacked, the bars still add up to everything served.
    const served = report.timeseries.t.map((_, k) =>
      ids.reduce((s, id) => s + report.timeseries.served[id][k], 0),
    );
    const stacked = report.timeseries.t.map((_, k) =>
      traffic.reduce((s, d) => s + (d.data as number[])[k], 0),
    );
    expect(stacked).toEqual(served);
    expect(byName("traffic").description).toContain(
      `the other ${(N - MAX_SERIES + 1).toLocaleString("en-US")}`,
    );
  });

  it("shows the same deployments in the utilization chart, and the highest utilization of the rest", () => {
    const utilization = perDeployment(byName("utilization"));
    expect(utilization).toHaveLength(MAX_SERIES);
    expect(utilization.slice(0, -1).map((d) => d.label)).toEqual(shown);
    const other = utilization.at(-1)?.data as number[];
    const highest = report.timeseries.t.map(
      (_, k) => Math.round(Math.max(...rest.map((id) => report.timeseries.utilization[id][k])) * 1000) / 10,
    );
    expect(other).toEqual(highest);
    expect(byName("utilization").description).toMatch(/highest/);
  });

  it("shows the same deployments in the bucket chart, each with its headroom, and the highest level of the rest", () => {
    const bucket = byName("bucket");
    const levels = perDeployment(bucket);
    expect(levels.slice(0, -1).map((d) => [d.label, d.borderColor])).toEqual(
      shown.map((id, i) => [id, PALETTE[i]]),
    );
    const other = levels.at(-1)?.data as number[];
    const highest = report.timeseries.t.map(
      (_, k) => Math.round(Math.max(...rest.map((id) => report.timeseries.bucketLevel[id][k])) * 1000) / 10,
    );
    expect(other).toEqual(highest);
    expect(bucket.title).toContain(`(${MAX_SERIES - 1} largest of ${N.toLocaleString("en-US")})`);
    const first = levels[0].data as number[];
    expect(bucket.description).toContain(
      `${shown[0]} peaks at ${Math.max(...first)}% (${Math.round((100 - Math.max(...first)) * 10) / 10}% headroom)`,
    );
  });

  it("gives every chart at most MAX_SERIES per-deployment datasets, and tables with the same columns", () => {
    for (const def of defs) {
      expect(perDeployment(def).length, def.name).toBeLessThanOrEqual(MAX_SERIES);
      expect(def.table.columns.length, def.name).toBeLessThanOrEqual(MAX_SERIES + 2);
    }
  });

  it("keeps every deployment in summary.md and timeseries.csv", () => {
    const md = renderMarkdown(report);
    for (const id of [ids[0], ids[N - 1]]) expect(md).toContain(`| ${id} |`);
    const header = renderTimeseriesCsv(report).split("\r\n")[0].split(",");
    expect(header.filter((h) => h.startsWith("served:"))).toHaveLength(N);
  });

  it("renders the PNGs", () => {
    const pngs = renderAllPngs(report, { scale: 1 });
    expect(pngs.map((p) => p.name)).toEqual(defs.map((d) => d.name));
  });
});

describe("charts of the example scenarios (few deployments)", () => {
  const dir = join(import.meta.dirname, "../golden");
  const names = readdirSync(dir)
    .filter((f) => f.endsWith(".report.json"))
    .map((f) => f.replace(/\.report\.json$/, ""));

  it("draw every deployment, in report order, in its palette colour", () => {
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const report = goldenReport(name);
      const ids = Object.keys(report.timeseries.served);
      expect(ids.length).toBeLessThanOrEqual(MAX_SERIES);
      const [traffic, utilization] = chartDefinitions(report);
      expect(perDeployment(traffic).map((d) => [d.label, d.backgroundColor])).toEqual(
        ids.map((id, i) => [`served by ${id}`, PALETTE[i]]),
      );
      expect(perDeployment(utilization).map((d) => d.label)).toEqual(ids);
      expect(traffic.description).not.toMatch(/other/);
    }
  });
});
