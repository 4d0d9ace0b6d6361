/**
 * check.md: the result of `spillway check` as Markdown fit for a pull-request comment (GitHub and Azure DevOps both
 * render it), one section per scenario with the baseline table (metric, baseline, now, delta, verdict) and the SLOs.
 * Pure and deterministic: the same checks give the same bytes, so a bot can update its comment only on change.
 * Names, paths, expressions, notes and reasons come from files: each goes through mdCell or, in backticks, mdCode.
 */
import type { MetricUnit } from "../metrics/metric-registry.js";
import type { RunWarning } from "../metrics/warnings.js";
import { formatMetricValue } from "../report/compare.js";
import { mdCell, mdCode, millis } from "../report/format.js";
import { sloActualText } from "../report/slo-text.js";
import { baselineFailed, checkFailed, failedSlos, type ScenarioCheck, warnedSlos } from "./check-result.js";
import type { DiffRow, ReportDiff, Tolerance } from "./regression.js";
import type { ChangedKey } from "./scenario-diff.js";

/** Re-exported: check.md, JUnit and the report pages print an SLO's actual value the same way. */
export { sloActualText };

/** Most changed scenario keys listed under a baseline note; the rest are counted. */
export const MAX_CHANGED_KEYS = 10;

/** Renders the whole check. */
export function renderCheckMarkdown(checks: readonly ScenarioCheck[]): string {
  const out: string[] = ["## Spillway check", ""];
  const failed = checks.filter(checkFailed);
  if (checks.length === 0) out.push("No scenarios were checked.");
  else if (failed.length === 0) {
    out.push(`✅ ${plural(checks.length, "scenario")} passed.`);
  } else {
    out.push(
      `❌ ${failed.length} of ${plural(checks.length, "scenario")} failed: ${failed.map((c) => mdCell(c.scenario)).join(", ")}.`,
    );
  }
  for (const check of checks) out.push("", ...renderScenario(check));
  return `${out.join("\n")}\n`;
}

/** One scenario's section. */
export function renderScenario(check: ScenarioCheck): string[] {
  const out: string[] = [];
  const icon = checkFailed(check) ? "❌" : warnedSlos(check).length > 0 ? "⚠️" : "✅";
  out.push(`### ${icon} ${mdCell(check.scenario)}`, "");
  out.push(`\`${mdCode(check.file)}\` · ${summaryLine(check)}`);

  const b = check.baseline;
  switch (b.status) {
    case "none":
      out.push("", "No `--baseline` given: SLOs only.");
      break;
    case "missing":
      out.push(
        "",
        `**No baseline** at \`${mdCode(b.path)}\`: run \`spillway check\` with \`--update-baseline\` to create it, then commit it.`,
      );
      break;
    case "incompatible":
      out.push(
        "",
        `**Unusable baseline** at \`${mdCode(b.path)}\`: ${mdCell(b.reason)}. Run with \`--update-baseline\` to rewrite it.`,
      );
      break;
    case "updated":
      out.push(
        "",
        b.diff === undefined
          ? `Baseline written to \`${mdCode(b.path)}\`.`
          : `Baseline updated at \`${mdCode(b.path)}\`; the table compares with the one it replaced.`,
      );
      if (b.diff !== undefined) out.push(...renderDiff(b.diff, check.report.cost.currency));
      break;
    case "compared":
      out.push("", `Compared with \`${mdCode(b.path)}\`.`);
      out.push(...renderDiff(b.diff, check.report.cost.currency));
      break;
  }

  out.push("");
  if (check.report.slo.length === 0) out.push("No SLOs.");
  else {
    out.push("| SLO | level | actual | result |", "| --- | --- | ---: | --- |");
    for (const s of check.report.slo) {
      const result = s.passed ? "pass" : s.level === "warn" ? "⚠️ warn" : "❌ **fail**";
      out.push(
        `| \`${mdCode(s.expression)}\` | ${mdCell(s.level)} | ${mdCell(sloActualText(s, check.report.cost.currency))} | ${result} |`,
      );
    }
  }
  out.push(...renderWarnings(check.report.warnings));
  return out;
}

/** The run's warnings, code first (they never fail a check: said once, above the list). */
function renderWarnings(warnings: readonly RunWarning[]): string[] {
  if (warnings.length === 0) return [];
  return [
    "",
    `${plural(warnings.length, "run warning")} (never a failure):`,
    "",
    ...warnings.map((w) => `- \`${mdCode(String(w.code))}\` ${mdCell(String(w.message))}`),
  ];
}

/** The one-line outcome under a scenario's heading. */
function summaryLine(check: ScenarioCheck): string {
  const parts: string[] = [];
  const failed = failedSlos(check).length;
  const warned = warnedSlos(check).length;
  parts.push(failed === 0 ? "SLOs pass" : `${plural(failed, "SLO")} failed`);
  if (warned > 0) parts.push(`${plural(warned, "SLO warning")}`);
  const b = check.baseline;
  if (b.status === "compared") {
    parts.push(b.diff.regressions === 0 ? "no regression" : `${plural(b.diff.regressions, "regression")}`);
    const changed = b.diff.rows.filter((r) => r.verdict === "changed").length;
    if (changed > 0) parts.push(`${changed} changed (reported only)`);
  } else if (baselineFailed(b)) parts.push("no usable baseline");
  const runWarnings = check.report.warnings.length;
  if (runWarnings > 0) parts.push(plural(runWarnings, "run warning"));
  return parts.join(" · ");
}

/** The notes and table of a baseline comparison; money in `currency`, the checked report's. */
export function renderDiff(diff: ReportDiff, currency = "USD"): string[] {
  const out: string[] = [];
  for (const note of diff.notes) out.push("", `> Note: ${mdCell(note)}`);
  if (diff.changedKeys.length > 0) {
    out.push("", ...changedKeyLines(diff.changedKeys).map((line) => `- ${mdCell(line)}`));
  }
  out.push("", "| metric | baseline | now | delta | verdict |", "| --- | ---: | ---: | ---: | --- |");
  for (const row of diff.rows) {
    out.push(
      `| ${mdCell(row.label)} (\`${mdCode(row.metric)}\`) | ${formatMetricValue(row.unit, row.baseline, currency)} | ${formatMetricValue(row.unit, row.now, currency)} | ${deltaText(row, currency)} | ${verdictText(row, currency)} |`,
    );
  }
  return out;
}

/** The signed change: ms and money with the relative change beside them, rates in percentage points. */
export function deltaText(row: DiffRow, currency = "USD"): string {
  if (row.delta === 0) return "±0";
  const sign = row.delta > 0 ? "+" : "−";
  const magnitude = Math.abs(row.delta);
  if (row.unit === "fraction") return `${sign}${(magnitude * 100).toFixed(2)} pp`;
  const amount =
    row.unit === "ms" ? deltaMillis(magnitude) : formatMetricValue(row.unit, magnitude, currency);
  const relative =
    row.relative === null
      ? "new"
      : `${row.relative > 0 ? "+" : "−"}${(Math.abs(row.relative) * 100).toFixed(1)}%`;
  return `${sign}${amount} (${relative})`;
}

/** A latency change: sub-millisecond changes stay visible instead of rounding to "0 ms". */
function deltaMillis(ms: number): string {
  return ms < 1 ? `${ms.toFixed(3)} ms` : millis(ms);
}

/** The verdict, with the tolerance it broke. */
function verdictText(row: DiffRow, currency: string): string {
  if (row.direction === "none") return "info";
  if (row.verdict === "regression" && row.tolerance !== undefined) {
    return `❌ **regression** (tolerance ${toleranceText(row.tolerance, row.unit, row.direction === "higher", currency)})`;
  }
  if (row.verdict === "changed") return "⚠️ changed (reported only)";
  return row.verdict === "improvement" ? "✅ improvement" : "neutral";
}

/** The changed scenario keys as lines, `path: before → after`, at most {@link MAX_CHANGED_KEYS} and a count of the rest. */
export function changedKeyLines(keys: readonly ChangedKey[]): string[] {
  const lines = keys.slice(0, MAX_CHANGED_KEYS).map((k) => `${k.path}: ${k.before} → ${k.after}`);
  if (keys.length > MAX_CHANGED_KEYS) lines.push(`… and ${keys.length - MAX_CHANGED_KEYS} more`);
  return lines;
}

/** A tolerance as the worsening it allows: "+10%", "−0.50 pp", "+$5.00" (money in `currency`). */
export function toleranceText(
  tolerance: Tolerance,
  unit: MetricUnit,
  higherIsBetter = false,
  currency = "USD",
): string {
  const sign = higherIsBetter ? "−" : "+";
  if (tolerance.kind === "relative") return `${sign}${round(tolerance.value * 100)}%`;
  if (unit === "fraction") return `${sign}${(tolerance.value * 100).toFixed(2)} pp`;
  return `${sign}${unit === "ms" ? deltaMillis(tolerance.value) : formatMetricValue(unit, tolerance.value, currency)}`;
}

function round(v: number): string {
  return String(Number(v.toFixed(4)));
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
