/**
 * forecast.md, forecast.html and the forecast's charts: pure functions of forecast.json (charts drawn by the report's
 * PNG renderer). forecast.md is also printed, so every value from the scenario goes through mdCell.
 */
import { type ChartDefinition, PALETTE } from "../report/charts.js";
import { mdCell, mdCode, wholeMoney } from "../report/format.js";
import { escapeHtml } from "../report/html.js";
import type { Forecast, ForecastMonth } from "./forecast.js";

const pct = (v: number) => `${(v * 100).toFixed(2)}%`;
const ms = (v: number) => String(Math.round(v));
/** A traffic factor to four significant digits (1.05^11 = 1.710). */
const factorText = (v: number) => String(Number(v.toPrecision(4)));

/** Money in the forecast's currency, whole units. */
function moneyOf(f: Forecast): (v: number) => string {
  return (v) => wholeMoney(v, f.scenario.currency);
}

/** A month's PTUs and how they are paid, all deployments: `115 (100 reserved 1y, 15 hourly)`. */
function scheduleText(m: ForecastMonth): string {
  const parts = Object.values(m.schedule.deployments);
  if (parts.length === 0) return "—";
  const add = (key: "capacity" | "hourly" | "reservedMonthly" | "reservedYearly" | "idleReserved") =>
    parts.reduce((s, d) => s + d[key], 0);
  const how = [
    add("reservedYearly") > 0 ? `${add("reservedYearly")} reserved 1y` : "",
    add("reservedMonthly") > 0 ? `${add("reservedMonthly")} reserved 1m` : "",
    add("hourly") > 0 ? `${add("hourly")} hourly` : "",
    add("idleReserved") > 0 ? `${add("idleReserved")} reserved idle` : "",
  ].filter((s) => s !== "");
  return `${add("capacity")}${how.length === 0 ? "" : ` (${how.join(", ")})`}`;
}

/** How a renderer writes running text and code (SLO expressions, names) safely in its format. */
interface Formatter {
  /** Running text, escaped. */
  text: (s: string) => string;
  /** A name or expression, escaped and marked as code. */
  code: (s: string) => string;
}

/** The sentences a forecast opens with: growth, when the SLOs break, the totals and the commitments. */
export function forecastHeadlines(f: Forecast, fmt: Formatter): string[] {
  const money = (v: number) => fmt.text(moneyOf(f)(v));
  const n = f.months.length;
  const span = n === 12 ? "the year" : `${n} month(s)`;
  const lines = [
    `Traffic: ${fmt.code(f.growth.text)} (factors ${factorText(f.growth.factors[0])} in month 1 to ${factorText(f.growth.factors[n - 1])} in month ${n}); ${f.replications.count} replication(s) per run.`,
    `${f.deployments.length > 0 ? "With today's PTUs" : "As written"} the error-level SLOs ${
      f.sloBreak === null
        ? "hold in every month."
        : `stop holding in month ${f.sloBreak.month}: ${f.sloBreak.failed.map(fmt.code).join(", ")}.`
    }`,
    `Estate as written: ${money(f.totals.asWritten.total)} over ${span}.`,
  ];
  const w = f.totals.asWritten;
  if (w.hourly !== null && w.reservationMonthly !== null && w.reservationYearly !== null) {
    lines.push(
      `Today's PTUs all hourly: ${money(w.hourly)}; all one-month reservations: ${money(w.reservationMonthly)}; all one-year reservations: ${money(w.reservationYearly)}.`,
    );
  }
  if (f.deployments.length > 0) {
    lines.push(
      `Schedule (PTUs each month needs, paid the cheapest way): ${money(f.totals.schedule.total)} over ${span}, of which PTUs ${money(f.totals.schedule.provisioned)}.`,
      f.totals.commitments.length === 0
        ? "Commitments: no one-year reservation."
        : `Commitments: ${f.totals.commitments
            .map(
              (c) =>
                `${c.ptu} PTU of ${fmt.code(c.deployment)} for one year from month ${c.month} (${money(c.total)})`,
            )
            .join(
              "; ",
            )}; ${money(f.totals.committed)} in all, ${money(f.totals.committedBeyond)} of it after month ${n}.`,
    );
  }
  return lines;
}

/** The month table's header and rows (plain strings; Markdown and HTML escape them their own way). */
function monthTable(f: Forecast): { header: string[]; rows: string[][] } {
  const money = moneyOf(f);
  const ptu = f.deployments.length > 0;
  const header = [
    "month",
    "traffic ×",
    "requests (horizon)",
    "caller 429",
    "e2e p95 ms",
    "SLOs",
    "cost as written",
    ...(ptu ? ["all hourly", "all 1m res.", "all 1y res.", "schedule PTUs", "schedule cost"] : []),
  ];
  const rows = f.months.map((m) => {
    const w = m.asWritten;
    return [
      String(m.month),
      factorText(m.factor),
      Math.round(w.requests).toLocaleString("en-US"),
      pct(w.throttleClient),
      ms(w.latency.p95),
      w.failedSlo.length === 0 ? "pass" : "fail",
      money(w.cost.total),
      ...(ptu && w.billing !== null
        ? [
            money(w.billing.hourly),
            money(w.billing.reservationMonthly),
            money(w.billing.reservationYearly),
            `${scheduleText(m)}${m.needed?.holds === false ? " (SLOs still fail)" : ""}`,
            money(m.schedule.cost.total),
          ]
        : []),
    ];
  });
  return { header, rows };
}

/** forecast.md. */
export function renderForecastMarkdown(f: Forecast): string {
  const out = [`# Forecast: ${mdCell(f.scenario.name)}`, ""];
  for (const line of forecastHeadlines(f, { text: mdCell, code: (s) => `\`${mdCode(s)}\`` }))
    out.push(`- ${line}`);
  out.push("");
  const { header, rows } = monthTable(f);
  out.push(`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`);
  for (const row of rows) out.push(`| ${row.map(mdCell).join(" | ")} |`);
  out.push("", "Notes:", "");
  for (const note of f.notes) out.push(`- ${mdCell(note)}`);
  return `${out.join("\n")}\n`;
}

/** Cost per month (as written, the schedule, today's PTUs under each plan); PTUs per month; latency and 429s. */
export function forecastCharts(f: Forecast): ChartDefinition[] {
  const labels = f.months.map((m) => `month ${m.month}`);
  const currency = f.scenario.currency;
  const round = (v: number) => Math.round(v);
  const base = (title: string, y: Record<string, unknown>) => ({
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    plugins: { title: { display: true, text: title }, legend: { position: "bottom" } },
    scales: { x: { title: { display: true, text: "month" } }, ...y },
  });
  const line = (label: string, data: number[], k: number, dash = false) => ({
    label,
    data,
    borderColor: PALETTE[k],
    backgroundColor: PALETTE[k],
    ...(dash ? { borderDash: [6, 4] } : {}),
  });
  const costSeries = [
    line(
      "as written",
      f.months.map((m) => round(m.asWritten.cost.total)),
      0,
    ),
    ...(f.deployments.length === 0
      ? []
      : [
          line(
            "schedule",
            f.months.map((m) => round(m.schedule.cost.total)),
            2,
          ),
          line(
            "today's PTUs hourly",
            f.months.map((m) => round(m.asWritten.billing?.hourly ?? 0)),
            3,
            true,
          ),
          line(
            "today's PTUs 1y reserved",
            f.months.map((m) => round(m.asWritten.billing?.reservationYearly ?? 0)),
            4,
            true,
          ),
        ]),
  ];
  const cost: ChartDefinition = {
    name: "forecast-cost",
    title: `Monthly cost (${currency})`,
    description:
      "Each month's cost: the estate as written, the schedule's PTUs and today's PTUs billed one way.",
    config: {
      type: "line",
      data: { labels, datasets: costSeries },
      options: base("Monthly cost", {
        y: { beginAtZero: true, title: { display: true, text: `${currency} per month` } },
      }),
    },
    table: {
      columns: ["month", ...costSeries.map((s) => s.label)],
      rows: labels.map((l, i) => [l, ...costSeries.map((s) => s.data[i])]),
    },
  };
  const service: ChartDefinition = {
    name: "forecast-service",
    title: "Latency and throttling with today's PTUs",
    description: "End-to-end p95 latency and the share of callers throttled each month, with today's PTUs.",
    config: {
      type: "line",
      data: {
        labels,
        datasets: [
          {
            ...line(
              "e2e p95 (ms)",
              f.months.map((m) => round(m.asWritten.latency.p95)),
              0,
            ),
            yAxisID: "y",
          },
          {
            ...line(
              "caller 429 rate (%)",
              f.months.map((m) => round(m.asWritten.throttleClient * 10000) / 100),
              3,
            ),
            yAxisID: "rate",
          },
        ],
      },
      options: base("Latency and throttling with today's PTUs", {
        y: { beginAtZero: true, position: "left", title: { display: true, text: "ms" } },
        rate: {
          axis: "y",
          beginAtZero: true,
          position: "right",
          title: { display: true, text: "%" },
          grid: { drawOnChartArea: false },
        },
      }),
    },
    table: {
      columns: ["month", "e2e p95 (ms)", "caller 429 rate (%)"],
      rows: f.months.map((m, i) => [
        labels[i],
        round(m.asWritten.latency.p95),
        round(m.asWritten.throttleClient * 10000) / 100,
      ]),
    },
  };
  if (f.deployments.length === 0) return [cost, service];
  const sumOf = (m: ForecastMonth, key: "hourly" | "reservedMonthly" | "reservedYearly") =>
    Object.values(m.schedule.deployments).reduce((s, d) => s + d[key], 0);
  const stacks = [
    { label: "reserved 1 year", key: "reservedYearly" as const, k: 0 },
    { label: "reserved 1 month", key: "reservedMonthly" as const, k: 5 },
    { label: "hourly", key: "hourly" as const, k: 1 },
  ].map((s) => ({
    label: s.label,
    data: f.months.map((m) => sumOf(m, s.key)),
    backgroundColor: PALETTE[s.k],
    stack: "ptu",
  }));
  const ptus: ChartDefinition = {
    name: "forecast-ptu",
    title: "PTUs the schedule deploys, by how they are paid",
    description:
      "Each month's PTUs, split into one-year reservations, one-month reservations and hourly PTUs.",
    config: {
      type: "bar",
      data: { labels, datasets: stacks },
      options: base("PTUs by billing", {
        x: { stacked: true, title: { display: true, text: "month" } },
        y: { stacked: true, beginAtZero: true, title: { display: true, text: "PTU" } },
      }),
    },
    table: {
      columns: ["month", ...stacks.map((s) => s.label)],
      rows: labels.map((l, i) => [l, ...stacks.map((s) => s.data[i])]),
    },
  };
  return [cost, ptus, service];
}

/** forecast.html: one self-contained page (charts as embedded PNGs, no script, a CSP that allows none). */
export function renderForecastHtml(f: Forecast, charts: { def: ChartDefinition; png: Uint8Array }[]): string {
  const e = escapeHtml;
  const { header, rows } = monthTable(f);
  const figures = charts
    .map(
      ({ def, png }) =>
        `<figure><img alt="${e(def.description)}" src="data:image/png;base64,${Buffer.from(png).toString("base64")}"><figcaption>${e(def.title)}</figcaption></figure>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<title>Forecast: ${e(f.scenario.name)}</title>
<style>
:root { color-scheme: light dark; }
body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; padding: 16px; max-width: 1200px; }
img { max-width: 100%; height: auto; background: #fff; } .scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; } th, td { border-bottom: 1px solid #8884; padding: 6px 8px; text-align: right; }
</style></head><body>
<h1>Forecast: ${e(f.scenario.name)}</h1>
<ul>${forecastHeadlines(f, { text: e, code: (s) => `<code>${e(s)}</code>` })
    .map((l) => `<li>${l}</li>`)
    .join("")}</ul>
${figures}
<div class="scroll"><table><thead><tr>${header.map((h) => `<th>${e(h)}</th>`).join("")}</tr></thead><tbody>
${rows.map((r) => `<tr>${r.map((c) => `<td>${e(c)}</td>`).join("")}</tr>`).join("\n")}
</tbody></table></div>
<h2>Notes</h2>
<ul>${f.notes.map((n) => `<li>${e(n)}</li>`).join("")}</ul>
</body></html>
`;
}
