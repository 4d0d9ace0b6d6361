/**
 * The gateway's own answers, worked by hand: APIM's token limit (sliding window on classic tiers, token bucket on v2,
 * with and without the prompt estimate), the semantic-cache lookup, the inbound pipeline that runs them once per
 * attempt in the documented order, and `<retry>` with `target: next`.
 */
import { describe, expect, it } from "vitest";
import { BackendPool } from "../../src/gateway/backend-pool.js";
import { FORWARD, InboundVerdict, inboundPipeline } from "../../src/gateway/inbound.js";
import { SemanticCache } from "../../src/gateway/semantic-cache.js";
import { TokenLimit, type TokenLimitSettings } from "../../src/gateway/token-limit.js";

/** 1,000 tokens a minute per workload, prompt estimated, on a classic tier. */
const CLASSIC: TokenLimitSettings = {
  tokensPerMinute: 1000,
  counterKey: "workload",
  estimatePromptTokens: true,
  algorithm: "sliding",
  admission: "fits",
  bucketSeconds: 60,
};

const limit = (over: Partial<TokenLimitSettings> = {}): TokenLimit => new TokenLimit({ ...CLASSIC, ...over });

let serial = 0;
const request = (prompt: number, completion: number, workloadName = "w") => ({
  workloadName,
  prompt,
  completion,
  maxTokens: completion,
  gatewayRetries: 0,
  attempt: ++serial,
});

/** Runs one policy's inbound at `now` and returns the verdict. */
function verdictOf(policy: TokenLimit | SemanticCache, now: number, req: ReturnType<typeof request>) {
  const v = new InboundVerdict();
  policy.inbound(now, req, v);
  return v;
}

describe("token limit (llm-token-limit / azure-openai-token-limit)", () => {
  it("counts the prompt estimate at the request and refuses one that does not fit, with Retry-After to its room", () => {
    const tl = limit();
    // 400 + 400 fit in 1,000; the third 400 does not.
    expect(verdictOf(tl, 0, request(400, 0)).status).toBe(FORWARD);
    expect(verdictOf(tl, 10, request(400, 0)).status).toBe(FORWARD);
    const refused = verdictOf(tl, 20, request(400, 0));
    expect(refused.status).toBe(429);
    // The first 400 leaves the sliding window at 60 s: 40 s from now.
    expect(refused.retryAfter).toBe(40);
    // At 60 s it has left, and the request fits again.
    expect(verdictOf(tl, 60, request(400, 0)).status).toBe(FORWARD);
  });

  it("adds the completion when the answer returns, so answered requests fill the minute", () => {
    const tl = limit();
    const a = request(300, 300);
    expect(verdictOf(tl, 0, a).status).toBe(FORWARD);
    tl.usage(5, a); // 600 counted
    expect(verdictOf(tl, 6, request(300, 0)).status).toBe(FORWARD); // 900
    expect(verdictOf(tl, 7, request(300, 0)).status).toBe(429);
  });

  it("without the estimate counts only reported usage, lets a request overshoot, then blocks until the window frees", () => {
    const tl = limit({ estimatePromptTokens: false });
    const big = request(900, 300);
    expect(verdictOf(tl, 0, big).status).toBe(FORWARD);
    // Nothing counted until the answer: concurrent requests pass.
    expect(verdictOf(tl, 1, request(900, 300)).status).toBe(FORWARD);
    tl.usage(2, big); // 1,200 > 1,000
    const blocked = verdictOf(tl, 3, request(10, 10));
    expect(blocked.status).toBe(429);
    // The 1,200 leave at 62 s.
    expect(blocked.retryAfter).toBe(59);
    expect(verdictOf(tl, 62, request(10, 10)).status).toBe(FORWARD);
  });

  it("admission 'exceeded' refuses only once the count has reached the limit", () => {
    const tl = limit({ admission: "exceeded" });
    expect(verdictOf(tl, 0, request(600, 0)).status).toBe(FORWARD);
    expect(verdictOf(tl, 1, request(600, 0)).status).toBe(FORWARD); // 1,200: overshoots
    expect(verdictOf(tl, 2, request(1, 0)).status).toBe(429);
  });

  it("keeps one counter per workload, or one for the gateway", () => {
    const perWorkload = limit();
    expect(verdictOf(perWorkload, 0, request(1000, 0, "a")).status).toBe(FORWARD);
    expect(verdictOf(perWorkload, 0, request(1000, 0, "b")).status).toBe(FORWARD);
    const shared = limit({ counterKey: "gateway" });
    expect(verdictOf(shared, 0, request(1000, 0, "a")).status).toBe(FORWARD);
    expect(verdictOf(shared, 0, request(1000, 0, "b")).status).toBe(429);
  });

  it("v2 tiers: a token bucket refilled at tokensPerMinute / 60 a second", () => {
    const tl = limit({ algorithm: "bucket", bucketSeconds: 60 });
    expect(verdictOf(tl, 0, request(1000, 0)).status).toBe(FORWARD); // the bucket is empty now
    const refused = verdictOf(tl, 6, request(500, 0));
    expect(refused.status).toBe(429);
    // After 6 s, 100 tokens are back; 500 need 400 more: 24 s at 1000/60 a second.
    expect(refused.retryAfter).toBe(24);
    expect(verdictOf(tl, 30, request(500, 0)).status).toBe(FORWARD);
  });

  it("tells a request larger than the whole limit to come back in a minute", () => {
    const v = verdictOf(limit(), 0, request(5000, 0));
    expect(v.status).toBe(429);
    expect(v.retryAfter).toBe(60);
  });
});

describe("semantic cache lookup", () => {
  it("answers hits itself after the lookup, forwards misses after it, and a retried miss misses again", () => {
    const draws = [0.1, 0.9];
    const cache = new SemanticCache({ hitRate: 0.2, lookupLatency: 0.1 }, () => draws.shift() as number);
    const hit = verdictOf(cache, 0, request(100, 10));
    expect([hit.status, hit.delay, hit.lookup]).toEqual([200, 0.1, 1]);
    const missed = request(100, 10);
    const miss = verdictOf(cache, 0, missed);
    expect([miss.status, miss.delay, miss.lookup]).toEqual([FORWARD, 0.1, 0]);
    // No draw left: the retry reuses the request's own outcome.
    expect(verdictOf(cache, 5, missed).lookup).toBe(0);
  });
});

describe("inbound pipeline", () => {
  it("looks the cache up before the token limit (a hit spends no tokens) and runs once per attempt", () => {
    const pipeline = inboundPipeline(
      {
        semanticCache: { hitRate: 0.5, lookupLatency: 0.05 },
        tokenLimit: CLASSIC,
      },
      () => {
        let k = 0;
        return () => (k++ % 2 === 0 ? 0 : 0.99); // hit, miss, hit, miss...
      },
    );
    if (pipeline === null) throw new Error("expected a pipeline");
    const a = request(800, 0);
    expect(pipeline.run(0, a).status).toBe(200); // hit: the limit never saw it
    const b = request(800, 0);
    const v = pipeline.run(0, b);
    expect([v.status, v.delay]).toEqual([FORWARD, 0.05]);
    // The same attempt forwarded after the lookup passes at once, and is not counted twice.
    expect([pipeline.run(0.05, b).status, pipeline.run(0.05, b).delay]).toEqual([FORWARD, 0]);
    expect(pipeline.run(1, request(100, 0)).status).toBe(200);
    expect(pipeline.run(1, request(300, 0)).status).toBe(429); // 800 + 300 > 1,000
  });

  it("is null when the gateway runs no inbound policy, and draws no random number", () => {
    let asked = 0;
    const none = inboundPipeline({ semanticCache: null, tokenLimit: null }, () => {
      asked++;
      return () => 0;
    });
    expect(none).toBeNull();
    expect(asked).toBe(0);
  });
});

describe("<retry> with target: next", () => {
  const retry = (target: "same" | "next") => ({
    count: 2,
    interval: 0,
    firstFastRetry: true,
    on: [429],
    target,
  });
  const members = [
    { priority: 1, weight: 1 },
    { priority: 3, weight: 1 },
    { priority: 2, weight: 1 },
  ];

  it("sends the 429'd request to the next backend in priority order, without a breaker", () => {
    const pool = new BackendPool(members, null, retry("next"));
    const req = { workloadName: "w", prompt: 1, maxTokens: 1, gatewayRetries: 0 };
    expect(pool.select(0, req)).toBe(0);
    pool.onResponse(0, 0, 429, 5);
    req.gatewayRetries = 1;
    expect(pool.select(0, req)).toBe(2); // priority 2 next
    req.gatewayRetries = 2;
    expect(pool.select(0, req)).toBe(1); // then priority 3
    // A new request starts from the pool again: the PTU stays first.
    expect(pool.select(0, { ...req, gatewayRetries: 0 })).toBe(0);
  });

  it("with target: same the retry re-selects the pool, which without a breaker is the same backend", () => {
    const pool = new BackendPool(members, null, retry("same"));
    const req = { workloadName: "w", prompt: 1, maxTokens: 1, gatewayRetries: 0 };
    expect(pool.select(0, req)).toBe(0);
    req.gatewayRetries = 1;
    expect(pool.select(0, req)).toBe(0);
  });
});
