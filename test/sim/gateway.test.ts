/** APIM backend pool inside a run: the documented pool behaviours seen from the caller. */
import { describe, expect, it } from "vitest";
import { conservationHolds, run } from "../helpers.js";

const pool = (opts: {
  breaker: boolean;
  retry: boolean;
  tripDuration?: string;
  acceptRetryAfter?: boolean;
  single?: boolean;
}) => `
name: pool
seed: 5
duration: 10m
warmup: 1m
accounts:
  - name: a
    region: eastus
    deployments:
      - { name: ptu, model: gpt-4o, sku: GlobalProvisionedManaged, capacity: 15 }
      - { name: paygo, model: gpt-4o, sku: GlobalStandard, capacity: 1000 }
gateways:
  - name: apim
    tier: Standard
    backends:
      - { deployment: a/ptu, priority: 1 }
${opts.single === true ? "" : "      - { deployment: a/paygo, priority: 2 }"}
${
  opts.breaker
    ? `    circuitBreaker:
      failureCondition: { count: 1, interval: PT5M, statusCodeRanges: [{ min: 429, max: 429 }] }
      tripDuration: ${opts.tripDuration ?? "PT1M"}
      acceptRetryAfter: ${opts.acceptRetryAfter ?? true}`
    : ""
}
${opts.retry ? "    retry: { count: 2, interval: 0, firstFastRetry: true, on: [429, 503] }" : ""}
traffic:
  - name: w
    via: apim
    arrival: { type: poisson, rate: 4/s }
    promptTokens: 1000
    completionTokens: 150
    maxTokens: 300
    client: { maxRetries: 0 }
`;

describe("APIM backend pool in a run", () => {
  it("without a circuit breaker keeps sending to the throttled PTU: callers see 429s, nothing spills", () => {
    const r = run(pool({ breaker: false, retry: true }));
    expect(r.deployments["a/paygo"].served).toBe(0);
    expect(r.requests.throttled).toBeGreaterThan(0);
    expect(conservationHolds(r)).toBe(true);
  });

  it("with breaker + retry moves overflow to priority 2: no caller 429s, spillover counted", () => {
    const r = run(pool({ breaker: true, retry: true }));
    expect(r.requests.throttled).toBe(0);
    expect(r.requests.succeeded).toBe(r.requests.arrived);
    expect(r.spillover.requests).toBe(r.deployments["a/paygo"].served);
    expect(r.spillover.requests).toBeGreaterThan(0);
    expect(r.gateways.apim.circuitBreakerTrips["a/ptu"]).toBeGreaterThan(0);
    expect(r.gateways.apim.requests).toBe(r.requests.arrived);
  });

  it("with a breaker but no <retry>, the request that trips the breaker still gets its 429", () => {
    const r = run(pool({ breaker: true, retry: false }));
    expect(r.requests.throttled).toBe(r.gateways.apim.circuitBreakerTrips["a/ptu"]);
    expect(r.deployments["a/paygo"].served).toBeGreaterThan(0);
  });

  it("honouring Retry-After returns traffic to the PTU sooner than a fixed one-minute trip", () => {
    const honour = run(pool({ breaker: true, retry: true, acceptRetryAfter: true }));
    const fixed = run(pool({ breaker: true, retry: true, acceptRetryAfter: false }));
    expect(honour.deployments["a/ptu"].served).toBeGreaterThan(fixed.deployments["a/ptu"].served);
  });

  it("answers 503 when every backend's circuit is open, counted as gateway rejections and caller errors", () => {
    const r = run(
      pool({ breaker: true, retry: false, single: true, tripDuration: "PT10M", acceptRetryAfter: false }),
    );
    expect(r.gateways.apim.rejected).toBeGreaterThan(0);
    expect(r.requests.errored).toBe(r.gateways.apim.rejected);
    expect(conservationHolds(r)).toBe(true);
  });

  it("the policy hears successes too: a breaker that counts 200s trips on the first answer", () => {
    // APIM's failureCondition counts whatever status ranges it is given; a 200 range trips on successes, which a
    // policy can only do if it hears them (a least-busy or latency-based policy needs the same hook).
    const yaml = pool({ breaker: true, retry: false }).replace(
      "statusCodeRanges: [{ min: 429, max: 429 }]",
      "statusCodeRanges: [{ min: 200, max: 200 }]",
    );
    const r = run(yaml);
    expect(r.gateways.apim.circuitBreakerTrips["a/ptu"]).toBeGreaterThan(0);
    expect(r.deployments["a/paygo"].served).toBeGreaterThan(0);
    expect(conservationHolds(r)).toBe(true);
  });
});
