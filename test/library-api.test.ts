/** The library API (src/index.ts) is enough for a program to load, run, check and render a scenario. */
import { describe, expect, it } from "vitest";
import * as spillway from "../src/index.js";

const scenario = `
name: lib
duration: 2m
accounts:
  - name: a
    region: eastus
    deployments:
      - { name: ptu, model: gpt-4.1, sku: GlobalProvisionedManaged, capacity: 50 }
traffic:
  - { name: w, via: a/ptu, arrival: { type: poisson, rate: 1/s }, promptTokens: 500, completionTokens: 50 }
slo:
  - "requests.successRate >= 99%"
`;

describe("the library API", () => {
  it("loads, sizes, runs, validates and renders a scenario from one import", () => {
    const resolved = spillway.loadScenario(scenario, "lib.yaml");
    expect(spillway.estimateRun(resolved).requests).toBe(120);
    const { report } = spillway.runScenario(resolved);
    expect(spillway.parseReport(JSON.parse(JSON.stringify(report))).ok).toBe(true);
    expect(report.slo[0]).toMatchObject({ expression: "requests.successRate >= 99%", passed: true });
    expect(spillway.readMetric(report, "requests.successRate")).toBe(report.requests.successRate);
    expect(spillway.renderMarkdown(report)).toMatch(/^# lib/);
    expect(spillway.reportView(report).sections.length).toBeGreaterThan(3);
  });

  it("reports bad input as a SpillwayError carrying its problems and exit code 2", () => {
    let caught: unknown;
    try {
      spillway.loadScenario(scenario.replace("capacity: 50", "capacity: 51"), "lib.yaml");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(spillway.SpillwayError);
    expect((caught as spillway.SpillwayError).exitCode).toBe(spillway.ExitCode.InvalidInput);
    expect((caught as spillway.SpillwayError).problems[0].path).toBe("accounts[0].deployments[0].capacity");
  });

  it("exposes the registries a plug-in author reads: SKUs, routing policies, metrics", () => {
    expect(spillway.SKUS).toContain("GlobalProvisionedManaged");
    expect(Object.keys(spillway.ROUTING_POLICIES)).toEqual(["backend-pool", "smart-lb"]);
    expect(spillway.findMetric("latency.e2e.p95")?.metric.unit).toBe("ms");
  });
});
