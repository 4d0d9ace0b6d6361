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
   * @param horizon measured horizon, seconds
   * @param deployments number of deployments
   * @param gatewayRegions each gateway's regions
   * @param onRequest called once per measured request at its final outcome (requests.csv), if given
   */
  constructor(
    horizon: number,
    deployments: number,
    gatewayRegions: readonly (readonly string[])[],
    private readonly onRequest?: (row: RequestLogRow) => void,
  ) {
    this.steps = Math.max(1, Math.ceil(horizon / STEP_SECONDS));
    this.aggregates = new RunAggregates(this.steps, deployments, gatewayRegions);
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
    switch (outcome) {
      case Outcome.Succeeded: {
        agg.succeeded++;
        if (spilled) agg.spillover++;
        const e2eMs = (now - req.arrival) * 1000;
        // One logarithm for every histogram of the e2e latency.
        const ln = e2eMs > 0 ? Math.log(e2eMs) : 0;
        agg.e2e.recordWithLog(e2eMs, ln);
        agg.ttft.record((ttftAt - req.arrival) * 1000);
        if (step >= 0) {
          agg.succeededSeries[step]++;
          agg.recordStepLatency(step, e2eMs, ln);
        }
        break;
      }
      case Outcome.Throttled:
        agg.throttled++;
        if (step >= 0) agg.throttledSeries[step]++;
        break;
      case Outcome.TimedOut:
        agg.timedOut++;
        break;
      default:
        agg.errored++;
    }
    // A failure's time is when its caller got the final failure (a timeout's, the deadline).
    if (outcome !== Outcome.Succeeded) agg.e2eFailed.record((now - req.arrival) * 1000);
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

  /** Records the level of a provisioned deployment's bucket per step (timeseries.bucketLevel) from now on. */
  watchBucket(dep: DeploymentAggregates, bucket: BucketGauge): void {
    dep.watch(bucket);
  }

  /** A deployment completed a call at `now` (the served series counts warmup requests too, by time). */
  served(
    dep: DeploymentAggregates,
    now: number,
    measured: boolean,
    spilled: boolean,
    prompt: number,
    cached: number,
    completion: number,
  ): void {
    if (measured) {
      dep.served++;
      if (spilled) dep.spilloverServed++;
      dep.promptTokens += prompt;
      dep.cachedPromptTokens += cached;
      dep.completionTokens += completion;
    }
    const step = this.stepOf(now);
    if (step >= 0) dep.servedSeries[step]++;
  }

  // ---- gateways

  /** A client attempt entered a gateway region at `now`. */
  gatewayRequest(
    gw: GatewayAggregates,
    region: GatewayRegionAggregates,
    now: number,
    measured: boolean,
  ): void {
    if (!measured) return;
    gw.requests++;
    region.requests++;
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
