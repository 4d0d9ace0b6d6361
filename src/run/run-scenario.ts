/** The one function every command runs a scenario through: simulate, build report.json, evaluate the SLOs on it. */
import { evaluateSlos } from "../check/slo.js";
import { inputError } from "../errors.js";
import type { RunAggregates } from "../metrics/run-aggregates.js";
import { buildReport } from "../report/build-report.js";
import type { Report } from "../report/report-types.js";
import type { ResolvedScenario } from "../scenario/resolve.js";
import { type SimulateOptions, simulate } from "../sim/simulate.js";

/**
 * Runs a resolved scenario and returns its report, its SLOs evaluated, plus the raw aggregates (for run facts such
 * as event counts). Throws a SpillwayError (exit 2) naming the input when a number of the report would not be finite:
 * JSON would write it as null, and a report that says `null` for a cost is worse than no report.
 */
export function runScenario(
  scenario: ResolvedScenario,
  options: SimulateOptions = {},
): { report: Report; aggregates: RunAggregates } {
  const aggregates = simulate(scenario, options);
  const report = buildReport(scenario, aggregates);
  // The run-wide figure first: a workload's share of a non-finite cost is not where to look.
  const { workloads, ...runWide } = report;
  const bad = nonFinitePath(runWide, []) ?? nonFinitePath({ workloads }, []);
  if (bad !== undefined) {
    const where = bad.join(".");
    // The deployment whose own figures are not finite (a run-wide total inherits it from one of them).
    const id =
      bad.find((segment) => scenario.deployments.some((d) => d.id === segment)) ??
      scenario.deployments.find(
        (d) =>
          nonFinitePath(report.deployments[d.id], []) !== undefined ||
          nonFinitePath(report.cost.byDeployment[d.id], []) !== undefined ||
          nonFinitePath(report.cost.billing[d.id], []) !== undefined,
      )?.id;
    const gateway = bad[0] === "gateways" ? bad[1] : undefined;
    const hint =
      id !== undefined
        ? `check deployment ${id}: its capacity, prices and its model's ptuInputTpm and outputWeight`
        : gateway !== undefined
          ? `check gateway ${gateway}: its units, requestsPerSecondPerUnit and pricePerUnitMonthly`
          : "check the scenario's durations, rates, capacities and prices";
    throw inputError(
      scenario.name,
      `the run would write a non-finite number at report.json ${where}; ${hint}`,
    );
  }
  report.slo = evaluateSlos(scenario.slo, report);
  return { report, aggregates };
}

/** The path of the first number in `value` that is NaN or infinite, or undefined when every number is finite. */
function nonFinitePath(value: unknown, path: string[]): string[] | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? undefined : path;
  if (value === null || typeof value !== "object") return undefined;
  for (const [key, child] of Object.entries(value)) {
    const found = nonFinitePath(child, [...path, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}
