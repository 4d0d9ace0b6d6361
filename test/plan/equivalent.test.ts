/** Points the replications cannot tell apart: reported as equivalent to the recommended one, in plan.json/md/html. */
import { describe, expect, it } from "vitest";
import { PLAN_METRICS } from "../../src/plan/evaluate.js";
import {
  buildPlan,
  equivalentPoints,
  type MetricSummary,
  type PlanPoint,
  renderPlanMarkdown,
} from "../../src/plan/plan.js";
import { renderPlanHtml } from "../../src/plan/plan-report.js";
import { parsePlan } from "../../src/plan/plan-schema.js";

const PATH = "accounts.a.deployments.ptu.capacity";
const ci = (mean: number, half: number): MetricSummary => ({
  mean,
  ci95: [mean - half, mean + half],
  min: mean - half,
  max: mean + half,
});

/** A point with its monthly cost and its e2e p95 (the SLO metric) as mean ± half-width. */
function point(
  index: number,
  capacity: number,
  cost: [number, number],
  p95: [number, number],
  meetsSlo = true,
): PlanPoint {
  const metrics: Record<string, MetricSummary> = Object.fromEntries(PLAN_METRICS.map((m) => [m, ci(0, 0)]));
  metrics["cost.monthly.total"] = ci(...cost);
  metrics["latency.e2e.p95"] = ci(...p95);
  return {
    index,
    values: { [PATH]: capacity },
    replications: [
      { seed: 1, hash: "h" },
      { seed: 2, hash: "h" },
      { seed: 3, hash: "h" },
    ],
    metrics,
    slo: [
      {
        expression: "latency.e2e.p95 < 12s",
        level: "error",
        passed: meetsSlo ? 3 : 2,
        of: 3,
        actual: ci(...p95),
      },
      // A warn-level SLO does not decide equivalence.
      { expression: "throttle.client.rate < 0.001", level: "warn", passed: 0, of: 3, actual: ci(0.5, 0) },
    ],
    meetsSlo,
  };
}

/**
 * Hand-built: 0 PTU costs $20,000 ± 3,000 a month, 50 PTU $21,000 ± 2,500 (intervals overlap) but its p95 is 5 s ± 0.2
 * against 9 s ± 0.5 (they do not), 100 PTU $22,000 ± 2,000 with p95 8.8 s ± 0.4 (both overlap 0 PTU's), 200 PTU
 * $40,000 ± 1,000 (cost apart), 300 PTU fails its SLO.
 */
const points = [
  point(0, 0, [20000, 3000], [9000, 500]),
  point(1, 50, [21000, 2500], [5000, 200]),
  point(2, 100, [22000, 2000], [8800, 400]),
  point(3, 200, [40000, 1000], [8900, 100]),
  point(4, 300, [20500, 1000], [9000, 500], false),
];

describe("equivalent points", () => {
  it("are the points meeting the SLOs whose cost and error-level SLO intervals overlap the cheapest's", () => {
    expect(equivalentPoints(points, 0)).toEqual([2]);
    // Intervals that only touch cannot be told apart either.
    const touching = [point(0, 0, [100, 10], [1, 0]), point(1, 50, [120, 10], [1, 0])];
    expect(equivalentPoints(touching, 0)).toEqual([1]);
    // One replication: the intervals are single values, so only a tie is equivalent.
    const single = [point(0, 0, [100, 0], [1, 0]), point(1, 50, [100.5, 0], [1, 0])];
    expect(equivalentPoints(single, 0)).toEqual([]);
    // An SLO recorded without its values (an older plan) cannot make points equivalent.
    const old = points.map((p) => ({ ...p, slo: p.slo.map(({ actual: _, ...rest }) => rest) }));
    expect(equivalentPoints(old, 0)).toEqual([]);
  });

  const plan = buildPlan({
    name: "eq",
    hash: "abc",
    vary: [{ path: PATH, values: [0, 50, 100, 200, 300] }],
    seeds: [1, 2, 3],
    search: "grid",
    shard: null,
    points,
    hasSlo: true,
  });

  it("are listed in plan.json, which reads back", () => {
    expect(plan.recommended?.index).toBe(0);
    expect(plan.equivalent).toEqual([2]);
    const parsed = parsePlan(JSON.parse(JSON.stringify(plan)));
    expect(parsed.ok).toBe(true);
    // A shard recommends nothing, so it lists nothing.
    expect(
      buildPlan({
        ...{
          name: "eq",
          hash: "abc",
          vary: plan.vary,
          seeds: [1, 2, 3],
          search: "grid",
          points,
          hasSlo: true,
        },
        shard: { index: 1, count: 2 },
      }).equivalent,
    ).toBeUndefined();
  });

  it("are named by plan.md and plan.html next to the recommendation", () => {
    const md = renderPlanMarkdown(plan);
    expect(md).toContain(
      `**Equivalent:** point ${PATH}=100 is equivalent within the 95 % CIs to the recommended ${PATH}=0`,
    );
    expect(md).toMatch(/\| 100 \| .* \| pass ≈ \|/);
    const html = renderPlanHtml(plan, []);
    expect(html).toContain(
      `<strong>Equivalent:</strong> point ${PATH}=100 is equivalent within the 95 % CIs`,
    );
    expect(html).toContain("pass <small>≈ equivalent</small>");
  });

  it("says when one replication cannot tell", () => {
    const one = buildPlan({
      name: "eq",
      hash: "abc",
      vary: plan.vary,
      seeds: [1],
      search: "grid",
      shard: null,
      points: [point(0, 0, [100, 0], [1, 0]), point(1, 50, [200, 0], [1, 0])],
      hasSlo: true,
    });
    expect(renderPlanMarkdown(one)).toContain("**Equivalent:** one replication gives no confidence interval");
  });
});
