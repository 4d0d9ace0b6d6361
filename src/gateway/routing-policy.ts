/**
 * What a gateway's routing policy does, whatever the policy: pick a backend for a request, learn from each backend
 * response, and say whether (and after how long) to try the pool again for the same request. Plain numbers only
 * (seconds, HTTP statuses, indices into the configured backend list): no simulation types, so each policy reads like
 * the production algorithm it models and could sit in a real proxy.
 */

/** Returned by {@link RoutingPolicy.select} when the policy has no backend to offer (APIM: 503). */
export const NO_BACKEND = -1;

/** A gateway routing policy: one instance per gateway region (instances do not share state). */
export interface RoutingPolicy {
  /** Index of the backend to send the next attempt to at `now` (seconds), or {@link NO_BACKEND}. */
  select(now: number): number;
  /**
   * Learns from a backend's response.
   * @param index the backend that answered
   * @param now seconds
   * @param status HTTP status of the response
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
