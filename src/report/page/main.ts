/**
 * The page script of report.html, bundled by the build into dist/report-page.js (an IIFE) and inlined by renderHtml.
 * It reads the three JSON blocks the page carries, builds every section of the view model generically (tables,
 * cards, folds, timeline, warnings) and draws the charts. It is the same text for every report: the CSP allows it by
 * the hash of that text.
 */
import type { Report } from "../report-types.js";
import {
  type Block,
  CHARTS_JSON_ID,
  REPORT_JSON_ID,
  type ReportView,
  VIEW_JSON_ID,
  type ViewSection,
} from "../view-model.js";
import { block, type Child, el } from "./dom.js";
import { chartFigures } from "./figures.js";

const readJson = <T>(id: string): T => JSON.parse(document.getElementById(id)?.textContent ?? "null") as T;

function main(): void {
  const report = readJson<Report>(REPORT_JSON_ID);
  // For the curious: the parsed report, as Lighthouse exposes its LHR.
  (window as unknown as { spillwayReport: Report }).spillwayReport = report;
  const view = readJson<ReportView>(VIEW_JSON_ID);
  const definitions = readJson<Parameters<typeof chartFigures>[1]>(CHARTS_JSON_ID);

  const drawers: (() => void)[] = [];
  const draw = () => {
    for (const d of drawers) d();
  };
  const charts = (b: Block): Child[] => {
    if (b.kind !== "charts") return [];
    const { figures, draw: drawThese } = chartFigures(b, definitions);
    drawers.push(drawThese);
    return [el("div", { class: "charts" }, ...figures)];
  };
  const content = (s: ViewSection): Child[] =>
    s.empty !== undefined ? [el("p", {}, s.empty)] : s.blocks.flatMap((b) => block(b, charts));

  // A nested section joins the one before it, under a sub-heading. Each section keeps the drawing of its charts.
  const sections: { element: HTMLElement; draws: (() => void)[] }[] = [];
  for (const s of view.sections) {
    const before = drawers.length;
    const previous = sections.at(-1);
    if (s.nested === true && previous !== undefined) {
      for (const child of [el("h3", {}, s.title), ...content(s)]) if (child) previous.element.append(child);
      previous.draws.push(...drawers.slice(before));
      continue;
    }
    const heading = el("h2", { id: `${s.id}-title` }, s.title);
    const element = el("section", { id: s.id, "aria-labelledby": `${s.id}-title` }, heading, ...content(s));
    sections.push({ element, draws: drawers.slice(before) });
  }

  // Charts are drawn as soon as their section joins the page, before the sections after it: each chart measures its
  // box, which lays out the whole document, and with thousands of deployments the tables would make each of those
  // layouts slow.
  const main = document.getElementById("report");
  for (const { element, draws } of sections) {
    main?.append(element);
    for (const d of draws) d();
  }
  matchMedia("(prefers-color-scheme: dark)").addEventListener("change", draw);
  // Paper is light whatever the screen: redraw before the print snapshot, and back after. beforeprint covers the
  // print dialog; the print media query covers engines and tools that switch media without it (and PDF export).
  const printing = (on: boolean) => {
    document.documentElement.classList.toggle("printing", on);
    draw();
  };
  addEventListener("beforeprint", () => printing(true));
  addEventListener("afterprint", () => printing(false));
  matchMedia("print").addEventListener("change", (event) => printing(event.matches));
}

main();
