/**
 * Requests through API Management: the caller picks the nearest gateway region it believes healthy, and the region's
 * load balancer hands the attempt to one of its instances; the region may be down, its capacity queue may be full or
 * make the request wait; then the instance's routing policy picks a backend, the call is made, and the answer travels
 * back over the backend's round trip, so the instance learns and decides (`<retry>` or answer the caller) when it
 * arrives. forward-request gives up after its timeout with a 504. Before the first forward of an attempt the region's
 * inbound policies (src/gateway/inbound.ts: semantic cache, token limit) may answer it themselves or delay it; they
 * are plug-ins of one pipeline, so this file knows only their verdict. The region's rules live in
 * src/gateway/gateway-region.ts and its instances' policies; this file drives them with events.
 */
import { Priority } from "../engine/event-queue.js";
import type { Simulation } from "../engine/simulation.js";
import { FORWARD, type InboundPipeline } from "../gateway/inbound.js";
import { NO_BACKEND } from "../gateway/routing-policy.js";
import { Outcome, type RunRecorder } from "../metrics/recorder.js";
import type { ClientFlow } from "./client.js";
import type { CompletionFlow } from "./completion.js";
import type { DeploymentCaller } from "./deployment-call.js";
import { SimEvent } from "./events.js";
import type { Request } from "./request.js";
import type { GatewayRegionRuntime, GatewayRuntime } from "./world.js";

/** The gateway side of a run. */
export class GatewayFlow {
  /** The caller side, once linked. */
  private client!: ClientFlow;
  /** The completion side, once linked. */
  private completions!: CompletionFlow;

  /**
   * @param sim the run's kernel
   * @param recorder where the run is counted
   * @param caller calls deployments
   */
  constructor(
    private readonly sim: Simulation<SimEvent>,
    private readonly recorder: RunRecorder,
    private readonly caller: DeploymentCaller,
  ) {}

  /** Links the other handlers of the run (they refer to one another). */
  link(client: ClientFlow, completions: CompletionFlow): void {
    this.client = client;
    this.completions = completions;
  }

  /**
   * A client attempt through gateway `gw` at `now`: nearest healthy region, one of its instances, its outage state,
   * its capacity queue (the region's: its units share one capacity).
   */
  send(gw: GatewayRuntime, req: Request, now: number): void {
    const w = req.workload;
    let k = 0;
    while (k < w.regionOrder.length && w.regionOrder[k].state.knownDown(now)) k++;
    if (k === w.regionOrder.length) k = 0; // every region believed down: callers keep trying the nearest
    const region = w.regionOrder[k];
    const gr = region.instances[region.state.route()];
    req.callerRtt = w.regionRtt[k];
    req.gatewayRetries = 0;
    this.recorder.gatewayRequest(gw.stats, gr.stats, now, req.measured, req.workload.index);
    if (this.regionDown(gr, req, now)) return;
    const begin = gr.state.enter(now);
    if (begin === Number.NEGATIVE_INFINITY) {
      this.recorder.gatewayQueueFull(gw.stats, gr.stats, req.measured);
      this.client.failure(req, now + gw.spec.overhead + req.callerRtt, 503, undefined);
      return;
    }
    this.recorder.gatewayWait(gr.stats, begin - now, req.measured);
    if (begin > now) {
      this.sim.at(begin, Priority.Dispatch, SimEvent.gatewayDispatch(req, gr));
      // The caller's timeout runs while the request waits for capacity.
      this.client.ensureTimeout(req, begin);
      return;
    }
    this.forward(gr, req, now);
  }

  /** A queued request leaves the capacity queue, or a `<retry>` interval ends (events of the current attempt). */
  resume(ev: SimEvent, now: number): void {
    if (ev.isCurrent()) this.forward(ev.region as GatewayRegionRuntime, ev.request as Request, now);
  }

  /**
   * A backend's failed answer reaches the instance at `now`. Its policy always learns from it (even when the caller
   * has given up, the answer still reaches the gateway, whose breaker counts it); the instance then retries or answers.
   */
  answer(ev: SimEvent, now: number): void {
    const req = ev.request as Request;
    const gr = ev.region as GatewayRegionRuntime;
    this.hear(gr, ev.backend, now, ev.status, ev.retryAfter, req.measured);
    if (ev.isCurrent() && this.decide(gr, req, false, ev.status, ev.retryAfter, now))
      this.forward(gr, req, now);
  }

  /**
   * The instance's policy hears backend `index`'s response at `now` (a success too, from completion.ts); a trip
   * counts toward its region and gateway. APIM reads the Retry-After header, which Azure sends in whole seconds
   * (retry-after-ms is the SDK's).
   */
  hear(
    gr: GatewayRegionRuntime,
    index: number,
    now: number,
    status: number,
    retryAfter: number,
    measured: boolean,
  ): void {
    const headerSeconds = status === 429 && retryAfter > 0 ? Math.ceil(retryAfter) : undefined;
    if (gr.policy.onResponse(index, now, status, headerSeconds)) {
      this.recorder.backendTripped(gr.gateway.stats, gr.stats, gr.gateway.backends[index].spec.id, measured);
    }
  }

  /**
   * A backend's successful answer to `req` reaches the instance at `now`: its policy hears it, and the region's
   * inbound policies hear its token usage (a token limit counts the completion now).
   */
  served(gr: GatewayRegionRuntime, req: Request, index: number, now: number): void {
    this.hear(gr, index, now, 200, 0, req.measured);
    gr.state.inbound?.usage(now, req);
  }

  /**
   * The region's inbound policies see the attempt at `t` (once: a later forward of it passes at once). Returns true
   * when they answered it themselves (a cache hit, the token limit's 429) or delayed its forward (the lookup).
   */
  private inbound(gr: GatewayRegionRuntime, pipeline: InboundPipeline, req: Request, t: number): boolean {
    const gw = gr.gateway;
    const verdict = pipeline.run(t, req);
    if (verdict.lookup >= 0)
      this.recorder.gatewayCacheLookup(gw.stats, gr.stats, verdict.lookup === 1, req.prompt, req.measured);
    if (verdict.status === FORWARD) {
      if (verdict.delay === 0) return false;
      this.sim.at(t + verdict.delay, Priority.Dispatch, SimEvent.gatewayDispatch(req, gr));
      this.client.ensureTimeout(req, t + verdict.delay);
      return true;
    }
    const at = t + verdict.delay + gw.spec.overhead + req.callerRtt;
    if (verdict.status === 429) {
      this.recorder.gatewayTokenLimited(gw.stats, gr.stats, req.measured);
      this.client.failure(req, at, 429, verdict.retryAfter);
    } else if (at > req.attemptStart + req.workload.spec.client.timeout) {
      this.client.ensureTimeout(req, at);
    } else {
      // The gateway's own answer: the whole completion at once, from no deployment.
      this.client.finish(req, Outcome.Succeeded, at, at, false, verdict.status, null);
    }
    return true;
  }

  /**
   * The instance forwards the request at `t`: pick a backend and call it. Every answer travels back over the
   * backend's round trip, so the instance learns and decides when it arrives (a BackendAnswer event); a request no
   * backend can take is decided at once.
   */
  private forward(gr: GatewayRegionRuntime, req: Request, t: number): void {
    const gw = gr.gateway;
    const state = gr.state;
    const policy = gr.policy;
    const caller = this.caller;
    const pipeline = state.inbound;
    if (pipeline !== null && (this.regionDown(gr, req, t) || this.inbound(gr, pipeline, req, t))) return;
    for (;;) {
      if (this.regionDown(gr, req, t)) return;
      const index = policy.select(t, req);
      if (index === NO_BACKEND) {
        if (this.decide(gr, req, true, 503, 0, t)) continue;
        return;
      }
      const status = caller.call(gw.backends[index], req, t);
      const call = caller.result;
      const rtt = state.settings.backendRtt[index];
      if (status === 200) {
        if (state.timesOut(call.total + rtt)) {
          // forward-request gives up before the answer: the deployment still serves (and bills) it, nobody reads it.
          this.completions.admitted(req, t, rtt, false, true, null, index);
          this.backendAnswer(gr, req, index, 504, 0, t + state.settings.forwardTimeout);
          return;
        }
        const extra = gw.spec.overhead + req.callerRtt + rtt;
        const firstChoice = policy.priorityOf(index) === policy.topPriority;
        this.completions.admitted(req, t, extra, firstChoice, false, gr, index);
        return;
      }
      // A late (or missing) answer becomes forward-request's 504 when the timeout comes first.
      if (state.timesOut(call.delay + rtt))
        this.backendAnswer(gr, req, index, 504, 0, t + state.settings.forwardTimeout);
      else
        this.backendAnswer(
          gr,
          req,
          index,
          status,
          status === 429 ? call.retryAfter : 0,
          t + call.delay + rtt,
        );
      return;
    }
  }

  /** The instance sees a backend's failed answer at `at` (an event, since it travels back over the round trip). */
  private backendAnswer(
    gr: GatewayRegionRuntime,
    req: Request,
    index: number,
    status: number,
    retryAfter: number,
    at: number,
  ): void {
    this.sim.at(at, Priority.Dispatch, SimEvent.backendAnswer(req, gr, index, status, retryAfter));
    this.client.ensureTimeout(req, at);
  }

  /**
   * After a failed attempt (or no backend at all) at `t`: retry within the gateway per the policy, or answer the
   * caller. Returns true when the retry is to happen at once.
   */
  private decide(
    gr: GatewayRegionRuntime,
    req: Request,
    noBackend: boolean,
    status: number,
    retryAfter: number,
    t: number,
  ): boolean {
    const gw = gr.gateway;
    const wait = gr.policy.retryDelay(status, req.gatewayRetries, t);
    if (wait !== null) {
      req.gatewayRetries++;
      if (wait === 0) return true;
      this.sim.at(t + wait, Priority.Dispatch, SimEvent.gatewayRetry(req, gr));
      // The caller's timeout runs while the gateway waits to retry.
      this.client.ensureTimeout(req, t + wait);
      return false;
    }
    // The gateway answers itself when the pool has no backend: one rejection per request that gets that answer.
    if (noBackend) this.recorder.gatewayPoolExhausted(gw.stats, gr.stats, req.measured);
    this.client.failure(
      req,
      t + gw.spec.overhead + req.callerRtt,
      status,
      status === 429 && retryAfter > 0 ? retryAfter : undefined,
    );
    return false;
  }

  /** Fails the attempt if its gateway region is down at `t`; returns true when it did. */
  private regionDown(gr: GatewayRegionRuntime, req: Request, t: number): boolean {
    const down = gr.state.outageAt(t);
    if (down === undefined) return false;
    this.recorder.gatewayRegionDown(gr.stats, req.measured);
    if (down.mode === "timeout") this.client.ensureTimeout(req, Number.POSITIVE_INFINITY);
    else this.client.failure(req, t + down.errorDelay + req.callerRtt, down.status, undefined);
    return true;
  }
}
