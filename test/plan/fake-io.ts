/**
 * The planner's I/O and requests faked for tests of the plan cores (`plan`, `plan --robust`, `sensitivity`): nothing
 * touches a disk, and the runner is the test's own.
 */
import type { PlannerIo, PlanRequest } from "../../src/plan/planner.js";
import type { TaskRunner } from "../../src/plan/worker-pool.js";
import { CAPACITY } from "./fixtures.js";

/** The scenario `text` in memory, no files the scenario names, no traces, no cache entries, runs on `runner`. */
export function fakePlannerIo(text: string, runner: TaskRunner, extra: Partial<PlannerIo> = {}): PlannerIo {
  return {
    readScenario: () => text,
    readNamed: (name) => {
      throw new Error(`no file ${name}`);
    },
    resolvePath: (name) => `/nowhere/${name}`,
    sampleTraces: () => new Map(),
    stat: () => ({ size: 0, mtimeMs: 0 }),
    buildId: () => "code-1",
    cache: { read: () => undefined, write: () => {} },
    runner,
    ...extra,
  };
}

/** A plan request of `file` over the fixture's capacities `values` (a `--vary` spec), grid search, two replications, no cache. */
export function planRequest(file: string, values: string, extra: Partial<PlanRequest> = {}): PlanRequest {
  return {
    file,
    vary: [`${CAPACITY}=${values}`],
    replications: 2,
    search: "grid",
    sets: [],
    maxRequests: 100_000_000,
    cacheDir: null,
    ...extra,
  };
}
