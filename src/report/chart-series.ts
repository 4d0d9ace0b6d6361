/**
 * What the charts of a long run draw: at most {@link MAX_CHART_POINTS} points per series, and time labels that name
 * days. A 30-day run has 43,200 one-minute steps per series; drawn as they are, report.html grows to megabytes and
 * the charts to a smear. The charts (and the page's copy of the report) get the series in buckets of whole steps —
 * counts summed, levels (utilization, bucket level, latency p95) at their highest in the bucket, so a peak is never
 * averaged away — while report.json and timeseries.csv keep every step.
 */
import {
  type Calendar,
  DAY_SECONDS,
  dayLabel,
  defaultCalendar,
  parseCalendarStart,
} from "../workload/calendar.js";
import type { Report, WorkloadSeries } from "./report-types.js";

/** Points a chart series draws at most. */
export const MAX_CHART_POINTS = 2000;

/** Bucket lengths the reduction picks from, in minutes: round figures a reader can say ("per 30 min step"). */
const BUCKET_MINUTES = [1, 2, 5, 10, 15, 20, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080];

/**
 * The report with its time series in buckets of whole steps, at most `maxPoints` of them (the report itself when it
 * has no more): counts summed, levels at their highest. Everything else is the report's own.
 */
export function reducedForCharts(report: Report, maxPoints = MAX_CHART_POINTS): Report {
  const ts = report.timeseries;
  const n = ts.t.length;
  if (n <= maxPoints) return report;
  const stepMinutes = ts.stepSeconds / 60;
  const needed = Math.ceil(n / maxPoints);
  // The smallest round bucket of at least `needed` steps (whole steps); past the list, whole multiples of a week.
  const bucketMinutes = BUCKET_MINUTES.find((m) => m % stepMinutes === 0 && m / stepMinutes >= needed);
  const k = bucketMinutes === undefined ? needed : bucketMinutes / stepMinutes;
  const sum = (series: readonly number[]) => buckets(series, k, (a, b) => a + b);
  const max = (series: readonly number[]) => buckets(series, k, Math.max);
  const each = (record: Record<string, number[]> | undefined, op: (s: readonly number[]) => number[]) =>
    Object.fromEntries(Object.entries(record ?? {}).map(([key, series]) => [key, op(series)]));
  const workloads: Record<string, WorkloadSeries> = {};
  for (const [name, w] of Object.entries(ts.workloads ?? {}))
    workloads[name] = {
      arrivals: sum(w.arrivals),
      succeeded: sum(w.succeeded),
      throttled: sum(w.throttled),
      failed: sum(w.failed),
    };
  return {
    ...report,
    timeseries: {
      ...ts,
      stepSeconds: ts.stepSeconds * k,
      t: ts.t.filter((_, i) => i % k === 0),
      arrivals: sum(ts.arrivals),
      succeeded: sum(ts.succeeded),
      throttled: sum(ts.throttled),
      failed: sum(ts.failed ?? ts.arrivals.map((a, i) => a - ts.succeeded[i])),
      backendThrottled: sum(ts.backendThrottled),
      served: each(ts.served, sum),
      utilization: each(ts.utilization, max),
      latencyP95: max(ts.latencyP95),
      regions: each(ts.regions, sum),
      gatewayRegions: each(ts.gatewayRegions, sum),
      bucketLevel: each(ts.bucketLevel, max),
      workloads,
    },
  };
}

/** Consecutive runs of `k` values folded into one by `op` (the last run may be shorter). */
function buckets(series: readonly number[], k: number, op: (a: number, b: number) => number): number[] {
  const out: number[] = [];
  for (let i = 0; i < series.length; i += k) {
    let v = Number(series[i]);
    for (let j = i + 1; j < Math.min(i + k, series.length); j++) v = op(v, Number(series[j]));
    out.push(v);
  }
  return out;
}

/** A step's length as the charts say it: `60 s`, `30 min`, `2 h`. */
export function stepText(seconds: number): string {
  if (seconds <= 60 || seconds % 60 !== 0) return `${seconds} s`;
  return seconds % 3600 === 0 ? `${seconds / 3600} h` : `${seconds / 60} min`;
}

/**
 * The calendar a report ran on: the scenario's `calendar.start` as report.json's validated scenario holds it, else
 * the default Monday (labels then count days).
 */
export function reportCalendar(report: Report): Calendar {
  const validated = (report.scenario as { validated?: Record<string, unknown> }).validated;
  const start = (validated?.calendar as { start?: unknown } | undefined)?.start;
  if (typeof start === "string") {
    const parsed = parseCalendarStart(start);
    if (typeof parsed !== "string") return parsed;
  }
  return defaultCalendar();
}

/** The time axis's title of a run labelled `h:mm` (a day or less, no calendar). */
export const CLOCK_AXIS = "time into the horizon (h:mm)";

/** How the charts label time: `h:mm` into a horizon of a day or less, else by day (dates with a calendar). */
export function timeAxis(report: Report): { label: (ms: number) => string; title: string } {
  const calendar = reportCalendar(report);
  if (!calendar.declared && report.horizon.durationSeconds <= DAY_SECONDS)
    return { label: clockLabel, title: CLOCK_AXIS };
  return {
    label: (ms) => dayLabel(ms / 1000, calendar),
    title: calendar.declared ? "date and time (UTC)" : "day of the run and time of day",
  };
}

/** Minutes from the horizon start as `h:mm`. */
export function clockLabel(ms: number): string {
  const minutes = Math.round(ms / 60000);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, "0")}`;
}
