/**
 * Documented Azure behaviours checked against analytic results: capacity limits in the long run, no throttling at
 * light load, spillover conservation, determinism; and the standard limiter's variants on a stream above its limit.
 */
import { describe, expect, it } from "vitest";
import { conservationHolds, run } from "../helpers.js";

const ptu = (opts: {
  capacity?: number;
  rate: string;
  prompt: number;
  completion: number;
  maxTokens: number;
  duration?: string;
  retries?: number;
  spill?: boolean;
}) => `
name: analytic
seed: 11
duration: ${opts.duration ?? "20m"}
warmup: 2m
accounts:
  - name: a
    region: eastus
    deployments:
      - name: ptu
        model: gpt-4.1
        sku: GlobalProvisionedManaged
        capacity: ${opts.capacity ?? 100}
${opts.spill === true ? "        spilloverDeploymentName: paygo\n      - { name: paygo, model: gpt-4.1, sku: GlobalStandard, capacity: 100000 }" : ""}
traffic:
  - name: w
    via: a/ptu
    arrival: { type: poisson, rate: ${opts.rate} }
    promptTokens: ${opts.prompt}
    completionTokens: ${opts.completion}
    maxTokens: ${opts.maxTokens}
    client: { maxRetries: ${opts.retries ?? 0} }
`;

describe("provisioned deployment, analytically", () => {
  // gpt-4.1: 3,000 input TPM per PTU, output weight 4 (catalog [S3]).
  it("serves capacity / (prompt + weight x completion) per minute in the long run when overloaded", () => {
    const r = run(ptu({ rate: "10/s", prompt: 1000, completion: 100, maxTokens: 100 }));
    const perMinute = r.deployments["a/ptu"].served / 20;
    const expected = (100 * 3000) / (1000 + 4 * 100); // 214.3
    expect(perMinute / expected).toBeGreaterThan(0.99);
    expect(perMinute / expected).toBeLessThan(1.01);
    expect(r.deployments["a/ptu"].utilization.mean).toBeGreaterThan(0.99);
    expect(conservationHolds(r)).toBe(true);
  });

  it("converges to the actual completion, not max_tokens, thanks to the end-of-request correction", () => {
    // Admission charges 1000 + 4 x 1000 = 5000, the correction gives back 4 x 900: the long-run rate is set by 1400.
    const r = run(ptu({ rate: "10/s", prompt: 1000, completion: 100, maxTokens: 1000 }));
    const perMinute = r.deployments["a/ptu"].served / 20;
    const actual = (100 * 3000) / 1400;
    expect(perMinute / actual).toBeGreaterThan(0.97);
    expect(perMinute / actual).toBeLessThan(1.01);
  });

  it("throttles nothing at about 30% load", () => {
    // 30% of 300,000 normalized tokens/min at 1,400 per request = 64 requests/min.
    const r = run(ptu({ rate: "64/min", prompt: 1000, completion: 100, maxTokens: 100 }));
    expect(r.requests.arrived).toBeGreaterThan(1000);
    expect(r.attempts.throttled).toBe(0);
    expect(r.requests.succeeded).toBe(r.requests.arrived);
    expect(r.deployments["a/ptu"].utilization.mean).toBeGreaterThan(0.25);
    expect(r.deployments["a/ptu"].utilization.mean).toBeLessThan(0.35);
  });

  it("rejects prompts over the 128k provisioned limit with 400 (not retried), which native spillover re-sends", () => {
    const alone = run(
      ptu({ rate: "1/s", prompt: 130_000, completion: 10, maxTokens: 10, duration: "2m", retries: 2 }),
    );
    expect(alone.requests.errored).toBe(alone.requests.arrived);
    expect(alone.requests.retries).toBe(0);
    expect(alone.deployments["a/ptu"].errored).toBe(alone.requests.arrived);
    const spilled = run(
      ptu({ rate: "1/s", prompt: 130_000, completion: 10, maxTokens: 10, duration: "2m", spill: true }),
    );
    expect(spilled.requests.succeeded).toBe(spilled.requests.arrived);
    expect(spilled.deployments["a/paygo"].served).toBe(spilled.requests.arrived);
  });
});

/** A 100K TPM Global Standard deployment (RPM out of the way) fed a constant stream, each request sent once. */
const paygoStream = (opts: { rate: string; prompt: number; completion: number; maxTokens: number }) => `
name: paygo-stream
duration: 10m
warmup: 2m
accounts:
  - name: a
    region: eastus
    deployments:
      - { name: paygo, model: gpt-4.1, sku: GlobalStandard, capacity: 100, rateLimits: { rpm: 100000 } }
traffic:
  - name: w
    via: a/paygo
    arrival: { type: constant, rate: ${opts.rate} }
    promptTokens: ${opts.prompt}
    completionTokens: ${opts.completion}
    maxTokens: ${opts.maxTokens}
    client: { maxRetries: 0 }
`;

describe("standard deployment, analytically", () => {
  it("admits TPM / (prompt + max_tokens) requests per minute when saturated", () => {
    const r = run(paygoStream({ rate: "10/s", prompt: 1000, completion: 200, maxTokens: 500 }));
    const perMinute = r.deployments["a/paygo"].served / 10;
    // 66.7: the default admission (fits) refuses the request that would cross the limit, so 66 a minute.
    expect(perMinute).toBe(Math.floor(100_000 / (1000 + 500)));
    expect(r.requests.throttled).toBe(r.requests.arrived - r.deployments["a/paygo"].served);
  });

  it("throttles on RPM per 10-second window even with TPM to spare", () => {
    const r = run(`
name: rpm-bound
duration: 5m
accounts:
  - name: a
    region: eastus
    deployments:
      - { name: paygo, model: gpt-4.1, sku: GlobalStandard, capacity: 1000, rateLimits: { rpm: 60 } }
traffic:
  - name: w
    via: a/paygo
    arrival: { type: constant, rate: 5/s }
    promptTokens: 10
    completionTokens: 10
    maxTokens: 10
    client: { maxRetries: 0 }
`);
    // 60 RPM over 10 s windows = 10 per window, 30 windows in 5 minutes.
    expect(r.deployments["a/paygo"].served).toBe(300);
  });
});

describe("the standard limiter's variants on a constant stream at 1.2x the TPM limit", () => {
  // 2 requests a second of 500 prompt + 500 max_tokens = 120,000 tokens a minute against 100,000: the limit serves
  // 100 requests a minute. The counting rule is the deployment's `limiter`, set per run.
  const LIMITER = "accounts.a.deployments.paygo.limiter";
  const stream = paygoStream({ rate: "2/s", prompt: 500, completion: 100, maxTokens: 500 });
  /** Requests served per measured minute under the given limiter keys (and other `--set`s). */
  const servedPerMinute = (limiter: Record<string, string | boolean>, more: string[] = []): number => {
    const r = run(stream, [
      ...Object.entries(limiter).map(([key, value]) => `${LIMITER}.${key}=${value}`),
      ...more,
    ]);
    expect(conservationHolds(r)).toBe(true);
    return r.deployments["a/paygo"].served / 10;
  };

  it("is served at the limit by the defaults (sliding window, fits, 429s not counted)", () => {
    expect(servedPerMinute({})).toBe(100);
  });

  it("is served at the limit by a fixed window, counting 429s or not", () => {
    expect(servedPerMinute({ window: "fixed" })).toBe(100);
    expect(servedPerMinute({ window: "fixed", countRejected: true })).toBe(100);
  });

  it("starves behind a sliding window that counts 429s: nothing is served after the first minute", () => {
    expect(servedPerMinute({ countRejected: true })).toBe(0);
  });

  it("is served whole when the counter is charged max_tokens alone (60,000 of 100,000 a minute)", () => {
    expect(servedPerMinute({ estimate: "maxTokens" })).toBe(120);
  });

  it("lets the last request of a full minute overshoot with below-limit, not with fits", () => {
    // 1,100 tokens a request: 90 fit in 100,000 (99,000); below-limit admits a 91st (100,100).
    const maxTokens600 = ["traffic.w.maxTokens=600"];
    expect(servedPerMinute({ window: "fixed" }, maxTokens600)).toBe(90);
    expect(servedPerMinute({ window: "fixed", admission: "below-limit" }, maxTokens600)).toBe(91);
    expect(servedPerMinute({}, maxTokens600)).toBe(90);
    expect(servedPerMinute({ admission: "below-limit" }, maxTokens600)).toBe(91);
  });
});

describe("native spillover", () => {
  it("conserves requests: PTU-served + spilled = succeeded, and every PTU 429 becomes a spillover attempt", () => {
    const r = run(ptu({ rate: "10/s", prompt: 1000, completion: 100, maxTokens: 100, spill: true }));
    const p = r.deployments["a/ptu"];
    const s = r.deployments["a/paygo"];
    expect(r.requests.succeeded).toBe(r.requests.arrived);
    expect(p.served + s.served).toBe(r.requests.succeeded);
    expect(r.spillover.requests).toBe(s.served);
    expect(s.attempts).toBe(p.throttled);
    expect(r.attempts.total).toBe(p.attempts + s.attempts);
    expect(r.throttle.client.rate).toBe(0);
    // Spilled requests are billed at the standard deployment's token prices; the PTU costs its hours.
    expect(r.cost.byDeployment["a/paygo"].horizon).toBeGreaterThan(0);
    expect(r.cost.horizon.provisioned).toBeCloseTo((100 * 1.0 * 20) / 60, 3);
  });

  it("returns the provisioned deployment's original 429 when the spillover call fails too", () => {
    const r = run(`
name: both-full
duration: 5m
accounts:
  - name: a
    region: eastus
    deployments:
      - { name: ptu, model: gpt-4.1, sku: GlobalProvisionedManaged, capacity: 15, spilloverDeploymentName: paygo }
      - { name: paygo, model: gpt-4.1, sku: GlobalStandard, capacity: 10 }
traffic:
  - name: w
    via: a/ptu
    arrival: { type: poisson, rate: 10/s }
    promptTokens: 1000
    completionTokens: 100
    maxTokens: 100
    client: { maxRetries: 0 }
`);
    expect(r.requests.throttled).toBeGreaterThan(0);
    expect(r.requests.throttled).toBe(r.deployments["a/paygo"].throttled);
    expect(conservationHolds(r)).toBe(true);
  });
});

describe("client", () => {
  it("retries 429s, turning most backend 429s into successes at the cost of latency", () => {
    const noRetry = run(ptu({ rate: "4/s", prompt: 1000, completion: 100, maxTokens: 100, retries: 0 }));
    const retry = run(ptu({ rate: "4/s", prompt: 1000, completion: 100, maxTokens: 100, retries: 5 }));
    expect(retry.requests.retries).toBeGreaterThan(0);
    expect(retry.throttle.client.rate).toBeLessThan(noRetry.throttle.client.rate);
    expect(retry.latency.e2e.p99).toBeGreaterThan(noRetry.latency.e2e.p99);
  });

  it("waits exactly the 429's retry-after-ms when honouring it: the retry lands when the bucket is back at 100%", () => {
    // Two requests, at t = 0 and t = 1 s. The second finds the bucket over 100% and is told when it drains.
    const yaml = `
name: exact-retry
duration: 2s
accounts:
  - name: a
    region: eastus
    deployments:
      - { name: ptu, model: gpt-4.1, sku: GlobalProvisionedManaged, capacity: 15, latency: { jitter: 0 } }
traffic:
  - name: w
    via: a/ptu
    arrival: { type: constant, rate: 1/s }
    promptTokens: 50000
    completionTokens: 1
    maxTokens: 1
    client: { maxRetries: 1, honorRetryAfter: HONOR, backoff: { initial: 0.5, max: 8 } }
`;
    // 15 PTU = 45,000 tokens/min = 750/s. Request 1 at t=0 fills the bucket to 50,004 (over the 45,000 depth);
    // request 2 at t=1 sees 49,254 and gets retry-after (49,254 − 45,000) / 750 = 5.672 s.
    const honour = run(yaml.replace("HONOR", "true"));
    const ignore = run(yaml.replace("HONOR", "false"));
    expect(honour.requests.arrived).toBe(2);
    expect(honour.requests.succeeded).toBe(2);
    // Without Retry-After the SDK backs off 0.5 s x (1 - 0.25u): too early, the retry is throttled again.
    expect(ignore.requests.throttled).toBe(1);
    // The second request succeeds on its retry at 1 + 5.672 s: its e2e is the wait plus the service time.
    const service = honour.latency.e2e.p50;
    expect(honour.latency.e2e.max - service).toBeGreaterThan(5600);
    expect(honour.latency.e2e.max - service).toBeLessThan(5750);
  });

  it("times out an attempt that would answer after the client's timeout", () => {
    const r = run(`
name: slow
duration: 2m
accounts:
  - name: a
    region: eastus
    deployments:
      - { name: paygo, model: gpt-4.1, sku: GlobalStandard, capacity: 1000, latency: { tokensPerSecond: 10, jitter: 0 } }
traffic:
  - name: w
    via: a/paygo
    arrival: { type: constant, rate: 1/s }
    promptTokens: 100
    completionTokens: 200
    maxTokens: 200
    client: { maxRetries: 1, timeout: 5s }
`);
    expect(r.requests.timedOut).toBe(r.requests.arrived);
    expect(r.requests.retries).toBe(r.requests.arrived);
    // The deployment still generated both attempts of every request (billed), though no caller waited.
    expect(r.deployments["a/paygo"].served).toBeGreaterThan(r.requests.arrived);
  });

  it("caps generation at maxTokens", () => {
    const r = run(ptu({ rate: "1/s", prompt: 100, completion: 500, maxTokens: 50, duration: "2m" }));
    const d = r.deployments["a/ptu"];
    expect(d.tokens.completion).toBe(50 * d.served);
  });
});

describe("horizon and determinism", () => {
  it("counts requests that arrive in the horizon, not the warmup", () => {
    const r = run(`
name: horizon
duration: 10m
warmup: 5m
accounts:
  - name: a
    region: eastus
    deployments:
      - { name: paygo, model: gpt-4.1, sku: GlobalStandard, capacity: 1000 }
traffic:
  - name: w
    via: a/paygo
    arrival: { type: constant, rate: 2/s }
    promptTokens: 100
    completionTokens: 10
    maxTokens: 10
`);
    expect(r.requests.arrived).toBe(1200);
    expect(r.timeseries.arrivals).toEqual(Array(10).fill(120));
  });

  it("gives byte-identical reports for the same scenario and seed, and different ones for another seed", () => {
    const yaml = ptu({ rate: "5/s", prompt: 1000, completion: 100, maxTokens: 300, spill: true, retries: 2 });
    const a = JSON.stringify(run(yaml));
    const b = JSON.stringify(run(yaml));
    expect(a).toBe(b);
    expect(JSON.stringify(run(yaml, ["seed=12"]))).not.toBe(a);
  });
});

describe("profile arrivals", () => {
  it("follows the per-step rate list (Poisson within a step) and loops it", () => {
    const r = run(`
name: profile
seed: 4
duration: 20m
accounts:
  - { name: a, region: eastus, deployments: [{ name: p, model: gpt-4.1-nano, sku: GlobalStandard, capacity: 100000 }] }
traffic:
  - { name: w, via: a/p, arrival: { type: profile, step: 5m, rates: [1, 4] }, promptTokens: 10, completionTokens: 1, maxTokens: 1 }
`);
    const perStep = [0, 1, 2, 3].map((k) =>
      r.timeseries.arrivals.slice(5 * k, 5 * k + 5).reduce((a, b) => a + b, 0),
    );
    // 300 and 1,200 expected per 5-minute step; Poisson noise is about sqrt(n).
    expect(Math.abs(perStep[0] - 300)).toBeLessThan(60);
    expect(Math.abs(perStep[1] - 1200)).toBeLessThan(120);
    expect(Math.abs(perStep[2] - 300)).toBeLessThan(60);
    expect(Math.abs(perStep[3] - 1200)).toBeLessThan(120);
  });
});
