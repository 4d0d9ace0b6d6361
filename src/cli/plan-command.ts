/**
 * `spillway plan`: the command line of the planner (src/plan/planner.ts). It parses the options, gives the planner
 * this machine's files, cache folder, worker threads and a progress bar, writes plan.json, plan.md, plan.html and the
 * charts as one output set, prints the plan and returns the exit code. `--merge DIR...` combines `--shard` slices.
 */
import { readFileSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { codeIdentity, nodeTreeReader } from "../plan/build-id.js";
import { mergePlans, type Plan, renderPlanMarkdown } from "../plan/plan.js";
import type { CacheIo } from "../plan/plan-cache.js";
import { parsePlan } from "../plan/plan-schema.js";
import { type PlannerIo, type Progress, preparePlan } from "../plan/planner.js";
import { createTaskRunner, type TaskRunner } from "../plan/worker-pool.js";
import { problemLine } from "../report/report-schema.js";
import { showProgress } from "./ansi.js";
import { OutputSet } from "./files.js";
import {
  checkTraces,
  ExitCode,
  InputError,
  parseMaxRequests,
  readScenarioFile,
  scenarioFileReader,
  scenarioPathResolver,
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
  /** Judge each point at the low and the high end of every undocumented knob it uses too. */
  robust?: boolean;
}

let identity: string | undefined;
/** The identity of the running code (src/plan/build-id.ts), once per process: a new build, a new cache. */
function buildId(): string {
  identity ??= codeIdentity(fileURLToPath(import.meta.url), nodeTreeReader);
  return identity;
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

/**
 * The planner's access to this machine for the scenario `file` (`spillway sensitivity` uses it too); `doing` labels
 * the progress bar.
 */
export function plannerIo(
  file: string,
  options: { quiet: boolean },
  runner: TaskRunner,
  doing = "planning",
): PlannerIo {
  return {
    readScenario: readScenarioFile,
    readNamed: scenarioFileReader(file),
    resolvePath: scenarioPathResolver(file),
    sampleTraces: checkTraces,
    stat: (path) => statSync(path),
    buildId,
    cache: cacheIo,
    runner,
    // A bar only on a terminal (CI logs stay clean) and without NO_COLOR.
    progress: showProgress(options.quiet) ? (total) => createProgress(total, doing) : undefined,
    notice: options.quiet ? undefined : (line) => process.stderr.write(`${line}\n`),
  };
}

/** Parses `--workers` (plan and sensitivity): a positive whole number, 0 for one per core. */
export function parseWorkers(value: number): number {
  const workers = value === 0 ? Math.max(1, availableParallelism()) : value;
  if (!Number.isInteger(workers) || workers < 1)
    throw new InputError(`--workers: ${value} is not a positive whole number (0 = all cores)`);
  return workers;
}

/** Runs the command; returns the exit code. */
export async function planCommand(options: PlanOptions): Promise<number> {
  if (options.merge.length > 0) return mergeCommand(options);
  if (options.scenario === undefined) throw new InputError("plan needs a scenario file (or --merge DIR...)");
  const workers = parseWorkers(options.workers);
  const maxRequests = parseMaxRequests(options.maxRequests);
  const file = options.scenario;
  const runner = createTaskRunner(workers, (path) => readFileSync(path, "utf8"));
  try {
    const prepared = preparePlan(
      {
        file,
        vary: options.vary,
        replications: options.replications,
        search: options.search,
        shard: options.shard,
        sets: options.sets,
        maxRequests,
        cacheDir: options.cache ? (options.cacheDir ?? join("reports", ".plan-cache")) : null,
        robust: options.robust === true,
      },
      plannerIo(file, options, runner),
    );
    const { shard } = prepared;
    const out =
      options.out ??
      join(
        "reports",
        `${prepared.name}-plan${shard === null ? "" : `-shard-${shard.index}-of-${shard.count}`}`,
      );
    // The folder is checked (and staged) before the runs: a bad --out must not cost a plan.
    const plan = await writePlan(out, () => prepared.run());
    if (!options.quiet)
      process.stdout.write(
        `${renderPlanMarkdown(plan)}\nwrote ${shard === null ? "plan.json, plan.md, plan.html, charts" : "plan.json, plan.md (merge the shards for plan.html and charts)"} to ${out}/\n`,
      );
    // With SLOs and no point meeting them, the plan has no answer: exit 1, as a failed check does.
    return shard === null && prepared.hasSlo && plan.recommended === null
      ? ExitCode.CheckFailed
      : ExitCode.Ok;
  } finally {
    await runner.close();
  }
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
  await writePlan(out, async () => plan);
  if (!options.quiet)
    process.stdout.write(`${renderPlanMarkdown(plan)}\nmerged ${plans.length} shard(s) into ${out}/\n`);
  return ExitCode.Ok;
}

/**
 * Opens folder `out` as an output set, computes the plan, and writes plan.json, plan.md and (for a whole plan)
 * plan.html and the charts into it: the folder gets the whole set or keeps its previous one.
 */
async function writePlan(out: string, compute: () => Promise<Plan>): Promise<Plan> {
  const set = new OutputSet(out);
  try {
    const plan = await compute();
    set.write("plan.json", `${JSON.stringify(plan, null, 2)}\n`);
    set.write("plan.md", renderPlanMarkdown(plan));
    if (plan.shard === null) {
      const { planCharts, renderPlanHtml } = await import("../plan/plan-report.js");
      const { renderChartPng } = await import("../report/png.js");
      const charts = planCharts(plan).map((def) => ({ def, png: renderChartPng(def) }));
      for (const c of charts) set.write(`charts/${c.def.name}.png`, c.png);
      set.write("plan.html", renderPlanHtml(plan, charts));
    }
    set.commit();
    return plan;
  } finally {
    set.abort();
  }
}

/** A progress bar on stderr over `total` runs, labelled `doing`. */
async function createProgress(total: number, doing: string): Promise<Progress> {
  const { SingleBar, Presets } = await import("cli-progress");
  const bar = new SingleBar(
    {
      format: `${doing} [{bar}] {value}/{total} runs, ETA {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  bar.start(total, 0);
  return { increment: () => bar.increment(), stop: () => bar.stop() };
}
