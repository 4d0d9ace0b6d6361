/**
 * Evaluating one plan task — a scenario with a point's `--set` values and one replication seed — into the few numbers
 * a plan compares. Pure apart from reading the files the scenario names (traces): it runs in worker threads.
 */

import { readMetric } from "../metrics/metric-registry.js";
import { runScenario } from "../run/run-scenario.js";
import { loadScenario } from "../scenario/load.js";

/** What a worker receives. */
export interface PlanTask {
  /** Position of the point in the plan. */
  point: number;
  /** Replication number (0-based). */
  replication: number;
  /** Scenario text. */
  text: string;
  /** Scenario file as the user named it (for messages and relative paths). */
  file: string;
  /** The scenario's folder (absolute), for traces and empirical files. */
  folder: string;
  /** `--set` assignments: the user's, then the point's. */
  sets: string[];
  /** Seed of this replication. */
  seed: number;
}

/** Metrics a plan compares, per replication: metric registry paths. */
export const PLAN_METRICS = [
  "requests.arrived",
  "requests.successRate",
  "throttle.client.rate",
  "throttle.backend.rate",
  "spillover.rate",
  "latency.e2e.p50",
  "latency.e2e.p95",
  "latency.e2e.p99",
  "latency.ttft.p95",
  "cost.monthly.provisioned",
  "cost.monthly.tokens",
  "cost.monthly.gateway",
  "cost.monthly.total",
] as const;

/** One replication's outcome. */
export interface TaskResult {
  /** Position of the point. */
  point: number;
  /** Replication number. */
  replication: number;
  /** Seed used. */
  seed: number;
  /** sha256 of the validated scenario (values and seed included): the cache key. */
  hash: string;
  /** Metric values by name. */
  metrics: Record<string, number>;
  /** SLO outcomes of this replication. */
  slo: { expression: string; actual: number; passed: boolean; level: "error" | "warn" }[];
}

/** Runs one task. */
export function evaluateTask(task: PlanTask, readFile: (path: string) => string): TaskResult {
  const join = (rel: string) => (rel.startsWith("/") ? rel : `${task.folder}/${rel}`);
  const scenario = loadScenario(task.text, task.file, {
    sets: task.sets,
    seed: task.seed,
    readFile: (rel) => readFile(join(rel)),
    resolvePath: join,
  });
  const { report } = runScenario(scenario);
  // Every plan metric is a number of any report a run builds (none of them can be null).
  const metrics = Object.fromEntries(PLAN_METRICS.map((path) => [path, readMetric(report, path) ?? 0]));
  return {
    point: task.point,
    replication: task.replication,
    seed: task.seed,
    hash: report.scenario.hash,
    metrics,
    slo: report.slo.map((s) => ({
      expression: s.expression,
      actual: s.actual,
      passed: s.passed,
      level: s.level,
    })),
  };
}
