/**
 * What the simulator asks of a deployment, whatever its kind: admit a call (or refuse it with 429 or 400) and settle
 * it when it completes. One model per deployment kind lives beside this file (provisioned-deployment.ts,
 * standard-deployment.ts, batch-deployment.ts; the processing options of a standard deployment wrap its model,
 * processing-options.ts). Plain numbers in and out: the hot path allocates nothing, so a call's by-products (the
 * Retry-After of a 429, the capacity a call was charged) are read from the model right after `admit`.
 */
import type { LatencyParams } from "./latency.js";

/** A deployment's admission and settlement rules. */
export interface DeploymentModel {
  /**
   * Tries to admit a call at `now` (seconds). Returns 200 when admitted ({@link DeploymentModel.charged} then holds
   * the capacity it took), 429 when a limit is reached ({@link DeploymentModel.retryAfter} then holds the wait), or
   * 400 when the request is one the deployment never accepts (a prompt over its limit).
   */
  admit(now: number, prompt: number, cached: number, maxTokens: number): number;
  /** Seconds until the last refused call would be admitted (the 429's Retry-After, before rounding). */
  readonly retryAfter: number;
  /** Capacity charged by the last admitted call: normalized tokens (provisioned) or tokens (standard). */
  readonly charged: number;
  /** Whether {@link DeploymentModel.settle} can correct a charge (false: completion leaves the model as it is). */
  readonly settles: boolean;
  /**
   * A call admitted earlier completes at `now` having generated `completion` of its `maxTokens`: returns the
   * correction to what it was charged (0 when the kind charges no estimate).
   */
  settle(now: number, completion: number, maxTokens: number): number;
  /** Capacity per minute the utilization series is a share of. */
  readonly capacityPerMinute: number;
  /**
   * The latency of the last admitted call when the kind decides it per call (Priority: priority or standard
   * processing; Batch: the request's turnaround); undefined: the deployment's own.
   */
  readonly latency?: LatencyParams;
  /** Priority processing: whether the last admitted call was moved to standard processing (billed as standard). */
  readonly downgraded?: boolean;
}
