/**
 * Per-workload cost shares (report.json `workloads.*.cost`): each line of the bill shared by its own basis, and the
 * shares adding up exactly to the run's figures, on a hand-worked case and on every example scenario.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MODELS } from "../../src/catalog/index.js";
import { loadScenarioFile } from "../../src/cli/io.js";
import { apportion } from "../../src/cost/workload-shares.js";
import type { Report } from "../../src/report/report-types.js";
import { runScenario } from "../../src/run/run-scenario.js";
import { run } from "../helpers.js";

const PERIODS = ["horizon", "monthly"] as const;
const KEYS = ["total", "provisioned", "tokens", "gateway"] as const;

/** Money in whole units of report.json's rounding (4 decimals). */
const units = (v: number) => Math.round(v * 1e4);

/** Every figure of `cost.<period>` against the sum of the workloads' shares of it. */
function sharesAndTotals(r: Report): { path: string; total: number; sum: number; sumUnits: number }[] {
  const ws = Object.values(r.workloads);
  return PERIODS.flatMap((p) =>
    KEYS.map((k) => ({
      path: `cost.${p}.${k}`,
      total: r.cost[p][k],
      sum: ws.reduce((a, w) => a + w.cost[p][k], 0),
      sumUnits: ws.reduce((a, w) => a + units(w.cost[p][k]), 0),
    })),
  );
}

describe("apportion", () => {
  it("splits in proportion and the parts sum to the total exactly", () => {
    expect(apportion(1, [1, 3], 0.01)).toEqual([0.25, 0.75]);
    const parts = apportion(100, [1, 1, 1]);
    expect(parts.map(units).reduce((a, b) => a + b, 0)).toBe(units(100));
    // 1,000,000 units over three equal weights: one unit left over, to the first (ties go to the earlier).
    expect(parts.map(units)).toEqual([333334, 333333, 333333]);
  });

  it("gives the units left to the largest remainders, and splits equally when nobody used the line", () => {
    expect(apportion(0.001, [1, 2, 7]).map(units)).toEqual([1, 2, 7]);
    // Quotas 1.5, 0.9 and 0.6 units: floors 1, 0, 0, and the two units left go to the remainders 0.9 and 0.6.
    expect(apportion(0.0003, [0.5, 0.3, 0.2]).map(units)).toEqual([1, 1, 1]);
    expect(apportion(0.0004, [0, 0]).map(units)).toEqual([2, 2]);
    expect(apportion(0, [1, 2])).toEqual([0, 0]);
    // Beyond 2^53 units no split is exact: plain proportions, at once.
    const [a, b] = apportion(3e30, [1, 2]);
    expect(a / 1e30).toBeCloseTo(1, 12);
    expect(b / 1e30).toBeCloseTo(2, 12);
  });
});

describe("a hand-worked two-workload case", () => {
  // One PTU deployment, no cache, no throttling: two workloads at the same constant rate, the second with three
  // times the prompt and three times the completion of the first, so it consumed three times the normalized tokens
  // (uncached prompt + outputWeight x completion) whatever the output weight.
  const scenario = (gateway: boolean) => `
name: shares
duration: 10m
accounts:
  - name: a
    region: eastus
    deployments:
      - { name: ptu, model: gpt-4.1, sku: GlobalProvisionedManaged, capacity: 200 }
${gateway ? "gateways:\n  - { name: gw, tier: Standard, units: 1, regions: [eastus], backends: [{ deployment: a/ptu }] }\n" : ""}traffic:
  - { name: small, region: eastus, via: ${gateway ? "gw" : "a/ptu"}, arrival: { type: constant, rate: 1/s }, promptTokens: 1000, completionTokens: 100, maxTokens: 100 }
  - { name: large, region: eastus, via: ${gateway ? "gw" : "a/ptu"}, arrival: { type: constant, rate: 1/s }, promptTokens: 3000, completionTokens: 300, maxTokens: 300 }
`;

  it("shares the PTUs by the normalized tokens each workload consumed: 1 to 3", () => {
    const r = run(scenario(false));
    expect(r.requests.failed).toBe(0);
    const { small, large } = r.workloads;
    expect(small.requests.arrived).toBe(large.requests.arrived);
    expect(small.cost.monthly.provisioned + large.cost.monthly.provisioned).toBeCloseTo(
      r.cost.monthly.provisioned,
      6,
    );
    expect(small.cost.monthly.provisioned).toBeCloseTo(r.cost.monthly.provisioned / 4, 3);
    expect(large.cost.monthly.provisioned).toBeCloseTo((3 * r.cost.monthly.provisioned) / 4, 3);
    expect(small.cost.monthly.total).toBeCloseTo(r.cost.monthly.total / 4, 3);
  });

  it("weighs completion tokens by the model's output weight", () => {
    // 2 x 1000 prompt vs 1000 prompt + 300 completion per second: the shares follow uncached prompt + w x completion.
    const w = MODELS["gpt-4.1"].outputWeight;
    const r = run(
      scenario(false)
        .replace(
          "rate: 1/s }, promptTokens: 1000, completionTokens: 100",
          "rate: 2/s }, promptTokens: 1000, completionTokens: 1",
        )
        .replace("promptTokens: 3000, completionTokens: 300", "promptTokens: 1000, completionTokens: 300"),
    );
    const small = 2 * (1000 + w * 1);
    const large = 1000 + w * 300;
    expect(r.workloads.small.cost.monthly.provisioned).toBeCloseTo(
      (r.cost.monthly.provisioned * small) / (small + large),
      3,
    );
  });

  it("shares a gateway by the requests each workload sent through it", () => {
    const r = run(scenario(true));
    const { small, large } = r.workloads;
    expect(r.cost.monthly.gateway).toBeGreaterThan(0);
    // Same number of requests each: half the gateway each, to the unit (the odd unit, if any, to the first).
    expect(
      Math.abs(units(small.cost.monthly.gateway) - units(large.cost.monthly.gateway)),
    ).toBeLessThanOrEqual(1);
    expect(small.cost.monthly.provisioned).toBeCloseTo(r.cost.monthly.provisioned / 4, 3);
  });

  it("shares a line nobody used equally", () => {
    // A second PTU deployment nobody calls: paid for both workloads, half each.
    const r = run(
      scenario(false).replace(
        "capacity: 200 }",
        "capacity: 200 }\n      - { name: idle, model: gpt-4.1, sku: GlobalProvisionedManaged, capacity: 50 }",
      ),
    );
    const idle = r.cost.byDeployment["a/idle"].monthly;
    const busy = r.cost.byDeployment["a/ptu"].monthly;
    expect(r.workloads.small.cost.monthly.provisioned).toBeCloseTo(busy / 4 + idle / 2, 3);
  });
});

describe("the shares add up to the run's cost", () => {
  const root = join(import.meta.dirname, "../..");
  const examples = readdirSync(join(root, "scenarios"))
    .filter((f) => f.endsWith(".yaml"))
    .sort();

  it.each(examples)("%s: every cost figure, exactly in report units and within a cent", (file) => {
    // Loaded from its file (a trace is found beside it); 40 minutes keeps every outage window of the examples.
    const r = runScenario(loadScenarioFile(join(root, "scenarios", file), { sets: ["duration=40m"] })).report;
    expect(Object.keys(r.workloads).length).toBeGreaterThan(0);
    for (const { path, total, sum, sumUnits } of sharesAndTotals(r)) {
      expect(sumUnits, path).toBe(units(total));
      expect(Math.abs(sum - total), path).toBeLessThan(0.01);
    }
  });
});

describe("the shares add up on any estate", () => {
  // A PTU deployment spilling over to pay-as-you-go behind a gateway, and 2 to 4 workloads of any rate and size:
  // whatever the split, every figure of the workloads sums to the run's, to the last unit.
  const workload = fc.record({
    rate: fc.integer({ min: 1, max: 8 }),
    prompt: fc.integer({ min: 50, max: 4000 }),
    completion: fc.integer({ min: 1, max: 800 }),
    direct: fc.boolean(),
  });
  it("for random workloads, seeds and capacities", () => {
    fc.assert(
      fc.property(
        fc.array(workload, { minLength: 2, maxLength: 4 }),
        fc.integer({ min: 3, max: 60 }).map((k) => 5 * k),
        fc.nat(1000),
        (ws, ptu, seed) => {
          const traffic = ws
            .map(
              (w, i) =>
                `  - { name: w${i}, region: eastus, via: ${w.direct ? "a/ptu" : "gw"}, arrival: { type: poisson, rate: ${w.rate}/s }, promptTokens: ${w.prompt}, completionTokens: ${w.completion}, maxTokens: ${w.completion} }`,
            )
            .join("\n");
          const r = run(`
name: random-shares
seed: ${seed}
duration: 3m
accounts:
  - name: a
    region: eastus
    deployments:
      - { name: ptu, model: gpt-4.1, sku: GlobalProvisionedManaged, capacity: ${ptu}, spilloverDeploymentName: paygo }
      - { name: paygo, model: gpt-4.1, sku: GlobalStandard, capacity: 2000 }
gateways:
  - { name: gw, tier: Standard, units: 1, regions: [eastus], backends: [{ deployment: a/ptu }] }
traffic:
${traffic}
`);
          for (const { path, total, sumUnits } of sharesAndTotals(r))
            expect(sumUnits, path).toBe(units(total));
        },
      ),
      { numRuns: 12 },
    );
  });
});
