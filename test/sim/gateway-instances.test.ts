/**
 * Gateway state per instance (`gateways[].stateScope`): each APIM unit keeps its own breakers and policy state, and a
 * region's requests are spread over its units; `stateScope: region` keeps one shared state per region.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { NetworkModel } from "../../src/azure/network.js";
import { RandomStreams } from "../../src/engine/rng.js";
import { RunRecorder } from "../../src/metrics/recorder.js";
import type { Report } from "../../src/report/report-types.js";
import { runScenario } from "../../src/run/run-scenario.js";
import { loadScenario } from "../../src/scenario/load.js";
import type { ResolvedScenario } from "../../src/scenario/resolve.js";
import { buildWorld } from "../../src/sim/world.js";
import { conservationHolds, load, run } from "../helpers.js";

/**
 * Two backends of one priority that answer every call with a 429 for the whole run (deployment outages with status
 * 429), one request a second, no retries anywhere; with `count`, a breaker that trips after `count` 429s and stays
 * open longer than the run. Each answer is back long before the next arrival, so every breaker counts exactly the
 * 429s its instance saw.
 */
const estate = (o: { units: number; scope?: string; policy?: string; count?: number }) => `
name: instances
seed: 11
duration: 2m
warmup: 0s
accounts:
  - name: a
    region: eastus
    deployments:
      - { name: x, model: gpt-4.1, sku: GlobalStandard, capacity: 1000 }
      - { name: y, model: gpt-4.1, sku: GlobalStandard, capacity: 1000 }
gateways:
  - name: apim
    tier: Premium
    units: ${o.units}
${o.scope === undefined ? "" : `    stateScope: ${o.scope}`}
    policy: ${o.policy ?? "backend-pool"}
    backends: [{ deployment: a/x }, { deployment: a/y }]
${
  o.count === undefined
    ? ""
    : `    circuitBreaker:
      failureCondition: { count: ${o.count}, interval: PT1H, statusCodeRanges: [{ min: 429, max: 429 }] }
      tripDuration: PT1H
      acceptRetryAfter: false`
}
outages:
  - { deployment: a/x, status: 429, start: 0s, duration: 1h }
  - { deployment: a/y, status: 429, start: 0s, duration: 1h }
traffic:
  - { name: w, via: apim, arrival: { type: constant, rate: 1/s }, promptTokens: 100, completionTokens: 10, maxTokens: 10, client: { maxRetries: 0 } }
`;

describe("gateway state per instance", () => {
  it("each instance must see its own 429s before its breakers trip: `units` times the trips and 429s of one shared state", () => {
    for (const count of [1, 3]) {
      const shared = run(estate({ units: 2, scope: "region", count }));
      const perUnit = run(estate({ units: 2, scope: "instance", count }));
      const three = run(estate({ units: 3, count })); // the default scope is instance
      // One shared state: the pool alternates x and y, so `count` 429s from each reach callers, then both breakers
      // have tripped for good and the pool answers 503.
      expect(shared.gateways.apim.circuitBreakerTrips).toEqual({ "a/x": 1, "a/y": 1 });
      expect(shared.requests.throttled).toBe(2 * count);
      // Per instance: every unit lets its own `count` 429s from each backend through before its own breakers trip
      // (each unit gets far more than 2 x count of the 120 attempts).
      expect(perUnit.gateways.apim.circuitBreakerTrips).toEqual({ "a/x": 2, "a/y": 2 });
      expect(perUnit.gateways.apim.regions.eastus.circuitBreakerTrips).toEqual({ "a/x": 2, "a/y": 2 });
      expect(perUnit.requests.throttled).toBe(2 * 2 * count);
      expect(three.gateways.apim.circuitBreakerTrips).toEqual({ "a/x": 3, "a/y": 3 });
      expect(three.requests.throttled).toBe(3 * 2 * count);
      // Everything after the last trip is the gateway's own 503.
      for (const r of [shared, perUnit, three]) {
        expect(r.gateways.apim.rejected).toBe(r.requests.arrived - r.requests.throttled);
        expect(conservationHolds(r)).toBe(true);
      }
    }
  });

  it("with one unit, stateScope instance and region run identically (the shipped smart-lb vs backend-pool example)", () => {
    const file = "scenarios/smart-lb-vs-backend-pool.yaml";
    const report = (scope: string, units: number) => {
      const sets = ["pool", "smartlb"].flatMap((g) => [
        `gateways.${g}.stateScope=${scope}`,
        `gateways.${g}.units=${units}`,
      ]);
      const r = runScenario(loadScenario(readFileSync(file, "utf8"), file, { sets })).report;
      // The scenario's hash differs with its text; everything the run computed must not.
      return JSON.stringify({ ...r, scenario: { ...r.scenario, hash: "", validated: undefined } });
    };
    expect(report("instance", 1)).toBe(report("region", 1));
    // The same example with two units: each unit learns on its own, so breakers trip and smart-lb marks more often.
    const trips = (scope: string) => {
      const r = JSON.parse(report(scope, 2)) as Report;
      return [
        r.gateways.pool.circuitBreakerTrips["pool-ptu/gpt41"],
        r.gateways.smartlb.circuitBreakerTrips["smartlb-ptu/gpt41"],
      ];
    };
    const [poolShared, smartShared] = trips("region");
    const [poolPerUnit, smartPerUnit] = trips("instance");
    expect(poolPerUnit).toBeGreaterThan(poolShared);
    expect(smartPerUnit).toBeGreaterThan(smartShared);
  });
});

/** A resolved scenario's world, built as a run builds it. */
function world(s: ResolvedScenario) {
  const recorder = new RunRecorder(
    s.duration,
    s.deployments.length,
    s.gateways.map((g) => g.regions),
  );
  const network = new NetworkModel(s.network.sameRegion, s.network.interRegion, s.network.pairs);
  return buildWorld(
    s,
    new RandomStreams(s.seed),
    network,
    recorder.aggregates.deployments,
    recorder.aggregates.gateways,
  );
}

describe("the world's gateway instances", () => {
  /** The one region of the smart-lb estate's gateway, as its instances. */
  const smartLb = (units: number, scope?: string) =>
    world(load(estate({ units, scope, policy: "smart-lb" }))).gateways[0].regions[0];
  /** The first 64 picks of each instance of the gateway's one region (smart-lb: each a draw among two ties). */
  const picks = (units: number, scope: string): number[][] =>
    smartLb(units, scope).instances.map((gr) => Array.from({ length: 64 }, () => gr.policy.select(0)));

  it("a region has one policy instance per unit with stateScope instance, one with region", () => {
    const regions = world(load(estate({ units: 3, scope: "instance", policy: "smart-lb" }))).gateways[0]
      .regions;
    expect(regions).toHaveLength(1);
    const instances = regions[0].instances;
    expect(instances.map((gr) => gr.instance)).toEqual([0, 1, 2]);
    expect(new Set(instances.map((gr) => gr.policy)).size).toBe(3);
    // They share the region: one state machine (capacity queue, outages) and one set of aggregates.
    expect(new Set(instances.map((gr) => gr.state)).size).toBe(1);
    expect(new Set(instances.map((gr) => gr.stats)).size).toBe(1);
    expect(regions[0]).toBe(instances[0]);
    expect(smartLb(3, "region").instances).toHaveLength(1);
  });

  it("smart-lb streams are independent per instance, and adding a unit leaves the others' numbers alone", () => {
    const [one] = picks(1, "instance");
    const two = picks(2, "instance");
    const three = picks(3, "instance");
    // Random tie-breaks, not a fixed order: both backends come up.
    expect(new Set(one)).toEqual(new Set([0, 1]));
    // Each instance its own stream: the sequences differ.
    expect(two[1]).not.toEqual(two[0]);
    expect(three[2]).not.toEqual(three[0]);
    expect(three[2]).not.toEqual(three[1]);
    // Named after the instance's index: unit 0 draws what a one-unit region draws, unit 1 the same with 2 or 3 units.
    expect(two[0]).toEqual(one);
    expect(three[0]).toEqual(one);
    expect(three[1]).toEqual(two[1]);
    // stateScope region: one state, the same stream as a one-unit region, however many units.
    expect(picks(3, "region")).toEqual([one]);
  });

  it("spreads a region's requests evenly over its instances, from the region's own seeded stream", () => {
    const route = (units: number, n: number) => {
      const state = smartLb(units).state;
      return Array.from({ length: n }, () => state.route());
    };
    const order = route(2, 2000);
    // Binomial(2000, 1/2): mean 1000, sd ~22; ±100 is more than 4 sd.
    const onFirst = order.filter((i) => i === 0).length;
    expect(onFirst).toBeGreaterThan(900);
    expect(onFirst).toBeLessThan(1100);
    // Not round-robin: consecutive requests sometimes meet the same instance.
    expect(order.some((i, k) => k > 0 && i === order[k - 1])).toBe(true);
    // Same seed, same spread.
    expect(route(2, 2000)).toEqual(order);
    const three = route(3, 3000);
    for (const i of [0, 1, 2]) {
      const share = three.filter((x) => x === i).length;
      expect(share).toBeGreaterThan(880);
      expect(share).toBeLessThan(1120);
    }
  });
});
