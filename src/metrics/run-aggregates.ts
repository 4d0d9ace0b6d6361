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
  /**
   * Priority processing: prompt, cached prompt and completion tokens of the served requests moved to standard
   * processing (billed at standard prices [S44]), at 0, 1 and 2; included in the counts above.
   */
  readonly downgradedTokens = new Float64Array(3);
  /**
   * Tokens of served requests per workload: prompt, cached prompt and completion at `3 × workload index` + 0, 1, 2
   * (a flat array indexed by workload, so the hot path does no lookup by name).
   */
  readonly workloadTokens: Float64Array;
  /** Requests served per step, by completion time. */
  readonly servedSeries: Float64Array;
  /** Capacity used per step: normalized tokens (provisioned) or admitted tokens (standard). */
  readonly usageSeries: Float64Array;
  /** The bucket watched (provisioned deployments), or null. */
  bucket: BucketGauge | null = null;
  /** Per step, the highest bucket level as a share of its depth (empty until a bucket is watched). */
  bucketSeries: Float64Array = new Float64Array(0);
  /**
   * A Batch deployment, once it has admitted a call: the enqueued tokens it held, integrated over the horizon
   * (token-seconds), the most it held at once in the horizon, and what the warmup left enqueued at its start.
   */
  readonly enqueued = { tokenSeconds: 0, max: 0, atStart: 0 };
  /** Fill after the last admission, when it happened (s) and its step (unclamped: negative in the warmup). */
  private lastFill = 0;
  private lastAt = 0;
  private lastStep = Number.NEGATIVE_INFINITY;

  /**
   * @param steps number of series steps in the horizon
   * @param workloads number of workloads
   */
  constructor(
    readonly steps: number,
    workloads = 0,
  ) {
    this.workloadTokens = new Float64Array(3 * workloads);
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
   * A Batch deployment enqueued `tokens` at `at` (s) until `releaseAt`, holding `level` tokens right after: the level
   * only rises at an admission, so the most it held is the highest of these (and of what the warmup left), and each
   * admission adds its share of the horizon [0, `horizon`) to the integral on its own, in O(1).
   */
  recordEnqueued(at: number, releaseAt: number, tokens: number, level: number, horizon: number): void {
    const e = this.enqueued;
    const from = Math.max(at, 0);
    const to = Math.min(releaseAt, horizon);
    if (to > from) e.tokenSeconds += tokens * (to - from);
    if (at < 0) {
      if (releaseAt > 0) e.atStart += tokens;
    } else if (at < horizon && level > e.max) e.max = level;
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
  /** Answered 429 by the gateway's own token limit. */
  tokenLimited = 0;
  /** Semantic-cache lookups (attempts that passed the lookup). */
  cacheLookups = 0;
  /** Of those, answered from the cache. */
  cacheHits = 0;
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
  /** Answered 429 by the gateway's own token limit, all regions. */
  tokenLimited = 0;
  /** Semantic-cache lookups, all regions. */
  cacheLookups = 0;
  /** Of those, answered from the cache. */
  cacheHits = 0;
  /** Prompt tokens the lookups embedded (what the embeddings deployment bills). */
  embeddingTokens = 0;
  /** Per region, in configuration order. */
  readonly regions: GatewayRegionAggregates[];
  /** Breaker trips / throttling marks per backend (`account/deployment`). */
  readonly trips = new Map<string, number>();
  /** Client requests (attempts) that entered the gateway, per workload index (what its per-call costs are shared by). */
  readonly workloadRequests: Float64Array;

  /**
   * @param regions the gateway's regions
   * @param steps series length
   * @param workloads number of workloads
   */
  constructor(regions: readonly string[], steps: number, workloads = 0) {
    this.regions = regions.map((r) => new GatewayRegionAggregates(r, steps));
    this.workloadRequests = new Float64Array(workloads);
  }
}

/** A latency histogram (ms) at 0.1% relative error: the workloads' add up to the run's, so all share these bounds. */
function latencyHistogram(): LogHistogram {
  return new LogHistogram(0.001, 0.001, 1e9);
}

/**
 * Final outcomes of a set of requests: a workload's in the horizon, or those of a workload that arrived in one outage
 * window (what its callers lost to it).
 */
export class OutcomeCounts {
  /** Requests that arrived. */
  arrived = 0;
  /** Of those, finally succeeded. */
  succeeded = 0;
  /** Of those, final answer 429. */
  throttled = 0;
  /** Of those, the caller's timeout. */
  timedOut = 0;
  /** Of those, another error. */
  errored = 0;

  /** Requests that finally failed (throttled + timedOut + errored). */
  get failed(): number {
    return this.throttled + this.timedOut + this.errored;
  }
}

/** Per-workload counters, latency and series (counters cover requests that arrived in the horizon). */
export class WorkloadAggregates extends OutcomeCounts {
  /** SDK retries its callers made. */
  retries = 0;
  /** Successful requests served by a deployment other than their first choice. */
  spillover = 0;
  /** End-to-end latency of its successes the run's latency counts (all but Batch answers), ms. */
  readonly e2e = latencyHistogram();
  /** End-to-end latency of its failures, at the time the caller got the final failure, ms. */
  readonly e2eFailed = latencyHistogram();
  /** Time to first token of its successes the run's latency counts (all but Batch answers), ms. */
  readonly ttft = latencyHistogram();
  /**
   * End to end and "first token" of its successes a Batch deployment answered, ms (null until one): their turnaround
   * is no latency a caller waits on, so the run's latency leaves them out and only the workload's own includes them.
   */
  batch: { readonly e2e: LogHistogram; readonly ttft: LogHistogram } | null = null;
  /** Per step, arrivals (by arrival time). */
  readonly arrivalsSeries: Float64Array;
  /** Per step, successes by arrival time. */
  readonly succeededSeries: Float64Array;
  /** Per step, final 429s by arrival time. */
  readonly throttledSeries: Float64Array;
  /** Per step, every final failure (429s included) by arrival time. */
  readonly failedSeries: Float64Array;
  /** Per outage window of the scenario (in its order), what this workload's callers saw. */
  readonly outages: OutcomeCounts[];

  /**
   * @param name the workload's name
   * @param steps series length
   * @param outages number of outage windows
   */
  constructor(
    readonly name: string,
    steps: number,
    outages: number,
  ) {
    super();
    this.arrivalsSeries = new Float64Array(steps);
    this.succeededSeries = new Float64Array(steps);
    this.throttledSeries = new Float64Array(steps);
    this.failedSeries = new Float64Array(steps);
    this.outages = Array.from({ length: outages }, () => new OutcomeCounts());
  }

  /** Records a success a Batch deployment answered (ms; `ln` is the natural log of `e2eMs`). */
  recordBatch(e2eMs: number, ln: number, ttftMs: number): void {
    let batch = this.batch;
    if (batch === null) {
      batch = { e2e: latencyHistogram(), ttft: latencyHistogram() };
      this.batch = batch;
    }
    batch.e2e.recordWithLog(e2eMs, ln);
    batch.ttft.record(ttftMs);
  }

  /** End-to-end latency of all its successes, Batch answers included, ms (the histogram itself when there are none). */
  allE2e(): LogHistogram {
    return this.batch === null ? this.e2e : this.e2e.plus(this.batch.e2e);
  }

  /** Time to first token of all its successes, Batch answers included, ms. */
  allTtft(): LogHistogram {
    return this.batch === null ? this.ttft : this.ttft.plus(this.batch.ttft);
  }
}

/** An outage window as the recorder tallies it: requests arriving in [start, end), seconds. */
export interface TallyWindow {
  /** Start, s. */
  readonly start: number;
  /** End (exclusive), s. */
  readonly end: number;
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
  /** Per step, by arrival time. */
  readonly arrivalsSeries: Float64Array;
  /** Per step, successes by arrival time. */
  readonly succeededSeries: Float64Array;
  /** Per step, final 429s by arrival time. */
  readonly throttledSeries: Float64Array;
  /** Per step, every final failure (429s, timeouts, errors, 503s) by arrival time. */
  readonly failedSeries: Float64Array;
  /** Per step, backend 429s by the time they were returned. */
  readonly backendThrottledSeries: Float64Array;
  /** Per step, e2e latency of successes by arrival time (1% resolution; Batch answers left out, as in `e2e`). */
  readonly e2eByStep: (LogHistogram | null)[];
  /** Per deployment, in scenario order. */
  readonly deployments: DeploymentAggregates[];
  /** Per gateway, in scenario order. */
  readonly gateways: GatewayAggregates[];
  /** Per workload, in scenario order. */
  readonly workloads: WorkloadAggregates[];
  /**
   * What the recorder books requests of no known workload to (a recorder made without workload names, as unit tests
   * make one): the run's latency histograms are the sum of the workloads' and this one's.
   */
  readonly unattributed: WorkloadAggregates;
  /**
   * The run's sums of e2e (successes), e2e (failures) and ttft latencies, ms, added in the order requests finished:
   * the means do not depend on how the requests split among workloads (floating-point addition is not associative).
   * Like the run's histograms, they leave out the successes a Batch deployment answered.
   */
  readonly latencySums = { e2e: 0, e2eFailed: 0, ttft: 0 };
  /** The outage windows tallied per workload, in scenario order. */
  readonly outageWindows: readonly TallyWindow[];
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
   * @param workloadNames each workload's name, in scenario order
   * @param outageWindows the outage windows to tally per workload
   */
  constructor(
    readonly steps: number,
    deployments: number,
    gatewayRegions: readonly (readonly string[])[],
    workloadNames: readonly string[] = [],
    outageWindows: readonly TallyWindow[] = [],
  ) {
    const workloads = workloadNames.length;
    this.arrivalsSeries = new Float64Array(steps);
    this.succeededSeries = new Float64Array(steps);
    this.throttledSeries = new Float64Array(steps);
    this.failedSeries = new Float64Array(steps);
    this.backendThrottledSeries = new Float64Array(steps);
    this.e2eByStep = new Array<LogHistogram | null>(steps).fill(null);
    this.deployments = Array.from({ length: deployments }, () => new DeploymentAggregates(steps, workloads));
    this.gateways = gatewayRegions.map((regions) => new GatewayAggregates(regions, steps, workloads));
    this.outageWindows = outageWindows;
    this.workloads = workloadNames.map((n) => new WorkloadAggregates(n, steps, outageWindows.length));
    this.unattributed = new WorkloadAggregates("", 0, outageWindows.length);
  }

  /**
   * The sum of one histogram over the workloads: the hot path records a latency once, in its workload's histogram,
   * and the run's distribution is added up when the report asks for it.
   */
  private sumOf(kind: keyof RunAggregates["latencySums"]): LogHistogram {
    let sum = this.unattributed[kind];
    for (const w of this.workloads) sum = sum.plus(w[kind]);
    // A copy even with no workload: the sum set below must not change a histogram the recorder fills.
    if (this.workloads.length === 0) sum = sum.plus(latencyHistogram());
    sum.sum = this.latencySums[kind];
    return sum;
  }

  /** End-to-end latency of successes, ms (Batch answers left out: see {@link WorkloadAggregates.batch}). */
  get e2e(): LogHistogram {
    return this.sumOf("e2e");
  }

  /** End-to-end latency of failed requests, at the time their caller got the final failure, ms. */
  get e2eFailed(): LogHistogram {
    return this.sumOf("e2eFailed");
  }

  /** Time to first token of successes, ms (Batch answers left out). */
  get ttft(): LogHistogram {
    return this.sumOf("ttft");
  }

  /** End-to-end latency of every request (successes and failures), ms. */
  e2eAll(): LogHistogram {
    return this.e2e.plus(this.e2eFailed);
  }

  /** Records a success's e2e latency (ms, with its natural log) in the step the request arrived in (not Batch's). */
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
