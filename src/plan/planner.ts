/**
 * The planner: from a scenario and `--vary` specs to plan.json. Every point is validated and sized before any run,
 * then the grid is searched (every point, or a bisection over one capacity dimension), one slice of it with
 * `--shard`, each point with N replications, cached results reused, and the replications aggregated by the pure
 * functions of plan.ts. Everything that touches the world — files, the cache folder, the build's identity, the
 * threads, the progress display — is passed in ({@link PlannerIo}), so the rules run in tests without a disk.
 */
import { dirname, resolve } from "node:path";
import { inputError } from "../errors.js";
import { loadScenario } from "../scenario/load.js";
import type { ResolvedScenario } from "../scenario/resolve.js";
import type { TraceSample } from "../sim/estimate.js";
import type { PlanTask, TaskResult } from "./evaluate.js";
import { type KnobEnd, knobEnds, knobsOf } from "./knob-ends.js";
import {
  aggregatePoint,
  buildPlan,
  failedSlos,
  nextBisection,
  type Plan,
  type PlanPoint,
  type PointRobustness,
} from "./plan.js";
import {
  type CacheIo,
  type FileStamp,
  planCacheKey,
  readCachedResult,
  writeCachedResult,
} from "./plan-cache.js";
import { sizeRun } from "./run-size.js";
import { gridPoints, gridSize, MAX_GRID_POINTS, parseVary, type VaryDimension } from "./vary.js";
import type { TaskRunner } from "./worker-pool.js";

/** A plan as the command line asks for it; every field is checked by {@link preparePlan}. */
export interface PlanRequest {
  /** Scenario file as the user named it (messages, and the folder of the files it names). */
  file: string;
  /** `--vary` specs. */
  vary: readonly string[];
  /** Replications per point. */
  replications: number;
  /** grid | bisect | auto. */
  search: string;
  /** `I/N`, 1-based, or undefined for the whole grid. */
  shard?: string;
  /** `--set` applied to every point. */
  sets: readonly string[];
  /** Refuse points whose runs would simulate more requests than this. */
  maxRequests: number;
  /** Folder of cached replications, or null to recompute everything. */
  cacheDir: string | null;
  /**
   * `--robust`: each point is also run at the low and the high end of every undocumented knob it uses, and passes only
   * if it meets the SLOs at all of them.
   */
  robust?: boolean;
}

/** A progress display over a known number of runs. */
export interface Progress {
  /** One run done (computed or read from the cache). */
  increment(): void;
  /** The plan is done. */
  stop(): void;
}

/** What the planner needs of the world. */
export interface PlannerIo {
  /** The scenario file's text; throws a SpillwayError naming the file when it cannot be read. */
  readScenario(file: string): string;
  /** Reads a file the scenario names (a token sample) by the name it gives; throws an Error saying why not. */
  readNamed(name: string): string;
  /** Resolves a path the scenario names (a trace) against the scenario's folder. */
  resolvePath(name: string): string;
  /** Opens every trace a scenario replays (a bad one fails here) and samples its rows, by workload name. */
  sampleTraces(scenario: ResolvedScenario): ReadonlyMap<string, TraceSample>;
  /** Size and modification time of a trace, for the cache key. */
  stat(path: string): FileStamp;
  /** The identity of the code that simulates (src/plan/build-id.ts): a new build, a new cache. */
  buildId(): string;
  /** The cache folder's files. */
  cache: CacheIo;
  /** Where the runs execute. */
  runner: TaskRunner;
  /** Starts a progress display over `total` runs (none when absent). */
  progress?(total: number): Progress | Promise<Progress>;
  /** Tells the user something before a long plan (nothing when absent). */
  notice?(line: string): void;
}

/** A plan whose every point is validated, sized and keyed: nothing left to fail but the runs themselves. */
export interface PreparedPlan {
  /** The scenario's name (outputs are named after it). */
  name: string;
  /** The search chosen (auto resolved). */
  search: "grid" | "bisect";
  /** The slice of the grid this plan evaluates, or null for all of it. */
  shard: Plan["shard"];
  /** Whether the scenario has SLOs (without them a plan still recommends the cheapest point). */
  hasSlo: boolean;
  /** Evaluates the points (cached replications first) and builds plan.json. */
  run(): Promise<Plan>;
}

/** An input problem of the plan: one line, exit 2. */
const refuse = (message: string) => inputError("", message);

/**
 * The scenario file, read once, and a loader of it under a `--set` list and a seed: plan, sensitivity and forecast
 * all run one file many ways. Traces and token samples resolve against the file's folder through `io`.
 */
export function scenarioLoader(
  file: string,
  io: Pick<PlannerIo, "readScenario" | "readNamed" | "resolvePath">,
): { text: string; load: (sets: string[], seed?: number) => ResolvedScenario } {
  const text = io.readScenario(file);
  return {
    text,
    load: (sets, seed) =>
      loadScenario(text, file, { sets, seed, readFile: io.readNamed, resolvePath: io.resolvePath }),
  };
}

/** Checks `--replications` (plan and sensitivity): a whole number from 1 to 1000. */
export function checkReplications(replications: number): void {
  if (!Number.isInteger(replications) || replications < 1 || replications > 1000) {
    throw refuse(`--replications: ${replications} is not a whole number from 1 to 1000`);
  }
}

/** A scenario variant a point runs: the point itself (no knob moved), or one knob at one end. */
interface Variant {
  /** The knob end, or null for the point as the scenario has it. */
  end: KnobEnd | null;
  /** Each replication's cache key ("" without a cache). */
  keys: string[];
}

/** Parses `--shard I/N`. */
function parseShard(text: string | undefined): Plan["shard"] {
  if (text === undefined) return null;
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (m === null || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) {
    throw refuse(`--shard: "${text}" is not I/N with 1 <= I <= N`);
  }
  return { index: Number(m[1]), count: Number(m[2]) };
}

/**
 * Checks a plan before spending any compute: the `--vary` specs and grid size, every point as a scenario of its own
 * (each replication's seed included) and its run size, the search and the shard. Throws a SpillwayError (exit 2)
 * for the first problem.
 */
export function preparePlan(request: PlanRequest, io: PlannerIo): PreparedPlan {
  if (request.vary.length === 0)
    throw refuse("plan needs at least one --vary PATH=FROM..TO[:STEP] or PATH=a,b,c");
  const { replications } = request;
  checkReplications(replications);
  let vary: VaryDimension[];
  try {
    vary = request.vary.map(parseVary);
  } catch (error) {
    throw refuse((error as Error).message);
  }
  const paths = vary.map((d) => d.path);
  const repeated = paths.find((p, i) => paths.indexOf(p) !== i);
  if (repeated !== undefined) throw refuse(`--vary: "${repeated}" is given twice; give each path once`);
  const { file } = request;
  const { text, load } = scenarioLoader(file, io);
  const base = load([...request.sets]);
  // Count before building: a 1,000 x 1,000 grid must be refused with its size, not allocated.
  const gridCount = gridSize(vary);
  if (gridCount > MAX_GRID_POINTS) {
    throw refuse(
      `--vary: the grid has ${gridCount.toLocaleString("en-US")} points (${vary.map((d) => d.values.length).join(" x ")}), above ${MAX_GRID_POINTS.toLocaleString("en-US")}; raise the steps or split the sweep into shards of several plans`,
    );
  }
  // --robust: a knob the plan sweeps is the user's question, not an assumption to move under it.
  const robust = request.robust === true;
  const fixed = new Set(paths);
  if (robust && base.slo.length === 0) {
    throw refuse(
      "--robust judges each point by its SLOs at the ends of the knobs it uses, and the scenario has no slo; add one, or drop --robust",
    );
  }
  // Each point runs once, and with --robust once more per end of each knob (counted on the unvaried scenario before
  // any point is built; a point's own knobs are counted again below).
  const knobCount = robust ? knobsOf(knobEnds(base, fixed)).length : 0;
  const tooMany = (variants: number, what: string) => {
    if (variants > MAX_GRID_POINTS) {
      throw refuse(
        `--robust: ${what} = ${variants.toLocaleString("en-US")} scenario variants, above ${MAX_GRID_POINTS.toLocaleString("en-US")}; raise the steps or split the sweep into shards of several plans`,
      );
    }
  };
  tooMany(
    gridCount * (1 + 2 * knobCount),
    `${gridCount.toLocaleString("en-US")} points x (1 + 2 x ${knobCount} knobs)`,
  );
  // Traces are opened once (their samples size every point); a missing trace fails here, before any run.
  const traces = io.sampleTraces(base);
  const seeds = Array.from({ length: replications }, (_, r) => base.seed + r);
  const grid = gridPoints(vary);
  const runs = grid.length * (1 + 2 * knobCount) * seeds.length;
  if (runs > 1000) {
    io.notice?.(
      robust
        ? `spillway plan: up to ${runs.toLocaleString("en-US")} runs (${grid.length.toLocaleString("en-US")} points x ${seeds.length} replications x (1 + 2 x ${knobCount} knobs))`
        : `spillway plan: ${runs.toLocaleString("en-US")} runs (${grid.length.toLocaleString("en-US")} points x ${seeds.length} replications)`,
    );
  }
  const setsOf = (values: (number | string)[]) => [
    ...request.sets,
    ...vary.map((d, k) => `${d.path}=${values[k]}`),
  ];
  // Validate every point (with --robust, every knob end of it too) up front, exit 2 before spending compute, and learn
  // each replication's cache key.
  const code = request.cacheDir === null ? "" : io.buildId();
  const ends: KnobEnd[][] = [];
  const variants: Variant[][] = grid.map((values, i) => {
    const loadAll = (sets: string[]) =>
      seeds.map((seed) => {
        const scenario = load(sets, seed);
        sizeRun(file, scenario, traces, request.maxRequests);
        return scenario;
      });
    const keysOf = (scenarios: ResolvedScenario[]) =>
      scenarios.map((s) => (request.cacheDir === null ? "" : planCacheKey(s, code, io.stat)));
    const own = loadAll(setsOf(values));
    ends[i] = robust ? knobEnds(own[0], fixed) : [];
    // An end the point already has is the point's own run.
    const moved = ends[i].filter((e) => !e.sameAsBase);
    return [
      { end: null, keys: keysOf(own) },
      ...moved.map((end) => ({ end, keys: keysOf(loadAll([...setsOf(values), ...end.sets])) })),
    ];
  });
  tooMany(
    variants.reduce((n, v) => n + v.length, 0),
    `${gridCount.toLocaleString("en-US")} points and the knob ends they use`,
  );
  const search = chooseSearch(request.search, vary, grid.length, base.slo.length > 0);
  const shard = parseShard(request.shard);
  if (shard !== null && search !== "grid") throw refuse("--shard splits a grid search; use --search grid");

  const folder = dirname(resolve(file));
  const inShard = (i: number) => shard === null || i % shard.count === shard.index - 1;
  // What the progress bar counts: a bisection's steps are not known in advance (with --robust it also bisects to the
  // points that pass at the base alone, for the recommendation without --robust).
  const perPoint = Math.max(...variants.map((v) => v.length));
  const total =
    search === "grid"
      ? variants.filter((_, i) => inShard(i)).reduce((n, v) => n + v.length, 0) * seeds.length
      : (Math.ceil(Math.log2(grid.length)) * (robust ? 2 : 1) + 2) * perPoint * seeds.length;

  /** Evaluates the points at `indices` (every variant of each): cached replications first, the rest on the runner. */
  const evaluate = async (indices: number[], progress: Progress | undefined): Promise<PlanPoint[]> => {
    const tasks: PlanTask[] = [];
    const taskKeys: string[] = [];
    // Each variant of each point is a run of its own; results come back by run, in any order.
    const runsOf = indices.map((i) =>
      variants[i].map((variant) => {
        const run = tasks.length;
        const sets = [...setsOf(grid[i]), ...(variant.end?.sets ?? [])];
        for (const [r, seed] of seeds.entries()) {
          tasks.push({ point: run, replication: r, text, file, folder, sets, seed });
          taskKeys.push(variant.keys[r]);
        }
        return run;
      }),
    );
    const results = cachedResults(tasks, taskKeys, request.cacheDir, io.cache, base.slo.length);
    for (const r of results) if (r !== undefined) progress?.increment();
    const todo = tasks.flatMap((_, k) => (results[k] === undefined ? [k] : []));
    await io.runner.run(
      todo.map((k) => tasks[k]),
      (j, result) => {
        const k = todo[j];
        results[k] = result;
        if (request.cacheDir !== null) writeCachedResult(io.cache, request.cacheDir, taskKeys[k], result);
        progress?.increment();
      },
    );
    const byRun = new Map<number, TaskResult[]>();
    for (const r of results as TaskResult[]) {
      const list = byRun.get(r.point);
      if (list === undefined) byRun.set(r.point, [r]);
      else list.push(r);
    }
    return indices.map((i, n) => {
      const values = Object.fromEntries(vary.map((d, k) => [d.path, grid[i][k]]));
      const [own, ...moved] = runsOf[n].map((run) => aggregatePoint(i, values, byRun.get(run) ?? []));
      if (!robust) return own;
      const atEnd = new Map(moved.map((p, k) => [variants[i][k + 1].end, p]));
      return withRobustness(own, ends[i], (end) => atEnd.get(end) ?? own);
    });
  };

  const all = grid.map((_, i) => i);
  return {
    name: base.name,
    search,
    shard,
    hasSlo: base.slo.length > 0,
    run: async () => {
      const progress = await io.progress?.(total);
      let points: PlanPoint[];
      try {
        points =
          search === "grid"
            ? await evaluate(all.filter(inShard), progress)
            : await bisect(
                grid.length,
                (i) => evaluate([i], progress).then(([p]) => p),
                (left) => evaluate(left, progress),
              );
      } finally {
        progress?.stop();
      }
      return buildPlan({
        name: base.name,
        hash: base.hash,
        currency: base.billingTerms.currency,
        vary,
        seeds,
        search,
        shard,
        points,
        hasSlo: base.slo.length > 0,
        robust,
      });
    },
  };
}

/**
 * A point judged at the ends of the knobs it uses (`--robust`): it meets the SLOs only if it meets them at its own
 * values and at every end; `failedBy` names the knobs that failed a point its own values pass. `at` gives the point
 * as run at an end (the point itself for an end it already has).
 */
function withRobustness(
  own: PlanPoint,
  ends: readonly KnobEnd[],
  at: (end: KnobEnd) => PlanPoint,
): PlanPoint {
  const tried = ends.map((end) => ({
    knob: end.knob.name,
    end: end.end,
    value: end.value,
    failed: failedSlos(at(end)),
  }));
  const failing = tried.filter((t) => t.failed.length > 0);
  const robustness: PointRobustness = {
    meetsSloAtBase: own.meetsSlo,
    ends: tried,
    failedBy: own.meetsSlo ? [...new Set(failing.map((t) => t.knob))] : [],
  };
  return { ...own, meetsSlo: own.meetsSlo && failing.length === 0, robust: robustness };
}

/** Prepares and runs a plan (see {@link preparePlan}). */
export function planScenario(request: PlanRequest, io: PlannerIo): Promise<Plan> {
  return preparePlan(request, io).run();
}

/** The cached result of each task, or undefined where there is none worth trusting (then it is recomputed). */
function cachedResults(
  tasks: readonly PlanTask[],
  keys: readonly string[],
  cacheDir: string | null,
  cache: CacheIo,
  sloCount: number,
): (TaskResult | undefined)[] {
  return tasks.map((task, k) => {
    if (cacheDir === null) return undefined;
    // Anything but a whole entry written under this very key, its checksum intact, is recomputed, never trusted.
    const cached = readCachedResult(cache, cacheDir, keys[k], sloCount);
    return cached === undefined ? undefined : { ...cached, point: task.point, replication: task.replication };
  });
}

/**
 * grid or bisect, auto resolved. Bisection assumes "more never hurts": it is only offered on one numeric dimension
 * swept upwards, and auto picks it only for a capacity path with enough points to gain and SLOs to judge.
 */
function chooseSearch(
  asked: string,
  vary: readonly VaryDimension[],
  points: number,
  hasSlo: boolean,
): "grid" | "bisect" {
  const numeric = vary.length === 1 && vary[0].values.every((v) => typeof v === "number");
  const capacityLike = numeric && /\.capacity$/.test(vary[0].path);
  const search = asked === "auto" ? (capacityLike && points > 12 && hasSlo ? "bisect" : "grid") : asked;
  if (search !== "grid" && search !== "bisect")
    throw refuse(`--search: use grid, bisect or auto, not "${asked}"`);
  if (search === "bisect" && (!numeric || !hasSlo)) {
    throw refuse("--search bisect needs exactly one numeric --vary dimension and a scenario with SLOs");
  }
  const values = vary[0].values as number[];
  if (search === "bisect" && values.some((v, i) => i > 0 && v < values[i - 1])) {
    throw refuse("--search bisect sweeps upwards: list the values in increasing order (or use FROM..TO)");
  }
  return search;
}

/**
 * Monotone bisection over `count` points ({@link nextBisection}); if even the largest value fails, the SLOs are not
 * monotone in capacity (a cost ceiling, say), so the points not yet seen are all evaluated. With --robust a second
 * bisection, over what the first left open, finds the smallest point that passes at the base alone: the
 * recommendation without --robust, which the plan compares.
 */
async function bisect(
  count: number,
  one: (index: number) => Promise<PlanPoint>,
  many: (indices: number[]) => Promise<PlanPoint[]>,
): Promise<PlanPoint[]> {
  const known = new Map<number, boolean>();
  const atBase = new Map<number, boolean>();
  const points: PlanPoint[] = [];
  const next = () =>
    nextBisection(count, known) ?? (known.get(count - 1) ? nextBisection(count, atBase) : null);
  for (let i = next(); i !== null; i = next()) {
    const point = await one(i);
    points.push(point);
    known.set(i, point.meetsSlo);
    atBase.set(i, point.robust?.meetsSloAtBase ?? point.meetsSlo);
  }
  if (known.get(count - 1) === false) {
    const seen = new Set(points.map((p) => p.index));
    points.push(...(await many(Array.from({ length: count }, (_, i) => i).filter((i) => !seen.has(i)))));
  }
  return points;
}
