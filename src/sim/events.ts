/**
 * The one event shape of a run, with a named constructor per kind. One class for every kind keeps the kernel's hot
 * path monomorphic; each field means one thing, and fields a kind does not use keep neutral values.
 */
import type { QueuedEvent } from "../engine/event-queue.js";
import { Outcome } from "../metrics/recorder.js";
import type { Request } from "./request.js";
import type { DeploymentRuntime, GatewayRegionRuntime } from "./world.js";

/** What an event does. */
export const EventKind = {
  /** A workload's next request arrives. */
  Arrival: 0,
  /** The caller sends an attempt (an SDK retry after its backoff). */
  ClientSend: 1,
  /** A gateway region tries the pool again for the same attempt (`<retry>` after its interval). */
  GatewayRetry: 2,
  /** A deployment finishes a call and the answer reaches the caller. */
  Complete: 3,
  /** The caller's per-attempt timeout. */
  Timeout: 4,
  /** A request waited for gateway capacity and is forwarded now. */
  GatewayDispatch: 5,
  /** A backend's failed answer (or forward-request's 504) reaches the gateway region. */
  BackendAnswer: 6,
} as const;

/** One of the {@link EventKind} values. */
export type EventKindValue = (typeof EventKind)[keyof typeof EventKind];

/** A scheduled event. */
export class SimEvent implements QueuedEvent {
  /** @inheritdoc */
  time = 0;
  /** @inheritdoc */
  priority = 0;
  /** @inheritdoc */
  seq = 0;

  // Every field is set by the one constructor, in one order, so every event has the same shape; the named
  // constructors below are its only callers and say which fields each kind uses. Fields are writable only so a
  // handled completion can be reused (reuseAsComplete).
  private constructor(
    /** What the event does. */
    readonly kind: EventKindValue,
    /** The request it concerns (null for an arrival: the request does not exist yet). */
    public request: Request | null,
    /** The attempt it belongs to; a later attempt makes it stale (-1: nobody waits for it). */
    public attempt: number,
    /** Complete: the deployment that served the call. */
    public deployment: DeploymentRuntime | null,
    /** Gateway events, and Complete through a gateway: the gateway region. */
    public region: GatewayRegionRuntime | null,
    /** Arrival: the workload's index. */
    readonly workload: number,
    /** Complete: absolute time of the first token. */
    public firstTokenAt: number,
    /** Complete: when the deployment admitted the call (its usage step takes the correction). */
    public admittedAt: number,
    /** Complete: served by a deployment other than the first choice. */
    public spilled: boolean,
    /** Complete and BackendAnswer: the backend's index in its gateway's pool (-1: called directly). */
    public backend: number,
    /** BackendAnswer: the HTTP status. */
    readonly status: number,
    /** BackendAnswer: the answer's Retry-After, s (0 when none). */
    readonly retryAfter: number,
  ) {}

  /** The next arrival of workload `index` (reused for the one after: a workload keeps one pending arrival). */
  static arrival(index: number): SimEvent {
    return new SimEvent(EventKind.Arrival, null, 0, null, null, index, 0, 0, false, -1, 0, 0);
  }

  /** The caller sends `req` again (an SDK retry). */
  static clientSend(req: Request): SimEvent {
    return new SimEvent(EventKind.ClientSend, req, 0, null, null, 0, 0, 0, false, -1, 0, 0);
  }

  /** The gateway region retries `req`'s current attempt. */
  static gatewayRetry(req: Request, region: GatewayRegionRuntime): SimEvent {
    return new SimEvent(EventKind.GatewayRetry, req, req.attempt, null, region, 0, 0, 0, false, -1, 0, 0);
  }

  /** `req`'s current attempt leaves the gateway region's capacity queue. */
  static gatewayDispatch(req: Request, region: GatewayRegionRuntime): SimEvent {
    return new SimEvent(EventKind.GatewayDispatch, req, req.attempt, null, region, 0, 0, 0, false, -1, 0, 0);
  }

  /** A backend's failed answer to `req`'s current attempt reaches the gateway region. */
  static backendAnswer(
    req: Request,
    region: GatewayRegionRuntime,
    backend: number,
    status: number,
    retryAfter: number,
  ): SimEvent {
    return new SimEvent(
      EventKind.BackendAnswer,
      req,
      req.attempt,
      null,
      region,
      0,
      0,
      0,
      false,
      backend,
      status,
      retryAfter,
    );
  }

  /**
   * A call of `req` completes on `deployment`. `attempt` -1 marks an orphan (the gateway gave up: the call only
   * settles the deployment's books); `region` and `backend` say which gateway region heard it, if any.
   */
  static complete(
    req: Request,
    deployment: DeploymentRuntime,
    attempt: number,
    firstTokenAt: number,
    admittedAt: number,
    spilled: boolean,
    region: GatewayRegionRuntime | null,
    backend: number,
  ): SimEvent {
    return new SimEvent(
      EventKind.Complete,
      req,
      attempt,
      deployment,
      region,
      0,
      firstTokenAt,
      admittedAt,
      spilled,
      backend,
      0,
      0,
    );
  }

  /** The caller's timeout of `req`'s current attempt. */
  static timeout(req: Request): SimEvent {
    return new SimEvent(EventKind.Timeout, req, req.attempt, null, null, 0, 0, 0, false, -1, 0, 0);
  }

  /**
   * Makes a handled completion event (one the kernel no longer holds) into a new one: completions are the most
   * frequent events, and reusing them spares the allocator one object per request.
   */
  reuseAsComplete(
    req: Request,
    deployment: DeploymentRuntime,
    attempt: number,
    firstTokenAt: number,
    admittedAt: number,
    spilled: boolean,
    region: GatewayRegionRuntime | null,
    backend: number,
  ): SimEvent {
    this.request = req;
    this.attempt = attempt;
    this.deployment = deployment;
    this.region = region;
    this.firstTokenAt = firstTokenAt;
    this.admittedAt = admittedAt;
    this.spilled = spilled;
    this.backend = backend;
    return this;
  }

  /** Whether the event still concerns its request's current attempt (a later attempt or an outcome makes it stale). */
  isCurrent(): boolean {
    const req = this.request as Request;
    return req.outcome === Outcome.Pending && this.attempt === req.attempt;
  }
}
