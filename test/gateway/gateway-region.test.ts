/**
 * A gateway region's own rules, as plain state: failover detection, the capacity queue, forward-request's timeout,
 * and which of its instances takes a request.
 */
import { describe, expect, it } from "vitest";
import { OutageSchedule, type OutageWindow } from "../../src/azure/outages.js";
import { GatewayRegion, type GatewayRegionSettings } from "../../src/gateway/gateway-region.js";
import { ROUTING_POLICIES, ROUTING_POLICY_NAMES } from "../../src/gateway/policies.js";

const settings = (over: Partial<GatewayRegionSettings> = {}): GatewayRegionSettings => ({
  region: "eastus",
  capacityPerSecond: 10,
  queueLimit: 3,
  failoverDetection: 30,
  forwardTimeout: 300,
  overhead: 0.005,
  backendRtt: [0.002],
  ...over,
});

const window = (start: number, end: number): OutageWindow => ({
  start,
  end,
  errorRate: 1,
  status: 503,
  latencyFactor: 1,
  mode: "error",
  errorDelay: 0.1,
  label: "region eastus",
});

const pool = () =>
  ROUTING_POLICIES["backend-pool"].create(
    { backends: [{ priority: 1, weight: 1 }], circuitBreaker: null, retry: null },
    () => 0,
  );

describe("gateway region", () => {
  it("callers notice an outage, and its end, after the detection delay; a shorter outage goes unnoticed", () => {
    const region = new GatewayRegion(
      settings(),
      [pool()],
      new OutageSchedule([window(100, 200), window(500, 520)]),
      () => 0,
    );
    expect(region.outageAt(150)).toBeDefined();
    expect(region.knownDown(129)).toBe(false);
    expect(region.knownDown(130)).toBe(true);
    expect(region.knownDown(229)).toBe(true); // recovered at 200, still avoided
    expect(region.knownDown(230)).toBe(false);
    expect(region.knownDown(515)).toBe(false); // 20 s outage < 30 s detection
  });

  it("the capacity queue is a FIFO server: an idle region forwards at once, a busy one queues, a full one refuses", () => {
    const region = new GatewayRegion(settings(), [pool()], new OutageSchedule([]), () => 0);
    expect(region.enter(0)).toBe(0);
    // 10 req/s: each request holds the server 0.1 s.
    expect(region.enter(0)).toBeCloseTo(0.1, 12);
    expect(region.enter(0)).toBeCloseTo(0.2, 12);
    // The backlog is now 3 requests' worth (the queue limit): refused, and refusing takes no capacity.
    expect(region.enter(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(region.enter(0.1)).toBeCloseTo(0.3, 12);
    // Once the server catches up, requests go straight through again.
    expect(region.enter(1)).toBe(1);
  });

  it("Consumption-like regions (no unit limit) never queue", () => {
    const region = new GatewayRegion(
      settings({ capacityPerSecond: Number.POSITIVE_INFINITY }),
      [pool()],
      new OutageSchedule([]),
      () => 0,
    );
    for (let i = 0; i < 100; i++) expect(region.enter(5)).toBe(5);
  });

  it("hands each request to one of its instances: the spread stream's draw picks it, one instance never draws", () => {
    const draws = [0, 0.49, 0.5, 0.99, 0.999999, 1];
    let k = 0;
    const spread = () => draws[k++];
    const two = new GatewayRegion(settings(), [pool(), pool()], new OutageSchedule([]), spread);
    // [0, 1/2) is the first instance, [1/2, 1) the second; a generator returning exactly 1 still picks the last.
    expect(draws.map(() => two.route())).toEqual([0, 0, 1, 1, 1, 1]);
    const one = new GatewayRegion(settings(), [pool()], new OutageSchedule([]), () => {
      throw new Error("a region with one instance draws nothing");
    });
    expect(one.route()).toBe(0);
    expect(() => new GatewayRegion(settings(), [], new OutageSchedule([]), spread)).toThrow(RangeError);
  });

  it("forward-request answers 504 only when the backend is slower than its timeout", () => {
    const region = new GatewayRegion(
      settings({ forwardTimeout: 120 }),
      [pool()],
      new OutageSchedule([]),
      () => 0,
    );
    expect(region.timesOut(120)).toBe(false);
    expect(region.timesOut(120.001)).toBe(true);
  });
});

describe("the routing-policy registry", () => {
  it("lists backend-pool first (the default) and builds every policy for a pool", () => {
    expect(ROUTING_POLICY_NAMES[0]).toBe("backend-pool");
    for (const name of ROUTING_POLICY_NAMES) {
      const policy = ROUTING_POLICIES[name].create(
        {
          backends: [
            { priority: 1, weight: 1 },
            { priority: 2, weight: 1 },
          ],
          circuitBreaker: null,
          retry: null,
        },
        () => 0.5,
      );
      expect(policy.select(0)).toBe(0);
      expect(policy.topPriority).toBe(1);
    }
  });

  it("smart-lb refuses a circuit breaker and <retry> (it has its own)", () => {
    const refused = ROUTING_POLICIES["smart-lb"].check({
      backends: [{ priority: 1, weight: 1 }],
      circuitBreaker: {
        failureCondition: { count: 1, interval: 60, statusCodeRanges: [{ min: 429, max: 429 }] },
        tripDuration: 60,
        acceptRetryAfter: false,
      },
      retry: { count: 1, interval: 0, firstFastRetry: false, on: [429] },
    });
    expect(refused.map((r) => r.key)).toEqual(["circuitBreaker", "retry"]);
  });
});
