/** Regions, network, gateway tiers and capacity, multi-region APIM, outages: the documented behaviours. */
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../src/scenario/load.js";
import type { ScenarioError } from "../../src/scenario/problems.js";
import { conservationHolds, run } from "../helpers.js";

const premium = (opts: {
  outage?: string;
  detection?: string;
  westCallers?: boolean;
  rate?: string;
  duration?: string;
}) => `
name: premium
seed: 3
duration: ${opts.duration ?? "20m"}
warmup: 1m
accounts:
  - name: east
    region: eastus
    deployments: [{ name: ptu, model: gpt-4.1, sku: GlobalProvisionedManaged, capacity: 30 }]
  - name: west
    region: westeurope
    deployments: [{ name: paygo, model: gpt-4.1, sku: GlobalStandard, capacity: 2000 }]
gateways:
  - name: apim
    tier: Premium
    regions: [eastus, westeurope]
    failover: { detection: ${opts.detection ?? "30s"} }
    backends:
      - { deployment: east/ptu, priority: 1 }
      - { deployment: west/paygo, priority: 2 }
    circuitBreaker:
      failureCondition: { count: 1, interval: PT1M, statusCodeRanges: [{ min: 429, max: 429 }, { min: 500, max: 599 }] }
      tripDuration: PT1M
      acceptRetryAfter: true
    retry: { count: 1, firstFastRetry: true, on: [429, 500, 503] }
${opts.outage === undefined ? "" : `outages:\n  - ${opts.outage}`}
traffic:
  - name: east-callers
    region: eastus
    via: apim
    arrival: { type: poisson, rate: ${opts.rate ?? "3/s"} }
    promptTokens: 1000
    completionTokens: 150
    maxTokens: 300
${
  opts.westCallers === true
    ? `  - name: west-callers
    region: westeurope
    via: apim
    arrival: { type: poisson, rate: ${opts.rate ?? "3/s"} }
    promptTokens: 1000
    completionTokens: 150
    maxTokens: 300`
    : ""
}
`;

describe("multi-region APIM", () => {
  it("sends callers to their nearest gateway region", () => {
    const r = run(premium({ westCallers: true }));
    const regions = r.gateways.apim.regions;
    // Each workload has its own region; each lands on its own gateway region.
    expect(regions.eastus.requests).toBeGreaterThan(0);
    expect(regions.westeurope.requests).toBeGreaterThan(0);
    expect(regions.eastus.requests + regions.westeurope.requests).toBe(r.gateways.apim.requests);
    expect(
      Math.abs(regions.eastus.requests - regions.westeurope.requests) / r.gateways.apim.requests,
    ).toBeLessThan(0.1);
  });

  it("keeps one breaker state per region: each region learns separately that the PTU throttles", () => {
    const r = run(premium({ westCallers: true }));
    const east = r.gateways.apim.regions.eastus.circuitBreakerTrips["east/ptu"];
    const west = r.gateways.apim.regions.westeurope.circuitBreakerTrips["east/ptu"];
    expect(east).toBeGreaterThan(0);
    expect(west).toBeGreaterThan(0);
    expect(east + west).toBe(r.gateways.apim.circuitBreakerTrips["east/ptu"]);
    // Every trip was paid for with a 429 seen by that region.
    expect(r.deployments["east/ptu"].throttled).toBeGreaterThanOrEqual(east + west);
  });

  it("fails callers over to the next region after the detection delay of a gateway-region outage", () => {
    const r = run(
      premium({ outage: "{ gateway: apim, region: eastus, start: 5m, duration: 5m }", detection: "30s" }),
    );
    const east = r.timeseries.gatewayRegions["apim/eastus"];
    const west = r.timeseries.gatewayRegions["apim/westeurope"];
    // Minute 5 still reaches eastus (the first 30 s, before detection); minutes 6-9 go to westeurope only.
    expect(east[5]).toBeGreaterThan(0);
    expect(east.slice(6, 10)).toEqual([0, 0, 0, 0]);
    expect(west.slice(6, 10).every((n) => n > 100)).toBe(true);
    // And back to eastus once the recovery is noticed.
    expect(east[11]).toBeGreaterThan(100);
    expect(r.gateways.apim.regions.eastus.failedByOutage).toBeGreaterThan(0);
    expect(conservationHolds(r)).toBe(true);
  });

  it("rides out a regional outage with under 1% of requests failed over an hour", () => {
    const r = run(premium({ outage: "{ region: eastus, start: 5m, duration: 10m }", duration: "1h" }));
    expect(r.requests.arrived).toBeGreaterThan(10000);
    expect(r.requests.failed / r.requests.arrived).toBeLessThan(0.01);
    expect(r.requests.failed).toBeGreaterThan(0); // the detection window is not free
    expect(r.deployments["east/ptu"].errored).toBeGreaterThan(0);
    expect(r.timeseries.outages).toMatchObject([
      { target: "region eastus", startMs: 300000, endMs: 900000, mode: "error", errorRate: 1 },
    ]);
  });

  it("is deterministic across regions, outages and policies", () => {
    const yaml = premium({ westCallers: true, outage: "{ region: eastus, start: 5m, duration: 3m }" });
    expect(JSON.stringify(run(yaml))).toBe(JSON.stringify(run(yaml)));
  });
});

describe("gateway capacity", () => {
  const tier = (t: string, rps: number) => `
name: capacity
duration: 5m
accounts:
  - name: a
    region: eastus
    deployments: [{ name: paygo, model: gpt-4.1-nano, sku: GlobalStandard, capacity: 100000, rateLimits: { rpm: 1000000 } }]
gateways:
  - { name: apim, tier: ${t}, requestsPerSecondPerUnit: ${rps}, queueLimit: 20, backends: [{ deployment: a/paygo }] }
traffic:
  - { name: w, via: apim, arrival: { type: constant, rate: 50/s }, promptTokens: 100, completionTokens: 10, maxTokens: 10, client: { maxRetries: 0 } }
`;

  it("queues above units x requests/s and rejects with 503 beyond the queue; a roomy tier does neither", () => {
    const saturated = run(tier("Basic", 40));
    const roomy = run(tier("Basic", 1000));
    const s = saturated.gateways.apim;
    expect(s.regions.eastus.queueFull).toBeGreaterThan(0);
    expect(s.rejected).toBe(s.regions.eastus.queueFull);
    expect(saturated.requests.errored).toBe(s.rejected);
    // In the long run the gateway passes its capacity: 40/s of the 50/s offered.
    expect(saturated.requests.succeeded / 300).toBeGreaterThan(39.5);
    expect(saturated.requests.succeeded / 300).toBeLessThanOrEqual(40.1);
    // Queued requests wait at most queueLimit / capacity = 0.5 s.
    expect(s.regions.eastus.maxQueueWaitMs).toBeLessThanOrEqual(500.001);
    expect(saturated.latency.e2e.p50).toBeGreaterThan(roomy.latency.e2e.p50 + 400);
    expect(roomy.gateways.apim.rejected).toBe(0);
    expect(roomy.requests.succeeded).toBe(roomy.requests.arrived);
  });

  it("validates tiers: several regions only on Premium, units within the tier, no breaker on Consumption", () => {
    const bad = `
name: tiers
duration: 5m
accounts:
  - { name: a, region: eastus, deployments: [{ name: p, model: gpt-4.1, sku: GlobalStandard, capacity: 100 }] }
gateways:
  - { name: g1, tier: Standard, regions: [eastus, westeurope], backends: [{ deployment: a/p }] }
  - { name: g2, tier: Developer, units: 2, backends: [{ deployment: a/p }] }
  - name: g3
    tier: Consumption
    backends: [{ deployment: a/p }]
    circuitBreaker: { failureCondition: { count: 1, interval: PT1M, statusCodeRanges: [{ min: 429, max: 429 }] }, tripDuration: PT1M }
  - { name: g4, tier: Premium, policy: smart-lb, retry: { count: 1 }, backends: [{ deployment: a/p }] }
traffic:
  - { name: w, via: g1, arrival: { type: poisson, rate: 1/s }, promptTokens: 10, completionTokens: 10 }
`;
    let problems: readonly { path: string; message: string }[] = [];
    try {
      loadScenario(bad, "tiers.yaml");
    } catch (error) {
      problems = (error as ScenarioError).problems;
    }
    expect(problems.map((p) => p.path)).toEqual([
      "gateways[0].regions",
      "gateways[1].units",
      "gateways[2].circuitBreaker",
      "gateways[3].retry",
    ]);
    expect(problems[0].message).toMatch(/only Premium/);
    expect(problems[1].message).toMatch(/at most 1 unit/);
    expect(problems[2].message).toMatch(/no backend circuit breaker/);
    expect(problems[3].message).toMatch(/smart-lb marks throttled backends/);
  });

  it("charges gateway units per region per month", () => {
    const r = run(premium({}));
    expect(r.cost.monthly.gateway).toBeCloseTo(2 * 3000, 6);
  });
});

describe("network and outages", () => {
  const direct = (opts: { callerRegion: string; outage?: string; timeout?: string }) => `
name: direct
duration: 5m
accounts:
  - name: a
    region: eastus
    deployments: [{ name: p, model: gpt-4.1, sku: GlobalStandard, capacity: 1000, latency: { jitter: 0 } }]
${opts.outage === undefined ? "" : `outages:\n  - ${opts.outage}`}
traffic:
  - name: w
    region: ${opts.callerRegion}
    via: a/p
    arrival: { type: constant, rate: 1/s }
    promptTokens: 1000
    completionTokens: 100
    maxTokens: 100
    client: { maxRetries: 0, timeout: ${opts.timeout ?? "10m"} }
`;

  it("adds the round trip between the callers' region and the deployment's to every answer", () => {
    const near = run(direct({ callerRegion: "eastus" }));
    const far = run(direct({ callerRegion: "westeurope" }));
    // Published eastus~westeurope [S61]: 83 ms one way, 85 ms back, so 84 ms; same region 2 ms.
    expect(far.latency.e2e.p50 - near.latency.e2e.p50).toBeCloseTo(82, 3);
    expect(far.latency.ttft.p50 - near.latency.ttft.p50).toBeCloseTo(82, 3);
  });

  it("fails a share of calls (errorRate) and slows the rest (latencyFactor) during a deployment outage", () => {
    const base = run(direct({ callerRegion: "eastus" }));
    const r = run(
      direct({
        callerRegion: "eastus",
        outage: "{ deployment: a/p, start: 0s, duration: 5m, errorRate: 0.3, status: 500, latencyFactor: 2 }",
      }),
    );
    expect(r.requests.errored / r.requests.arrived).toBeGreaterThan(0.2);
    expect(r.requests.errored / r.requests.arrived).toBeLessThan(0.4);
    expect(r.latency.e2e.p50 - 2).toBeCloseTo(2 * (base.latency.e2e.p50 - 2), 3);
  });

  it("in timeout mode never answers: callers wait for their own timeout", () => {
    const r = run(
      direct({
        callerRegion: "eastus",
        timeout: "20s",
        outage: "{ region: eastus, start: 1m, duration: 2m, mode: timeout }",
      }),
    );
    expect(r.requests.timedOut).toBe(120);
    expect(conservationHolds(r)).toBe(true);
  });

  it("rejects outages of things that do not exist", () => {
    const problems = (outage: string) => {
      try {
        loadScenario(direct({ callerRegion: "eastus", outage }), "o.yaml");
      } catch (error) {
        return (error as ScenarioError).problems.map((p) => p.message);
      }
      return [];
    };
    // A real Azure region, but the scenario has nothing there.
    expect(problems("{ region: japaneast, start: 0s, duration: 1m }")[0]).toMatch(
      /nothing runs in region "japaneast"/,
    );
    // Not an Azure region at all: the region check refuses it first.
    expect(problems("{ region: mars, start: 0s, duration: 1m }")[0]).toMatch(/^unknown Azure region "mars"/);
  });
});

describe("gateway timeouts and queue edges", () => {
  it("answers 504 after forward-request's timeout when a backend never answers, so the breaker can trip", () => {
    const r = run(
      premium({
        outage: "{ deployment: east/ptu, start: 2m, duration: 10m, mode: timeout }",
        rate: "2/s",
      }).replace("failover: { detection: 30s }", "failover: { detection: 30s }\n    forwardTimeout: 20s"),
    );
    // The PTU never answers; APIM gives up after 20 s with 504, trips the breaker and serves from westeurope.
    expect(r.gateways.apim.circuitBreakerTrips["east/ptu"]).toBeGreaterThan(0);
    expect(r.deployments["west/paygo"].served).toBeGreaterThan(1000);
    expect(r.requests.timedOut).toBe(0);
    expect(r.requests.failed / r.requests.arrived).toBeLessThan(0.01);
    expect(conservationHolds(r)).toBe(true);
  });

  it("with queueLimit 0 an idle gateway region still takes requests; only a busy one refuses", () => {
    const r = run(`
name: q0
duration: 2m
accounts:
  - { name: a, region: eastus, deployments: [{ name: p, model: gpt-4.1-nano, sku: GlobalStandard, capacity: 100000 }] }
gateways:
  - { name: apim, tier: Basic, requestsPerSecondPerUnit: 10, queueLimit: 0, backends: [{ deployment: a/p }] }
traffic:
  - { name: w, via: apim, arrival: { type: poisson, rate: 5/s }, promptTokens: 100, completionTokens: 10, maxTokens: 10, client: { maxRetries: 0 } }
`);
    expect(r.requests.succeeded).toBeGreaterThan(r.requests.arrived * 0.5);
    expect(r.gateways.apim.regions.eastus.queueFull).toBeGreaterThan(0);
    expect(r.gateways.apim.regions.eastus.queued).toBe(0);
  });
});

describe("review findings, pinned", () => {
  const direct = (outages: string[]) => `
name: overlap
duration: 5m
accounts:
  - { name: a, region: eastus, deployments: [{ name: p, model: gpt-4.1, sku: GlobalStandard, capacity: 1000 }] }
outages:
${outages.map((o) => `  - ${o}`).join("\n")}
traffic:
  - { name: w, via: a/p, arrival: { type: constant, rate: 1/s }, promptTokens: 100, completionTokens: 10, maxTokens: 10, client: { maxRetries: 0 } }
`;

  it("applies every overlapping outage window, whatever their order in the file", () => {
    const partial = "{ deployment: a/p, start: 0s, duration: 5m, errorRate: 0.1 }";
    const region = "{ region: eastus, start: 1m, duration: 2m }";
    const a = run(direct([partial, region]));
    const b = run(direct([region, partial]));
    // The region outage fails all 120 requests of minutes 1-2 in both orders.
    for (const r of [a, b]) {
      expect(r.requests.errored).toBeGreaterThanOrEqual(120);
      expect(r.requests.errored).toBeLessThan(120 + 60);
    }
  });

  it("lets the breaker learn from a failure that answers after the caller gave up", () => {
    const yaml = `
name: late
duration: 10m
accounts:
  - name: a
    region: eastus
    deployments:
      - { name: dead, model: gpt-4.1, sku: GlobalStandard, capacity: 1000 }
      - { name: alive, model: gpt-4.1, sku: GlobalStandard, capacity: 1000 }
gateways:
  - name: apim
    tier: Standard
    backends: [{ deployment: a/dead, priority: 1 }, { deployment: a/alive, priority: 2 }]
    circuitBreaker:
      failureCondition: { count: 1, interval: PT1M, statusCodeRanges: [{ min: 500, max: 599 }] }
      tripDuration: PT5M
outages:
  - { deployment: a/dead, start: 0s, duration: 10m, errorDelay: 40s }
traffic:
  - { name: w, via: apim, arrival: { type: constant, rate: 1/s }, promptTokens: 100, completionTokens: 10, maxTokens: 10, client: { maxRetries: 0, timeout: 30s } }
`;
    const r = run(yaml);
    expect(r.gateways.apim.circuitBreakerTrips["a/dead"]).toBeGreaterThan(0);
    // Once the slow 500 comes back (40 s), the breaker keeps traffic on the healthy backend for 5 minutes at a time.
    expect(r.deployments["a/alive"].served).toBeGreaterThan(400);
  });

  it("adds the backend's round trip to a 429 answered through the gateway", () => {
    // Two requests (t = 0 and 1 s) through an eastus gateway to a westeurope PTU; the second gets a 429 whose
    // retry-after is 5.672 s (see the exact-retry test in analytic.test.ts). Its answer travels back over
    // westeurope -> eastus (80 ms) + overhead (5 ms) + eastus caller (2 ms) before the SDK waits and retries.
    const r = run(`
name: rtt429
duration: 2s
accounts:
  - { name: p, region: westeurope, deployments: [{ name: ptu, model: gpt-4.1, sku: GlobalProvisionedManaged, capacity: 15, latency: { jitter: 0 } }] }
gateways:
  - { name: apim, tier: Standard, regions: [eastus], overhead: 5ms, backends: [{ deployment: p/ptu }] }
traffic:
  - { name: w, region: eastus, via: apim, arrival: { type: constant, rate: 1/s }, promptTokens: 50000, completionTokens: 1, maxTokens: 1, client: { maxRetries: 1 } }
`);
    expect(r.requests.succeeded).toBe(2);
    // e2e(second) - e2e(first) = the 429's trip back (87 ms) + retry-after (5,672 ms); the success hops cancel out.
    // (p50 comes from the 0.1%-resolution histogram: within ±2 ms of the first request here.)
    expect(r.latency.e2e.max - r.latency.e2e.p50).toBeCloseTo(87 + 5672, -1);
  });

  it("fails requests queued at a gateway region when the region goes down", () => {
    const r = run(`
name: queued
duration: 3m
accounts:
  - { name: a, region: eastus, deployments: [{ name: p, model: gpt-4.1-nano, sku: GlobalStandard, capacity: 100000 }] }
gateways:
  - { name: apim, tier: Basic, requestsPerSecondPerUnit: 1, queueLimit: 50, backends: [{ deployment: a/p }] }
outages:
  - { gateway: apim, start: 60s, duration: 60s }
traffic:
  - { name: w, via: apim, arrival: { type: constant, rate: 2/s }, promptTokens: 100, completionTokens: 10, maxTokens: 10, client: { maxRetries: 0 } }
`);
    // Nothing is served during the outage minute, not even the 50 requests that queued before it.
    expect(r.timeseries.served["a/p"][1]).toBe(0);
    expect(r.gateways.apim.regions.eastus.failedByOutage).toBeGreaterThanOrEqual(120 + 50);
  });

  it("does not fail callers over for an outage shorter than the detection delay", () => {
    const r = run(
      premium({ outage: "{ gateway: apim, region: eastus, start: 5m, duration: 10s }", detection: "30s" }),
    );
    expect(r.timeseries.gatewayRegions["apim/westeurope"].every((n) => n === 0)).toBe(true);
    expect(r.gateways.apim.regions.eastus.failedByOutage).toBeGreaterThan(0);
  });

  it("keeps breaker state per region: a trip in eastus does not steer westeurope's requests", () => {
    // East callers saturate the PTU; a light stream of west callers keeps sending to it through westeurope's own
    // (mostly closed) breaker. With a shared breaker west would see the PTU as tripped most of the time.
    const yaml = premium({ westCallers: true }).replace(
      "  - name: west-callers\n    region: westeurope\n    via: apim\n    arrival: { type: poisson, rate: 3/s }",
      "  - name: west-callers\n    region: westeurope\n    via: apim\n    arrival: { type: poisson, rate: 0.05/s }",
    );
    const r = run(yaml);
    const west = r.gateways.apim.regions.westeurope;
    expect(west.requests).toBeGreaterThan(20);
    // West requests find their own breaker closed and try the PTU: whenever it is full they trip west's breaker
    // themselves. With one shared breaker, east's constant trips would keep them off the PTU (no west trips at all).
    expect(west.circuitBreakerTrips["east/ptu"] / west.requests).toBeGreaterThan(0.2);
  });

  it("smart-lb answers an all-throttled pool with the first backend's 429; the native pool with a 503", () => {
    const estate = (policy: string, extra: string) => `
name: all-throttled
duration: 5m
accounts:
  - name: a
    region: eastus
    deployments:
      - { name: ptu, model: gpt-4.1, sku: GlobalProvisionedManaged, capacity: 15 }
      - { name: paygo, model: gpt-4.1, sku: GlobalStandard, capacity: 10 }
gateways:
  - name: apim
    tier: Standard
    policy: ${policy}
    backends: [{ deployment: a/ptu, priority: 1 }, { deployment: a/paygo, priority: 2 }]
${extra}
traffic:
  - { name: w, via: apim, arrival: { type: poisson, rate: 5/s }, promptTokens: 1000, completionTokens: 100, maxTokens: 100, client: { maxRetries: 0 } }
`;
    const smart = run(estate("smart-lb", ""));
    const pool = run(
      estate(
        "backend-pool",
        "    circuitBreaker: { failureCondition: { count: 1, interval: PT1M, statusCodeRanges: [{ min: 429, max: 429 }] }, tripDuration: PT1M, acceptRetryAfter: true }\n    retry: { count: 1, firstFastRetry: true, on: [429, 503] }",
      ),
    );
    expect(smart.requests.throttled).toBeGreaterThan(0);
    expect(smart.requests.errored).toBe(0);
    expect(smart.gateways.apim.regions.eastus.poolExhausted).toBe(0);
    expect(pool.gateways.apim.regions.eastus.poolExhausted).toBeGreaterThan(0);
    expect(pool.requests.errored).toBe(pool.gateways.apim.rejected);
  });
});
