import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../src/engine/rng.js";

describe("RandomStreams", () => {
  it("gives the same numbers for the same seed and name", () => {
    const a = new RandomStreams(7).stream("workload:chat");
    const b = new RandomStreams(7).stream("workload:chat");
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
  });

  it("gives independent streams per name and per seed", () => {
    const s = new RandomStreams(7);
    expect(s.stream("a").next()).not.toBe(s.stream("b").next());
    expect(new RandomStreams(8).stream("a").next()).not.toBe(s.stream("a").next());
  });

  it("draws exponentials with the requested mean and mean-1 jitter", () => {
    const r = new RandomStreams(1).stream("x");
    let exp = 0;
    let jit = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      exp += r.exponential(2);
      jit += r.jitter(0.3);
    }
    expect(exp / n).toBeCloseTo(2, 1);
    expect(jit / n).toBeCloseTo(1, 2);
  });
});
