import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type StandardLimiterRules,
  StandardModel,
  StandardRateLimiter,
} from "../../src/azure/standard-deployment.js";

/** The defaults the catalog gives (src/catalog/assumptions.ts) with the documented estimate. */
const DEFAULTS: StandardLimiterRules = {
  window: "sliding",
  admission: "fits",
  countRejected: false,
  estimate: "prompt+maxTokens",
};
/** Spillway's rule before the limiter variants: fixed windows, the last request overshoots, 429s add tokens. */
const FIXED_OVERSHOOT: StandardLimiterRules = {
  window: "fixed",
  admission: "below-limit",
  countRejected: true,
  estimate: "prompt+maxTokens",
};

/** A limiter of `rules` (RPM 1,000,000 unless given: TPM alone decides). */
function limiter(rules: Partial<StandardLimiterRules>, tpm: number, rpm = 1_000_000, rpmWindow = 10) {
  return new StandardRateLimiter(tpm, rpm, rpmWindow, { ...DEFAULTS, ...rules });
}

/**
 * Tokens admitted per 60 s over `minutes` minutes of a constant stream of `tokens`-token requests every `gap`
 * seconds, each sent once (no retries).
 */
function servedPerMinute(l: StandardRateLimiter, tokens: number, gap: number, minutes: number): number[] {
  const served = new Array<number>(minutes).fill(0);
  for (let k = 0; k * gap < minutes * 60; k++) {
    const t = k * gap;
    if (l.tryAdmit(t, tokens) < 0) served[Math.floor(t / 60)] += tokens;
  }
  return served;
}

describe("a constant stream at 1.2x the TPM limit (120 requests of 1,000 tokens a minute, limit 100,000)", () => {
  // Half-second gaps: every time is exact in binary, so each entry leaves a sliding window exactly 60 s later.
  const run = (rules: Partial<StandardLimiterRules>) =>
    servedPerMinute(limiter(rules, 100_000), 1000, 0.5, 10);

  it("is served at exactly the limit by a fixed window, counting 429s or not (the counter resets)", () => {
    expect(run({ window: "fixed", countRejected: false })).toEqual(new Array(10).fill(100_000));
    expect(run({ window: "fixed", countRejected: true })).toEqual(new Array(10).fill(100_000));
  });

  it("is served at exactly the limit by a sliding window that does not count 429s", () => {
    expect(run({ window: "sliding", countRejected: false })).toEqual(new Array(10).fill(100_000));
  });

  it("starves for good behind a sliding window that counts 429s: refusals keep the window full", () => {
    const served = run({ window: "sliding", countRejected: true });
    expect(served[0]).toBe(100_000);
    expect(served.slice(1)).toEqual(new Array(9).fill(0));
  });

  it("never has more than the limit in any 60 s with a sliding window and fits", () => {
    const l = limiter({}, 100_000);
    const admitted: number[] = [];
    for (let k = 0; k < 1200; k++) if (l.tryAdmit(k * 0.5, 1000) < 0) admitted.push(k * 0.5);
    for (const t of admitted)
      expect(admitted.filter((u) => u > t - 60 && u <= t).length).toBeLessThanOrEqual(100);
  });
});

describe("admission: the request that would cross the TPM limit", () => {
  // 3,000 tokens each against 10,000: 9,000 after three.
  it("is refused by fits, with the time until it fits as Retry-After", () => {
    const l = limiter({ admission: "fits" }, 10_000);
    expect([0, 1, 2].map((t) => l.tryAdmit(t, 3000))).toEqual([-1, -1, -1]);
    // 9,000 + 3,000 > 10,000: 2,000 must leave; the entry of t = 0 leaves at 60.
    expect(l.tryAdmit(5, 3000)).toBe(55);
    // A smaller one still fits: 9,000 + 1,000 = 10,000.
    expect(l.tryAdmit(6, 1000)).toBe(-1);
  });

  it("is admitted by below-limit, overshooting; the next waits until the count is below the limit again", () => {
    const l = limiter({ admission: "below-limit" }, 10_000);
    expect([0, 1, 2, 3].map((t) => l.tryAdmit(t, 3000))).toEqual([-1, -1, -1, -1]); // 12,000
    // Below 10,000 once the entry of t = 0 leaves (9,000): at 60.
    expect(l.tryAdmit(5, 1)).toBe(55);
  });

  it("keeps the old fixed-window rule as a variant: Retry-After until the minute resets", () => {
    const l = limiter(FIXED_OVERSHOOT, 10_000);
    let admitted = 0;
    for (let i = 0; i < 100; i++) if (l.tryAdmit(5 + i * 0.01, 3000) < 0) admitted++;
    // 3,000, 6,000, 9,000 are below 10,000; the fourth reaches 12,000 (admitted: the counter was below the limit).
    expect(admitted).toBe(4);
    expect(l.tryAdmit(45, 10)).toBeCloseTo(15, 9);
    expect(l.tryAdmit(60, 10)).toBe(-1);
  });

  it("refuses a request larger than the whole limit under fits, with a window's wait", () => {
    const sliding = limiter({ admission: "fits" }, 1000);
    expect(sliding.tryAdmit(0, 1001)).toBe(60);
    expect(sliding.tryAdmit(600, 1001)).toBe(60);
    const fixed = limiter({ window: "fixed", admission: "fits" }, 1000);
    expect(fixed.tryAdmit(45, 1001)).toBe(15);
    // below-limit admits it when the count is below the limit.
    expect(limiter({ admission: "below-limit" }, 1000).tryAdmit(0, 1001)).toBe(-1);
  });
});

describe("the RPM window follows the window rule", () => {
  // 600 RPM over 10 s windows: 100 a window. 100 requests at 5.00..5.99, then more from 10.0.
  const burst = (window: StandardLimiterRules["window"]) => {
    const l = limiter({ window }, 1e12, 600, 10);
    expect(l.requestsPerWindow).toBe(100);
    for (let i = 0; i < 100; i++) expect(l.tryAdmit(5 + i * 0.01, 1)).toBe(-1);
    return l;
  };

  it("fixed: a new window at 10 s admits at once", () => {
    expect(burst("fixed").tryAdmit(10, 1)).toBe(-1);
  });

  it("sliding: refused until the first of the 100 is 10 s old, with that as Retry-After", () => {
    const l = burst("sliding");
    expect(l.tryAdmit(10, 1)).toBeCloseTo(5, 9);
    expect(l.tryAdmit(15, 1)).toBe(-1);
  });

  it("limits requests per 1 s window to RPM / 60 (600 RPM: more than 10 in a second get 429)", () => {
    for (const window of ["fixed", "sliding"] as const) {
      const l = limiter({ window }, 1e12, 600, 1);
      let admitted = 0;
      for (let i = 0; i < 20; i++) if (l.tryAdmit(3 + i * 0.01, 1) < 0) admitted++;
      expect(admitted).toBe(10);
    }
  });

  it("never rounds a tiny RPM up: 5 RPM over 1 s windows admits 5 per minute, not 60", () => {
    for (const window of ["fixed", "sliding"] as const) {
      const l = limiter({ window }, 1e9, 5, 1);
      let admitted = 0;
      for (let t = 0; t < 60; t += 0.5) if (l.tryAdmit(t, 1) < 0) admitted++;
      expect(admitted).toBe(5);
    }
  });

  it("counts a request the TPM limit refused toward RPM (unsuccessful requests still count [S6])", () => {
    // 60 RPM: 10 per 10 s. A 1,000-token call fills TPM at 0; nine 1-token calls at 55..59 are refused by TPM but
    // counted by RPM; at 60 TPM has room again and the tenth RPM slot is taken; at 60.5 RPM is full until 65.
    const l = limiter({}, 1000, 60, 10);
    expect(l.tryAdmit(0, 1000)).toBe(-1);
    for (let i = 0; i < 9; i++) expect(l.tryAdmit(55 + i * 0.5, 1)).toBeGreaterThan(0);
    expect(l.tryAdmit(60, 1)).toBe(-1);
    expect(l.tryAdmit(60.5, 1)).toBe(4.5);
  });

  it("does not count a request the RPM limit itself refused, so a sliding window cannot starve a stream", () => {
    // 10 admitted at 0..1.125, refusals every 0.125 s until 10: the first slot frees at 10 (as measured [S41]).
    const l = limiter({}, 1e12, 60, 10);
    for (let i = 0; i < 10; i++) expect(l.tryAdmit(i * 0.125, 1)).toBe(-1);
    for (let t = 1.25; t < 10; t += 0.125) expect(l.tryAdmit(t, 1)).toBeGreaterThan(0);
    expect(l.tryAdmit(10, 1)).toBe(-1);
  });

  it("adds the tokens of an RPM-refused request to TPM only when 429s are counted", () => {
    // 10 requests per 10 s window; RPM refuses nine 100-token calls at 1 s.
    const counting = limiter(FIXED_OVERSHOOT, 1000, 60, 10);
    const not = limiter({ window: "fixed", countRejected: false }, 1000, 60, 10);
    for (const l of [counting, not]) {
      for (let i = 0; i < 10; i++) expect(l.tryAdmit(0, 10)).toBe(-1);
      for (let i = 0; i < 9; i++) expect(l.tryAdmit(1, 100)).toBeGreaterThan(0);
    }
    // New 10 s window: RPM has room. Counting 429s, TPM reached 1,000 during the refusals: full until 60.
    expect(counting.tryAdmit(10, 1)).toBeCloseTo(50, 9);
    expect(not.tryAdmit(10, 1)).toBe(-1);
  });
});

/** Every combination of the three counting choices. */
const ALL_RULES: Omit<StandardLimiterRules, "estimate">[] = (["sliding", "fixed"] as const).flatMap(
  (window) =>
    (["fits", "below-limit"] as const).flatMap((admission) =>
      [false, true].map((countRejected) => ({ window, admission, countRejected })),
    ),
);

/** A naive limiter of the same rules: every entry kept, each count recomputed from scratch. */
class NaiveLimiter {
  private readonly tokenEntries: { t: number; n: number }[] = [];
  private readonly requestEntries: number[] = [];
  constructor(
    private readonly tpm: number,
    private readonly perWindow: number,
    private readonly rpmWindow: number,
    private readonly rules: Omit<StandardLimiterRules, "estimate">,
  ) {}
  private inWindow(t: number, now: number, span: number): boolean {
    return this.rules.window === "sliding" ? now - t < span : Math.floor(t / span) === Math.floor(now / span);
  }
  admits(now: number, tokens: number): boolean {
    const used = this.tokenEntries
      .filter((e) => this.inWindow(e.t, now, 60))
      .reduce((sum, e) => sum + e.n, 0);
    const sent = this.requestEntries.filter((t) => this.inWindow(t, now, this.rpmWindow)).length;
    const tokensFull = this.rules.admission === "fits" ? used + tokens > this.tpm : used >= this.tpm;
    const requestsFull = sent >= this.perWindow;
    if (!requestsFull) this.requestEntries.push(now);
    if (!(tokensFull || requestsFull) || this.rules.countRejected)
      this.tokenEntries.push({ t: now, n: tokens });
    return !(tokensFull || requestsFull);
  }
}

/** Request times on an eighth-of-a-second grid (exact in binary) and token counts up to the limit of 1,000. */
const history = fc.array(
  fc.record({ gap: fc.integer({ min: 0, max: 200 }), tokens: fc.integer({ min: 1, max: 1000 }) }),
  { minLength: 1, maxLength: 300 },
);
/** Dense small requests: windows hold many entries, some exactly 60 s apart. */
const denseHistory = fc.array(
  fc.record({ gap: fc.integer({ min: 0, max: 16 }), tokens: fc.integer({ min: 1, max: 40 }) }),
  { minLength: 1, maxLength: 600 },
);

describe("the counters against a naive model", () => {
  it("decide every request as a model that keeps every entry does, under every rule", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ALL_RULES), fc.oneof(history, denseHistory), (rules, requests) => {
        const l = new StandardRateLimiter(1000, 600, 10, rules);
        const naive = new NaiveLimiter(1000, l.requestsPerWindow, l.rpmWindow, rules);
        let t = 0;
        for (const r of requests) {
          t += r.gap / 8;
          expect(l.tryAdmit(t, r.tokens) < 0).toBe(naive.admits(t, r.tokens));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("give a Retry-After after which the refused request is admitted, and not a tick earlier", () => {
    const replay = (
      rules: Omit<StandardLimiterRules, "estimate">,
      requests: { t: number; tokens: number }[],
    ) => {
      const l = new StandardRateLimiter(1000, 60, 10, rules);
      for (const r of requests) l.tryAdmit(r.t, r.tokens);
      return l;
    };
    fc.assert(
      fc.property(
        fc.constantFrom(...ALL_RULES),
        history,
        fc.integer({ min: 1, max: 1000 }),
        (rules, raw, tokens) => {
          let t = 0;
          const requests = raw.map((r) => {
            t += r.gap / 8;
            return { t, tokens: r.tokens };
          });
          const wait = replay(rules, requests).tryAdmit(t, tokens);
          if (wait < 0) return;
          expect(replay(rules, requests).tryAdmit(t + wait, tokens)).toBe(-1);
          if (wait >= 1 / 8)
            expect(replay(rules, requests).tryAdmit(t + wait - 1 / 8, tokens)).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("stay bounded: a long saturated run keeps at most two windows of entries", () => {
    // 8 requests a second for 75 minutes against a limit of 60 a minute: 36,000 calls, 60 entries a window (the ring
    // drops expired entries when it is full, before it grows).
    const l = limiter({}, 60_000, 1e9, 10);
    let admitted = 0;
    for (let k = 0; k < 36_000; k++) if (l.tryAdmit(k * 0.125, 1000) < 0) admitted++;
    expect(admitted).toBe(60 * 75);
    // A (time, amount) pair per entry.
    const ring = (l as unknown as { tokens: { ring: Float64Array } }).tokens.ring;
    expect(ring.length / 2).toBeLessThanOrEqual(128);
  });
});

describe("the standard deployment model", () => {
  it("charges prompt + max_tokens, refuses over the context window with 400 and settles nothing", () => {
    const m = new StandardModel({ tpm: 10_000, rpm: 1000, rpmWindow: 10 }, 8000, DEFAULTS);
    expect(m.admit(0, 1000, 500, 300)).toBe(200);
    expect(m.charged).toBe(1300);
    expect(m.admit(0, 7000, 0, 1001)).toBe(400);
    expect(m.settle(5, 10, 300)).toBe(0);
    expect(m.capacityPerMinute).toBe(10_000);
  });

  it("with estimate maxTokens admits every request whose max_tokens fits, whatever its prompt", () => {
    // Ten 5,000-token prompts with max_tokens 1,000 against 10,000 TPM.
    const byMaxTokens = new StandardModel({ tpm: 10_000, rpm: 1000, rpmWindow: 10 }, 128_000, {
      ...DEFAULTS,
      estimate: "maxTokens",
    });
    const documented = new StandardModel({ tpm: 10_000, rpm: 1000, rpmWindow: 10 }, 128_000, DEFAULTS);
    const statuses = (m: StandardModel) => Array.from({ length: 10 }, (_, i) => m.admit(i, 5000, 0, 1000));
    expect(statuses(byMaxTokens)).toEqual(new Array(10).fill(200));
    expect(byMaxTokens.charged).toBe(1000);
    // prompt + max_tokens = 6,000: one fits, the second would take the count to 12,000.
    expect(statuses(documented)).toEqual([200, ...new Array(9).fill(429)]);
    expect(documented.retryAfter).toBe(51);
  });
});
