/**
 * Chart definitions: pure functions of report.json that give, for each chart, a Chart.js configuration made of plain
 * data (no functions, so the HTML report can inline it as JSON and the PNG renderer can draw the very same thing),
 * a title, an alternative text and a table fallback with the same numbers.
 */
import { CLOCK_AXIS, clockLabel, reducedForCharts, stepText, timeAxis } from "./chart-series.js";
import { count, millis, moneyPrefix } from "./format.js";
import type { Report } from "./report-types.js";

/** A table with the numbers a chart draws (accessibility fallback, CSV-like). */
export interface ChartTable {
  /** Column headers. */
  columns: string[];
  /** Rows of cells. */
  rows: (string | number)[][];
}

/** One chart: file stem, title, description for alt text, Chart.js config (plain data) and table fallback. */
export interface ChartDefinition {
  /** File stem for `charts/<name>.png` and the HTML element id. */
  name: string;
  /** Title shown above the chart. */
  title: string;
  /** One sentence saying what the chart shows (alt text). */
  description: string;
  /** Chart.js configuration: plain JSON data only. */
  config: {
    type: "line" | "bar";
    data: { labels: string[]; datasets: Record<string, unknown>[] };
    options: Record<string, unknown>;
  };
  /** The same numbers as a table. */
  table: ChartTable;
}

/** A palette that reads on white and on dark backgrounds (Okabe–Ito, colour-blind safe). */
export const PALETTE = [
  "#0072B2",
  "#E69F00",
  "#009E73",
  "#D55E00",
  "#CC79A7",
  "#56B4E9",
  "#F0E442",
  "#000000",
];
const OUTAGE_FILL = "rgba(213, 94, 0, 0.15)";

/**
 * Per-deployment series a chart draws at most, one per palette colour. A report with more deployments gets the
 * MAX_SERIES − 1 that served the most requests and one series for all the others: thousands of series are unreadable,
 * take minutes to draw as PNGs and would make report.html carry thousands of datasets. summary.md, report.json and
 * timeseries.csv keep every deployment.
 */
export const MAX_SERIES = PALETTE.length;
/** The "other deployments" series: grey, apart from the palette and from black (which the page turns into its ink). */
const OTHER_COLOUR = "#999999";

/** Which deployments a chart draws one by one (in report order) and which it groups. */
interface SeriesGroups {
  /** Drawn one by one: every deployment, or the MAX_SERIES − 1 that served the most (ties to the earlier one). */
  shown: string[];
  /** Grouped into one series (empty when every deployment fits). */
  rest: string[];
}

function groupSeries(served: Record<string, number[]>): SeriesGroups {
  const ids = Object.keys(served);
  if (ids.length <= MAX_SERIES) return { shown: ids, rest: [] };
  const total = (id: string) => served[id].reduce((a, b) => a + (Number(b) || 0), 0);
  const ranked = ids.map((id, order) => ({ id, order, total: total(id) }));
  ranked.sort((a, b) => b.total - a.total || a.order - b.order);
  const top = new Set(ranked.slice(0, MAX_SERIES - 1).map((r) => r.id));
  return { shown: ids.filter((id) => top.has(id)), rest: ids.filter((id) => !top.has(id)) };
}

/** Step by step, one value from several series (their sum, their maximum). */
function combine(
  series: number[][],
  steps: number,
  op: (a: number, b: number) => number,
  empty: number,
): number[] {
  const out = new Array<number>(steps).fill(empty);
  for (const values of series) for (let k = 0; k < steps; k++) out[k] = op(out[k], Number(values[k]));
  return out;
}

/**
 * Failed requests per step: `timeseries.failed`, or for a report object written before it (a library caller's, not
 * read through parseReport) arrivals − succeeded, which is what it counts.
 */
export function failedSeries(report: Report): number[] {
  const ts = report.timeseries;
  return ts.failed ?? ts.arrivals.map((a, k) => a - ts.succeeded[k]);
}

/** Minutes from the horizon start as `h:mm`. */
export const stepLabel = clockLabel;

/** For each step, whether an outage window overlaps it (for shading). */
function outageSteps(report: Report): boolean[] {
  const step = report.timeseries.stepSeconds * 1000;
  return report.timeseries.t.map((t) =>
    report.timeseries.outages.some((o) => o.startMs < t + step && o.endMs > t),
  );
}

/** A bar dataset on its own hidden axis that shades the steps an outage covers. */
function outageShading(report: Report, axis: string): Record<string, unknown>[] {
  const steps = outageSteps(report);
  if (!steps.some(Boolean)) return [];
  return [
    {
      type: "bar",
      label: "outage",
      data: steps.map((s) => (s ? 1 : 0)),
      backgroundColor: OUTAGE_FILL,
      borderWidth: 0,
      barPercentage: 1,
      categoryPercentage: 1,
      // A full-width band behind the stacked bars, without seams between neighbouring steps.
      grouped: false,
      inflateAmount: 0,
      yAxisID: axis,
      order: 100,
    },
  ];
}

// `axis` tells Chart.js what the scale is even when no dataset uses it (no outage in the run).
const hiddenAxis = { axis: "y", display: false, min: 0, max: 1 };

function baseOptions(
  title: string,
  yTitle: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    // Charts draw at load and do not animate: the PNG renderer and printing see the final picture.
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    plugins: { title: { display: true, text: title }, legend: { position: "bottom" } },
    scales: {
      // Gridlines on the labels (a bar dataset would otherwise offset them by half a step).
      x: {
        title: { display: true, text: CLOCK_AXIS },
        ticks: { maxTicksLimit: 12 },
        grid: { offset: false },
      },
      y: { beginAtZero: true, title: { display: true, text: yTitle } },
      ...extra,
    },
  };
}

/** Options of {@link chartDefinitions}. */
export interface ChartOptions {
  /** Also chart this workload's own series (`--chart-workload NAME`; a key of `timeseries.workloads`). */
  workload?: string;
}

/**
 * Every chart of a report, in display order. A long run's series are drawn in buckets (src/report/chart-series.ts:
 * at most MAX_CHART_POINTS points, counts summed, levels at their highest) and its time labelled by day.
 */
export function chartDefinitions(full: Report, options: ChartOptions = {}): ChartDefinition[] {
  const report = reducedForCharts(full);
  const ts = report.timeseries;
  const axis = timeAxis(report);
  const labels = ts.t.map(axis.label);
  const perMin = `per ${stepText(ts.stepSeconds)} step`;
  const { shown: ids, rest } = groupSeries(ts.served);
  const others = count(rest.length);
  const grouped = rest.length > 0;
  // Said in the title and the alt text whenever deployments are grouped, so no reader takes the chart for all of them.
  const scope = grouped ? ` (${ids.length} largest of ${count(ids.length + rest.length)})` : "";
  const otherServed = `served by the other ${others}`;
  const otherUtilization = `highest of the other ${others}`;
  const servedSeries = [
    ...ids.map((id) => ts.served[id]),
    ...(grouped
      ? [
          combine(
            rest.map((id) => ts.served[id]),
            ts.t.length,
            (a, b) => a + b,
            0,
          ),
        ]
      : []),
  ];
  const servedLabels = [...ids.map((id) => `served by ${id}`), ...(grouped ? [otherServed] : [])];
  const utilizationSeries = [
    ...ids.map((id) => ts.utilization[id]),
    ...(grouped
      ? [
          combine(
            rest.map((id) => ts.utilization[id]),
            ts.t.length,
            Math.max,
            Number.NEGATIVE_INFINITY,
          ),
        ]
      : []),
  ].map((series) => series.map((u) => Math.round(u * 1000) / 10));
  const utilizationLabels = [...ids, ...(grouped ? [otherUtilization] : [])];
  const colour = (i: number) => (i < ids.length ? PALETTE[i % PALETTE.length] : OTHER_COLOUR);

  const traffic: ChartDefinition = {
    name: "traffic",
    title: `Arrivals and requests served per deployment${scope}`,
    description:
      `Requests arriving and requests served by each deployment ${perMin}, stacked so spillover shows as the upper layers.` +
      (grouped
        ? ` The ${ids.length} deployments that served the most are drawn one by one and the other ${others} summed ` +
          "in one series; summary.md, report.json and timeseries.csv have each deployment."
        : ""),
    config: {
      type: "bar",
      data: {
        labels,
        datasets: [
          {
            type: "line",
            label: "arrivals",
            data: ts.arrivals,
            borderColor: "#000000",
            backgroundColor: "#000000",
            borderWidth: 2,
            pointRadius: 0,
            order: 0,
          },
          ...servedSeries.map((data, i) => ({
            type: "bar",
            label: servedLabels[i],
            data,
            backgroundColor: colour(i),
            stack: "served",
            order: 1,
          })),
          ...outageShading(report, "outage"),
        ],
      },
      options: baseOptions(`Arrivals and requests served per deployment${scope}`, `requests ${perMin}`, {
        x: {
          stacked: true,
          title: { display: true, text: CLOCK_AXIS },
          ticks: { maxTicksLimit: 12 },
          grid: { offset: false },
        },
        y: { stacked: true, beginAtZero: true, title: { display: true, text: `requests ${perMin}` } },
        outage: hiddenAxis,
      }),
    },
    table: {
      columns: ["time", "arrivals", ...servedLabels],
      rows: labels.map((l, k) => [l, ts.arrivals[k], ...servedSeries.map((series) => series[k])]),
    },
  };

  const utilization: ChartDefinition = {
    name: "utilization",
    title: `Utilization per deployment${scope}`,
    description:
      "Share of each deployment's per-minute capacity consumed per step (provisioned: normalized tokens over the PTUs' " +
      "throughput; standard: admitted tokens over the TPM limit). The 100% line is a minute's capacity, not where 429s " +
      "start: a provisioned deployment can pass it with no 429 while its bucket absorbs the burst" +
      (Object.keys(ts.bucketLevel ?? {}).length > 0
        ? " (the bucket chart shows the level that triggers them)."
        : ".") +
      (grouped
        ? ` The ${ids.length} deployments of the traffic chart are drawn one by one; "${otherUtilization}" is the ` +
          "highest utilization among the rest at each step."
        : ""),
    config: {
      type: "line",
      data: {
        labels,
        datasets: [
          ...utilizationSeries.map((data, i) => seriesLine(utilizationLabels[i], data, colour(i))),
          fullLine("capacity per minute (100%)", labels.length),
          ...outageShading(report, "outage"),
        ],
      },
      options: baseOptions(`Utilization per deployment${scope}`, "% of capacity", { outage: hiddenAxis }),
    },
    table: {
      columns: ["time", ...utilizationLabels.map((label) => `${label} (%)`)],
      rows: labels.map((l, k) => [l, ...utilizationSeries.map((series) => series[k])]),
    },
  };

  const bucket = bucketChart(report, labels, { shown: ids, rest }, colour);

  const throttlingTitle = "429s and failures: returned by deployments vs seen by callers";
  const failed = failedSeries(report);
  const throttling: ChartDefinition = {
    name: "throttling",
    title: throttlingTitle,
    description:
      `429s the deployments returned (every attempt), requests whose final answer was a 429 and requests that ` +
      `failed for any reason (429s, timeouts, errors and gateway 503s: outages show here) ${perMin}, by arrival.`,
    config: {
      type: "line",
      data: {
        labels,
        datasets: [
          {
            label: "backend 429s (attempts)",
            data: ts.backendThrottled,
            borderColor: PALETTE[1],
            backgroundColor: PALETTE[1],
            borderWidth: 2,
            pointRadius: 0,
          },
          {
            label: "caller 429s (final answers)",
            data: ts.throttled,
            borderColor: PALETTE[3],
            backgroundColor: PALETTE[3],
            borderWidth: 2,
            pointRadius: 0,
          },
          { ...seriesLine("failed requests (any final failure)", failed, "#000000"), borderDash: [4, 3] },
          ...outageShading(report, "outage"),
        ],
      },
      options: baseOptions(throttlingTitle, `requests ${perMin}`, {
        outage: hiddenAxis,
      }),
    },
    table: {
      columns: ["time", "backend 429s", "caller 429s", "failed requests"],
      rows: labels.map((l, k) => [l, ts.backendThrottled[k], ts.throttled[k], failed[k]]),
    },
  };

  const latency: ChartDefinition = {
    name: "latency",
    title: "End-to-end latency, 95th percentile",
    description: `95th percentile of the end-to-end latency of successful requests, by the step they arrived in (overall p95 ${millis(report.latency.e2e.p95)}).`,
    config: {
      type: "line",
      data: {
        labels,
        datasets: [
          {
            label: "e2e p95 (ms)",
            data: ts.latencyP95,
            borderColor: PALETTE[0],
            backgroundColor: PALETTE[0],
            borderWidth: 2,
            pointRadius: 0,
          },
          {
            label: "overall p50 (ms)",
            data: labels.map(() => report.latency.e2e.p50),
            borderColor: PALETTE[2],
            borderDash: [6, 4],
            borderWidth: 1.5,
            pointRadius: 0,
          },
          ...outageShading(report, "outage"),
        ],
      },
      options: baseOptions("End-to-end latency, 95th percentile", "milliseconds", { outage: hiddenAxis }),
    },
    table: {
      columns: ["time", "e2e p95 (ms)"],
      rows: labels.map((l, k) => [l, ts.latencyP95[k]]),
    },
  };

  const c = report.cost.monthly;
  const currency = String(report.cost.currency);
  const sign = moneyPrefix(currency);
  const cost: ChartDefinition = {
    name: "cost",
    title: "Cost of a 730-hour month",
    description: `Monthly cost by category: provisioned ${sign}${Number(c.provisioned).toFixed(0)}, tokens ${sign}${Number(c.tokens).toFixed(0)}, gateway ${sign}${Number(c.gateway).toFixed(0)}.`,
    config: {
      type: "bar",
      data: {
        labels: ["provisioned (PTU)", "tokens (pay-as-you-go)", "gateway (APIM)"],
        datasets: [
          {
            label: `${currency} per month`,
            data: [c.provisioned, c.tokens, c.gateway].map((v) => Math.round(v * 100) / 100),
            backgroundColor: [PALETTE[0], PALETTE[1], PALETTE[2]],
          },
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { title: { display: true, text: "Cost of a 730-hour month" }, legend: { display: false } },
        scales: { y: { beginAtZero: true, title: { display: true, text: currency } } },
      },
    },
    table: {
      columns: ["category", `${currency} per month`],
      rows: [
        ["provisioned (PTU)", c.provisioned],
        ["tokens (pay-as-you-go)", c.tokens],
        ["gateway (APIM)", c.gateway],
        ["total", c.total],
      ],
    },
  };

  const workload = options.workload === undefined ? [] : [workloadChart(report, labels, options.workload)];
  const charts = [traffic, utilization, ...bucket, throttling, latency, cost, ...workload];
  return axis.title === CLOCK_AXIS ? charts : charts.map((c) => withTimeAxisTitle(c, axis.title));
}

/** The time axis's title of a chart drawn over time, for a run labelled by day. */
function withTimeAxisTitle(chart: ChartDefinition, title: string): ChartDefinition {
  const scales = chart.config.options.scales as Record<string, Record<string, unknown>> | undefined;
  const x = scales?.x;
  if (x === undefined || (x.title as { text?: string } | undefined)?.text !== CLOCK_AXIS) return chart;
  const options = {
    ...chart.config.options,
    scales: { ...scales, x: { ...x, title: { display: true, text: title } } },
  };
  return { ...chart, config: { ...chart.config, options } };
}

/**
 * One workload's requests per step (`--chart-workload NAME`): arrivals, successes, caller 429s and every failure, by
 * arrival step. The name must be a key of `timeseries.workloads` (the CLI checks it before rendering).
 */
function workloadChart(report: Report, labels: string[], name: string): ChartDefinition {
  const ts = report.timeseries;
  // Own keys only (a workload may be named like an Object.prototype member); none: an empty chart, not a crash.
  const all = ts.workloads ?? {};
  const w = Object.hasOwn(all, name) ? all[name] : { arrivals: [], succeeded: [], throttled: [], failed: [] };
  const perStep = `per ${stepText(ts.stepSeconds)} step`;
  const title = `Workload ${name}: requests ${perStep}`;
  const lost = w.failed.reduce((a, b) => a + Number(b), 0);
  const sent = w.arrivals.reduce((a, b) => a + Number(b), 0);
  return {
    // Workload names are letters, digits, _ and -: safe in a file name and an element id.
    name: `workload-${name}`,
    title,
    description:
      `Requests of workload ${name} arriving ${perStep}, and of those the ones that succeeded, got a 429 as their ` +
      `final answer, or failed for any reason (${count(lost)} of ${count(sent)} over the horizon).`,
    config: {
      type: "line",
      data: {
        labels,
        datasets: [
          seriesLine("arrivals", w.arrivals, PALETTE[0]),
          seriesLine("succeeded", w.succeeded, PALETTE[2]),
          seriesLine("caller 429s (final answers)", w.throttled, PALETTE[3]),
          { ...seriesLine("failed requests (any final failure)", w.failed, "#000000"), borderDash: [4, 3] },
          ...outageShading(report, "outage"),
        ],
      },
      options: baseOptions(title, `requests ${perStep}`, { outage: hiddenAxis }),
    },
    table: {
      columns: ["time", "arrivals", "succeeded", "caller 429s", "failed requests"],
      rows: labels.map((l, k) => [l, w.arrivals[k], w.succeeded[k], w.throttled[k], w.failed[k]]),
    },
  };
}

/** A series drawn as a solid line in its colour. */
function seriesLine(label: string, data: number[], colour: string): Record<string, unknown> {
  return { label, data, borderColor: colour, backgroundColor: colour, borderWidth: 2, pointRadius: 0 };
}

/** The dashed 100% line a share is read against. */
function fullLine(label: string, steps: number): Record<string, unknown> {
  return {
    label,
    data: new Array<number>(steps).fill(100),
    borderColor: "#D55E00",
    backgroundColor: "#D55E00",
    borderDash: [6, 4],
    borderWidth: 1.5,
    pointRadius: 0,
  };
}

/** The highest value of a series (0 for none), read as numbers: report.json is untrusted. */
const peak = (series: readonly number[]) => series.reduce((a, b) => Math.max(a, Number(b)), 0);

/**
 * The bucket level of each provisioned deployment (none without one): what triggers a provisioned 429, with the
 * full line and each deployment's headroom at its peak. Drawn like utilization: the deployments of the traffic chart
 * one by one, the highest of the rest in one series.
 */
function bucketChart(
  report: Report,
  labels: string[],
  groups: SeriesGroups,
  colour: (i: number) => string,
): ChartDefinition[] {
  const levels = report.timeseries.bucketLevel ?? {};
  const provisioned = Object.keys(levels);
  if (provisioned.length === 0) return [];
  const has = (id: string) => Object.hasOwn(levels, id);
  const ids = groups.shown.filter(has);
  const rest = groups.rest.filter(has);
  const grouped = rest.length > 0;
  const otherLabel = `highest of the other ${count(rest.length)}`;
  const series = [
    ...ids.map((id) => levels[id]),
    ...(grouped
      ? [
          combine(
            rest.map((id) => levels[id]),
            labels.length,
            Math.max,
            Number.NEGATIVE_INFINITY,
          ),
        ]
      : []),
  ].map((values) => values.map((u) => Math.round(Number(u) * 1000) / 10));
  const seriesLabels = [...ids, ...(grouped ? [otherLabel] : [])];
  const headroom = series
    .map((values, i) => {
      const top = peak(values);
      return `${seriesLabels[i]} peaks at ${top}% (${top >= 100 ? "no headroom" : `${Math.round((100 - top) * 10) / 10}% headroom`})`;
    })
    .join("; ");
  const scope = grouped ? ` (${ids.length} largest of ${count(provisioned.length)})` : "";
  const title = `Provisioned bucket level, highest per step${scope}`;
  return [
    {
      name: "bucket",
      title,
      description:
        "Highest level of each provisioned deployment's utilization bucket per step, as a share of its depth (the " +
        "bucket window's worth of capacity). A call is refused with 429 while the level is above the full line (plus " +
        `any burst allowance); the gap below it is the headroom. ${headroom}.`,
      config: {
        type: "line",
        data: {
          labels,
          datasets: [
            // Each deployment keeps its colour of the traffic and utilization charts.
            ...series.map((data, i) =>
              seriesLine(
                seriesLabels[i],
                data,
                i < ids.length ? colour(groups.shown.indexOf(ids[i])) : OTHER_COLOUR,
              ),
            ),
            fullLine("bucket full: 429s above", labels.length),
            ...outageShading(report, "outage"),
          ],
        },
        options: baseOptions(title, "% of bucket depth", { outage: hiddenAxis }),
      },
      table: {
        columns: ["time", ...seriesLabels.map((label) => `${label} (%)`)],
        rows: labels.map((l, k) => [l, ...series.map((values) => values[k])]),
      },
    },
  ];
}
