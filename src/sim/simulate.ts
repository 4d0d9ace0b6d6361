/**
 * One run: builds the world (deployments, gateways, workloads, network, outages) from a resolved scenario, drives
 * the event kernel, and returns the aggregates. Request lifecycle:
 *
 *   arrival ─▶ client attempt ─▶ direct: deployment call
 *                              └▶ gateway: nearest healthy region ─▶ capacity queue ─▶ policy picks a backend
 *                                 ─▶ deployment call ─▶ policy learns (breaker / throttling mark) ─▶ retry in gateway?
 *   deployment call: outage window? ─▶ provisioned bucket or standard limiter; native spillover re-sends a
 *                    provisioned 429 / 400 / 5xx to the standard deployment of the same account
 *   admitted ─▶ completion event (bucket correction, tokens) ─▶ success to the caller
 *   rejected ─▶ the answer travels back (PTU and TPM limits fail fast; outages after errorDelay) ─▶ SDK retry or not
 *
 * Network round trips and gateway overhead are added to the time the caller gets its answer; capacity is charged
 * when the call is made. Every time is in seconds here; the report converts to milliseconds.
 */

import { sampleServiceTime } from "../azure/latency.js";
import { NetworkModel } from "../azure/network.js";
import { OutageSchedule, type OutageWindow } from "../azure/outages.js";
import { UtilizationBucket } from "../azure/provisioned-deployment.js";
import { StandardRateLimiter } from "../azure/standard-deployment.js";
import { isRetryable, retryDelay } from "../client/retry-policy.js";
import { Priority } from "../engine/event-queue.js";
import { type RandomStream, RandomStreams } from "../engine/rng.js";
import { Simulation } from "../engine/simulation.js";
import { BackendPool } from "../gateway/backend-pool.js";
import { NO_BACKEND, type RoutingPolicy } from "../gateway/routing-policy.js";
import { SmartLoadBalancer } from "../gateway/smart-lb.js";
import type { RequestLogRow } from "../metrics/request-log.js";
import {
  type DeploymentAggregates,
  type GatewayAggregates,
  type GatewayRegionAggregates,
  RunAggregates,
  STEP_SECONDS,
} from "../metrics/run-aggregates.js";
import type {
  ResolvedDeployment,
  ResolvedGateway,
  ResolvedOutage,
  ResolvedScenario,
  ResolvedWorkload,
} from "../scenario/resolve.js";
import {
  type ArrivalProcess,
  createArrivalProcess,
  type SyntheticArrivalSpec,
} from "../workload/arrivals.js";
import { drawTokens, type TokenDistribution } from "../workload/token-sizes.js";
import { openTrace } from "../workload/trace/open-trace.js";
import { TraceArrivals } from "../workload/trace-arrivals.js";

/** Options of {@link simulate}. */
export interface SimulateOptions {
  /** Called now and then with the fraction of simulated time done (0..1). */
  onProgress?: (fraction: number) => void;
  /** Called once per measured request at its final outcome (for requests.csv); absent = no per-request rows. */
  onRequest?: (row: RequestLogRow) => void;
}

enum Kind {
  Arrival = 0,
  ClientSend = 1,
  GatewayRetry = 2,
  Complete = 3,
  Timeout = 4,
  GatewayDispatch = 5,
  BackendFailed = 6,
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
  /** Arrival order among measured requests, from 1 (0 during warmup). */
  id = 0;
  /** Attempt serial: bumps on every client attempt so a stale completion or timeout is recognised. */
  attempt = 0;
  attemptStart = 0;
  /** The attempt whose timeout is already scheduled (one per attempt). */
  timeoutFor = 0;
  retries = 0;
  gatewayRetries = 0;
  /** Round trip between the caller and the gateway region of the current attempt, s. */
  callerRtt = 0;
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

/** The one event shape (monomorphic hot path). */
class SimEvent {
  time = 0;
  priority = 0;
  seq = 0;
  constructor(
    readonly kind: Kind,
    readonly request: Request | null,
    readonly deployment: DeploymentRuntime | null,
    readonly region: GatewayRegionRuntime | null,
    readonly attempt: number,
    /** Arrival: workload index; Complete: absolute time of the first token; BackendFailed: backend index. */
    readonly aux: number,
    /** BackendFailed: status. */
    readonly status: number,
    /** Complete: served by a deployment other than the first choice. */
    readonly spilled: boolean,
    /** BackendFailed: the answer's retry-after, s (0 when none). */
    readonly retryAfter = 0,
    /** Complete: when the deployment admitted the call (its usage step takes the correction). */
    readonly admittedAt = 0,
  ) {}
}

class DeploymentRuntime {
  readonly bucket: UtilizationBucket | null;
  readonly limiter: StandardRateLimiter | null;
  spillover: DeploymentRuntime | null = null;
  readonly outputWeight: number;
  constructor(
    readonly spec: ResolvedDeployment,
    readonly stats: DeploymentAggregates,
    readonly latencyRng: RandomStream,
    readonly outageRng: RandomStream,
    readonly outages: OutageSchedule,
    startTime: number,
  ) {
    if (spec.kind === "provisioned") {
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
    this.outputWeight = spec.facts.outputWeight;
  }
}

/** One gateway region: its own policy state (APIM regions do not synchronize), capacity queue and outages. */
class GatewayRegionRuntime {
  /** When the region's capacity is next free (a lazily evaluated FIFO server). */
  nextFree = Number.NEGATIVE_INFINITY;
  constructor(
    readonly gateway: GatewayRuntime,
    readonly region: string,
    readonly policy: RoutingPolicy,
    readonly outages: OutageSchedule,
    /** Round trip from this region to each backend's region, s. */
    readonly backendRtt: number[],
    readonly stats: GatewayRegionAggregates,
  ) {}

  /** Whether callers believe the region is down at `now`: they notice a failure, and a recovery, after `detection`. */
  knownDown(now: number, detection: number): boolean {
    for (const w of this.outages.windows) {
      // An outage shorter than the detection delay is over before anyone notices it.
      if (w.end > w.start + detection && now >= w.start + detection && now < w.end + detection) return true;
    }
    return false;
  }
}

class GatewayRuntime {
  readonly regions: GatewayRegionRuntime[] = [];
  constructor(
    readonly spec: ResolvedGateway,
    readonly backends: DeploymentRuntime[],
    readonly stats: GatewayAggregates,
  ) {}
}

class WorkloadRuntime {
  readonly arrivals: ArrivalProcess;
  /** The trace being replayed, when the workload replays one. */
  readonly trace: TraceArrivals | null = null;
  /** Token counts of the workload's one pending (scheduled) trace arrival. */
  pendingPrompt = 0;
  pendingCompletion = 0;
  pendingCached = -1;
  readonly tokenRng: RandomStream;
  readonly clientRng: RandomStream;
  /** Gateway regions from nearest to farthest (ties in configuration order), with their round trips. */
  regionOrder: GatewayRegionRuntime[] = [];
  regionRtt: number[] = [];
  /** Round trip to the deployment when called directly, s. */
  directRtt = 0;
  constructor(
    readonly spec: ResolvedWorkload,
    readonly index: number,
    streams: RandomStreams,
    readonly deployment: DeploymentRuntime | null,
    readonly gateway: GatewayRuntime | null,
    warmup: number,
  ) {
    const traceSpec = spec.trace;
    if (traceSpec !== null) {
      const trace = new TraceArrivals(
        () => openTrace(traceSpec.open),
        {
          start: traceSpec.start,
          end: traceSpec.end,
          speedup: traceSpec.speedup,
          scale: traceSpec.scale,
          loop: traceSpec.loop,
          origin: -warmup,
        },
        streams.stream(`workload:${spec.name}:trace`),
      );
      this.trace = trace;
      // A trace's arrival times do not depend on the previous one: the reader is already one row ahead.
      this.arrivals = {
        next: () => {
          const t = trace.next();
          this.pendingPrompt = trace.prompt;
          this.pendingCompletion = trace.completion;
          this.pendingCached = trace.cached;
          return t;
        },
      };
    } else {
      this.arrivals = createArrivalProcess(
        spec.arrival as SyntheticArrivalSpec,
        streams.stream(`workload:${spec.name}:arrivals`),
      );
    }
    this.tokenRng = streams.stream(`workload:${spec.name}:tokens`);
    this.clientRng = streams.stream(`workload:${spec.name}:client`);
  }
}

/** The outage windows that hit a deployment: its own, and its region's. */
function deploymentWindows(d: ResolvedDeployment, outages: readonly ResolvedOutage[]): OutageWindow[] {
  return outages
    .filter(
      (o) => (o.kind === "deployment" && o.target === d.id) || (o.kind === "region" && o.target === d.region),
    )
    .map((o) => o.window);
}

/** The outage windows that hit a gateway region: the gateway's own, and the region's. */
function gatewayWindows(name: string, region: string, outages: readonly ResolvedOutage[]): OutageWindow[] {
  return outages
    .filter(
      (o) =>
        (o.kind === "gateway" && o.target === name && o.gatewayRegions.includes(region)) ||
        (o.kind === "region" && o.target === region),
    )
    .map((o) => o.window);
}

/** Runs a resolved scenario and returns what it measured. Pure: same scenario, same aggregates. */
export function simulate(scenario: ResolvedScenario, options: SimulateOptions = {}): RunAggregates {
  const { duration, warmup } = scenario;
  const start = -warmup;
  const steps = Math.max(1, Math.ceil(duration / STEP_SECONDS));
  const agg = new RunAggregates(
    steps,
    scenario.deployments.length,
    scenario.gateways.map((g) => g.regions),
  );
  const streams = new RandomStreams(scenario.seed);
  const network = new NetworkModel(
    scenario.network.sameRegion,
    scenario.network.interRegion,
    scenario.network.pairs,
  );

  const deployments = new Map<string, DeploymentRuntime>();
  scenario.deployments.forEach((d, i) => {
    deployments.set(
      d.id,
      new DeploymentRuntime(
        d,
        agg.deployments[i],
        streams.stream(`deployment:${d.id}:latency`),
        streams.stream(`deployment:${d.id}:outage`),
        new OutageSchedule(deploymentWindows(d, scenario.outages)),
        start,
      ),
    );
  });
  for (const d of deployments.values()) {
    if (d.spec.kind === "provisioned" && d.spec.spilloverTo !== null)
      d.spillover = deployments.get(d.spec.spilloverTo) ?? null;
  }
  const gateways = new Map<string, GatewayRuntime>();
  scenario.gateways.forEach((g, gi) => {
    const backends = g.backends.map((b) => deployments.get(b.deployment) as DeploymentRuntime);
    const runtime = new GatewayRuntime(g, backends, agg.gateways[gi]);
    g.regions.forEach((region, ri) => {
      const policy: RoutingPolicy =
        g.policy === "smart-lb"
          ? new SmartLoadBalancer(g.backends, streams.stream(`gateway:${g.name}:${region}:routing`).uniform)
          : new BackendPool(g.backends, g.circuitBreaker, g.retry);
      runtime.regions.push(
        new GatewayRegionRuntime(
          runtime,
          region,
          policy,
          new OutageSchedule(gatewayWindows(g.name, region, scenario.outages)),
          backends.map((b) => network.roundTrip(region, b.spec.region)),
          agg.gateways[gi].regions[ri],
        ),
      );
    });
    gateways.set(g.name, runtime);
  });
  const workloads = scenario.workloads.map((w, i) => {
    const runtime = new WorkloadRuntime(
      w,
      i,
      streams,
      w.via.kind === "deployment" ? (deployments.get(w.via.id) ?? null) : null,
      w.via.kind === "gateway" ? (gateways.get(w.via.name) ?? null) : null,
      warmup,
    );
    if (runtime.gateway !== null) {
      // "Callers use the nearest healthy gateway region" (APIM multi-region routes to the lowest-latency gateway).
      const order = runtime.gateway.regions
        .map((r, k) => ({ r, k, rtt: network.roundTrip(w.region, r.region) }))
        .sort((a, b) => a.rtt - b.rtt || a.k - b.k);
      runtime.regionOrder = order.map((o) => o.r);
      runtime.regionRtt = order.map((o) => o.rtt);
    }
    if (runtime.deployment !== null)
      runtime.directRtt = network.roundTrip(w.region, runtime.deployment.spec.region);
    return runtime;
  });

  const stepOf = (t: number): number => {
    const s = Math.floor(t / STEP_SECONDS);
    return s >= 0 && s < steps ? s : -1;
  };

  // Scratch result of a deployment call (no allocation per call).
  const call = {
    status: 0,
    retryAfter: 0,
    /** Seconds until a failure answers (0 for throttling; errorDelay in an outage; Infinity: never). */
    delay: 0,
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
    let latencyFactor = 1;
    if (!dep.outages.empty) {
      // Every active window applies (a region outage and a deployment's own may overlap): any of them can fail the
      // call, in file order; the slowest latency factor applies to a call that survives them all.
      for (const w of dep.outages.windows) {
        if (now < w.start || now >= w.end) continue;
        if (w.errorRate >= 1 || dep.outageRng.next() < w.errorRate) {
          if (req.measured) {
            dep.stats.errored++;
            agg.attemptsErrored++;
          }
          call.status = w.status;
          call.retryAfter = 0;
          call.delay = w.mode === "timeout" ? Number.POSITIVE_INFINITY : w.errorDelay;
          return w.status;
        }
        if (w.latencyFactor > latencyFactor) latencyFactor = w.latencyFactor;
      }
    }
    let status: number;
    let retryAfter = 0;
    let used = 0;
    if (dep.bucket !== null) {
      const limit = facts.ptuMaxPromptTokens;
      if (limit !== null && req.prompt > limit) {
        status = 400;
      } else {
        used = req.prompt - req.cached + dep.outputWeight * req.maxTokens;
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
      if (latencyFactor !== 1) {
        call.ttft *= latencyFactor;
        call.total *= latencyFactor;
      }
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
    call.delay = 0;
    return status;
  };

  /**
   * A deployment call with native spillover [S5]: a provisioned 429, 400 (over-long prompt) or 5xx is re-sent to the
   * spillover deployment; if that fails too, the caller gets the provisioned deployment's original answer.
   */
  const callDeployment = (dep: DeploymentRuntime, req: Request, now: number): number => {
    call.spilled = false;
    const status = tryDeployment(dep, req, now);
    // Spillover triggers [S5]: 429 (PTU full), 400 (over-long prompt), 500 and 503. A call that never answers
    // (timeout-mode outage) cannot trigger it.
    if (status === 200 || dep.spillover === null || call.delay === Number.POSITIVE_INFINITY) return status;
    if (status !== 429 && status !== 400 && status !== 500 && status !== 503) return status;
    const original = status;
    const originalRetryAfter = call.retryAfter;
    const originalDelay = call.delay;
    if (tryDeployment(dep.spillover, req, now) === 200) {
      // The provisioned deployment's failure came first: its delay precedes the spilled call.
      call.ttft += originalDelay;
      call.total += originalDelay;
      call.spilled = true;
      return 200;
    }
    call.status = original;
    call.retryAfter = originalRetryAfter;
    call.delay = Math.max(originalDelay, call.delay);
    return original;
  };

  const sim = new Simulation<SimEvent>(handle, start);
  const now = (): number => sim.now;

  const onRequest = options.onRequest;
  const OUTCOME_NAMES = ["pending", "succeeded", "throttled", "timedOut", "errored"];
  const finish = (
    req: Request,
    outcome: Outcome,
    now: number,
    ttftAt: number,
    spilled: boolean,
    status: number,
    servedBy: DeploymentRuntime | null,
  ): void => {
    req.outcome = outcome;
    if (!req.measured) return;
    if (onRequest !== undefined) {
      const ok = outcome === Outcome.Succeeded;
      onRequest({
        id: req.id,
        workload: req.workload.spec.name,
        arrivalMs: req.arrival * 1000,
        outcome: OUTCOME_NAMES[outcome],
        status,
        e2eMs: ok ? (now - req.arrival) * 1000 : null,
        ttftMs: ok ? (ttftAt - req.arrival) * 1000 : null,
        attempts: req.retries + 1,
        servedBy: servedBy === null ? "" : servedBy.spec.id,
        spillover: spilled,
        prompt: req.prompt,
        cached: req.cached,
        completion: req.completion,
      });
    }
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

  /** Makes sure the attempt times out at its deadline if its answer would come later than that. */
  const ensureTimeout = (req: Request, answerAt: number): void => {
    const deadline = req.attemptStart + req.workload.spec.client.timeout;
    if (answerAt > deadline && req.timeoutFor !== req.attempt) {
      req.timeoutFor = req.attempt;
      sim.at(
        deadline,
        Priority.Dispatch,
        new SimEvent(Kind.Timeout, req, null, null, req.attempt, 0, 0, false, 0, 0),
      );
    }
  };

  /** The caller receives a failure at time `at` (>= now): the SDK retries it or gives up. */
  const clientFailure = (req: Request, at: number, status: number, retryAfter: number | undefined): void => {
    const client = req.workload.spec.client;
    if (at > req.attemptStart + client.timeout) {
      // The answer would come after the caller stopped waiting: it times out instead.
      ensureTimeout(req, at);
      return;
    }
    if (isRetryable(status) && req.retries < client.maxRetries) {
      const delay = retryDelay(client, req.retries, retryAfter, req.workload.clientRng.next());
      req.retries++;
      if (req.measured) agg.clientRetries++;
      sim.at(
        at + delay,
        Priority.Dispatch,
        new SimEvent(Kind.ClientSend, req, null, null, 0, 0, 0, false, 0, 0),
      );
      return;
    }
    finish(
      req,
      status === 429 ? Outcome.Throttled : status === 408 ? Outcome.TimedOut : Outcome.Errored,
      at,
      0,
      false,
      status,
      null,
    );
  };

  /**
   * An admitted call: schedule its completion (answer after `extra` seconds of network and gateway). An `orphan`
   * completion is one nobody waits for any more (the gateway timed out): it only settles the deployment's books.
   */
  const admitted = (
    req: Request,
    now: number,
    extra: number,
    firstChoice: boolean,
    orphan: boolean,
  ): void => {
    const servedBy = call.servedBy as DeploymentRuntime;
    const done = now + call.total + extra;
    const spilled = call.spilled || !firstChoice;
    const attempt = orphan ? -1 : req.attempt;
    sim.at(
      done,
      Priority.Completion,
      new SimEvent(Kind.Complete, req, servedBy, null, attempt, now + call.ttft + extra, 0, spilled, 0, now),
    );
    if (!orphan) ensureTimeout(req, done);
  };

  /** The gateway sees a backend's failed answer at `at` (an event when later than now, else at once). */
  const backendAnswer = (
    gr: GatewayRegionRuntime,
    req: Request,
    index: number,
    status: number,
    retryAfter: number,
    at: number,
  ): void => {
    sim.at(
      at,
      Priority.Dispatch,
      new SimEvent(Kind.BackendFailed, req, null, gr, req.attempt, index, status, false, retryAfter, 0),
    );
    ensureTimeout(req, at);
  };

  /**
   * The policy learns from a backend's failed answer at `now`. Always — even when the caller has given up, the answer
   * still reaches the gateway, whose breaker counts it.
   */
  const learn = (
    gr: GatewayRegionRuntime,
    req: Request,
    index: number,
    status: number,
    retryAfter: number,
  ): void => {
    // APIM reads the Retry-After header, which Azure sends in whole seconds (retry-after-ms is the SDK's).
    const headerSeconds = status === 429 && retryAfter > 0 ? Math.ceil(retryAfter) : undefined;
    if (gr.policy.onResponse(index, now(), status, headerSeconds) && req.measured) {
      const id = gr.gateway.backends[index].spec.id;
      gr.gateway.stats.trips.set(id, (gr.gateway.stats.trips.get(id) ?? 0) + 1);
      gr.stats.trips.set(id, (gr.stats.trips.get(id) ?? 0) + 1);
    }
  };

  /**
   * After a failed attempt (or no backend at all) at `now`: retry within the gateway per the policy, or answer the
   * caller. Returns true when the retry is to happen at once.
   */
  const decide = (
    gr: GatewayRegionRuntime,
    req: Request,
    noBackend: boolean,
    status: number,
    retryAfter: number,
  ): boolean => {
    const gw = gr.gateway;
    const t = now();
    const wait = gr.policy.retryDelay(status, req.gatewayRetries, t);
    if (wait !== null) {
      req.gatewayRetries++;
      if (wait === 0) return true;
      sim.at(
        t + wait,
        Priority.Dispatch,
        new SimEvent(Kind.GatewayRetry, req, null, gr, req.attempt, 0, 0, false, 0, 0),
      );
      // The caller's timeout runs while the gateway waits to retry.
      ensureTimeout(req, t + wait);
      return false;
    }
    // The gateway answers itself when the pool has no backend: one rejection per request that gets that answer.
    if (noBackend && req.measured) {
      gr.stats.poolExhausted++;
      gw.stats.rejected++;
    }
    clientFailure(
      req,
      t + gw.spec.overhead + req.callerRtt,
      status,
      status === 429 && retryAfter > 0 ? retryAfter : undefined,
    );
    return false;
  };

  /** Fails the attempt if its gateway region is down at `now`; returns true when it did. */
  const regionDown = (gr: GatewayRegionRuntime, req: Request, t: number): boolean => {
    if (gr.outages.empty) return false;
    const down = gr.outages.activeAt(t);
    if (down === undefined) return false;
    if (req.measured) gr.stats.failedByOutage++;
    if (down.mode === "timeout") ensureTimeout(req, Number.POSITIVE_INFINITY);
    else clientFailure(req, t + down.errorDelay + req.callerRtt, down.status, undefined);
    return true;
  };

  /**
   * The gateway region forwards the request: pick a backend and call it. Every answer travels back over the
   * backend's round trip, so the gateway learns and decides when it arrives (BackendFailed); a request no backend
   * can take is decided at once.
   */
  const forward = (gr: GatewayRegionRuntime, req: Request, t: number): void => {
    const gw = gr.gateway;
    for (;;) {
      if (regionDown(gr, req, t)) return;
      const index = gr.policy.select(t);
      if (index === NO_BACKEND) {
        if (decide(gr, req, true, 503, 0)) continue;
        return;
      }
      const status = callDeployment(gw.backends[index], req, t);
      const rtt = gr.backendRtt[index];
      const forwardTimeout = gw.spec.forwardTimeout;
      if (status === 200) {
        if (call.total + rtt > forwardTimeout) {
          // forward-request gives up before the answer: the deployment still serves (and bills) it, nobody reads it.
          admitted(req, t, rtt, false, true);
          backendAnswer(gr, req, index, 504, 0, t + forwardTimeout);
          return;
        }
        const extra = gw.spec.overhead + req.callerRtt + rtt;
        admitted(req, t, extra, gr.policy.priorityOf(index) === gr.policy.topPriority, false);
        return;
      }
      // A late (or missing) answer becomes forward-request's 504 when the timeout comes first.
      if (call.delay + rtt > forwardTimeout) backendAnswer(gr, req, index, 504, 0, t + forwardTimeout);
      else backendAnswer(gr, req, index, status, status === 429 ? call.retryAfter : 0, t + call.delay + rtt);
      return;
    }
  };

  /** A client attempt through a gateway: nearest healthy region, its outage state, its capacity queue. */
  const sendViaGateway = (gw: GatewayRuntime, req: Request, now: number): void => {
    const w = req.workload;
    const detection = gw.spec.failoverDetection;
    let k = 0;
    while (k < w.regionOrder.length && w.regionOrder[k].knownDown(now, detection)) k++;
    if (k === w.regionOrder.length) k = 0; // every region believed down: callers keep trying the nearest
    const gr = w.regionOrder[k];
    req.callerRtt = w.regionRtt[k];
    req.gatewayRetries = 0;
    if (req.measured) {
      gw.stats.requests++;
      gr.stats.requests++;
      const step = stepOf(now);
      if (step >= 0) gr.stats.requestsSeries[step]++;
    }
    if (regionDown(gr, req, now)) return;
    const capacity = gw.spec.capacityPerSecond;
    if (capacity !== Number.POSITIVE_INFINITY) {
      // A FIFO server at `capacity` requests/s, evaluated lazily: the backlog is the work not yet done.
      const backlog = gr.nextFree > now ? (gr.nextFree - now) * capacity : 0;
      // An idle region always takes the request; a busy one only while its queue has room.
      if (backlog > 0 && backlog >= gw.spec.queueLimit) {
        if (req.measured) {
          gr.stats.queueFull++;
          gw.stats.rejected++;
        }
        clientFailure(req, now + gw.spec.overhead + req.callerRtt, 503, undefined);
        return;
      }
      const begin = Math.max(gr.nextFree, now);
      gr.nextFree = begin + 1 / capacity;
      const wait = begin - now;
      if (req.measured) gr.stats.recordWait(wait);
      if (wait > 0) {
        sim.at(
          begin,
          Priority.Dispatch,
          new SimEvent(Kind.GatewayDispatch, req, null, gr, req.attempt, 0, 0, false, 0, 0),
        );
        ensureTimeout(req, begin);
        return;
      }
    }
    forward(gr, req, now);
  };

  /** One client attempt (first try or SDK retry). */
  const send = (req: Request, now: number): void => {
    req.attempt++;
    req.attemptStart = now;
    const w = req.workload;
    if (w.gateway !== null) {
      sendViaGateway(w.gateway, req, now);
      return;
    }
    const status = callDeployment(w.deployment as DeploymentRuntime, req, now);
    if (status === 200) admitted(req, now, w.directRtt, true, false);
    else if (call.delay === Number.POSITIVE_INFINITY) ensureTimeout(req, call.delay);
    else
      clientFailure(
        req,
        now + call.delay + w.directRtt,
        status,
        status === 429 ? call.retryAfter : undefined,
      );
  };

  /** Whether an event still concerns the request's current attempt. */
  const current = (ev: SimEvent): boolean => {
    const req = ev.request as Request;
    return req.outcome === Outcome.Pending && ev.attempt === req.attempt;
  };

  // A hoisted function, handed to the kernel directly: no wrapper call per event.
  function handle(ev: SimEvent, s: Simulation<SimEvent>): void {
    const now = s.now;
    switch (ev.kind) {
      case Kind.Arrival: {
        const w = workloads[ev.aux];
        const spec = w.spec;
        let prompt: number;
        let drawn: number;
        let cached: number;
        if (w.trace !== null) {
          // With a trace the counts are the trace's; max_tokens still caps generation and sizes admission.
          prompt = w.pendingPrompt;
          drawn = w.pendingCompletion;
          cached =
            w.pendingCached >= 0
              ? Math.min(w.pendingCached, prompt)
              : Math.round(prompt * spec.cachedPromptFraction);
        } else {
          prompt = drawTokens(spec.promptTokens as TokenDistribution, w.tokenRng);
          drawn = drawTokens(spec.completionTokens as TokenDistribution, w.tokenRng);
          cached = Math.round(prompt * spec.cachedPromptFraction);
        }
        const completion = Math.min(drawn, spec.maxTokens);
        const measured = now >= 0;
        const req = new Request(w, now, measured, prompt, cached, completion, spec.maxTokens);
        agg.simulatedRequests++;
        if (measured) {
          agg.arrived++;
          req.id = agg.arrived;
          const step = stepOf(now);
          if (step >= 0) agg.arrivalsSeries[step]++;
        }
        const next = w.arrivals.next(now);
        // The popped arrival event is free again: reuse it for the workload's next arrival (one per workload).
        if (next < duration) sim.at(next, Priority.Arrival, ev);
        send(req, now);
        return;
      }
      case Kind.ClientSend:
        send(ev.request as Request, now);
        return;
      case Kind.GatewayRetry:
      case Kind.GatewayDispatch:
        if (current(ev)) forward(ev.region as GatewayRegionRuntime, ev.request as Request, now);
        return;
      case Kind.BackendFailed: {
        const req = ev.request as Request;
        const gr = ev.region as GatewayRegionRuntime;
        learn(gr, req, ev.aux, ev.status, ev.retryAfter);
        if (current(ev) && decide(gr, req, false, ev.status, ev.retryAfter)) forward(gr, req, now);
        return;
      }
      case Kind.Complete: {
        const req = ev.request as Request;
        const dep = ev.deployment as DeploymentRuntime;
        if (dep.bucket !== null) {
          // Estimate-and-correct [S1]: the bucket was charged for max_tokens; give back what was not generated.
          const delta = dep.outputWeight * (req.completion - req.maxTokens);
          dep.bucket.settle(now, delta);
          // The usage series books the correction to the step of admission, so each step shows what its admitted
          // requests really consumed (never a negative step after an outage).
          const step = stepOf(ev.admittedAt);
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
        if (current(ev)) finish(req, Outcome.Succeeded, now, ev.aux, ev.spilled, 200, dep);
        return;
      }
      case Kind.Timeout: {
        const req = ev.request as Request;
        if (current(ev)) {
          // The SDK gives up on this attempt; a retry is a new attempt, so a late answer is ignored.
          req.attempt++;
          clientFailure(req, now, 408, undefined);
        }
        return;
      }
    }
  }

  for (const w of workloads) {
    const first = w.arrivals.next(start);
    if (first < duration) {
      sim.at(
        first,
        Priority.Arrival,
        new SimEvent(Kind.Arrival, null, null, null, 0, w.index, 0, false, 0, 0),
      );
    }
  }
  const span = duration + warmup;
  const onProgress = options.onProgress;
  try {
    agg.events = sim.run(
      Number.POSITIVE_INFINITY,
      onProgress === undefined ? undefined : (now) => onProgress(Math.min(1, (now - start) / span)),
    );
  } finally {
    for (const w of workloads) w.trace?.close();
  }
  for (const w of workloads) {
    const trace = w.trace;
    if (trace === null) continue;
    if (trace.skipped > 0) {
      agg.warnings.push(
        `workload ${w.spec.name}: skipped ${trace.skipped} bad row(s) of ${w.spec.trace?.open.displayPath} (${trace.skipSamples.join("; ")})`,
      );
    }
    if (trace.replayed === 0) {
      agg.warnings.push(`workload ${w.spec.name}: the trace has no rows in the replayed window`);
    } else if (trace.lastTime < duration - STEP_SECONDS) {
      // The trace ran out while the horizon went on: the rest of the run has no traffic from it.
      agg.warnings.push(
        `workload ${w.spec.name}: the trace ran out ${Math.round(trace.lastTime / 60)} min into the ${Math.round(duration / 60)}-min horizon; the rest has no traffic from it (set loop: true or a shorter duration)`,
      );
    }
  }
  return agg;
}
