/**
 * The sensitivity core (src/plan/sensitivity.ts) and its renderers: real simulations in this thread on a bursty PTU
 * scenario whose knob effect is known (a shorter bucket window raises spillover), a runner that never simulates for
 * the counting rules, and hand-made sensitivity.json values for the tornado's order and the no-knob case. The command
 * line around it is in test/cli/sensitivity.test.ts.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { SpillwayError } from "../../src/errors.js";
import { PLAN_METRICS, type PlanTask, type TaskResult } from "../../src/plan/evaluate.js";
import { knobEnds } from "../../src/plan/knob-ends.js";
import { aggregatePoint } from "../../src/plan/plan.js";
import {
  buildSensitivity,
  prepareSensitivity,
  SENSITIVITY_METRICS,
  type Sensitivity,
  type SensitivityAssumption,
  type SensitivityIo,
} from "../../src/plan/sensitivity.js";
import {
  NO_KNOB_MESSAGE,
  renderSensitivityHtml,
  renderSensitivityMarkdown,
  renderSensitivityTerminal,
  sensitivityCharts,
} from "../../src/plan/sensitivity-report.js";
import { inThreadRunner, type TaskRunner } from "../../src/plan/worker-pool.js";
import { loadScenario } from "../../src/scenario/load.js";
import { burstyPtuScenario } from "./bursty-fixture.js";
import { fakePlannerIo } from "./fake-io.js";

const text = burstyPtuScenario();
const FILE = "bursty-ptu.yaml";

/** Fake I/O: the bursty scenario in memory, runs on `runner`. */
const fakeIo = (runner: TaskRunner): SensitivityIo => fakePlannerIo(text, runner);

const request = (replications = 1) => ({ file: FILE, sets: [], replications, maxRequests: 100_000_000 });
/** The knob ends of the scenario that move something (the others reuse the base run). */
const moved = knobEnds(loadScenario(text, FILE)).filter((e) => !e.sameAsBase);

describe("sensitivity on a bursty PTU scenario", () => {
  let s: Sensitivity;
  beforeAll(async () => {
    s = await prepareSensitivity(request(), fakeIo(inThreadRunner(() => ""))).run();
  });

  it("writes the contract's shape: scenario, metrics, base, and per knob its range and results at both ends", () => {
    expect(s.scenario.name).toBe("bursty-ptu");
    expect(s.scenario.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(s.metrics).toEqual([
      "throttle.client.rate",
      "spillover.rate",
      "latency.e2e.p95",
      "cost.monthly.total",
    ]);
    expect(Object.keys(s.base)).toEqual(s.metrics);
    expect(s.runs).toBe(1 + moved.length);
    const bucket = s.assumptions.find((a) => a.name === "provisioned.bucket.window") as SensitivityAssumption;
    expect(bucket).toMatchObject({ base: 60, low: 10, high: 120, components: ["a/ptu"], sameAsBase: [] });
    expect(bucket.sets).toEqual({
      low: ["accounts.a.deployments.ptu.bucket.window=10"],
      high: ["accounts.a.deployments.ptu.bucket.window=120"],
    });
    expect(Object.keys(bucket.results.low)).toEqual(s.metrics);
    expect(Object.keys(bucket.results.high)).toEqual(s.metrics);
    for (const a of s.assumptions) {
      for (const m of s.metrics) {
        const values = [s.base[m], a.results.low[m], a.results.high[m]];
        expect(a.swing[m]).toBeCloseTo(Math.max(...values) - Math.min(...values), 9);
      }
    }
  });

  it("finds the known effect: a 10 s bucket spills far more than the 60 s default, which breaks the SLO", () => {
    const bucket = s.assumptions.find((a) => a.name === "provisioned.bucket.window") as SensitivityAssumption;
    expect(s.base["spillover.rate"]).toBeLessThan(0.01);
    expect(bucket.results.low["spillover.rate"]).toBeGreaterThan(0.2);
    expect(bucket.results.high["spillover.rate"]).toBeLessThanOrEqual(s.base["spillover.rate"]);
    expect(s.mostInfluential["spillover.rate"]).toBe("provisioned.bucket.window");
    expect(s.slo).toEqual(["spillover.rate < 0.05"]);
    expect(s.baseFailedSlo).toEqual([]);
    expect(bucket.failedSlo).toEqual({ low: ["spillover.rate < 0.05"], high: [] });
    expect(renderSensitivityTerminal(s)).toMatch(
      /spillover rate: provisioned\.bucket\.window \(\d+\.\d% at 10 s, 0% at 120 s; base 0%\)/,
    );
  });

  it("an end the scenario already has reuses the base run", () => {
    // The standard deployment's RPM window is 10 s, the knob's high end.
    const rpm = s.assumptions.find((a) => a.name === "standard.rpmWindow") as SensitivityAssumption;
    expect(rpm.sameAsBase).toEqual(["high"]);
    expect(rpm.results.high).toEqual(s.base);
  });

  it("renders every knob in sensitivity.md, and the page with no script", () => {
    const md = renderSensitivityMarkdown(s);
    for (const a of s.assumptions) expect(md).toContain(`| ${a.name} |`);
    expect(md).toContain("`--set accounts.a.deployments.ptu.bucket.window=10`");
    const html = renderSensitivityHtml(s, []);
    expect(html).not.toContain("<script");
    expect(html).toMatch(/content="default-src 'none'; script-src ; /);
  });
});

describe("sensitivity runs", () => {
  /** A runner that never simulates: every metric 0, the cost the seed. */
  function countingRunner() {
    const tasks: PlanTask[] = [];
    const runner: TaskRunner = {
      run: async (batch, done) => {
        for (const [i, task] of batch.entries()) {
          tasks.push(task);
          const metrics = Object.fromEntries(PLAN_METRICS.map((m) => [m, 0]));
          metrics["cost.monthly.total"] = task.seed;
          done(i, {
            point: task.point,
            replication: task.replication,
            seed: task.seed,
            hash: "h",
            metrics,
            slo: [],
          });
        }
      },
      close: async () => {},
    };
    return { runner, tasks };
  }

  it("runs the base and each moved end once per replication, and reports means", async () => {
    const fake = countingRunner();
    const prepared = prepareSensitivity(request(2), fakeIo(fake.runner));
    expect(prepared.runs).toBe(2 * (1 + moved.length));
    const s = await prepared.run();
    expect(fake.tasks).toHaveLength(2 * (1 + moved.length));
    expect(s.replications).toEqual({ count: 2, seeds: [3, 4] });
    expect(s.base["cost.monthly.total"]).toBe(3.5);
  });

  it("refuses bad replications and a bad --set before any run (exit 2)", () => {
    for (const [req, message] of [
      [{ ...request(), replications: 0 }, /--replications: 0 is not a whole number from 1 to 1000/],
      [{ ...request(), sets: ["accounts.a.deployments.ptu.capacity=-5"] }, /capacity/],
    ] as const) {
      const fake = countingRunner();
      let error: unknown;
      try {
        prepareSensitivity(req, fakeIo(fake.runner));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SpillwayError);
      expect((error as SpillwayError).exitCode).toBe(2);
      expect((error as Error).message).toMatch(message);
      expect(fake.tasks).toHaveLength(0);
    }
  });
});

/** A hand-made assumption whose spillover at the low and high end is given (every other metric at the base). */
function assumption(name: string, low: number, high: number): SensitivityAssumption {
  const at = (spill: number) => ({ ...BASE, "spillover.rate": spill });
  const values = [BASE["spillover.rate"], low, high];
  return {
    name,
    kind: "absolute",
    unit: "s",
    base: 60,
    low: 10,
    high: 120,
    components: ["a/ptu"],
    sets: { low: [], high: [] },
    sameAsBase: [],
    results: { low: at(low), high: at(high) },
    swing: {
      ...Object.fromEntries(SENSITIVITY_METRICS.map((m) => [m, 0])),
      "spillover.rate": Math.max(...values) - Math.min(...values),
    },
    failedSlo: { low: [], high: [] },
  };
}

const BASE = {
  "throttle.client.rate": 0,
  "spillover.rate": 0.05,
  "latency.e2e.p95": 3000,
  "cost.monthly.total": 1000,
};

/** A sensitivity.json with the given assumptions. */
function sensitivity(assumptions: SensitivityAssumption[]): Sensitivity {
  return {
    schemaVersion: 1,
    tool: { name: "spillway", version: "0" },
    scenario: { name: "hand-made", hash: "h" },
    metrics: [...SENSITIVITY_METRICS],
    replications: { count: 1, seeds: [1] },
    runs: 1 + 2 * assumptions.length,
    base: BASE,
    slo: [],
    baseFailedSlo: [],
    assumptions,
    mostInfluential: {},
  };
}

describe("the tornado chart", () => {
  it("lists the knobs that move a metric by decreasing swing, with the change from the base at each end", () => {
    const s = sensitivity([
      assumption("small", 0.06, 0.04),
      assumption("none", 0.05, 0.05),
      assumption("large", 0.3, 0.01),
      assumption("middle", 0.05, 0.15),
    ]);
    const spill = sensitivityCharts(s)[SENSITIVITY_METRICS.indexOf("spillover.rate")];
    expect(spill.config.data.labels.map((l) => l.split(" ")[0])).toEqual(["large", "middle", "small"]);
    expect(spill.title).toBe("spillover rate: base 5.00%; knobs by swing (1 other knob(s) do not move it)");
    // Percentage points from the base: large goes to 30% at its low end, 1% at its high end.
    expect(spill.config.data.datasets[0].data).toEqual([25, 0, 1]);
    expect(spill.config.data.datasets[1].data).toEqual([-4, 10, -1]);
    expect(spill.table.rows.map((r) => r[0])).toEqual(["large", "middle", "small"]);
    // No knob moves the latency: the chart says so and draws nothing.
    const latency = sensitivityCharts(s)[SENSITIVITY_METRICS.indexOf("latency.e2e.p95")];
    expect(latency.config.data.labels).toEqual([]);
    expect(latency.title).toBe("latency e2e p95: 3.00 s at every end, no knob moves it");
  });
});

describe("a scenario that uses no undocumented knob", () => {
  it("gives an empty assumptions list, no most-influential knob, and says so in every output", () => {
    const scenario = loadScenario(text, FILE);
    const point = aggregatePoint(0, {}, [
      {
        point: 0,
        replication: 0,
        seed: 3,
        hash: "h",
        metrics: Object.fromEntries(PLAN_METRICS.map((m) => [m, 0])) as TaskResult["metrics"],
        slo: [],
      },
    ]);
    const s = buildSensitivity(scenario, [3], 1, [], () => point);
    expect(s.assumptions).toEqual([]);
    expect(s.mostInfluential).toEqual(Object.fromEntries(SENSITIVITY_METRICS.map((m) => [m, null])));
    expect(renderSensitivityTerminal(s)).toContain(NO_KNOB_MESSAGE);
    expect(renderSensitivityMarkdown(s)).toContain(
      "The scenario uses none of the undocumented knobs (README, Assumptions)",
    );
    expect(renderSensitivityHtml(s, [])).toContain("The scenario uses none of the undocumented knobs");
    const charts = sensitivityCharts(s);
    expect(charts.map((c) => c.title)).toEqual(["No undocumented knob applies to this scenario"]);
  });
});
