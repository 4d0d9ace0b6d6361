/**
 * Baseline comparison for `spillway check --baseline`: the metrics tracked from report.json, which way is better for
 * each, how much worse is tolerated, and the diff of two reports. Pure: reports in, rows out.
 *
 * A row's verdict follows Lighthouse CI's getDeltaLabel (a signed delta read through the metric's direction), with
 * a tolerance band around the baseline: a change inside the band is `neutral` either way, beyond it `improvement`
 * or `regression`. Reports are deterministic (same scenario, seed and model => same bytes), so any move is a real
 * change of the model or the scenario, not noise; the band is there to let small, intended model changes through.
 */
import type { Report } from "../report/report-types.js";

/** Which way a metric should move. `none`: informational, never a regression. */
export type Direction = "lower" | "higher" | "none";
/** Tolerance groups; `info` metrics take no tolerance. */
export const METRIC_GROUPS = ["latency", "rates", "cost", "info"] as const;
/** A tolerance group. */
export type MetricGroup = (typeof METRIC_GROUPS)[number];
/** Units of tracked metrics, for formatting: ms, a fraction in [0, 1], or USD. */
export type MetricUnit = "ms" | "fraction" | "usd";

/** A metric compared against the baseline. */
export interface TrackedMetric {
  /** Report path, or a derived name (`requests.success.rate`) for ratios report.json does not store. */
  id: string;
  /** Short human name. */
  label: string;
  /** Tolerance group. */
  group: MetricGroup;
  /** Which way is better. */
  direction: Direction;
  /** Unit, for formatting and for absolute tolerances. */
  unit: MetricUnit;
  /** Reads the value from a report; undefined when the report lacks it. */
  read: (report: Report) => number | undefined;
}

/** A number, or undefined when the value is not one (an old or hand-edited baseline). */
function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** `part / requests.arrived`, 0 when nothing arrived (a ratio of nothing has nothing to regress). */
function shareOfArrived(report: Report, part: number | undefined): number | undefined {
  const arrived = num(report.requests?.arrived);
  if (arrived === undefined || part === undefined) return undefined;
  return arrived === 0 ? 0 : part / arrived;
}

/** The tracked metrics, in table order. */
export const TRACKED_METRICS: readonly TrackedMetric[] = [
  latencyMetric("e2e", "p50"),
  latencyMetric("e2e", "p95"),
  latencyMetric("e2e", "p99"),
  latencyMetric("ttft", "p50"),
  latencyMetric("ttft", "p95"),
  {
    id: "requests.success.rate",
    label: "success rate",
    group: "rates",
    direction: "higher",
    unit: "fraction",
    read: (r) => shareOfArrived(r, num(r.requests?.succeeded)),
  },
  {
    id: "throttle.client.rate",
    label: "caller 429 rate",
    group: "rates",
    direction: "lower",
    unit: "fraction",
    read: (r) => num(r.throttle?.client?.rate),
  },
  {
    id: "throttle.backend.rate",
    label: "backend 429 rate",
    group: "rates",
    direction: "lower",
    unit: "fraction",
    read: (r) => num(r.throttle?.backend?.rate),
  },
  {
    id: "requests.errored.rate",
    label: "errored share",
    group: "rates",
    direction: "lower",
    unit: "fraction",
    read: (r) => shareOfArrived(r, num(r.requests?.errored)),
  },
  costMetric("total"),
  costMetric("provisioned"),
  costMetric("tokens"),
  costMetric("gateway"),
  {
    id: "spillover.rate",
    label: "spillover rate",
    group: "info",
    direction: "none",
    unit: "fraction",
    read: (r) => num(r.spillover?.rate),
  },
];

function latencyMetric(kind: "e2e" | "ttft", percentile: "p50" | "p95" | "p99"): TrackedMetric {
  return {
    id: `latency.${kind}.${percentile}`,
    label: `latency ${kind} ${percentile}`,
    group: "latency",
    direction: "lower",
    unit: "ms",
    read: (r) => num(r.latency?.[kind]?.[percentile]),
  };
}

function costMetric(part: "total" | "provisioned" | "tokens" | "gateway"): TrackedMetric {
  return {
    id: `cost.monthly.${part}`,
    label: `monthly cost, ${part}`,
    group: "cost",
    direction: "lower",
    unit: "usd",
    read: (r) => num(r.cost?.monthly?.[part]),
  };
}

/** A tolerance: a share of the baseline (`relative`, 0.1 = 10%) or an amount in the metric's unit (`absolute`). */
export interface Tolerance {
  /** How `value` is read. */
  kind: "relative" | "absolute";
  /** The allowed worsening. */
  value: number;
}

/** Defaults: latency percentiles +10%, rates ±0.5 percentage points (the bad way), cost +5%. */
export const DEFAULT_TOLERANCES: Readonly<Record<Exclude<MetricGroup, "info">, Tolerance>> = {
  latency: { kind: "relative", value: 0.1 },
  rates: { kind: "absolute", value: 0.005 },
  cost: { kind: "relative", value: 0.05 },
};

/** Keys a tolerance may be given for: a group that can regress, or a tracked metric that can. */
export function toleranceKeys(): string[] {
  const groups = METRIC_GROUPS.filter((g) => g !== "info");
  return [...groups, ...TRACKED_METRICS.filter((m) => m.direction !== "none").map((m) => m.id)];
}

/** Parses a tolerance as the scenario's `regression:` block or `--tolerance` writes it ("10%", 0.005, "0.005"). */
export function parseTolerance(value: string | number): Tolerance | string {
  if (typeof value === "number") {
    return Number.isFinite(value) && value >= 0
      ? { kind: "absolute", value }
      : `${value} is not a tolerance: use a non-negative number or a percentage`;
  }
  const text = value.trim();
  const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(text);
  if (percent !== null) return { kind: "relative", value: Number(percent[1]) / 100 };
  if (/^\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i.test(text) && Number.isFinite(Number(text))) {
    return { kind: "absolute", value: Number(text) };
  }
  return `"${text}" is not a tolerance: write a percentage of the baseline ("10%") or an amount in the metric's unit (0.005)`;
}

/** Checks a tolerance key; returns a message when it names no group or comparable metric. */
export function checkToleranceKey(key: string): string | undefined {
  if (toleranceKeys().includes(key)) return undefined;
  if (key === "info" || TRACKED_METRICS.some((m) => m.id === key && m.direction === "none")) {
    return `"${key}" is informational and never fails, so it takes no tolerance`;
  }
  return `"${key}" is not a metric group or tracked metric; use one of ${toleranceKeys().join(", ")}`;
}

/** Parses `KEY=TOLERANCE` (the `--tolerance` flag), or returns a message. */
export function parseToleranceFlag(text: string): { key: string; tolerance: Tolerance } | string {
  const at = text.indexOf("=");
  if (at <= 0)
    return `--tolerance "${text}": write KEY=TOLERANCE, e.g. latency=15% or throttle.client.rate=0.01`;
  const key = text.slice(0, at).trim();
  const keyProblem = checkToleranceKey(key);
  if (keyProblem !== undefined) return `--tolerance "${text}": ${keyProblem}`;
  const tolerance = parseTolerance(text.slice(at + 1));
  if (typeof tolerance === "string") return `--tolerance "${text}": ${tolerance}`;
  return { key, tolerance };
}

/** Tolerances given by the `--tolerance` flags and by the scenario's `regression.tolerances`, keyed by path or group. */
export interface ToleranceOverrides {
  /** From `--tolerance`: they win over the scenario's. */
  flags?: Readonly<Record<string, Tolerance>>;
  /** From the scenario's `regression:` block. */
  scenario?: Readonly<Record<string, Tolerance>>;
}

/** A metric's tolerance and where it came from (shown in the tables, so a surprise can be traced). */
export interface ResolvedTolerance extends Tolerance {
  /** Who set it. */
  source: "flag" | "scenario" | "default";
  /** The key it was set under (a path or a group). */
  key: string;
}

/**
 * The tolerance of a metric: flag by path, flag by group, scenario by path, scenario by group, then the default.
 * Flags come first because they are the run's explicit choice; within each, the narrower key wins.
 * Undefined for informational metrics.
 */
export function resolveTolerance(
  metric: TrackedMetric,
  overrides: ToleranceOverrides = {},
): ResolvedTolerance | undefined {
  if (metric.direction === "none" || metric.group === "info") return undefined;
  const sources = [
    ["flag", overrides.flags ?? {}],
    ["scenario", overrides.scenario ?? {}],
  ] as const;
  for (const [source, table] of sources) {
    for (const key of [metric.id, metric.group]) {
      const found = Object.hasOwn(table, key) ? table[key] : undefined;
      if (found !== undefined) return { ...found, source, key };
    }
  }
  return { ...DEFAULT_TOLERANCES[metric.group], source: "default", key: metric.group };
}

/** How a metric moved, read through its direction and tolerance. */
export type Verdict = "improvement" | "neutral" | "regression";

/** One row of a baseline comparison. */
export interface DiffRow {
  /** Metric id (report path or derived name). */
  metric: string;
  /** Human name. */
  label: string;
  /** Tolerance group. */
  group: MetricGroup;
  /** Which way is better. */
  direction: Direction;
  /** Unit of baseline, now and delta. */
  unit: MetricUnit;
  /** Baseline value. */
  baseline: number;
  /** Current value. */
  now: number;
  /** now − baseline. */
  delta: number;
  /** delta / |baseline|; 0 when both are 0; null when only the baseline is 0 (no meaningful ratio). */
  relative: number | null;
  /** The tolerance applied (undefined for informational metrics). */
  tolerance: ResolvedTolerance | undefined;
  /** The outcome. */
  verdict: Verdict;
}

/** The comparison of a report with its baseline. */
export interface ReportDiff {
  /** One row per tracked metric, in {@link TRACKED_METRICS} order. */
  rows: DiffRow[];
  /** Rows whose verdict is `regression`. */
  regressions: number;
  /** The scenario hash differs: the file (or a --set) changed since the baseline. Noted, never a failure itself. */
  scenarioChanged: boolean;
  /** Things a reader should know (scenario changed, other tool version, other seed). */
  notes: string[];
}

/** The allowed worsening of a metric whose baseline is `baseline`. */
export function allowedWorsening(tolerance: Tolerance, baseline: number): number {
  return tolerance.kind === "relative" ? Math.abs(baseline) * tolerance.value : tolerance.value;
}

/**
 * The verdict of one metric: `regression` when it got worse by more than the tolerance, `improvement` when it got
 * better by more, `neutral` otherwise (and always for informational metrics).
 */
export function verdictOf(
  direction: Direction,
  baseline: number,
  now: number,
  tolerance: Tolerance | undefined,
): Verdict {
  if (direction === "none" || tolerance === undefined || now === baseline) return "neutral";
  const worsening = direction === "lower" ? now - baseline : baseline - now;
  // Report values are rounded decimals (3 digits for ms, 6 for rates, 4 for USD): 0.105 − 0.1 is
  // 0.0050000000000000044 in binary, and a change exactly at the tolerance must pass, so compare with a little slack.
  const slack = 1e-9 * Math.max(1, Math.abs(baseline), Math.abs(now));
  const allowed = allowedWorsening(tolerance, baseline) + slack;
  if (worsening > allowed) return "regression";
  if (-worsening > allowed) return "improvement";
  return "neutral";
}

/** Every tracked metric the report lacks (an old or hand-edited baseline); empty for any report spillway wrote. */
export function missingMetrics(report: Report): string[] {
  return TRACKED_METRICS.filter((m) => m.read(report) === undefined).map((m) => m.id);
}

/**
 * Compares a report with its baseline, metric by metric. Both must hold every tracked metric
 * ({@link missingMetrics}); a missing one is read as 0, which only a hand-made report can cause.
 */
export function diffReports(
  baseline: Report,
  current: Report,
  tolerances: ToleranceOverrides = {},
): ReportDiff {
  const rows = TRACKED_METRICS.map((metric): DiffRow => {
    const before = metric.read(baseline) ?? 0;
    const now = metric.read(current) ?? 0;
    const delta = now - before;
    const tolerance = resolveTolerance(metric, tolerances);
    return {
      metric: metric.id,
      label: metric.label,
      group: metric.group,
      direction: metric.direction,
      unit: metric.unit,
      baseline: before,
      now,
      delta,
      relative: delta === 0 ? 0 : before === 0 ? null : delta / Math.abs(before),
      tolerance,
      verdict: verdictOf(metric.direction, before, now, tolerance),
    };
  });
  const notes: string[] = [];
  const scenarioChanged = baseline.scenario?.hash !== current.scenario?.hash;
  if (scenarioChanged) {
    notes.push(
      `the scenario changed since the baseline (hash ${short(baseline.scenario?.hash)} → ${short(current.scenario?.hash)}): ` +
        "differences may come from the scenario, not the model",
    );
  }
  if (baseline.seed !== current.seed)
    notes.push(`seed ${baseline.seed} in the baseline, ${current.seed} now`);
  if (baseline.tool?.version !== current.tool?.version) {
    notes.push(`baseline written by spillway ${baseline.tool?.version}, this is ${current.tool?.version}`);
  }
  return { rows, regressions: rows.filter((r) => r.verdict === "regression").length, scenarioChanged, notes };
}

function short(hash: string | undefined): string {
  return hash === undefined ? "none" : hash.slice(0, 12);
}
