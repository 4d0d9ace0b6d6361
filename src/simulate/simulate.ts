/**
 * One run: builds the world (deployments, gateways, workloads) from a resolved scenario, drives the event kernel,
 * and returns the aggregates. Request lifecycle:
 *
 *   arrival ──▶ client attempt ──▶ [gateway: pool select ─▶ deployment ─▶ breaker / <retry>] ─▶ deployment call
 *   deployment call: provisioned bucket or standard limiter; native spillover re-sends a provisioned 429/400
 *   admitted ──▶ completion event (bucket correction, tokens) ──▶ success to the caller
 *   rejected ──▶ the caller sees the status at once (PTU and TPM limits fail fast) ──▶ SDK retry or final failure
 *
 * Every time is in seconds here; the report converts to milliseconds.
 */

import { sampleServiceTime } from "../azure/latency.js";
import { UtilizationBucket } from "../azure/provisioned-deployment.js";
import { StandardRateLimiter } from "../azure/standard-deployment.js";
import { isRetryable, retryDelay } from "../client/retry-policy.js";
import { Priority } from "../engine/event-queue.js";
import { type RandomStream, RandomStreams } from "../engine/rng.js";
import { Simulation } from "../engine/simulation.js";
import { BackendPool, POOL_EXHAUSTED } from "../gateway/backend-pool.js";
import type {
  ResolvedDeployment,
  ResolvedGateway,
  ResolvedScenario,
  ResolvedWorkload,
} from "../scenario/resolve.js";
import { type ArrivalProcess, createArrivalProcess } from "../workload/arrivals.js";
import { drawTokens } from "../workload/token-sizes.js";
import { type DeploymentAggregates, type GatewayAggregates, RunAggregates } from "./aggregates.js";

/** Length of one series step, seconds (report.json `timeseries.stepSeconds`). */
export const STEP_SECONDS = 60;

/** Options of {@link simulate}. */
export interface SimulateOptions {
  /** Called now and then with the fraction of simulated time done (0..1). */
  onProgress?: (fraction: number) => void;
}

enum Kind {
  Arrival = 0,
  ClientSend = 1,
  GatewayRetry = 2,
  Complete = 3,
  Timeout = 4,
}

enum Outcome {
  Pending = 0,
  Succeeded = 1,
  Throttled = 2,
  TimedOut = 3,
  Errored = 4,
}

/** One request as the caller sees it, across retries. */
class Request {
  /** Attempt serial: bumps on every client attempt so a stale completion or timeout is recognised. */
  attempt = 0;
  attemptStart = 0;
  retries = 0;
  gatewayRetries = 0;
  outcome = Outcome.Pending;
  constructor(
    readonly workload: WorkloadRuntime,
    readonly arrival: number,
    readonly measured: boolean,
    readonly prompt: number,
    readonly cached: number,
    readonly completion: number,
    readonly maxTokens: number,
  ) {}
}

/** The one event shape (monomorphic hot path): which kind, for which request, at which deployment. */
class SimEvent {
  time = 0;
  priority = 0;
  seq = 0;
  constructor(
    readonly kind: Kind,
    readonly request: Request | null,
    readonly deployment: DeploymentRuntime | null,
    readonly attempt: number,
    /** Arrival: workload index; Complete: absolute time of the first token. */
    readonly aux: number,
    /** Complete: served by a deployment other than the first choice. */
    readonly spilled: boolean,
  ) {}
}

class DeploymentRuntime {
  readonly bucket: UtilizationBucket | null;
  readonly limiter: StandardRateLimiter | null;
  spillover: DeploymentRuntime | null = null;
  readonly uncachedWeight: number;
  constructor(
    readonly spec: ResolvedDeployment,
    readonly stats: DeploymentAggregates,
    readonly latencyRng: RandomStream,
    startTime: number,
  ) {
    if (spec.provisioned) {
      const capacityPerMinute = spec.capacity * spec.facts.ptuInputTpm;
      this.bucket = new UtilizationBucket(
        capacityPerMinute,
        spec.bucket.window,
        spec.bucket.burst,
        startTime,
      );
      this.limiter = null;
    } else {
      this.bucket = null;
      this.limiter = new StandardRateLimiter(spec.limits.tpm, spec.limits.rpm, spec.limits.rpmWindow);
    }
    this.uncachedWeight = spec.facts.outputWeight;
  }
}

class GatewayRuntime {
  readonly pool: BackendPool;
  readonly retryOn: ReadonlySet<number>;
  constructor(
    readonly spec: ResolvedGateway,
    readonly backends: DeploymentRuntime[],
    readonly stats: GatewayAggregates,
  ) {
    this.pool = new BackendPool(
      spec.backends,
      spec.circuitBreaker === null
        ? null
        : {
            failureCondition: spec.circuitBreaker.failureCondition,
            tripDuration: spec.circuitBreaker.tripDuration,
            acceptRetryAfter: spec.circuitBreaker.acceptRetryAfter,
          },
    );
    this.retryOn = new Set(spec.retry?.on ?? []);
  }
}

class WorkloadRuntime {
  readonly arrivals: ArrivalProcess;
  readonly tokenRng: RandomStream;
  readonly clientRng: RandomStream;
  constructor(
    readonly spec: ResolvedWorkload,
    readonly index: number,
    streams: RandomStreams,
    readonly deployment: DeploymentRuntime | null,
    readonly gateway: GatewayRuntime | null,
  ) {
    this.arrivals = createArrivalProcess(spec.arrival, streams.stream(`workload:${spec.name}:arrivals`));
    this.tokenRng = streams.stream(`workload:${spec.name}:tokens`);
    this.clientRng = streams.stream(`workload:${spec.name}:client`);
  }
}

/** Runs a resolved scenario and returns what it measured. Pure: same scenario, same aggregates. */
export function simulate(scenario: ResolvedScenario, options: SimulateOptions = {}): RunAggregates {
  const { duration, warmup } = scenario;
  const start = -warmup;
  const steps = Math.max(1, Math.ceil(duration / STEP_SECONDS));
  const agg = new RunAggregates(steps, scenario.deployments.length, scenario.gateways.length);
  const streams = new RandomStreams(scenario.seed);

  const deployments = new Map<string, DeploymentRuntime>();
  scenario.deployments.forEach((d, i) => {
    deployments.set(
      d.id,
      new DeploymentRuntime(d, agg.deployments[i], streams.stream(`deployment:${d.id}:latency`), start),
    );
  });
  for (const d of deployments.values()) {
    if (d.spec.spilloverTo !== null) d.spillover = deployments.get(d.spec.spilloverTo) ?? null;
  }
  const gateways = new Map<string, GatewayRuntime>();
  scenario.gateways.forEach((g, i) => {
    const backends = g.backends.map((b) => deployments.get(b.deployment) as DeploymentRuntime);
    gateways.set(g.name, new GatewayRuntime(g, backends, agg.gateways[i]));
  });
  const workloads = scenario.workloads.map(
    (w, i) =>
      new WorkloadRuntime(
        w,
        i,
        streams,
        w.via.kind === "deployment" ? (deployments.get(w.via.id) ?? null) : null,
        w.via.kind === "gateway" ? (gateways.get(w.via.name) ?? null) : null,
      ),
  );

  const stepOf = (t: number): number => {
    const s = Math.floor(t / STEP_SECONDS);
    return s >= 0 && s < steps ? s : -1;
  };

  // Scratch result of a deployment call (no allocation per call).
  const call = {
    status: 0,
    retryAfter: 0,
    servedBy: null as DeploymentRuntime | null,
    spilled: false,
    ttft: 0,
    total: 0,
  };

  /** Tries one deployment; fills `call` with the status and, when admitted, the service times. */
  const tryDeployment = (dep: DeploymentRuntime, req: Request, now: number): number => {
    const spec = dep.spec;
    const facts = spec.facts;
    if (req.measured) {
      dep.stats.attempts++;
      agg.attempts++;
    }
    let status: number;
    let retryAfter = 0;
    let used = 0;
    if (dep.bucket !== null) {
      const limit = facts.ptuMaxPromptTokens;
      if (limit !== null && req.prompt > limit) {
        status = 400;
      } else {
        used = req.prompt - req.cached + dep.uncachedWeight * req.maxTokens;
        const ra = dep.bucket.tryAdmit(now, used);
        status = ra < 0 ? 200 : 429;
        retryAfter = ra;
      }
    } else {
      if (req.prompt + req.maxTokens > facts.contextWindow) {
        status = 400;
      } else {
        used = req.prompt + req.maxTokens;
        const ra = (dep.limiter as StandardRateLimiter).tryAdmit(now, used);
        status = ra < 0 ? 200 : 429;
        retryAfter = ra;
      }
    }
    if (status === 200) {
      const step = stepOf(now);
      if (step >= 0) dep.stats.usageSeries[step] += used;
      sampleServiceTime(spec.latency, req.prompt - req.cached, req.completion, dep.latencyRng, call);
      call.status = 200;
      call.servedBy = dep;
      return 200;
    }
    if (status === 429) {
      // Azure sends retry-after-ms: whole milliseconds.
      retryAfter = Math.ceil(retryAfter * 1000) / 1000;
      if (req.measured) {
        dep.stats.throttled++;
        agg.attemptsThrottled++;
      }
      const step = stepOf(now);
      if (step >= 0) agg.backendThrottledSeries[step]++;
    } else if (req.measured) {
      dep.stats.errored++;
      agg.attemptsErrored++;
    }
    call.status = status;
    call.retryAfter = retryAfter;
    return status;
  };

  /**
   * A deployment call with native spillover [S5]: a provisioned 429 or 400 (over-long prompt) is re-sent to the
   * spillover deployment; if that fails too, the caller gets the provisioned deployment's original answer.
   */
  const callDeployment = (dep: DeploymentRuntime, req: Request, now: number): number => {
    call.spilled = false;
    const status = tryDeployment(dep, req, now);
    if (status === 200 || dep.spillover === null) return status;
    const original = status;
    const originalRetryAfter = call.retryAfter;
    if (tryDeployment(dep.spillover, req, now) === 200) {
      call.spilled = true;
      return 200;
    }
    call.status = original;
    call.retryAfter = originalRetryAfter;
    return original;
  };

  const sim = new Simulation<SimEvent>((ev, s) => handle(ev, s.now), start);

  const finish = (req: Request, outcome: Outcome, now: number, ttftAt: number, spilled: boolean): void => {
    req.outcome = outcome;
    if (!req.measured) return;
    // Counted on its own (not derived from the parts) so the report's conservation identities are a real check.
    if (outcome === Outcome.Succeeded) agg.finishedOk++;
    else agg.failed++;
    const step = stepOf(req.arrival);
    switch (outcome) {
      case Outcome.Succeeded: {
        agg.succeeded++;
        if (spilled) agg.spillover++;
        const e2eMs = (now - req.arrival) * 1000;
        agg.e2e.record(e2eMs);
        agg.ttft.record((ttftAt - req.arrival) * 1000);
        if (step >= 0) {
          agg.succeededSeries[step]++;
          agg.recordStepLatency(step, e2eMs);
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
  };

  /** The caller receives a failure at `now`: the SDK retries it or gives up. */
  const clientFailure = (req: Request, now: number, status: number, retryAfter: number | undefined): void => {
    const client = req.workload.spec.client;
    if (isRetryable(status) && req.retries < client.maxRetries) {
      const delay = retryDelay(client, req.retries, retryAfter, req.workload.clientRng.next());
      req.retries++;
      if (req.measured) agg.clientRetries++;
      sim.at(now + delay, Priority.Dispatch, new SimEvent(Kind.ClientSend, req, null, 0, 0, false));
      return;
    }
    finish(
      req,
      status === 429 ? Outcome.Throttled : status === 408 ? Outcome.TimedOut : Outcome.Errored,
      now,
      0,
      false,
    );
  };

  /** An admitted call: schedule its completion, and the caller's timeout if the answer would come later. */
  const admitted = (req: Request, now: number, extra: number, firstChoice: boolean): void => {
    const servedBy = call.servedBy as DeploymentRuntime;
    const done = now + call.total + extra;
    const spilled = call.spilled || !firstChoice;
    sim.at(
      done,
      Priority.Completion,
      new SimEvent(Kind.Complete, req, servedBy, req.attempt, now + call.ttft + extra, spilled),
    );
    const timeout = req.workload.spec.client.timeout;
    if (done - req.attemptStart > timeout) {
      sim.at(
        req.attemptStart + timeout,
        Priority.Dispatch,
        new SimEvent(Kind.Timeout, req, null, req.attempt, 0, false),
      );
    }
  };

  /** APIM: pick a backend, forward, feed the breaker, and retry within the pool per the <retry> policy. */
  const forward = (gw: GatewayRuntime, req: Request, now: number): void => {
    const overhead = gw.spec.overhead;
    const retry = gw.spec.retry;
    for (;;) {
      const index = gw.pool.select(now);
      let status: number;
      let retryAfter: number | undefined;
      if (index === POOL_EXHAUSTED) {
        status = 503;
        retryAfter = undefined;
      } else {
        status = callDeployment(gw.backends[index], req, now);
        if (status === 200) {
          admitted(req, now, overhead, gw.pool.members[index].priority === gw.pool.topPriority);
          return;
        }
        retryAfter = status === 429 ? call.retryAfter : undefined;
        // APIM's breaker reads the Retry-After header, which Azure sends in whole seconds (retry-after-ms is the
        // SDK's); the SDK keeps the millisecond value.
        const headerSeconds = retryAfter === undefined ? undefined : Math.ceil(retryAfter);
        if (gw.pool.onResponse(index, now, status, headerSeconds) && req.measured) {
          const id = gw.backends[index].spec.id;
          gw.stats.trips.set(id, (gw.stats.trips.get(id) ?? 0) + 1);
        }
      }
      if (retry !== null && req.gatewayRetries < retry.count && gw.retryOn.has(status)) {
        req.gatewayRetries++;
        const wait = retry.firstFastRetry && req.gatewayRetries === 1 ? 0 : retry.interval;
        if (wait > 0) {
          sim.at(
            now + wait,
            Priority.Dispatch,
            new SimEvent(Kind.GatewayRetry, req, null, req.attempt, 0, false),
          );
          // The caller's timeout runs while the gateway waits to retry.
          const deadline = req.attemptStart + req.workload.spec.client.timeout;
          if (now + wait > deadline) {
            sim.at(deadline, Priority.Dispatch, new SimEvent(Kind.Timeout, req, null, req.attempt, 0, false));
          }
          return;
        }
        continue;
      }
      // The gateway answers itself when the pool is exhausted: one rejection per request that gets that answer.
      if (index === POOL_EXHAUSTED && req.measured) gw.stats.rejected++;
      clientFailure(req, now + overhead, status, retryAfter);
      return;
    }
  };

  /** One client attempt (first try or SDK retry). */
  const send = (req: Request, now: number): void => {
    req.attempt++;
    req.attemptStart = now;
    const w = req.workload;
    if (w.gateway !== null) {
      req.gatewayRetries = 0;
      if (req.measured) {
        w.gateway.stats.requests++;
        const region = w.gateway.spec.regions[0];
        w.gateway.stats.regions.set(region, (w.gateway.stats.regions.get(region) ?? 0) + 1);
      }
      forward(w.gateway, req, now);
      return;
    }
    const status = callDeployment(w.deployment as DeploymentRuntime, req, now);
    if (status === 200) admitted(req, now, 0, true);
    else clientFailure(req, now, status, status === 429 ? call.retryAfter : undefined);
  };

  const handle = (ev: SimEvent, now: number): void => {
    switch (ev.kind) {
      case Kind.Arrival: {
        const w = workloads[ev.aux];
        const spec = w.spec;
        const prompt = drawTokens(spec.promptTokens, w.tokenRng);
        const drawn = drawTokens(spec.completionTokens, w.tokenRng);
        const completion = Math.min(drawn, spec.maxTokens);
        const cached = Math.round(prompt * spec.cachedPromptFraction);
        const measured = now >= 0;
        const req = new Request(w, now, measured, prompt, cached, completion, spec.maxTokens);
        agg.simulatedRequests++;
        if (measured) {
          agg.arrived++;
          const step = stepOf(now);
          if (step >= 0) agg.arrivalsSeries[step]++;
        }
        const next = w.arrivals.next(now);
        if (next < duration)
          sim.at(next, Priority.Arrival, new SimEvent(Kind.Arrival, null, null, 0, w.index, false));
        send(req, now);
        return;
      }
      case Kind.ClientSend:
        send(ev.request as Request, now);
        return;
      case Kind.GatewayRetry: {
        const req = ev.request as Request;
        if (req.outcome === Outcome.Pending && ev.attempt === req.attempt)
          forward(req.workload.gateway as GatewayRuntime, req, now);
        return;
      }
      case Kind.Complete: {
        const req = ev.request as Request;
        const dep = ev.deployment as DeploymentRuntime;
        if (dep.bucket !== null) {
          // Estimate-and-correct [S1]: the bucket was charged for max_tokens; give back what was not generated.
          const delta = dep.uncachedWeight * (req.completion - req.maxTokens);
          dep.bucket.settle(now, delta);
          const step = stepOf(now);
          if (step >= 0) dep.stats.usageSeries[step] += delta;
        }
        if (req.measured) {
          const stats = dep.stats;
          stats.served++;
          if (ev.spilled) stats.spilloverServed++;
          stats.promptTokens += req.prompt;
          stats.cachedPromptTokens += req.cached;
          stats.completionTokens += req.completion;
        }
        const step = stepOf(now);
        if (step >= 0) dep.stats.servedSeries[step]++;
        if (req.outcome === Outcome.Pending && ev.attempt === req.attempt) {
          finish(req, Outcome.Succeeded, now, ev.aux, ev.spilled);
        }
        return;
      }
      case Kind.Timeout: {
        const req = ev.request as Request;
        if (req.outcome === Outcome.Pending && ev.attempt === req.attempt) {
          // The SDK gives up on this attempt; a retry is a new attempt, so the late completion is ignored.
          req.attempt++;
          clientFailure(req, now, 408, undefined);
        }
        return;
      }
    }
  };

  for (const w of workloads) {
    const first = w.arrivals.next(start);
    if (first < duration)
      sim.at(first, Priority.Arrival, new SimEvent(Kind.Arrival, null, null, 0, w.index, false));
  }
  const span = duration + warmup;
  const onProgress = options.onProgress;
  agg.events = sim.run(
    Number.POSITIVE_INFINITY,
    onProgress === undefined ? undefined : (now) => onProgress(Math.min(1, (now - start) / span)),
  );
  return agg;
}
