/**
 * The one way a run reports what happens: every count, series and latency the simulator produces goes through a
 * {@link RunRecorder}, which owns the aggregates and the step length. Counters cover requests that arrived in the
 * horizon (`measured`); per-step series are by the time the event happened or the request arrived, as each field of
 * {@link RunAggregates} says. Nothing here knows about events or the kernel.
 */
import type { RequestLogRow } from "./request-log.js";
import {
  type BucketGauge,
  type DeploymentAggregates,
  type GatewayAggregates,
  type GatewayRegionAggregates,
  RunAggregates,
  STEP_SECONDS,
  type TallyWindow,
  type WorkloadAggregates,
} from "./run-aggregates.js";
import { type WarningCode, warning } from "./warnings.js";

/** A request's final outcome as the caller saw it. */
export const Outcome = {
  /** Not final yet. */
  Pending: 0,
  /** Answered 200. */
  Succeeded: 1,
  /** Final answer 429. */
  Throttled: 2,
  /** The caller's own timeout. */
  TimedOut: 3,
  /** Another error. */
  Errored: 4,
} as const;

/** One of the {@link Outcome} values. */
export type OutcomeValue = (typeof Outcome)[keyof typeof Outcome];

/** Names of the outcomes in requests.csv, by value. */
const OUTCOME_NAMES = ["pending", "succeeded", "throttled", "timedOut", "errored"];

/** What the recorder reads of a finished request. */
export interface FinishedRequest {
  /** Arrival order among measured requests, from 1. */
  readonly id: number;
  /** Workload name. */
  readonly workloadName: string;
  /** The workload's position in the scenario (indexes the per-workload aggregates). */
  readonly workloadIndex: number;
  /** Arrival, seconds. */
  readonly arrival: number;
  /** Whether it arrived in the horizon. */
  readonly measured: boolean;
  /** SDK retries made. */
  readonly retries: number;
  /** Prompt tokens. */
  readonly prompt: number;
  /** Cached prompt tokens. */
  readonly cached: number;
  /** Completion tokens. */
  readonly completion: number;
}

/** Records a run into its {@link RunAggregates}. */
export class RunRecorder {
  /** What the run measured. */
  readonly aggregates: RunAggregates;
  /** Length of one series step, seconds. */
  readonly stepSeconds = STEP_SECONDS;
  /** Steps in the horizon (kept here: every record looks it up). */
  private readonly steps: number;
  /**
   * Ids of the Batch deployments that admitted a call: the successes they answer stay out of the run's latency (their
   * turnaround is no latency a caller waits on). Empty without Batch, and then {@link finished} never looks it up.
   */
  private readonly batchIds = new Set<string>();

  /**
   * @param horizon measured horizon, seconds
   * @param deployments number of deployments
   * @param gatewayRegions each gateway's regions
   * @param onRequest called once per measured request at its final outcome (requests.csv), if given
   * @param workloads the workloads' names in scenario order, and the outage windows to tally for each
   */
  constructor(
    private readonly horizon: number,
    deployments: number,
    gatewayRegions: readonly (readonly string[])[],
    private readonly onRequest?: (row: RequestLogRow) => void,
    workloads: { names: readonly string[]; outages?: readonly TallyWindow[] } = { names: [] },
  ) {
    this.steps = Math.max(1, Math.ceil(horizon / STEP_SECONDS));
    this.aggregates = new RunAggregates(
      this.steps,
      deployments,
      gatewayRegions,
      workloads.names,
      workloads.outages ?? [],
    );
  }

  /** The series step of time `t`, or -1 outside the horizon. */
  stepOf(t: number): number {
    const s = Math.floor(t / STEP_SECONDS);
    return s >= 0 && s < this.steps ? s : -1;
  }

  // ---- requests

  /** A request arrived at `now` (warmup included); returns its id among measured requests (0 in the warmup). */
  arrived(now: number, measured: boolean): number {
    const agg = this.aggregates;
    agg.simulatedRequests++;
    if (!measured) return 0;
    agg.arrived++;
    const step = this.stepOf(now);
    if (step >= 0) agg.arrivalsSeries[step]++;
    return agg.arrived;
  }

  /** The caller's SDK retries a request. */
  clientRetry(measured: boolean): void {
    if (measured) this.aggregates.clientRetries++;
  }

  /**
   * A request reached its final outcome at `now`. `ttftAt` is when its first token arrived (successes), `servedBy`
   * the deployment id that served it ("" for failures).
   */
  finished(
    req: FinishedRequest,
    outcome: OutcomeValue,
    now: number,
    ttftAt: number,
    spilled: boolean,
    status: number,
    servedBy: string,
  ): void {
    if (!req.measured) return;
    const agg = this.aggregates;
    if (this.onRequest !== undefined) this.logRow(req, outcome, now, ttftAt, spilled, status, servedBy);
    // Counted on its own (not derived from the parts) so the report's conservation identities are a real check.
    if (outcome === Outcome.Succeeded) agg.finishedOk++;
    else agg.failed++;
    const step = this.stepOf(req.arrival);
    // Indexed by position, never looked up by name; a recorder made without workload names books to `unattributed`.
    const w: WorkloadAggregates = agg.workloads[req.workloadIndex] ?? agg.unattributed;
    w.arrived++;
    w.retries += req.retries;
    if (step >= 0 && step < w.arrivalsSeries.length) w.arrivalsSeries[step]++;
    if (agg.outageWindows.length > 0) this.tallyOutages(w, req.arrival, outcome);
    switch (outcome) {
      case Outcome.Succeeded: {
        agg.succeeded++;
        if (spilled) agg.spillover++;
        const e2eMs = (now - req.arrival) * 1000;
        // One logarithm for every histogram of the e2e latency.
        const ln = e2eMs > 0 ? Math.log(e2eMs) : 0;
        w.succeeded++;
        if (spilled) w.spillover++;
        const ttftMs = (ttftAt - req.arrival) * 1000;
        // A Batch answer counts in its workload's latency only (one compare when the estate has no Batch deployment).
        const batch = this.batchIds.size !== 0 && this.batchIds.has(servedBy);
        if (batch) w.recordBatch(e2eMs, ln, ttftMs);
        else {
          // Recorded once, in the workload's histograms (the run's are their sum).
          w.e2e.recordWithLog(e2eMs, ln);
          w.ttft.record(ttftMs);
          agg.latencySums.e2e += e2eMs;
          agg.latencySums.ttft += ttftMs;
        }
        if (step >= 0) {
          agg.succeededSeries[step]++;
          if (!batch) agg.recordStepLatency(step, e2eMs, ln);
          if (step < w.succeededSeries.length) w.succeededSeries[step]++;
        }
        return;
      }
      case Outcome.Throttled:
        agg.throttled++;
        w.throttled++;
        if (step >= 0) {
          agg.throttledSeries[step]++;
          if (step < w.throttledSeries.length) w.throttledSeries[step]++;
        }
        break;
      case Outcome.TimedOut:
        agg.timedOut++;
        w.timedOut++;
        break;
      default:
        agg.errored++;
        w.errored++;
    }
    // A failure's time is when its caller got the final failure (a timeout's, the deadline).
    const failedMs = (now - req.arrival) * 1000;
    w.e2eFailed.record(failedMs);
    agg.latencySums.e2eFailed += failedMs;
    if (step >= 0) {
      agg.failedSeries[step]++;
      if (step < w.failedSeries.length) w.failedSeries[step]++;
    }
  }

  /** Counts a request of workload `w` that arrived at `arrival` in each outage window it arrived in. */
  private tallyOutages(w: WorkloadAggregates, arrival: number, outcome: OutcomeValue): void {
    const windows = this.aggregates.outageWindows;
    for (let i = 0; i < windows.length; i++) {
      const win = windows[i];
      if (arrival < win.start || arrival >= win.end) continue;
      const tally = w.outages[i];
      tally.arrived++;
      if (outcome === Outcome.Succeeded) tally.succeeded++;
      else if (outcome === Outcome.Throttled) tally.throttled++;
      else if (outcome === Outcome.TimedOut) tally.timedOut++;
      else tally.errored++;
    }
  }

  /** One requests.csv row (kept out of {@link finished}, which stays small on the hot path). */
  private logRow(
    req: FinishedRequest,
    outcome: OutcomeValue,
    now: number,
    ttftAt: number,
    spilled: boolean,
    status: number,
    servedBy: string,
  ): void {
    const ok = outcome === Outcome.Succeeded;
    this.onRequest?.({
      id: req.id,
      workload: req.workloadName,
      arrivalMs: req.arrival * 1000,
      outcome: OUTCOME_NAMES[outcome],
      status,
      e2eMs: ok ? (now - req.arrival) * 1000 : null,
      ttftMs: ok ? (ttftAt - req.arrival) * 1000 : null,
      attempts: req.retries + 1,
      servedBy,
      spillover: spilled,
      prompt: req.prompt,
      cached: req.cached,
      completion: req.completion,
    });
  }

  // ---- deployment calls

  /** A call was made to a deployment (client, gateway and spillover hops alike). */
  call(dep: DeploymentAggregates, measured: boolean): void {
    if (!measured) return;
    dep.attempts++;
    this.aggregates.attempts++;
  }

  /** A call was answered with an error other than 429 (an outage, an over-long prompt). */
  callErrored(dep: DeploymentAggregates, measured: boolean): void {
    if (!measured) return;
    dep.errored++;
    this.aggregates.attemptsErrored++;
  }

  /** A call was answered 429 at `now` (the backend-429 series counts warmup requests too, by time). */
  callThrottled(dep: DeploymentAggregates, now: number, measured: boolean): void {
    if (measured) {
      dep.throttled++;
      this.aggregates.attemptsThrottled++;
    }
    const step = this.stepOf(now);
    if (step >= 0) this.aggregates.backendThrottledSeries[step]++;
  }

  /**
   * Capacity charged to a deployment, booked to the step of time `at` (a correction goes to its admission's step). A
   * charge (positive) is an admission made just now: a watched bucket's level is read then, when it is highest.
   */
  charged(dep: DeploymentAggregates, at: number, amount: number): void {
    // One division for both series (the bucket's wants the unclamped step).
    const step = Math.floor(at / STEP_SECONDS);
    if (step >= 0 && step < this.steps) dep.usageSeries[step] += amount;
    const bucket = dep.bucket;
    if (bucket !== null && amount > 0) dep.recordBucket(bucket, at, step);
  }

  /**
   * Batch deployment `id` admitted a call at `at` (s) whose `tokens` stay enqueued until `releaseAt`, holding `level`
   * tokens right after (warmup included: what it leaves enqueued counts at the horizon's start). From now on the
   * successes it answers stay out of the run's latency.
   */
  enqueued(
    dep: DeploymentAggregates,
    id: string,
    at: number,
    releaseAt: number,
    tokens: number,
    level: number,
  ): void {
    this.batchIds.add(id);
    dep.recordEnqueued(at, releaseAt, tokens, level, this.horizon);
  }

  /** Records the level of a provisioned deployment's bucket per step (timeseries.bucketLevel) from now on. */
  watchBucket(dep: DeploymentAggregates, bucket: BucketGauge): void {
    dep.watch(bucket);
  }

  /** A Priority deployment admitted a call and moved it to standard processing (its tokens billed as standard). */
  downgraded(
    dep: DeploymentAggregates,
    measured: boolean,
    prompt: number,
    cached: number,
    completion: number,
  ): void {
    if (!measured) return;
    dep.downgradedTokens[0] += prompt;
    dep.downgradedTokens[1] += cached;
    dep.downgradedTokens[2] += completion;
  }

  /**
   * A deployment completed a call of workload index `workload` at `now` (the served series counts warmup requests
   * too, by time).
   */
  served(
    dep: DeploymentAggregates,
    now: number,
    measured: boolean,
    spilled: boolean,
    prompt: number,
    cached: number,
    completion: number,
    workload = -1,
  ): void {
    if (measured) {
      dep.served++;
      if (spilled) dep.spilloverServed++;
      dep.promptTokens += prompt;
      dep.cachedPromptTokens += cached;
      dep.completionTokens += completion;
      const k = 3 * workload;
      const tokens = dep.workloadTokens;
      if (k >= 0 && k < tokens.length) {
        tokens[k] += prompt;
        tokens[k + 1] += cached;
        tokens[k + 2] += completion;
      }
    }
    const step = this.stepOf(now);
    if (step >= 0) dep.servedSeries[step]++;
  }

  // ---- gateways

  /** A client attempt of workload index `workload` entered a gateway region at `now`. */
  gatewayRequest(
    gw: GatewayAggregates,
    region: GatewayRegionAggregates,
    now: number,
    measured: boolean,
    workload = -1,
  ): void {
    if (!measured) return;
    gw.requests++;
    region.requests++;
    if (workload >= 0 && workload < gw.workloadRequests.length) gw.workloadRequests[workload]++;
    const step = this.stepOf(now);
    if (step >= 0) region.requestsSeries[step]++;
  }

  /** A gateway region answered 503 because its capacity queue was full. */
  gatewayQueueFull(gw: GatewayAggregates, region: GatewayRegionAggregates, measured: boolean): void {
    if (!measured) return;
    region.queueFull++;
    gw.rejected++;
  }

  /** A gateway region answered 503 because its pool had no backend left. */
  gatewayPoolExhausted(gw: GatewayAggregates, region: GatewayRegionAggregates, measured: boolean): void {
    if (!measured) return;
    region.poolExhausted++;
    gw.rejected++;
  }

  /** A gateway region's token limit answered an attempt 429 itself. */
  gatewayTokenLimited(gw: GatewayAggregates, region: GatewayRegionAggregates, measured: boolean): void {
    if (!measured) return;
    gw.tokenLimited++;
    region.tokenLimited++;
  }

  /** A gateway region's semantic cache looked an attempt up (embedding its `prompt` tokens): a hit or a miss. */
  gatewayCacheLookup(
    gw: GatewayAggregates,
    region: GatewayRegionAggregates,
    hit: boolean,
    prompt: number,
    measured: boolean,
  ): void {
    if (!measured) return;
    gw.cacheLookups++;
    region.cacheLookups++;
    gw.embeddingTokens += prompt;
    if (hit) {
      gw.cacheHits++;
      region.cacheHits++;
    }
  }

  /** An attempt failed because its gateway region was down. */
  gatewayRegionDown(region: GatewayRegionAggregates, measured: boolean): void {
    if (measured) region.failedByOutage++;
  }

  /** An attempt waited `wait` seconds for gateway capacity (0: not at all). */
  gatewayWait(region: GatewayRegionAggregates, wait: number, measured: boolean): void {
    if (measured) region.recordWait(wait);
  }

  /** A policy instance of a gateway region took backend `id` out of rotation (breaker trip, throttling mark). */
  backendTripped(
    gw: GatewayAggregates,
    region: GatewayRegionAggregates,
    id: string,
    measured: boolean,
  ): void {
    if (!measured) return;
    gw.trips.set(id, (gw.trips.get(id) ?? 0) + 1);
    region.trips.set(id, (region.trips.get(id) ?? 0) + 1);
  }

  // ---- the run

  /** Something the user should know about the run (bad trace rows skipped, a trace that ran out). */
  warning(code: WarningCode, message: string): void {
    this.aggregates.warnings.push(warning(code, message));
  }
}
