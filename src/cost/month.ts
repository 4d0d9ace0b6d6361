/**
 * How a run's consumption (tokens, gateway calls) becomes a 730-hour month, workload by workload. PTUs and gateway
 * units are priced for 730 h directly and need none of this.
 *
 * - A horizon of whole weeks: the month is 730 h / horizon of it (730 h = 4.345 weeks of the simulated weekly shape).
 * - A horizon longer than a week but not whole weeks: the month comes from its first whole weeks: each workload's
 *   consumption × the share of its arrivals that fell in them × 730 h / their length, so the extra days do not
 *   over- or under-weight a weekday or a weekend.
 * - A horizon shorter than a week: 730 h / horizon, as if every day of the month were like the simulated day(s),
 *   weekends included (`short-horizon` says so) — except for a workload whose arrivals declare a `weekend` factor:
 *   its month is 730 h of its weekly shape from the arrival model, its weekdays like the simulated hours and its
 *   Saturdays and Sundays × the factor. Exactly: factor = 730 h / horizon × mean over a week of the weekend
 *   multiplier (5 + 2 × weekend) / 7 × (expected arrivals over the horizon without the weekend factor / with it).
 *   A one-day Monday run with `weekend: 0.3` is scaled by 730 h / 24 h × 5.6 / 7.
 */
import { HOURS_PER_MONTH } from "../catalog/index.js";
import { STEP_SECONDS } from "../metrics/run-aggregates.js";
import type { ResolvedWorkload } from "../scenario/resolve.js";
import { rateProfile, type SyntheticArrivalSpec } from "../workload/arrivals.js";
import { isWeekend, WEEK_SECONDS } from "../workload/calendar.js";

/** Seconds in a 730-hour month. */
const MONTH_SECONDS = HOURS_PER_MONTH * 3600;

/** How the month was taken from the horizon. */
export type MonthMethod = "whole-weeks" | "weekly-shape";

/**
 * Each workload's factor from its horizon consumption to a 730-hour month's, and how it was found; undefined when
 * every workload's is the plain 730 h / horizon (a horizon of whole weeks, or a short one without weekend factors).
 */
export function monthFactors(
  duration: number,
  workloads: readonly ResolvedWorkload[],
  arrivalsSeries: readonly ArrayLike<number>[],
): { factors: number[]; method: MonthMethod } | undefined {
  const plain = MONTH_SECONDS / duration;
  if (duration >= WEEK_SECONDS) {
    const weeks = Math.floor(duration / WEEK_SECONDS);
    if (weeks * WEEK_SECONDS === duration) return undefined;
    const steps = Math.round((weeks * WEEK_SECONDS) / STEP_SECONDS);
    const factors = arrivalsSeries.map((series) => {
      let inWeeks = 0;
      let all = 0;
      for (let i = 0; i < series.length; i++) {
        all += series[i];
        if (i < steps) inWeeks += series[i];
      }
      return all > 0 ? ((MONTH_SECONDS / (weeks * WEEK_SECONDS)) * inWeeks) / all : plain;
    });
    return { factors, method: "whole-weeks" };
  }
  const shaped = workloads.map((w) => weeklyShapeFactor(w.arrival, duration));
  if (shaped.every((f) => f === undefined)) return undefined;
  return { factors: shaped.map((f) => f ?? plain), method: "weekly-shape" };
}

/**
 * The month factor of a synthetic arrival with a weekend factor over a horizon shorter than a week (see the module
 * comment); undefined without one. The expected arrivals are integrated per series step (the rate at each step's
 * middle): exact for constant rates and minute-aligned profiles, within a tiny fraction for a diurnal cosine.
 */
export function weeklyShapeFactor(
  arrival: ResolvedWorkload["arrival"],
  duration: number,
): number | undefined {
  if (arrival.type === "trace" || arrival.weekend === undefined) return undefined;
  const { factor, weekOffset } = arrival.weekend;
  const base = rateProfile({ ...arrival, weekend: undefined } as SyntheticArrivalSpec);
  let plain = 0;
  let weighted = 0;
  for (let from = 0; from < duration; from += STEP_SECONDS) {
    const width = Math.min(STEP_SECONDS, duration - from);
    const t = from + width / 2;
    const r = base.rateAt(t) * width;
    plain += r;
    weighted += isWeekend(t, weekOffset) ? factor * r : r;
  }
  const weekMean = (5 + 2 * factor) / 7;
  return weighted > 0 ? (MONTH_SECONDS / duration) * weekMean * (plain / weighted) : undefined;
}
