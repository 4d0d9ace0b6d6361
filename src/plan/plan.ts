/**
 * A plan's pure half: aggregate replications per point (mean and 95% interval), judge SLOs, pick the recommended
 * point, choose what to evaluate next in a bisection, and render plan.md. Execution (workers, cache, files) lives in
 * the CLI; nothing here knows about threads or files, so one worker and many give the same plan.json.
 */
import { KNOBS } from "../catalog/assumptions.js";
import { metricAt } from "../metrics/metric-registry.js";
import { mdCell, mdCode, moneyPrefix } from "../report/format.js";
import { VERSION } from "../version.js";
import { PLAN_METRICS, type TaskResult } from "./evaluate.js";
import type { KnobEndName, KnobValue } from "./knob-ends.js";
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

/** How a point fared at the ends of the undocumented knobs it uses (`plan --robust`). */
export interface PointRobustness {
  /** Every error-level SLO held at the point's own values (the verdict without --robust). */
  meetsSloAtBase: boolean;
  /** Each knob end tried, in catalog order, with the error-level SLOs that failed there (none: it passed). */
  ends: { knob: string; end: KnobEndName; value: KnobValue; failed: string[] }[];
  /** The knobs at one of whose ends a point that passes at its own values fails (empty when none does). */
  failedBy: string[];
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
  /**
   * Per SLO: how many replications passed it, and (`actual`, absent from plans written before it was added) the
   * metric's values over the replications, which {@link equivalentPoints} compares.
   */
  slo: { expression: string; level: "error" | "warn"; passed: number; of: number; actual?: MetricSummary }[];
  /** Every error-level SLO held in every replication (with --robust: at the base and at every knob end too). */
  meetsSlo: boolean;
  /** With --robust: the point at the ends of the knobs it uses. */
  robust?: PointRobustness;
}

/** What `plan --robust` adds to plan.json: the recommendation it would have made without, and what changed it. */
export interface PlanRobustness {
  /** Every knob some point was run at the ends of, in catalog order. */
  knobs: string[];
  /** The recommendation at the points' own values alone (what `plan` without --robust recommends), or null. */
  baseRecommended: Plan["recommended"];
  /** The knobs at whose ends that recommendation fails, so the robust one differs (empty: it holds). */
  changedBy: string[];
}

/** plan.json. */
export interface Plan {
  /** Version of this format. */
  schemaVersion: number;
  /** The tool that wrote it. */
  tool: { name: "spillway"; version: string };
  /**
   * Scenario name and the hash of its unvaried form; `currency` (ISO 4217) when the scenario's `billing:` reports
   * money in a currency other than USD.
   */
  scenario: { name: string; hash: string; currency?: string };
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
  /** With --robust: the recommendation without it, and the knobs that change it. */
  robust?: PlanRobustness;
  /**
   * Indices of the points the replications cannot tell from the recommended one ({@link equivalentPoints}), in grid
   * order; written with a recommendation (a whole plan), absent otherwise and from plans written before it was added.
   */
  equivalent?: number[];
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
    actual: summarize(sorted.map((r) => r.slo[k]?.actual ?? s.actual)),
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

/** The error-level SLOs a point failed in some replication (what makes `meetsSlo` false), as written. */
export function failedSlos(point: PlanPoint): string[] {
  return point.slo.filter((s) => s.level === "error" && s.passed < s.of).map((s) => s.expression);
}

/**
 * The cheapest point meeting every error-level SLO (mean monthly cost; ties to the earlier point); with `robust`, at
 * the base and at every knob end.
 */
export function recommend(
  points: readonly PlanPoint[],
  hasSlo: boolean,
  robust = false,
): Plan["recommended"] {
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
      ? `cheapest of ${candidates.length} point(s) meeting every error-level SLO in every replication${robust ? ", at the base and at both ends of every knob it uses" : ""}`
      : "cheapest point (the scenario has no SLO)",
  };
}

/** Whether two 95% intervals share a value (touching counts: the data cannot separate them). */
function overlaps(a: readonly [number, number], b: readonly [number, number]): boolean {
  return a[0] <= b[1] && b[0] <= a[1];
}

/**
 * The points the replications cannot tell from the recommended one: each meets the SLOs too, and its monthly cost and
 * every error-level SLO metric have 95% intervals that overlap the recommended point's. The cheapest mean is then
 * no evidence that it is cheaper (or better) — more replications, or other grounds, decide. With one replication the
 * intervals are single values, so only an exact tie is equivalent. An SLO without its values over the replications (a
 * plan written before they were recorded) cannot be compared, so nothing is equivalent by it.
 */
export function equivalentPoints(points: readonly PlanPoint[], recommendedIndex: number): number[] {
  const best = points.find((p) => p.index === recommendedIndex);
  if (best === undefined) return [];
  const cost = (p: PlanPoint) => p.metrics["cost.monthly.total"].ci95;
  return points
    .filter((p) => p.index !== best.index && p.meetsSlo && overlaps(cost(p), cost(best)))
    .filter((p) =>
      best.slo.every((s, k) => {
        if (s.level !== "error") return true;
        const mine = p.slo[k]?.actual;
        return mine !== undefined && s.actual !== undefined && overlaps(mine.ci95, s.actual.ci95);
      }),
    )
    .map((p) => p.index);
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
  /** The report currency of the scenario's `billing:` (USD when absent). */
  currency?: string;
  vary: VaryDimension[];
  seeds: number[];
  search: "grid" | "bisect";
  shard: Plan["shard"];
  points: PlanPoint[];
  hasSlo: boolean;
  /** The points carry their robustness (`--robust`). */
  robust?: boolean;
}): Plan {
  const points = [...args.points].sort((a, b) => a.index - b.index);
  const whole = args.shard === null;
  const plan: Plan = {
    schemaVersion: PLAN_SCHEMA_VERSION,
    tool: { name: "spillway", version: VERSION },
    scenario: {
      name: args.name,
      hash: args.hash,
      ...(args.currency === undefined || args.currency === "USD" ? {} : { currency: args.currency }),
    },
    vary: args.vary,
    replications: { count: args.seeds.length, seeds: args.seeds },
    search: args.search,
    shard: args.shard,
    points,
    recommended: whole ? recommend(points, args.hasSlo, args.robust) : null,
  };
  if (args.robust === true) plan.robust = planRobustness(points, whole, plan.recommended, args.hasSlo);
  if (plan.recommended !== null) plan.equivalent = equivalentPoints(points, plan.recommended.index);
  return plan;
}

/**
 * The recommendation the points would give at their own values alone, and the knobs that moved it to `recommended`
 * (those at whose ends it fails). A shard (`whole` false) recommends nothing, so it compares nothing.
 */
function planRobustness(
  points: readonly PlanPoint[],
  whole: boolean,
  recommended: Plan["recommended"],
  hasSlo: boolean,
): PlanRobustness {
  const used = new Set(points.flatMap((p) => p.robust?.ends.map((e) => e.knob) ?? []));
  const atBase = points.map((p) => ({ ...p, meetsSlo: p.robust?.meetsSloAtBase ?? p.meetsSlo }));
  const baseRecommended = whole ? recommend(atBase, hasSlo) : null;
  const changed = baseRecommended !== null && baseRecommended.index !== recommended?.index;
  const failedBy = points.find((p) => p.index === baseRecommended?.index)?.robust?.failedBy ?? [];
  return {
    knobs: KNOBS.map((k) => k.name as string).filter((name) => used.has(name)),
    baseRecommended,
    changedBy: changed ? failedBy : [],
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
  if (plans.some((p) => (p.robust === undefined) !== (first.robust === undefined))) {
    throw new Error("some shards were planned with --robust and some without; re-run them all one way");
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
    currency: first.scenario.currency,
    vary: first.vary,
    seeds: first.replications.seeds,
    search: first.search,
    shard: null,
    points: [...byIndex.values()],
    hasSlo,
    robust: first.robust !== undefined,
  });
}

/** A whole amount of money in the plan's currency (`$12,345`, `EUR 12,345`). */
export function planMoney(plan: Plan, v: number): string {
  return `${moneyPrefix(plan.scenario.currency)}${v.toLocaleString("en-US", { maximumFractionDigits: 0 })}`;
}

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
      `**Recommended:** ${v} — ${mdCell(planMoney(plan, plan.recommended.costMonthly))} per month (${mdCell(plan.recommended.reason)}).`,
      "",
    );
  } else if (plan.shard === null) {
    out.push(
      `**Recommended:** none — no point meets every error-level SLO${plan.robust === undefined ? "" : " at the base and at every knob end"}; widen the sweep.`,
      "",
    );
  }
  const same = equivalenceText(plan);
  if (same !== null) out.push(`**Equivalent:** ${mdCell(same)}`, "");
  if (plan.robust !== undefined) out.push(...robustLines(plan, plan.robust), "");
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
    ...(plan.robust === undefined ? [] : ["fails at"]),
  ];
  out.push(`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`);
  for (const p of plan.points) {
    const cost = p.metrics["cost.monthly.total"];
    const slo = p.slo.length === 0 ? "—" : p.meetsSlo ? "pass" : "**fail**";
    const mark = plan.recommended?.index === p.index ? " ⟵" : plan.equivalent?.includes(p.index) ? " ≈" : "";
    out.push(
      `| ${[
        ...paths.map((k) => mdCell(String(p.values[k]))),
        mdCell(
          `${planMoney(plan, cost.mean)} (${planMoney(plan, cost.ci95[0])}–${planMoney(plan, cost.ci95[1])})`,
        ),
        Math.round(p.metrics["latency.e2e.p95"].mean),
        pct(p.metrics["throttle.client.rate"].mean),
        pct(p.metrics["spillover.rate"].mean),
        `${slo}${mark}`,
        ...(plan.robust === undefined ? [] : [mdCell(failingEnds(p))]),
      ].join(" | ")} |`,
    );
  }
  return `${out.join("\n")}\n`;
}

/** A point's `--vary` values as `path=value, ...`. */
function pointName(plan: Plan, index: number): string {
  const p = plan.points.find((x) => x.index === index);
  return Object.entries(p?.values ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
}

/**
 * What plan.md and plan.html say of the points the replications cannot tell from the recommended one: "points X, Y
 * are equivalent within the 95 % CIs ...", or that one replication has no intervals; null when there is nothing to
 * say (no recommendation, or a plan written before equivalence was recorded).
 */
export function equivalenceText(plan: Plan): string | null {
  if (plan.recommended === null || plan.equivalent === undefined) return null;
  const rec = pointName(plan, plan.recommended.index);
  if (plan.equivalent.length === 0) {
    return plan.replications.count < 2
      ? "one replication gives no confidence interval, so nothing says how far the cheapest point's lead is noise; run --replications 3 or more."
      : `no other point is equivalent to ${rec}: every other point's monthly cost or SLO metrics lie outside its 95 % CIs.`;
  }
  const names = plan.equivalent.map((i) => pointName(plan, i));
  const subject = names.length === 1 ? `point ${names[0]} is` : `points ${names.join("; ")} are`;
  return (
    `${subject} equivalent within the 95 % CIs to the recommended ${rec}: their monthly cost and error-level SLO ` +
    "metrics overlap its intervals, so the replications cannot tell them apart; choose among them on other grounds " +
    "(headroom, commitment), or run more replications."
  );
}

/** A point's failing knob ends, `provisioned.bucket.window low (10)`, or — when it passes (or fails at its own values). */
export function failingEnds(point: PlanPoint): string {
  if (point.robust === undefined) return "—";
  if (!point.robust.meetsSloAtBase) return "its own values";
  const ends = point.robust.ends.filter((e) => e.failed.length > 0);
  return ends.length === 0 ? "—" : ends.map((e) => `${e.knob} ${e.end} (${String(e.value)})`).join(", ");
}

/**
 * What plan.md and plan.html say of a robust plan: the knobs moved, and whether (and by which knob) the recommendation
 * differs from the one the points' own values give — what an architect needs before trusting the cheaper point.
 * `recommendation` is null for a shard, which recommends nothing.
 */
export function robustSummary(
  plan: Plan,
  robust: PlanRobustness,
): { knobs: string; withoutRobust: string | null } {
  const knobs =
    robust.knobs.length === 0
      ? "no point uses an undocumented knob, so --robust changes nothing."
      : `each point was also run at the low and the high end of the undocumented knobs it uses (${robust.knobs.join(", ")}); it passes only if it meets the SLOs at all of them.`;
  if (plan.shard !== null) return { knobs, withoutRobust: null };
  const base = robust.baseRecommended;
  const at = (r: NonNullable<Plan["recommended"]>) =>
    `${Object.entries(r.values)
      .map(([k, v]) => `${k}=${v}`)
      .join(", ")} (${planMoney(plan, r.costMonthly)} per month)`;
  let withoutRobust: string;
  if (base === null) withoutRobust = "no point meets the SLOs either.";
  else if (robust.changedBy.length === 0) withoutRobust = `the same recommendation, ${at(base)}.`;
  else {
    const verb = robust.changedBy.length === 1 ? "changes" : "change";
    const now =
      plan.recommended === null
        ? "no point meets the SLOs at every knob end"
        : `the robust recommendation is ${at(plan.recommended)}`;
    withoutRobust = `${at(base)}; ${robust.changedBy.join(", ")} ${verb} it: ${now}.`;
  }
  return { knobs, withoutRobust };
}

/** {@link robustSummary} as Markdown paragraphs (every value escaped: plan.md is also printed). */
function robustLines(plan: Plan, robust: PlanRobustness): string[] {
  const { knobs, withoutRobust } = robustSummary(plan, robust);
  const lines = [`**Robust:** ${mdCell(knobs)}`];
  if (withoutRobust !== null) lines.push("", `**Without --robust:** ${mdCell(withoutRobust)}`);
  return lines;
}
