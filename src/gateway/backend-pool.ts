/**
 * APIM's load-balanced backend pool (APIM backends doc, learn.microsoft.com/azure/api-management/backends, section
 * "Load-balanced pool", ms.date 2026-01-15 [MS-bk]):
 *  - backends are grouped by priority; lower number = higher priority (Azure-Samples/AI-Gateway lab);
 *  - APIM "uses backends in lower priority groups only when all backends in higher priority groups are unavailable
 *    because circuit breaker rules are tripped" — a 429 alone does not move traffic, only a tripped breaker does;
 *  - within a group requests are spread "evenly or according to assigned weights". The exact algorithm is not
 *    published; samples observe 50/50 weights alternating and 80/20 tracking 80/20. Smooth weighted round-robin
 *    (nginx's algorithm) does exactly that, deterministically, so we use it;
 *  - when every backend's circuit is open the pool answers 503 ("A 503 is returned when no available backends are
 *    present", AI-Gateway PR #47).
 * State (breakers, round-robin counters) belongs to one gateway instance: APIM instances "don't synchronize".
 *
 * `<retry>` re-selects from the pool (`target: same`, Microsoft's lab) or sends the failed request to the next backend
 * in priority order (`target: next`): the GenAI gateway toolkit's "manage spikes with PAYG" fragment [S94] forwards to
 * the PTU backend first and, inside the same `<retry condition="429">`, sets the pay-as-you-go backend when the
 * response was a 429, with no circuit breaker involved. A backend's priority may differ per gateway region (the pool
 * of each region is built with that region's numbers), so "next" is the region's own order.
 *
 * Plain state machine over numbers: no simulation types, so it could sit in a real proxy.
 */
import { CircuitBreaker, type CircuitBreakerRule } from "./circuit-breaker.js";
import { NO_BACKEND, type RoutedRequest, type RoutingPolicy } from "./routing-policy.js";

/** A pool member as configured. */
export interface PoolMember {
  /** Priority group; lower = used first. */
  priority: number;
  /** Relative share within the group. */
  weight: number;
}

/** Index returned by {@link BackendPool.select} when every backend's circuit is open (APIM answers 503). */
export const POOL_EXHAUSTED = NO_BACKEND;

/**
 * APIM's `<retry>` around `forward-request` (learn.microsoft.com/azure/api-management/retry-policy, ms.date
 * 2022-12-08): while `condition` holds and fewer than `count` retries were made, wait `interval` seconds (none before
 * the first retry with `first-fast-retry`) and forward again — re-selecting from the pool, as Microsoft's AI-Gateway
 * lab does with `set-backend-service` inside the retry, or to the next backend (`target`).
 */
export interface PoolRetry {
  /** Retries (1-50). */
  count: number;
  /** Seconds between attempts. */
  interval: number;
  /** First retry at once. */
  firstFastRetry: boolean;
  /** Statuses the condition retries. */
  on: readonly number[];
  /**
   * Where a retry goes: `same` re-selects from the pool (breakers and weights decide; the default), `next` forwards to
   * the backend after the one that failed, in priority order (ties in configuration order).
   */
  target?: "same" | "next";
}

/** One gateway instance's view of a backend pool, with its `<retry>` policy. */
export class BackendPool implements RoutingPolicy {
  private readonly current: number[];
  private readonly effectiveWeights: number[];
  /** Per-backend breaker (null when the pool has no rule). */
  readonly breakers: (CircuitBreaker | null)[];
  /** The best (lowest) priority number in the pool: a backend outside it is a spillover target. */
  readonly topPriority: number;
  /** With `target: next`: the members in priority order (configuration order within a priority), else empty. */
  private readonly order: readonly number[];
  /** With `target: next`: the backend each request's attempt was last sent to (its request object is the key). */
  private readonly lastPick = new WeakMap<RoutedRequest, number>();

  /**
   * @param members the pool in configuration order
   * @param rule the circuit-breaker rule applied to each backend, or null
   * @param retry the `<retry>` around forward-request, or null (no retry inside the gateway)
   */
  constructor(
    readonly members: readonly PoolMember[],
    rule: CircuitBreakerRule | null,
    private readonly retry: PoolRetry | null = null,
  ) {
    this.current = members.map(() => 0);
    // Weight 0 everywhere in a group would starve it; APIM's handling is unpublished, so such groups share evenly.
    this.effectiveWeights = members.map((m) => {
      const groupTotal = members.filter((o) => o.priority === m.priority).reduce((s, o) => s + o.weight, 0);
      return groupTotal === 0 ? 1 : m.weight;
    });
    this.breakers = members.map(() => (rule === null ? null : new CircuitBreaker(rule)));
    this.topPriority = Math.min(...members.map((m) => m.priority));
    // Weight-0 members of a weighted group are never picked, so the walk skips them too.
    this.order =
      retry?.target === "next"
        ? members
            .map((m, i) => ({ p: m.priority, i }))
            .filter(({ i }) => this.effectiveWeights[i] > 0)
            .sort((a, b) => a.p - b.p || a.i - b.i)
            .map(({ i }) => i)
        : [];
  }

  /** Whether backend `index` is available (its circuit closed) at `now`. */
  available(index: number, now: number): boolean {
    const breaker = this.breakers[index];
    return breaker === null || !breaker.isOpen(now);
  }

  /**
   * Picks the backend for `request`'s next attempt at `now`, or {@link POOL_EXHAUSTED}: a `<retry>` with `target: next`
   * walks on from the backend the request last tried, any other attempt selects from the pool.
   */
  select(now: number, request?: RoutedRequest): number {
    if (this.order.length === 0 || request === undefined) return this.fromPool(now);
    const last = request.gatewayRetries > 0 ? this.lastPick.get(request) : undefined;
    const pick = last === undefined ? this.fromPool(now) : this.after(last, now);
    this.lastPick.set(request, pick);
    return pick;
  }

  /**
   * `target: next`: the first available backend after `last` in priority order. Past the end the request stays on the
   * last backend, as the toolkit's fragment keeps choosing pay-as-you-go for every further 429 [S94].
   */
  private after(last: number, now: number): number {
    const order = this.order;
    for (let k = order.indexOf(last) + 1; k < order.length; k++) {
      if (this.available(order[k], now)) return order[k];
    }
    return last >= 0 && this.available(last, now) ? last : POOL_EXHAUSTED;
  }

  /** The pool's own choice at `now`: the best available priority group, smooth weighted round-robin within it. */
  private fromPool(now: number): number {
    const members = this.members;
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < members.length; i++) {
      if (members[i].priority < best && this.effectiveWeights[i] > 0 && this.available(i, now))
        best = members[i].priority;
    }
    if (best === Number.POSITIVE_INFINITY) return POOL_EXHAUSTED;
    // Smooth weighted round-robin within the group: raise each candidate by its weight, pick the highest, lower the
    // pick by the group total. Ties go to the first in configuration order.
    let total = 0;
    let pick = -1;
    for (let i = 0; i < members.length; i++) {
      if (members[i].priority !== best || this.effectiveWeights[i] === 0 || !this.available(i, now)) continue;
      const w = this.effectiveWeights[i];
      this.current[i] += w;
      total += w;
      if (pick < 0 || this.current[i] > this.current[pick]) pick = i;
    }
    this.current[pick] -= total;
    return pick;
  }

  /** Records a backend's response (seconds for `now` and `retryAfter`); returns true if it tripped the circuit. */
  onResponse(index: number, now: number, status: number, retryAfter?: number): boolean {
    const breaker = this.breakers[index];
    return breaker === null ? false : breaker.record(now, status, retryAfter);
  }

  /** `<retry>`: seconds before forwarding again, or null when the condition or the count says stop. */
  retryDelay(status: number, retriesMade: number, _now: number): number | null {
    const retry = this.retry;
    if (retry === null || retriesMade >= retry.count || !retry.on.includes(status)) return null;
    return retry.firstFastRetry && retriesMade === 0 ? 0 : retry.interval;
  }

  /** Priority of backend `index`. */
  priorityOf(index: number): number {
    return this.members[index].priority;
  }
}
