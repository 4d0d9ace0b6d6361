/**
 * `spillway plan`: sweeps `--vary` dimensions of a scenario with N replications per point, on a worker pool
 * (piscina) over the machine's cores, with results cached by scenario hash + seed, and recommends the cheapest point
 * that meets the scenario's SLOs. `--shard I/N` evaluates one slice; `--merge DIR...` combines slices.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { evaluateTask, type PlanTask, type TaskResult } from "../plan/evaluate.js";
import {
  aggregatePoint,
  buildPlan,
  mergePlans,
  nextBisection,
  type Plan,
  type PlanPoint,
  renderPlanMarkdown,
} from "../plan/plan.js";
import { type CacheIo, planCacheKey, readCachedResult, writeCachedResult } from "../plan/plan-cache.js";
import { parsePlan } from "../plan/plan-schema.js";
import { gridPoints, gridSize, MAX_GRID_POINTS, parseVary, type VaryDimension } from "../plan/vary.js";
import { problemLine } from "../report/report-schema.js";
import { loadScenario } from "../scenario/load.js";
import type { ResolvedScenario } from "../scenario/resolve.js";
import { VERSION } from "../version.js";
import {
  checkTraces,
  ExitCode,
  InputError,
  parseMaxRequests,
  readScenarioFile,
  scenarioFileReader,
  scenarioPathResolver,
  sizeRun,
  writeFileAtomic,
} from "./io.js";

/** Parsed options of `spillway plan`. */
export interface PlanOptions {
  /** Scenario file (absent with --merge). */
  scenario?: string;
  /** `--vary` specs. */
  vary: string[];
  /** Replications per point. */
  replications: number;
  /** Worker threads (1 = in this thread). */
  workers: number;
  /** Output folder. */
  out?: string;
  /** `I/N`, 1-based. */
  shard?: string;
  /** Folders holding shard plan.json files to combine. */
  merge: string[];
  /** grid | bisect | auto. */
  search: string;
  /** `--set` applied to every point. */
  sets: string[];
  /** Reuse cached replications. */
  cache: boolean;
  /** Cache folder (default reports/.plan-cache). */
  cacheDir?: string;
  /** Print nothing but the result. */
  quiet: boolean;
  /** Refuse points whose runs would simulate more requests than this (default 100 million). */
  maxRequests?: number;
}

/** Where the compiled worker lives, from the bundled CLI (dist/spillway.mjs) or from dist/src/cli/. */
function workerFile(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [
    join(here, "..", "plan", "plan-worker.js"),
    join(here, "src", "plan", "plan-worker.js"),
    join(here, "..", "..", "dist", "src", "plan", "plan-worker.js"),
  ]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new InputError("the plan worker is missing: run npm run build");
}

let codeIdentity: string | undefined;
/** sha256 of the running code (the bundled CLI carries the models and the catalog): a new build, a new cache. */
function code(): string {
  codeIdentity ??= createHash("sha256")
    .update(readFileSync(fileURLToPath(import.meta.url)))
    .update(VERSION)
    .digest("hex");
  return codeIdentity;
}

/** The cache key of one run (src/plan/plan-cache.ts): this build's code, the scenario, the files it names. */
function cacheKey(scenario: ResolvedScenario): string {
  return planCacheKey(scenario, code(), (path) => statSync(path));
}

/** The plan cache's file access: a missing or unreadable entry reads as none (the run is recomputed). */
const cacheIo: CacheIo = {
  read: (path) => {
    try {
      return readFileSync(path, "utf8");
    } catch {
      return undefined;
    }
  },
  write: (path, text) => writeFileAtomic(path, text),
};

/** Runs tasks on the pool (or in this thread with one worker); results in task order, whatever the scheduling. */
async function runTasks(
  tasks: PlanTask[],
  workers: number,
  cacheDir: string | null,
  hashes: string[],
  sloCount: number,
  onDone: () => void,
): Promise<TaskResult[]> {
  const results: (TaskResult | undefined)[] = tasks.map((_, i) => {
    if (cacheDir === null) return undefined;
    // Anything but a whole entry written under this very key, its checksum intact, is recomputed, never trusted.
    const cached = readCachedResult(cacheIo, cacheDir, hashes[i], sloCount);
    if (cached === undefined) return undefined;
    onDone();
    return { ...cached, point: tasks[i].point, replication: tasks[i].replication };
  });
  const todo = tasks.map((t, i) => ({ t, i })).filter(({ i }) => results[i] === undefined);
  const store = (i: number, r: TaskResult) => {
    results[i] = r;
    if (cacheDir !== null) writeCachedResult(cacheIo, cacheDir, hashes[i], r);
    onDone();
  };
  if (workers <= 1 || todo.length <= 1) {
    for (const { t, i } of todo)
      store(
        i,
        evaluateTask(t, (p) => readFileSync(p, "utf8")),
      );
  } else {
    const { Piscina } = await import("piscina");
    const pool = new Piscina({ filename: workerFile(), minThreads: 1, maxThreads: workers });
    try {
      await Promise.all(todo.map(({ t, i }) => pool.run(t).then((r: TaskResult) => store(i, r))));
    } finally {
      await pool.destroy();
    }
  }
  return results as TaskResult[];
}

/** Runs the command; returns the exit code. */
export async function planCommand(options: PlanOptions): Promise<number> {
  if (options.merge.length > 0) return mergeCommand(options);
  if (options.scenario === undefined) throw new InputError("plan needs a scenario file (or --merge DIR...)");
  if (options.vary.length === 0)
    throw new InputError("plan needs at least one --vary PATH=FROM..TO[:STEP] or PATH=a,b,c");
  if (!Number.isInteger(options.replications) || options.replications < 1 || options.replications > 1000) {
    throw new InputError(`--replications: ${options.replications} is not a whole number from 1 to 1000`);
  }
  const maxWorkers = Math.max(1, availableParallelism());
  const workers = options.workers === 0 ? maxWorkers : options.workers;
  if (!Number.isInteger(workers) || workers < 1)
    throw new InputError(`--workers: ${options.workers} is not a positive whole number (0 = all cores)`);
  let vary: VaryDimension[];
  try {
    vary = options.vary.map(parseVary);
  } catch (error) {
    throw new InputError((error as Error).message);
  }
  const paths = vary.map((d) => d.path);
  const repeated = paths.find((p, i) => paths.indexOf(p) !== i);
  if (repeated !== undefined)
    throw new InputError(`--vary: "${repeated}" is given twice; give each path once`);
  const file = options.scenario;
  const text = readScenarioFile(file);
  const load = (sets: string[], seed?: number) =>
    loadScenario(text, file, {
      sets,
      seed,
      readFile: scenarioFileReader(file),
      resolvePath: scenarioPathResolver(file),
    });
  const base = load(options.sets);
  // Count before building: a 1,000 x 1,000 grid must be refused with its size, not allocated.
  const gridCount = gridSize(vary);
  if (gridCount > MAX_GRID_POINTS) {
    throw new InputError(
      `--vary: the grid has ${gridCount.toLocaleString("en-US")} points (${vary.map((d) => d.values.length).join(" x ")}), above ${MAX_GRID_POINTS.toLocaleString("en-US")}; raise the steps or split the sweep into shards of several plans`,
    );
  }
  const maxRequests = parseMaxRequests(options.maxRequests);
  // Traces are opened once (their samples size every point); a missing trace fails here, before any run.
  const traces = checkTraces(base);
  const seeds = Array.from({ length: options.replications }, (_, r) => base.seed + r);
  const grid = gridPoints(vary);
  const runs = grid.length * seeds.length;
  if (!options.quiet && runs > 1000) {
    process.stderr.write(
      `spillway plan: ${runs.toLocaleString("en-US")} runs (${grid.length.toLocaleString("en-US")} points x ${seeds.length} replications)\n`,
    );
  }
  const setsOf = (values: (number | string)[]) => [
    ...options.sets,
    ...vary.map((d, k) => `${d.path}=${values[k]}`),
  ];
  // Validate every point up front (exit 2 before spending compute), and learn each task's cache key.
  const hashOf = new Map<string, string>();
  for (const values of grid) {
    for (const seed of seeds) {
      const point = load(setsOf(values), seed);
      sizeRun(file, point, traces, maxRequests);
      hashOf.set(`${values.join("\u0000")}|${seed}`, cacheKey(point));
    }
  }
  // Bisection assumes "more never hurts": only safe on one numeric capacity dimension, swept upwards.
  const capacityLike =
    vary.length === 1 &&
    /\.capacity$/.test(vary[0].path) &&
    vary[0].values.every((v) => typeof v === "number");
  const search =
    options.search === "auto"
      ? capacityLike && grid.length > 12 && base.slo.length > 0
        ? "bisect"
        : "grid"
      : options.search;
  if (search !== "grid" && search !== "bisect")
    throw new InputError(`--search: use grid, bisect or auto, not "${options.search}"`);
  const numeric = vary.length === 1 && vary[0].values.every((v) => typeof v === "number");
  if (search === "bisect" && (!numeric || base.slo.length === 0)) {
    throw new InputError(
      "--search bisect needs exactly one numeric --vary dimension and a scenario with SLOs",
    );
  }
  if (
    search === "bisect" &&
    vary[0].values.some((v, i) => i > 0 && (v as number) < (vary[0].values[i - 1] as number))
  ) {
    throw new InputError(
      "--search bisect sweeps upwards: list the values in increasing order (or use FROM..TO)",
    );
  }
  let shard: Plan["shard"] = null;
  if (options.shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(options.shard);
    if (m === null || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) {
      throw new InputError(`--shard: "${options.shard}" is not I/N with 1 <= I <= N`);
    }
    if (search !== "grid") throw new InputError("--shard splits a grid search; use --search grid");
    shard = { index: Number(m[1]), count: Number(m[2]) };
  }

  const out =
    options.out ??
    join("reports", `${base.name}-plan${shard === null ? "" : `-shard-${shard.index}-of-${shard.count}`}`);
  const cacheDir = options.cache ? (options.cacheDir ?? join("reports", ".plan-cache")) : null;
  const folder = dirname(resolve(file));
  const total =
    (search === "grid"
      ? grid.filter((_, i) => shard === null || i % shard.count === shard.index - 1).length
      : Math.ceil(Math.log2(grid.length)) + 2) * seeds.length;
  const progress = !options.quiet && process.stderr.isTTY ? await createProgress(total) : undefined;

  const evaluate = async (indices: number[]): Promise<PlanPoint[]> => {
    const tasks: PlanTask[] = [];
    const hashes: string[] = [];
    for (const i of indices) {
      for (const [r, seed] of seeds.entries()) {
        tasks.push({ point: i, replication: r, text, file, folder, sets: setsOf(grid[i]), seed });
        hashes.push(hashOf.get(`${grid[i].join("\u0000")}|${seed}`) as string);
      }
    }
    const results = await runTasks(tasks, workers, cacheDir, hashes, base.slo.length, () =>
      progress?.increment(),
    );
    return indices.map((i) =>
      aggregatePoint(
        i,
        Object.fromEntries(vary.map((d, k) => [d.path, grid[i][k]])),
        results.filter((r) => r.point === i),
      ),
    );
  };

  let points: PlanPoint[];
  if (search === "grid") {
    points = await evaluate(
      grid.map((_, i) => i).filter((i) => shard === null || i % shard.count === shard.index - 1),
    );
  } else {
    const known = new Map<number, boolean>();
    points = [];
    for (
      let next = nextBisection(grid.length, known);
      next !== null;
      next = nextBisection(grid.length, known)
    ) {
      const [point] = await evaluate([next]);
      points.push(point);
      known.set(next, point.meetsSlo);
    }
    // If even the largest value fails, the SLOs are not monotone in capacity (a cost ceiling, say): search it all.
    if (known.get(grid.length - 1) === false) {
      const seen = new Set(points.map((p) => p.index));
      points.push(...(await evaluate(grid.map((_, i) => i).filter((i) => !seen.has(i)))));
    }
  }
  progress?.stop();
  const plan = buildPlan({
    name: base.name,
    hash: base.hash,
    vary,
    seeds,
    search,
    shard,
    points,
    hasSlo: base.slo.length > 0,
  });
  await writePlan(plan, out);
  if (!options.quiet)
    process.stdout.write(
      `${renderPlanMarkdown(plan)}\nwrote ${shard === null ? "plan.json, plan.md, plan.html, charts" : "plan.json, plan.md (merge the shards for plan.html and charts)"} to ${out}/\n`,
    );
  // With SLOs and no point meeting them, the plan has no answer: exit 1, as a failed check does.
  return shard === null && base.slo.length > 0 && plan.recommended === null
    ? ExitCode.CheckFailed
    : ExitCode.Ok;
}

/** Reads one shard's plan.json and checks it against the plan schema; one line naming the file and path if not. */
function readShard(path: string): Plan {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new InputError(`${path}: cannot read a plan.json (${(error as Error).message})`);
  }
  const parsed = parsePlan(json);
  if (!parsed.ok) {
    throw new InputError(
      problemLine(path, parsed.problems, "pass the plan.json that spillway plan --shard wrote"),
    );
  }
  return parsed.value;
}

/** `--merge DIR...`: combines shard plan.json files into one plan. */
async function mergeCommand(options: PlanOptions): Promise<number> {
  // Every shard is checked before anything is written: the default output folder is named after the scenario.
  const paths = options.merge.map((dir) => (dir.endsWith(".json") ? dir : join(dir, "plan.json")));
  const plans = paths.map(readShard);
  const other = plans.findIndex((p) => p.scenario.name !== plans[0].scenario.name);
  if (other !== -1) {
    throw new InputError(
      `${paths[other]}: scenario.name is "${plans[other].scenario.name}", but ${paths[0]} has "${plans[0].scenario.name}"; merge the shards of one plan`,
    );
  }
  let plan: Plan;
  try {
    // A merged plan recommends only if the shards judged SLOs (any point carries SLO verdicts).
    plan = mergePlans(
      plans,
      plans.some((p) => p.points.some((pt) => pt.slo.length > 0)),
    );
  } catch (error) {
    throw new InputError((error as Error).message);
  }
  const out = options.out ?? join("reports", `${plan.scenario.name}-plan`);
  await writePlan(plan, out);
  if (!options.quiet)
    process.stdout.write(`${renderPlanMarkdown(plan)}\nmerged ${plans.length} shard(s) into ${out}/\n`);
  return ExitCode.Ok;
}

/** Writes plan.json, plan.md, plan.html and the charts. */
async function writePlan(plan: Plan, out: string): Promise<void> {
  writeFileAtomic(join(out, "plan.json"), `${JSON.stringify(plan, null, 2)}\n`);
  writeFileAtomic(join(out, "plan.md"), renderPlanMarkdown(plan));
  if (plan.shard !== null) return;
  const { planCharts, renderPlanHtml } = await import("../plan/plan-report.js");
  const { renderChartPng } = await import("../report/png.js");
  const charts = planCharts(plan).map((def) => ({ def, png: renderChartPng(def) }));
  for (const c of charts) writeFileAtomic(join(out, "charts", `${c.def.name}.png`), c.png);
  writeFileAtomic(join(out, "plan.html"), renderPlanHtml(plan, charts));
}

async function createProgress(total: number): Promise<{ increment: () => void; stop: () => void }> {
  const { SingleBar, Presets } = await import("cli-progress");
  const bar = new SingleBar(
    {
      format: "planning [{bar}] {value}/{total} runs, ETA {eta_formatted}",
      stream: process.stderr,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  bar.start(total, 0);
  return { increment: () => bar.increment(), stop: () => bar.stop() };
}
