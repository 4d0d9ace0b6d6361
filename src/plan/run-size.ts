/** Sizing a run before it starts: every command that simulates (run, check, each point of a plan) refuses a runaway. */
import type { ResolvedScenario } from "../scenario/resolve.js";
import { checkEstimate, estimateRun, type RunEstimate, type TraceSample } from "../sim/estimate.js";

/**
 * The size of a run from its scenario and trace samples, refused (exit 2, with the figures) above `maxRequests` or
 * the series cap.
 */
export function sizeRun(
  file: string,
  scenario: ResolvedScenario,
  traces: ReadonlyMap<string, TraceSample>,
  maxRequests: number,
): RunEstimate {
  const estimate = estimateRun(scenario, traces);
  const refusal = checkEstimate(file, estimate, maxRequests);
  if (refusal !== undefined) throw refusal;
  return estimate;
}
