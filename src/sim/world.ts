/**
 * Building the world of a run from a resolved scenario: a runtime object per deployment (with the model of its kind),
 * per gateway and gateway instance (with its own routing-policy instance), and per workload (with its arrival process,
 * token sizes and, for a trace, the lazily opened replay). Random streams are named after the component they drive,
 * so adding a component does not change the numbers another one sees. No I/O here: a trace file is opened by the
 * replay when the first arrival is asked for.
 */

import { BatchModel } from "../azure/batch-deployment.js";
import type { DeploymentModel } from "../azure/deployment-model.js";
import type { NetworkModel } from "../azure/network.js";
import { OutageSchedule, type OutageWindow } from "../azure/outages.js";
import { withProcessing } from "../azure/processing-options.js";
import { ProvisionedModel } from "../azure/provisioned-deployment.js";
import { StandardModel } from "../azure/standard-deployment.js";
import { type ClientPolicy, SdkPolicy } from "../client/client-policy.js";
import type { RandomStream, RandomStreams } from "../engine/rng.js";
import { GatewayRegion } from "../gateway/gateway-region.js";
import { inboundPipeline } from "../gateway/inbound.js";
import { priorityIn, ROUTING_POLICIES } from "../gateway/policies.js";
import type { RoutingPolicy } from "../gateway/routing-policy.js";
import type {
  DeploymentAggregates,
  GatewayAggregates,
  GatewayRegionAggregates,
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
import { openTrace } from "../workload/trace/open-trace.js";
import { TraceArrivals } from "../workload/trace-arrivals.js";
import { buildRouters, connectClient, type RouterRuntime } from "./client-routers.js";

/** A deployment in the run. */
export class DeploymentRuntime {
  /** Native spillover target, once the world is linked. */
  spillover: DeploymentRuntime | null = null;

  /**
   * @param spec the resolved deployment
   * @param model admission and settlement rules of its kind
   * @param stats its aggregates
   * @param latencyRng its service-time stream
   * @param outageRng its outage stream (which calls a partial outage fails)
   * @param outages the windows that hit it (its own and its region's)
   */
  constructor(
    readonly spec: ResolvedDeployment,
    readonly model: DeploymentModel,
    readonly stats: DeploymentAggregates,
    readonly latencyRng: RandomStream,
    readonly outageRng: RandomStream,
    readonly outages: OutageSchedule,
  ) {}
}

/** A gateway in the run: its pool of deployments and its regions. */
export class GatewayRuntime {
  /** Its regions, in configuration order. */
  readonly regions: GatewayRegionRuntime[] = [];

  /**
   * @param spec the resolved gateway
   * @param backends the pool's deployments, in pool order
   * @param stats its aggregates
   */
  constructor(
    readonly spec: ResolvedGateway,
    readonly backends: readonly DeploymentRuntime[],
    readonly stats: GatewayAggregates,
  ) {}
}

/**
 * One region of a gateway in the run as one of its instances (APIM units) serves it: the region's state machine and
 * aggregates, which its instances share, and this instance's own routing policy. A request's attempt stays on the
 * instance it entered, `<retry>` included, so gateway events carry the instance. A gateway's `regions` hold each
 * region's first instance; its `instances` list them all (one with `stateScope: region` or one unit).
 */
export class GatewayRegionRuntime {
  /** This instance's routing policy (breakers, round-robin counters, smart-lb marks). */
  readonly policy: RoutingPolicy;

  /**
   * @param gateway the gateway it belongs to
   * @param state the region's state machine (failover detection, capacity queue, timeout, the instances' policies)
   * @param stats the region's aggregates (its instances' counts add up there)
   * @param instance this instance's index in `state.policies`
   * @param instances every instance of the region, in index order (the same array for all of them)
   */
  constructor(
    readonly gateway: GatewayRuntime,
    readonly state: GatewayRegion,
    readonly stats: GatewayRegionAggregates,
    readonly instance: number,
    readonly instances: readonly GatewayRegionRuntime[],
  ) {
    this.policy = state.policies[instance];
  }
}

/** A workload in the run: where it sends, and where its arrivals and token sizes come from. */
export class WorkloadRuntime {
  /** Its arrival process (a generator, or the trace replay). */
  readonly arrivals: ArrivalProcess;
  /** The trace being replayed, when the workload replays one. */
  readonly trace: TraceArrivals | null = null;
  /** Prompt tokens of the workload's one pending (scheduled) trace arrival. */
  pendingPrompt = 0;
  /** Completion tokens of the pending trace arrival. */
  pendingCompletion = 0;
  /** Cached prompt tokens of the pending trace arrival (-1: the trace has none). */
  pendingCached = -1;
  /** Its token-size stream. */
  readonly tokenRng: RandomStream;
  /** Its SDK's stream (backoff jitter). */
  readonly clientRng: RandomStream;
  /** Gateway regions from nearest to farthest (ties in configuration order). */
  regionOrder: GatewayRegionRuntime[] = [];
  /** Round trip to each of {@link WorkloadRuntime.regionOrder}, s. */
  regionRtt: number[] = [];
  /** Round trip to the deployment when called directly, s. */
  directRtt = 0;
  /** The caller's side: deployment of each attempt, what it learns, its retries (the SDK's, or a router's). */
  policy: ClientPolicy;
  /** The deployments it calls itself, as its policy indexes them (its `via` deployment, or its router's). */
  targets: readonly DeploymentRuntime[] = [];
  /** Round trip to each of {@link WorkloadRuntime.targets}, s. */
  targetRtt: number[] = [];

  /**
   * @param spec the resolved workload
   * @param index its position in the scenario
   * @param streams the run's random streams
   * @param deployment the deployment it calls directly, or null
   * @param gateway the gateway it calls, or null
   * @param warmup the warmup, s (a trace's replay begins at -warmup)
   */
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
    this.policy = new SdkPolicy(spec.client, this.clientRng.uniform);
  }
}

/** Everything a run simulates. */
export interface World {
  /** Deployments in scenario order. */
  deployments: DeploymentRuntime[];
  /** Gateways in scenario order. */
  gateways: GatewayRuntime[];
  /** Workloads in scenario order. */
  workloads: WorkloadRuntime[];
  /** Client-side routers in scenario order. */
  routers: RouterRuntime[];
}

/** The model of a deployment's kind: one case per member of the ResolvedDeployment union. */
function modelOf(d: ResolvedDeployment, start: number, streams: RandomStreams): DeploymentModel {
  switch (d.kind) {
    case "provisioned":
      return new ProvisionedModel(
        d.capacity * d.facts.ptuInputTpm,
        d.facts.outputWeight,
        d.facts.ptuMaxPromptTokens,
        d.bucket.window,
        d.bucket.burst,
        start,
      );
    case "standard":
      return withProcessing(
        new StandardModel(d.limits, d.facts.contextWindow, d.limiter),
        {
          option: d.processing,
          flexUnavailable: d.flexUnavailable,
          priority: d.priority,
          standardLatency: d.latency,
        },
        streams.stream(`deployment:${d.id}:processing`),
      );
    case "batch":
      return new BatchModel(d.enqueuedTokens, d.turnaround, streams.stream(`deployment:${d.id}:batch`));
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

/**
 * The runtime of each gateway: its backends, and per region a state machine with one policy instance per gateway
 * instance (`units` with `stateScope: instance`, else one). Each instance draws from its own stream, named after its
 * index, so adding a unit does not change the numbers the others see; the first is named after the region alone, so
 * one unit with `stateScope: instance` and any number with `stateScope: region` draw the same numbers.
 */
function buildGateways(
  scenario: ResolvedScenario,
  byId: ReadonlyMap<string, DeploymentRuntime>,
  streams: RandomStreams,
  network: NetworkModel,
  stats: readonly GatewayAggregates[],
): GatewayRuntime[] {
  return scenario.gateways.map((g, gi) => {
    const backends = g.backends.map((b) => byId.get(b.deployment) as DeploymentRuntime);
    const runtime = new GatewayRuntime(g, backends, stats[gi]);
    const definition = ROUTING_POLICIES[g.policy];
    // Consumption has no units to speak of (it scales by itself): one state, whatever `units` says.
    const count = g.stateScope === "instance" && g.tierFacts.maxUnits !== null ? g.units : 1;
    g.regions.forEach((region, ri) => {
      const prefix = `gateway:${g.name}:${region}`;
      // Each region's pool has that region's priorities (local-first pools differ per region).
      const settings = {
        backends: g.backends.map((b) => ({ priority: priorityIn(b.priority, region), weight: b.weight })),
        circuitBreaker: g.circuitBreaker,
        retry: g.retry,
      };
      const policies = Array.from({ length: count }, (_, u) =>
        definition.create(settings, streams.stream(`${prefix}${u === 0 ? "" : `:unit${u}`}:routing`).uniform),
      );
      const state = new GatewayRegion(
        {
          region,
          capacityPerSecond: g.capacityPerSecond,
          queueLimit: g.queueLimit,
          failoverDetection: g.failoverDetection,
          forwardTimeout: g.forwardTimeout,
          overhead: g.overhead,
          backendRtt: backends.map((b) => network.roundTrip(region, b.spec.region)),
        },
        policies,
        new OutageSchedule(gatewayWindows(g.name, region, scenario.outages)),
        streams.stream(`${prefix}:spread`).uniform,
        inboundPipeline(
          { semanticCache: g.semanticCache, tokenLimit: g.tokenLimit },
          (key) => streams.stream(`${prefix}:${key}`).uniform,
        ),
      );
      const instances: GatewayRegionRuntime[] = [];
      for (let u = 0; u < count; u++)
        instances.push(new GatewayRegionRuntime(runtime, state, stats[gi].regions[ri], u, instances));
      runtime.regions.push(instances[0]);
    });
    return runtime;
  });
}

/**
 * Builds the world of a run. `start` is the simulated time the run begins (−warmup); `deploymentStats` and
 * `gatewayStats` are the recorder's aggregates, in scenario order.
 */
export function buildWorld(
  scenario: ResolvedScenario,
  streams: RandomStreams,
  network: NetworkModel,
  deploymentStats: readonly DeploymentAggregates[],
  gatewayStats: readonly GatewayAggregates[],
): World {
  const start = -scenario.warmup;
  const deployments = scenario.deployments.map(
    (d, i) =>
      new DeploymentRuntime(
        d,
        modelOf(d, start, streams),
        deploymentStats[i],
        streams.stream(`deployment:${d.id}:latency`),
        streams.stream(`deployment:${d.id}:outage`),
        new OutageSchedule(deploymentWindows(d, scenario.outages)),
      ),
  );
  const byId = new Map(deployments.map((d) => [d.spec.id, d]));
  for (const d of deployments) {
    if (d.spec.kind === "provisioned" && d.spec.spilloverTo !== null)
      d.spillover = byId.get(d.spec.spilloverTo) ?? null;
  }
  const gateways = buildGateways(scenario, byId, streams, network, gatewayStats);
  const gatewayByName = new Map(gateways.map((g) => [g.spec.name, g]));
  const routers = buildRouters(scenario.routers, byId, streams);
  const workloads = scenario.workloads.map((w, i) => {
    const runtime = new WorkloadRuntime(
      w,
      i,
      streams,
      w.via.kind === "deployment" ? (byId.get(w.via.id) ?? null) : null,
      w.via.kind === "gateway" ? (gatewayByName.get(w.via.name) ?? null) : null,
      scenario.warmup,
    );
    if (runtime.gateway !== null) {
      // "Callers use the nearest healthy gateway region" (APIM multi-region routes to the lowest-latency gateway).
      const order = runtime.gateway.regions
        .map((r, k) => ({ r, k, rtt: network.roundTrip(w.region, r.state.settings.region) }))
        .sort((a, b) => a.rtt - b.rtt || a.k - b.k);
      runtime.regionOrder = order.map((o) => o.r);
      runtime.regionRtt = order.map((o) => o.rtt);
    }
    if (runtime.deployment !== null)
      runtime.directRtt = network.roundTrip(w.region, runtime.deployment.spec.region);
    connectClient(runtime, routers, network);
    return runtime;
  });
  return { deployments, gateways, workloads, routers };
}
