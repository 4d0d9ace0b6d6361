/**
 * Chart definitions: pure functions of report.json that give, for each chart, a Chart.js configuration made of plain
 * data (no functions, so the HTML report can inline it as JSON and the PNG renderer can draw the very same thing),
 * a title, an alternative text and a table fallback with the same numbers.
 */
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

/** Minutes from the horizon start as `h:mm`. */
export function stepLabel(ms: number): string {
  const minutes = Math.round(ms / 60000);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, "0")}`;
}

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
        title: { display: true, text: "time into the horizon (h:mm)" },
        ticks: { maxTicksLimit: 12 },
        grid: { offset: false },
      },
      y: { beginAtZero: true, title: { display: true, text: yTitle } },
      ...extra,
    },
  };
}

/** Every chart of a report, in display order. */
export function chartDefinitions(report: Report): ChartDefinition[] {
  const ts = report.timeseries;
  const labels = ts.t.map(stepLabel);
  const ids = Object.keys(ts.served);
  const perMin = `per ${ts.stepSeconds} s step`;

  const traffic: ChartDefinition = {
    name: "traffic",
    title: "Arrivals and requests served per deployment",
    description: `Requests arriving and requests served by each deployment ${perMin}, stacked so spillover shows as the upper layers.`,
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
          ...ids.map((id, i) => ({
            type: "bar",
            label: `served by ${id}`,
            data: ts.served[id],
            backgroundColor: PALETTE[i % PALETTE.length],
            stack: "served",
            order: 1,
          })),
          ...outageShading(report, "outage"),
        ],
      },
      options: baseOptions("Arrivals and requests served per deployment", `requests ${perMin}`, {
        x: {
          stacked: true,
          title: { display: true, text: "time into the horizon (h:mm)" },
          ticks: { maxTicksLimit: 12 },
          grid: { offset: false },
        },
        y: { stacked: true, beginAtZero: true, title: { display: true, text: `requests ${perMin}` } },
        outage: hiddenAxis,
      }),
    },
    table: {
      columns: ["time", "arrivals", ...ids.map((id) => `served by ${id}`)],
      rows: labels.map((l, k) => [l, ts.arrivals[k], ...ids.map((id) => ts.served[id][k])]),
    },
  };

  const utilization: ChartDefinition = {
    name: "utilization",
    title: "Utilization per deployment",
    description:
      "Share of each deployment's capacity used per step; above the 100% line a provisioned deployment throttles.",
    config: {
      type: "line",
      data: {
        labels,
        datasets: [
          ...ids.map((id, i) => ({
            label: id,
            data: ts.utilization[id].map((u) => Math.round(u * 1000) / 10),
            borderColor: PALETTE[i % PALETTE.length],
            backgroundColor: PALETTE[i % PALETTE.length],
            borderWidth: 2,
            pointRadius: 0,
          })),
          {
            label: "100%",
            data: labels.map(() => 100),
            borderColor: "#D55E00",
            backgroundColor: "#D55E00",
            borderDash: [6, 4],
            borderWidth: 1.5,
            pointRadius: 0,
          },
          ...outageShading(report, "outage"),
        ],
      },
      options: baseOptions("Utilization per deployment", "% of capacity", { outage: hiddenAxis }),
    },
    table: {
      columns: ["time", ...ids.map((id) => `${id} (%)`)],
      rows: labels.map((l, k) => [l, ...ids.map((id) => Math.round(ts.utilization[id][k] * 1000) / 10)]),
    },
  };

  const throttling: ChartDefinition = {
    name: "throttling",
    title: "429s: returned by deployments vs seen by callers",
    description: `429s the deployments returned (every attempt) and requests whose final answer was a 429 ${perMin}.`,
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
          ...outageShading(report, "outage"),
        ],
      },
      options: baseOptions("429s: returned by deployments vs seen by callers", `429s ${perMin}`, {
        outage: hiddenAxis,
      }),
    },
    table: {
      columns: ["time", "backend 429s", "caller 429s"],
      rows: labels.map((l, k) => [l, ts.backendThrottled[k], ts.throttled[k]]),
    },
  };

  const latency: ChartDefinition = {
    name: "latency",
    title: "End-to-end latency, 95th percentile",
    description: `95th percentile of the end-to-end latency of successful requests, by the step they arrived in (overall p95 ${Math.round(report.latency.e2e.p95)} ms).`,
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
  const cost: ChartDefinition = {
    name: "cost",
    title: "Cost of a 730-hour month",
    description: `Monthly cost by category: provisioned $${c.provisioned.toFixed(0)}, tokens $${c.tokens.toFixed(0)}, gateway $${c.gateway.toFixed(0)}.`,
    config: {
      type: "bar",
      data: {
        labels: ["provisioned (PTU)", "tokens (pay-as-you-go)", "gateway (APIM)"],
        datasets: [
          {
            label: "USD per month",
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
        scales: { y: { beginAtZero: true, title: { display: true, text: "USD" } } },
      },
    },
    table: {
      columns: ["category", "USD per month"],
      rows: [
        ["provisioned (PTU)", c.provisioned],
        ["tokens (pay-as-you-go)", c.tokens],
        ["gateway (APIM)", c.gateway],
        ["total", c.total],
      ],
    },
  };

  return [traffic, utilization, throttling, latency, cost];
}
