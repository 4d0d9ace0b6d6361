/**
 * The planner core (src/plan/planner.ts) with fake I/O: the scenario in memory, an in-memory cache, and a runner that
 * never simulates — each replication's outcome is a function of its point, so every search rule is checked in
 * milliseconds. The command line around it is tested in plan.test.ts; real threads once in test/cli/binary.test.ts.
 */
import { describe, expect, it } from "vitest";
import { SpillwayError } from "../../src/errors.js";
import { PLAN_METRICS, type PlanTask, type TaskResult } from "../../src/plan/evaluate.js";
import { mergePlans, type Plan } from "../../src/plan/plan.js";
import { type CacheIo, decodeCacheEntry } from "../../src/plan/plan-cache.js";
import {
  type PlannerIo,
  type PlanRequest,
  type Progress,
  planScenario,
  preparePlan,
} from "../../src/plan/planner.js";
import type { TaskRunner } from "../../src/plan/worker-pool.js";
import { fakePlannerIo, planRequest } from "./fake-io.js";
import { CAPACITY, ptuScenario } from "./fixtures.js";

/** The scenario, with `slo` lines as given. */
const scenario = (slo?: string[]) => ptuScenario({ name: "planner-test", slo });

/** The `--vary` values a task carries (the last `--set`s), by path. */
function valuesOf(task: PlanTask): Record<string, string> {
  return Object.fromEntries(task.sets.map((s) => [s.slice(0, s.indexOf("=")), s.slice(s.indexOf("=") + 1)]));
}

/**
 * A model of a deployment: throttling falls to zero from `enough` PTUs on, cost is $100 per PTU, and a replication's
 * seed moves the cost by a cent so replications differ. Each replication judges the scenario's SLOs: throttling, and
 * a cost `ceiling` when one is given (none when `judged` is false: a scenario without SLOs).
 */
function outcome(enough: number, { ceiling = Number.POSITIVE_INFINITY, judged = true } = {}) {
  return (task: PlanTask): TaskResult => {
    const capacity = Number(valuesOf(task)[CAPACITY]);
    const throttle = capacity >= enough ? 0 : 0.5;
    const cost = capacity * 100 + task.seed / 100;
    const metrics = Object.fromEntries(PLAN_METRICS.map((m) => [m, 0]));
    metrics["throttle.client.rate"] = throttle;
    metrics["cost.monthly.total"] = cost;
    const slo: TaskResult["slo"] = [];
    if (judged)
      slo.push({
        expression: "throttle.client.rate < 0.01",
        actual: throttle,
        passed: throttle < 0.01,
        level: "error",
      });
    if (Number.isFinite(ceiling))
      slo.push({
        expression: "cost.monthly.total < ceiling",
        actual: cost,
        passed: cost < ceiling,
        level: "error",
      });
    return { point: task.point, replication: task.replication, seed: task.seed, hash: "h", metrics, slo };
  };
}

/** A runner over `evaluate` that counts its runs; `reverse` delivers each batch's results last to first. */
function fakeRunner(evaluate: (task: PlanTask) => TaskResult, reverse = false) {
  const runner = {
    runs: 0,
    batches: [] as number[],
    run: async (tasks: readonly PlanTask[], done: (i: number, r: TaskResult) => void) => {
      runner.batches.push(tasks.length);
      const order = tasks.map((_, i) => i);
      if (reverse) order.reverse();
      for (const i of order) {
        runner.runs++;
        done(i, evaluate(tasks[i]));
      }
    },
    close: async () => {},
  } satisfies TaskRunner & { runs: number; batches: number[] };
  return runner;
}

/** An in-memory cache folder. */
function memoryCache(): CacheIo & { files: Map<string, string> } {
  const files = new Map<string, string>();
  return { files, read: (path) => files.get(path), write: (path, text) => files.set(path, text) };
}

/** Fake I/O over an in-memory cache. */
const fakeIo = (text: string, runner: TaskRunner, extra: Partial<PlannerIo> = {}): PlannerIo =>
  fakePlannerIo(text, runner, { cache: memoryCache(), ...extra });

/** A plan request of the test scenario over capacities `values`. */
const request = (values: string, extra: Partial<PlanRequest> = {}): PlanRequest =>
  planRequest("planner-test.yaml", values, extra);

/** The capacities of a plan's points, in grid order. */
const capacities = (plan: Plan) => plan.points.map((p) => p.values[CAPACITY]);

/** The SpillwayError message of a plan that must be refused before any run. */
function refusal(req: PlanRequest, text = scenario()): string {
  const runner = fakeRunner(outcome(45));
  try {
    preparePlan(req, fakeIo(text, runner));
  } catch (error) {
    expect(error).toBeInstanceOf(SpillwayError);
    expect((error as SpillwayError).exitCode).toBe(2);
    expect(runner.runs).toBe(0);
    return (error as Error).message;
  }
  throw new Error("the plan was not refused");
}

describe("a grid plan", () => {
  it("evaluates every point with every replication and recommends the cheapest point meeting the SLOs", async () => {
    const runner = fakeRunner(outcome(45));
    const plan = await planScenario(request("15..75:10"), fakeIo(scenario(), runner));
    expect(runner.runs).toBe(7 * 2);
    expect(capacities(plan)).toEqual([15, 25, 35, 45, 55, 65, 75]);
    expect(plan.replications).toEqual({ count: 2, seeds: [5, 6] });
    expect(plan.points.map((p) => p.meetsSlo)).toEqual([false, false, false, true, true, true, true]);
    expect(plan.recommended?.values).toEqual({ [CAPACITY]: 45 });
    // The mean over the two seeds' costs (4,500.05 and 4,500.06).
    expect(plan.recommended?.costMonthly).toBeCloseTo(4500.055, 9);
  });

  it("without SLOs recommends the cheapest point; with SLOs none met recommends nothing", async () => {
    const free = await planScenario(
      request("15..35:10"),
      fakeIo(scenario([]), fakeRunner(outcome(45, { judged: false }))),
    );
    expect(free.recommended?.values).toEqual({ [CAPACITY]: 15 });
    expect(free.recommended?.reason).toMatch(/no SLO/);
    const none = await planScenario(request("15..35:10"), fakeIo(scenario(), fakeRunner(outcome(45))));
    expect(none.recommended).toBeNull();
  });

  it("gives the same plan whatever order the runner returns results in", async () => {
    const inOrder = await planScenario(request("15..75:10"), fakeIo(scenario(), fakeRunner(outcome(45))));
    const reversed = await planScenario(
      request("15..75:10"),
      fakeIo(scenario(), fakeRunner(outcome(45), true)),
    );
    expect(JSON.stringify(reversed)).toBe(JSON.stringify(inOrder));
  });

  it("shards split the grid, and merged they give the plan of the whole grid", async () => {
    const whole = await planScenario(request("15..75:10"), fakeIo(scenario(), fakeRunner(outcome(45))));
    const shards = await Promise.all(
      ["1/3", "2/3", "3/3"].map((shard) =>
        planScenario(request("15..75:10", { shard }), fakeIo(scenario(), fakeRunner(outcome(45)))),
      ),
    );
    expect(shards.map(capacities)).toEqual([
      [15, 45, 75],
      [25, 55],
      [35, 65],
    ]);
    // A shard recommends nothing: only the merged plan sees every point.
    expect(shards.map((s) => s.recommended)).toEqual([null, null, null]);
    expect(JSON.stringify(mergePlans(shards, true))).toBe(JSON.stringify(whole));
  });

  it("reports progress over every run, and announces a plan of more than 1,000 runs", async () => {
    const events: string[] = [];
    const progress = (total: number): Progress => {
      events.push(`start ${total}`);
      return { increment: () => events.push("+"), stop: () => events.push("stop") };
    };
    const notices: string[] = [];
    const io = fakeIo(scenario(), fakeRunner(outcome(45)), { progress, notice: (l) => notices.push(l) });
    await planScenario(request("15..75:10"), io);
    expect(events).toEqual(["start 14", ...Array(14).fill("+"), "stop"]);
    expect(notices).toEqual([]);
    // Said before the points are checked (that takes a while too): here the first point is refused right after.
    const big = fakeIo(scenario(), fakeRunner(outcome(45)), { notice: (l) => notices.push(l) });
    expect(() => preparePlan(request("17,15", { replications: 501 }), big)).toThrow(/17 PTU/);
    expect(notices).toEqual(["spillway plan: 1,002 runs (2 points x 501 replications)"]);
  });
});

describe("every point is checked before any run", () => {
  it("a point that is not a valid scenario is refused, naming its value", () => {
    expect(refusal(request("15,17,25"))).toMatch(/capacity: 17 PTU is not deployable/);
  });

  it("a point that would simulate more than --max-requests is refused with its size", () => {
    const req = { ...request("15,25"), vary: [`${CAPACITY}=15,25`, "traffic.w.arrival.rate=2/s,5000/s"] };
    expect(refusal({ ...req, maxRequests: 1_000_000 })).toMatch(/requests would be simulated/);
  });

  it.each<[string, Partial<PlanRequest>, RegExp]>([
    ["no --vary", { vary: [] }, /plan needs at least one --vary/],
    ["0 replications", { replications: 0 }, /--replications: 0 is not a whole number from 1 to 1000/],
    ["1,001 replications", { replications: 1001 }, /--replications: 1001/],
    ["a bad range", { vary: [`${CAPACITY}=5..1`] }, /FROM must not exceed TO/],
    ["a repeated path", { vary: [`${CAPACITY}=15,25`, `${CAPACITY}=35`] }, /is given twice/],
    ["an unknown search", { search: "random" }, /--search: use grid, bisect or auto, not "random"/],
    ["shard 3 of 2", { shard: "3/2" }, /--shard: "3\/2" is not I\/N with 1 <= I <= N/],
    ["a shard of a bisection", { shard: "1/2", search: "bisect" }, /--shard splits a grid search/],
    ["a bisection going down", { vary: [`${CAPACITY}=35,25,15`], search: "bisect" }, /sweeps upwards/],
    [
      "a bisection over two dimensions",
      { vary: [`${CAPACITY}=15,25`, "traffic.w.maxTokens=300,400"], search: "bisect" },
      /exactly one numeric --vary dimension/,
    ],
    ["an unknown path", { vary: ["accounts.nope.deployments.ptu.capacity=15,25"] }, /no entry "nope"/],
  ])("%s", (_, change, message) => {
    expect(refusal({ ...request("15..35:10"), ...change })).toMatch(message);
  });

  it("a bisection without SLOs is refused", () => {
    expect(refusal(request("15..35:10", { search: "bisect" }), scenario([]))).toMatch(/a scenario with SLOs/);
  });
});

describe("bisection", () => {
  it("finds the grid's answer with fewer points, for any threshold", async () => {
    for (const enough of [15, 25, 65, 135]) {
      const grid = await planScenario(request("15..135:10"), fakeIo(scenario(), fakeRunner(outcome(enough))));
      const runner = fakeRunner(outcome(enough));
      const bisect = await planScenario(
        request("15..135:10", { search: "bisect" }),
        fakeIo(scenario(), runner),
      );
      expect(bisect.search).toBe("bisect");
      expect(bisect.recommended?.values, `threshold ${enough}`).toEqual(grid.recommended?.values);
      expect(bisect.points.length).toBeLessThanOrEqual(Math.ceil(Math.log2(13)) + 2);
      expect(runner.runs).toBe(bisect.points.length * 2);
    }
  });

  it("auto bisects a long capacity sweep with SLOs, and grids a short one", async () => {
    const long = await planScenario(
      request("15..135:10", { search: "auto" }),
      fakeIo(scenario(), fakeRunner(outcome(45))),
    );
    expect(long.search).toBe("bisect");
    const short = await planScenario(
      request("15..75:10", { search: "auto" }),
      fakeIo(scenario(), fakeRunner(outcome(45))),
    );
    expect(short.search).toBe("grid");
  });

  it("with a cost ceiling the largest value fails: every point is evaluated and the grid's answer found", async () => {
    // Enough PTUs from 45, but above $10,000 (100 PTU) too expensive: not monotone, so bisection must give up.
    const model = outcome(45, { ceiling: 10_000 });
    const grid = await planScenario(request("15..135:10"), fakeIo(scenario(), fakeRunner(model)));
    const auto = await planScenario(
      request("15..135:10", { search: "auto" }),
      fakeIo(scenario(), fakeRunner(model)),
    );
    expect(auto.search).toBe("bisect");
    expect(auto.points).toHaveLength(13);
    expect(auto.recommended?.values).toEqual({ [CAPACITY]: 45 });
    expect(auto.recommended?.values).toEqual(grid.recommended?.values);
  });
});

describe("the cache", () => {
  /** A plan of capacities `values` through `cache` on `runner`, built by `code`. */
  const cached = (
    values: string,
    cache: CacheIo,
    runner: TaskRunner,
    code = "code-1",
    extra: Partial<PlanRequest> = {},
  ) =>
    planScenario(
      request(values, { cacheDir: "cache", ...extra }),
      fakeIo(scenario(), runner, { cache, buildId: () => code }),
    );

  it("a second plan reads every replication from the cache and gives the same plan", async () => {
    const cache = memoryCache();
    const first = fakeRunner(outcome(45));
    const cold = await cached("15..75:10", cache, first);
    expect(first.runs).toBe(14);
    expect(cache.files.size).toBe(14);
    const second = fakeRunner(outcome(45));
    const warm = await cached("15..75:10", cache, second);
    expect(second.runs).toBe(0);
    expect(JSON.stringify(warm)).toBe(JSON.stringify(cold));
  });

  it("a result cached by another build is not reused", async () => {
    const cache = memoryCache();
    await cached("15..35:10", cache, fakeRunner(outcome(45)), "code-1");
    // The new build computes differently: its plan must show its own results, not the cached ones.
    const rebuilt = fakeRunner(outcome(25));
    const plan = await cached("15..35:10", cache, rebuilt, "code-2");
    expect(rebuilt.runs).toBe(6);
    expect(plan.recommended?.values).toEqual({ [CAPACITY]: 25 });
    expect(cache.files.size).toBe(12);
  });

  it("a damaged entry is recomputed and rewritten; a cache-less plan neither reads nor writes", async () => {
    const cache = memoryCache();
    const cold = await cached("15..35:10", cache, fakeRunner(outcome(45)));
    for (const path of cache.files.keys()) cache.files.set(path, '{"key":"x","result":{"metrics":{}}}');
    const runner = fakeRunner(outcome(45));
    const again = await cached("15..35:10", cache, runner);
    expect(runner.runs).toBe(6);
    expect(JSON.stringify(again)).toBe(JSON.stringify(cold));
    for (const [path, text] of cache.files) {
      expect(decodeCacheEntry(text, path.replace(/^cache\/|\.json$/g, ""), 1)).toBeDefined();
    }
    const none = memoryCache();
    const uncached = fakeRunner(outcome(45));
    await planScenario(request("15..35:10"), fakeIo(scenario(), uncached, { cache: none }));
    expect(uncached.runs).toBe(6);
    expect(none.files.size).toBe(0);
  });

  it("keys change with each replication's seed and each point's values", async () => {
    const cache = memoryCache();
    await cached("15..35:10", cache, fakeRunner(outcome(45)), "code-1", { replications: 3 });
    expect(new Set(cache.files.keys()).size).toBe(9);
  });
});
