import { createCanvas, GlobalFonts, Image } from "@napi-rs/canvas";
import { Chart } from "chart.js";
import { beforeAll, describe, expect, it } from "vitest";
import { type ChartDefinition, chartDefinitions } from "../../src/report/charts.js";
import { FONT_FAMILY, registerFonts } from "../../src/report/fonts.js";
import { renderAllPngs, renderChartPng } from "../../src/report/png.js";
import type { Report } from "../../src/report/report-types.js";
import { runScenario } from "../../src/run/run-scenario.js";
import { loadScenario } from "../../src/scenario/load.js";

// Spillover (stacked bars with two layers), a PTU above 100% and an outage (shading): every kind of mark the
// charts draw.
const SCENARIO = `
name: png
duration: 10m
accounts:
  - name: a
    region: eastus
    deployments:
      - { name: ptu, model: gpt-4.1, sku: GlobalProvisionedManaged, capacity: 50, spilloverDeploymentName: paygo }
      - { name: paygo, model: gpt-4.1, sku: GlobalStandard, capacity: 1000 }
outages:
  - { deployment: a/paygo, start: 4m, duration: 2m, errorRate: 0.5 }
traffic:
  - { name: w, via: a/ptu, arrival: { type: constant, rate: 3/s }, promptTokens: 1000, completionTokens: 200 }
`;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the IHDR chunk, which always follows the 8-byte signature. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(12, 16).toString("latin1")).toBe("IHDR");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Decoded RGBA pixels of a PNG. */
function pixels(png: Buffer): { width: number; height: number; data: Uint8ClampedArray } {
  const img = new Image();
  img.src = png;
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext("2d");
  ctx.drawImage(img, 0, 0);
  return { width: img.width, height: img.height, data: ctx.getImageData(0, 0, img.width, img.height).data };
}

/** How many pixels differ between two same-size images inside a rectangle (device pixels). */
function differing(
  a: ReturnType<typeof pixels>,
  b: ReturnType<typeof pixels>,
  rect: { x0: number; y0: number; x1: number; y1: number },
): number {
  let n = 0;
  for (let y = rect.y0; y < rect.y1; y++) {
    for (let x = rect.x0; x < rect.x1; x++) {
      const i = (y * a.width + x) * 4;
      if (a.data[i] !== b.data[i] || a.data[i + 1] !== b.data[i + 1] || a.data[i + 2] !== b.data[i + 2]) n++;
    }
  }
  return n;
}

let report: Report;
let defs: ChartDefinition[];

beforeAll(() => {
  report = runScenario(loadScenario(SCENARIO, "test.yaml", { sets: [] })).report;
  defs = chartDefinitions(report);
});

describe("fonts", () => {
  it("registers the bundled regular and bold faces and makes them Chart.js's default", () => {
    expect(registerFonts()).toBe(FONT_FAMILY);
    // Without this family, a machine with no fonts installed gets charts with no text at all.
    expect(GlobalFonts.has(FONT_FAMILY)).toBe(true);
    const weights =
      GlobalFonts.families.find((f) => f.family === FONT_FAMILY)?.styles.map((s) => s.weight) ?? [];
    expect(weights).toEqual(expect.arrayContaining([400, 700]));
    expect(Chart.defaults.font.family).toBe(FONT_FAMILY);
    // Idempotent: a second call registers nothing more.
    const count = GlobalFonts.families.find((f) => f.family === FONT_FAMILY)?.styles.length;
    registerFonts();
    expect(GlobalFonts.families.find((f) => f.family === FONT_FAMILY)?.styles.length).toBe(count);
  });

  it("draws text in the registered family", () => {
    registerFonts();
    const canvas = createCanvas(240, 60);
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, 240, 60);
    ctx.fillStyle = "#000000";
    ctx.font = `bold 24px "${FONT_FAMILY}"`;
    ctx.fillText("Spillway 100%", 10, 40);
    const data = ctx.getImageData(0, 0, 240, 60).data;
    let dark = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] < 128) dark++;
    expect(dark).toBeGreaterThan(200);
  });
});

describe("PNG charts", () => {
  it("renders every chart as a PNG of at least 800x400", () => {
    const pngs = renderAllPngs(report);
    expect(pngs.map((p) => p.name)).toEqual(defs.map((d) => d.name));
    for (const { png } of pngs) {
      expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      const { width, height } = pngSize(png);
      expect(width).toBeGreaterThanOrEqual(800);
      expect(height).toBeGreaterThanOrEqual(400);
    }
  });

  it("renders a report without outages (no shading dataset, hidden outage axis unused)", () => {
    const quiet = runScenario(
      loadScenario(SCENARIO.replace(/outages:\n.*\n/, ""), "test.yaml", { sets: [] }),
    ).report;
    expect(quiet.timeseries.outages).toEqual([]);
    for (const { png } of renderAllPngs(quiet)) expect(pngSize(png).width).toBe(2000);
  });

  it("honours width, height and scale", () => {
    expect(pngSize(renderChartPng(defs[0], { width: 900, height: 450, scale: 1 }))).toEqual({
      width: 900,
      height: 450,
    });
    expect(pngSize(renderChartPng(defs[0]))).toEqual({ width: 2000, height: 1000 });
  });

  it("paints a white, opaque background", () => {
    const img = pixels(renderChartPng(defs[4]));
    // Top-left corner: padding, no chart element.
    expect([...img.data.subarray(0, 4)]).toEqual([255, 255, 255, 255]);
  });

  it("draws the title and axis titles (text reaches the pixels)", () => {
    const def = defs[0];
    const changed = structuredClone(def);
    const options = changed.config.options as {
      plugins: { title: { text: string } };
      scales: { x: { title: { text: string } }; y: { title: { text: string } } };
    };
    options.plugins.title.text = "Something else entirely";
    options.scales.x.title.text = "another x axis title";
    options.scales.y.title.text = "another y";
    const a = pixels(renderChartPng(def, { scale: 1 }));
    const b = pixels(renderChartPng(changed, { scale: 1 }));
    // If no text were drawn, only layout would depend on the strings, and the layout does not (titles take a line
    // each whatever they say): the two images would be identical.
    expect(differing(a, b, { x0: 0, y0: 0, x1: a.width, y1: 50 })).toBeGreaterThan(100); // chart title
    expect(differing(a, b, { x0: 0, y0: 50, x1: 45, y1: a.height - 80 })).toBeGreaterThan(50); // y axis title
    expect(differing(a, b, { x0: 100, y0: a.height - 80, x1: a.width, y1: a.height })).toBeGreaterThan(50); // x title
  });

  it("leaves the chart definitions untouched (they also feed the HTML report)", () => {
    const before = JSON.stringify(defs);
    renderAllPngs(report);
    expect(JSON.stringify(defs)).toBe(before);
  });

  it("is deterministic: the same report gives the same bytes", () => {
    const first = renderAllPngs(report);
    const second = renderAllPngs(structuredClone(report));
    expect(second.length).toBe(first.length);
    for (let k = 0; k < first.length; k++) expect(second[k].png.equals(first[k].png)).toBe(true);
  });
});
