import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../src/engine/rng.js";
import { NO_BACKEND } from "../../src/gateway/routing-policy.js";
import { SMART_LB_DEFAULT_THROTTLE_SECONDS, SmartLoadBalancer } from "../../src/gateway/smart-lb.js";

/** A uniform generator that replays `draws` in order, so a test can say which tie-break it expects. */
const scripted = (draws: number[]) => {
  let i = 0;
  return () => {
    if (i >= draws.length) throw new Error("scripted uniform exhausted");
    return draws[i++];
  };
};

/** A generator that must not be consulted: a single best candidate needs no draw. */
const noDraw = () => {
  throw new Error("uniform drawn without a tie");
};

const lb = (priorities: number[], uniform: () => number = noDraw) =>
  new SmartLoadBalancer(
    priorities.map((priority) => ({ priority })),
    uniform,
  );

describe("smart load balancing policy (openai-apim-lb)", () => {
  it("sends everything to the lowest priority number while it is not throttling", () => {
    const policy = lb([3, 1, 2]);
    expect(Array.from({ length: 5 }, () => policy.select(0))).toEqual([1, 1, 1, 1, 1]);
    expect(policy.topPriority).toBe(1);
    expect(policy.priorityOf(0)).toBe(3);
  });

  it("picks among equal best priorities by the uniform draw (Random.Next over the tied list)", () => {
    // Backends 0, 2 and 3 tie at priority 1; draws map to floor(u * 3) over [0, 2, 3].
    const policy = lb([1, 2, 1, 1], scripted([0, 0.34, 0.67, 0.99, 0.33]));
    expect(Array.from({ length: 5 }, () => policy.select(0))).toEqual([0, 2, 3, 3, 0]);
  });

  it("splits traffic about evenly among equal best priorities over many seeded draws", () => {
    const policy = lb([1, 1, 2], new RandomStreams(7).stream("smart-lb-test").uniform);
    const counts = [0, 0, 0];
    const n = 20_000;
    for (let k = 0; k < n; k++) counts[policy.select(0)]++;
    expect(counts[2]).toBe(0);
    // Binomial(20000, 0.5) has sd ≈ 71; 3% is over 8 sd, so this only fails if the pick is biased.
    expect(Math.abs(counts[0] / n - 0.5)).toBeLessThan(0.03);
  });

  it("marks a backend throttling for its Retry-After on a 429 and moves traffic to the next priority", () => {
    const policy = lb([1, 2]);
    expect(policy.select(100)).toBe(0);
    expect(policy.onResponse(0, 100, 429, 30)).toBe(true);
    expect(policy.isThrottling(0, 100)).toBe(true);
    expect(policy.select(100)).toBe(1);
    expect(policy.select(129.9)).toBe(1);
  });

  it("heals a backend at exactly its retryAfter time", () => {
    const policy = lb([1, 2]);
    policy.onResponse(0, 100, 429, 30);
    expect(policy.select(129.999)).toBe(1);
    expect(policy.select(130)).toBe(0);
    expect(policy.isThrottling(0, 130)).toBe(false);
  });

  it("marks for the 10 s default when the 429 carries no Retry-After", () => {
    expect(SMART_LB_DEFAULT_THROTTLE_SECONDS).toBe(10);
    const policy = lb([1, 2]);
    policy.onResponse(0, 50, 429);
    expect(policy.select(59.999)).toBe(1);
    expect(policy.select(60)).toBe(0);
  });

  it("marks on 5xx as on 429, but not on other 4xx or successes", () => {
    const policy = lb([1, 2, 3, 4]);
    expect(policy.onResponse(0, 0, 500)).toBe(true);
    expect(policy.onResponse(1, 0, 503, 5)).toBe(true);
    expect(policy.select(0)).toBe(2);
    expect(policy.onResponse(2, 0, 400)).toBe(false);
    expect(policy.onResponse(2, 0, 408)).toBe(false);
    expect(policy.onResponse(2, 0, 200)).toBe(false);
    expect(policy.select(0)).toBe(2);
  });

  it("sends to the first configured backend (never NO_BACKEND) when every backend is throttling", () => {
    const policy = lb([2, 1]);
    policy.onResponse(1, 0, 429, 20);
    policy.onResponse(0, 0, 429, 20);
    expect(policy.select(5)).toBe(0);
    expect(policy.select(5)).not.toBe(NO_BACKEND);
  });

  it("retries at once after a 429 while some backend is still not throttling", () => {
    const policy = lb([1, 2]);
    policy.onResponse(0, 0, 429, 10);
    expect(policy.retryDelay(429, 0, 0)).toBe(0);
    expect(policy.retryDelay(502, 3, 0)).toBe(0);
  });

  it("gives up when every backend is throttling, until one heals", () => {
    const policy = lb([1, 2]);
    policy.onResponse(0, 0, 429, 10);
    policy.onResponse(1, 0, 429, 20);
    expect(policy.retryDelay(429, 1, 5)).toBeNull();
    expect(policy.retryDelay(429, 1, 10)).toBe(0);
  });

  it("gives up after 50 retries even with healthy backends left", () => {
    const policy = lb([1, 1, 1]);
    expect(policy.retryDelay(429, 49, 0)).toBe(0);
    expect(policy.retryDelay(429, 50, 0)).toBeNull();
  });

  it("does not retry a 400: only 429 and 5xx are in the retry condition", () => {
    const policy = lb([1, 2]);
    expect(policy.retryDelay(400, 0, 0)).toBeNull();
  });
});
