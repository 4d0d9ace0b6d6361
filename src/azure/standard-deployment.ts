/**
 * Rate limits of a standard (pay-as-you-go) deployment. What quota.md [S6] (foundry-classic, ms.date 2026-05-01)
 * documents is exact here:
 *  - TPM: each request adds its "estimated max processed-token count" (prompt + max_tokens) "to a running token count
 *    of all requests that is reset each minute. If at any time during that minute, the TPM rate limit value is
 *    reached, then further requests will receive a 429 response code until the counter resets." The counter keeps the
 *    estimate: it is not corrected to what the call generates.
 *  - RPM: "evaluates the rate of incoming requests over a small period of time, typically 1 or 10 seconds"; 600 RPM
 *    means more than 10 requests in a 1-second window get 429. An RPM too small to allow one request per window
 *    (5 RPM over 1 s) is evaluated over the whole minute instead, so the limit is never rounded up.
 *  - "Unsuccessful requests still count toward your per-minute rate limit."
 *
 * What the doc leaves open is a {@link StandardLimiterRules} choice, its defaults and evidence declared in
 * src/catalog/assumptions.ts (the public measurements [S41] and Microsoft's emulator [S42]):
 *  - `window`: `sliding` counts what was admitted in the last 60 s (RPM: the last `rpmWindow` seconds); `fixed`
 *    resets the counter on each whole minute (RPM window) of the clock, counted from time 0.
 *  - `admission`: `fits` refuses a request whose estimate would take the TPM count past the limit (a request larger
 *    than the whole limit never fits); `below-limit` admits while the count is below the limit, so the last request
 *    may overshoot. RPM counts whole requests, where the two rules agree.
 *  - `countRejected`: whether a 429'd request still adds its estimate to the TPM count. RPM always counts a request
 *    the TPM limit refused ("unsuccessful requests still count"), and never one the RPM limit itself refused. The
 *    measurements show both [S41]: the first call after a TPM lockout had 1 request left of 10, the TPM 429s of the
 *    last 10 s counted; at 6 RPM (one call per 10 s), of ten calls a second apart the first and the last were
 *    admitted, the eight RPM 429s between them not counted. Counting its own refusals would let a sliding RPM window
 *    starve any stream above the limit (in a fixed window it changes nothing: the count is at the limit until the
 *    reset).
 *  - `estimate`: prompt + max_tokens as documented, or max_tokens alone as gpt-35-turbo was measured to charge.
 *
 * A 429's Retry-After is the time until the refused request would be admitted, nothing else arriving: the time until
 * its estimate fits (`fits`) or until the count is back below the limit (`below-limit`), which is the time until
 * enough entries leave a sliding window or until a fixed window resets; the later of TPM and RPM when both refuse.
 * A request that can never fit (`fits`, estimate above the limit) is refused each time, with the time until the
 * window has passed (sliding: 60 s; fixed: until the reset).
 * Microsoft's emulator answers the same way for a sliding window, rounded up to whole seconds [S42].
 *
 * The sliding window is exact and bounded: a ring of the entries of the last window (time, amount) with their running
 * sum, so admission is amortized O(1) and memory holds at most one window of counted requests.
 */

import type { DeploymentModel } from "./deployment-model.js";

/** Seconds the TPM counter covers. */
const TOKEN_WINDOW = 60;

/** How a standard deployment's TPM/RPM counters count (the scenario's `limiter`; see the file comment). */
export interface StandardLimiterRules {
  /** sliding: the last 60 s (RPM: the last rpmWindow); fixed: reset on each whole minute (RPM window). */
  window: "sliding" | "fixed";
  /** fits: refuse a request that would take the count past the limit; below-limit: admit while below it. */
  admission: "fits" | "below-limit";
  /** Whether a 429'd request adds its estimate to the TPM count. */
  countRejected: boolean;
  /** What a request adds to the TPM count: prompt + max_tokens (documented) or max_tokens alone. */
  estimate: "prompt+maxTokens" | "maxTokens";
}

/** Whether `count` meets `target` (at most, or below when `strict`). */
function meets(count: number, target: number, strict: boolean): boolean {
  return strict ? count < target : count <= target;
}

/**
 * One counter over windows of `span` seconds: what was added counts until it is `span` old (sliding: a growable ring
 * of (time, amount) entries with their running sum) or until the clock's window holding it ends (fixed). One class
 * for both rules keeps the hot path monomorphic. The ring interleaves each entry's time and amount in one array: an
 * admission touches one cache line, not two (the sliding window is most of a standard deployment's cost per call).
 */
class WindowCounter {
  /** Entry k of the ring at slots 2k (time) and 2k + 1 (amount); the length is twice a power of two. */
  private ring = new Float64Array(32);
  /** Sliding: slot of the oldest entry's time. */
  private head = 0;
  /** Sliding: entries in the ring. */
  private size = 0;
  /** Fixed: index of the current window. */
  private window = Number.NEGATIVE_INFINITY;
  private total = 0;

  /**
   * @param sliding whether the window slides (else it is fixed to the clock)
   * @param span seconds an amount counts for
   */
  constructor(
    private readonly sliding: boolean,
    private readonly span: number,
  ) {}

  /** The count at `now` (times never go back). */
  count(now: number): number {
    if (!this.sliding) {
      const window = Math.floor(now / this.span);
      if (window !== this.window) {
        this.window = window;
        this.total = 0;
      }
      return this.total;
    }
    // An entry added at t counts while now - t < span: it leaves at t + span, when a Retry-After sends the caller back.
    const cutoff = now - this.span;
    const ring = this.ring;
    if (this.size > 0 && ring[this.head] <= cutoff) {
      const mask = ring.length - 1;
      let head = this.head;
      let size = this.size;
      let total = this.total;
      do {
        total -= ring[head + 1];
        head = (head + 2) & mask;
        size--;
      } while (size > 0 && ring[head] <= cutoff);
      this.head = head;
      this.size = size;
      this.total = size === 0 ? 0 : total;
    }
    return this.total;
  }

  /**
   * Whether the count at `now` is above `limit` (at or above it when `orEqual`). A sliding window's running total
   * only overstates its count (entries older than the window are still in it): while the total is within the limit so
   * is the count, and the expiry waits for a call that needs it (or for a full ring), which makes an unthrottled
   * deployment's admission two compares. The answer is the exact one either way.
   */
  over(now: number, limit: number, orEqual: boolean): boolean {
    if (this.sliding && (orEqual ? this.total < limit : this.total <= limit)) return false;
    const count = this.count(now);
    return orEqual ? count >= limit : count > limit;
  }

  /** Adds `amount` at `now`, the time of the last {@link WindowCounter.over} (a fixed window was reset then). */
  add(now: number, amount: number): void {
    this.total += amount;
    if (!this.sliding) return;
    // A full ring drops what has left the window before it grows: it holds at most twice a window's entries.
    if (this.size * 2 === this.ring.length) {
      this.count(now);
      if (this.size * 2 === this.ring.length) this.grow();
    }
    const i = (this.head + this.size * 2) & (this.ring.length - 1);
    this.ring[i] = now;
    this.ring[i + 1] = amount;
    this.size++;
  }

  /**
   * Seconds from `now` (the time of the last {@link WindowCounter.over} that found the count over) until the count is at most `target`, or
   * below it when `strict`, nothing more being added. A target even an empty counter misses gets the time a whole
   * window takes to pass.
   */
  waitUntil(now: number, target: number, strict: boolean): number {
    if (meets(this.total, target, strict)) return 0;
    if (!this.sliding) return (this.window + 1) * this.span - now;
    if (!meets(0, target, strict)) return this.span;
    let left = this.total;
    const ring = this.ring;
    const mask = ring.length - 1;
    for (let k = 0; k < this.size; k++) {
      const i = (this.head + 2 * k) & mask;
      left -= ring[i + 1];
      if (meets(left, target, strict)) return ring[i] + this.span - now;
    }
    return this.span;
  }

  /** Doubles the ring (its length stays twice a power of two), oldest entry first. */
  private grow(): void {
    const old = this.ring;
    const mask = old.length - 1;
    const ring = new Float64Array(old.length * 2);
    for (let k = 0; k < this.size; k++) {
      const i = (this.head + 2 * k) & mask;
      ring[2 * k] = old[i];
      ring[2 * k + 1] = old[i + 1];
    }
    this.ring = ring;
    this.head = 0;
  }
}

/** TPM and RPM counters of one standard deployment. */
export class StandardRateLimiter {
  private readonly tokens: WindowCounter;
  private readonly requests: WindowCounter;
  private readonly fits: boolean;
  private readonly countRejected: boolean;
  /** Requests allowed per RPM window. */
  readonly requestsPerWindow: number;
  /** Seconds the RPM limit is evaluated over (the configured window, or 60 for tiny limits). */
  readonly rpmWindow: number;

  /**
   * @param tpm tokens per minute
   * @param rpm requests per minute
   * @param rpmWindow seconds the RPM limit is evaluated over (1 or 10)
   * @param rules window, admission and counting rules (the estimate rule is the model's)
   */
  constructor(
    readonly tpm: number,
    rpm: number,
    rpmWindow: number,
    rules: Omit<StandardLimiterRules, "estimate">,
  ) {
    // 600 RPM over 1 s windows allows 10 per window [S6].
    this.rpmWindow = (rpm * rpmWindow) / 60 >= 1 ? rpmWindow : 60;
    this.requestsPerWindow = Math.max(1, Math.floor((rpm * this.rpmWindow) / 60));
    const sliding = rules.window === "sliding";
    this.tokens = new WindowCounter(sliding, TOKEN_WINDOW);
    this.requests = new WindowCounter(sliding, this.rpmWindow);
    this.fits = rules.admission === "fits";
    this.countRejected = rules.countRejected;
  }

  /**
   * Tries to admit a request whose admission estimate is `tokens`.
   * @returns -1 when admitted, else the Retry-After in seconds
   */
  tryAdmit(now: number, tokens: number): number {
    const tokensFull = this.fits
      ? this.tokens.over(now, this.tpm - tokens, false)
      : this.tokens.over(now, this.tpm, true);
    const requestsFull = this.requests.over(now, this.requestsPerWindow, true);
    if (!tokensFull && !requestsFull) {
      this.tokens.add(now, tokens);
      this.requests.add(now, 1);
      return -1;
    }
    // The wait is what the counters say before this refusal is counted (as the emulator answers [S42]).
    let wait = 0;
    if (tokensFull)
      wait = this.fits
        ? this.tokens.waitUntil(now, this.tpm - tokens, false)
        : this.tokens.waitUntil(now, this.tpm, true);
    if (requestsFull) wait = Math.max(wait, this.requests.waitUntil(now, this.requestsPerWindow, true));
    else this.requests.add(now, 1);
    if (this.countRejected) this.tokens.add(now, tokens);
    return wait;
  }
}

/**
 * A standard deployment: a call adds its estimate (prompt + max_tokens, or max_tokens alone) to TPM and one request to
 * RPM [S6]; a call whose prompt + max_tokens exceeds the model's context window is refused with 400. Nothing is
 * settled at completion: the counters keep the estimate.
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
  private readonly promptCounts: boolean;

  /**
   * @param limits tokens per minute, requests per minute, RPM window (s)
   * @param contextWindow largest prompt + max_tokens accepted
   * @param rules how the counters count
   */
  constructor(
    limits: { tpm: number; rpm: number; rpmWindow: number },
    private readonly contextWindow: number,
    rules: StandardLimiterRules,
  ) {
    this.limiter = new StandardRateLimiter(limits.tpm, limits.rpm, limits.rpmWindow, rules);
    this.capacityPerMinute = limits.tpm;
    this.promptCounts = rules.estimate === "prompt+maxTokens";
  }

  /** @inheritdoc */
  admit(now: number, prompt: number, _cached: number, maxTokens: number): number {
    if (prompt + maxTokens > this.contextWindow) return 400;
    const estimate = this.promptCounts ? prompt + maxTokens : maxTokens;
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
