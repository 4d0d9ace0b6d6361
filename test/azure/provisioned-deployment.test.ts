import { describe, expect, it } from "vitest";
import { UtilizationBucket } from "../../src/azure/provisioned-deployment.js";

// 100 PTU of gpt-4.1: 100 x 3,000 = 300,000 normalized tokens per minute = 5,000 per second.
const CAPACITY = 300_000;

describe("provisioned utilization bucket [S1]", () => {
  it("admits while utilization is at most 100% and rejects once above it", () => {
    const b = new UtilizationBucket(CAPACITY, 60, 0, 0);
    expect(b.tryAdmit(0, 200_000)).toBe(-1); // 67%
    expect(b.tryAdmit(0, 200_000)).toBe(-1); // was 67% at admission: admitted, now 133%
    expect(b.utilization(0)).toBeCloseTo(400_000 / 300_000, 12);
    expect(b.tryAdmit(0, 1)).toBeGreaterThan(0); // above 100%: 429
  });

  it("puts retry-after-ms at the time until utilization is back to 100% (the drain time)", () => {
    const b = new UtilizationBucket(CAPACITY, 60, 0, 0);
    b.tryAdmit(0, 350_000); // 116.7%
    const retryAfter = b.tryAdmit(0, 1000);
    // 50,000 tokens over 100% at 5,000 tokens/s = 10 s.
    expect(retryAfter).toBeCloseTo(10, 9);
    // Just before that the bucket still rejects; at that time it admits again.
    expect(b.tryAdmit(9.999, 1000)).toBeGreaterThan(0);
    expect(b.tryAdmit(10, 1000)).toBe(-1);
  });

  it("drains continuously at capacity per minute and never below empty", () => {
    const b = new UtilizationBucket(CAPACITY, 60, 0, 0);
    b.tryAdmit(0, 150_000);
    expect(b.levelAt(12)).toBeCloseTo(150_000 - 12 * 5000, 6);
    expect(b.levelAt(600)).toBe(0);
  });

  it("charges the estimate at admission and corrects it to the actual completion", () => {
    // prompt 1000 (200 cached), max_tokens 500, output weight 4, actual completion 120.
    const b = new UtilizationBucket(CAPACITY, 60, 0, 0);
    const estimate = 1000 - 200 + 4 * 500;
    b.tryAdmit(0, estimate);
    expect(b.levelAt(0)).toBe(2800);
    b.settle(0, 4 * (120 - 500));
    expect(b.levelAt(0)).toBe(1000 - 200 + 4 * 120);
  });

  it("allows the configured burst above 100% before rejecting", () => {
    const strict = new UtilizationBucket(CAPACITY, 60, 0, 0);
    const bursty = new UtilizationBucket(CAPACITY, 60, 0.1, 0);
    for (const b of [strict, bursty]) b.tryAdmit(0, 315_000); // 105%
    expect(strict.tryAdmit(0, 1)).toBeGreaterThan(0);
    expect(bursty.tryAdmit(0, 1)).toBe(-1);
  });

  it("scales its depth with the window", () => {
    const short = new UtilizationBucket(CAPACITY, 10, 0, 0);
    expect(short.depth).toBe(50_000);
    short.tryAdmit(0, 60_000);
    expect(short.tryAdmit(0, 1)).toBeCloseTo(2, 9); // 10,000 over depth at 5,000/s
  });
});

describe("the provisioned deployment model", () => {
  it("charges uncached prompt + outputWeight x max_tokens, corrects at completion, and refuses long prompts", async () => {
    const { ProvisionedModel } = await import("../../src/azure/provisioned-deployment.js");
    // 10 normalized tokens/s, a 60 s bucket of 600.
    const m = new ProvisionedModel(600, 4, 2000, 60, 0, 0);
    expect(m.admit(0, 1000, 200, 100)).toBe(200);
    expect(m.charged).toBe(800 + 400);
    // The bucket is above 100 %: 429 until it drains back to 600, (1200 - 600) / 10 = 60 s.
    expect(m.admit(0, 10, 0, 10)).toBe(429);
    expect(m.retryAfter).toBeCloseTo(60, 9);
    // 40 of the 100 max_tokens were generated: 60 x 4 given back.
    expect(m.settle(0, 40, 100)).toBe(-240);
    expect(m.bucket.levelAt(0)).toBe(960);
    expect(m.admit(0, 2001, 0, 1)).toBe(400);
  });
});
