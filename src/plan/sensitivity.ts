/**
 * `spillway sensitivity`: how much the answer depends on what Microsoft does not document. The scenario runs as
 * written (the base), then once per end of each undocumented knob it uses (src/catalog/assumptions.ts), one knob at
 * a time, and sensitivity.json records the headline metrics of every run. Runs execute on the planner's task runner
 * (worker threads in the CLI) and, like the planner, every variant is validated and sized before any run; the I/O
 * comes in through {@link SensitivityIo}, so tests run it without a disk or threads.
 */
import { dirname, resolve } from "node:path";
import type { Knob, KnobKind } from "../catalog/assumptions.js";
import { inputError, SpillwayError } from "../errors.js";
import { knobUses } from "../scenario/assumptions.js";
import type { ResolvedScenario } from "../scenario/resolve.js";
import { VERSION } from "../version.js";
import type { PlanTask, TaskResult } from "./evaluate.js";
import { type KnobEnd, type KnobEndName, type KnobValue, knobEnds, knobsOf } from "./knob-ends.js";
import { aggregatePoint, failedSlos, type PlanPoint } from "./plan.js";
import { checkReplications, type PlannerIo, scenarioLoader } from "./planner.js";
import { sizeRun } from "./run-size.js";

/** The headline metrics sensitivity.json reports, by metric-registry path (each a plan metric). */
export const SENSITIVITY_METRICS = [
  "throttle.client.rate",
  "spillover.rate",
  "latency.e2e.p95",
  "cost.monthly.total",
] as const;

/** One value per headline metric, by path (the mean over replications). */
export type MetricValues = Record<string, number>;

/** Version of sensitivity.json's format. */
export const SENSITIVITY_SCHEMA_VERSION = 1;

/** One knob as sensitivity.json reports it. */
export interface SensitivityAssumption {
  /** The knob's name (src/catalog/assumptions.ts). */
  name: string;
  /** absolute, relative (values are factors on each component's own value) or choice. */
  kind: KnobKind;
  /** How its values read (`s`, `fraction`, `x`, `tokens`; empty for a choice). */
  unit: string;
  /** The value the scenario uses; 1 for a relative knob; null when its components use different values. */
  base: KnobValue | null;
  /** The low end of the plausible range (or one alternative of a choice). */
  low: KnobValue;
  /** The high end (or the other alternative). */
  high: KnobValue;
  /** The components that use it: `account/deployment`, a gateway or workload name, `network`. */
  components: string[];
  /** The `--set` assignments of each end: `spillway run` with them reproduces the run. */
  sets: { low: string[]; high: string[] };
  /** Ends whose value the scenario already uses: their results are the base run's. */
  sameAsBase: KnobEndName[];
  /** The headline metrics at each end. */
  results: { low: MetricValues; high: MetricValues };
  /** Per metric, the spread of base, low and high (largest minus smallest): how far the knob moves it. */
  swing: MetricValues;
  /** Error-level SLOs that failed at each end (empty: all held, or the scenario has none). */
  failedSlo: { low: string[]; high: string[] };
}

/** sensitivity.json. */
export interface Sensitivity {
  /** Version of this format. */
  schemaVersion: number;
  /** The tool that wrote it. */
  tool: { name: "spillway"; version: string };
  /** The scenario as run (with `--set`): its name and hash. */
  scenario: { name: string; hash: string; currency?: string };
  /** The metrics of `base`, `results` and `swing`, by metric-registry path. */
  metrics: string[];
  /** Replications per run and their seeds (the scenario seed + 0..n−1); values are means over them. */
  replications: { count: number; seeds: number[] };
  /** Simulations run (ends equal to the base reuse its run). */
  runs: number;
  /** The headline metrics of the scenario as written. */
  base: MetricValues;
  /** The scenario's error-level SLOs, as written (the ends are judged by these; empty when it has none). */
  slo: string[];
  /** Error-level SLOs that failed at the base. */
  baseFailedSlo: string[];
  /** Each knob the scenario uses, in catalog order; empty when it uses none. */
  assumptions: SensitivityAssumption[];
  /** Per metric, the knob with the largest swing (ties to the earlier knob), or null when no knob moves it. */
  mostInfluential: Record<string, string | null>;
}

/** The request, as the command line gives it. */
export interface SensitivityRequest {
  /** Scenario file as the user named it. */
  file: string;
  /** `--set` assignments applied to every run. */
  sets: readonly string[];
  /** Replications per run. */
  replications: number;
  /** Refuse runs simulating more requests than this. */
  maxRequests: number;
}

/** What sensitivity needs of the world: the planner's file reading, trace sampling, runner and progress display. */
export type SensitivityIo = Pick<
  PlannerIo,
  "readScenario" | "readNamed" | "resolvePath" | "sampleTraces" | "runner" | "progress"
>;

/** A sensitivity analysis checked and ready to run. */
export interface PreparedSensitivity {
  /** The scenario's name (the output folder is named after it). */
  name: string;
  /** The knobs the scenario uses, in catalog order. */
  knobs: string[];
  /** Simulations it will run. */
  runs: number;
  /** Runs them and builds sensitivity.json. */
  run(): Promise<Sensitivity>;
}

/**
 * Checks everything before any run: the scenario with `--set`, each knob end as a scenario of its own with every
 * replication's seed, and each run's size. Throws a SpillwayError (exit 2) for the first problem, naming the knob end.
 */
export function prepareSensitivity(request: SensitivityRequest, io: SensitivityIo): PreparedSensitivity {
  checkReplications(request.replications);
  const { file } = request;
  const { text, load } = scenarioLoader(file, io);
  const base = load([...request.sets]);
  const traces = io.sampleTraces(base);
  const seeds = Array.from({ length: request.replications }, (_, r) => base.seed + r);
  const ends = knobEnds(base);
  // The base, then each end that moves something: the order of runs and of their results.
  const variants: { end: KnobEnd | null; sets: string[] }[] = [
    { end: null, sets: [...request.sets] },
    ...ends.filter((e) => !e.sameAsBase).map((end) => ({ end, sets: [...request.sets, ...end.sets] })),
  ];
  for (const variant of variants) {
    for (const seed of seeds) {
      try {
        sizeRun(file, load(variant.sets, seed), traces, request.maxRequests);
      } catch (error) {
        if (!(error instanceof SpillwayError) || variant.end === null) throw error;
        const { knob, end } = variant.end;
        throw inputError(
          "",
          `${knob.name} at its ${end} end (${variant.end.sets.map((x) => `--set ${x}`).join(" ")}): ${error.message}`,
        );
      }
    }
  }
  const folder = dirname(resolve(file));
  const tasks: PlanTask[] = variants.flatMap((variant, run) =>
    seeds.map((seed, replication) => ({
      point: run,
      replication,
      text,
      file,
      folder,
      sets: variant.sets,
      seed,
    })),
  );
  return {
    name: base.name,
    knobs: knobsOf(ends).map((k) => k.name),
    runs: tasks.length,
    run: async () => {
      const results: TaskResult[] = [];
      const progress = await io.progress?.(tasks.length);
      try {
        await io.runner.run(tasks, (i, result) => {
          results[i] = result;
          progress?.increment();
        });
      } finally {
        progress?.stop();
      }
      const points = variants.map((_, run) =>
        aggregatePoint(
          run,
          {},
          results.filter((r) => r.point === run),
        ),
      );
      const at = new Map(variants.map((v, run) => [v.end, points[run]]));
      return buildSensitivity(base, seeds, tasks.length, ends, (end) => at.get(end) ?? points[0]);
    },
  };
}

/** The headline metrics of a point (means over its replications). */
function headline(point: PlanPoint): MetricValues {
  return Object.fromEntries(SENSITIVITY_METRICS.map((m) => [m, point.metrics[m].mean]));
}

/** The value a knob's components share in the scenario (1 for a relative knob: its ends are factors), or null. */
function baseValue(scenario: ResolvedScenario, knob: Knob): KnobValue | null {
  if (knob.kind === "relative") return 1;
  const values = [...new Set(knobUses(scenario, knob).map((u) => u.value))];
  return values.length === 1 ? values[0] : null;
}

/** Assembles sensitivity.json from the base run and each end's run (`at`: the base for an end equal to it). */
export function buildSensitivity(
  scenario: ResolvedScenario,
  seeds: number[],
  runs: number,
  ends: readonly KnobEnd[],
  at: (end: KnobEnd | null) => PlanPoint,
): Sensitivity {
  const base = headline(at(null));
  const assumptions = knobsOf(ends).map((knob): SensitivityAssumption => {
    const mine = ends.filter((e) => e.knob === knob);
    const byEnd = (end: KnobEndName) => mine.find((e) => e.end === end) as KnobEnd;
    const results = { low: headline(at(byEnd("low"))), high: headline(at(byEnd("high"))) };
    return {
      name: knob.name,
      kind: knob.kind,
      unit: knob.unit,
      base: baseValue(scenario, knob),
      low: knob.low,
      high: knob.high,
      components: knobUses(scenario, knob).map((u) => u.component),
      sets: { low: byEnd("low").sets, high: byEnd("high").sets },
      sameAsBase: mine.filter((e) => e.sameAsBase).map((e) => e.end),
      results,
      swing: Object.fromEntries(
        SENSITIVITY_METRICS.map((m) => {
          const values = [base[m], results.low[m], results.high[m]];
          // Twelve significant digits: the difference of two rounded values, without binary noise (101.876, not …0002).
          return [m, Number((Math.max(...values) - Math.min(...values)).toPrecision(12))];
        }),
      ),
      failedSlo: { low: failedSlos(at(byEnd("low"))), high: failedSlos(at(byEnd("high"))) },
    };
  });
  return {
    schemaVersion: SENSITIVITY_SCHEMA_VERSION,
    tool: { name: "spillway", version: VERSION },
    scenario: {
      name: scenario.name,
      hash: scenario.hash,
      ...(scenario.billingTerms.currency === "USD" ? {} : { currency: scenario.billingTerms.currency }),
    },
    metrics: [...SENSITIVITY_METRICS],
    replications: { count: seeds.length, seeds },
    runs,
    base,
    slo: at(null)
      .slo.filter((x) => x.level === "error")
      .map((x) => x.expression),
    baseFailedSlo: failedSlos(at(null)),
    assumptions,
    mostInfluential: Object.fromEntries(
      SENSITIVITY_METRICS.map((m) => [m, mostInfluential(assumptions, m)?.name ?? null]),
    ),
  };
}

/** The assumption with the largest swing of `metric` (ties to the earlier one), or undefined when none moves it. */
export function mostInfluential(
  assumptions: readonly SensitivityAssumption[],
  metric: string,
): SensitivityAssumption | undefined {
  let best: SensitivityAssumption | undefined;
  for (const a of assumptions) if (a.swing[metric] > (best?.swing[metric] ?? 0)) best = a;
  return best;
}

/** The assumptions by decreasing swing of `metric` (stable: equal swings keep catalog order), as a tornado lists them. */
export function bySwing(
  assumptions: readonly SensitivityAssumption[],
  metric: string,
): SensitivityAssumption[] {
  return [...assumptions].sort((a, b) => b.swing[metric] - a.swing[metric]);
}
