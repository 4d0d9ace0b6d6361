/**
 * Arrival processes. Each is lazy: it yields the next arrival time after the previous one, so a workload keeps one
 * pending arrival in the event queue however long the run (architecture principle 6).
 */
import type { RandomStream } from "../engine/rng.js";
import { parseClockTime } from "../units.js";
import { type Calendar, clockOffset, DAY_SECONDS, isWeekend } from "./calendar.js";

/** Yields successive arrival times, seconds. */
export interface ArrivalProcess {
  /** The first arrival at or after `time`, given the previous arrival was at `time` (or the process starts there). */
  next(time: number): number;
}

/** Instantaneous rate (requests/s) of a time-varying process at `t`, and its maximum (for thinning). */
export interface RateProfile {
  /** Rate at time t. */
  rateAt(t: number): number;
  /** An upper bound of the rate. */
  maxRate: number;
  /** After this time the rate is 0 for good (a profile that does not loop); Infinity otherwise. */
  endsAt?: number;
}

/**
 * A generated arrival process as the scenario writes it, validated (rates in requests/second, durations in seconds):
 * the schema's `arrival` for every type but `trace` (src/scenario/schema.ts checks at compile time that the two
 * agree). A diurnal `peakAt` is a clock time on the calendar (`"14:00"`, kept as written) or an offset from time 0
 * (seconds); `weekend` multiplies the rate on Saturdays and Sundays.
 */
export type ScenarioArrivalSpec =
  | { type: "constant"; rate: number; weekend?: number }
  | { type: "poisson"; rate: number; weekend?: number }
  | {
      type: "diurnal";
      peak: number;
      trough: number;
      peakAt: number | string;
      period: number;
      weekend?: number;
    }
  | { type: "bursty"; base: number; burst: number; burstEvery: number; burstFor: number; weekend?: number }
  | { type: "profile"; step: number; rates: number[]; loop: boolean; weekend?: number };

/** A weekend factor placed on the calendar: the rate × `factor` on Saturdays and Sundays. */
export interface Weekend {
  /** Multiplies the rate on Saturdays and Sundays. */
  factor: number;
  /** Where time 0 falls in its week, s after Monday 00:00 (Calendar.weekOffset). */
  weekOffset: number;
}

/**
 * A generated arrival process placed on the calendar (what workload/ generates from): `peakAt` is an offset from
 * time 0, and a `weekend` factor knows which days are Saturday and Sunday.
 */
export type SyntheticArrivalSpec =
  | { type: "constant"; rate: number; weekend?: Weekend }
  | { type: "poisson"; rate: number; weekend?: Weekend }
  | { type: "diurnal"; peak: number; trough: number; peakAt: number; period: number; weekend?: Weekend }
  | { type: "bursty"; base: number; burst: number; burstEvery: number; burstFor: number; weekend?: Weekend }
  | { type: "profile"; step: number; rates: number[]; loop: boolean; weekend?: Weekend };

/**
 * Places an arrival process as written on the calendar: a clock-time `peakAt` becomes its offset from time 0 (a
 * duration already is one), and a weekend factor learns the weekday of time 0. A factor of 1 is no factor, so the
 * generator draws exactly as without one.
 */
export function placeOnCalendar(spec: ScenarioArrivalSpec, calendar: Calendar): SyntheticArrivalSpec {
  const { weekend, ...rest } = spec;
  const placed =
    weekend === undefined || weekend === 1
      ? {}
      : { weekend: { factor: weekend, weekOffset: calendar.weekOffset } };
  if (rest.type === "diurnal") {
    const peakAt =
      typeof rest.peakAt === "number" ? rest.peakAt : clockOffset(parseClockTime(rest.peakAt) ?? 0, calendar);
    return { ...rest, peakAt, ...placed };
  }
  return { ...rest, ...placed };
}

/** The rate profile of a spec (constant for constant and poisson), the weekend factor applied. */
export function rateProfile(spec: SyntheticArrivalSpec): RateProfile {
  const base = weekdayProfile(spec);
  const weekend = spec.weekend;
  if (weekend === undefined) return base;
  const { factor, weekOffset } = weekend;
  return {
    rateAt: (t) => (isWeekend(t, weekOffset) ? factor * base.rateAt(t) : base.rateAt(t)),
    maxRate: base.maxRate * Math.max(1, factor),
    ...(base.endsAt === undefined ? {} : { endsAt: base.endsAt }),
  };
}

/** The rate profile of a spec on a weekday (no weekend factor). */
function weekdayProfile(spec: SyntheticArrivalSpec): RateProfile {
  switch (spec.type) {
    case "constant":
    case "poisson":
      return { rateAt: () => spec.rate, maxRate: spec.rate };
    case "diurnal": {
      const { peak, trough, peakAt, period } = spec;
      // A raised cosine: peak at peakAt, trough half a period away.
      return {
        rateAt: (t) => trough + ((peak - trough) * (1 + Math.cos((2 * Math.PI * (t - peakAt)) / period))) / 2,
        maxRate: peak,
      };
    }
    case "bursty": {
      const { base, burst, burstEvery, burstFor } = spec;
      // Bursts start at time 0 and every burstEvery after (and before, during warmup).
      return {
        rateAt: (t) => {
          const phase = t - Math.floor(t / burstEvery) * burstEvery;
          return phase < burstFor ? burst : base;
        },
        maxRate: Math.max(base, burst),
      };
    }
    case "profile": {
      const { step, rates, loop } = spec;
      const n = rates.length;
      // Steps start at time 0; warmup (negative time) uses the first step's rate.
      return {
        rateAt: (t) => {
          if (t < 0) return rates[0];
          const k = Math.floor(t / step);
          if (k < n) return rates[k];
          return loop ? rates[k % n] : 0;
        },
        maxRate: Math.max(...rates),
        endsAt: loop ? Number.POSITIVE_INFINITY : n * step,
      };
    }
  }
}

/** Creates the arrival process of a spec, drawing from `rng`. */
export function createArrivalProcess(spec: SyntheticArrivalSpec, rng: RandomStream): ArrivalProcess {
  switch (spec.type) {
    case "constant": {
      if (spec.weekend !== undefined) return pacedByDay(spec.rate, spec.weekend);
      const gap = 1 / spec.rate;
      let first = true;
      // Evenly spaced: the first request at the start, then one every 1/rate (the azure-openai-benchmark's pacing).
      return {
        next: (t) => {
          if (first) {
            first = false;
            return t;
          }
          return t + gap;
        },
      };
    }
    case "poisson": {
      if (spec.weekend !== undefined) return thinned(rateProfile(spec), rng);
      const mean = 1 / spec.rate;
      return { next: (t) => t + rng.exponential(mean) };
    }
    case "diurnal":
    case "bursty":
    case "profile":
      return thinned(rateProfile(spec), rng);
  }
}

/**
 * Evenly spaced arrivals at `rate` on weekdays and `rate` × the factor on Saturdays and Sundays: each gap is the one
 * of the day the previous arrival fell on; with a factor of 0 the next arrival waits for Monday 00:00.
 */
function pacedByDay(rate: number, weekend: Weekend): ArrivalProcess {
  const { factor, weekOffset } = weekend;
  const rateAt = (t: number) => (isWeekend(t, weekOffset) ? rate * factor : rate);
  const open = (t: number) => (rateAt(t) > 0 ? t : nextMonday(t, weekOffset));
  let first = true;
  return {
    next: (t) => {
      if (first) {
        first = false;
        return open(t);
      }
      return open(t + 1 / rateAt(t));
    },
  };
}

/** Monday 00:00 after `t` (seconds from time 0). */
function nextMonday(t: number, weekOffset: number): number {
  const day = Math.floor((t + weekOffset) / DAY_SECONDS);
  const weekday = ((day % 7) + 7) % 7;
  return (day + 7 - weekday) * DAY_SECONDS - weekOffset;
}

/**
 * A non-homogeneous Poisson process by thinning (Lewis & Shedler 1979): candidates at the maximum rate, each kept with
 * probability rate(t) / maxRate.
 */
function thinned(profile: RateProfile, rng: RandomStream): ArrivalProcess {
  if (!(profile.maxRate > 0)) return { next: () => Number.POSITIVE_INFINITY };
  const mean = 1 / profile.maxRate;
  return {
    next: (t) => {
      let time = t;
      const endsAt = profile.endsAt ?? Number.POSITIVE_INFINITY;
      for (;;) {
        time += rng.exponential(mean);
        if (time >= endsAt) return Number.POSITIVE_INFINITY;
        if (rng.next() * profile.maxRate < profile.rateAt(time)) return time;
      }
    },
  };
}
