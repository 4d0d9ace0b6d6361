/**
 * One streaming pass over a trace: rates, token distributions, burstiness, the PTUs Microsoft's sizing formula gives,
 * and a `traffic` block that reproduces the trace's shape without its rows (`spillway trace stats` / `trace fit`).
 * Memory is bounded: histograms for token counts and one counter per minute of trace, and openTrace keeps a trace
 * within MAX_TRACE_SPAN_SECONDS (366 days: at most 527,041 minute counters, about 4 MB), whatever its timestamps.
 * Every figure is checked to be finite before it is returned: JSON would print Infinity or NaN as `null`.
 */
import type { ModelFacts } from "../catalog/index.js";
import { type PtuEstimate, sizePtu, sizingParams } from "../catalog/sizing.js";
import { LogHistogram } from "../metrics/log-histogram.js";
import { MAX_TRACE_SPAN_SECONDS } from "./trace/open-trace.js";
import { TraceError, type TraceSource } from "./trace/trace-types.js";

/** Minute counters a profile may hold: the longest span openTrace accepts, plus the partial minute at its end. */
export const MAX_PROFILE_MINUTES = Math.ceil(MAX_TRACE_SPAN_SECONDS / 60) + 1;

/**
 * Durations below this are treated as zero when dividing by them: they are below the readers' timestamp precision,
 * and a subnormal duration (relative times 0 and 1e-320) would turn a rate into Infinity.
 */
const MIN_DURATION_SECONDS = 1e-6;

/** Distribution of a token column: exact sum, mean and max; p50/p95/p99 within 0.1%. */
export interface TokenColumnStats {
  /** Exact sum. */
  sum: number;
  /** Mean. */
  mean: number;
  /** Median. */
  p50: number;
  /** 95th percentile. */
  p95: number;
  /** 99th percentile. */
  p99: number;
  /** Maximum. */
  max: number;
}

/** What `spillway trace stats --json` prints. */
export interface TraceStats {
  /** Rows read (bad rows skipped excluded). */
  rows: number;
  /** Rows skipped as bad. */
  skipped: number;
  /** Last row time − first row time, s. */
  durationSeconds: number;
  /** Requests per second: mean over the duration and the busiest second. */
  ratePerSecond: { mean: number; peak: number };
  /** Requests per minute: mean over the duration and the busiest minute (minutes from the first row). */
  ratePerMinute: { mean: number; peak: number };
  /** Peak minute / mean minute. */
  burstiness: number;
  /** Prompt tokens. */
  promptTokens: TokenColumnStats;
  /** Completion tokens. */
  completionTokens: TokenColumnStats;
  /** Cached prompt tokens, when the trace has them. */
  cachedPromptTokens: { sum: number } | null;
  /** Sizing for a model, when one was given. */
  ptu: {
    model: string;
    sku: string;
    cacheRate: number;
    atMean: PtuEstimate;
    atPeakMinute: PtuEstimate;
  } | null;
}

/** Everything one pass collects; {@link summarize} and {@link fitTraffic} read it. */
export interface TraceProfile {
  /** The statistics. */
  stats: TraceStats;
  /** Requests in each minute from the first row. */
  perMinute: number[];
  /** Prompt token histogram. */
  prompt: LogHistogram;
  /** Completion token histogram. */
  completion: LogHistogram;
}

/** Sizing inputs: the model's facts and the SKU whose minimum/increment apply. */
export interface SizingModel {
  /** Model name. */
  name: string;
  /** Catalog facts. */
  facts: ModelFacts;
  /** Provisioned SKU. */
  sku: keyof ModelFacts["ptuSizing"];
}

function columnStats(h: LogHistogram, sum: number): TokenColumnStats {
  const s = h.summary();
  return { sum, mean: h.count === 0 ? 0 : sum / h.count, p50: s.p50, p95: s.p95, p99: s.p99, max: s.max };
}

/** Reads a whole trace once (streaming) and returns its profile. Closes the source. */
export function profileTrace(source: TraceSource, model?: SizingModel): TraceProfile {
  const prompt = new LogHistogram(0.001, 0.5, 1e8);
  const completion = new LogHistogram(0.001, 0.5, 1e8);
  const perMinute: number[] = [];
  let rows = 0;
  let promptSum = 0;
  let completionSum = 0;
  let cachedSum = 0;
  let hasCached = false;
  let first = Number.NaN;
  let last = Number.NaN;
  let second = Number.NaN;
  let inSecond = 0;
  let peakSecond = 0;
  try {
    for (let row = source.next(); row !== undefined; row = source.next()) {
      if (rows === 0) first = row.time;
      last = row.time;
      rows++;
      promptSum += row.prompt;
      completionSum += row.completion;
      if (row.cached >= 0) {
        hasCached = true;
        cachedSum += row.cached;
      }
      prompt.record(row.prompt);
      completion.record(row.completion);
      const offset = row.time - first;
      const s = Math.floor(offset);
      if (s !== second) {
        second = s;
        inSecond = 0;
      }
      inSecond++;
      if (inSecond > peakSecond) peakSecond = inSecond;
      const m = Math.floor(offset / 60);
      if (m >= MAX_PROFILE_MINUTES) {
        // openTrace never lets a trace span this long; another TraceSource must not make this loop allocate gigabytes.
        throw new TraceError(
          source.file,
          row.line,
          `the trace would span more than ${MAX_PROFILE_MINUTES - 1} minutes from its first row; fix the row's time`,
        );
      }
      while (perMinute.length <= m) perMinute.push(0);
      perMinute[m]++;
    }
  } finally {
    source.close();
  }
  const durationSeconds = rows > 1 ? last - first : 0;
  const minutes = Math.max(durationSeconds / 60, 1 / 60);
  const meanPerMinute = rows === 0 ? 0 : rows / Math.max(minutes, 1);
  const peakMinute = perMinute.reduce((a, b) => Math.max(a, b), 0);
  const meanPerSecond = durationSeconds >= MIN_DURATION_SECONDS ? rows / durationSeconds : rows;
  const promptStats = columnStats(prompt, promptSum);
  const completionStats = columnStats(completion, completionSum);
  const cacheRate = hasCached && promptSum > 0 ? cachedSum / promptSum : 0;
  const stats: TraceStats = {
    rows,
    skipped: source.skipped,
    durationSeconds,
    ratePerSecond: { mean: meanPerSecond, peak: peakSecond },
    ratePerMinute: { mean: meanPerMinute, peak: peakMinute },
    burstiness: meanPerMinute === 0 ? 0 : peakMinute / meanPerMinute,
    promptTokens: promptStats,
    completionTokens: completionStats,
    cachedPromptTokens: hasCached ? { sum: cachedSum } : null,
    ptu:
      model === undefined
        ? null
        : {
            model: model.name,
            sku: model.sku,
            cacheRate,
            atMean: sizePtu(
              sizingParams(model.facts, model.sku, model.name),
              meanPerMinute,
              promptStats.mean,
              completionStats.mean,
              cacheRate,
            ),
            atPeakMinute: sizePtu(
              sizingParams(model.facts, model.sku, model.name),
              peakMinute,
              promptStats.mean,
              completionStats.mean,
              cacheRate,
            ),
          },
  };
  const notFinite = findNonFinite(stats);
  if (notFinite !== undefined) {
    throw new TraceError(
      source.file,
      undefined,
      `the trace's ${notFinite} is not a finite number; check the token columns and the time column's unit`,
    );
  }
  return { stats, perMinute, prompt, completion };
}

/**
 * The path (`ptu.atMean.raw`) of the first number in `value` that is not finite, or undefined when all are: the
 * check every JSON output of trace stats and sizing goes through, since JSON.stringify prints Infinity and NaN as null.
 */
export function findNonFinite(value: unknown, path = ""): string | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? undefined : path || "value";
  if (value === null || typeof value !== "object") return undefined;
  for (const [key, item] of Object.entries(value)) {
    const found = findNonFinite(item, path === "" ? key : `${path}.${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Options of {@link fitTraffic}. */
export interface FitOptions {
  /** Workload name. */
  name: string;
  /** Rate step, s (a multiple of 60). */
  step: number;
  /** Token sizes: 100 empirical quantiles (default) or a lognormal fitted on median and p95. */
  tokens: "empirical" | "lognormal";
}

/** A `traffic` entry (plain data, YAML-ready) reproducing the trace's arrival shape and token sizes. */
export function fitTraffic(profile: TraceProfile, options: FitOptions): Record<string, unknown> {
  const minutesPerStep = Math.max(1, Math.round(options.step / 60));
  const rates: number[] = [];
  const span = Math.max(profile.stats.durationSeconds, 1);
  for (let i = 0; i < profile.perMinute.length; i += minutesPerStep) {
    let n = 0;
    for (let k = i; k < Math.min(i + minutesPerStep, profile.perMinute.length); k++)
      n += profile.perMinute[k];
    // The last step is only partly covered by the trace: divide by the time it covers, not the whole step.
    const covered = Math.min(minutesPerStep * 60, span - i * 60);
    rates.push(Math.round((n / Math.max(covered, 1)) * 1e4) / 1e4);
  }
  const sizes = (h: LogHistogram) => {
    if (options.tokens === "lognormal") {
      const median = Math.max(1, Math.round(h.quantile(0.5)));
      return { type: "lognormal", median, p95: Math.max(median, Math.round(h.quantile(0.95))) };
    }
    // 100 quantiles at the middle of each percentile: drawing uniformly among them reproduces the distribution.
    const values: number[] = [];
    for (let q = 0; q < 100; q++) values.push(Math.round(h.quantile((q + 0.5) / 100)));
    return { type: "empirical", values };
  };
  return {
    name: options.name,
    via: "CHANGE-ME",
    arrival: { type: "profile", step: minutesPerStep * 60, rates, loop: true },
    promptTokens: sizes(profile.prompt),
    completionTokens: sizes(profile.completion),
    maxTokens: Math.max(1, Math.round(profile.completion.quantile(0.999))),
  };
}
