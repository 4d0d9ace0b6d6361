/**
 * One region of an API Management gateway as a state machine over plain numbers: whether callers believe it down
 * (failover detection), its capacity queue, its forward-request timeout, and its gateway instances, each with its own
 * routing policy (which owns backend choice, breaker state and `<retry>`). APIM regions do not synchronize, and
 * neither do the instances within a region: "different instances of the gateway do not synchronize and will apply
 * circuit breaker rules based on the information on the same instance" [MS-bk]. A region's units "work together to
 * process requests and provide automatic load balancing" [MS-r], so with `stateScope: instance` a region has one
 * policy instance per unit and each request goes to one of them; `stateScope: region` keeps one shared instance.
 * The simulator drives it (src/sim/gateway-flow.ts); nothing here knows about events.
 */
import type { OutageSchedule, OutageWindow } from "../azure/outages.js";
import type { InboundPipeline } from "./inbound.js";
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
   * @param policies one routing-policy instance per gateway instance of the region (one: a single shared state)
   * @param outages the windows that fail this region (its own and its Azure region's)
   * @param spread the region's own seeded uniform stream in [0, 1) for {@link GatewayRegion.route}; never drawn
   *   from when the region has one instance
   * @param inbound the inbound policies (semantic cache, token limit) its instances share, or null: their state is
   *   the region's, as APIM keeps rate-limit counters per regional gateway [S92] and a region reaches its own cache
   */
  constructor(
    readonly settings: GatewayRegionSettings,
    readonly policies: readonly RoutingPolicy[],
    readonly outages: OutageSchedule,
    private readonly spread: () => number,
    readonly inbound: InboundPipeline | null = null,
  ) {
    if (policies.length === 0) throw new RangeError("a gateway region needs at least one instance");
  }

  /**
   * The instance (an index into `policies`) the region's load balancer hands the next request to. ASSUMPTION: uniform
   * at random. Microsoft publishes no algorithm for the units' "automatic load balancing" [MS-r]; a balancer that
   * hashes many client connections spreads requests like a random choice. Round-robin in arrival order would be as
   * even, but in lockstep with the callers' own patterns (the order of arrivals and retries would fix which unit each
   * attempt meets), which no connection-hashing balancer does.
   */
  route(): number {
    const n = this.policies.length;
    // The clamp guards a generator that ever returns exactly 1.
    return n === 1 ? 0 : Math.min(n - 1, Math.floor(this.spread() * n));
  }

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
