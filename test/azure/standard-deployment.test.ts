import { describe, expect, it } from "vitest";
import { StandardRateLimiter } from "../../src/azure/standard-deployment.js";

describe("standard TPM/RPM limiter [S6]", () => {
  it("counts prompt + max_tokens per fixed minute and rejects once the limit is reached", () => {
    const l = new StandardRateLimiter(10_000, 1_000_000, 10);
    let admitted = 0;
    for (let i = 0; i < 100; i++) if (l.tryAdmit(5 + i * 0.01, 3000) < 0) admitted++;
    // 3000, 6000, 9000 are below 10,000; the fourth reaches 12,000 (admitted: the counter was below the limit).
    expect(admitted).toBe(4);
  });

  it("gives a Retry-After equal to the time until the minute resets, and resets there", () => {
    const l = new StandardRateLimiter(1000, 1_000_000, 10);
    l.tryAdmit(0, 1000);
    expect(l.tryAdmit(45, 10)).toBeCloseTo(15, 9);
    expect(l.tryAdmit(60, 10)).toBe(-1);
  });

  it("limits requests per 10 s window to RPM / 6", () => {
    const l = new StandardRateLimiter(1e12, 600, 10);
    expect(l.requestsPerWindow).toBe(100);
    let admitted = 0;
    for (let i = 0; i < 150; i++) if (l.tryAdmit(20 + i * 0.01, 1) < 0) admitted++;
    expect(admitted).toBe(100);
    expect(l.tryAdmit(25, 1)).toBeCloseTo(5, 9);
  });

  it("limits requests per 1 s window to RPM / 60 (600 RPM: more than 10 in a second get 429)", () => {
    const l = new StandardRateLimiter(1e12, 600, 1);
    let admitted = 0;
    for (let i = 0; i < 20; i++) if (l.tryAdmit(3 + i * 0.01, 1) < 0) admitted++;
    expect(admitted).toBe(10);
  });
});

describe("standard limiter counting rules", () => {
  it("counts rejected requests toward the limits (unsuccessful requests still count [S6])", () => {
    const l = new StandardRateLimiter(1000, 60, 10); // 10 requests per 10 s window
    for (let i = 0; i < 10; i++) expect(l.tryAdmit(0, 10)).toBe(-1);
    // RPM-rejected, yet each adds its 100 tokens to the minute's TPM counter.
    for (let i = 0; i < 9; i++) expect(l.tryAdmit(1, 100)).toBeGreaterThan(0);
    // New 10 s window: RPM has room, but TPM reached 1,000 during the rejections, so the minute is full.
    expect(l.tryAdmit(10, 1)).toBeCloseTo(50, 9);
  });

  it("never rounds a tiny RPM up: 5 RPM over 1 s windows admits 5 per minute, not 60", () => {
    const l = new StandardRateLimiter(1e9, 5, 1);
    let admitted = 0;
    for (let t = 0; t < 60; t += 0.5) if (l.tryAdmit(t, 1) < 0) admitted++;
    expect(admitted).toBe(5);
  });
});

describe("the standard deployment model", () => {
  it("charges prompt + max_tokens, refuses over the context window with 400 and settles nothing", async () => {
    const { StandardModel } = await import("../../src/azure/standard-deployment.js");
    const m = new StandardModel({ tpm: 10_000, rpm: 1000, rpmWindow: 10 }, 8000);
    expect(m.admit(0, 1000, 500, 300)).toBe(200);
    expect(m.charged).toBe(1300);
    expect(m.admit(0, 7000, 0, 1001)).toBe(400);
    expect(m.settle(5, 10, 300)).toBe(0);
    expect(m.capacityPerMinute).toBe(10_000);
  });
});
