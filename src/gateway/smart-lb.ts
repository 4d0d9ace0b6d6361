/**
 * The "smart load balancing" APIM policy for Azure OpenAI (Azure-Samples/openai-apim-lb `apim-policy.xml`; same logic
 * in andredewes/apim-aoai-smart-loadbalancing, explained in its docs/how-the-policy-works.md; see backend-pool.ts for
 * the native pool it differs from):
 *  - each backend has a priority (lower = used first), `isThrottling` and `retryAfter` (an absolute time);
 *  - before every attempt, backends whose `retryAfter` has come are healed;
 *  - the pick is the lowest priority among non-throttling backends, uniform random among ties (`new Random().Next`),
 *    and backend 0 when all are throttling — the client then gets that backend's 429, never a gateway 503;
 *  - a single 429 or 5xx marks the backend for its Retry-After (10 s without one) — no failure count, unlike a breaker;
 *  - the request is retried at once (`<retry count="50" interval="0">`) while some backend is not throttling.
 * The policy falls back from Retry-After to `x-ratelimit-reset-requests` and `x-ratelimit-reset-tokens`; the routing
 * interface carries only Retry-After, which Azure OpenAI 429s do send, so the fallback goes straight to 10 s.
 *
 * Per-instance caveat: the list lives in the gateway instance's internal cache (`cache-lookup-value`, duration 60 s),
 * so each instance learns of a throttled backend separately, paying its own 429 round-trip ("fix": external Redis).
 * One object here is one instance's cache. Not modelled: the cache entry expiring after 60 s without requests, which
 * would forget throttling marks early.
 *
 * Plain state machine over numbers: no simulation types, so it could sit in a real proxy.
 */
import type { RoutingPolicy } from "./routing-policy.js";

/** Seconds a backend is marked throttling when its 429/5xx carries no Retry-After (the policy's `"10"` default). */
export const SMART_LB_DEFAULT_THROTTLE_SECONDS = 10;

/** Retries the policy makes within one request (`<retry count="50">`). */
export const SMART_LB_MAX_RETRIES = 50;

/** A backend as listed in the policy's hard-coded array. */
export interface SmartLbBackend {
  /** Lower = used first; higher numbers only while every lower one is throttling. */
  priority: number;
}

/** Tunables of {@link SmartLoadBalancer}; the defaults are the published policy's. */
export interface SmartLbOptions {
  /** Throttling mark when a response has no Retry-After (default {@link SMART_LB_DEFAULT_THROTTLE_SECONDS}). */
  defaultThrottleSeconds?: number;
  /** Retry budget per request (default {@link SMART_LB_MAX_RETRIES}). */
  maxRetries?: number;
}

/** One gateway instance's smart-load-balancing state: the policy's `listBackends` cache entry. */
export class SmartLoadBalancer implements RoutingPolicy {
  private readonly priorities: readonly number[];
  private readonly throttling: boolean[];
  /** Absolute second at which a throttling backend heals (meaningless while not throttling). */
  private readonly retryAfter: number[];
  private readonly defaultThrottleSeconds: number;
  private readonly maxRetries: number;
  /** The best (lowest) priority number: a backend outside it is a spillover target. */
  readonly topPriority: number;

  /**
   * @param backends the policy's backend list in configuration order (index 0 takes traffic when all throttle)
   * @param uniform a uniform generator in [0, 1) for the tie-break, so runs replay from the seed
   * @param options overrides of the policy's constants
   */
  constructor(
    backends: readonly SmartLbBackend[],
    private readonly uniform: () => number,
    options: SmartLbOptions = {},
  ) {
    // The policy indexes backends[0] unconditionally, so an empty list is a configuration error, not a 503.
    if (backends.length === 0) throw new RangeError("smart load balancer needs at least one backend");
    this.priorities = backends.map((b) => b.priority);
    this.throttling = backends.map(() => false);
    this.retryAfter = backends.map(() => Number.NEGATIVE_INFINITY);
    this.defaultThrottleSeconds = options.defaultThrottleSeconds ?? SMART_LB_DEFAULT_THROTTLE_SECONDS;
    this.maxRetries = options.maxRetries ?? SMART_LB_MAX_RETRIES;
    this.topPriority = Math.min(...this.priorities);
  }

  /** Priority of backend `index`. */
  priorityOf(index: number): number {
    return this.priorities[index];
  }

  /** Whether backend `index` is out of rotation at `now` (marked, and its Retry-After not yet come). */
  isThrottling(index: number, now: number): boolean {
    return this.throttling[index] && now < this.retryAfter[index];
  }

  /** Heals due backends, then picks the lowest-priority non-throttling one (random among ties), else backend 0. */
  select(now: number): number {
    this.heal(now);
    let best = Number.POSITIVE_INFINITY;
    const candidates: number[] = [];
    for (let i = 0; i < this.priorities.length; i++) {
      if (this.throttling[i]) continue;
      const p = this.priorities[i];
      if (p < best) {
        best = p;
        candidates.length = 0;
      }
      if (p === best) candidates.push(i);
    }
    // All throttling: the policy forwards to the first backend rather than failing, so the caller sees its 429.
    if (candidates.length === 0) return 0;
    if (candidates.length === 1) return candidates[0];
    // Random.Next(0, n) is uniform over 0..n-1; the clamp guards a generator that ever returns exactly 1.
    return candidates[Math.min(candidates.length - 1, Math.floor(this.uniform() * candidates.length))];
  }

  /** Marks the backend throttling on 429 or 5xx, for Retry-After seconds or the default; true when it marked. */
  onResponse(index: number, now: number, status: number, retryAfter?: number): boolean {
    if (!isThrottleStatus(status)) return false;
    const seconds = retryAfter !== undefined && retryAfter > 0 ? retryAfter : this.defaultThrottleSeconds;
    // A later mark overwrites an earlier one, as the policy does: the latest Retry-After is the backend's word.
    this.throttling[index] = true;
    this.retryAfter[index] = now + seconds;
    return true;
  }

  /** 0 (retry at once) after a 429/5xx while retries remain and some backend is not throttling; else null. */
  retryDelay(status: number, retriesMade: number, now: number): number | null {
    if (!isThrottleStatus(status) || retriesMade >= this.maxRetries) return null;
    // The policy counts `remainingBackends` right after marking, without healing; healing first differs only when a
    // mark expired during the attempt, and then the next attempt would heal that backend and use it anyway.
    this.heal(now);
    return this.throttling.includes(false) ? 0 : null;
  }

  /** The policy's pre-attempt loop: `isThrottling && now >= retryAfter` becomes available again. */
  private heal(now: number): void {
    for (let i = 0; i < this.throttling.length; i++) {
      if (this.throttling[i] && now >= this.retryAfter[i]) this.throttling[i] = false;
    }
  }
}

/** The policy's trigger for both marking and retrying: 429 or any status from 500 up. */
function isThrottleStatus(status: number): boolean {
  return status === 429 || status >= 500;
}
