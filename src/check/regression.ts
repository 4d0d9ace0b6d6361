/**
 * Baseline comparison for `spillway check --baseline`: the metrics tracked from report.json (a selection of the metric
 * registry, which says which way is better for each and its tolerance group), how much worse is tolerated, and the
 * diff of two reports. Pure: reports in, rows out.
 *
 * A row's verdict follows Lighthouse CI's getDeltaLabel (a signed delta read through the metric's direction), with
 * a tolerance band around the baseline: a change inside the band is `neutral` either way, beyond it `improvement`
 * or `regression`. Reports are deterministic (same scenario, seed and model => same bytes), so any move is a real
 * change of the model or the scenario, not noise; the band is there to let small, intended model changes through.
 */
import {
  FORMER_NAMES,
  METRIC_GROUPS,
  type MetricDefinition,
  type MetricDirection,
  type MetricGroup,
  type MetricUnit,
  metricAt,
  readMetric,
} from "../metrics/metric-registry.js";
import type { Report } from "../report/report-types.js";
import { nearestKey, pathDistance } from "../scenario/suggest.js";
import { type ChangedKey, changedScenarioKeys } from "./scenario-diff.js";

/** Report paths of the tracked metrics, in table order: the headline latency, rates and cost of a run. */
const TRACKED_PATHS = [
  "latency.e2e.p50",
  "latency.e2e.p95",
  "latency.e2e.p99",
  "latency.ttft.p50",
  "latency.ttft.p95",
  "requests.successRate",
  "throttle.client.rate",
  "throttle.backend.rate",
  "requests.errored.rate",
  "cost.monthly.total",
  "cost.monthly.provisioned",
  "cost.monthly.tokens",
  "cost.monthly.gateway",
  "spillover.rate",
] as const;

/** The tracked metrics, in table order, with the tolerance group the registry gives each. */
export const TRACKED_METRICS: readonly MetricDefinition[] = TRACKED_PATHS.map(metricAt);

/** A tracked metric's value in a report; undefined when the report lacks it (an old or hand-edited baseline). */
function readTracked(metric: MetricDefinition, report: Report): number | undefined {
  return readMetric(report, metric.path) ?? undefined;
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
  return [...groups, ...TRACKED_METRICS.filter((m) => m.direction !== "none").map((m) => m.path)];
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

/**
 * Checks a tolerance key; returns a message when it names no group or comparable metric, with the key it probably
 * meant: the new name of a renamed metric (`requests.success.rate` is now `requests.successRate`), else the nearest key.
 */
export function checkToleranceKey(key: string): string | undefined {
  const keys = toleranceKeys();
  if (keys.includes(key)) return undefined;
  if (key === "info" || TRACKED_METRICS.some((m) => m.path === key && m.direction === "none")) {
    return `"${key}" is informational and never fails, so it takes no tolerance`;
  }
  const nearest = Object.hasOwn(FORMER_NAMES, key)
    ? FORMER_NAMES[key]
    : nearestKey(key, keys, pathDistance(key));
  const hint = nearest === undefined ? "" : ` did you mean "${nearest}"?`;
  return `"${key}" is not a metric group or tracked metric;${hint} use one of ${keys.join(", ")}`;
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

/**
 * Tolerances given by the `--tolerance` flags and by the scenario's `regression.tolerances`, keyed by path or group,
 * and the scenario's `regression.report` / `regression.regress` rules.
 */
export interface ToleranceOverrides {
  /** From `--tolerance`: they win over the scenario's. */
  flags?: Readonly<Record<string, Tolerance>>;
  /** From the scenario's `regression:` block. */
  scenario?: Readonly<Record<string, Tolerance>>;
  /** Which metrics only report a worsening and which fail on it, by path or group. */
  rules?: RegressionRules;
}

/** The scenario's `regression.report` and `regression.regress` lists (paths or groups). */
export interface RegressionRules {
  /** Worsening beyond tolerance is "changed (reported only)", never a failure. */
  report?: readonly string[];
  /** Worsening beyond tolerance fails the check (the default); a path here wins over its group in `report`. */
  regress?: readonly string[];
}

/**
 * Whether a metric's worsening is reported only: the narrower key decides (path before group), and a metric named in
 * neither list can regress. {@link checkRegressionRules} refuses a key listed in both, so no tie is left.
 */
export function isReportOnly(metric: MetricDefinition, rules: RegressionRules = {}): boolean {
  for (const key of [metric.path, metric.group]) {
    if (rules.regress?.includes(key)) return false;
    if (rules.report?.includes(key)) return true;
  }
  return false;
}

/** Problems of the rule lists, each with the path it is at (`report[0]`): unknown keys, and keys in both lists. */
export function checkRegressionRules(rules: RegressionRules): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  for (const list of ["report", "regress"] as const) {
    (rules[list] ?? []).forEach((key, i) => {
      const keyProblem = checkToleranceKey(key);
      if (keyProblem !== undefined) problems.push({ path: `${list}[${i}]`, message: keyProblem });
      else if (list === "regress" && rules.report?.includes(key)) {
        problems.push({
          path: `${list}[${i}]`,
          message: `"${key}" is also in regression.report; list it in one of the two`,
        });
      }
    });
  }
  return problems;
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
  metric: MetricDefinition,
  overrides: ToleranceOverrides = {},
): ResolvedTolerance | undefined {
  if (metric.direction === "none" || metric.group === "info") return undefined;
  const sources = [
    ["flag", overrides.flags ?? {}],
    ["scenario", overrides.scenario ?? {}],
  ] as const;
  for (const [source, table] of sources) {
    for (const key of [metric.path, metric.group]) {
      const found = Object.hasOwn(table, key) ? table[key] : undefined;
      if (found !== undefined) return { ...found, source, key };
    }
  }
  return { ...DEFAULT_TOLERANCES[metric.group], source: "default", key: metric.group };
}

/**
 * How a metric moved, read through its direction and tolerance; `changed` is a worsening beyond tolerance of a
 * metric the scenario's `regression.report` rule reports without failing.
 */
export type Verdict = "improvement" | "neutral" | "regression" | "changed";

/** One row of a baseline comparison. */
export interface DiffRow {
  /** The metric's registry path. */
  metric: string;
  /** Human name. */
  label: string;
  /** Tolerance group. */
  group: MetricGroup;
  /** Which way is better. */
  direction: MetricDirection;
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
  /** The metric only reports a worsening (`regression.report`), so its verdict is never `regression`. */
  reportOnly: boolean;
}

/** The comparison of a report with its baseline. */
export interface ReportDiff {
  /** One row per tracked metric, in {@link TRACKED_METRICS} order. */
  rows: DiffRow[];
  /** Rows whose verdict is `regression`. */
  regressions: number;
  /** The scenario hash differs: the file (or a --set) changed since the baseline. Noted, never a failure itself. */
  scenarioChanged: boolean;
  /**
   * The scenario keys that changed, when both reports hold the scenario as run (`scenario.validated`); empty when the
   * scenario did not change or the baseline predates that field.
   */
  changedKeys: ChangedKey[];
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
  direction: MetricDirection,
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
  return TRACKED_METRICS.filter((m) => readTracked(m, report) === undefined).map((m) => m.path);
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
  // Money in two currencies cannot be compared: drop the money rows and say why (as compare does).
  // A currency and its exchange rate: the same currency at two rates differs by the rate alone.
  const currencyOf = (r: Report) => {
    const rate = r.cost?.terms?.exchangeRate ?? 1;
    const code = String(r.cost?.currency ?? "USD");
    return rate === 1 ? code : `${code} at ${rate} per USD`;
  };
  const sameCurrency = currencyOf(baseline) === currencyOf(current);
  const tracked = sameCurrency ? TRACKED_METRICS : TRACKED_METRICS.filter((m) => m.unit !== "usd");
  const rows = tracked.map((metric): DiffRow => {
    const before = readTracked(metric, baseline) ?? 0;
    const now = readTracked(metric, current) ?? 0;
    const delta = now - before;
    const tolerance = resolveTolerance(metric, tolerances);
    const reportOnly = isReportOnly(metric, tolerances.rules);
    const verdict = verdictOf(metric.direction, before, now, tolerance);
    return {
      metric: metric.path,
      label: metric.label,
      group: metric.group,
      direction: metric.direction,
      unit: metric.unit,
      baseline: before,
      now,
      delta,
      relative: delta === 0 ? 0 : before === 0 ? null : delta / Math.abs(before),
      tolerance,
      verdict: reportOnly && verdict === "regression" ? "changed" : verdict,
      reportOnly,
    };
  });
  const notes: string[] = [];
  const scenarioChanged = baseline.scenario?.hash !== current.scenario?.hash;
  const before = baseline.scenario?.validated;
  const after = current.scenario?.validated;
  const changedKeys =
    scenarioChanged && before !== undefined && after !== undefined ? changedScenarioKeys(before, after) : [];
  if (scenarioChanged) {
    const which =
      changedKeys.length > 0
        ? `; ${changedKeys.length} key${changedKeys.length === 1 ? "" : "s"} changed`
        : before === undefined
          ? "; the baseline does not record its scenario, so which keys changed is not known"
          : "";
    notes.push(
      `the scenario changed since the baseline (hash ${short(baseline.scenario?.hash)} → ${short(current.scenario?.hash)}${which}): ` +
        "differences may come from the scenario, not the model",
    );
  }
  if (!sameCurrency) {
    notes.push(
      `money is in ${currencyOf(baseline)} in the baseline and in ${currencyOf(current)} now (billing.currency): ` +
        "cost rows are left out; update the baseline to compare costs",
    );
  }
  if (baseline.seed !== current.seed)
    notes.push(`seed ${baseline.seed} in the baseline, ${current.seed} now`);
  if (baseline.tool?.version !== current.tool?.version) {
    notes.push(`baseline written by spillway ${baseline.tool?.version}, this is ${current.tool?.version}`);
  }
  return {
    rows,
    regressions: rows.filter((r) => r.verdict === "regression").length,
    scenarioChanged,
    changedKeys,
    notes,
  };
}

function short(hash: string | undefined): string {
  return hash === undefined ? "none" : hash.slice(0, 12);
}
