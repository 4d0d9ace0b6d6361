import { describe, expect, it } from "vitest";
import { BackendPool, POOL_EXHAUSTED } from "../../src/gateway/backend-pool.js";
import { CircuitBreaker } from "../../src/gateway/circuit-breaker.js";

const rule = (
  over: Partial<{ count: number; interval: number; tripDuration: number; acceptRetryAfter: boolean }> = {},
) => ({
  failureCondition: {
    count: over.count ?? 1,
    interval: over.interval ?? 300,
    statusCodeRanges: [
      { min: 429, max: 429 },
      { min: 500, max: 599 },
    ],
  },
  tripDuration: over.tripDuration ?? 60,
  acceptRetryAfter: over.acceptRetryAfter ?? false,
});

describe("APIM backend pool", () => {
  it("sends everything to the lowest priority number while its backends are available", () => {
    const pool = new BackendPool(
      [
        { priority: 2, weight: 1 },
        { priority: 1, weight: 1 },
      ],
      rule(),
    );
    expect(Array.from({ length: 5 }, () => pool.select(0))).toEqual([1, 1, 1, 1, 1]);
  });

  it("keeps sending to a throttling backend when there is no circuit breaker (a 429 alone moves nothing)", () => {
    const pool = new BackendPool(
      [
        { priority: 1, weight: 1 },
        { priority: 2, weight: 1 },
      ],
      null,
    );
    pool.onResponse(0, 0, 429, 5);
    expect(pool.select(0.1)).toBe(0);
  });

  it("alternates between equal weights and tracks 80/20 weights exactly over a cycle", () => {
    const even = new BackendPool(
      [
        { priority: 1, weight: 1 },
        { priority: 1, weight: 1 },
      ],
      null,
    );
    expect(Array.from({ length: 6 }, () => even.select(0))).toEqual([0, 1, 0, 1, 0, 1]);
    const skewed = new BackendPool(
      [
        { priority: 1, weight: 80 },
        { priority: 1, weight: 20 },
      ],
      null,
    );
    const picks = Array.from({ length: 100 }, () => skewed.select(0));
    expect(picks.filter((p) => p === 0).length).toBe(80);
    // Smooth: the light backend is never picked twice in a row.
    expect(picks.some((p, i) => p === 1 && picks[i + 1] === 1)).toBe(false);
  });

  it("moves to the next priority group only when every higher-priority circuit is open, and back when they close", () => {
    const pool = new BackendPool(
      [
        { priority: 1, weight: 1 },
        { priority: 1, weight: 1 },
        { priority: 2, weight: 1 },
      ],
      rule({ tripDuration: 60 }),
    );
    expect(pool.onResponse(0, 0, 429)).toBe(true);
    expect(pool.select(1)).toBe(1); // the other priority-1 backend
    pool.onResponse(1, 1, 503);
    expect(pool.select(2)).toBe(2); // both priority-1 circuits open
    expect(pool.select(61.5)).toBe(0); // backend 0 closed again at 60 s
  });

  it("returns 503 (pool exhausted) when every backend's circuit is open", () => {
    const pool = new BackendPool([{ priority: 1, weight: 1 }], rule());
    pool.onResponse(0, 0, 429);
    expect(pool.select(1)).toBe(POOL_EXHAUSTED);
  });
});

describe("APIM circuit breaker", () => {
  it("trips after `count` matching failures within `interval`, not before", () => {
    const b = new CircuitBreaker(rule({ count: 3, interval: 10 }));
    expect(b.record(0, 429)).toBe(false);
    expect(b.record(1, 500)).toBe(false);
    expect(b.record(2, 429)).toBe(true);
    expect(b.isOpen(2)).toBe(true);
  });

  it("forgets failures older than the interval", () => {
    const b = new CircuitBreaker(rule({ count: 2, interval: 10 }));
    b.record(0, 429);
    expect(b.record(11, 429)).toBe(false);
    expect(b.record(12, 429)).toBe(true);
  });

  it("ignores statuses outside its ranges", () => {
    const b = new CircuitBreaker(rule({ count: 1 }));
    expect(b.record(0, 400)).toBe(false);
    expect(b.record(0, 200)).toBe(false);
    expect(b.isOpen(0)).toBe(false);
  });

  it("honours Retry-After when acceptRetryAfter is set, else uses tripDuration, and resets after", () => {
    const honours = new CircuitBreaker(rule({ tripDuration: 60, acceptRetryAfter: true }));
    honours.record(100, 429, 7.5);
    expect(honours.isOpen(107.4)).toBe(true);
    expect(honours.isOpen(107.5)).toBe(false);
    const ignores = new CircuitBreaker(rule({ tripDuration: 60, acceptRetryAfter: false }));
    ignores.record(100, 429, 7.5);
    expect(ignores.isOpen(159)).toBe(true);
    expect(ignores.isOpen(160)).toBe(false);
  });
});
