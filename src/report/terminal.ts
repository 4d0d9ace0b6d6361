/**
 * The compact summary `spillway run` prints: a pure function of report.json. Text from the file goes through
 * printable(): a name holding terminal escapes must not reach the terminal (or the CI log) as escapes.
 */
import { printable } from "../errors.js";
import { count, millis, percent, usd } from "./format.js";
import type { Report } from "./report-types.js";

/** Renders the terminal summary (plain text, no colour so it reads the same in CI logs). */
export function renderTerminalSummary(report: Report): string {
  const r = report.requests;
  const e2e = report.latency.e2e;
  const rows: [string, string][] = [
    ["requests", count(r.arrived)],
    ["success", percent(r.arrived === 0 ? 0 : r.succeeded / r.arrived)],
    ["caller 429 rate", percent(report.throttle.client.rate)],
    ["spillover", `${count(report.spillover.requests)} (${percent(report.spillover.rate)})`],
    ["latency p50/p95/p99", `${millis(e2e.p50)} / ${millis(e2e.p95)} / ${millis(e2e.p99)}`],
    [
      "monthly cost",
      `${usd(report.cost.monthly.total)} (PTU ${usd(report.cost.monthly.provisioned)}, tokens ${usd(report.cost.monthly.tokens)}, APIM ${usd(report.cost.monthly.gateway)})`,
    ],
  ];
  for (const s of report.slo) {
    const verdict = s.passed ? "pass" : s.level === "warn" ? "warn" : "FAIL";
    rows.push([`SLO ${verdict}`, `${printable(s.expression)} (actual ${printable(String(s.actual))})`]);
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = [
    `${printable(report.scenario.name)} — seed ${printable(String(report.seed))}`,
    ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
  ];
  for (const w of report.warnings) lines.push(`  warning: ${printable(w)}`);
  return `${lines.join("\n")}\n`;
}
