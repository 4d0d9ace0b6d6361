/**
 * What the utilization chart shows, and what triggers a provisioned 429 (issue 12, item 10): on an analytic case a
 * provisioned deployment consumes 110% of its per-minute capacity with no 429 for ten minutes, while its bucket level
 * rises by a tenth of its depth a minute; the 429s begin in the step the level reaches full, not before.
 */
import { describe, expect, it } from "vitest";
import { chartDefinitions } from "../../src/report/charts.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { run } from "../helpers.js";

/**
 * 15 PTU of gpt-4.1: 45,000 normalized tokens a minute, a 60 s bucket of 45,000. Every request is estimated at
 * 1,000 + 4 x 125 = 1,500 and generates all its 125 tokens (nothing to give back); 33 a minute is 49,500 a minute,
 * 110% of capacity: the bucket gains 4,500 (a tenth of its depth) each minute.
 */
const yaml = (duration: string) => `
name: bucket
seed: 1
duration: ${duration}
warmup: 0s
accounts:
  - name: a
    region: eastus
    deployments:
      - { name: ptu, model: gpt-4.1, sku: GlobalProvisionedManaged, capacity: 15 }
traffic:
  - { name: w, via: a/ptu, arrival: { type: constant, rate: 33/min }, promptTokens: 1000, completionTokens: 125, maxTokens: 125, client: { maxRetries: 0 } }
`;

/** One call's share of the capacity a minute (and of the bucket's depth): 1,500 / 45,000. */
const ONE = 1500 / 45000;

describe("the bucket level per step", () => {
  it("rises a tenth of the depth a minute at 110% consumption, with no 429 while it is below full", () => {
    const r = run(yaml("8m"));
    const d = r.deployments["a/ptu"];
    expect(d.throttled).toBe(0);
    // 33 arrivals a step (34 in one: the float sum of 33 intervals falls a hair short of a minute).
    for (const u of r.timeseries.utilization["a/ptu"])
      expect(Math.abs(u - 1.1)).toBeLessThanOrEqual(ONE + 1e-9);
    const levels = r.timeseries.bucketLevel["a/ptu"];
    expect(levels).toHaveLength(8);
    // The level after the step's last admission: a tenth a minute, within one request (1,500 / 45,000) of it.
    levels.forEach((level, k) => {
      expect(Math.abs(level - 0.1 * (k + 1)), `step ${k}`).toBeLessThanOrEqual(ONE + 1e-9);
    });
    // Standard deployments have no bucket.
    expect(Object.keys(r.timeseries.bucketLevel)).toEqual(["a/ptu"]);
  });

  it("shows 429s from the step the level reaches full: the bucket, not the 100% utilization line, triggers them", () => {
    const r = run(yaml("15m"));
    const levels = r.timeseries.bucketLevel["a/ptu"];
    const firstFull = levels.findIndex((l) => l > 1);
    const first429 = r.timeseries.backendThrottled.findIndex((n) => n > 0);
    expect(firstFull).toBeGreaterThan(7);
    // A call is refused while the level is over full: the first 429 comes right after the call that filled it, in
    // the same step or, when that call was its step's last, the next.
    expect([firstFull, firstFull + 1]).toContain(first429);
    // Refusing keeps the bucket full, less than one call over: no headroom left.
    for (const level of levels.slice(first429)) expect(level).toBeGreaterThan(1);
    for (const level of levels.slice(first429)) expect(level).toBeLessThanOrEqual(1 + ONE + 1e-9);
    // Utilization was above 100% in every step before: it says nothing about when 429s begin.
    for (const u of r.timeseries.utilization["a/ptu"].slice(0, first429)) expect(u).toBeGreaterThan(1);
  });

  it("is charted with the full line and the headroom left; the utilization chart no longer says 100% throttles", () => {
    const r = run(yaml("8m"));
    const charts = chartDefinitions(r);
    expect(charts.map((c) => c.name)).toEqual([
      "traffic",
      "utilization",
      "bucket",
      "throttling",
      "latency",
      "cost",
    ]);
    const utilization = charts[1];
    expect(utilization.description).not.toMatch(/above the 100% line a provisioned deployment throttles/);
    expect(utilization.description).toMatch(/can pass it with no 429 while its bucket absorbs the burst/);
    const bucket = charts[2];
    const peak = Math.round(Math.max(...r.timeseries.bucketLevel["a/ptu"]) * 1000) / 10;
    expect(bucket.description).toContain(
      `a/ptu peaks at ${peak}% (${Math.round((100 - peak) * 10) / 10}% headroom)`,
    );
    const labels = bucket.config.data.datasets.map((d) => d.label);
    expect(labels).toEqual(["a/ptu", "bucket full: 429s above"]);
    expect(bucket.table.rows[7]).toEqual([
      "0:07",
      Math.round(r.timeseries.bucketLevel["a/ptu"][7] * 1000) / 10,
    ]);
    // summary.md's deployments table shows the peak beside the utilization.
    const peakText = `${(Math.max(...r.timeseries.bucketLevel["a/ptu"]) * 100).toFixed(1)}%`;
    expect(renderMarkdown(r)).toMatch(new RegExp(`\\| 113\\.3% \\| ${peakText.replace(".", "\\.")} \\|\\n`));
  });

  it("draws no bucket chart for an estate without a provisioned deployment", () => {
    const r = run(
      yaml("2m").replace("GlobalProvisionedManaged, capacity: 15", "GlobalStandard, capacity: 100"),
    );
    expect(r.timeseries.bucketLevel).toEqual({});
    expect(chartDefinitions(r).map((c) => c.name)).not.toContain("bucket");
  });
});
