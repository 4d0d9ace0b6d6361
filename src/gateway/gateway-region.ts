/**
 * One region of an API Management gateway as a state machine over plain numbers: whether callers believe it down
 * (failover detection), its capacity queue, its forward-request timeout, and its routing policy (which owns backend
 * choice, breaker state and `<retry>`). APIM regions do not synchronize, so each region has its own state. The
 * simulator drives it (src/sim/gateway-flow.ts); nothing here knows about events.
 */
import type { OutageSchedule, OutageWindow } from "../azure/outages.js";
import type { RoutingPolicy } from "./routing-policy.js";

/** A gateway region's fixed settings (seconds, requests). */
export interface GatewayRegionSettings {
  /** The region's name. */
  region: string;
  /** Requests per second the region serves (Infinity: no unit limit). */
  capacityPerSecond: number;
  /** Requests the region holds waiting above capacity before answering 503. */
  queueLimit: number;
  /** How long callers take to notice a failure, and a recovery, s. */
  failoverDetection: number;
  /** forward-request timeout, s. */
  forwardTimeout: number;
  /** Latency the gateway adds per pass, s. */
  overhead: number;
  /** Round trip from this region to each backend's region, s, in pool order. */
  backendRtt: readonly number[];
}

/** One gateway region's state. */
export class GatewayRegion {
  /** When the region's capacity is next free (a lazily evaluated FIFO server). */
  private nextFree = Number.NEGATIVE_INFINITY;

  /**
   * @param settings the region's fixed settings
   * @param policy the region's own routing-policy instance
   * @param outages the windows that fail this region (its own and its Azure region's)
   */
  constructor(
    readonly settings: GatewayRegionSettings,
    readonly policy: RoutingPolicy,
    readonly outages: OutageSchedule,
  ) {}

  /**
   * Whether callers believe the region is down at `now`: they notice a failure, and a recovery, `failoverDetection`
   * after it happens, so an outage shorter than that is over before anyone notices it.
   */
  knownDown(now: number): boolean {
    const detection = this.settings.failoverDetection;
    for (const w of this.outages.windows) {
      if (w.end > w.start + detection && now >= w.start + detection && now < w.end + detection) return true;
    }
    return false;
  }

  /** The outage failing the region at `now`, or undefined. */
  outageAt(now: number): OutageWindow | undefined {
    return this.outages.empty ? undefined : this.outages.activeAt(now);
  }

  /**
   * A request enters the capacity queue at `now`: returns when it is forwarded (`now` when the region is idle), or
   * -Infinity when the queue is full (the gateway answers 503). A FIFO server at `capacityPerSecond`, evaluated
   * lazily: the backlog is the work not yet done. An idle region always takes the request.
   */
  enter(now: number): number {
    const capacity = this.settings.capacityPerSecond;
    if (capacity === Number.POSITIVE_INFINITY) return now;
    const backlog = this.nextFree > now ? (this.nextFree - now) * capacity : 0;
    if (backlog > 0 && backlog >= this.settings.queueLimit) return Number.NEGATIVE_INFINITY;
    const begin = Math.max(this.nextFree, now);
    this.nextFree = begin + 1 / capacity;
    return begin;
  }

  /** Whether an answer `after` seconds after forwarding comes too late: forward-request then answers 504. */
  timesOut(after: number): boolean {
    return after > this.settings.forwardTimeout;
  }
}
