/**
 * Admitted calls: the completion is scheduled when the call is admitted (the answer reaches the caller after the
 * service time plus the network and gateway hops); when it fires, the deployment settles the call (a provisioned
 * bucket gives back what was charged and not generated, booked to the step of admission so each step shows what its
 * admitted requests really consumed), the gateway instance that carried it hears the success, and the caller gets its
 * answer — unless the attempt went stale (a timeout or a gateway 504 came first).
 */
import { BatchModel } from "../azure/batch-deployment.js";
import { Priority } from "../engine/event-queue.js";
import type { Simulation } from "../engine/simulation.js";
import type { RunRecorder } from "../metrics/recorder.js";
import { Outcome } from "../metrics/recorder.js";
import type { ClientFlow } from "./client.js";
import type { DeploymentCaller } from "./deployment-call.js";
import { SimEvent } from "./events.js";
import type { GatewayFlow } from "./gateway-flow.js";
import type { Request } from "./request.js";
import type { DeploymentRuntime, GatewayRegionRuntime } from "./world.js";

/** The completion side of a run. */
export class CompletionFlow {
  /** Completion events already handled, free for reuse. */
  private readonly free: SimEvent[] = [];
  /** The caller side, once linked. */
  private client!: ClientFlow;
  /** The gateway side, once linked. */
  private gateways!: GatewayFlow;

  /**
   * @param sim the run's kernel
   * @param recorder where the run is counted
   * @param caller calls deployments (its last result is what `admitted` schedules)
   */
  constructor(
    private readonly sim: Simulation<SimEvent>,
    private readonly recorder: RunRecorder,
    private readonly caller: DeploymentCaller,
  ) {}

  /** Links the other handlers of the run (they refer to one another). */
  link(client: ClientFlow, gateways: GatewayFlow): void {
    this.client = client;
    this.gateways = gateways;
  }

  /**
   * The caller's last call was admitted at `now`: schedules its completion, `extra`
   * seconds of network and gateway after its service time. An `orphan` completion is one nobody waits for any more
   * (the gateway timed out): it only settles the deployment's books. `region` and `backend` name the gateway region
   * and pool member that carried it (null and -1 for a direct call).
   */
  admitted(
    req: Request,
    now: number,
    extra: number,
    firstChoice: boolean,
    orphan: boolean,
    region: GatewayRegionRuntime | null,
    backend: number,
  ): void {
    const call = this.caller.result;
    const servedBy = call.servedBy as DeploymentRuntime;
    // A Batch deployment's enqueued tokens are what its 429s come from (report.json deployments.<id>.enqueued).
    const model = servedBy.model;
    if (model instanceof BatchModel)
      this.recorder.enqueued(
        servedBy.stats,
        servedBy.spec.id,
        now,
        model.releaseAt,
        req.prompt,
        model.enqueued,
      );
    const done = now + call.total + extra;
    const spilled = call.spilled || !firstChoice;
    const attempt = orphan ? -1 : req.attempt;
    const firstTokenAt = now + call.ttft + extra;
    const free = this.free.pop();
    const ev =
      free === undefined
        ? SimEvent.complete(req, servedBy, attempt, firstTokenAt, now, spilled, region, backend)
        : free.reuseAsComplete(req, servedBy, attempt, firstTokenAt, now, spilled, region, backend);
    this.sim.at(done, Priority.Completion, ev);
    if (!orphan) this.client.ensureTimeout(req, done);
  }

  /** A call completes at `now`. */
  complete(ev: SimEvent, now: number): void {
    const req = ev.request as Request;
    const dep = ev.deployment as DeploymentRuntime;
    const recorder = this.recorder;
    const model = dep.model;
    if (model.settles)
      recorder.charged(dep.stats, ev.admittedAt, model.settle(now, req.completion, req.maxTokens));
    recorder.served(
      dep.stats,
      now,
      req.measured,
      ev.spilled,
      req.prompt,
      req.cached,
      req.completion,
      req.workload.index,
    );
    // The gateway region that carried the call hears its success (an orphan's answer no longer reaches it).
    const region = ev.region;
    if (region !== null && ev.attempt !== -1) this.gateways.served(region, req, ev.backend, now);
    if (ev.isCurrent()) {
      // The caller's policy hears the success (a router's books: calls in flight, tokens, latency).
      req.workload.policy.onResponse(req.target, now, 200, undefined, req);
      this.client.finish(req, Outcome.Succeeded, now, ev.firstTokenAt, ev.spilled, 200, dep);
    }
    this.free.push(ev);
  }
}
