/**
 * Service times and the load assumptions of src/azure/latency.ts: generation scaled by the provisioned slowdown, the
 * utilization a call found, and a run's consumption extrapolated to a month against the usage tier [S7u].
 */
import { describe, expect, it } from "vitest";
import { type LatencyParams, sampleServiceTime, UsageMeter, usageTierOf } from "../../src/azure/latency.js";
import { ProvisionedModel } from "../../src/azure/provisioned-deployment.js";
import { RandomStreams } from "../../src/engine/rng.js";

const params: LatencyParams = {
  ttft: 0.5,
  ttftPer1kPromptTokens: 0.1,
  tokensPerSecond: 50,
  jitter: 0.3,
  loadSlowdown: 0,
  overTier: 1,
  usageTier: null,
};

describe("service time", () => {
  it("draws the same times with slowdown 1 as without one (the knobs off change nothing)", () => {
    const a = new RandomStreams(7).stream("x");
    const b = new RandomStreams(7).stream("x");
    const outA = { ttft: 0, total: 0 };
    const outB = { ttft: 0, total: 0 };
    for (let i = 0; i < 1000; i++) {
      sampleServiceTime(params, 1000 + i, 100 + i, a, outA);
      sampleServiceTime(params, 1000 + i, 100 + i, b, outB, 1);
      expect(outB).toEqual(outA);
    }
  });

  it("scales the generation time by the slowdown and leaves the time to first token alone", () => {
    const out = { ttft: 0, total: 0 };
    const still = { ...params, jitter: 0 };
    const rng = new RandomStreams(1).stream("x");
    sampleServiceTime(still, 2000, 100, rng, out, 1.25);
    expect(out.ttft).toBeCloseTo(0.5 + 0.2, 12);
    expect(out.total - out.ttft).toBeCloseTo((100 / 50) * 1.25, 12);
  });
});

describe("utilization a provisioned call found", () => {
  it("is the bucket level before the call's own estimate, over the depth", () => {
    // 15 PTU x 3,000 = 45,000 normalized tokens a minute; a 60 s window holds 45,000.
    const m = new ProvisionedModel(45_000, 4, null, 60, 0, 0);
    expect(m.admit(0, 18_000, 0, 0)).toBe(200);
    expect(m.admittedUtilization).toBe(0);
    expect(m.admit(0, 1000, 0, 100)).toBe(200); // found 18,000 of 45,000
    expect(m.admittedUtilization).toBeCloseTo(0.4, 12);
    // 24 s later 24 x 750 = 18,000 have drained: it finds 1,400 of 45,000.
    expect(m.admit(24, 1000, 0, 100)).toBe(200);
    expect(m.admittedUtilization).toBeCloseTo(1400 / 45_000, 12);
  });
});

describe("usage tier [S7u]", () => {
  it("has the published monthly tiers of the catalog's models and none for others", () => {
    expect(usageTierOf("gpt-4.1")).toBe(30e9);
    expect(usageTierOf("gpt-4o")).toBe(12e9);
    expect(usageTierOf("my-model")).toBeNull();
    expect(usageTierOf("__proto__")).toBeNull();
  });

  it("extrapolates the tokens since the first call to a 730-hour month, from at least one minute", () => {
    const meter = new UsageMeter();
    const month = 730 * 3600;
    // One call alone counts as a minute's traffic, not a second's.
    expect(meter.add(-120, 1000)).toBeCloseTo((1000 / 60) * month, 3);
    expect(meter.add(-100, 1000)).toBeCloseTo((2000 / 60) * month, 3);
    // Two minutes after the first call: 3,000 tokens over 120 s.
    expect(meter.add(0, 1000)).toBeCloseTo((3000 / 120) * month, 3);
  });
});
