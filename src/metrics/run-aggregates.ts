/**
 * What a run accumulates as it goes: counters, bounded histograms and per-step series. The report builder turns
 * these into report.json; nothing here knows about files or formats.
 */
import { LogHistogram } from "./log-histogram.js";

/** Length of one series step, seconds (report.json `timeseries.stepSeconds`). */
export const STEP_SECONDS = 60;

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

  /** @param steps number of series steps in the horizon */
  constructor(steps: number) {
    this.servedSeries = new Float64Array(steps);
    this.usageSeries = new Float64Array(steps);
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
  /** Breaker trips / throttling marks this region's policy made, per backend id. */
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
  readonly warnings: string[] = [];

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
