/**
 * A call to a deployment, as Azure answers it: an outage window may fail it; otherwise the deployment's model admits
 * it (then its service times are drawn) or refuses it (429 with a Retry-After, or 400). A provisioned deployment with
 * native spillover [S5] re-sends a 429, 400 (over-long prompt), 500 or 503 to its standard deployment; if that fails
 * too, the caller gets the provisioned deployment's original answer.
 */
import { sampleServiceTime, UsageMeter } from "../azure/latency.js";
import { ProvisionedModel } from "../azure/provisioned-deployment.js";
import type { RunRecorder } from "../metrics/recorder.js";
import type { Request } from "./request.js";
import type { DeploymentRuntime } from "./world.js";

/** The answer to the last call, filled in place (no allocation per call). */
export class CallResult {
  /** HTTP status. */
  status = 0;
  /** A 429's Retry-After, s, in whole milliseconds as Azure's `retry-after-ms` (0 otherwise). */
  retryAfter = 0;
  /** Seconds until a failure answers: 0 for throttling, errorDelay in an outage, Infinity when it never answers. */
  delay = 0;
  /** The deployment that admitted the call (200 only). */
  servedBy: DeploymentRuntime | null = null;
  /** Served by the spillover deployment. */
  spilled = false;
  /** Seconds from the call to its first token (200 only). */
  ttft = 0;
  /** Seconds from the call to its last token (200 only). */
  total = 0;
}

/** Calls deployments on behalf of clients and gateways. */
export class DeploymentCaller {
  /** The answer to the last call. */
  readonly result = new CallResult();
  /** Consumption per model on standard deployments, for the usage-tier assumption (only models that use it). */
  private readonly usage = new Map<string, UsageMeter>();

  /** @param recorder where calls are counted */
  constructor(private readonly recorder: RunRecorder) {}

  /** Calls `dep` for `req` at `now`, with native spillover; returns the status (details in {@link result}). */
  call(dep: DeploymentRuntime, req: Request, now: number): number {
    const call = this.result;
    call.spilled = false;
    const status = this.tryOne(dep, req, now);
    // Spillover triggers [S5]: 429 (PTU full), 400 (over-long prompt), 500 and 503. A call that never answers
    // (timeout-mode outage) cannot trigger it.
    if (status === 200 || dep.spillover === null || call.delay === Number.POSITIVE_INFINITY) return status;
    if (status !== 429 && status !== 400 && status !== 500 && status !== 503) return status;
    const originalRetryAfter = call.retryAfter;
    const originalDelay = call.delay;
    if (this.tryOne(dep.spillover, req, now) === 200) {
      // The provisioned deployment's failure came first: its delay precedes the spilled call.
      call.ttft += originalDelay;
      call.total += originalDelay;
      call.spilled = true;
      return 200;
    }
    call.status = status;
    call.retryAfter = originalRetryAfter;
    call.delay = Math.max(originalDelay, call.delay);
    return status;
  }

  /** Tries one deployment; fills {@link result} with the status and, when admitted, the service times. */
  private tryOne(dep: DeploymentRuntime, req: Request, now: number): number {
    const call = this.result;
    const recorder = this.recorder;
    recorder.call(dep.stats, req.measured);
    let latencyFactor = 1;
    if (!dep.outages.empty) {
      // Every active window applies (a region outage and a deployment's own may overlap): any of them can fail the
      // call, in file order; the slowest latency factor applies to a call that survives them all.
      for (const w of dep.outages.windows) {
        if (now < w.start || now >= w.end) continue;
        if (w.errorRate >= 1 || dep.outageRng.next() < w.errorRate) {
          recorder.callErrored(dep.stats, req.measured);
          call.status = w.status;
          call.retryAfter = 0;
          call.delay = w.mode === "timeout" ? Number.POSITIVE_INFINITY : w.errorDelay;
          return w.status;
        }
        if (w.latencyFactor > latencyFactor) latencyFactor = w.latencyFactor;
      }
    }
    const model = dep.model;
    const status = model.admit(now, req.prompt, req.cached, req.maxTokens);
    if (status === 200) {
      recorder.charged(dep.stats, now, model.charged);
      // A kind that times each call itself (Priority, Batch) says so; the tokens of a Priority call moved to standard
      // processing are billed at standard prices [S44].
      const latency = model.latency ?? dep.spec.latency;
      if (model.downgraded === true)
        recorder.downgraded(dep.stats, req.measured, req.prompt, req.cached, req.completion);
      // The load assumptions (azure/latency.ts), off by default: one compare each when off.
      let slowdown = 1;
      if (latency.loadSlowdown !== 0 && model instanceof ProvisionedModel) {
        slowdown = 1 + latency.loadSlowdown * model.admittedUtilization;
      }
      sampleServiceTime(latency, req.prompt - req.cached, req.completion, dep.latencyRng, call, slowdown);
      if (latency.overTier !== 1 && latency.usageTier !== null) {
        if (this.monthlyUsage(dep.spec.model, now, req.prompt + req.completion) > latency.usageTier) {
          latencyFactor *= latency.overTier;
        }
      }
      if (latencyFactor !== 1) {
        call.ttft *= latencyFactor;
        call.total *= latencyFactor;
      }
      call.status = 200;
      call.servedBy = dep;
      return 200;
    }
    let retryAfter = 0;
    if (status === 429) {
      // Azure sends retry-after-ms: whole milliseconds.
      retryAfter = Math.ceil(model.retryAfter * 1000) / 1000;
      recorder.callThrottled(dep.stats, now, req.measured);
    } else {
      recorder.callErrored(dep.stats, req.measured);
    }
    call.status = status;
    call.retryAfter = retryAfter;
    call.delay = 0;
    return status;
  }

  /** Adds a served call's tokens to its model's consumption; returns that consumption extrapolated to a month. */
  private monthlyUsage(model: string, now: number, tokens: number): number {
    let meter = this.usage.get(model);
    if (meter === undefined) {
      meter = new UsageMeter();
      this.usage.set(model, meter);
    }
    return meter.add(now, tokens);
  }
}
