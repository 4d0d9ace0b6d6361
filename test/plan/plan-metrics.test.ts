/**
 * A plan's metrics are metric registry paths: plan.json carries `requests.successRate` (no more `successRate`), each value is
 * the report's own figure, and plan.md's columns take their labels from the registry.
 */
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { findMetric, metricAt, readMetric } from "../../src/metrics/metric-registry.js";
import { evaluateTask, PLAN_METRICS } from "../../src/plan/evaluate.js";
import { aggregatePoint, buildPlan, PLAN_SCHEMA_VERSION, renderPlanMarkdown } from "../../src/plan/plan.js";
import { parsePlan } from "../../src/plan/plan-schema.js";
import { runScenario } from "../../src/run/run-scenario.js";
import { loadScenario } from "../../src/scenario/load.js";
import { ptuScenario } from "./fixtures.js";

const TEXT = ptuScenario({
  name: "plan-metrics",
  duration: "5m",
  rate: "3/s",
  slo: ['"requests.successRate > 50%"'],
});

const FILE = "/virtual/plan-metrics.yaml";
const task = { point: 0, replication: 0, text: TEXT, file: FILE, folder: dirname(FILE), sets: [], seed: 5 };
const noFiles = (path: string): string => {
  throw new Error(`no file ${path}`);
};

describe("plan metrics", () => {
  const result = evaluateTask(task, noFiles);
  const report = runScenario(loadScenario(TEXT, FILE, { seed: 5 })).report;
  const onePointPlan = () =>
    buildPlan({
      name: "plan-metrics",
      hash: result.hash,
      vary: [],
      seeds: [5],
      search: "grid",
      shard: null,
      points: [aggregatePoint(0, {}, [result])],
      hasSlo: true,
    });

  it("are registry paths, requests.successRate among them", () => {
    for (const path of PLAN_METRICS) expect(findMetric(path), path).toBeDefined();
    expect(PLAN_METRICS).toContain("requests.successRate");
    expect(Object.keys(result.metrics)).toEqual([...PLAN_METRICS]);
  });

  it("give the report's figures; the success rate is succeeded / arrived, as before", () => {
    for (const path of PLAN_METRICS) expect(result.metrics[path], path).toBe(readMetric(report, path));
    const { succeeded, arrived } = report.requests;
    expect(succeeded).toBeLessThan(arrived); // 15 PTU throttle at 3 req/s: a rate worth comparing
    expect(Math.abs(result.metrics["requests.successRate"] - succeeded / arrived)).toBeLessThanOrEqual(5e-7);
  });

  it("plan.json carries requests.successRate, is version 2 and reads back; a version 1 plan is refused", () => {
    const json = JSON.parse(JSON.stringify(onePointPlan()));
    expect(json.schemaVersion).toBe(PLAN_SCHEMA_VERSION);
    expect(PLAN_SCHEMA_VERSION).toBe(2);
    expect(json.points[0].metrics["requests.successRate"].mean).toBe(report.requests.successRate);
    expect(json.points[0].metrics).not.toHaveProperty("successRate");
    expect(parsePlan(json).ok).toBe(true);
    const parsed = parsePlan({ ...json, schemaVersion: 1 });
    expect(parsed.ok ? [] : parsed.problems[0]).toMatch(
      /^schemaVersion is 1, expected 2 \(plan\.json of this spillway/,
    );
  });

  it("plan.md's columns are the registry's labels", () => {
    const header = renderPlanMarkdown(onePointPlan())
      .split("\n")
      .find((l) => l.includes("SLOs |"));
    expect(header).toBe(
      `| ${metricAt("cost.monthly.total").label} (95% CI) | latency e2e p95 (ms) | caller 429 rate | spillover rate | SLOs |`,
    );
  });
});
