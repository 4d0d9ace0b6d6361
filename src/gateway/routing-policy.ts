/**
 * What a gateway's routing policy does, whatever the policy: pick a backend for a request, hear each backend response
 * (successes too, so a least-busy or latency-based policy can keep its own books), and say whether (and after how
 * long) to try the pool again for the same request. Plain numbers only (seconds, HTTP statuses, indices into the
 * configured backend list): no simulation types, so each policy reads like the production algorithm it models and
 * could sit in a real proxy. Policies are registered in policies.ts: one entry a policy.
 */

/** Returned by {@link RoutingPolicy.select} when the policy has no backend to offer (APIM: 503). */
export const NO_BACKEND = -1;

/** What a policy may read of the request it routes (the simulator's request object satisfies it, unallocated). */
export interface RoutedRequest {
  /** The calling workload's name (a subscription or consumer key, for per-caller policies). */
  readonly workloadName: string;
  /** Prompt tokens. */
  readonly prompt: number;
  /** max_tokens of the request. */
  readonly maxTokens: number;
  /** Retries already made for this request inside the gateway. */
  readonly gatewayRetries: number;
}

/**
 * A gateway routing policy: one instance per gateway instance (APIM unit) of a region, or one per region with
 * `stateScope: region`; instances do not share state.
 */
export interface RoutingPolicy {
  /** Index of the backend to send `request`'s next attempt to at `now` (seconds), or {@link NO_BACKEND}. */
  select(now: number, request?: RoutedRequest): number;
  /**
   * Hears a backend's response: failures as they reach the gateway, successes when the answer completes.
   * @param index the backend that answered
   * @param now seconds
   * @param status HTTP status of the response (200 for a success)
   * @param retryAfter the response's Retry-After header in whole seconds, if it carried one
   * @returns true when this response took the backend out of rotation (breaker trip, throttling mark)
   */
  onResponse(index: number, now: number, status: number, retryAfter?: number): boolean;
  /**
   * After a failed attempt (or {@link NO_BACKEND}, status 503), whether to try again within the gateway.
   * @param status the failed attempt's status
   * @param retriesMade retries already made for this request inside the gateway
   * @param now seconds
   * @returns seconds to wait before the next attempt (0 = at once), or null to give up and answer the caller
   */
  retryDelay(status: number, retriesMade: number, now: number): number | null;
  /** The best (lowest) priority number: a success on a backend of another priority is a spillover. */
  readonly topPriority: number;
  /** Priority of backend `index`. */
  priorityOf(index: number): number;
}
