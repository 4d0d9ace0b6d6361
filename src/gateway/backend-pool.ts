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
 * Plain state machine over numbers: no simulation types, so it could sit in a real proxy.
 */
import { CircuitBreaker, type CircuitBreakerRule } from "./circuit-breaker.js";
import { NO_BACKEND, type RoutingPolicy } from "./routing-policy.js";

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
 * lab does with `set-backend-service` inside the retry.
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
}

/** One gateway instance's view of a backend pool, with its `<retry>` policy. */
export class BackendPool implements RoutingPolicy {
  private readonly current: number[];
  private readonly effectiveWeights: number[];
  /** Per-backend breaker (null when the pool has no rule). */
  readonly breakers: (CircuitBreaker | null)[];
  /** The best (lowest) priority number in the pool: a backend outside it is a spillover target. */
  readonly topPriority: number;

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
  }

  /** Whether backend `index` is available (its circuit closed) at `now`. */
  available(index: number, now: number): boolean {
    const breaker = this.breakers[index];
    return breaker === null || !breaker.isOpen(now);
  }

  /** Picks the backend for the next request at `now`, or {@link POOL_EXHAUSTED}. */
  select(now: number): number {
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
