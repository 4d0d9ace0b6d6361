/** An SLO's actual value as every report prints it: in its metric's unit, in the report's currency. */
import { findMetric } from "../metrics/metric-registry.js";
import { parseSlo } from "../metrics/slo-expression.js";
import { formatMetricValue } from "./compare.js";
import type { SloResult } from "./report-types.js";

/**
 * An SLO's actual value in its metric's unit ("20.0%", "7.14 s", "$1,234.56" in the report's currency). When the
 * rounding would make it read as the threshold it is compared with (99.895% shown as "99.9%" against >= 99.9%), the
 * exact value follows in brackets, so a failure never looks like a pass.
 */
export function sloActualText(slo: SloResult, currency = "USD"): string {
  const exact = String(Number(Number(slo.actual).toPrecision(12)));
  const parsed = parseSlo(slo.expression, slo.level);
  const unit = typeof parsed === "string" ? undefined : findMetric(parsed.path)?.metric.unit;
  if (typeof parsed === "string" || unit === undefined) return exact;
  const text = formatMetricValue(unit, slo.actual, currency);
  // "99.9%" parses to 0.9990000000000001: a difference that small is the same value.
  const same = Math.abs(slo.actual - parsed.value) <= 1e-9 * Math.max(1, Math.abs(parsed.value));
  const blurred = !same && text === formatMetricValue(unit, parsed.value, currency);
  return blurred ? `${text} (${exact})` : text;
}
