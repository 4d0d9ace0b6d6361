/**
 * Service time of an admitted request. Microsoft: generated tokens dominate latency ("n tokens = n iterations"),
 * time to first token "increases as the prompt size increases and/or cache hit size reduces" [S9, latency.md
 * 2025-11-26]; provisioned deployments process accepted calls "with a consistent model processing time" [S1] while
 * standard ones have no latency SLA [S6c]. So: TTFT = (base + per-1K-prompt x uncached prompt / 1000) and generation
 * = completion / tokens-per-second, both scaled by one mean-1 lognormal factor per request whose spread (`jitter`)
 * defaults lower for provisioned deployments.
 *
 * Load, two stated assumptions (src/catalog/assumptions.ts), both off by default:
 * - provisioned: the time per generated token "increases as the system load increases" [S9g]; no figure is
 *   published, so generation time is scaled by 1 + loadSlowdown x the utilization the call found in the bucket (the
 *   one the 429 rule reads). Linear, with no threshold of its own (that would be a second unpublished constant): the
 *   bucket drains between calls below capacity, so calls find it near empty until the offered load nears 100 %.
 * - standard: above the model's usage tier, latency "may be more than two times higher" [S7u]. The tier is monthly
 *   consumption per model across the tenant; a run knows only its own, so the tokens (prompt + completion) the run's
 *   standard deployments of the model that use the assumption have served, per second since the first of them, are
 *   extrapolated to a 730-hour month (as the cost model extrapolates a run), and the whole latency (first token and
 *   last) is scaled by `overTier` while that is above the tier. A running figure, not the run's final one: it needs no
 *   second pass and keeps the hot path to one map lookup per call, and only when the assumption is on.
 */
import { HOURS_PER_MONTH } from "../catalog/index.js";
import type { RandomStream } from "../engine/rng.js";

/** Latency parameters of one deployment (seconds, tokens/s). */
export interface LatencyParams {
  /** Time to first token of a small prompt, s. */
  ttft: number;
  /** Extra time to first token per 1,000 prompt tokens, s. */
  ttftPer1kPromptTokens: number;
  /** Mean generation speed, tokens/s. */
  tokensPerSecond: number;
  /** Log-standard-deviation of the mean-1 latency factor. */
  jitter: number;
  /** Provisioned: how much longer generation takes at 100 % utilization than when idle (0: load-independent). */
  loadSlowdown: number;
  /** Standard: latency factor while the model's consumption is above its usage tier (1: none). */
  overTier: number;
  /** Standard: the model's usage tier, tokens per month (null: none published, so never above it). */
  usageTier: number | null;
}

/**
 * Usage tiers per month of the standard deployment types [S7u] (quotas-limits.md, ms.date 2026-02-17), for the
 * catalog's models: above them latency "may be more than two times higher". A scenario overrides them per deployment
 * (`latency.usageTier`), e.g. lowered by what the rest of the tenant consumes.
 */
export const USAGE_TIERS: Readonly<Record<string, number>> = {
  "gpt-4o": 12e9,
  "gpt-4o-mini": 85e9,
  "gpt-4.1": 30e9,
  "gpt-4.1-mini": 150e9,
  "gpt-4.1-nano": 550e9,
  "o3-mini": 50e9,
  "o4-mini": 50e9,
  o3: 5e9,
};

/** The published usage tier of a model, tokens per month, or null. */
export function usageTierOf(model: string): number | null {
  return Object.hasOwn(USAGE_TIERS, model) ? USAGE_TIERS[model] : null;
}

/** A month of 730 hours, s: the billing month the cost model extrapolates a run to. */
const MONTH_SECONDS = HOURS_PER_MONTH * 3600;
/** The shortest span a monthly rate is extrapolated from, s: one call alone is not a month's usage. */
const MIN_SPAN = 60;

/** One model's consumption on standard deployments during a run, extrapolated to a month [S7u]. */
export class UsageMeter {
  private tokens = 0;
  private first = Number.NaN;

  /** Adds a served call's tokens at `now`; returns the consumption extrapolated to a 730-hour month, tokens. */
  add(now: number, tokens: number): number {
    if (Number.isNaN(this.first)) this.first = now;
    this.tokens += tokens;
    return (this.tokens / Math.max(now - this.first, MIN_SPAN)) * MONTH_SECONDS;
  }
}

/**
 * Draws a request's service times; writes into `out` to keep the hot path allocation-free. `slowdown` scales the
 * generation time only (the load assumption of a provisioned deployment; 1 leaves it as drawn).
 */
export function sampleServiceTime(
  params: LatencyParams,
  uncachedPrompt: number,
  completion: number,
  rng: RandomStream,
  out: { ttft: number; total: number },
  slowdown = 1,
): void {
  const factor = rng.jitter(params.jitter);
  const ttft = (params.ttft + (params.ttftPer1kPromptTokens * uncachedPrompt) / 1000) * factor;
  out.ttft = ttft;
  out.total = ttft + (completion / params.tokensPerSecond) * slowdown * factor;
}
