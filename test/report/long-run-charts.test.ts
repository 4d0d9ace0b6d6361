/** Charts of long runs: days on the time axis, and a reduced series on the page while report.json keeps every step. */
import { describe, expect, it } from "vitest";
import { reducedForCharts } from "../../src/report/chart-series.js";
import { chartDefinitions } from "../../src/report/charts.js";
import { renderTimeseriesCsv } from "../../src/report/csv.js";
import { REPORT_JSON_ID, renderHtml } from "../../src/report/html.js";
import type { Report } from "../../src/report/report-types.js";
import { run } from "../helpers.js";
import { htmlAssets } from "./page-script.js";

function longRun(calendar?: string): Report {
  return run(`
name: long
duration: 3d
${calendar === undefined ? "" : `calendar: { start: "${calendar}" }`}
accounts:
  - name: a
    region: eastus
    deployments:
      - { name: ptu, model: gpt-4.1, sku: GlobalProvisionedManaged, capacity: 15 }
traffic:
  - { name: chat, via: a/ptu, arrival: { type: diurnal, peak: 0.05/s, trough: 0.005/s, peakAt: "14:00" }, promptTokens: 500, completionTokens: 50, maxTokens: 50 }
`);
}

/** The report the page carries in its JSON block. */
function embedded(html: string): Report {
  const match = new RegExp(`<script type="application/json" id="${REPORT_JSON_ID}">([^<]*)</script>`).exec(
    html,
  );
  if (match === null) throw new Error("no report in the page");
  return JSON.parse(match[1]) as Report;
}

describe("charts of long runs", () => {
  const plain = longRun();
  const dated = longRun("2026-12-11T06:00");

  it("label days, not hours past 24:00", () => {
    const labels = chartDefinitions(plain)[0].config.data.labels;
    expect(labels[0]).toBe("day 1 00:00");
    expect(labels).toContain("day 3 14:00");
    expect(labels.some((l) => /^\d+:\d\d$/.test(l))).toBe(false);
    const x = (chartDefinitions(plain)[0].config.options.scales as { x: { title: { text: string } } }).x;
    expect(x.title.text).toBe("day of the run and time of day");
  });

  it("label dates and weekdays when the scenario gives a calendar", () => {
    const labels = chartDefinitions(dated)[0].config.data.labels;
    expect(labels[0]).toBe("Fri 12-11 06:00");
    expect(labels).toContain("Sun 12-13 14:00");
  });

  it("keep h:mm for a run of a day or less without a calendar", () => {
    const short = run(`
name: short
duration: 2h
accounts:
  - { name: a, region: eastus, deployments: [{ name: p, model: gpt-4.1, sku: GlobalStandard, capacity: 100 }] }
traffic:
  - { name: w, via: a/p, arrival: { type: poisson, rate: 0.1/s }, promptTokens: 100, completionTokens: 10, maxTokens: 10 }
`);
    const labels = chartDefinitions(short)[0].config.data.labels;
    expect(labels[0]).toBe("0:00");
    expect(labels.at(-1)).toBe("1:59");
    expect(reducedForCharts(short)).toBe(short);
  });

  it("draw at most 2,000 points per series, counts summed and levels at their highest", () => {
    const steps = plain.timeseries.t.length;
    expect(steps).toBe(3 * 1440);
    const reduced = reducedForCharts(plain);
    const ts = reduced.timeseries;
    // 4,320 one-minute steps in 5-minute buckets: 864 points.
    expect(ts.stepSeconds).toBe(300);
    expect(ts.t.length).toBe(864);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(ts.arrivals)).toBe(sum(plain.timeseries.arrivals));
    expect(sum(ts.workloads.chat.arrivals)).toBe(plain.requests.arrived);
    expect(Math.max(...ts.utilization["a/ptu"])).toBe(Math.max(...plain.timeseries.utilization["a/ptu"]));
    expect(Math.max(...ts.latencyP95)).toBe(Math.max(...plain.timeseries.latencyP95));
    const traffic = chartDefinitions(plain)[0];
    expect(traffic.config.data.labels.length).toBe(864);
    for (const d of traffic.config.data.datasets)
      expect((d.data as number[]).length).toBeLessThanOrEqual(864);
    expect(traffic.description).toMatch(/per 5 min step/);
  });

  it("keep the full series in report.json and the CSV while the page carries the reduced one", () => {
    const html = renderHtml(plain, htmlAssets);
    expect(embedded(html).timeseries.t.length).toBe(864);
    expect(plain.timeseries.t.length).toBe(4320);
    // One header line and one line per step.
    expect(renderTimeseriesCsv(plain).trim().split("\n")).toHaveLength(4321);
  });
});
