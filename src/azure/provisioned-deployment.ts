/**
 * The utilization bucket of a provisioned (PTU) deployment, as Microsoft documents it [S1] (provisioned-throughput.md,
 * ms.date 2026-02-10, wording unchanged since 2024-01):
 *  1. a request is rejected with 429 while utilization is above 100%, with `retry-after-ms` "set to the time until
 *     utilization is below 100%";
 *  2. otherwise its incremental utilization is estimated from the prompt tokens less cached tokens plus `max_tokens`
 *     (output tokens weighted: one output token counts as `outputWeight` input tokens [S3]);
 *  3. at completion the estimate is corrected by the difference to the actual generation;
 *  4. "the overall utilization is decremented at a continuous rate based on the number of PTU deployed".
 * The bucket depth (window) and the burst allowance ("bursts just over 100% might be permitted") are not published:
 * both are parameters (defaults 60 s, matching the PT1M utilization metric, and 0).
 */

import type { DeploymentModel } from "./deployment-model.js";

/** A leaky bucket of normalized tokens that drains continuously at the deployment's capacity. */
export class UtilizationBucket {
  /** Normalized tokens per second the bucket drains. */
  readonly drainPerSecond: number;
  /** Bucket content at 100% utilization (capacity per minute x window / 60 s). */
  readonly depth: number;
  /** Admission is allowed while the level is at most this (depth x (1 + burst)). */
  private readonly admitLevel: number;
  private level = 0;
  private last: number;

  /**
   * @param capacityPerMinute normalized tokens per minute (PTUs x input TPM per PTU)
   * @param window seconds of capacity the bucket holds at 100% utilization
   * @param burst allowed fraction above 100% before rejecting
   * @param startTime simulated time at which the bucket is empty
   */
  constructor(
    readonly capacityPerMinute: number,
    window: number,
    burst: number,
    startTime: number,
  ) {
    this.drainPerSecond = capacityPerMinute / 60;
    this.depth = this.drainPerSecond * window;
    this.admitLevel = this.depth * (1 + burst);
    this.last = startTime;
  }

  /** Bucket content at `now`, after draining. */
  levelAt(now: number): number {
    if (now > this.last) {
      const drained = this.level - (now - this.last) * this.drainPerSecond;
      this.level = Math.max(drained, 0);
      this.last = now;
    }
    return this.level;
  }

  /**
   * Content as a share of the depth as of the last update, without draining (read-only: the recorder reads it right
   * after an admission, when the level is current and at its highest).
   */
  get fill(): number {
    return this.level / this.depth;
  }

  /** Utilization at `now` as a fraction (1 = 100%). */
  utilization(now: number): number {
    return this.levelAt(now) / this.depth;
  }

  /**
   * Tries to admit a request whose estimated cost is `estimate` normalized tokens.
   * @returns -1 when admitted, else the retry-after in seconds (time until utilization is back to 100%)
   */
  tryAdmit(now: number, estimate: number): number {
    const level = this.levelAt(now);
    if (level > this.admitLevel) return (level - this.depth) / this.drainPerSecond;
    this.level = level + estimate;
    return -1;
  }

  /** Applies the end-of-request correction (actual − estimate, usually negative), never below empty. */
  settle(now: number, delta: number): void {
    const level = this.levelAt(now) + delta;
    this.level = Math.max(level, 0);
  }
}

/**
 * A provisioned deployment: a call is estimated as uncached prompt + outputWeight x max_tokens normalized tokens
 * [S1, S3] and admitted while the bucket is at most full; its completion corrects the estimate to what it generated.
 * A prompt over the model's PTU prompt limit is refused with 400 whatever the load.
 */
export class ProvisionedModel implements DeploymentModel {
  /** @inheritdoc */
  readonly settles = true;
  /** @inheritdoc */
  retryAfter = 0;
  /** @inheritdoc */
  charged = 0;
  /** The deployment's bucket. */
  readonly bucket: UtilizationBucket;

  /**
   * @param capacityPerMinute normalized tokens per minute (PTUs x input TPM per PTU)
   * @param outputWeight input tokens one output token counts as
   * @param maxPromptTokens longest prompt accepted (null: no limit)
   * @param window bucket window, s
   * @param burst allowed fraction above 100%
   * @param startTime when the bucket is empty
   */
  constructor(
    readonly capacityPerMinute: number,
    private readonly outputWeight: number,
    private readonly maxPromptTokens: number | null,
    window: number,
    burst: number,
    startTime: number,
  ) {
    this.bucket = new UtilizationBucket(capacityPerMinute, window, burst, startTime);
  }

  /**
   * Utilization the last admitted call found, before its own estimate (1 = 100%): the load it joined. Read right
   * after {@link admit} returned 200, at the same time.
   */
  get admittedUtilization(): number {
    return this.bucket.fill - this.charged / this.bucket.depth;
  }

  /** @inheritdoc */
  admit(now: number, prompt: number, cached: number, maxTokens: number): number {
    const limit = this.maxPromptTokens;
    if (limit !== null && prompt > limit) return 400;
    const estimate = prompt - cached + this.outputWeight * maxTokens;
    const wait = this.bucket.tryAdmit(now, estimate);
    if (wait >= 0) {
      this.retryAfter = wait;
      return 429;
    }
    this.charged = estimate;
    return 200;
  }

  /** Estimate-and-correct [S1]: the bucket was charged for max_tokens; give back what was not generated. */
  settle(now: number, completion: number, maxTokens: number): number {
    const delta = this.outputWeight * (completion - maxTokens);
    this.bucket.settle(now, delta);
    return delta;
  }
}
