/**
 * PNG charts: draws the Chart.js configurations of charts.ts with @napi-rs/canvas (Skia, no browser), so the PNGs
 * show exactly what the HTML report shows. Deterministic: the same report gives byte-identical files.
 */
import { createCanvas } from "@napi-rs/canvas";
import { Chart, type ChartConfiguration, type ChartItem, type Plugin, registerables } from "chart.js";
import { type ChartDefinition, chartDefinitions } from "./charts.js";
import { registerFonts } from "./fonts.js";
import type { Report } from "./report-types.js";

/** Size of a rendered chart: CSS pixels, and device pixels per CSS pixel. */
export interface PngOptions {
  /** Width in CSS pixels (default 1000). */
  width?: number;
  /** Height in CSS pixels (default 500). */
  height?: number;
  /** Device pixel ratio (default 2: crisp on slides and high-density screens). */
  scale?: number;
  /** Also draw this workload's series (`--chart-workload NAME`): `charts/workload-NAME.png`. */
  chartWorkload?: string;
}

/** Default size: wide enough for 12 time ticks and a legend row, at 2x for slides. */
export const PNG_DEFAULTS = { width: 1000, height: 500, scale: 2 } as const;

let ready = false;

/** Registers Chart.js's controllers, elements, scales and plugins and the fonts, once. */
function setup(): void {
  if (ready) return;
  Chart.register(...registerables);
  registerFonts();
  ready = true;
}

/**
 * Fills the canvas white under the chart: a PNG is otherwise transparent, which shows as black in some viewers and
 * slide tools. A local plugin (not registered globally), so it affects only the charts drawn here.
 */
const whiteBackground: Plugin = {
  id: "spillwayWhiteBackground",
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/** Draws one chart definition and returns PNG bytes. */
export function renderChartPng(def: ChartDefinition, options: PngOptions = {}): Buffer {
  setup();
  const width = options.width ?? PNG_DEFAULTS.width;
  const height = options.height ?? PNG_DEFAULTS.height;
  const scale = options.scale ?? PNG_DEFAULTS.scale;
  // Chart.js writes into the configuration it is given (resolved options, dataset metadata); the same definitions
  // also feed the HTML report, so it gets a copy.
  const config = structuredClone(def.config);
  config.options = {
    // The HTML page pads its chart boxes; a PNG has no page around it, so without this the plot touches the right
    // edge of the image.
    layout: { padding: 16 },
    ...config.options,
    // No animation (the first frame would be empty), no resize observer (there is no DOM), an explicit pixel ratio
    // (there is no window.devicePixelRatio) and the canvas's own size.
    animation: false,
    responsive: false,
    maintainAspectRatio: false,
    devicePixelRatio: scale,
  };
  const canvas = createCanvas(width, height);
  // Chart.js accepts anything with getContext("2d"); the napi-rs canvas is one, but not a DOM type.
  const chart = new Chart(
    canvas as unknown as ChartItem,
    {
      ...config,
      plugins: [whiteBackground],
    } as unknown as ChartConfiguration,
  );
  try {
    // With animation off the constructor has already drawn the final frame.
    return canvas.encodeSync("png");
  } finally {
    chart.destroy();
  }
}

/** Draws every chart of a report, in display order, as `{ name, png }` (file name `charts/<name>.png`). */
export function renderAllPngs(report: Report, options: PngOptions = {}): { name: string; png: Buffer }[] {
  return chartDefinitions(report, { workload: options.chartWorkload }).map((def) => ({
    name: def.name,
    png: renderChartPng(def, options),
  }));
}
