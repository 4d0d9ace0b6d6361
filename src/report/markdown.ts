/**
 * summary.md: the view model (view-model.ts) as Markdown. Every text goes through mdCell (mdCode inside backticks):
 * report.json may be hostile, and summary.md is often posted as a pull-request comment. Parts the view model marks
 * for the page only are left out, and so are sections with nothing to show.
 */

import { chartDefinitions } from "./charts.js";
import { mdCell, mdCode } from "./format.js";
import type { Report } from "./report-types.js";
import { type Block, type Cell, type Run, reportView, type ViewTable } from "./view-model.js";

/** Options of {@link renderMarkdown}. */
export interface MarkdownOptions {
  /** Embed the charts as `![title](charts/NAME.png)` (when the PNGs are written beside summary.md). */
  charts?: boolean;
  /** Also embed this workload's chart (`--chart-workload NAME`; its PNG is written with the others). */
  chartWorkload?: string;
}

const shown = (part: { only?: string }) => part.only !== "page";

function runs(text: Run[]): string {
  return text
    .map((run) =>
      typeof run === "string"
        ? mdCell(run)
        : "strong" in run
          ? `**${mdCell(run.strong)}**`
          : `\`${mdCode(run.code)}\``,
    )
    .join("");
}

function cell(c: Cell): string {
  if (typeof c === "string") return mdCell(c);
  if (c.code) return `\`${mdCode(String(c.text))}\``;
  const text = Array.isArray(c.text) ? c.text.map(mdCell).join(", ") : mdCell(c.text);
  return c.verdict === "fail" ? `**${text}**` : text;
}

function table(t: ViewTable): string {
  const keep = t.columns.map(shown);
  const row = (cells: string[]) => `| ${cells.filter((_, i) => keep[i]).join(" | ")} |`;
  return [
    row(t.columns.map((c) => mdCell(c.label))),
    row(t.columns.map((c) => (c.align === "right" ? "---:" : "---"))),
    ...t.rows.map((cells, r) =>
      row(cells.map((c) => (t.rowClasses?.[r] === "total" ? `**${cell(c)}**` : cell(c)))),
    ),
  ].join("\n");
}

/** The lines of a block, each block after a blank line. */
function block(b: Block): string[] {
  if (!shown(b)) return [];
  switch (b.kind) {
    case "paragraph":
      return ["", runs(b.text)];
    case "heading":
      return ["", `### ${mdCell(b.text)}`];
    case "table":
      return ["", table(b)];
    case "fold":
      return b.blocks.flatMap(block);
    case "charts":
      return b.charts.flatMap((chart) => [
        "",
        `![${mdCell(chart.title)}](charts/${chart.name}.png)`,
        "",
        `*${mdCell(chart.description)}*`,
      ]);
    case "warnings":
      return ["", ...b.items.map((w) => `- \`${mdCode(w.code)}\` ${mdCell(w.message)}`)];
    case "cards":
    case "timeline":
      // The page's ways of showing what the tables say.
      return [];
  }
}

/** Renders summary.md from a report. */
export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  // Without the PNGs beside it, summary.md shows no chart: skip computing them.
  const view =
    options.charts === true
      ? reportView(report, chartDefinitions(report, { workload: options.chartWorkload }))
      : reportView(report, []);
  const out = [`# ${mdCell(view.title)}`];
  if (view.description !== "") out.push("", mdCell(view.description));
  out.push("", runs(view.meta));
  for (const section of view.sections) {
    if (section.empty !== undefined) continue;
    if (section.id === "charts" && options.charts !== true) continue;
    out.push("", `## ${mdCell(section.title)}`, ...section.blocks.flatMap(block));
  }
  return `${out.join("\n")}\n`;
}
