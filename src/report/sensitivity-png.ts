/**
 * The tornado image of `spillway sensitivity`: one Chart.js chart per headline metric (each in its own unit, so they
 * cannot share an axis), drawn by png.ts and stacked into one PNG, charts/sensitivity.png. Deterministic like every
 * chart: the same definitions give the same bytes.
 */
import { createCanvas, Image } from "@napi-rs/canvas";
import type { ChartDefinition } from "./charts.js";
import { PNG_DEFAULTS, renderChartPng } from "./png.js";

/** One chart of the stack and its height in CSS pixels (a tornado grows with its rows). */
export interface StackedChart {
  /** The chart. */
  def: ChartDefinition;
  /** Height in CSS pixels. */
  height: number;
}

/**
 * Draws each chart to a PNG of its own (for pages that show them one by one) and the whole stack, top to bottom,
 * as one PNG of the same width and scale.
 */
export function renderStackedPng(charts: readonly StackedChart[]): {
  pngs: Buffer[];
  stacked: Buffer;
} {
  const { width, scale } = PNG_DEFAULTS;
  const pngs = charts.map((c) => renderChartPng(c.def, { height: c.height }));
  const total = charts.reduce((h, c) => h + c.height, 0);
  const canvas = createCanvas(width * scale, Math.max(1, total) * scale);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  let y = 0;
  for (const [k, png] of pngs.entries()) {
    const image = new Image();
    image.src = png;
    ctx.drawImage(image, 0, y * scale);
    y += charts[k].height;
  }
  return { pngs, stacked: canvas.encodeSync("png") };
}
