/** The one function every command runs a scenario through: simulate, then build report.json. */
import { buildReport } from "../report/build-report.js";
import type { Report } from "../report/report-types.js";
import type { ResolvedScenario } from "../scenario/resolve.js";
import type { RunAggregates } from "./aggregates.js";
import { type SimulateOptions, simulate } from "./simulate.js";

/** Runs a resolved scenario and returns its report plus the raw aggregates (for run facts such as event counts). */
export function runScenario(
  scenario: ResolvedScenario,
  options: SimulateOptions = {},
): { report: Report; aggregates: RunAggregates } {
  const aggregates = simulate(scenario, options);
  return { report: buildReport(scenario, aggregates), aggregates };
}
