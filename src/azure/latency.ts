/**
 * Service time of an admitted request. Microsoft: generated tokens dominate latency ("n tokens = n iterations"),
 * time to first token "increases as the prompt size increases and/or cache hit size reduces" [S9, latency.md
 * 2025-11-26]; provisioned deployments process accepted calls "with a consistent model processing time" [S1] while
 * standard ones have no latency SLA [S6c]. So: TTFT = (base + per-1K-prompt x uncached prompt / 1000) and generation
 * = completion / tokens-per-second, both scaled by one mean-1 lognormal factor per request whose spread (`jitter`)
 * defaults lower for provisioned deployments.
 */
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
}

/** Draws a request's service times; writes into `out` to keep the hot path allocation-free. */
export function sampleServiceTime(
  params: LatencyParams,
  uncachedPrompt: number,
  completion: number,
  rng: RandomStream,
  out: { ttft: number; total: number },
): void {
  const factor = rng.jitter(params.jitter);
  const ttft = (params.ttft + (params.ttftPer1kPromptTokens * uncachedPrompt) / 1000) * factor;
  out.ttft = ttft;
  out.total = ttft + (completion / params.tokensPerSecond) * factor;
}
