/**
 * APIM's backend circuit breaker (APIM backends doc, learn.microsoft.com/azure/api-management/backends, section
 * "Circuit breaker", ms.date 2026-01-15 [MS-bk]): the circuit trips when `count` responses whose status falls in
 * `statusCodeRanges` occur within `interval`; while tripped APIM stops sending to the backend; after `tripDuration` it
 * resets (no half-open probing is documented). With `acceptRetryAfter`, a Retry-After on the failing response sets
 * how long the circuit stays open — the doc does not say whether it replaces or extends tripDuration; we take the
 * literal reading ("waits for the specified time"), i.e. it replaces it.
 *
 * Plain state machine over numbers (seconds, status codes): no simulation types, so it reads like the production rule.
 */

/** A circuit-breaker rule as configured on an APIM backend (times in seconds). */
export interface CircuitBreakerRule {
  /** Failure condition: how many failures within which interval, and which statuses count. */
  failureCondition: { count: number; interval: number; statusCodeRanges: { min: number; max: number }[] };
  /** How long the circuit stays open after tripping, s. */
  tripDuration: number;
  /** Whether a Retry-After on the tripping response sets the open time instead. */
  acceptRetryAfter: boolean;
}

/** One backend's breaker state on one gateway instance. */
export class CircuitBreaker {
  private failures: number[] = [];
  private openUntil = Number.NEGATIVE_INFINITY;
  /** How many times the circuit has tripped. */
  trips = 0;

  /** @param rule the backend's rule */
  constructor(private readonly rule: CircuitBreakerRule) {}

  /** Whether the backend is skipped at `now`. */
  isOpen(now: number): boolean {
    return now < this.openUntil;
  }

  /** When the circuit closes again (−Infinity if it never tripped). */
  get closesAt(): number {
    return this.openUntil;
  }

  /** Whether a status counts as a failure under the rule. */
  counts(status: number): boolean {
    for (const range of this.rule.failureCondition.statusCodeRanges) {
      if (status >= range.min && status <= range.max) return true;
    }
    return false;
  }

  /**
   * Records a backend response at `now`.
   * @param retryAfter the response's Retry-After, seconds, if it carried one
   * @returns true when this response tripped the circuit
   */
  record(now: number, status: number, retryAfter?: number): boolean {
    if (!this.counts(status)) return false;
    const { count, interval } = this.rule.failureCondition;
    const failures = this.failures;
    failures.push(now);
    // Keep only failures inside the counting interval.
    let drop = 0;
    while (drop < failures.length && failures[drop] <= now - interval) drop++;
    if (drop > 0) failures.splice(0, drop);
    if (failures.length < count) return false;
    const open =
      this.rule.acceptRetryAfter && retryAfter !== undefined && retryAfter > 0
        ? retryAfter
        : this.rule.tripDuration;
    this.openUntil = now + open;
    this.failures = [];
    this.trips++;
    return true;
  }
}
