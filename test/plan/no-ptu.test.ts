/**
 * capacity 0 on a provisioned deployment: no PTU deployment (pure pay-as-you-go). The run equals the same scenario
 * without the deployment, it can be swept by plan, and it is refused where it means nothing.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { payAsYouGoEstateMonthly } from "../../src/report/compare.js";
import type { Report } from "../../src/report/report-types.js";
import { runScenario } from "../../src/run/run-scenario.js";
import { loadScenario } from "../../src/scenario/load.js";
import { cli } from "../cli/run-cli.js";

const root = join(import.meta.dirname, "../..");
const spilloverFile = join(root, "scenarios/ptu-native-spillover.yaml");
const spillover = readFileSync(spilloverFile, "utf8");
const capacity = "accounts.aoai-eastus.deployments.gpt41-ptu.capacity";

const run = (text: string, sets: string[] = []): Report =>
  runScenario(loadScenario(text, "s.yaml", { sets })).report;

/** The parts of a report the deployment's absence must leave exactly as without it. */
function outcome(r: Report) {
  return {
    requests: r.requests,
    attempts: r.attempts,
    latency: r.latency,
    cost: { horizon: r.cost.horizon, monthly: r.cost.monthly, byDeployment: r.cost.byDeployment },
    deployments: r.deployments,
    timeseries: { arrivals: r.timeseries.arrivals, served: r.timeseries.served },
  };
}

describe("capacity 0: no PTU deployment", () => {
  it("runs as the same scenario without the deployment, its traffic going straight to the spillover target", () => {
    const zero = run(spillover, [`${capacity}=0`]);
    // The same scenario written without the PTU deployment: the workload calls the pay-as-you-go one.
    const without = spillover
      .replace(/ {6}- name: gpt41-ptu\n(?: {8}.*\n)+/, "")
      .replace("via: aoai-eastus/gpt41-ptu", "via: aoai-eastus/gpt41-paygo");
    expect(without).not.toContain("gpt41-ptu\n");
    const reference = run(without);
    expect(outcome(zero)).toEqual(outcome(reference));
    // No PTU cost, no call to it: it is not in the report at all.
    expect(zero.cost.monthly.provisioned).toBe(0);
    expect(Object.keys(zero.deployments)).toEqual(["aoai-eastus/gpt41-paygo"]);
    expect(zero.cost.billing).toEqual({});
    // The PTU design's cost minus its PTUs is not the same run (the PTU served part of the traffic), but the tokens
    // of the pay-as-you-go estate are all there.
    expect(zero.deployments["aoai-eastus/gpt41-paygo"].served).toBe(zero.requests.succeeded);
    // compare's reference row (the estate with its PTUs on pay-as-you-go) predicts this run's cost from the PTU run.
    const estate = payAsYouGoEstateMonthly(run(spillover)) ?? Number.NaN;
    expect(Math.abs(estate - zero.cost.monthly.total) / zero.cost.monthly.total).toBeLessThan(1e-3);
  });

  it("leaves a gateway pool's other backends to carry the traffic", () => {
    const file = join(root, "scenarios/apim-priority-pool.yaml");
    const text = readFileSync(file, "utf8");
    const scenario = loadScenario(text, file, {});
    const ptu = scenario.deployments.find((d) => d.kind === "provisioned");
    expect(ptu).toBeDefined();
    const [account, name] = (ptu?.id ?? "").split("/");
    const report = runScenario(
      loadScenario(text, file, { sets: [`accounts.${account}.deployments.${name}.capacity=0`] }),
    ).report;
    expect(report.deployments[ptu?.id ?? ""]).toBeUndefined();
    expect(report.cost.monthly.provisioned).toBe(0);
    expect(report.requests.succeeded).toBeGreaterThan(0);
  });

  it("is refused on a standard deployment, and where nothing would serve the traffic", () => {
    expect(() => run(spillover, ["accounts.aoai-eastus.deployments.gpt41-paygo.capacity=0"])).toThrow(
      /capacity 0 is for provisioned deployments only \(it means no PTU deployment\)/,
    );
    const noSpill = spillover.replace(/ +spilloverDeploymentName: .*\n/, "");
    expect(() => run(noSpill, [`${capacity}=0`])).toThrow(
      /"aoai-eastus\/gpt41-ptu" has capacity 0 \(no PTU deployment\) and no spilloverDeploymentName, so nothing would serve workload "chat"/,
    );
    // A PTU count below the minimum is still refused: only 0 means "none".
    expect(() => run(spillover, [`${capacity}=5`])).toThrow(/5 PTU is not deployable/);
  });

  it("can be swept by plan next to PTU sizes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "no-ptu-plan-"));
    try {
      const r = await cli([
        "plan",
        spilloverFile,
        "--vary",
        `${capacity}=0,100`,
        "--replications",
        "1",
        "--workers",
        "1",
        "--out",
        dir,
      ]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const plan = JSON.parse(readFileSync(join(dir, "plan.json"), "utf8")) as Plan;
      expect(plan.points.map((p) => p.values[capacity])).toEqual([0, 100]);
      const [none, hundred] = plan.points;
      expect(none.metrics["cost.monthly.provisioned"].mean).toBe(0);
      expect(none.metrics["cost.monthly.total"].mean).toBeLessThan(
        hundred.metrics["cost.monthly.total"].mean,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
