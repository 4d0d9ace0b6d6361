/**
 * A Batch deployment (`GlobalBatch`, `DataZoneBatch`) [S43]. What the docs fix is exact here:
 *  - quota is in enqueued tokens: a request's input tokens count "until the batch job reaches a terminal state", and
 *    the quota "includes the maximum number of input tokens you can enqueue at one time". A request whose prompt would
 *    take the enqueued count past the quota is refused (the job fails for want of enqueued-token quota) with a 429
 *    whose Retry-After is the time until the next enqueued request completes; a prompt larger than the whole quota
 *    can never be enqueued (400).
 *  - no latency target: results come back within the "24-hour target turnaround".
 * What they leave open is the knob `batch.turnaround` (src/catalog/assumptions.ts): a request completes at a time
 * drawn uniformly over (0, turnaround] after it is enqueued, its tokens leaving the enqueued count then.
 *
 * The simulator sees one request per call, as it sees every other deployment; a job is the requests a workload sends
 * it. Enqueued requests are held in a binary min-heap of completion times, so admission is O(log n).
 */
import type { RandomStream } from "../engine/rng.js";
import type { DeploymentModel } from "./deployment-model.js";
import type { LatencyParams } from "./latency.js";

/** The enqueued-token quota and turnaround of a Batch deployment. */
export class BatchModel implements DeploymentModel {
  /** @inheritdoc */
  readonly settles = false;
  /** @inheritdoc */
  retryAfter = 0;
  /** @inheritdoc */
  charged = 0;
  /** The enqueued-token quota: the utilization series is the share of it enqueued each minute. */
  readonly capacityPerMinute: number;
  /** The last admitted request's result time as a latency: all of it before the "first token", nothing after. */
  readonly latency: LatencyParams = {
    ttft: 0,
    ttftPer1kPromptTokens: 0,
    tokensPerSecond: Number.POSITIVE_INFINITY,
    jitter: 0,
    loadSlowdown: 0,
    overTier: 1,
    usageTier: null,
  };
  /** Input tokens enqueued and not yet completed. */
  enqueued = 0;
  /** When the last admitted request completes and its tokens leave the enqueued count, s. */
  releaseAt = 0;
  /** Completion times of the enqueued requests (a binary min-heap) and, in the same slots, their tokens. */
  private readonly doneAt: number[] = [];
  private readonly tokens: number[] = [];

  /**
   * @param quota enqueued tokens the deployment may hold
   * @param turnaround longest time a request takes, s (completion is uniform over (0, turnaround])
   * @param rng the stream turnarounds are drawn from
   */
  constructor(
    readonly quota: number,
    private readonly turnaround: number,
    private readonly rng: RandomStream,
  ) {
    this.capacityPerMinute = quota;
  }

  /** @inheritdoc */
  admit(now: number, prompt: number, _cached: number, _maxTokens: number): number {
    this.release(now);
    if (prompt > this.quota) return 400;
    if (this.enqueued + prompt > this.quota) {
      this.retryAfter = this.doneAt[0] - now;
      return 429;
    }
    const wait = this.turnaround * (1 - this.rng.next());
    this.releaseAt = now + wait;
    this.push(this.releaseAt, prompt);
    this.enqueued += prompt;
    this.latency.ttft = wait;
    this.charged = prompt;
    return 200;
  }

  /** @inheritdoc */
  settle(_now: number, _completion: number, _maxTokens: number): number {
    return 0;
  }

  /** Drops the requests completed by `now` from the enqueued count. */
  private release(now: number): void {
    const doneAt = this.doneAt;
    while (doneAt.length > 0 && doneAt[0] <= now) {
      this.enqueued -= this.tokens[0];
      this.pop();
    }
  }

  /** Adds an entry to the heap. */
  private push(time: number, amount: number): void {
    const doneAt = this.doneAt;
    const tokens = this.tokens;
    let i = doneAt.length;
    doneAt.push(time);
    tokens.push(amount);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (doneAt[parent] <= time) break;
      doneAt[i] = doneAt[parent];
      tokens[i] = tokens[parent];
      i = parent;
    }
    doneAt[i] = time;
    tokens[i] = amount;
  }

  /** Removes the earliest entry. */
  private pop(): void {
    const doneAt = this.doneAt;
    const tokens = this.tokens;
    const lastTime = doneAt.pop() as number;
    const lastAmount = tokens.pop() as number;
    const n = doneAt.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && doneAt[child + 1] < doneAt[child]) child++;
      if (doneAt[child] >= lastTime) break;
      doneAt[i] = doneAt[child];
      tokens[i] = tokens[child];
      i = child;
    }
    doneAt[i] = lastTime;
    tokens[i] = lastAmount;
  }
}
