/**
 * `plan --robust` on the planner core with fake I/O: the scenario in memory and a runner that never simulates. A
 * replication's outcome is a function of its point's capacity and of the PTU bucket window the task sets, so the
 * rules (a point passes only at its own values and at both ends of every knob it uses; which knob changed the
 * recommendation) are checked in milliseconds. The command line around it is in test/cli/sensitivity.test.ts.
 */
import { describe, expect, it } from "vitest";
import { SpillwayError } from "../../src/errors.js";
import { PLAN_METRICS, type PlanTask, type TaskResult } from "../../src/plan/evaluate.js";
import { knobEnds } from "../../src/plan/knob-ends.js";
import { mergePlans, type Plan, renderPlanMarkdown } from "../../src/plan/plan.js";
import { renderPlanHtml } from "../../src/plan/plan-report.js";
import { parsePlan } from "../../src/plan/plan-schema.js";
import { type PlanRequest, planScenario, preparePlan } from "../../src/plan/planner.js";
import type { TaskRunner } from "../../src/plan/worker-pool.js";
import { loadScenario } from "../../src/scenario/load.js";
import { fakePlannerIo, planRequest } from "./fake-io.js";
import { CAPACITY, ptuScenario } from "./fixtures.js";

const WINDOW = "accounts.a.deployments.ptu.bucket.window";
const SLO = "throttle.client.rate < 0.01";

/** The `--set` values of a task (a later one wins, as in the loader), by path. */
function setsOf(task: PlanTask): Map<string, string> {
  return new Map(task.sets.map((s) => [s.slice(0, s.indexOf("=")), s.slice(s.indexOf("=") + 1)]));
}

/**
 * A deployment that stops throttling from `enough` PTUs, or from `shortBucket` PTUs when its bucket window is under
 * 60 s (a short bucket absorbs less of a burst); $100 per PTU.
 */
function outcome(enough: number, shortBucket: number) {
  return (task: PlanTask): TaskResult => {
    const sets = setsOf(task);
    const capacity = Number(sets.get(CAPACITY));
    const need = Number(sets.get(WINDOW) ?? 60) < 60 ? shortBucket : enough;
    const throttle = capacity >= need ? 0 : 0.5;
    const metrics = Object.fromEntries(PLAN_METRICS.map((m) => [m, 0]));
    metrics["throttle.client.rate"] = throttle;
    metrics["cost.monthly.total"] = capacity * 100;
    const slo = [{ expression: SLO, actual: throttle, passed: throttle < 0.01, level: "error" as const }];
    return { point: task.point, replication: task.replication, seed: task.seed, hash: "h", metrics, slo };
  };
}

/** A runner over `evaluate` that keeps every task it ran. */
function fakeRunner(evaluate: (task: PlanTask) => TaskResult) {
  const tasks: PlanTask[] = [];
  const runner: TaskRunner = {
    run: async (batch, done) => {
      for (const [i, task] of batch.entries()) {
        tasks.push(task);
        done(i, evaluate(task));
      }
    },
    close: async () => {},
  };
  return { runner, tasks };
}

/** A robust grid plan over capacities `values`, one replication. */
const request = (values: string, extra: Partial<PlanRequest> = {}) =>
  planRequest("robust-test.yaml", values, { robust: true, replications: 1, ...extra });

const text = ptuScenario({ name: "robust-test" });
/** The knob ends the fixture's scenario moves (those it does not already have). */
const moved = knobEnds(loadScenario(text, "robust-test.yaml")).filter((e) => !e.sameAsBase);

/** A plan of the fake deployment: enough at 45 PTU, 65 with a short bucket. */
async function robustPlan(values: string, extra: Partial<PlanRequest> = {}) {
  const fake = fakeRunner(outcome(45, 65));
  const plan = await planScenario(request(values, extra), fakePlannerIo(text, fake.runner));
  return { plan, tasks: fake.tasks };
}

const at = (plan: Plan, capacity: number) => plan.points.find((p) => p.values[CAPACITY] === capacity);

describe("plan --robust", () => {
  it("fails a point that passes at its own values but not at a knob's end, and names the knob", async () => {
    const { plan, tasks } = await robustPlan("35,45,65", { replications: 2 });
    // Every point runs at its own values and at each end it does not already have, in every replication.
    expect(moved.map((e) => `${e.knob.name} ${e.end}`)).toContain("provisioned.bucket.window low");
    expect(tasks).toHaveLength(3 * 2 * (1 + moved.length));
    expect(tasks.filter((t) => setsOf(t).get(WINDOW) === "10")).toHaveLength(3 * 2);
    const p45 = at(plan, 45);
    expect(p45?.meetsSlo).toBe(false);
    expect(p45?.robust?.meetsSloAtBase).toBe(true);
    expect(p45?.robust?.failedBy).toEqual(["provisioned.bucket.window"]);
    expect(p45?.robust?.ends).toContainEqual({
      knob: "provisioned.bucket.window",
      end: "low",
      value: 10,
      failed: [SLO],
    });
    // The high end (120 s) is not short: it holds.
    expect(p45?.robust?.ends).toContainEqual({
      knob: "provisioned.bucket.window",
      end: "high",
      value: 120,
      failed: [],
    });
    // A point failing at its own values was not failed by a knob.
    expect(at(plan, 35)?.robust?.failedBy).toEqual([]);
    expect(at(plan, 65)?.meetsSlo).toBe(true);
    expect(at(plan, 65)?.robust?.failedBy).toEqual([]);
  });

  it("reports the recommendation without --robust and the knob that changes it", async () => {
    const { plan } = await robustPlan("35,45,65");
    expect(plan.recommended?.values).toEqual({ [CAPACITY]: 65 });
    expect(plan.recommended?.reason).toMatch(/both ends of every knob/);
    expect(plan.robust?.baseRecommended?.values).toEqual({ [CAPACITY]: 45 });
    expect(plan.robust?.changedBy).toEqual(["provisioned.bucket.window"]);
    expect(plan.robust?.knobs).toContain("provisioned.bucket.window");
    const md = renderPlanMarkdown(plan);
    expect(md).toContain(
      "**Without --robust:** accounts.a.deployments.ptu.capacity=45 ($4,500 per month); provisioned.bucket.window changes it: the robust recommendation is accounts.a.deployments.ptu.capacity=65 ($6,500 per month).",
    );
    expect(md).toMatch(/\| \*\*fail\*\* \| provisioned\.bucket\.window low \(10\) \|/);
    const html = renderPlanHtml(plan, []);
    expect(html).toContain("<strong>Without --robust:</strong> accounts.a.deployments.ptu.capacity=45");
    // plan.json as written reads back (a merge reads shards).
    expect(parsePlan(JSON.parse(JSON.stringify(plan))).ok).toBe(true);
  });

  it("says the recommendation holds when no knob end moves it", async () => {
    // A short bucket needs no more PTUs here: the cheapest passing point is the same either way.
    const fake = fakeRunner(outcome(45, 45));
    const plan = await planScenario(request("35,45,65"), fakePlannerIo(text, fake.runner));
    expect(plan.recommended?.values).toEqual({ [CAPACITY]: 45 });
    expect(plan.robust?.changedBy).toEqual([]);
    expect(renderPlanMarkdown(plan)).toContain(
      "**Without --robust:** the same recommendation, accounts.a.deployments.ptu.capacity=45 ($4,500 per month).",
    );
  });

  it("without --robust plans as before: one run per point and replication, no robust fields", async () => {
    const fake = fakeRunner(outcome(45, 65));
    const plan = await planScenario(request("35,45,65", { robust: false }), fakePlannerIo(text, fake.runner));
    expect(fake.tasks).toHaveLength(3);
    expect(plan.recommended?.values).toEqual({ [CAPACITY]: 45 });
    expect(plan.robust).toBeUndefined();
    expect(plan.points.every((p) => p.robust === undefined)).toBe(true);
    expect(JSON.stringify(plan)).not.toContain('"robust":');
  });

  it("leaves a knob the plan sweeps alone", async () => {
    const { plan, tasks } = await robustPlan("45,65", { vary: [`${CAPACITY}=45,65`, `${WINDOW}=30,60`] });
    // The window comes from --vary only: no end of it is added after the point's own value.
    for (const t of tasks) expect(t.sets.filter((s) => s.startsWith(`${WINDOW}=`))).toHaveLength(1);
    expect(plan.robust?.knobs).not.toContain("provisioned.bucket.window");
    expect(plan.points.find((p) => p.values[WINDOW] === 30 && p.values[CAPACITY] === 45)?.meetsSlo).toBe(
      false,
    );
  });

  it("bisects to the robust frontier and to the frontier without --robust", async () => {
    const { plan } = await robustPlan("15..155:10", { search: "bisect" });
    expect(plan.search).toBe("bisect");
    expect(plan.recommended?.values).toEqual({ [CAPACITY]: 65 });
    expect(plan.robust?.baseRecommended?.values).toEqual({ [CAPACITY]: 45 });
    expect(plan.robust?.changedBy).toEqual(["provisioned.bucket.window"]);
    expect(plan.points.length).toBeLessThan(15);
  });

  it("merged shards give the robust plan of the whole grid; shards of both kinds do not merge", async () => {
    const { plan: whole } = await robustPlan("35,45,65");
    const shards = await Promise.all(["1/2", "2/2"].map((shard) => robustPlan("35,45,65", { shard })));
    expect(shards.map((s) => s.plan.robust?.baseRecommended)).toEqual([null, null]);
    expect(
      JSON.stringify(
        mergePlans(
          shards.map((s) => s.plan),
          true,
        ),
      ),
    ).toBe(JSON.stringify(whole));
    const { plan: plain } = await robustPlan("35,45,65", { shard: "2/2", robust: false });
    expect(() => mergePlans([shards[0].plan, plain], true)).toThrow(/--robust and some without/);
  });

  it("refuses a robust plan without SLOs, or one whose scenario variants exceed the grid limit, before any run", async () => {
    const refusal = (req: PlanRequest, scenario = text) => {
      const fake = fakeRunner(outcome(45, 65));
      try {
        preparePlan(req, fakePlannerIo(scenario, fake.runner));
      } catch (error) {
        expect(error).toBeInstanceOf(SpillwayError);
        expect((error as SpillwayError).exitCode).toBe(2);
        expect(fake.tasks).toHaveLength(0);
        return (error as Error).message;
      }
      throw new Error("the plan was not refused");
    };
    expect(refusal(request("35,45,65"), ptuScenario({ name: "robust-test", slo: [] }))).toMatch(
      /--robust .* the scenario has no slo; add one, or drop --robust/,
    );
    const knobs = new Set(moved.map((e) => e.knob.name)).size;
    expect(refusal(request("15..5014:1"))).toBe(
      `--robust: 5,000 points x (1 + 2 x ${knobs} knobs) = ${(5000 * (1 + 2 * knobs)).toLocaleString("en-US")} scenario variants, above 10,000; raise the steps or split the sweep into shards of several plans`,
    );
  });

  it("plan.json with robust points but no robust summary is refused on read", async () => {
    const { plan } = await robustPlan("35,45");
    const json = JSON.parse(JSON.stringify(plan));
    delete json.robust;
    const parsed = parsePlan(json);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems[0]).toMatch(/points\[0\]\.robust/);
  });
});
