/**
 * sensitivity.md, sensitivity.html, the terminal table and the tornado charts: pure functions of sensitivity.json.
 * Every value that came from the scenario (its name, the `--set` paths naming its components) is escaped for the
 * output it goes to; the HTML runs no script (its CSP allows none) and draws its charts as embedded PNGs.
 */
import { printable } from "../errors.js";
import { metricAt } from "../metrics/metric-registry.js";
import { type ChartDefinition, PALETTE } from "../report/charts.js";
import { count, knobText, mdCell, mdCode, millis, moneyPrefix, percent } from "../report/format.js";
import { escapeHtml, htmlCsp } from "../report/html.js";
import type { KnobValue } from "./knob-ends.js";
import { bySwing, mostInfluential, type Sensitivity, type SensitivityAssumption } from "./sensitivity.js";

/** What the outputs say when the scenario uses no undocumented knob. */
export const NO_KNOB_MESSAGE =
  "The scenario uses none of the undocumented knobs (README, Assumptions): no result of it rests on a behaviour Microsoft leaves unpublished, so there is nothing to vary.";

/** A metric value as the reports print it, by the metric's unit. */
export function formatMetric(metric: string, value: number, currency?: string): string {
  const { unit } = metricAt(metric);
  if (unit === "fraction") return percent(value);
  if (unit === "ms") return millis(value);
  if (unit === "usd") return `${moneyPrefix(currency)}${count(value)}`;
  return count(value);
}

/** A knob value with its unit (`10 s`, `x0.25`, `sliding`), or `mixed` when the components differ. */
export function formatKnobValue(value: KnobValue | null, unit: string): string {
  return value === null ? "mixed" : knobText(value, unit);
}

/** The short label of a metric (the registry's). */
const label = (metric: string) => metricAt(metric).label;

/** `low … high` of an assumption's range. */
const range = (a: SensitivityAssumption) =>
  `${formatKnobValue(a.low, a.unit)} … ${formatKnobValue(a.high, a.unit)}`;

/**
 * For each metric, the sentence naming the knob that moves it most: `caller 429 rate: standard.rpmWindow (2.80% at
 * 1 s, 0.61% at 10 s; base 0.61%)`, or that no knob moves it.
 */
export function mostInfluentialLines(s: Sensitivity): string[] {
  return s.metrics.map((m) => {
    const a = mostInfluential(s.assumptions, m);
    if (a === undefined)
      return `${label(m)}: no knob moves it (${formatMetric(m, s.base[m], s.scenario.currency)} at every end)`;
    return `${label(m)}: ${a.name} (${formatMetric(m, a.results.low[m], s.scenario.currency)} at ${formatKnobValue(a.low, a.unit)}, ${formatMetric(m, a.results.high[m], s.scenario.currency)} at ${formatKnobValue(a.high, a.unit)}; base ${formatMetric(m, s.base[m], s.scenario.currency)})`;
  });
}

/** The SLO verdict of an assumption's ends: `—` without SLOs, `hold`, or the ends where one failed. */
function sloCell(s: Sensitivity, a: SensitivityAssumption | null): string {
  if (s.slo.length === 0) return "—";
  if (a === null) return s.baseFailedSlo.length === 0 ? "hold" : `fail: ${s.baseFailedSlo.join("; ")}`;
  const failed = (["low", "high"] as const).filter((end) => a.failedSlo[end].length > 0);
  if (failed.length === 0) return "hold";
  return failed.map((end) => `fail at ${end}: ${a.failedSlo[end].join("; ")}`).join(" / ");
}

/** A metric at an assumption's low end … at its high end. */
const atEnds = (s: Sensitivity, a: SensitivityAssumption, m: string) =>
  `${formatMetric(m, a.results.low[m], s.scenario.currency)} … ${formatMetric(m, a.results.high[m], s.scenario.currency)}`;

/** The table of every run (plain text cells, escaped by each renderer): the base, then a row per knob. */
function runTable(s: Sensitivity): { header: string[]; rows: string[][] } {
  return {
    header: ["knob", "base", "low … high", ...s.metrics.map(label), "SLOs"],
    rows: [
      [
        "(base)",
        "",
        "",
        ...s.metrics.map((m) => formatMetric(m, s.base[m], s.scenario.currency)),
        sloCell(s, null),
      ],
      ...s.assumptions.map((a) => [
        a.name,
        formatKnobValue(a.base, a.unit),
        range(a),
        ...s.metrics.map((m) => atEnds(s, a, m)),
        sloCell(s, a),
      ]),
    ],
  };
}

/** The intro sentence every output starts with. */
function intro(s: Sensitivity): string {
  const reps = s.replications.count;
  return `The scenario as written (the base), then each undocumented knob it uses at the low and at the high end of its plausible range, one knob at a time: ${s.runs} run(s), ${reps} replication(s) each (seeds ${s.replications.seeds.join(", ")})${reps > 1 ? ", values are means" : ""}.`;
}

/**
 * The terminal's compact table: one row per knob with each metric at its low and high end, then the knob that moves
 * each metric most. Plain text; the only scenario text in it is the name, which the scenario schema limits to
 * letters, digits, `_` and `-` (printed through printable all the same).
 */
export function renderSensitivityTerminal(s: Sensitivity): string {
  const reps = s.replications.count;
  const out = [
    `Sensitivity of ${s.scenario.name}: ${s.assumptions.length} undocumented knob(s) at their low and high ends, one at a time; ${s.runs} runs (${reps} replication(s) each${reps > 1 ? ", means" : ""}, seeds ${s.replications.seeds.join(", ")})`,
    "",
  ];
  if (s.assumptions.length === 0) return `${[...out, NO_KNOB_MESSAGE].map((l) => printable(l)).join("\n")}\n`;
  const header = ["knob", "low … high", ...s.metrics.map(label)];
  const rows = [
    ["(base)", "", ...s.metrics.map((m) => formatMetric(m, s.base[m], s.scenario.currency))],
    ...s.assumptions.map((a) => [a.name, range(a), ...s.metrics.map((m) => atEnds(s, a, m))]),
  ];
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, k) => (k < 2 ? c.padEnd(widths[k]) : c.padStart(widths[k])))
      .join("  ")
      .trimEnd();
  out.push(
    line(header),
    ...rows.map(line),
    "",
    "Moves most:",
    ...mostInfluentialLines(s).map((l) => `  ${l}`),
  );
  return `${out.map((l) => printable(l)).join("\n")}\n`;
}

/** sensitivity.md: the knob that moves each metric most, then every run, and how to reproduce an end. */
export function renderSensitivityMarkdown(
  s: Sensitivity,
  options: { chart: boolean } = { chart: true },
): string {
  const out = [`# Sensitivity: ${mdCell(s.scenario.name)}`, "", mdCell(intro(s)), ""];
  if (s.assumptions.length === 0) {
    out.push(mdCell(NO_KNOB_MESSAGE), "");
    return `${out.join("\n")}\n`;
  }
  out.push("## What moves each metric most", "");
  out.push(...mostInfluentialLines(s).map((l) => `- ${mdCell(l)}`), "");
  if (options.chart) out.push("![Tornado: each knob's swing of each metric](charts/sensitivity.png)", "");
  out.push("## Every run", "");
  const table = runTable(s);
  const row = (cells: string[]) => `| ${cells.map(mdCell).join(" | ")} |`;
  out.push(row(table.header), `| ${table.header.map(() => "---").join(" | ")} |`, ...table.rows.map(row));
  out.push(
    "",
    `Each cell gives the metric at the knob's low end … at its high end${s.slo.length > 0 ? "; SLOs: whether the scenario's error-level SLOs hold" : ""}. An end equal to the scenario's own value reuses the base run. To reproduce an end, run the scenario with its assignments:`,
    "",
  );
  for (const a of s.assumptions) {
    for (const end of ["low", "high"] as const) {
      if (a.sameAsBase.includes(end)) continue;
      out.push(
        `- ${mdCell(`${a.name} ${end}`)}: \`${mdCode(a.sets[end].map((x) => `--set ${x}`).join(" "))}\``,
      );
    }
  }
  return `${out.join("\n")}\n`;
}

/** A change of a metric in chart units: percentage points for shares, the metric's unit otherwise. */
function chartDelta(metric: string, delta: number): number {
  const v = metricAt(metric).unit === "fraction" ? delta * 100 : delta;
  return Math.round(v * 100) / 100;
}

/** The axis title of a metric's change, in chart units. */
function deltaTitle(metric: string): string {
  const { unit } = metricAt(metric);
  const units = unit === "fraction" ? "percentage points" : unit === "usd" ? "USD" : unit;
  return `change in ${label(metric)} from the base (${units})`;
}

/**
 * One tornado per metric: the knobs that move it, by decreasing swing, each with a bar from the base to its value at
 * the low end and one to its value at the high end (drawn as the change from the base, so every metric reads from
 * zero). A metric no knob moves gets a chart that says so; with no knob at all, a single chart says that.
 */
export function sensitivityCharts(s: Sensitivity): ChartDefinition[] {
  const empty = (name: string, title: string, description: string): ChartDefinition => ({
    name,
    title,
    description,
    config: {
      type: "bar",
      data: { labels: [], datasets: [] },
      options: { plugins: { title: { display: true, text: title }, legend: { display: false } } },
    },
    table: { columns: ["knob"], rows: [] },
  });
  if (s.assumptions.length === 0) {
    return [empty("sensitivity", "No undocumented knob applies to this scenario", NO_KNOB_MESSAGE)];
  }
  return s.metrics.map((m, k): ChartDefinition => {
    const name = `sensitivity-${k + 1}`;
    const moving = bySwing(s.assumptions, m).filter((a) => a.swing[m] > 0);
    const base = formatMetric(m, s.base[m], s.scenario.currency);
    const still = s.assumptions.length - moving.length;
    if (moving.length === 0) {
      return empty(
        name,
        `${label(m)}: ${base} at every end, no knob moves it`,
        `No undocumented knob moves the ${label(m)}: it is ${base} at both ends of each.`,
      );
    }
    const title = `${label(m)}: base ${base}; knobs by swing${still > 0 ? ` (${still} other knob(s) do not move it)` : ""}`;
    const delta = (a: SensitivityAssumption, end: "low" | "high") =>
      chartDelta(m, a.results[end][m] - s.base[m]);
    return {
      name,
      title,
      description: `How far each undocumented knob moves the ${label(m)} from the base (${base}) at the low and at the high end of its plausible range; the knob that moves it most comes first.`,
      config: {
        type: "bar",
        data: {
          labels: moving.map((a) => `${a.name} (${range(a)})`),
          datasets: [
            {
              label: "at the low end",
              data: moving.map((a) => delta(a, "low")),
              backgroundColor: PALETTE[0],
            },
            {
              label: "at the high end",
              data: moving.map((a) => delta(a, "high")),
              backgroundColor: PALETTE[1],
            },
          ],
        },
        options: {
          indexAxis: "y",
          plugins: { title: { display: true, text: title }, legend: { position: "bottom" } },
          scales: { x: { title: { display: true, text: deltaTitle(m) } } },
        },
      },
      table: {
        columns: ["knob", "low", "high", `${label(m)} at low`, `${label(m)} at high`, "swing"],
        rows: moving.map((a) => [
          a.name,
          formatKnobValue(a.low, a.unit),
          formatKnobValue(a.high, a.unit),
          formatMetric(m, a.results.low[m], s.scenario.currency),
          formatMetric(m, a.results.high[m], s.scenario.currency),
          formatMetric(m, a.swing[m], s.scenario.currency),
        ]),
      },
    };
  });
}

/** Height in CSS pixels of a tornado with `bars` rows: room for the title, the axis and the legend, then the rows. */
export function tornadoHeight(bars: number): number {
  return bars === 0 ? 60 : 150 + 44 * bars;
}

/**
 * sensitivity.html: one self-contained page, charts as embedded PNGs, no script. Every value from sensitivity.json is
 * escaped, and the CSP (the reports' own, with no script hash) lets nothing run or load.
 */
export function renderSensitivityHtml(
  s: Sensitivity,
  charts: { def: ChartDefinition; png: Uint8Array }[],
): string {
  const e = escapeHtml;
  const figures = charts
    .map(
      ({ def, png }) =>
        `<figure><img alt="${e(def.description)}" src="data:image/png;base64,${Buffer.from(png).toString("base64")}"><figcaption>${e(def.title)}</figcaption></figure>`,
    )
    .join("\n");
  let body: string;
  if (s.assumptions.length === 0) body = `<p>${e(NO_KNOB_MESSAGE)}</p>`;
  else {
    const table = runTable(s);
    const header = table.header.map((h) => `<th>${e(h)}</th>`).join("");
    const rows = table.rows
      .map((values) => `<tr>${values.map((v) => `<td>${e(v)}</td>`).join("")}</tr>`)
      .join("\n");
    body = `<h2>What moves each metric most</h2>
<ul>${mostInfluentialLines(s)
      .map((l) => `<li>${e(l)}</li>`)
      .join("")}</ul>
${figures}
<h2>Every run</h2>
<p>Each cell gives the metric at the knob's low end … at its high end.</p>
<div class="scroll"><table><thead><tr>${header}</tr></thead><tbody>
${rows}
</tbody></table></div>`;
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${htmlCsp([])}">
<title>Sensitivity: ${e(s.scenario.name)}</title>
<style>
:root { color-scheme: light dark; --fg: #1b1f24; --bg: #fff; --muted: #59636e; --line: #d0d7de; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --line: #30363d; } }
body { font: 15px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); margin: 0 auto; padding: 16px; max-width: 1100px; }
figure { margin: 16px 0; } img { max-width: 100%; height: auto; background: #fff; border-radius: 6px; }
figcaption { color: var(--muted); } .scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; } th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: right; }
th:first-child, td:first-child { text-align: left; }
@media print { figure { break-inside: avoid; } }
</style></head><body>
<h1>Sensitivity: ${e(s.scenario.name)}</h1>
<p>${e(intro(s))}</p>
${body}
</body></html>
`;
}
