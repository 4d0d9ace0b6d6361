/** The piscina worker: evaluates one plan task per call (one scenario run in this thread). */
import { readFileSync } from "node:fs";
import { evaluateTask, type PlanTask, type TaskResult } from "./evaluate.js";

/** Worker entry point (piscina calls the default export). */
export default function run(task: PlanTask): TaskResult {
  return evaluateTask(task, (path) => readFileSync(path, "utf8"));
}
