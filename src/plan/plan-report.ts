/** plan.html and the plan's charts: pure functions of plan.json (charts drawn by the same PNG renderer as reports). */
import type { ChartDefinition } from "../report/charts.js";
import { PALETTE } from "../report/charts.js";
import { escapeHtml } from "../report/html.js";
import { equivalenceText, failingEnds, type Plan, planMoney, robustSummary } from "./plan.js";

const PASS = "#009E73";
const FAIL = "#D55E00";
const BEST = "#0072B2";

/** A point's label: its values, in `--vary` order. */
function label(plan: Plan, values: Record<string, number | string>): string {
  return plan.vary.map((d) => String(values[d.path])).join(" / ");
}

/** Cost vs the swept values with the SLO frontier, and the SLO metrics vs the swept values. */
export function planCharts(plan: Plan): ChartDefinition[] {
  const labels = plan.points.map((p) => label(plan, p.values));
  const x = plan.vary.map((d) => d.path).join(" / ");
  const colors = plan.points.map((p) =>
    plan.recommended?.index === p.index ? BEST : p.meetsSlo ? PASS : FAIL,
  );
  const axisX = { title: { display: true, text: x } };
  const base = (title: string) => ({
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    plugins: { title: { display: true, text: title }, legend: { position: "bottom" } },
  });
  const currency = plan.scenario.currency ?? "USD";
  const cost: ChartDefinition = {
    name: "plan-cost",
    title: "Monthly cost per point (green meets the SLOs, orange does not, blue is recommended)",
    description: `Mean cost of a 730-hour month for each swept value of ${x}; the colour shows whether every error-level SLO held.`,
    config: {
      type: "bar",
      data: {
        labels,
        datasets: [
          {
            label: `${currency} per month (mean)`,
            data: plan.points.map((p) => Math.round(p.metrics["cost.monthly.total"].mean)),
            backgroundColor: colors,
          },
        ],
      },
      options: {
        ...base("Monthly cost per point: the SLO frontier"),
        plugins: {
          title: { display: true, text: "Monthly cost per point: the SLO frontier" },
          legend: { display: false },
        },
        scales: {
          x: axisX,
          y: { beginAtZero: true, title: { display: true, text: `${currency} per month` } },
        },
      },
    },
    table: {
      columns: [x, `${currency} per month (mean)`, "95% CI low", "95% CI high", "meets SLOs"],
      rows: plan.points.map((p) => [
        label(plan, p.values),
        Math.round(p.metrics["cost.monthly.total"].mean),
        Math.round(p.metrics["cost.monthly.total"].ci95[0]),
        Math.round(p.metrics["cost.monthly.total"].ci95[1]),
        p.meetsSlo ? "yes" : "no",
      ]),
    },
  };
  const metrics: ChartDefinition = {
    name: "plan-slo-metrics",
    title: "Latency and throttling per point",
    description: `End-to-end p95 latency and the share of callers throttled, for each swept value of ${x}.`,
    config: {
      type: "line",
      data: {
        labels,
        datasets: [
          {
            label: "e2e p95 (ms)",
            data: plan.points.map((p) => Math.round(p.metrics["latency.e2e.p95"].mean)),
            borderColor: PALETTE[0],
            backgroundColor: PALETTE[0],
            yAxisID: "y",
          },
          {
            label: "caller 429 rate (%)",
            data: plan.points.map((p) => Math.round(p.metrics["throttle.client.rate"].mean * 10000) / 100),
            borderColor: PALETTE[3],
            backgroundColor: PALETTE[3],
            yAxisID: "rate",
          },
          {
            label: "spillover (%)",
            data: plan.points.map((p) => Math.round(p.metrics["spillover.rate"].mean * 10000) / 100),
            borderColor: PALETTE[1],
            backgroundColor: PALETTE[1],
            borderDash: [6, 4],
            yAxisID: "rate",
          },
        ],
      },
      options: {
        ...base("Latency and throttling per point"),
        scales: {
          x: axisX,
          y: { beginAtZero: true, position: "left", title: { display: true, text: "ms" } },
          rate: {
            axis: "y",
            beginAtZero: true,
            position: "right",
            title: { display: true, text: "%" },
            grid: { drawOnChartArea: false },
          },
        },
      },
    },
    table: {
      columns: [x, "e2e p95 (ms)", "caller 429 rate (%)", "spillover (%)"],
      rows: plan.points.map((p) => [
        label(plan, p.values),
        Math.round(p.metrics["latency.e2e.p95"].mean),
        Math.round(p.metrics["throttle.client.rate"].mean * 10000) / 100,
        Math.round(p.metrics["spillover.rate"].mean * 10000) / 100,
      ]),
    },
  };
  return [cost, metrics];
}

/**
 * plan.html: one self-contained file (charts as embedded PNG images, no script, no network). Every value from plan.json
 * (names, `--vary` paths and values, seeds, reasons) is escaped; the CSP allows no script at all, so even markup that
 * slipped through could not run any.
 */
export function renderPlanHtml(plan: Plan, charts: { def: ChartDefinition; png: Uint8Array }[]): string {
  const e = escapeHtml;
  const money = (v: number) => planMoney(plan, v);
  const rec =
    plan.recommended === null
      ? "<p><strong>No point meets every error-level SLO.</strong> Widen the sweep.</p>"
      : `<p><strong>Recommended:</strong> ${Object.entries(plan.recommended.values)
          .map(([k, v]) => `<code>${e(k)}=${e(String(v))}</code>`)
          .join(
            ", ",
          )} — ${e(money(plan.recommended.costMonthly))} per month (${e(plan.recommended.reason)}).</p>`;
  const same = equivalenceText(plan);
  const equivalent = same === null ? "" : `<p><strong>Equivalent:</strong> ${e(same)}</p>\n`;
  const robust = plan.robust === undefined ? null : robustSummary(plan, plan.robust);
  const robustText =
    robust === null
      ? ""
      : `<p><strong>Robust:</strong> ${e(robust.knobs)}</p>\n${robust.withoutRobust === null ? "" : `<p><strong>Without --robust:</strong> ${e(robust.withoutRobust)}</p>\n`}`;
  const figures = charts
    .map(
      ({ def, png }) =>
        `<figure><img alt="${e(def.description)}" src="data:image/png;base64,${Buffer.from(png).toString("base64")}"><figcaption>${e(def.title)}</figcaption></figure>`,
    )
    .join("\n");
  const paths = plan.vary.map((d) => d.path);
  const rows = plan.points
    .map((p) => {
      const cost = p.metrics["cost.monthly.total"];
      const cells = [
        ...paths.map((k) => e(String(p.values[k]))),
        `${e(money(cost.mean))} <small>(${e(money(cost.ci95[0]))}–${e(money(cost.ci95[1]))})</small>`,
        String(Math.round(p.metrics["latency.e2e.p95"].mean)),
        `${(p.metrics["throttle.client.rate"].mean * 100).toFixed(2)}%`,
        `${(p.metrics["spillover.rate"].mean * 100).toFixed(2)}%`,
        (p.slo.length === 0 ? "—" : p.meetsSlo ? "pass" : "<strong>fail</strong>") +
          (plan.equivalent?.includes(p.index) === true ? " <small>≈ equivalent</small>" : ""),
        ...(robust === null ? [] : [e(failingEnds(p))]),
      ];
      const cls = plan.recommended?.index === p.index ? ' class="best"' : "";
      return `<tr${cls}>${cells.map((c) => `<td>${c}</td>`).join("")}</tr>`;
    })
    .join("\n");
  const header = [
    ...paths,
    "monthly cost (95% CI)",
    "e2e p95 ms",
    "caller 429",
    "spillover",
    "SLOs",
    ...(robust === null ? [] : ["fails at"]),
  ]
    .map((h) => `<th>${e(h)}</th>`)
    .join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<title>Plan: ${e(plan.scenario.name)}</title>
<style>
:root { color-scheme: light dark; --fg: #1b1f24; --bg: #fff; --muted: #59636e; --line: #d0d7de; --best: #ddf4ff; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --line: #30363d; --best: #0c2d6b; } }
body { font: 15px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); margin: 0 auto; padding: 16px; max-width: 1100px; }
figure { margin: 16px 0; } img { max-width: 100%; height: auto; background: #fff; border-radius: 6px; }
figcaption, small { color: var(--muted); } .scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; } th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: right; }
th:first-child, td:first-child { text-align: left; } tr.best { background: var(--best); }
@media print { figure { break-inside: avoid; } }
</style></head><body>
<h1>Plan: ${e(plan.scenario.name)}</h1>
<p>${e(String(plan.points.length))} point(s) × ${e(String(plan.replications.count))} replication(s) (seeds ${e(plan.replications.seeds.join(", "))}), search: ${e(plan.search)}.</p>
${rec}
${equivalent}${robustText}${figures}
<div class="scroll"><table><thead><tr>${header}</tr></thead><tbody>
${rows}
</tbody></table></div>
</body></html>
`;
}
