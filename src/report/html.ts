/**
 * report.html: one self-contained file rendered from report.json alone (Lighthouse's model). The view model
 * (view-model.ts), the chart definitions and the report are inlined as escaped JSON; the page script, a module of its
 * own (src/report/page/, bundled by the build into dist/report-page.js and handed in by the caller), parses them at
 * load, builds the DOM with createElement/textContent and draws every chart with the inlined Chart.js. Nothing is
 * fetched: the CSP forbids it. report.json may be hostile (CI renders reports handed in by pull requests): every value
 * the server-side template inserts is escaped, and the CSP runs only the page's own two scripts, by hash, so markup
 * that slipped through anyway could not run script (no injected <script>, no onerror=).
 */
import { createHash } from "node:crypto";
import { reducedForCharts } from "./chart-series.js";
import { chartDefinitions } from "./charts.js";
import type { Report } from "./report-types.js";
import { CHARTS_JSON_ID, REPORT_JSON_ID, type Run, reportView, VIEW_JSON_ID } from "./view-model.js";

/** What the caller reads from disk for the page (html.ts stays pure: no file access). */
export interface HtmlAssets {
  /** Text of chart.js/dist/chart.umd.min.js. */
  chartJs: string;
  /** Text of the bundled page script, dist/report-page.js (see src/report/page/main.ts). */
  pageScript: string;
  /** Also chart this workload's series (`--chart-workload NAME`). */
  chartWorkload?: string;
}

/** The CSP source expression of a script element's text: what the browser hashes is exactly that text, as UTF-8. */
export function scriptHash(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

/**
 * The page's policy: nothing fetched, and only the inline scripts whose exact texts are given may run. Hashes rather
 * than 'unsafe-inline' block injected <script> elements and, since 'unsafe-hashes' is absent, every inline event
 * handler. Styles stay 'unsafe-inline' (the <style> element; the page script and Chart.js also set element styles),
 * which runs no code and, with every fetch forbidden, can send nothing anywhere.
 */
export function htmlCsp(scripts: readonly string[]): string {
  return (
    `default-src 'none'; script-src ${scripts.map(scriptHash).join(" ")}; style-src 'unsafe-inline'; ` +
    "img-src data:; base-uri 'none'; form-action 'none'"
  );
}

/** The ids of the page's JSON blocks (defined beside the view model, which the page script imports them from). */
export { CHARTS_JSON_ID, REPORT_JSON_ID, VIEW_JSON_ID };

/**
 * Escapes text for HTML element content and quoted attribute values. U+2028/U+2029 become references too: harmless in
 * markup, but a raw one in the file trips tools that splice HTML into JavaScript strings.
 */
export function escapeHtml(text: string): string {
  return String(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;")
    .replace(/\u2028/g, "&#x2028;")
    .replace(/\u2029/g, "&#x2029;");
}

/**
 * JSON that can sit inside a `<script>` element (Lighthouse's sanitizeJson): `<`, `>` and `&` only ever occur inside
 * JSON strings, where `\u003c` means the same, so no `</script` or `<!--` can appear; U+2028/U+2029 are escaped for
 * pre-ES2019 parsers that treat them as line ends.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/**
 * The text of a `<script>` element (with the line breaks around the code). A `</script` would end the element early
 * and `<!--` switches the HTML parser into a mode where it may not end at all; code is not data, so refuse rather than
 * rewrite it. The source-map comment goes: a browser's dev tools would try to fetch the map. Line breaks and NULs
 * become what the HTML parser turns them into, so the CSP hash of this text is the hash of what the browser sees.
 */
function inlineScript(code: string, what: string): string {
  if (/<\/script|<!--/i.test(code))
    throw new Error(`${what} contains "</script" or "<!--" and cannot be inlined`);
  const text = code
    .replace(/^\/\/# sourceMappingURL=.*$/gm, "")
    .trimEnd()
    .replace(/\r\n?/g, "\n")
    .replace(/\0/g, "\uFFFD");
  return `\n${text}\n`;
}

const CSS = `
:root {
  color-scheme: light dark;
  --font: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --surface: #f6f8fa; --border: #d1d9e0;
  --grid: rgba(31, 35, 40, 0.12); --accent: #0969da; --pass: #1a7f37; --fail: #d1242f;
  --pass-bg: #dafbe1; --fail-bg: #ffebe9; --warn-bg: #fff8c5; --warn-border: #d4a72c;
  --outage: #d55e00; --track: #e6eaef; --edge: rgba(31, 35, 40, 0.22);
  --shadow: 0 1px 2px rgba(31, 35, 40, 0.06), 0 1px 3px rgba(31, 35, 40, 0.1);
}
/* Dark only on screen: paper is white, and .printing (set by the page script) forces light for the print snapshot. */
@media screen and (prefers-color-scheme: dark) {
  :root:not(.printing) {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --surface: #151b23; --border: #3d444d;
    --grid: rgba(230, 237, 243, 0.16); --accent: #4493f8; --pass: #3fb950; --fail: #f85149;
    --pass-bg: rgba(46, 160, 67, 0.18); --fail-bg: rgba(248, 81, 73, 0.18); --warn-bg: rgba(187, 128, 9, 0.18);
    --warn-border: #9e6a03; --track: #262c36; --edge: rgba(0, 0, 0, 0.7); --shadow: none;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.5 var(--font); }
.page { max-width: 1240px; margin: 0 auto; padding: 24px 24px 48px; }
a { color: var(--accent); }
code { font-family: var(--mono); font-size: 0.92em; }
.page-header { border-bottom: 1px solid var(--border); padding-bottom: 16px; margin-bottom: 16px; }
.eyebrow { margin: 0; font-size: 12px; letter-spacing: 0.08em; text-transform: uppercase; color: var(--muted); }
h1 { margin: 2px 0 8px; font-size: 28px; line-height: 1.25; overflow-wrap: anywhere; }
.description { margin: 0 0 10px; max-width: 85ch; font-size: 17px; white-space: pre-line; overflow-wrap: anywhere; }
.meta { margin: 0; font-size: 13px; color: var(--muted); overflow-wrap: anywhere; }
.toc ol { display: flex; flex-wrap: wrap; gap: 6px; margin: 0; padding: 0; list-style: none; }
.toc a { display: inline-block; padding: 3px 10px; border: 1px solid var(--border); border-radius: 999px;
  font-size: 13px; text-decoration: none; }
.toc a:hover, .toc a:focus-visible { background: var(--surface); }
section { margin: 36px 0 0; scroll-margin-top: 12px; }
h2 { margin: 0 0 14px; padding-bottom: 6px; border-bottom: 1px solid var(--border); font-size: 21px; }
h3 { margin: 20px 0 8px; font-size: 16px; }
.note { margin: 8px 0 0; font-size: 13px; color: var(--muted); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 12px; margin: 0; }
.card { padding: 12px 14px; background: var(--surface); border: 1px solid var(--border); border-radius: 10px;
  box-shadow: var(--shadow); min-width: 0; }
.card dt { font-size: 13px; color: var(--muted); }
.card dd { margin: 0; overflow-wrap: anywhere; }
.card .value { font-size: 22px; font-weight: 650; line-height: 1.3; font-variant-numeric: tabular-nums; }
.card .sub { font-size: 12.5px; color: var(--muted); }
.card.pass { border-color: var(--pass); background: var(--pass-bg); }
.card.fail { border-color: var(--fail); background: var(--fail-bg); }
.card.pass .value { color: var(--pass); }
.card.fail .value { color: var(--fail); }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 540px), 1fr)); gap: 16px; }
figure.chart { margin: 0; padding: 14px; min-width: 0; background: var(--surface); border: 1px solid var(--border);
  border-radius: 10px; box-shadow: var(--shadow); scroll-margin-top: 12px; }
figcaption { margin-bottom: 10px; }
figcaption .title { display: block; font-weight: 650; }
figcaption .desc { display: block; font-size: 13px; color: var(--muted); }
/* Fixed height: the configs say maintainAspectRatio: false, so the box, not the width, sets the height. */
.chart-box { position: relative; height: 360px; background: var(--bg); border-radius: 6px; }
details { margin-top: 10px; }
summary { cursor: pointer; font-size: 13.5px; color: var(--accent); }
details .table-scroll { margin-top: 8px; max-height: 420px; overflow-y: auto; }
.table-scroll { max-width: 100%; overflow-x: auto; border: 1px solid var(--border); border-radius: 8px;
  /* Scroll shadows: a soft edge shows on a side only while there is more table to scroll to there. */
  background:
    linear-gradient(to right, var(--bg) 30%, transparent) left / 28px 100% no-repeat local,
    linear-gradient(to left, var(--bg) 30%, transparent) right / 28px 100% no-repeat local,
    radial-gradient(farthest-side at 0 50%, var(--edge), transparent) left / 12px 100% no-repeat scroll,
    radial-gradient(farthest-side at 100% 50%, var(--edge), transparent) right / 12px 100% no-repeat scroll,
    var(--bg); }
.table-scroll:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
table { width: 100%; border-collapse: collapse; font-size: 14px; font-variant-numeric: tabular-nums; }
/* Captions name tables for screen readers; on screen the section heading or summary above already does. */
caption { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
th, td { padding: 6px 9px; border-bottom: 1px solid var(--border); text-align: left; white-space: nowrap;
  vertical-align: top; }
/* Headers may wrap: the numbers, not the words above them, should set a column's width. */
thead th { position: sticky; top: 0; background: var(--surface); font-size: 13px; white-space: normal;
  vertical-align: bottom; }
tbody tr:last-child > * { border-bottom: 0; }
tbody th { font-weight: 500; }
.num { text-align: right; }
td.wrap, th.wrap { white-space: normal; min-width: 24ch; overflow-wrap: anywhere; }
.line { display: block; }
.line.sub { font-size: 12.5px; color: var(--muted); }
tr.total > * { font-weight: 650; }
.badge { display: inline-block; padding: 0 8px; border-radius: 999px; font-size: 12px; font-weight: 650; }
.badge.pass { color: var(--pass); background: var(--pass-bg); border: 1px solid var(--pass); }
.badge.fail { color: var(--fail); background: var(--fail-bg); border: 1px solid var(--fail); }
.badge.warn { color: var(--muted, #8a6d00); border: 1px dashed currentColor; }
.timeline { margin: 0 0 14px; padding: 0; list-style: none; }
.timeline li { display: grid; grid-template-columns: minmax(0, 16rem) minmax(0, 1fr); gap: 4px 14px;
  align-items: center; margin-bottom: 8px; }
.timeline .what { font-size: 14px; overflow-wrap: anywhere; }
.timeline .when { display: block; font-size: 12.5px; color: var(--muted); }
.track { position: relative; height: 14px; background: var(--track); border-radius: 4px; }
.track .bar { position: absolute; top: 0; bottom: 0; min-width: 3px; background: var(--outage); border-radius: 4px; }
.axis { display: flex; justify-content: space-between; font-size: 12px; color: var(--muted); }
.warnings { margin: 0; padding: 0; list-style: none; }
.warnings li { margin-bottom: 8px; padding: 8px 12px; background: var(--warn-bg); border-left: 4px solid var(--warn-border);
  border-radius: 4px; overflow-wrap: anywhere; }
.page-footer { margin-top: 48px; padding-top: 12px; border-top: 1px solid var(--border); font-size: 12.5px;
  color: var(--muted); }
@media (max-width: 640px) {
  body { font-size: 14.5px; }
  .page { padding: 16px 12px 32px; }
  h1 { font-size: 23px; }
  .description { font-size: 16px; }
  .cards { grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 8px; }
  .card { padding: 10px; }
  .card .value { font-size: 20px; }
  figure.chart { padding: 10px; }
  /* Narrow charts stack their legend in several rows: give the plot its height back. */
  .chart-box { height: 400px; }
  th, td { padding: 6px 8px; }
  .timeline li { grid-template-columns: minmax(0, 1fr); }
}
@media print {
  :root { --bg: #fff; --fg: #000; --muted: #444; --surface: #fff; --border: #bbb; --shadow: none; }
  body { font-size: 10.5pt; }
  .page { max-width: none; padding: 0; }
  .toc, summary { display: none; }
  .card, figure.chart { box-shadow: none; }
  figure.chart, .card, .timeline li, tr, .warnings li { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  .charts { display: block; }
  figure.chart { margin-bottom: 12px; }
  /* Charts are redrawn for paper (see the page script); if the paper is narrower than the layout they were drawn
     in, the canvas shrinks to it, keeping its aspect ratio. */
  .chart-box { height: 300px; }
  canvas { max-width: 100% !important; height: auto !important; }
  .table-scroll, details .table-scroll { overflow: visible; max-height: none; border: 0; background: none; }
  th, td { white-space: normal; }
  a { color: inherit; text-decoration: none; }
}
`;

/** Inline text as markup: every piece escaped. */
function runsHtml(text: readonly Run[]): string {
  return text
    .map((run) =>
      typeof run === "string"
        ? escapeHtml(run)
        : "strong" in run
          ? `<strong>${escapeHtml(run.strong)}</strong>`
          : `<code${run.title === undefined ? "" : ` title="${escapeHtml(run.title)}"`}>${escapeHtml(run.code)}</code>`,
    )
    .join("");
}

/**
 * Renders report.html: one file, no network, from the report alone (plus the texts of Chart.js and the page script).
 * Every `${...}` of the template below is escaped, a constant of this module, or JSON made safe for a script element;
 * the report never reaches the two scripts that run, which are the same for every report.
 */
export function renderHtml(report: Report, assets: HtmlAssets): string {
  const charts = chartDefinitions(report, { workload: assets.chartWorkload });
  const view = reportView(report, charts);
  const text = (value: unknown) => escapeHtml(String(value));
  const name = text(view.title);
  const version = text(report.tool.version);
  const toc = view.sections
    .filter((s) => s.nested !== true)
    .map((s) => `<li><a href="#${text(s.id)}">${text(s.title)}</a></li>`)
    .join("");
  const scripts = [
    inlineScript(assets.chartJs, "Chart.js"),
    inlineScript(assets.pageScript, "the page script"),
  ];
  // The page carries the report with the charts' reduced series (a 30-day run's full ones are megabytes); report.json
  // and timeseries.csv keep every step.
  const json = (id: string, value: unknown) =>
    `<script type="application/json" id="${id}">${scriptSafeJson(value)}</script>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${htmlCsp(scripts)}">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="Spillway ${version}">
<title>${name} · Spillway report</title>
<style>${CSS}</style>
</head>
<body>
<div class="page">
<header class="page-header">
<p class="eyebrow">Spillway simulation report</p>
<h1>${name}</h1>
${view.description === "" ? "" : `<p class="description">${text(view.description)}</p>\n`}<p class="meta">${runsHtml(view.meta)}</p>
</header>
<nav class="toc" aria-label="Contents"><ol>${toc}</ol></nav>
<main id="report">
<noscript><p>This report builds its tables and charts with JavaScript. Enable it, or read report.json and summary.md.</p></noscript>
</main>
<footer class="page-footer">Rendered from report.json (schema version ${text(report.schemaVersion)}) by Spillway ${version}. Costs are ${report.cost.terms === undefined ? "list prices" : "prices under the scenario's billing terms"} in ${text(report.cost.currency)}.</footer>
</div>
${json(REPORT_JSON_ID, reducedForCharts(report))}
${json(CHARTS_JSON_ID, charts)}
${json(VIEW_JSON_ID, view)}
<script>${scripts[0]}</script>
<script>${scripts[1]}</script>
</body>
</html>
`;
}
