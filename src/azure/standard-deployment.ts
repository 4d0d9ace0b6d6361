/**
 * Rate limits of a standard (pay-as-you-go) deployment, as documented in quota.md [S6] (foundry-classic, ms.date
 * 2026-05-01):
 *  - TPM: each request adds its *estimated max processed tokens* (prompt + max_tokens) "to a running token count of
 *    all requests that is reset each minute. If at any time during that minute the TPM rate limit value is reached,
 *    then further requests will receive a 429 ... until the counter resets."
 *  - RPM: "evaluates the rate of incoming requests over a small period of time, typically 1 or 10 seconds"; 600 RPM
 *    means more than 10 requests in a 1-second window get 429 "until the next evaluation period".
 *
 * Counting rules chosen (the doc leaves the details open):
 *  - windows are fixed and aligned to time 0 ("reset each minute", "the next evaluation period");
 *  - a request is admitted while the counter is *below* the limit, so the request that reaches the limit is still
 *    admitted and "further requests" are rejected — the doc's wording;
 *  - rejected requests are counted too: "Unsuccessful requests still count toward your per-minute rate limit" [S6].
 *    It matters when one limit rejects while the other has room (an RPM-rejected retry storm still eats TPM).
 * An RPM too small to allow one request per window (5 RPM over 1 s) is evaluated over the whole minute instead, so
 * the limit is never rounded up. The 429's Retry-After is the time until the window that rejected the request resets.
 */

import type { DeploymentModel } from "./deployment-model.js";

/** Fixed-window TPM and RPM counters of one standard deployment. */
export class StandardRateLimiter {
  private tokenWindow = Number.NEGATIVE_INFINITY;
  private tokensUsed = 0;
  private requestWindow = Number.NEGATIVE_INFINITY;
  private requestsUsed = 0;
  /** Requests allowed per RPM window. */
  readonly requestsPerWindow: number;
  /** Seconds the RPM limit is evaluated over (the configured window, or 60 for tiny limits). */
  readonly rpmWindow: number;

  /**
   * @param tpm tokens per minute
   * @param rpm requests per minute
   * @param rpmWindow seconds the RPM limit is evaluated over (1 or 10)
   */
  constructor(
    readonly tpm: number,
    rpm: number,
    rpmWindow: number,
  ) {
    // 600 RPM over 1 s windows allows 10 per window [S6].
    this.rpmWindow = (rpm * rpmWindow) / 60 >= 1 ? rpmWindow : 60;
    this.requestsPerWindow = Math.max(1, Math.floor((rpm * this.rpmWindow) / 60));
  }

  /**
   * Tries to admit a request with estimated `tokens` (prompt + max_tokens).
   * @returns -1 when admitted, else the retry-after in seconds
   */
  tryAdmit(now: number, tokens: number): number {
    const tokenWindow = Math.floor(now / 60);
    if (tokenWindow !== this.tokenWindow) {
      this.tokenWindow = tokenWindow;
      this.tokensUsed = 0;
    }
    const requestWindow = Math.floor(now / this.rpmWindow);
    if (requestWindow !== this.requestWindow) {
      this.requestWindow = requestWindow;
      this.requestsUsed = 0;
    }
    const tokensFull = this.tokensUsed >= this.tpm;
    const requestsFull = this.requestsUsed >= this.requestsPerWindow;
    this.tokensUsed += tokens;
    this.requestsUsed++;
    if (tokensFull || requestsFull) {
      const tokenReset = (tokenWindow + 1) * 60 - now;
      const requestReset = (requestWindow + 1) * this.rpmWindow - now;
      if (tokensFull && requestsFull) return Math.max(tokenReset, requestReset);
      return tokensFull ? tokenReset : requestReset;
    }
    return -1;
  }
}

/**
 * A standard deployment: a call counts prompt + max_tokens against TPM and one request against RPM [S6]; a call
 * whose prompt + max_tokens exceeds the model's context window is refused with 400. Nothing is settled at completion:
 * the counters keep the estimate.
 */
export class StandardModel implements DeploymentModel {
  /** @inheritdoc */
  readonly settles = false;
  /** @inheritdoc */
  retryAfter = 0;
  /** @inheritdoc */
  charged = 0;
  /** The deployment's counters. */
  readonly limiter: StandardRateLimiter;
  /** @inheritdoc */
  readonly capacityPerMinute: number;

  /**
   * @param limits tokens per minute, requests per minute, RPM window (s)
   * @param contextWindow largest prompt + max_tokens accepted
   */
  constructor(
    limits: { tpm: number; rpm: number; rpmWindow: number },
    private readonly contextWindow: number,
  ) {
    this.limiter = new StandardRateLimiter(limits.tpm, limits.rpm, limits.rpmWindow);
    this.capacityPerMinute = limits.tpm;
  }

  /** @inheritdoc */
  admit(now: number, prompt: number, _cached: number, maxTokens: number): number {
    const estimate = prompt + maxTokens;
    if (estimate > this.contextWindow) return 400;
    const wait = this.limiter.tryAdmit(now, estimate);
    if (wait >= 0) {
      this.retryAfter = wait;
      return 429;
    }
    this.charged = estimate;
    return 200;
  }

  /** @inheritdoc */
  settle(_now: number, _completion: number, _maxTokens: number): number {
    return 0;
  }
}
