import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LogHistogram } from "../../src/metrics/log-histogram.js";

/** Exact nearest-rank quantile. */
function exact(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}

describe("LogHistogram", () => {
  it("gives every quantile within 0.1% of the exact nearest-rank value (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 1e7, noNaN: true }), { minLength: 1, maxLength: 500 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (values, q) => {
          const h = new LogHistogram(0.001);
          for (const v of values) h.record(v);
          const e = exact(values, q);
          expect(Math.abs(h.quantile(q) - e) / e).toBeLessThanOrEqual(0.001 + 1e-12);
        },
      ),
    );
  });

  it("keeps mean and max exact and reports zeros when empty", () => {
    const h = new LogHistogram();
    expect(h.summary()).toEqual({ mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0 });
    for (const v of [10, 20, 30, 40]) h.record(v);
    expect(h.summary().mean).toBe(25);
    expect(h.summary().max).toBe(40);
  });
});

describe("adding histograms", () => {
  it("gives the histogram of both sets of values, quantiles included", async () => {
    const { LogHistogram } = await import("../../src/metrics/log-histogram.js");
    const a = new LogHistogram();
    const b = new LogHistogram();
    const both = new LogHistogram();
    for (let i = 1; i <= 500; i++) {
      a.record(i * 3.7);
      both.record(i * 3.7);
    }
    for (let i = 1; i <= 300; i++) {
      b.record(i * 11.3);
      both.record(i * 11.3);
    }
    b.record(0);
    both.record(0);
    expect(a.plus(b).summary()).toEqual(both.summary());
    expect(() => a.plus(new LogHistogram(0.01))).toThrow(/different resolution/);
  });
});
