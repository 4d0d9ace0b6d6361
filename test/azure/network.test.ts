/** The network model: same region, a scenario's pairs, Microsoft's published round trips, then the default. */
import { describe, expect, it } from "vitest";
import { DEFAULT_INTER_REGION, DEFAULT_SAME_REGION, NetworkModel } from "../../src/azure/network.js";
import { run } from "../helpers.js";

describe("NetworkModel", () => {
  it("takes a published pair from the latency statistics, in either order", () => {
    const network = new NetworkModel();
    // [S61]: East US -> West Europe 83 ms, West Europe -> East US 85 ms.
    expect(network.roundTrip("eastus", "westeurope")).toBeCloseTo(0.084, 9);
    expect(network.roundTrip("westeurope", "eastus")).toBeCloseTo(0.084, 9);
    // Japan East <-> Australia East: 103 and 104 ms.
    expect(network.roundTrip("japaneast", "australiaeast")).toBeCloseTo(0.1035, 9);
  });

  it("uses the same-region figure within a region and the default for a pair no table covers", () => {
    const network = new NetworkModel();
    expect(network.roundTrip("eastus", "eastus")).toBe(DEFAULT_SAME_REGION);
    expect(network.roundTrip("chilecentral", "eastus")).toBe(DEFAULT_INTER_REGION);
    const stated = new NetworkModel(0.001, 0.15);
    expect(stated.roundTrip("swedencentral", "swedencentral")).toBe(0.001);
    expect(stated.roundTrip("eastus", "chilecentral")).toBe(0.15);
    expect(stated.roundTrip("eastus", "westeurope")).toBeCloseTo(0.084, 9);
  });

  it("lets a scenario's pair, written in either order, override the published figure", () => {
    const network = new NetworkModel(0.002, 0.08, { "westeurope~eastus": 0.12, "chilecentral~eastus": 0.14 });
    expect(network.roundTrip("eastus", "westeurope")).toBe(0.12);
    expect(network.roundTrip("eastus", "chilecentral")).toBe(0.14);
    expect(network.roundTrip("eastus", "eastus2")).toBeCloseTo(0.0085, 9);
  });
});

describe("round trips in a run", () => {
  /** One direct caller in `caller`, its deployment in eastus (no jitter): the round trip adds to every answer. */
  const direct = (caller: string, extra = "") => `name: rtt
duration: 2m
accounts:
  - name: a
    region: eastus
    deployments: [{ name: d, model: gpt-4.1, sku: GlobalProvisionedManaged, capacity: 100, latency: { jitter: 0 } }]
traffic:
  - { name: w, region: ${caller}, via: a/d, arrival: { type: constant, rate: 1/s }, promptTokens: 100, completionTokens: 10, maxTokens: 20 }
${extra}`;

  it("adds the published round trip to a caller in another region, and the default (with a warning) where none is", () => {
    const home = run(direct("eastus"));
    const sweden = run(direct("swedencentral"));
    const chile = run(direct("chilecentral"));
    // Latency is in ms in report.json: 100 ms for East US <-> Sweden Central, 80 ms by default, 2 ms at home.
    expect(sweden.latency.e2e.p50 - home.latency.e2e.p50).toBeCloseTo(100 - 2, 6);
    expect(chile.latency.e2e.p50 - home.latency.e2e.p50).toBeCloseTo(80 - 2, 6);
    expect(sweden.warnings.map((w) => w.code)).not.toContain("network-default");
    expect(chile.warnings.filter((w) => w.code === "network-default").map((w) => w.message)).toEqual([
      "no round trip is known between chilecentral and eastus: the assumed inter-region default (80 ms) applies; " +
        'set network.latency.pairs "chilecentral~eastus" (or network.latency.interRegion)',
    ]);
  });
});
