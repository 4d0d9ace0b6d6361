/**
 * The routing patterns teams deploy, on analytic cases: local-first multi-region pools, retry to the next backend
 * (PTU first, the 429'd request re-sent to pay-as-you-go), APIM's token limit and the semantic cache; and the bad
 * inputs of their keys.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/report/markdown.js";
import { parseReport } from "../../src/report/report-schema.js";
import { loadScenario } from "../../src/scenario/load.js";
import type { ScenarioError } from "../../src/scenario/problems.js";
import { cli } from "../cli/run-cli.js";
import { conservationHolds, run } from "../helpers.js";

const twoRegions = (priorities: { east: string; west: string }) => `
name: local-first
seed: 5
duration: 10m
warmup: 1m
accounts:
  - name: east
    region: eastus
    deployments: [{ name: ptu, model: gpt-4.1, sku: GlobalProvisionedManaged, capacity: 200 }]
  - name: west
    region: westus3
    deployments: [{ name: ptu, model: gpt-4.1, sku: GlobalProvisionedManaged, capacity: 200 }]
gateways:
  - name: apim
    tier: Premium
    regions: [eastus, westus3]
    backends:
      - { deployment: east/ptu, priority: ${priorities.east} }
      - { deployment: west/ptu, priority: ${priorities.west} }
    retry: { count: 1, firstFastRetry: true, on: [429] }
traffic:
  - { name: east-callers, region: eastus, via: apim, arrival: { type: poisson, rate: 2/s }, promptTokens: 1000, completionTokens: 100, maxTokens: 200 }
  - { name: west-callers, region: westus3, via: apim, arrival: { type: poisson, rate: 2/s }, promptTokens: 1000, completionTokens: 100, maxTokens: 200 }
`;

describe("priority per gateway region (local-first)", () => {
  it("with ample local capacity sends no request across regions", () => {
    const r = run(twoRegions({ east: "{ eastus: 1, westus3: 2 }", west: "{ eastus: 2, westus3: 1 }" }));
    const g = r.gateways.apim.regions;
    // Every attempt a region receives goes to its own region's PTU, and nothing else.
    expect(r.requests.throttled + r.requests.errored).toBe(0);
    expect(r.deployments["east/ptu"].attempts).toBe(g.eastus.requests);
    expect(r.deployments["west/ptu"].attempts).toBe(g.westus3.requests);
    expect(r.spillover.requests).toBe(0);
    expect(conservationHolds(r)).toBe(true);
  });

  it("one priority for every region sends half of each region's calls across (the case it fixes)", () => {
    const r = run(twoRegions({ east: "1", west: "1" }));
    const east = r.gateways.apim.regions.eastus.requests;
    // Round-robin across both PTUs: the east PTU serves about half of each region's calls.
    expect(r.deployments["east/ptu"].attempts).toBeLessThan(
      0.75 * (east + r.gateways.apim.regions.westus3.requests),
    );
    expect(Math.abs(r.deployments["east/ptu"].attempts - r.deployments["west/ptu"].attempts)).toBeLessThan(
      10,
    );
  });
});

const ptuAndPaygo = (target: "same" | "next") => `
name: retry-next
seed: 7
duration: 20m
warmup: 2m
accounts:
  - name: a
    region: eastus
    deployments:
      - { name: ptu, model: gpt-4.1, sku: GlobalProvisionedManaged, capacity: 50 }
      - { name: paygo, model: gpt-4.1, sku: GlobalStandard, capacity: 100000 }
gateways:
  - name: apim
    tier: StandardV2
    backends:
      - { deployment: a/ptu, priority: 1 }
      - { deployment: a/paygo, priority: 2 }
    retry: { count: 1, firstFastRetry: true, on: [429], target: ${target} }
traffic:
  - name: w
    region: eastus
    via: apim
    arrival: { type: poisson, rate: 4/s }
    promptTokens: 1000
    completionTokens: 100
    maxTokens: 100
    client: { maxRetries: 0 }
`;

describe("retry to the next backend (target: next)", () => {
  // gpt-4.1: 3,000 input TPM per PTU, output weight 4: 50 PTU serve 150,000 / 1,400 = 107 requests a minute; 240
  // arrive.
  it("keeps the PTU busy to its capacity with no caller 429s when pay-as-you-go has room", () => {
    const r = run(ptuAndPaygo("next"));
    expect(r.requests.throttled).toBe(0);
    expect(r.requests.successRate).toBe(1);
    const ptu = r.deployments["a/ptu"];
    expect(ptu.utilization.mean).toBeGreaterThan(0.97);
    const perMinute = ptu.served / 20;
    expect(perMinute / ((50 * 3000) / 1400)).toBeGreaterThan(0.97);
    // Every request the PTU refused was served by pay-as-you-go on its one retry.
    expect(r.deployments["a/paygo"].served).toBe(ptu.throttled);
  });

  it("without it (target: same, no breaker) the retry goes back to the PTU and callers get 429s", () => {
    const r = run(ptuAndPaygo("same"));
    expect(r.requests.throttled).toBeGreaterThan(0.3 * r.requests.arrived);
    expect(r.deployments["a/paygo"].attempts).toBe(0);
  });
});

const tokenLimited = (opts: { estimate: boolean; key?: string; tier?: string; extra?: string }) => `
name: token-limit
seed: 9
duration: 20m
warmup: 2m
accounts:
  - name: a
    region: eastus
    deployments: [{ name: paygo, model: gpt-4.1, sku: GlobalStandard, capacity: 100000 }]
gateways:
  - name: apim
    tier: ${opts.tier ?? "Standard"}
    backends: [{ deployment: a/paygo }]
    tokenLimit: { tokensPerMinute: 60000, counterKey: ${opts.key ?? "workload"}, estimatePromptTokens: ${opts.estimate} }
${opts.extra ?? ""}
traffic:
  - name: w
    region: eastus
    via: apim
    arrival: { type: poisson, rate: 200/m }
    promptTokens: 500
    completionTokens: 100
    maxTokens: 100
    client: { maxRetries: 0 }
`;

describe("token limit at the gateway", () => {
  // 200 requests a minute of 600 tokens: 120,000 tokens a minute against a 60,000 limit.
  it("refuses about half of a workload sending twice its limit, while the backend sees no 429", () => {
    const r = run(tokenLimited({ estimate: true }));
    const refused = r.gateways.apim.tokenLimited ?? -1;
    expect(refused / r.gateways.apim.requests).toBeGreaterThan(0.45);
    expect(refused / r.gateways.apim.requests).toBeLessThan(0.55);
    expect(r.requests.throttled).toBe(refused);
    expect(r.deployments["a/paygo"].throttled).toBe(0);
    expect(r.deployments["a/paygo"].attempts).toBe(r.gateways.apim.requests - refused);
    expect(r.gateways.apim.regions.eastus.tokenLimited).toBe(refused);
    expect(conservationHolds(r)).toBe(true);
    // report.json's schema knows the new counts; summary.md says what the gateway answered itself.
    expect(parseReport(JSON.parse(JSON.stringify(r))).ok).toBe(true);
    expect(renderMarkdown(r)).toMatch(
      new RegExp(`\\| apim / eastus \\| ${refused.toLocaleString("en-US")} \\| — \\|`),
    );
  });

  it("without the estimate also holds the stream near the limit (it overshoots only by what is in flight)", () => {
    const r = run(tokenLimited({ estimate: false }));
    const served = r.deployments["a/paygo"].served;
    // 60,000 tokens a minute of 600 each: 100 a minute at most, a little more for the answers still in flight.
    expect(served / 20).toBeGreaterThan(95);
    expect(served / 20).toBeLessThan(110);
  });

  it("counts per gateway region: two regions each admit their own limit, as APIM's regional gateways do", () => {
    const yaml = twoRegions({ east: "1", west: "1" })
      .replace("    retry: { count: 1, firstFastRetry: true, on: [429] }\n", "")
      .replace(
        "    backends:",
        "    tokenLimit: { tokensPerMinute: 60000, counterKey: gateway, estimatePromptTokens: true }\n    backends:",
      )
      .replace(/rate: 2\/s/g, "rate: 3/s");
    const r = run(yaml);
    // Each region gets 180 requests a minute of 1,100 tokens (198,000) against its own 60,000: about 54 a minute
    // admitted in each, twice what one shared counter would admit.
    const served = r.deployments["east/ptu"].served + r.deployments["west/ptu"].served;
    expect(served / 10 / 2).toBeGreaterThan(50);
    expect(served / 10 / 2).toBeLessThan(60);
    const regions = r.gateways.apim.regions;
    expect((regions.eastus.tokenLimited ?? 0) + (regions.westus3.tokenLimited ?? 0)).toBe(
      r.gateways.apim.tokenLimited,
    );
  });

  it("leaves a gateway without tokenLimit with no token-limit fields in its report", () => {
    const r = run(ptuAndPaygo("next"));
    expect(r.gateways.apim.tokenLimited).toBeUndefined();
    expect(r.gateways.apim.regions.eastus.tokenLimited).toBeUndefined();
  });
});

describe("semantic cache", () => {
  it("answers its hit rate of requests without a backend call, faster, and bills its stated prices", () => {
    const base = tokenLimited({ estimate: true }).replace(/ {4}tokenLimit:.*\n/, "");
    const cached = base.replace(
      "    backends:",
      "    semanticCache: { hitRate: 0.3, lookupLatency: 50ms, embeddingPricePerMillionTokens: 0.02, cacheMonthly: 1000 }\n    backends:",
    );
    const plain = run(base);
    const r = run(cached);
    const c = r.gateways.apim.semanticCache;
    if (c === undefined) throw new Error("expected semanticCache counts");
    expect(c.lookups).toBe(r.gateways.apim.requests);
    expect(c.hitRate).toBeGreaterThan(0.27);
    expect(c.hitRate).toBeLessThan(0.33);
    expect(r.deployments["a/paygo"].attempts).toBe(c.lookups - c.hits);
    expect(c.embeddingTokens).toBe(500 * c.lookups);
    expect(parseReport(JSON.parse(JSON.stringify(r))).ok).toBe(true);
    expect(r.requests.successRate).toBe(1);
    // Hits take the lookup's 50 ms, not a model's seconds: 30 % of them cut the mean by about 30 %.
    expect(r.latency.e2e.mean).toBeLessThan(0.8 * plain.latency.e2e.mean);
    // With no hits every request pays the 50 ms lookup before it is forwarded, and nothing else changes.
    const misses = run(cached.replace("hitRate: 0.3", "hitRate: 0"));
    expect(misses.latency.e2e.mean - plain.latency.e2e.mean).toBeCloseTo(50, 0);
    // The cache's month (1,000) and its embeddings are on the gateway's bill.
    expect(r.cost.monthly.gateway - plain.cost.monthly.gateway).toBeGreaterThan(1000);
    expect(conservationHolds(r)).toBe(true);
  });
});

/** The first problem line a scenario is refused with. */
function refusal(yaml: string): string {
  try {
    loadScenario(yaml, "bad.yaml");
  } catch (e) {
    return (e as ScenarioError).message;
  }
  throw new Error("expected a refusal");
}

describe("bad inputs", () => {
  it("names the gateway region a per-region priority leaves out", () => {
    const msg = refusal(twoRegions({ east: "{ eastus: 1 }", west: "{ eastus: 2, westus3: 1 }" }));
    expect(msg).toContain("bad.yaml");
    expect(msg).toContain("gateways[0].backends[0].priority");
    expect(msg).toContain("no priority for gateway region westus3");
  });

  it("exits 2 from the command line with one line naming the file, the path and the missing region", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "spillway-f-")), "local-first.yaml");
    writeFileSync(file, twoRegions({ east: "{ eastus: 1 }", west: "{ eastus: 2, westus3: 1 }" }));
    const r = await cli(["validate", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("local-first.yaml");
    expect(r.stderr).toContain("no priority for gateway region westus3");
  });

  it("names a per-region priority key that is not a region of the gateway, with the near miss", () => {
    const msg = refusal(
      twoRegions({ east: "{ eastus: 1, westus3: 2, westus2: 3 }", west: "{ eastus: 2, westus3: 1 }" }),
    );
    expect(msg).toContain('"westus2" is not a region of gateway apim (did you mean "westus3"?)');
  });

  it("refuses target: next with a pool of one backend, and a target outside same | next", () => {
    const one = ptuAndPaygo("next").replace("      - { deployment: a/paygo, priority: 2 }\n", "");
    expect(refusal(one)).toContain("gateways[0].retry.target");
    expect(refusal(ptuAndPaygo("next").replace("target: next", "target: paygo"))).toContain("target");
  });

  it("refuses a token limit on Consumption and one without estimatePromptTokens", () => {
    expect(refusal(tokenLimited({ estimate: true, tier: "Consumption" }))).toContain(
      "AI token limit policies aren't available in the Consumption tier",
    );
    const missing = tokenLimited({ estimate: true }).replace(", estimatePromptTokens: true", "");
    expect(refusal(missing)).toContain("estimatePromptTokens");
  });

  it("refuses a hit rate above 1 and an unknown counter key", () => {
    const base = tokenLimited({ estimate: true });
    expect(refusal(base.replace("counterKey: workload", "counterKey: user"))).toContain("counterKey");
    const cache = base.replace("    backends:", "    semanticCache: { hitRate: 1.5 }\n    backends:");
    expect(refusal(cache)).toContain("hitRate");
  });
});
