/**
 * One run: builds the world from a resolved scenario (world.ts), drives the event kernel, and returns what the recorder
 * measured. The request lifecycle, one file per concern:
 *
 *   arrival ─▶ client attempt (client.ts) ─▶ direct: deployment call (deployment-call.ts)
 *                                         └▶ gateway region (gateway-flow.ts): nearest healthy region ─▶ capacity
 *                                            queue ─▶ policy picks a backend ─▶ deployment call ─▶ answer travels back
 *                                            ─▶ policy hears it ─▶ `<retry>` or answer the caller
 *   deployment call: outage window? ─▶ the deployment kind's model admits or refuses; native spillover re-sends a
 *                    provisioned 429 / 400 / 5xx to the standard deployment of the same account
 *   admitted ─▶ completion (completion.ts): settle, the gateway hears the success, the caller gets its answer
 *   refused ─▶ the answer travels back ─▶ SDK retry, timeout or final outcome (client.ts)
 *
 * Network round trips and gateway overhead are added to the time the caller gets its answer; capacity is charged
 * when the call is made. Every time is in seconds here; the report converts to milliseconds.
 */
import { NetworkModel } from "../azure/network.js";
import { ProvisionedModel } from "../azure/provisioned-deployment.js";
import { RandomStreams } from "../engine/rng.js";
import { Simulation } from "../engine/simulation.js";
import { RunRecorder } from "../metrics/recorder.js";
import type { RequestLogRow } from "../metrics/request-log.js";
import { type RunAggregates, STEP_SECONDS } from "../metrics/run-aggregates.js";
import type { ResolvedScenario } from "../scenario/resolve.js";
import { ClientFlow } from "./client.js";
import { CompletionFlow } from "./completion.js";
import { DeploymentCaller } from "./deployment-call.js";
import type { EventKind, SimEvent } from "./events.js";
import { GatewayFlow } from "./gateway-flow.js";
import { buildWorld, type World } from "./world.js";

/** Options of {@link simulate}. */
export interface SimulateOptions {
  /** Called now and then with the fraction of simulated time done (0..1). */
  onProgress?: (fraction: number) => void;
  /** Called once per measured request at its final outcome (for requests.csv); absent = no per-request rows. */
  onRequest?: (row: RequestLogRow) => void;
}

/** The handlers of one run: each concern of the request lifecycle, linked to the others it hands requests to. */
class Run {
  readonly sim: Simulation<SimEvent>;
  readonly client: ClientFlow;
  private readonly gateways: GatewayFlow;
  private readonly completions: CompletionFlow;

  constructor(scenario: ResolvedScenario, recorder: RunRecorder, world: World) {
    // The kernel comes first (every handler schedules on it); its handler dispatches to the handlers made below.
    this.sim = new Simulation<SimEvent>(this.dispatch, -scenario.warmup);
    const caller = new DeploymentCaller(recorder);
    this.client = new ClientFlow(this.sim, recorder, caller, world.workloads, scenario.duration);
    this.gateways = new GatewayFlow(this.sim, recorder, caller);
    this.completions = new CompletionFlow(this.sim, recorder, caller);
    this.client.link(this.gateways, this.completions);
    this.gateways.link(this.client, this.completions);
    this.completions.link(this.client, this.gateways);
  }

  /**
   * One switch over the event kinds, handed to the kernel as is: its only call per event. The cases are the
   * {@link EventKind} numbers written out (checked below): V8 compiles a switch over literal cases into a jump table,
   * but one over property loads into a chain of compares, measurably slower on this, the hottest function.
   */
  private readonly dispatch = (ev: SimEvent, s: Simulation<SimEvent>): void => {
    const now = s.now;
    switch (ev.kind) {
      case 0 satisfies typeof EventKind.Arrival:
        this.client.arrive(ev, now);
        return;
      case 1 satisfies typeof EventKind.ClientSend:
        this.client.send(ev.request as NonNullable<SimEvent["request"]>, now);
        return;
      case 2 satisfies typeof EventKind.GatewayRetry:
      case 5 satisfies typeof EventKind.GatewayDispatch:
        this.gateways.resume(ev, now);
        return;
      case 6 satisfies typeof EventKind.BackendAnswer:
        this.gateways.answer(ev, now);
        return;
      case 3 satisfies typeof EventKind.Complete:
        this.completions.complete(ev, now);
        return;
      case 4 satisfies typeof EventKind.Timeout:
        this.client.timeout(ev, now);
    }
  };
}

/** Runs a resolved scenario and returns what it measured. Pure: same scenario, same aggregates. */
export function simulate(scenario: ResolvedScenario, options: SimulateOptions = {}): RunAggregates {
  const { duration, warmup } = scenario;
  const start = -warmup;
  const recorder = new RunRecorder(
    duration,
    scenario.deployments.length,
    scenario.gateways.map((g) => g.regions),
    options.onRequest,
    { names: scenario.workloads.map((w) => w.name), outages: scenario.outages.map((o) => o.window) },
  );
  const agg = recorder.aggregates;
  const network = new NetworkModel(
    scenario.network.sameRegion,
    scenario.network.interRegion,
    scenario.network.pairs,
  );
  const world = buildWorld(
    scenario,
    new RandomStreams(scenario.seed),
    network,
    agg.deployments,
    agg.gateways,
  );
  watchBuckets(world, recorder);
  const run = new Run(scenario, recorder, world);
  run.client.start(start);
  const span = duration + warmup;
  const onProgress = options.onProgress;
  try {
    agg.events = run.sim.run(
      Number.POSITIVE_INFINITY,
      onProgress === undefined ? undefined : (now) => onProgress(Math.min(1, (now - start) / span)),
    );
  } finally {
    for (const w of world.workloads) w.trace?.close();
  }
  reportTraces(world, duration, recorder);
  return agg;
}

/** Has the recorder follow each provisioned deployment's bucket level (the series of what triggers its 429s). */
function watchBuckets(world: World, recorder: RunRecorder): void {
  for (const d of world.deployments) {
    if (d.model instanceof ProvisionedModel) recorder.watchBucket(d.stats, d.model.bucket);
  }
}

/** Warnings about replayed traces: rows skipped as bad, no rows in the window, a trace that ran out early. */
function reportTraces(world: World, duration: number, recorder: RunRecorder): void {
  for (const w of world.workloads) {
    const trace = w.trace;
    if (trace === null) continue;
    if (trace.skipped > 0) {
      recorder.warning(
        "trace-bad-rows",
        `workload ${w.spec.name}: skipped ${trace.skipped} bad row(s) of ${w.spec.trace?.open.displayPath} (${trace.skipSamples.join("; ")})`,
      );
    }
    if (trace.replayed === 0) {
      recorder.warning(
        "trace-empty",
        `workload ${w.spec.name}: the trace has no rows in the replayed window`,
      );
    } else if (trace.lastTime < duration - STEP_SECONDS) {
      // The trace ran out while the horizon went on: the rest of the run has no traffic from it.
      recorder.warning(
        "trace-ran-out",
        `workload ${w.spec.name}: the trace ran out ${Math.round(trace.lastTime / 60)} min into the ${Math.round(duration / 60)}-min horizon; the rest has no traffic from it (set loop: true or a shorter duration)`,
      );
    }
  }
}
