/**
 * Arrival processes. Each is lazy: it yields the next arrival time after the previous one, so a workload keeps one
 * pending arrival in the event queue however long the run (architecture principle 6).
 */
import type { RandomStream } from "../engine/rng.js";

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
 * A generated arrival process, validated (rates in requests/second, times in seconds): the scenario schema's
 * `arrival` for every type but `trace` (src/scenario/schema.ts checks at compile time that the two agree).
 */
export type SyntheticArrivalSpec =
  | { type: "constant"; rate: number }
  | { type: "poisson"; rate: number }
  | { type: "diurnal"; peak: number; trough: number; peakAt: number; period: number }
  | { type: "bursty"; base: number; burst: number; burstEvery: number; burstFor: number }
  | { type: "profile"; step: number; rates: number[]; loop: boolean };

/** The rate profile of a spec (constant for constant and poisson). */
export function rateProfile(spec: SyntheticArrivalSpec): RateProfile {
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
      const mean = 1 / spec.rate;
      return { next: (t) => t + rng.exponential(mean) };
    }
    case "diurnal":
    case "bursty":
    case "profile": {
      // Non-homogeneous Poisson process by thinning (Lewis & Shedler 1979): candidates at the maximum rate,
      // each kept with probability rate(t) / maxRate.
      const profile = rateProfile(spec);
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
  }
}
