/**
 * Where a plan's runs execute: a piscina pool of worker threads (src/plan/plan-worker.ts is their entry), or this
 * thread. The planner sees only a {@link TaskRunner}, so tests can hand it one that never simulates.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { inputError } from "../errors.js";
import { evaluateTask, type PlanTask, type TaskResult } from "./evaluate.js";

/** Runs plan tasks; results may arrive in any order (the planner puts them back in task order). */
export interface TaskRunner {
  /** Evaluates every task, calling `done` with the task's position in `tasks` and its result. */
  run(tasks: readonly PlanTask[], done: (index: number, result: TaskResult) => void): Promise<void>;
  /** Stops the threads, if any (idempotent). */
  close(): Promise<void>;
}

/** Evaluates tasks one after another in this thread; `readFile` reads the files a scenario names (traces). */
export function inThreadRunner(readFile: (path: string) => string): TaskRunner {
  return {
    run: async (tasks, done) => {
      for (const [i, task] of tasks.entries()) done(i, evaluateTask(task, readFile));
    },
    close: async () => {},
  };
}

/** Where the compiled worker lives, from the bundle (dist/spillway.mjs), from dist/src/plan/, or from the sources. */
export function workerFile(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [
    join(here, "plan-worker.js"),
    join(here, "src", "plan", "plan-worker.js"),
    // From the sources (vitest): Node cannot run the .ts worker, so the last build's is used.
    join(here, "..", "..", "dist", "src", "plan", "plan-worker.js"),
  ]) {
    if (existsSync(candidate)) return candidate;
  }
  throw inputError("", "the plan worker is missing: run npm run build");
}

/**
 * A runner over `workers` threads (started on the first batch of two tasks or more, kept until
 * {@link TaskRunner.close}); with one worker, or a batch of one task, in this thread — a thread would cost more than
 * the run.
 */
export function createTaskRunner(workers: number, readFile: (path: string) => string): TaskRunner {
  const local = inThreadRunner(readFile);
  if (workers <= 1) return local;
  let pool: import("piscina").Piscina | undefined;
  return {
    run: async (tasks, done) => {
      if (tasks.length <= 1) return local.run(tasks, done);
      if (pool === undefined) {
        const { Piscina } = await import("piscina");
        pool = new Piscina({ filename: workerFile(), minThreads: 1, maxThreads: workers });
      }
      const threads = pool;
      await Promise.all(tasks.map((t, i) => threads.run(t).then((r: TaskResult) => done(i, r))));
    },
    close: async () => {
      const threads = pool;
      pool = undefined;
      await threads?.destroy();
    },
  };
}
