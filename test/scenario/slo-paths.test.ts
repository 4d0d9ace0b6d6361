/**
 * SLO paths are checked against the metric registry when the scenario is loaded — before anything runs — expanded
 * with the scenario's own deployment, gateway and region names; a typo names the metric meant, with its YAML line.
 */
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluateSlos, SloPathError } from "../../src/check/slo.js";
import type { Report } from "../../src/report/report-types.js";
import { loadScenario } from "../../src/scenario/load.js";
import { ScenarioError } from "../../src/scenario/problems.js";
import { cli } from "../cli/run-cli.js";
import { run } from "../helpers.js";

/** Two deployments (one provisioned) behind a one-region gateway, two minutes of traffic, and the given SLOs. */
function scenario(slo: string[]): string {
  return `name: slo-paths
seed: 3
duration: 2m
accounts:
  - name: aoai
    region: eastus
    deployments:
      - { name: ptu, model: gpt-4.1, sku: GlobalProvisionedManaged, capacity: 15 }
      - { name: paygo, model: gpt-4.1, sku: GlobalStandard, capacity: 300 }
gateways:
  - name: apim
    tier: Standard
    units: 1
    regions: [eastus]
    backends:
      - { deployment: aoai/ptu, priority: 1 }
      - { deployment: aoai/paygo, priority: 2 }
traffic:
  - name: chat
    via: apim
    arrival: { type: poisson, rate: 1/s }
    promptTokens: 500
    completionTokens: 100
    maxTokens: 200
slo:
${slo.map((s) => `  - ${JSON.stringify(s)}`).join("\n")}
`;
}

/** The problems loading the scenario raises (none: an empty list). */
function problems(slo: string[]) {
  try {
    loadScenario(scenario(slo), "s.yaml");
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as ScenarioError).problems;
  }
}

describe("SLO paths are registry metrics, checked when the scenario loads", () => {
  it("rejects latency.e2e.p59, naming latency.e2e.p95 and the line", () => {
    expect(problems(["throttle.client.rate < 1%", "latency.e2e.p59 < 8s"])).toEqual([
      {
        path: "slo[1]",
        line: 27,
        message: '"latency.e2e.p59" is not a report metric; did you mean "latency.e2e.p95"?',
      },
    ]);
  });

  it("accepts the metrics of the scenario's own deployments, gateway, regions and backends", () => {
    expect(
      problems([
        "deployments.aoai/ptu.utilization.max < 1.5",
        "deployments.aoai/paygo.throttled == 0",
        "gateways.apim.regions.eastus.queueFull == 0",
        "gateways.apim.circuitBreakerTrips.aoai/paygo >= 0",
        "cost.billing.aoai/ptu.monthly.hourly > 0",
        "cost.byDeployment.aoai/paygo.monthly >= 0",
        "requests.successRate > 90%",
        "requests.errored.rate < 1%",
      ]),
    ).toEqual([]);
  });

  it.each([
    // A name the scenario does not have: the nearest real path.
    ["deployments.aoai/payg.served > 0", /did you mean "deployments\.aoai\/paygo\.served"\?/],
    [
      "gateways.apim.regions.westus.queueFull == 0",
      /did you mean "gateways\.apim\.regions\.eastus\.queueFull"\?/,
    ],
    // cost.billing holds provisioned deployments only.
    [
      "cost.billing.aoai/paygo.monthly.hourly > 0",
      /"cost\.billing\.aoai\/paygo\.monthly\.hourly" is not a report metric/,
    ],
    // Nothing near: the keys that exist at the deepest level the path got right.
    ["latency.foo.bar < 1", /under latency: e2e, ttft/],
    // Numbers that are not metrics, with the reason.
    ["timeseries.arrivals.0 > 0", /\(timeseries: per-step series for charts/],
    ["seed == 3", /\(seed: the run's seed, an input\)/],
    // The success rate's former name finds its registry path.
    ["requests.success.rate > 0.9", /did you mean "requests\.successRate"\?/],
    ["success.rate > 0.9", /did you mean "requests\.successRate"\?/],
    // A path to an object, not a number.
    ["latency.e2e < 8s", /"latency\.e2e" is not a report metric/],
  ])("refuses %s", (slo, message) => {
    const found = problems([slo]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ path: "slo[0]", line: 26 });
    expect(found[0].message).toMatch(message);
  });

  it("spillway validate and run refuse it with exit 2 before anything runs or is written", async () => {
    const dir = mkdtempSync(join(tmpdir(), "spillway-slo-paths-"));
    const file = join(dir, "s.yaml");
    writeFileSync(file, scenario(["latency.e2e.p59 < 8s"]));
    const validate = await cli(["validate", file]);
    expect(validate.code).toBe(2);
    expect(validate.stderr).toContain(
      'line 26: slo[0]: "latency.e2e.p59" is not a report metric; did you mean "latency.e2e.p95"?',
    );
    const out = join(dir, "out");
    const result = await cli(["run", file, "--out", out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('did you mean "latency.e2e.p95"?');
    expect(existsSync(out)).toBe(false);
  });
});

describe("evaluating SLOs on the report (check/slo.ts, called by run/)", () => {
  it("evaluates stored and derived metrics on the run's report", () => {
    const report = run(
      scenario(["requests.successRate >= 99%", "requests.errored.rate == 0", "latency.e2e.p95 < 1ms"]),
    );
    expect(report.slo).toEqual([
      {
        expression: "requests.successRate >= 99%",
        actual: report.requests.successRate,
        passed: true,
        level: "error",
      },
      { expression: "requests.errored.rate == 0", actual: 0, passed: true, level: "error" },
      { expression: "latency.e2e.p95 < 1ms", actual: report.latency.e2e.p95, passed: false, level: "error" },
    ]);
    expect(report.requests.successRate).toBe(report.requests.succeeded / report.requests.arrived);
  });

  it("a metric that is null in this run is an exit-2 error naming why", () => {
    const report = { gateways: { apim: { capacityPerSecond: null } } } as unknown as Report;
    const slo = loadScenario(scenario(["gateways.apim.capacityPerSecond > 1"]), "s.yaml").slo;
    expect(() => evaluateSlos(slo, report)).toThrow(SloPathError);
    expect(() => evaluateSlos(slo, report)).toThrow(
      /slo\[0\]: "gateways\.apim\.capacityPerSecond" is null in this run \(it is when the tier is Consumption/,
    );
  });
});
