/**
 * What a run accumulates as it goes: counters, bounded histograms and per-step series. The report builder turns
 * these into report.json; nothing here knows about files or formats.
 */
import { LogHistogram } from "./log-histogram.js";
import type { RunWarning } from "./warnings.js";

/** Length of one series step, seconds (report.json `timeseries.stepSeconds`). */
export const STEP_SECONDS = 60;

/**
 * What the recorder reads of a provisioned deployment's utilization bucket (src/azure/provisioned-deployment.ts):
 * its content as a share of its depth right after an admission, and how fast it drains.
 */
export interface BucketGauge {
  /** Content / depth, as of the bucket's last update (read right after an admission, that is now). */
  readonly fill: number;
  /** Normalized tokens drained per second. */
  readonly drainPerSecond: number;
  /** Content at 100%, normalized tokens. */
  readonly depth: number;
}

/** Per-deployment counters and series (counters cover requests that arrived in the horizon). */
export class DeploymentAggregates {
  /** Calls made to this deployment (client, gateway and spillover hops). */
  attempts = 0;
  /** Requests completed successfully. */
  served = 0;
  /** Requests served here as a spillover or lower-priority target. */
  spilloverServed = 0;
  /** 429s returned. */
  throttled = 0;
  /** Other errors returned (400 for over-long prompts, 5xx). */
  errored = 0;
  /** Prompt tokens of served requests (cached included). */
  promptTokens = 0;
  /** Cached prompt tokens of served requests. */
  cachedPromptTokens = 0;
  /** Completion tokens of served requests. */
  completionTokens = 0;
  /** Requests served per step, by completion time. */
  readonly servedSeries: Float64Array;
  /** Capacity used per step: normalized tokens (provisioned) or admitted tokens (standard). */
  readonly usageSeries: Float64Array;
  /** The bucket watched (provisioned deployments), or null. */
  bucket: BucketGauge | null = null;
  /** Per step, the highest bucket level as a share of its depth (empty until a bucket is watched). */
  bucketSeries: Float64Array = new Float64Array(0);
  /** Fill after the last admission, when it happened (s) and its step (unclamped: negative in the warmup). */
  private lastFill = 0;
  private lastAt = 0;
  private lastStep = Number.NEGATIVE_INFINITY;

  /** @param steps number of series steps in the horizon */
  constructor(readonly steps: number) {
    this.servedSeries = new Float64Array(steps);
    this.usageSeries = new Float64Array(steps);
  }

  /** Starts recording the level of `bucket`, empty at the start. */
  watch(bucket: BucketGauge): void {
    this.bucket = bucket;
    this.bucketSeries = new Float64Array(this.steps);
  }

  /**
   * The watched bucket's level right after an admission at `at` (s), in step `step` (unclamped). The level only rises
   * at admissions and drains in between, so a step's highest level is the highest of its admissions' and the level it
   * started with, carried from the last admission before it.
   */
  recordBucket(bucket: BucketGauge, at: number, step: number): void {
    if (step !== this.lastStep) this.carry(this.bucketSeries, bucket, step);
    const fill = bucket.fill;
    if (step >= 0 && step < this.steps && fill > this.bucketSeries[step]) this.bucketSeries[step] = fill;
    this.lastFill = fill;
    this.lastAt = at;
    this.lastStep = step;
  }

  /**
   * The highest bucket level of each step as a share of its depth, the steps after the last admission included (they
   * start with what it left, drained since); empty when no bucket is watched.
   */
  bucketLevels(): Float64Array {
    const out = Float64Array.from(this.bucketSeries);
    if (this.bucket !== null) this.carry(out, this.bucket, this.steps);
    return out;
  }

  /** Raises the steps after the last admission's, up to `until` (inclusive, within the horizon), to their start level. */
  private carry(series: Float64Array, bucket: BucketGauge, until: number): void {
    const last = Math.min(until, this.steps - 1);
    const drainShare = bucket.drainPerSecond / bucket.depth;
    for (let s = Math.max(0, this.lastStep + 1); s <= last; s++) {
      const start = this.lastFill - (s * STEP_SECONDS - this.lastAt) * drainShare;
      // Drained empty: this step and the ones after it start at 0.
      if (start <= 0) return;
      if (start > series[s]) series[s] = start;
    }
  }
}

/** Per-gateway-region counters (counters cover requests that arrived in the horizon). */
export class GatewayRegionAggregates {
  /** Client attempts this region received. */
  requests = 0;
  /** Answered 503 because every backend was out of rotation. */
  poolExhausted = 0;
  /** Answered 503 because the capacity queue was full. */
  queueFull = 0;
  /** Failed because the region was down. */
  failedByOutage = 0;
  /** Attempts that waited for capacity. */
  queued = 0;
  /** Total capacity wait, s. */
  waitSum = 0;
  /** Longest capacity wait, s. */
  waitMax = 0;
  /** Attempts received per step. */
  readonly requestsSeries: Float64Array;
  /** Breaker trips / throttling marks this region's policy instances made, per backend id. */
  readonly trips = new Map<string, number>();

  /**
   * @param region the region's name
   * @param steps series length
   */
  constructor(
    readonly region: string,
    steps: number,
  ) {
    this.requestsSeries = new Float64Array(steps);
  }

  /** Records the time an attempt waited for capacity (0 when it did not wait). */
  recordWait(wait: number): void {
    if (wait <= 0) return;
    this.queued++;
    this.waitSum += wait;
    if (wait > this.waitMax) this.waitMax = wait;
  }
}

/** Per-gateway counters. */
export class GatewayAggregates {
  /** Client requests (attempts) that entered the gateway. */
  requests = 0;
  /** Requests the gateway answered itself with 503 (pool exhausted or queue full). */
  rejected = 0;
  /** Per region, in configuration order. */
  readonly regions: GatewayRegionAggregates[];
  /** Breaker trips / throttling marks per backend (`account/deployment`). */
  readonly trips = new Map<string, number>();

  /**
   * @param regions the gateway's regions
   * @param steps series length
   */
  constructor(regions: readonly string[], steps: number) {
    this.regions = regions.map((r) => new GatewayRegionAggregates(r, steps));
  }
}

/** Everything a run measured. */
export class RunAggregates {
  /** Requests that arrived in the horizon. */
  arrived = 0;
  /** Of those, succeeded. */
  succeeded = 0;
  /** Of those, finished successfully (tallied separately from `succeeded` as a cross-check). */
  finishedOk = 0;
  /** Of those, finished with any failure (tallied separately from its parts so conservation is checkable). */
  failed = 0;
  /** Of those, final answer 429. */
  throttled = 0;
  /** Of those, final answer a timeout. */
  timedOut = 0;
  /** Of those, final answer another error. */
  errored = 0;
  /** Successful requests served by a deployment other than their first choice. */
  spillover = 0;
  /** Client retries made. */
  clientRetries = 0;
  /** Calls made to deployments. */
  attempts = 0;
  /** Calls answered 429. */
  attemptsThrottled = 0;
  /** Calls answered with another error. */
  attemptsErrored = 0;
  /** End-to-end latency of successes, ms. */
  readonly e2e = new LogHistogram(0.001, 0.001, 1e9);
  /** End-to-end latency of failed requests, at the time their caller got the final failure, ms. */
  readonly e2eFailed = new LogHistogram(0.001, 0.001, 1e9);
  /** Time to first token of successes, ms. */
  readonly ttft = new LogHistogram(0.001, 0.001, 1e9);
  /** Per step, by arrival time. */
  readonly arrivalsSeries: Float64Array;
  /** Per step, successes by arrival time. */
  readonly succeededSeries: Float64Array;
  /** Per step, final 429s by arrival time. */
  readonly throttledSeries: Float64Array;
  /** Per step, backend 429s by the time they were returned. */
  readonly backendThrottledSeries: Float64Array;
  /** Per step, e2e latency of successes by arrival time (1% resolution). */
  readonly e2eByStep: (LogHistogram | null)[];
  /** Per deployment, in scenario order. */
  readonly deployments: DeploymentAggregates[];
  /** Per gateway, in scenario order. */
  readonly gateways: GatewayAggregates[];
  /** Events processed by the kernel. */
  events = 0;
  /** Requests simulated, warmup included. */
  simulatedRequests = 0;
  /** Things the run noticed that the user should know (bad trace rows skipped, empty traces). */
  readonly warnings: RunWarning[] = [];

  /**
   * @param steps series length
   * @param deployments number of deployments
   * @param gatewayRegions each gateway's regions
   */
  constructor(
    readonly steps: number,
    deployments: number,
    gatewayRegions: readonly (readonly string[])[],
  ) {
    this.arrivalsSeries = new Float64Array(steps);
    this.succeededSeries = new Float64Array(steps);
    this.throttledSeries = new Float64Array(steps);
    this.backendThrottledSeries = new Float64Array(steps);
    this.e2eByStep = new Array<LogHistogram | null>(steps).fill(null);
    this.deployments = Array.from({ length: deployments }, () => new DeploymentAggregates(steps));
    this.gateways = gatewayRegions.map((regions) => new GatewayAggregates(regions, steps));
  }

  /**
   * End-to-end latency of every request (successes and failures), ms: the sum of the two histograms, so the hot path
   * records a success once.
   */
  e2eAll(): LogHistogram {
    return this.e2e.plus(this.e2eFailed);
  }

  /** Records a success's e2e latency (ms, with its natural log) in the step the request arrived in. */
  recordStepLatency(step: number, e2eMs: number, ln: number): void {
    let h = this.e2eByStep[step];
    if (h === null) {
      // 1% is plenty for a chart and keeps a week of minutes small.
      h = new LogHistogram(0.01, 1, 1e8);
      this.e2eByStep[step] = h;
    }
    h.recordWithLog(e2eMs, ln);
  }
}
