/**
 * SLO evaluation: the scenario's assertions judged on a built report.json. Paths were checked against the metric
 * registry when the scenario was loaded (scenario/resolve.ts), so the only failure left here is a metric that is
 * null in this run (a Consumption gateway's capacity, a break-even without a pay-as-you-go price).
 */
import { SpillwayError } from "../errors.js";
import { findMetric, readMetric } from "../metrics/metric-registry.js";
import { compare, type SloExpression } from "../metrics/slo-expression.js";
import type { Report, SloResult } from "../report/report-types.js";

/** Raised when an SLO's metric holds no number in this run; exit 2, one problem per assertion. */
export class SloPathError extends SpillwayError {
  /** @param sloProblems one message per bad assertion */
  constructor(readonly sloProblems: { index: number; message: string }[]) {
    super(
      "",
      sloProblems.map((p) => ({ path: `slo[${p.index}]`, message: p.message })),
    );
    this.name = "SloPathError";
  }
}

/** Evaluates assertions against a report; throws {@link SloPathError} when a metric holds no number. */
export function evaluateSlos(slos: readonly SloExpression[], report: Report): SloResult[] {
  const problems: { index: number; message: string }[] = [];
  const results = slos.map((slo, index): SloResult => {
    const actual = readMetric(report, slo.path);
    if (typeof actual !== "number") {
      const path = slo.path.join(".");
      const why = findMetric(path)?.metric.nullWhen;
      problems.push({
        index,
        message:
          actual === null
            ? `"${path}" is null in this run${why === undefined ? "" : ` (it is when ${why})`}, so no assertion can hold it; remove the SLO`
            : `"${path}" is not a number in report.json; see docs/metrics.md for every metric`,
      });
      return { expression: slo.expression, actual: 0, passed: false, level: slo.level };
    }
    return {
      expression: slo.expression,
      actual,
      passed: compare(actual, slo.op, slo.value),
      level: slo.level,
    };
  });
  if (problems.length > 0) throw new SloPathError(problems);
  return results;
}
