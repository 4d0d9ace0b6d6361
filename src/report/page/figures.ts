/**
 * The page's charts: a figure per chart definition, each with its numbers as a table built on first open, drawn with
 * the inlined Chart.js in the page's own colours, and redrawn when those change (light/dark, print).
 */
import type { ChartDefinition } from "../charts.js";
import { decimal } from "../format.js";
import type { Charts } from "../view-model.js";
import { el, lazyDetails, table } from "./dom.js";

/** Just enough of Chart.js's global for the page. */
interface ChartGlobal {
  new (canvas: HTMLCanvasElement, config: unknown): { destroy(): void };
  defaults: { color: string; borderColor: string; font: { family: string; size: number } };
}

/** The figures of the charts a block names, and a function that (re)draws them all. */
export function chartFigures(
  block: Charts,
  definitions: readonly ChartDefinition[],
): { figures: HTMLElement[]; draw: () => void } {
  const boxes: { def: ChartDefinition; canvas: HTMLCanvasElement }[] = [];
  const figures = block.charts.flatMap((chart) => {
    const def = definitions.find((d) => d.name === chart.name);
    if (def === undefined) return [];
    const canvas = el("canvas", { role: "img", "aria-label": chart.description }) as HTMLCanvasElement;
    boxes.push({ def, canvas });
    // Built on first open: a week-long run has 10,080 one-minute steps per chart.
    const numbers = lazyDetails(`Table: the numbers of “${chart.title}”`, () => [
      table({
        kind: "table",
        caption: chart.title,
        columns: def.table.columns.map((label, i) => ({ label, align: i > 0 ? "right" : "left" })),
        rows: def.table.rows.map((row) => row.map((c) => (typeof c === "number" ? decimal(c) : String(c)))),
      }),
    ]);
    return [
      el(
        "figure",
        { class: "chart", id: `chart-${chart.name}` },
        el(
          "figcaption",
          {},
          el("span", { class: "title" }, chart.title),
          el("span", { class: "desc" }, chart.description),
        ),
        el("div", { class: "chart-box" }, canvas),
        numbers,
      ),
    ];
  });

  const ChartJs = (window as unknown as { Chart: ChartGlobal }).Chart;
  let drawn: { destroy(): void }[] = [];
  // Colours come from the page's CSS, so the charts follow light, dark and print.
  function draw(): void {
    for (const chart of drawn) chart.destroy();
    const css = getComputedStyle(document.documentElement);
    const cssVar = (name: string) => css.getPropertyValue(name).trim();
    const ink = cssVar("--fg");
    ChartJs.defaults.color = ink;
    ChartJs.defaults.borderColor = cssVar("--grid");
    ChartJs.defaults.font.family = cssVar("--font");
    // A phone-width chart has little room for axis titles and a multi-row legend.
    ChartJs.defaults.font.size = matchMedia("(max-width: 640px)").matches ? 11 : 12;
    // Chart.js mutates its config: give each chart a fresh copy. The figcaption already shows the title.
    drawn = boxes.map(({ def, canvas }) => {
      const config = structuredClone(def.config);
      const plugins = (config.options.plugins ?? {}) as Record<string, Record<string, unknown>>;
      plugins.title = { ...plugins.title, display: false };
      config.options.plugins = plugins;
      // The definitions use black for "everything" lines; black vanishes on a dark page, so use the text colour.
      for (const ds of config.data.datasets) {
        for (const key of ["borderColor", "backgroundColor"]) {
          if (typeof ds[key] === "string" && /^#0{6}$/.test(ds[key] as string)) ds[key] = ink;
        }
      }
      return new ChartJs(canvas, config);
    });
  }
  return { figures, draw };
}
