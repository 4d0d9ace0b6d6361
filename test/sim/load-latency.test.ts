/**
 * The load assumptions of src/azure/latency.ts on whole runs: a saturated provisioned deployment generates
 * 1 + loadSlowdown x utilization times slower, a standard deployment above its model's usage tier answers `overTier`
 * times slower [S7u], and with the knobs at their defaults nothing moves. No network delay and no jitter, so the
 * report's latencies are the service times themselves.
 */
import { describe, expect, it } from "vitest";
import type { Report } from "../../src/report/report-types.js";
import { ScenarioError } from "../../src/scenario/problems.js";
import { load, run } from "../helpers.js";

const SKUS = {
  ptu: "sku: GlobalProvisionedManaged, capacity: 15",
  paygo: "sku: GlobalStandard, capacity: 10000",
};

/** One gpt-4.1 deployment called directly at `rate`: 1,000 prompt and 100 completion tokens, max_tokens 100. */
const scenario = (deployment: keyof typeof SKUS, rate: string, latency = "jitter: 0") => `
name: load-latency
seed: 5
duration: 20m
warmup: 2m
network: { latency: { sameRegion: 0 } }
accounts:
  - name: a
    region: eastus
    deployments:
      - { name: ${deployment}, model: gpt-4.1, ${SKUS[deployment]}, latency: { ${latency} } }
traffic:
  - name: w
    via: a/${deployment}
    arrival: { type: poisson, rate: ${rate} }
    promptTokens: 1000
    completionTokens: 100
    maxTokens: 100
    client: { maxRetries: 0 }
`;
const ptu = (rate: string, latency?: string) => scenario("ptu", rate, latency);
const paygo = (rate: string, latency?: string) => scenario("paygo", rate, latency);

/** Mean generation time of the successes, s: mean time to last token less mean time to first. */
const generation = (r: Report) => (r.latency.e2e.mean - r.latency.ttft.mean) / 1000;

describe("provisioned generation slows with utilization (provisioned.latency.loadSlowdown)", () => {
  // gpt-4.1: 95.9 tokens/s (catalog), 15 PTU x 3,000 = 45,000 normalized tokens a minute, 1,400 per request.
  const idle = 100 / 95.9;

  it("generates 1 + k x u times slower on a saturated deployment, which finds it just under 100 % full", () => {
    const off = run(ptu("10/s"));
    const on = run(ptu("10/s"), ["accounts.a.deployments.ptu.latency.loadSlowdown=0.25"]);
    expect(off.deployments["a/ptu"].utilization.mean).toBeGreaterThan(0.99);
    expect(generation(off)).toBeCloseTo(idle, 6);
    // Saturated with no burst allowance: an admitted call found the bucket at most full, and at 10 arrivals a second
    // within one arrival's drain (75 of 45,000) of full.
    const ratio = generation(on) / generation(off);
    expect(ratio).toBeLessThanOrEqual(1.25 + 1e-6);
    expect(ratio).toBeGreaterThan(1 + 0.25 * 0.99);
    // Completion = max_tokens, so settlement gives nothing back: admission, and so the served count, is unchanged.
    expect(on.deployments["a/ptu"].served).toBe(off.deployments["a/ptu"].served);
  });

  it("barely slows a deployment below capacity, whose bucket drains between calls", () => {
    // 28 requests a minute x 1,400 = 82 % of capacity: each call drains in under 2 s, so calls mostly find the bucket
    // near empty (the utilization the 429 rule reads, not the per-minute average).
    const on = run(ptu("28/min"), ["accounts.a.deployments.ptu.latency.loadSlowdown=0.25"]);
    expect(on.deployments["a/ptu"].utilization.mean).toBeGreaterThan(0.75);
    const ratio = generation(on) / idle;
    expect(ratio).toBeGreaterThan(1 + 0.25 * 0.02);
    expect(ratio).toBeLessThan(1 + 0.25 * 0.1);
  });
});

describe("standard latency above the usage tier (standard.latency.overTier) [S7u]", () => {
  // 15 requests/s x 1,100 tokens = 16,500 tokens/s: 43 billion a 730-hour month, above gpt-4.1's 30 billion.
  it("doubles at overTier 2 once the run's consumption, extrapolated to a month, is above the tier", () => {
    const off = run(paygo("15/s"));
    const on = run(paygo("15/s"), ["accounts.a.deployments.paygo.latency.overTier=2"]);
    expect(on.requests.succeeded).toBe(off.requests.succeeded);
    // The report rounds its milliseconds: equal to 2 up to that rounding.
    expect(on.latency.ttft.mean / off.latency.ttft.mean).toBeCloseTo(2, 5);
    expect(on.latency.e2e.mean / off.latency.e2e.mean).toBeCloseTo(2, 5);
    expect(on.latency.e2e.p95 / off.latency.e2e.p95).toBeCloseTo(2, 2);
    expect(on.assumptions).toContainEqual(
      expect.objectContaining({ name: "standard.latency.overTier", value: 2, isDefault: false }),
    );
  });

  it("changes nothing below the tier: 5 requests/s is 14 billion tokens a month", () => {
    const off = run(paygo("5/s"));
    const on = run(paygo("5/s"), ["accounts.a.deployments.paygo.latency.overTier=2"]);
    expect(on.latency).toEqual(off.latency);
    expect(on.requests).toEqual(off.requests);
  });

  it("compares with a scenario's own tier, e.g. lowered by the rest of the tenant's consumption", () => {
    const off = run(paygo("5/s", "jitter: 0, usageTier: 10000000000"));
    const on = run(paygo("5/s", "jitter: 0, usageTier: 10000000000, overTier: 1.5"));
    expect(on.latency.e2e.mean / off.latency.e2e.mean).toBeCloseTo(1.5, 5);
  });

  it("uses the defaults when unset, and says so in report.json", () => {
    const r = run(paygo("5/s"));
    expect(r.assumptions).toContainEqual(
      expect.objectContaining({ name: "standard.latency.overTier", value: 1, isDefault: true }),
    );
    expect(load(ptu("1/s")).deployments[0].latency.loadSlowdown).toBe(0);
  });

  it("rejects each kind's key on the other kind, naming the path", () => {
    const wrong = (yaml: string) => {
      try {
        load(yaml);
      } catch (error) {
        expect(error).toBeInstanceOf(ScenarioError);
        return (error as ScenarioError).problems.map((p) => `${p.path}: ${p.message}`);
      }
      throw new Error("expected the scenario to be invalid");
    };
    expect(wrong(paygo("5/s", "loadSlowdown: 0.25"))[0]).toMatch(
      /latency\.loadSlowdown.*applies to provisioned deployments only/,
    );
    expect(wrong(ptu("1/s", "overTier: 2"))[0]).toMatch(
      /latency\.overTier.*applies to standard deployments only/,
    );
  });
});
