/**
 * `spillway compare`: several reports side by side, each against the first (the baseline), as data, a Markdown table
 * for a PR comment and a self-contained HTML page a person can put in a deck: each design's billing, its monthly cost
 * with the change in money and percent, the whole estate on pay-as-you-go as a reference, and a chart of the cost
 * differences. Pure: reports in, text out (the chart's PNG is drawn by the caller, from {@link comparisonCostChart}).
 */
import { type MetricDirection, type MetricUnit, metricAt, readMetric } from "../metrics/metric-registry.js";
import { type ChartDefinition, PALETTE } from "./charts.js";
import { count, mdCell, mdCode, millis, money, percent, seconds } from "./format.js";
import { escapeHtml } from "./html.js";
import type { Report } from "./report-types.js";

/** How a value compares with the baseline's, given the metric's direction (`neutral`: the metric is not judged). */
export type Verdict = "better" | "worse" | "same" | "neutral";

/** One report's value of one metric; delta, relative and verdict are null for the baseline (first entry). */
export interface ComparisonCell {
  /** The report's value (rates are fractions, latency ms, money in the comparison's currency). */
  value: number;
  /** value − baseline value, or null for the baseline. */
  delta: number | null;
  /** delta / baseline value; null for the baseline, or when the baseline is 0 and the value is not (no finite ratio). */
  relative: number | null;
  /** Direction-aware judgement of the delta, or null for the baseline. */
  verdict: Verdict | null;
}

/** One metric across every entry. */
export interface ComparisonRow {
  /** The metric's registry path (`cost.monthly.total`, `requests.successRate`). */
  key: string;
  /** Section the row belongs to (`Requests`, `Latency`, ...). */
  group: string;
  /** The registry's label. */
  label: string;
  /** The registry's unit: formatting. */
  unit: MetricUnit;
  /** The registry's direction: which way is better. */
  direction: MetricDirection;
  /** One cell per entry, in entry order. */
  cells: ComparisonCell[];
}

/** One compared report, as the comparison names it. */
export interface ComparisonEntry {
  /** Column label (unique among the entries). */
  label: string;
  /** The report's scenario name. */
  scenario: string;
  /** The run's seed. */
  seed: number;
  /** First 12 hex digits of the scenario hash. */
  hash: string;
  /** Measured horizon, seconds. */
  durationSeconds: number;
}

/** The result of {@link buildComparison}: entries, metric rows and caveats. */
export interface Comparison {
  /** Compared reports; the first is the baseline every delta is taken against. */
  entries: ComparisonEntry[];
  /** Metrics, in display order. */
  rows: ComparisonRow[];
  /** Caveats a reader needs (horizons differ, so request counts are not like for like). */
  notes: string[];
  /** ISO 4217 code of every money row (the reports' `cost.currency`; reports in different ones have no money row). */
  currency: string;
  /** Each entry's billing plan in words ({@link billingPlanText}), in entry order. */
  billing: string[];
  /**
   * The reference row: each entry's estate with every PTU deployment on pay-as-you-go
   * ({@link payAsYouGoEstateMonthly}); null when a report is in another currency or a PTU model has no pay-as-you-go
   * price.
   */
  reference: ComparisonRow | null;
}

/** Key of the reference row: not a report.json field, computed from `cost` by {@link payAsYouGoEstateMonthly}. */
export const PAYG_ESTATE_KEY = "cost.monthly.payAsYouGoEstate";

const PLAN_TEXT: Record<string, string> = {
  hourly: "hourly",
  "reservation-monthly": "1-month reservation",
  "reservation-yearly": "1-year reservation",
};

/**
 * How a report's PTUs are billed, in words a finance reader uses: `100 PTU hourly`, `100 PTU on a 1-year
 * reservation`, `100 PTU (60 on a 1-year reservation, 40 hourly)`, one per provisioned deployment (equal ones once),
 * then `+ pay-as-you-go` when standard or Batch deployments serve tokens too; `pay-as-you-go only` without PTUs.
 */
export function billingPlanText(report: Report): string {
  const parts: string[] = [];
  let payAsYouGo = false;
  for (const [id, d] of Object.entries(report.deployments)) {
    if (d.billing === null) {
      payAsYouGo = true;
      continue;
    }
    const b = report.cost.billing[id];
    const capacity = b?.capacity ?? d.capacity;
    // A provisioned deployment of 0 PTU is no PTU deployment (src/plan: pure pay-as-you-go points).
    if (capacity <= 0) continue;
    const reserved = b?.reservedCapacity ?? 0;
    const plan = PLAN_TEXT[d.billing] ?? d.billing;
    let text = `${capacity} PTU ${d.billing === "hourly" ? "hourly" : `on a ${plan}`}`;
    if (reserved > 0 && reserved < capacity) {
      text = `${capacity} PTU (${reserved} on a ${plan}, ${capacity - reserved} hourly)`;
    }
    if (!parts.includes(text)) parts.push(text);
  }
  if (parts.length === 0) return "pay-as-you-go only";
  return `${parts.join("; ")}${payAsYouGo ? " + pay-as-you-go" : ""}`;
}

/**
 * What a report's estate would cost a month on pay-as-you-go alone: every PTU deployment's served tokens at the
 * pay-as-you-go price of its `payAsYouGoSku` (report.json `cost.billing.*.payAsYouGoMonthlyAtMeanUtilization`: the
 * mean utilization's normalized tokens at the observed mix's price) in place of its PTUs, the standard and Batch
 * deployments' tokens and the gateways as they are. Null when a PTU model has no pay-as-you-go price. It prices the
 * tokens the PTUs served; whether pay-as-you-go quotas would carry them at the same latency is not simulated.
 */
export function payAsYouGoEstateMonthly(report: Report): number | null {
  let total = report.cost.monthly.gateway;
  for (const [id, d] of Object.entries(report.deployments)) {
    const b = report.cost.billing[id];
    if (d.billing === null || b === undefined) {
      total += report.cost.byDeployment[id]?.monthly ?? 0;
      continue;
    }
    if (b.capacity <= 0) continue;
    if (b.payAsYouGoMonthlyAtMeanUtilization === null) return null;
    total += b.payAsYouGoMonthlyAtMeanUtilization;
  }
  return total;
}

/** The compared metrics, by registry path, in display order, under the section each row belongs to. */
const COMPARED: readonly { path: string; section: string }[] = [
  ...[
    "requests.arrived",
    "requests.successRate",
    "throttle.client.rate",
    "spillover.requests",
    "spillover.rate",
  ].map((path) => ({ path, section: "Requests" })),
  ...["e2e.p50", "e2e.p95", "e2e.p99", "e2eAll.p95", "ttft.p50", "ttft.p95"].map((p) => ({
    path: `latency.${p}`,
    section: "Latency",
  })),
  ...["provisioned", "tokens", "gateway", "total"].map((part) => ({
    path: `cost.monthly.${part}`,
    section: "Monthly cost",
  })),
];

/**
 * Relative differences at or below these are not change, so calling them better or worse would send a reviewer
 * looking for nothing: floating-point noise for sums, and for latency percentiles twice the histogram's 0.1% relative
 * error (report-types.ts, LatencyStats), since each side may be off by that much.
 */
function sameTolerance(unit: MetricUnit): number {
  return unit === "ms" ? 2e-3 : 1e-9;
}

function judge(unit: MetricUnit, direction: MetricDirection, base: number, value: number): Verdict {
  const delta = value - base;
  if (Math.abs(delta) <= sameTolerance(unit) * Math.max(Math.abs(base), Math.abs(value))) return "same";
  if (direction === "none") return "neutral";
  return delta < 0 === (direction === "lower") ? "better" : "worse";
}

/** Compares reports, each against the first; labels must be unique (they become column headers). */
export function buildComparison(entries: { label: string; report: Report }[]): Comparison {
  if (entries.length === 0) throw new Error("buildComparison: no reports to compare");
  const labels = new Set(entries.map((e) => e.label));
  if (labels.size !== entries.length) throw new Error("buildComparison: entry labels must be unique");
  const baseline = entries[0].report;
  // A metric added since report.json version 1 shipped (latency.e2eAll) is compared only when every report has it.
  const missing = COMPARED.filter(({ path }) =>
    entries.some(({ report }) => readMetric(report, path) == null),
  );
  // Money in two currencies is not like for like: no cost row then, and a note says why.
  // Two exchange rates of one currency are not like for like either: the figures would differ by the rate alone.
  const moneyOf = ({ report }: (typeof entries)[number]) => {
    const rate = report.cost.terms?.exchangeRate ?? 1;
    return rate === 1 ? String(report.cost.currency) : `${report.cost.currency} at ${rate} per USD`;
  };
  const currencies = [...new Set(entries.map(moneyOf))];
  const unlike = currencies.length > 1;
  const compared = COMPARED.filter(
    (c) => !missing.includes(c) && !(unlike && metricAt(c.path).unit.startsWith("usd")),
  );
  const rows = compared.map(({ path, section }): ComparisonRow => {
    const m = metricAt(path);
    // Every compared metric left is a number in any report that passed the schema (requests.successRate included:
    // see parseReport).
    const values = entries.map(({ report }) => readMetric(report, path) ?? 0);
    return {
      key: path,
      group: section,
      label: m.label,
      unit: m.unit,
      direction: m.direction,
      cells: cells(m, values),
    };
  });
  const estate = entries.map(({ report }) => payAsYouGoEstateMonthly(report));
  const priced = estate.every((v) => v !== null) && !unlike;
  const referenceMetric = { unit: "usd" as const, direction: "lower" as const };
  const reference: ComparisonRow | null = priced
    ? {
        key: PAYG_ESTATE_KEY,
        group: "Monthly cost",
        label: "monthly cost, every PTU on pay-as-you-go (reference)",
        ...referenceMetric,
        cells: cells(referenceMetric, estate as number[]),
      }
    : null;
  const notes: string[] = missing.map(
    ({ path }) => `${metricAt(path).label} is left out: a report was written before it was added.`,
  );
  if (reference === null && !unlike) {
    notes.push("The pay-as-you-go reference is left out: a PTU model has no pay-as-you-go price.");
  }
  if (unlike) {
    notes.push(
      `The reports are in different currencies or exchange rates (${currencies.join("; ")}), so monthly cost is left out; set the ` +
        "same billing: currency and exchange rate to compare it.",
    );
  }
  const durations = new Set(entries.map((e) => e.report.horizon.durationSeconds));
  if (durations.size > 1) {
    notes.push(
      "The horizons differ, so request and spillover counts are not like for like; rates, latency and monthly cost are.",
    );
  }
  return {
    entries: entries.map(({ label, report }) => ({
      label,
      scenario: report.scenario.name,
      seed: report.seed,
      hash: report.scenario.hash.slice(0, 12),
      durationSeconds: report.horizon.durationSeconds,
    })),
    rows,
    notes,
    currency: baseline.cost.currency,
    billing: entries.map(({ report }) => billingPlanText(report)),
    reference,
  };
}

/** One row's cells: each value, and against the first its change and verdict. */
function cells(
  m: { unit: MetricUnit; direction: MetricDirection },
  values: readonly number[],
): ComparisonCell[] {
  const base = values[0];
  return values.map((value, i): ComparisonCell => {
    if (i === 0) return { value, delta: null, relative: null, verdict: null };
    const delta = value - base;
    const relative = base === 0 ? (delta === 0 ? 0 : null) : delta / Math.abs(base);
    return { value, delta, relative, verdict: judge(m.unit, m.direction, base, value) };
  });
}

/** The rows as the tables show them: the reference right after the monthly total. */
function displayRows(c: Comparison): ComparisonRow[] {
  if (c.reference === null) return c.rows;
  const at = c.rows.findIndex((r) => r.key === "cost.monthly.total");
  return at < 0
    ? [...c.rows, c.reference]
    : [...c.rows.slice(0, at + 1), c.reference, ...c.rows.slice(at + 1)];
}

/**
 * The cost chart of a comparison: each design's monthly cost minus the first's (the baseline's bar is 0), and the
 * same for its estate on pay-as-you-go, so the axis spans the differences rather than starting at 0 under totals
 * that differ by a few percent. Null when the reports have no money row (different currencies).
 */
export function comparisonCostChart(c: Comparison): ChartDefinition | null {
  const total = c.rows.find((r) => r.key === "cost.monthly.total");
  if (total === undefined) return null;
  const base = total.cells[0].value;
  const fmt = (v: number) => money(v, c.currency);
  const signed = (v: number) => (v === 0 ? fmt(0) : `${v > 0 ? "+" : "\u2212"}${fmt(Math.abs(v))}`);
  const baseline = c.entries[0].label;
  const title = `Monthly cost against ${baseline} (${fmt(base)} a month)`;
  const datasets: Record<string, unknown>[] = [
    { label: "as designed", data: total.cells.map((x) => x.value - base), backgroundColor: PALETTE[0] },
  ];
  if (c.reference !== null) {
    datasets.push({
      label: "every PTU on pay-as-you-go (reference)",
      data: c.reference.cells.map((x) => x.value - base),
      backgroundColor: PALETTE[1],
    });
  }
  return {
    name: "compare-cost",
    title,
    description:
      `Each design's 730-hour-month cost minus ${baseline}'s` +
      `${c.reference === null ? "" : ", and the same estate with every PTU on pay-as-you-go"}: ` +
      c.entries.map((e, i) => `${e.label} ${signed(total.cells[i].value - base)}`).join(", "),
    config: {
      type: "bar",
      data: { labels: c.entries.map((e) => e.label), datasets },
      options: {
        plugins: { title: { display: true, text: title }, legend: { position: "bottom" } },
        scales: {
          y: { title: { display: true, text: `\u0394 monthly cost vs ${baseline} (${c.currency})` } },
        },
      },
    },
    table: {
      columns: ["design", "billing", "monthly cost", "\u0394", "\u0394 %", "every PTU on pay-as-you-go"],
      rows: c.entries.map((e, i) => {
        const cell = total.cells[i];
        return [
          e.label,
          c.billing[i],
          fmt(cell.value),
          cell.delta === null ? "baseline" : signed(cell.delta),
          cell.relative === null
            ? ""
            : `${cell.relative > 0 ? "+" : cell.relative < 0 ? "\u2212" : ""}${percent(Math.abs(cell.relative))}`,
          c.reference === null ? "no price" : fmt(c.reference.cells[i].value),
        ];
      }),
    },
  };
}

/**
 * A report value in its registry unit, as every table of metrics prints it (compare, check); money in `currency`,
 * the report's `cost.currency` (the registry's unit names say USD, the currency of list prices).
 */
export function formatMetricValue(unit: MetricUnit, value: number, currency = "USD"): string {
  switch (unit) {
    case "count":
    case "tokens":
    case "capacity":
      return count(value);
    case "fraction":
      return percent(value);
    case "ms":
      return millis(value);
    case "s":
      return seconds(value);
    case "usd":
      return money(value, currency);
    case "usd-per-1m-tokens":
      return `${money(value, currency)} per 1M tokens`;
    case "rps":
      return `${count(value)}/s`;
  }
}

/** A signed delta in its unit; a difference of rates is in percentage points, not a percentage of a percentage. */
function formatDelta(unit: MetricUnit, delta: number, currency: string): string {
  // U+2212 minus: the same width as "+", so signed columns line up.
  const sign = delta > 0 ? "+" : "\u2212";
  const magnitude = Math.abs(delta);
  const text =
    unit === "fraction"
      ? percent(magnitude).replace(/%$/, " pp")
      : formatMetricValue(unit, magnitude, currency);
  return `${sign}${text}`;
}

/** The parenthesised change: absolute and, when the baseline is not 0, relative. */
function formatChange(row: ComparisonRow, cell: ComparisonCell, currency: string): string {
  if (cell.delta === null) return "";
  if (cell.delta === 0) return "no change";
  const parts = [formatDelta(row.unit, cell.delta, currency)];
  if (cell.relative !== null)
    parts.push(`${cell.relative > 0 ? "+" : "\u2212"}${percent(Math.abs(cell.relative))}`);
  return parts.join(", ");
}

const DIRECTION_TEXT: Record<MetricDirection, string> = {
  lower: "lower is better",
  higher: "higher is better",
  none: "neither better nor worse",
};

/** What the Δ columns and the reference row mean, said once under the table. */
function legend(c: Comparison): string {
  const reference =
    c.reference === null
      ? ""
      : " The reference row prices the same estate with every PTU deployment replaced by pay-as-you-go: the tokens " +
        "its PTUs served at the pay-as-you-go price of their SKU (GlobalStandard for GlobalProvisionedManaged, and so " +
        "on) at the observed token mix, the other deployments and the gateways as they are; whether pay-as-you-go " +
        "quotas would carry that traffic is not simulated.";
  return (
    `Δ is each column minus ${c.entries[0].label} (the first), then relative to it; rates change in percentage points (pp). ` +
    "Lower is better for latency, 429s and cost, higher for success rate; requests and spillover are not judged, " +
    `nor latency changes within 0.2% (the resolution of its percentiles).${reference}`
  );
}

/**
 * Renders the comparison as Markdown: a heading, one table (metric | A | B (Δ) | ...), the legend and any notes. Labels,
 * scenario names, seeds and hashes come from files: each goes through mdCell or mdCode.
 */
export function renderComparisonMarkdown(c: Comparison, options: { chart?: string } = {}): string {
  const header = [
    "metric",
    ...c.entries.map((e, i) => (i === 0 ? mdCell(e.label) : `${mdCell(e.label)} (Δ)`)),
  ];
  const align = ["---", ...c.entries.map(() => "---:")];
  const lines = ["## Spillway comparison", "", `| ${header.join(" | ")} |`, `| ${align.join(" | ")} |`];
  lines.push(`| billing | ${c.billing.map(mdCell).join(" | ")} |`);
  for (const row of displayRows(c)) {
    const cells = row.cells.map((cell) => {
      const value = formatMetricValue(row.unit, cell.value, c.currency);
      if (cell.delta === null) return mdCell(value);
      const marker = cell.verdict === "better" ? " 🟢 better" : cell.verdict === "worse" ? " 🔴 worse" : "";
      return `${mdCell(value)} (${mdCell(formatChange(row, cell, c.currency))})${marker}`;
    });
    lines.push(`| ${[mdCell(row.label), ...cells].join(" | ")} |`);
  }
  lines.push("", mdCell(legend(c)));
  if (options.chart !== undefined) {
    const chart = comparisonCostChart(c);
    if (chart !== null) lines.push("", `![${mdCell(chart.description)}](${options.chart})`);
  }
  const runs = c.entries
    .map(
      (e) =>
        `${mdCell(e.label)}: ${e.label === e.scenario ? "" : `scenario ${mdCell(e.scenario)}, `}seed ${mdCell(String(e.seed))}, ` +
        `${seconds(e.durationSeconds)}, \`${mdCode(e.hash)}\``,
    )
    .join("; ");
  lines.push("", `Runs: ${runs}.`);
  for (const note of c.notes) lines.push("", `**Note:** ${mdCell(note)}`);
  return `${lines.join("\n")}\n`;
}

const COMPARE_CSS = `
:root {
  color-scheme: light dark;
  --font: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --surface: #f6f8fa; --border: #d1d9e0;
  --pass: #1a7f37; --fail: #d1242f; --pass-bg: #dafbe1; --fail-bg: #ffebe9; --warn-bg: #fff8c5;
  --warn-border: #d4a72c;
}
/* Dark only on screen: paper stays white. */
@media screen and (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --surface: #151b23; --border: #3d444d;
    --pass: #3fb950; --fail: #f85149; --pass-bg: rgba(46, 160, 67, 0.18); --fail-bg: rgba(248, 81, 73, 0.18);
    --warn-bg: rgba(187, 128, 9, 0.18); --warn-border: #9e6a03;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.5 var(--font); }
.page { max-width: 1240px; margin: 0 auto; padding: 24px 24px 48px; }
code { font-family: var(--mono); font-size: 0.92em; }
.eyebrow { margin: 0; font-size: 12px; letter-spacing: 0.08em; text-transform: uppercase; color: var(--muted); }
h1 { margin: 2px 0 12px; font-size: 26px; line-height: 1.25; overflow-wrap: anywhere; }
.runs { margin: 0 0 16px; padding-left: 20px; font-size: 13.5px; color: var(--muted); overflow-wrap: anywhere; }
.runs strong { color: var(--fg); }
.table-scroll { max-width: 100%; overflow-x: auto; border: 1px solid var(--border); border-radius: 8px; }
table { width: 100%; border-collapse: collapse; font-size: 14px; font-variant-numeric: tabular-nums; }
caption { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
th, td { padding: 6px 10px; border-bottom: 1px solid var(--border); text-align: right; vertical-align: top; }
thead th { background: var(--surface); font-size: 13px; vertical-align: bottom; overflow-wrap: anywhere;
  min-width: 10ch; }
/* The metric names stay in view while a narrow screen scrolls the columns. */
tbody th, thead th:first-child { position: sticky; left: 0; z-index: 1; text-align: left; font-weight: 500;
  background: var(--bg); white-space: nowrap; }
thead th:first-child { background: var(--surface); }
tbody tr:last-child > * { border-bottom: 0; }
.value { display: block; white-space: nowrap; }
.value.plan { white-space: normal; font-size: 13px; }
figure { margin: 0 0 16px; } figure img { max-width: 100%; height: auto; background: #fff; border-radius: 6px; }
figcaption { font-size: 13px; color: var(--muted); }
.change { display: block; font-size: 12.5px; color: var(--muted); white-space: nowrap; }
td.better { background: var(--pass-bg); }
td.better .change { color: var(--pass); }
td.worse { background: var(--fail-bg); }
td.worse .change { color: var(--fail); }
.direction { display: block; font-size: 11.5px; color: var(--muted); font-weight: 400; }
.legend { margin: 12px 0 0; font-size: 13px; color: var(--muted); max-width: 85ch; }
.notes { margin: 12px 0 0; padding: 0; list-style: none; }
.notes li { padding: 8px 12px; background: var(--warn-bg); border-left: 4px solid var(--warn-border); border-radius: 4px; }
@media (max-width: 640px) {
  body { font-size: 14px; }
  .page { padding: 16px 10px 32px; }
  h1 { font-size: 21px; }
  th, td { padding: 5px 7px; }
  /* The sticky metric column may wrap so the numbers get most of a phone's width. */
  tbody th { white-space: normal; min-width: 8rem; max-width: 9.5rem; }
}
@media print {
  figure { break-inside: avoid; }
  .table-scroll { overflow: visible; border: 0; }
  tbody th, thead th:first-child { position: static; }
}
`;

/**
 * Renders compare.html: one self-contained page (inline CSS, no script, nothing fetched; the cost chart, when given,
 * as an embedded PNG), every user string escaped.
 */
export function renderComparisonHtml(c: Comparison, options: { chartPng?: Uint8Array } = {}): string {
  const title = c.entries.map((e) => escapeHtml(e.label)).join(" vs ");
  const head = c.entries
    .map(
      (e, i) =>
        `<th scope="col">${escapeHtml(e.label)}${i === 0 ? ' <span class="direction">baseline</span>' : " (Δ)"}</th>`,
    )
    .join("");
  const body: string[] = [
    `<tr><th scope="row">billing<span class="direction">how the PTUs are paid</span></th>${c.billing
      .map((b) => `<td><span class="value plan">${escapeHtml(b)}</span></td>`)
      .join("")}</tr>`,
  ];
  for (const row of displayRows(c)) {
    const cells = row.cells.map((cell) => {
      const value = `<span class="value">${escapeHtml(formatMetricValue(row.unit, cell.value, c.currency))}</span>`;
      if (cell.delta === null) return `<td>${value}</td>`;
      const judged = cell.verdict === "better" || cell.verdict === "worse";
      // The word, not only the colour, carries the verdict (colour-blind readers, printouts, screen readers).
      const change = escapeHtml(formatChange(row, cell, c.currency)) + (judged ? ` · ${cell.verdict}` : "");
      return `<td${judged ? ` class="${cell.verdict}"` : ""}>${value}<span class="change">${change}</span></td>`;
    });
    body.push(
      `<tr><th scope="row">${escapeHtml(row.label)}<span class="direction">${DIRECTION_TEXT[row.direction]}</span></th>${cells.join("")}</tr>`,
    );
  }
  const runs = c.entries
    .map(
      (e) =>
        `<li><strong>${escapeHtml(e.label)}</strong>: ` +
        `${e.label === e.scenario ? "" : `scenario ${escapeHtml(e.scenario)}, `}seed ${escapeHtml(String(e.seed))}, ` +
        `${escapeHtml(seconds(e.durationSeconds))}, <code>${escapeHtml(e.hash)}</code></li>`,
    )
    .join("");
  const notes =
    c.notes.length === 0
      ? ""
      : `<ul class="notes">${c.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul>\n`;
  const def = options.chartPng === undefined ? null : comparisonCostChart(c);
  const figure =
    def === null || options.chartPng === undefined
      ? ""
      : `<figure><img alt="${escapeHtml(def.description)}" src="data:image/png;base64,${Buffer.from(options.chartPng).toString("base64")}"><figcaption>${escapeHtml(def.title)}</figcaption></figure>\n`;
  // No script at all, so the policy can forbid every script and fetch: injected markup could do nothing. Images only
  // from data: (the chart), as report.html's policy.
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="color-scheme" content="light dark">
<title>${title} · Spillway comparison</title>
<style>${COMPARE_CSS}</style>
</head>
<body>
<div class="page">
<header>
<p class="eyebrow">Spillway comparison</p>
<h1>${title}</h1>
<ul class="runs">${runs}</ul>
</header>
<main>
${figure}<div class="table-scroll" tabindex="0" role="region" aria-label="Comparison">
<table>
<caption>Metrics of each run; Δ against ${escapeHtml(c.entries[0].label)}</caption>
<thead><tr><th scope="col">metric</th>${head}</tr></thead>
<tbody>
${body.join("\n")}
</tbody>
</table>
</div>
<p class="legend">${escapeHtml(legend(c))}</p>
${notes}</main>
</div>
</body>
</html>
`;
}
