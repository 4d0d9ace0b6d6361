/** Conservation in every run, over random small scenarios (fast-check). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { conservationHolds, run } from "../helpers.js";

const scenarioArb = fc.record({
  seed: fc.integer({ min: 0, max: 1000 }),
  ptu: fc.constantFrom(15, 20, 50),
  paygo: fc.integer({ min: 1, max: 200 }),
  rate: fc.double({ min: 0.2, max: 8, noNaN: true }),
  arrival: fc.constantFrom("poisson", "constant", "bursty", "diurnal"),
  prompt: fc.integer({ min: 1, max: 4000 }),
  completion: fc.integer({ min: 0, max: 800 }),
  maxTokens: fc.integer({ min: 1, max: 1000 }),
  retries: fc.integer({ min: 0, max: 3 }),
  timeout: fc.constantFrom("3s", "10m"),
  via: fc.constantFrom("direct", "spill", "apim"),
  warmup: fc.constantFrom(0, 30),
  target: fc.constantFrom("same", "next"),
  inbound: fc.constantFrom("none", "tokenLimit", "semanticCache"),
});

type SmallScenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function yamlOf(s: SmallScenario): string {
  const arrival =
    s.arrival === "bursty"
      ? `{ type: bursty, base: ${s.rate / 2}, burst: ${s.rate * 2}, burstEvery: 60s, burstFor: 15s }`
      : s.arrival === "diurnal"
        ? `{ type: diurnal, peak: ${s.rate * 1.5}, trough: ${s.rate / 2}, peakAt: 1m, period: 2m }`
        : `{ type: ${s.arrival}, rate: ${s.rate} }`;
  return `
name: prop
seed: ${s.seed}
duration: 3m
warmup: ${s.warmup}
accounts:
  - name: a
    region: eastus
    deployments:
      - name: ptu
        model: gpt-4.1
        sku: GlobalProvisionedManaged
        capacity: ${s.ptu}
${s.via === "spill" ? "        spilloverDeploymentName: paygo" : ""}
      - { name: paygo, model: gpt-4.1, sku: GlobalStandard, capacity: ${s.paygo} }
gateways:
  - name: apim
    tier: Standard
    backends: [{ deployment: a/ptu, priority: 1 }, { deployment: a/paygo, priority: 2 }]
    circuitBreaker:
      failureCondition: { count: 1, interval: PT1M, statusCodeRanges: [{ min: 429, max: 429 }] }
      tripDuration: 10s
      acceptRetryAfter: true
    retry: { count: 1, on: [429, 503], target: ${s.target} }
${s.inbound === "tokenLimit" ? "    tokenLimit: { tokensPerMinute: 20000, estimatePromptTokens: true }" : ""}
${s.inbound === "semanticCache" ? "    semanticCache: { hitRate: 0.3 }" : ""}
traffic:
  - name: w
    via: ${s.via === "apim" ? "apim" : "a/ptu"}
    arrival: ${arrival}
    promptTokens: ${s.prompt}
    completionTokens: ${s.completion}
    maxTokens: ${s.maxTokens}
    client: { maxRetries: ${s.retries}, timeout: ${s.timeout} }
`;
}

describe("conservation", () => {
  it("arrived = succeeded + failed and failed = throttled + timedOut + errored, for any small scenario", () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const r = run(yamlOf(s));
        expect(conservationHolds(r)).toBe(true);
        // Every success was served by some deployment or the gateway's cache; spillover never exceeds successes.
        const served = Object.values(r.deployments).reduce((sum, d) => sum + d.served, 0);
        const cached = r.gateways.apim.semanticCache?.hits ?? 0;
        expect(served + cached).toBeGreaterThanOrEqual(r.requests.succeeded);
        expect(r.spillover.requests).toBeLessThanOrEqual(r.requests.succeeded);
        expect(r.timeseries.arrivals.reduce((a, b) => a + b, 0)).toBe(r.requests.arrived);
        expect(r.attempts.throttled).toBe(
          Object.values(r.deployments).reduce((sum, d) => sum + d.throttled, 0),
        );
      }),
      { numRuns: 60, seed: 20261125 },
    );
  });
});
