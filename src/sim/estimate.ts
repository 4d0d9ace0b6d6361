/**
 * The size of a run before it starts: how many requests it will simulate (warmup included), how many per-minute
 * series cells it keeps, and a rough wall time. Every command states it and refuses runs above the request cap
 * (`--max-requests`), so a typo such as `rate: 600` meant per minute, or a diurnal peak of a million per second,
 * costs a message rather than hours or an out-of-memory abort.
 */
import { inputError, type SpillwayError } from "../errors.js";
import { STEP_SECONDS } from "../metrics/run-aggregates.js";
import { MAX_SERIES_CELLS } from "../scenario/limits.js";
import type { ResolvedScenario, ResolvedWorkload } from "../scenario/resolve.js";
import { rateProfile, type SyntheticArrivalSpec } from "../workload/arrivals.js";

/** What a sample of a trace's first rows says about it (read by the caller: this module does no I/O). */
export interface TraceSample {
  /** Rows in the whole file, estimated from its size and the bytes per row of its beginning. */
  rows: number;
  /** Rows per second of trace time, over the sampled rows (0 when they all share one time). */
  rowsPerSecond: number;
}

/** The estimated size of one run. */
export interface RunEstimate {
  /** Requests the run will simulate, warmup included (expected value; a Poisson run varies around it). */
  requests: number;
  /** Candidate arrivals drawn (thinning draws at the peak rate, so a spiky profile costs more than its mean). */
  draws: number;
  /** Per-workload expected requests, in scenario order. */
  byWorkload: { name: string; requests: number }[];
  /** Cells of the per-minute series the run keeps. */
  seriesCells: number;
  /** Rough wall time of the simulation, seconds. */
  seconds: number;
}

/** Requests simulated per second of wall time, roughly (npm run bench measures 1.0-1.5 M/s on the reference). */
const REQUESTS_PER_SECOND = 700_000;
/** Samples of the numeric integral of a time-varying rate. */
const INTEGRAL_SAMPLES = 100_000;

/** Expected arrivals of a synthetic process over [from, to), and the candidates its generator draws. */
function syntheticCount(
  spec: SyntheticArrivalSpec,
  from: number,
  to: number,
): { requests: number; draws: number } {
  const span = to - from;
  // A weekend factor makes a constant or Poisson rate vary: integrated below like the other profiles.
  if ((spec.type === "constant" || spec.type === "poisson") && spec.weekend === undefined)
    return { requests: spec.rate * span, draws: spec.rate * span };
  const profile = rateProfile(spec);
  const end = Math.min(to, profile.endsAt ?? Number.POSITIVE_INFINITY);
  if (spec.type === "bursty" && spec.weekend === undefined) {
    const share = spec.burstFor / spec.burstEvery;
    return { requests: (spec.burst * share + spec.base * (1 - share)) * span, draws: profile.maxRate * span };
  }
  // Midpoint rule: exact for a profile whose steps align with the samples, within a fraction of a percent otherwise.
  const width = (end - from) / INTEGRAL_SAMPLES;
  let sum = 0;
  if (width > 0) for (let i = 0; i < INTEGRAL_SAMPLES; i++) sum += profile.rateAt(from + (i + 0.5) * width);
  return { requests: sum * Math.max(0, width), draws: profile.maxRate * Math.max(0, end - from) };
}

/** Expected arrivals of a trace replay over a span of simulated seconds. */
function traceCount(w: ResolvedWorkload, span: number, sample: TraceSample | undefined): number {
  const trace = w.trace;
  if (trace === null || sample === undefined) return 0;
  const window = trace.end - trace.start;
  const traceSeconds = span * trace.speedup;
  const byRate = sample.rowsPerSecond * Math.min(traceSeconds, trace.loop ? traceSeconds : window);
  // Without loop a trace gives at most its rows; with loop, its rate over the whole span.
  const rows = trace.loop ? Math.max(byRate, 0) : Math.min(sample.rows, byRate > 0 ? byRate : sample.rows);
  return rows * trace.scale;
}

/**
 * Estimates a run. `traces` gives a sample of each replayed trace by workload name (a trace without one counts 0).
 */
export function estimateRun(
  scenario: ResolvedScenario,
  traces: ReadonlyMap<string, TraceSample> = new Map(),
): RunEstimate {
  const from = -scenario.warmup;
  const to = scenario.duration;
  let requests = 0;
  let draws = 0;
  const byWorkload = scenario.workloads.map((w) => {
    let n: number;
    if (w.trace !== null) {
      n = traceCount(w, to - from, traces.get(w.name));
      draws += n;
    } else {
      const c = syntheticCount(w.arrival as SyntheticArrivalSpec, from, to);
      n = c.requests;
      draws += c.draws;
    }
    requests += n;
    return { name: w.name, requests: n };
  });
  const steps = Math.max(1, Math.ceil(scenario.duration / STEP_SECONDS));
  const gatewayRegions = scenario.gateways.reduce((sum, g) => sum + g.regions.length, 0);
  // Run-wide series (arrivals, successes, 429s, backend 429s, latency), two per deployment, one per gateway region.
  const seriesCells = steps * (5 + 2 * scenario.deployments.length + gatewayRegions);
  return {
    requests,
    draws,
    byWorkload,
    seriesCells,
    seconds: Math.max(requests, draws) / REQUESTS_PER_SECOND,
  };
}

/** `1,234,567` or `1.2e12`: a count as a message shows it. */
function countText(n: number): string {
  return n < 1e15 ? Math.round(n).toLocaleString("en-US") : n.toExponential(2);
}

/** "about 3 s", "about 2 min", "under a second": a rough duration. */
export function roughTime(seconds: number): string {
  if (seconds < 1) return "under a second";
  if (seconds < 90) return `about ${Math.round(seconds)} s`;
  if (seconds < 5400) return `about ${Math.round(seconds / 60)} min`;
  if (seconds < 48 * 3600) return `about ${Math.round(seconds / 3600)} h`;
  return `about ${countText(seconds / 86400)} days`;
}

/** One line stating a run's size, for the terminal before it starts. */
export function describeEstimate(name: string, e: RunEstimate): string {
  return `${name}: simulating about ${countText(e.requests)} requests (${roughTime(e.seconds)})`;
}

/**
 * The refusal of a run above the caps, or undefined when it fits: the request count with its largest workload, the
 * cap and how to raise it, or the series size and what to shorten.
 */
export function checkEstimate(file: string, e: RunEstimate, maxRequests: number): SpillwayError | undefined {
  if (!(Math.max(e.requests, e.draws) <= maxRequests)) {
    const top = [...e.byWorkload].sort((a, b) => b.requests - a.requests)[0];
    const drawn =
      e.draws > e.requests * 1.5 ? ` and ${countText(e.draws)} candidate arrivals at the peak rate` : "";
    return inputError(
      file,
      `about ${countText(e.requests)} requests would be simulated${drawn} (${roughTime(e.seconds)}; workload ${top?.name}: ${countText(top?.requests ?? 0)}), above the limit of ${countText(maxRequests)}: check the rates and their units ("600/min" is 10/s) and the duration, or raise the limit with --max-requests ${countText(Math.ceil(Math.max(e.requests, e.draws) * 1.1)).replace(/,/g, "")}`,
    );
  }
  if (e.seriesCells > MAX_SERIES_CELLS) {
    return inputError(
      file,
      `the per-minute series would hold ${countText(e.seriesCells)} values (horizon x deployments), above ${countText(MAX_SERIES_CELLS)}: shorten the duration or split the estate into several scenarios`,
    );
  }
  return undefined;
}
