/**
 * A plan's pure half: aggregate replications per point (mean and 95% interval), judge SLOs, pick the recommended
 * point, choose what to evaluate next in a bisection, and render plan.md. Execution (workers, cache, files) lives in
 * the CLI; nothing here knows about threads or files, so one worker and many give the same plan.json.
 */
import { metricAt } from "../metrics/metric-registry.js";
import { mdCell, mdCode } from "../report/format.js";
import { VERSION } from "../version.js";
import { PLAN_METRICS, type TaskResult } from "./evaluate.js";
import type { VaryDimension } from "./vary.js";

/** Bump when plan.json changes meaning (2: `successRate` became the registry path `requests.successRate`). */
export const PLAN_SCHEMA_VERSION = 2;

/** Mean and 95% confidence interval of one metric over replications. */
export interface MetricSummary {
  /** Mean over replications. */
  mean: number;
  /** 95% interval of the mean (Student's t; equal to the mean with one replication). */
  ci95: [number, number];
  /** Smallest replication value. */
  min: number;
  /** Largest replication value. */
  max: number;
}

/** One evaluated point of the plan. */
export interface PlanPoint {
  /** Position in the grid (stable across shards). */
  index: number;
  /** The point's values by `--vary` path. */
  values: Record<string, number | string>;
  /** Each replication's seed and scenario hash. */
  replications: { seed: number; hash: string }[];
  /** Per-metric summaries, keyed by metric registry path ({@link PLAN_METRICS}). */
  metrics: Record<string, MetricSummary>;
  /** Per SLO: how many replications passed it. */
  slo: { expression: string; level: "error" | "warn"; passed: number; of: number }[];
  /** Every error-level SLO held in every replication. */
  meetsSlo: boolean;
}

/** plan.json. */
export interface Plan {
  /** Version of this format. */
  schemaVersion: number;
  /** The tool that wrote it. */
  tool: { name: "spillway"; version: string };
  /** Scenario name and the hash of its unvaried form. */
  scenario: { name: string; hash: string };
  /** The swept dimensions. */
  vary: VaryDimension[];
  /** Replications per point and their seeds (scenario seed + 0..n−1). */
  replications: { count: number; seeds: number[] };
  /** grid: every point; bisect: a monotone search over one dimension. */
  search: "grid" | "bisect";
  /** This file holds one slice of the grid (`--shard I/N`), or null. */
  shard: { index: number; count: number } | null;
  /** Points evaluated, in grid order. */
  points: PlanPoint[];
  /** The cheapest point that meets every error-level SLO (or the cheapest, when there is none), or null. */
  recommended: {
    index: number;
    values: Record<string, number | string>;
    costMonthly: number;
    reason: string;
  } | null;
}

const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** Mean, 95% t-interval, min and max of a sample. */
export function summarize(values: readonly number[]): MetricSummary {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const min = Math.min(...values);
  const max = Math.max(...values);
  if (n < 2) return { mean, ci95: [mean, mean], min, max };
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1);
  const df = n - 1;
  // Beyond the table, t(0.975) for 40/60/120 degrees of freedom, then the normal value.
  const t = df <= T975.length ? T975[df - 1] : df <= 40 ? 2.021 : df <= 60 ? 2.0 : df <= 120 ? 1.98 : 1.96;
  const half = (t * Math.sqrt(variance)) / Math.sqrt(n);
  return { mean, ci95: [mean - half, mean + half], min, max };
}

/** Builds a point from its replications (in replication order). */
export function aggregatePoint(
  index: number,
  values: Record<string, number | string>,
  results: TaskResult[],
): PlanPoint {
  const sorted = [...results].sort((a, b) => a.replication - b.replication);
  const metrics: Record<string, MetricSummary> = {};
  for (const name of PLAN_METRICS) metrics[name] = summarize(sorted.map((r) => r.metrics[name]));
  const slo = (sorted[0]?.slo ?? []).map((s, k) => ({
    expression: s.expression,
    level: s.level,
    passed: sorted.filter((r) => r.slo[k]?.passed === true).length,
    of: sorted.length,
  }));
  return {
    index,
    values,
    replications: sorted.map((r) => ({ seed: r.seed, hash: r.hash })),
    metrics,
    slo,
    meetsSlo: slo.every((s) => s.level === "warn" || s.passed === s.of),
  };
}

/** The cheapest point meeting every error-level SLO (mean monthly cost; ties to the earlier point). */
export function recommend(points: readonly PlanPoint[], hasSlo: boolean): Plan["recommended"] {
  const candidates = points.filter((p) => p.meetsSlo);
  if (candidates.length === 0) return null;
  let best = candidates[0];
  for (const p of candidates) {
    if (p.metrics["cost.monthly.total"].mean < best.metrics["cost.monthly.total"].mean) best = p;
  }
  return {
    index: best.index,
    values: best.values,
    costMonthly: best.metrics["cost.monthly.total"].mean,
    reason: hasSlo
      ? `cheapest of ${candidates.length} point(s) meeting every error-level SLO in every replication`
      : "cheapest point (the scenario has no SLO)",
  };
}

/**
 * Monotone bisection over one sorted dimension (Vidur's capacity search): the index to evaluate next, or null when
 * done. `known` maps evaluated indices to whether they met the SLOs. Assumes more of the dimension never hurts.
 */
export function nextBisection(count: number, known: ReadonlyMap<number, boolean>): number | null {
  if (!known.has(count - 1)) return count - 1;
  if (known.get(count - 1) === false) return null; // even the largest value fails: nothing to find
  if (!known.has(0)) return 0;
  if (known.get(0) === true) return null;
  // hi: the smallest value known to pass; lo: the largest value below it known to fail.
  let hi = count - 1;
  for (const [i, ok] of known) if (ok && i < hi) hi = i;
  let lo = 0;
  for (const [i, ok] of known) if (!ok && i < hi && i > lo) lo = i;
  if (hi - lo <= 1) return null;
  return Math.floor((lo + hi) / 2);
}

/** Assembles plan.json. */
export function buildPlan(args: {
  name: string;
  hash: string;
  vary: VaryDimension[];
  seeds: number[];
  search: "grid" | "bisect";
  shard: Plan["shard"];
  points: PlanPoint[];
  hasSlo: boolean;
}): Plan {
  const points = [...args.points].sort((a, b) => a.index - b.index);
  return {
    schemaVersion: PLAN_SCHEMA_VERSION,
    tool: { name: "spillway", version: VERSION },
    scenario: { name: args.name, hash: args.hash },
    vary: args.vary,
    replications: { count: args.seeds.length, seeds: args.seeds },
    search: args.search,
    shard: args.shard,
    points,
    recommended: args.shard === null ? recommend(points, args.hasSlo) : null,
  };
}

/** Combines shards of one plan; throws when they do not belong together. */
export function mergePlans(plans: readonly Plan[], hasSlo: boolean): Plan {
  const first = plans[0];
  for (const p of plans) {
    if (p.scenario.hash !== first.scenario.hash || JSON.stringify(p.vary) !== JSON.stringify(first.vary)) {
      throw new Error("these plan.json files come from different scenarios or --vary settings");
    }
    if (JSON.stringify(p.replications) !== JSON.stringify(first.replications)) {
      throw new Error("these plan.json files used different --replications");
    }
  }
  for (const p of plans) {
    if (p.tool.version !== first.tool.version) {
      throw new Error(
        `shards come from spillway ${first.tool.version} and ${p.tool.version}; re-run them with one version`,
      );
    }
  }
  // Shards of one split: the same count N, each index 1..N exactly once, so the grid is covered once.
  const count = first.shard?.count;
  const indices = plans.map((p) => p.shard?.index);
  if (count === undefined || plans.some((p) => p.shard?.count !== count)) {
    throw new Error(
      "merge takes the shards of one split: every plan.json must come from --shard I/N with the same N",
    );
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !indices.includes(i));
  if (missing.length > 0 || new Set(indices).size !== indices.length) {
    throw new Error(
      `shards ${indices.join(", ")} of ${count}: ${missing.length > 0 ? `missing ${missing.join(", ")}` : "a shard is given twice"}`,
    );
  }
  const byIndex = new Map<number, PlanPoint>();
  for (const p of plans) for (const point of p.points) byIndex.set(point.index, point);
  return buildPlan({
    name: first.scenario.name,
    hash: first.scenario.hash,
    vary: first.vary,
    seeds: first.replications.seeds,
    search: first.search,
    shard: null,
    points: [...byIndex.values()],
    hasSlo,
  });
}

const money = (v: number) => `$${v.toLocaleString("en-US", { maximumFractionDigits: 0 })}`;
const pct = (v: number) => `${(v * 100).toFixed(2)}%`;

/**
 * plan.md: the grid as a table, the recommendation first. It is also printed to the terminal, so every value from
 * plan.json or the command line goes through mdCell or mdCode (escaped Markdown, control characters made visible).
 */
export function renderPlanMarkdown(plan: Plan): string {
  const paths = plan.vary.map((v) => v.path);
  const out = [`# Plan: ${mdCell(plan.scenario.name)}`, ""];
  out.push(
    `${mdCell(String(plan.points.length))} point(s), ${mdCell(String(plan.replications.count))} replication(s) each (seeds ${mdCell(plan.replications.seeds.join(", "))}), search: ${mdCell(plan.search)}.`,
    "",
  );
  if (plan.recommended !== null) {
    const v = Object.entries(plan.recommended.values)
      .map(([k, x]) => `\`${mdCode(`${k}=${x}`)}\``)
      .join(", ");
    out.push(
      `**Recommended:** ${v} — ${mdCell(money(plan.recommended.costMonthly))} per month (${mdCell(plan.recommended.reason)}).`,
      "",
    );
  } else if (plan.shard === null) {
    out.push("**Recommended:** none — no point meets every error-level SLO; widen the sweep.", "");
  }
  const label = (path: string) => {
    const m = metricAt(path);
    return m.unit === "ms" ? `${m.label} (ms)` : m.label;
  };
  const header = [
    ...paths.map(mdCell),
    `${label("cost.monthly.total")} (95% CI)`,
    label("latency.e2e.p95"),
    label("throttle.client.rate"),
    label("spillover.rate"),
    "SLOs",
  ];
  out.push(`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`);
  for (const p of plan.points) {
    const cost = p.metrics["cost.monthly.total"];
    const slo = p.slo.length === 0 ? "—" : p.meetsSlo ? "pass" : "**fail**";
    const mark = plan.recommended?.index === p.index ? " ⟵" : "";
    out.push(
      `| ${[
        ...paths.map((k) => mdCell(String(p.values[k]))),
        mdCell(`${money(cost.mean)} (${money(cost.ci95[0])}–${money(cost.ci95[1])})`),
        Math.round(p.metrics["latency.e2e.p95"].mean),
        pct(p.metrics["throttle.client.rate"].mean),
        pct(p.metrics["spillover.rate"].mean),
        `${slo}${mark}`,
      ].join(" | ")} |`,
    );
  }
  return `${out.join("\n")}\n`;
}
