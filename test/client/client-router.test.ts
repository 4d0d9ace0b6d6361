/**
 * The LiteLLM-style router's decisions on small hand-worked cases (src/client/client-router.ts and
 * router-strategies.ts): order, cooldowns (allowed_fails, LiteLLM's default rules, Retry-After, the single-deployment
 * exception), retries and their waits, and each strategy's pick.
 */
import { describe, expect, it } from "vitest";
import { NO_TARGET } from "../../src/client/client-policy.js";
import { ClientRouter, type ClientRouterSettings } from "../../src/client/client-router.js";
import {
  ROUTER_STRATEGIES,
  type RouterDeploymentSettings,
  type RouterStrategyName,
} from "../../src/client/router-strategies.js";

/** A deployment entry with only the given settings. */
function dep(settings: Partial<RouterDeploymentSettings> = {}): RouterDeploymentSettings {
  return { order: null, weight: null, tpm: null, rpm: null, cooldown: null, ...settings };
}

/** A seeded-enough uniform stream for tests: a fixed cycle of draws. */
function cycle(...draws: number[]): () => number {
  let k = 0;
  return () => draws[k++ % draws.length];
}

/** A router with `strategy` over `deployments`. */
function router(
  deployments: RouterDeploymentSettings[],
  options: Partial<Omit<ClientRouterSettings, "deployments">> & {
    strategy?: RouterStrategyName;
    latencyBuffer?: number;
    draws?: number[];
  } = {},
): ClientRouter {
  const uniform = cycle(...(options.draws ?? [0.5]));
  const strategy = ROUTER_STRATEGIES[options.strategy ?? "simple-shuffle"].create(
    { deployments, latencyBuffer: options.latencyBuffer ?? 0 },
    uniform,
  );
  return new ClientRouter(
    {
      deployments,
      allowedFails: options.allowedFails ?? null,
      cooldown: options.cooldown ?? 5,
      numRetries: options.numRetries ?? 2,
      retryAfter: options.retryAfter ?? 0,
    },
    strategy,
    uniform,
  );
}

/** A request of `prompt` tokens generating `completion`, attempt started at `start`. */
function request(prompt = 1000, completion = 100, start = 0) {
  return { prompt, completion, attemptStart: start };
}

describe("order, allowedFails and cooldown: PTU first, pay-as-you-go when the PTU cools down", () => {
  // order 1 = the PTU, order 2 = pay-as-you-go; the PTU entry has cooldown: 60s (litellm_params.cooldown_time).
  const ptuFirst = () =>
    router([dep({ order: 1, cooldown: 60 }), dep({ order: 2 })], { allowedFails: 2, cooldown: 60 });

  it("sends every attempt to order 1 while it is healthy, even with pay-as-you-go idle", () => {
    const r = ptuFirst();
    for (let t = 0; t < 50; t++) expect(r.select(t, request())).toBe(0);
    expect(r.firstChoice(0)).toBe(true);
    expect(r.firstChoice(1)).toBe(false);
  });

  it("cools the PTU on its 3rd 429 within the window (allowedFails 2), sends order 2 the traffic for 60 s, then comes back", () => {
    const r = ptuFirst();
    r.onResponse(0, 1, 429, 0.8, request());
    r.onResponse(0, 2, 429, 0.8, request());
    expect(r.select(2.5, request())).toBe(0); // 2 failures are allowed
    r.onResponse(0, 3, 429, 0.8, request()); // the 3rd takes the count past allowedFails
    expect(r.coolingDown(0, 3)).toBe(true);
    expect(r.select(4, request())).toBe(1);
    expect(r.select(62.9, request())).toBe(1);
    expect(r.select(63, request())).toBe(0); // 3 + 60 s
    expect(r.cooldowns[0]).toBe(1);
  });

  it("retries a 429'd attempt at once on order 2 (another deployment is out of cooldown)", () => {
    const r = ptuFirst();
    for (const t of [1, 2, 3]) r.onResponse(0, t, 429, 0.8, request());
    expect(r.retryDelay(429, 0.8, 0, 3)).toBe(0);
    expect(r.select(3, request())).toBe(1);
  });

  it("forgets failures once `cooldown` seconds pass without one (the count's cache TTL), so spaced 429s never cool", () => {
    const r = ptuFirst();
    for (const t of [0, 61, 122, 183, 244]) r.onResponse(0, t, 429, 0.8, request());
    expect(r.coolingDown(0, 244)).toBe(false);
    expect(r.cooldowns[0]).toBe(0);
  });

  it("cools for the 429's Retry-After when the deployment has no cooldown of its own (LiteLLM's priority)", () => {
    const r = router([dep({ order: 1 }), dep({ order: 2 })], { allowedFails: 0, cooldown: 60 });
    r.onResponse(0, 10, 429, 2.2, request()); // retry-after: 3 (whole seconds)
    expect(r.coolingDown(0, 12.9)).toBe(true);
    expect(r.coolingDown(0, 13)).toBe(false);
    r.onResponse(0, 20, 500, undefined, request()); // no header: the router's 60 s
    expect(r.coolingDown(0, 79.9)).toBe(true);
    expect(r.coolingDown(0, 80)).toBe(false);
  });

  it("gives a 'no deployment' answer when every deployment cools down, and does not retry it", () => {
    const r = router([dep({ cooldown: 30 }), dep({ cooldown: 30 })], { allowedFails: 0 });
    r.onResponse(0, 0, 429, 1, request());
    r.onResponse(1, 0, 429, 1, request());
    expect(r.select(1, request())).toBe(NO_TARGET);
    expect(r.retryDelay(429, 1, 0, 1)).toBeNull();
  });
});

describe("LiteLLM's default cooldown rules (allowedFails unset)", () => {
  it("cools a deployment on its first 429 when the router has others", () => {
    const r = router([dep(), dep()]);
    r.onResponse(0, 0, 429, undefined, request());
    expect(r.coolingDown(0, 0)).toBe(true);
    expect(r.coolingDown(0, 5)).toBe(false); // LiteLLM's default 5 s
  });

  it("treats allowedFails: 3 (LiteLLM's own default) as unset", () => {
    const r = router([dep(), dep()], { allowedFails: 3 });
    r.onResponse(0, 0, 429, undefined, request());
    expect(r.coolingDown(0, 0)).toBe(true);
  });

  it("never cools the only deployment of a router on a 429", () => {
    const r = router([dep()]);
    for (let t = 0; t < 50; t++) r.onResponse(0, t, 429, undefined, request());
    expect(r.cooldowns[0]).toBe(0);
  });

  it("cools on a failed share above half of at least 5 calls in the minute, not before 5", () => {
    const r = router([dep(), dep()]);
    r.onResponse(0, 1, 200, undefined, request());
    r.onResponse(0, 2, 500, undefined, request());
    r.onResponse(0, 3, 500, undefined, request()); // 2 of 3: under 5 calls
    expect(r.coolingDown(0, 3)).toBe(false);
    r.onResponse(0, 4, 200, undefined, request());
    r.onResponse(0, 5, 500, undefined, request()); // 3 of 5 = 0.6
    expect(r.coolingDown(0, 5)).toBe(true);
  });

  it("starts counting again in a new clock minute", () => {
    const r = router([dep(), dep()]);
    for (const t of [50, 51, 52, 53]) r.onResponse(0, t, 200, undefined, request());
    for (const t of [61, 62]) r.onResponse(0, t, 500, undefined, request()); // 2 of 2, but only 2 calls this minute
    expect(r.coolingDown(0, 62)).toBe(false);
  });

  it("never cools on a 400 (an over-long prompt), and counts a timeout (408)", () => {
    const r = router([dep(), dep()], { allowedFails: 0 });
    r.onResponse(0, 0, 400, undefined, request());
    expect(r.coolingDown(0, 0)).toBe(false);
    r.onResponse(0, 1, 408, undefined, request());
    expect(r.coolingDown(0, 1)).toBe(true);
  });

  it("runs no cooldown logic at all with a deployment cooldown of 0", () => {
    const r = router([dep({ cooldown: 0 }), dep()]);
    r.onResponse(0, 0, 429, 1, request());
    expect(r.cooldowns[0]).toBe(0);
  });
});

describe("retries and their waits", () => {
  it("retries at once while another deployment is out of cooldown, up to numRetries", () => {
    const r = router([dep(), dep()], { allowedFails: 5 });
    expect(r.retryDelay(500, undefined, 0, 0)).toBe(0);
    expect(r.retryDelay(500, undefined, 1, 0)).toBe(0);
    expect(r.retryDelay(500, undefined, 2, 0)).toBeNull(); // numRetries 2
  });

  it("does not retry with numRetries 0", () => {
    expect(router([dep(), dep()], { numRetries: 0 }).retryDelay(500, undefined, 0, 0)).toBeNull();
  });

  it("waits out a single deployment's Retry-After (whole seconds) plus up to 0.75 s of jitter", () => {
    const r = router([dep()], { draws: [0.4] });
    expect(r.retryDelay(429, 2.2, 0, 0)).toBeCloseTo(3 + 0.75 * 0.4, 9);
  });

  it("backs off 0.5 s, 0.5 s, 1 s, 2 s… (LiteLLM's exponent is 0 for the first two retries), within retryAfter and 8 s", () => {
    const r = router([dep()], { numRetries: 10, draws: [0] });
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => r.retryDelay(500, undefined, n, 0))).toEqual([
      0.5, 0.5, 1, 2, 4, 8, 8,
    ]);
    const floor = router([dep()], { retryAfter: 5, draws: [0] });
    expect(floor.retryDelay(500, undefined, 0, 0)).toBe(5);
  });
});

describe("strategies", () => {
  it("simple-shuffle picks by weight (the first candidate's key decides)", () => {
    // weights 1 and 3: draws below 0.25 pick the first, above it the second.
    const picks = [0.1, 0.3, 0.9].map((u) =>
      router([dep({ weight: 1 }), dep({ weight: 3 })], { draws: [u] }).select(0, request()),
    );
    expect(picks).toEqual([0, 1, 1]);
  });

  it("least-busy picks the deployment with the fewest calls in flight", () => {
    const r = router([dep(), dep(), dep()], { strategy: "least-busy" });
    expect([r.select(0, request()), r.select(0, request()), r.select(0, request())]).toEqual([0, 1, 2]);
    r.onResponse(1, 1, 200, undefined, request()); // deployment 1's call is answered
    expect(r.select(1, request())).toBe(1);
    expect(r.select(1, request())).toBe(0); // all at 1 in flight again: the first seen
  });

  it("usage-based picks the lowest tokens used this minute and skips a deployment the prompt would take past its tpm", () => {
    const r = router([dep({ tpm: 10_000 }), dep({ tpm: 100_000 })], { strategy: "usage-based" });
    r.onResponse(1, 1, 200, undefined, request(2000, 500)); // deployment 1: 2,500 tokens this minute
    expect(r.select(2, request())).toBe(0); // 0 < 2,500
    r.onResponse(0, 3, 200, undefined, request(4000, 1000)); // deployment 0: 5,000
    expect(r.select(4, request())).toBe(1); // 2,500 < 5,000
    r.onResponse(1, 5, 200, undefined, request(4000, 1000)); // deployment 1: 7,500
    expect(r.select(6, request(1000))).toBe(0); // 5,000 < 7,500, and 5,000 + 1,000 fits 10,000
    expect(r.select(6, request(6000))).toBe(1); // 5,000 + 6,000 would pass deployment 0's 10,000
    expect(r.select(60, request(6000))).toBe(1); // a new minute: both at 0, the draw (0.5) breaks the tie
  });

  it("usage-based refuses a deployment that took its rpm this minute before any call (a 429 that cools it)", () => {
    const r = router([dep({ rpm: 2 }), dep()], { strategy: "usage-based", draws: [0] });
    expect(r.select(0, request())).toBe(0);
    expect(r.select(1, request())).toBe(0);
    expect(r.select(2, request())).toBe(NO_TARGET); // the 3rd call this minute
    expect(r.coolingDown(0, 2)).toBe(true);
    expect(r.select(3, request())).toBe(1);
  });

  it("latency-based tries unmeasured deployments first, then picks the lowest average latency per token", () => {
    const r = router([dep(), dep()], { strategy: "latency-based", draws: [0] });
    r.onResponse(0, 2, 200, undefined, request(1000, 100, 0)); // 2 s / 100 tokens = 0.02
    expect(r.select(3, request())).toBe(1); // unmeasured: 0
    r.onResponse(1, 4, 200, undefined, request(1000, 100, 3)); // 1 s / 100 = 0.01
    expect(r.select(5, request())).toBe(1);
    r.onResponse(1, 100, 408, undefined, request()); // a timeout counts 1,000 s
    expect(r.select(101, request())).toBe(0);
  });

  it("latency-based with a buffer picks among deployments within (1 + buffer) x the lowest", () => {
    // Two draws per pick: the shuffle's, then the pick's.
    const measured = (buffer: number, draws: number[]) => {
      const r = router([dep(), dep()], { strategy: "latency-based", latencyBuffer: buffer, draws });
      r.onResponse(0, 1, 200, undefined, request(1000, 100, 0)); // 0.01
      r.onResponse(1, 1.4, 200, undefined, request(1000, 100, 0)); // 0.014
      return r;
    };
    // Without a buffer only the fastest; with 0.5 both qualify and the draw decides.
    const draws = [
      [0, 0],
      [0, 0.9],
      [0.9, 0],
      [0.9, 0.9],
    ];
    expect(new Set(draws.map((d) => measured(0, d).select(2, request())))).toEqual(new Set([0]));
    expect(new Set(draws.map((d) => measured(0.5, d).select(2, request())))).toEqual(new Set([0, 1]));
  });
});
