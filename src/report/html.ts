/**
 * report.html: one self-contained file rendered from report.json alone (Lighthouse's model). The report and the chart
 * definitions are inlined as escaped JSON; a small page script parses them at load, builds the DOM with
 * createElement/textContent and draws every chart with the inlined Chart.js. Nothing is fetched: the CSP forbids it.
 * report.json may be hostile (CI renders reports handed in by pull requests): every value the server-side template
 * inserts is escaped, and the CSP runs only the page's own two scripts, by hash, so markup that slipped through anyway
 * could not run script (no injected <script>, no onerror=).
 */
import { createHash } from "node:crypto";
import { type ChartDefinition, chartDefinitions } from "./charts.js";
import { billingRows, count, millis, percent, seconds, usd } from "./format.js";
import type { Report } from "./report-types.js";

/** What the caller reads from disk for the page (html.ts stays pure: no file access). */
export interface HtmlAssets {
  /** Text of chart.js/dist/chart.umd.min.js. */
  chartJs: string;
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

/** Id of the inlined report.json. */
export const REPORT_JSON_ID = "spillway-report";
/** Id of the inlined chart definitions. */
export const CHARTS_JSON_ID = "spillway-charts";

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

/** Section anchors, in page order (the page script builds a section for each). */
const SECTIONS: [id: string, title: string][] = [
  ["headline", "Headline"],
  ["charts", "Charts"],
  ["deployments", "Deployments"],
  ["gateways", "Gateways"],
  ["outages", "Outages"],
  ["cost", "Cost"],
  ["slo", "SLOs"],
  ["warnings", "Warnings"],
];

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

/** Just enough of Chart.js's global for the page script. */
interface ChartGlobal {
  new (canvas: HTMLCanvasElement, config: unknown): { destroy(): void };
  defaults: { color: string; borderColor: string; font: { family: string; size: number } };
}

/** What the page script gets from the server: the JSON blocks' ids and the formatters summary.md uses. */
interface PageInputs {
  reportId: string;
  chartsId: string;
  count: (n: number) => string;
  percent: (fraction: number) => string;
  millis: (ms: number) => string;
  usd: (value: number) => string;
  seconds: (s: number) => string;
  billingRows: typeof billingRows;
}

/**
 * The page script. It is serialized with Function.prototype.toString, so it must stay self-contained: no reference to
 * anything outside its own body except browser globals and its parameter (types are erased and fine). Writing it as
 * a function rather than a string gets it type-checked and linted; the browser test runs it.
 */
function pageScript(inputs: PageInputs): void {
  const { count, percent, millis, usd, seconds, billingRows } = inputs;

  const readJson = <T>(id: string): T => JSON.parse(document.getElementById(id)?.textContent ?? "null") as T;
  const report = readJson<Report>(inputs.reportId);
  const charts = readJson<ChartDefinition[]>(inputs.chartsId);
  const ChartJs = (window as unknown as { Chart: ChartGlobal }).Chart;
  // For the curious: the parsed report, as Lighthouse exposes its LHR.
  (window as unknown as { spillwayReport: Report }).spillwayReport = report;

  type Child = Node | string | null | undefined | false;
  /** Creates an element; user text only ever goes through textContent / setAttribute, never markup. */
  function el(
    tag: string,
    attrs: Record<string, string | undefined> = {},
    ...children: Child[]
  ): HTMLElement {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined) continue;
      if (key === "class") node.className = value;
      else node.setAttribute(key, value);
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  /** Milliseconds from the horizon start as h:mm:ss. */
  function clock(ms: number): string {
    const total = Math.round(ms / 1000);
    const m = Math.floor((total % 3600) / 60);
    return `${Math.floor(total / 3600)}:${String(m).padStart(2, "0")}:${String(total % 60).padStart(2, "0")}`;
  }

  /** A number as the chart tables show it: grouped, at most two decimals. */
  function plain(n: number): string {
    return n.toLocaleString("en-US", { maximumFractionDigits: 2 });
  }

  type Cell = string | Node | { text: string | Node; class?: string };
  /** A captioned table in a horizontally scrolling, keyboard-focusable region; `num` marks right-aligned columns. */
  function table(
    caption: string,
    columns: string[],
    rows: Cell[][],
    num: boolean[] = [],
    rowClass?: string[],
  ) {
    const head = el(
      "tr",
      {},
      ...columns.map((c, i) => el("th", { scope: "col", class: num[i] ? "num" : undefined }, c)),
    );
    const body = rows.map((row, r) =>
      el(
        "tr",
        { class: rowClass?.[r] },
        ...row.map((cell, i) => {
          const spec = typeof cell === "object" && !(cell instanceof Node) ? cell : { text: cell };
          const cls = [num[i] ? "num" : "", spec.class ?? ""].join(" ").trim() || undefined;
          return i === 0
            ? el("th", { scope: "row", class: cls }, spec.text)
            : el("td", { class: cls }, spec.text);
        }),
      ),
    );
    return el(
      "div",
      { class: "table-scroll", tabindex: "0", role: "region", "aria-label": caption },
      el("table", {}, el("caption", {}, caption), el("thead", {}, head), el("tbody", {}, ...body)),
    );
  }

  function section(id: string, title: string, ...children: Child[]): HTMLElement {
    return el(
      "section",
      { id, "aria-labelledby": `${id}-title` },
      el("h2", { id: `${id}-title` }, title),
      ...children,
    );
  }

  const note = (text: string) => el("p", { class: "note" }, text);

  /**
   * Content of many rows, built when its <details> is first opened (as the chart tables are): laying out and
   * formatting tens of thousands of rows at load would freeze the page for seconds. Up to 500 rows it is built at once.
   */
  function deferred(what: string, rows: number, build: () => Child[]): Child[] {
    if (rows <= 500) return build();
    const details = el(
      "details",
      {},
      el("summary", {}, `${what}: ${count(rows)} rows`),
    ) as HTMLDetailsElement;
    details.addEventListener("toggle", () => {
      if (details.open && details.childElementCount === 1) details.append(el("div", {}, ...build()));
    });
    return [details];
  }
  const badge = (passed: boolean, level = "error") =>
    passed || level !== "warn"
      ? el("span", { class: `badge ${passed ? "pass" : "fail"}` }, passed ? "pass" : "FAIL")
      : el("span", { class: "badge warn" }, "warn");

  // ---- headline
  const q = report.requests;
  const e2e = report.latency.e2e;
  const sloFailed = report.slo.filter((s) => !s.passed && s.level !== "warn");
  const card = (label: string, value: string, sub?: string, state?: "pass" | "fail") =>
    el(
      "div",
      { class: state ? `card ${state}` : "card" },
      el("dt", {}, label),
      el("dd", { class: "value" }, value),
      sub ? el("dd", { class: "sub" }, sub) : null,
    );
  const headline = section(
    "headline",
    "Headline",
    el(
      "dl",
      { class: "cards" },
      card("Requests arrived", count(q.arrived), `${count(q.retries)} client retries`),
      card(
        "Succeeded",
        percent(q.arrived === 0 ? 0 : q.succeeded / q.arrived),
        `${count(q.succeeded)} requests`,
      ),
      card(
        "Caller 429 rate",
        percent(report.throttle.client.rate),
        `${count(q.throttled)} requests; backend ${percent(report.throttle.backend.rate)} of attempts`,
      ),
      card(
        "Failed",
        count(q.failed),
        `429 ${count(q.throttled)} · timeout ${count(q.timedOut)} · error ${count(q.errored)}`,
      ),
      card(
        "Spillover",
        percent(report.spillover.rate),
        `${count(report.spillover.requests)} served off first choice`,
      ),
      card("Latency e2e p50", millis(e2e.p50), `time to first token p50 ${millis(report.latency.ttft.p50)}`),
      card("Latency e2e p95", millis(e2e.p95), `time to first token p95 ${millis(report.latency.ttft.p95)}`),
      card("Latency e2e p99", millis(e2e.p99), `max ${millis(e2e.max)}`),
      card(
        "Cost, 730-hour month",
        usd(report.cost.monthly.total),
        `${usd(report.cost.horizon.total)} for the horizon`,
      ),
      report.slo.length === 0
        ? card("SLOs", "none", "the scenario states no SLO")
        : card(
            "SLOs",
            sloFailed.length === 0
              ? `all ${report.slo.length} passed`
              : `${sloFailed.length} of ${report.slo.length} failed`,
            sloFailed.length === 0 ? undefined : `failed: ${sloFailed.map((s) => s.expression).join("; ")}`,
            sloFailed.length === 0 ? "pass" : "fail",
          ),
    ),
  );

  // ---- charts: every one drawn at load, each with its numbers as a table
  const css = getComputedStyle(document.documentElement);
  const cssVar = (name: string) => css.getPropertyValue(name).trim();
  const chartBoxes: { def: ChartDefinition; canvas: HTMLCanvasElement }[] = [];
  const figures = charts.map((def) => {
    const canvas = el("canvas", { role: "img", "aria-label": def.description }) as HTMLCanvasElement;
    chartBoxes.push({ def, canvas });
    const details = el(
      "details",
      {},
      el("summary", {}, `Table: the numbers of “${def.title}”`),
    ) as HTMLDetailsElement;
    // Built on first open: a week-long run has 10,080 one-minute steps per chart.
    details.addEventListener("toggle", () => {
      if (!details.open || details.querySelector("table")) return;
      const rows = def.table.rows.map((row) => row.map((c) => (typeof c === "number" ? plain(c) : c)));
      details.append(
        table(
          def.title,
          def.table.columns,
          rows,
          def.table.columns.map((_, i) => i > 0),
        ),
      );
    });
    return el(
      "figure",
      { class: "chart", id: `chart-${def.name}` },
      el(
        "figcaption",
        {},
        el("span", { class: "title" }, def.title),
        el("span", { class: "desc" }, def.description),
      ),
      el("div", { class: "chart-box" }, canvas),
      details,
    );
  });
  const chartsSection = section(
    "charts",
    "Charts",
    report.timeseries.outages.length > 0 ? note("Shaded steps: an outage window overlaps them.") : null,
    el("div", { class: "charts" }, ...figures),
  );

  // ---- deployments
  const deployments = Object.entries(report.deployments);
  const deploymentsSection = section(
    "deployments",
    "Deployments",
    ...deferred("Deployments", deployments.length, () => [
      table(
        "Deployments",
        [
          "deployment",
          "model",
          "sku",
          "region",
          "capacity",
          "attempts",
          "served",
          "spillover in",
          "429s",
          "errors",
          "utilization mean / p95 / max",
        ],
        deployments.map(([id, d]) => [
          id,
          d.model,
          d.billing === null
            ? d.sku
            : el(
                "span",
                {},
                el("span", { class: "line" }, d.sku),
                el("span", { class: "line sub" }, `billing: ${d.billing}`),
              ),
          d.region,
          d.sku.includes("Provisioned") ? `${count(d.capacity)} PTU` : `${count(d.capacity)}K TPM`,
          count(d.attempts),
          count(d.served),
          count(d.spilloverServed),
          count(d.throttled),
          count(d.errored),
          [d.utilization.mean, d.utilization.p95, d.utilization.max].map(percent).join(" / "),
        ]),
        [false, false, false, false, true, true, true, true, true, true, true],
      ),
    ]),
    note(
      `Utilization is per ${report.timeseries.stepSeconds}-second step, the share of the deployment's capacity ` +
        "(PTU throughput or TPM limit) in use; above 100% a provisioned deployment throttles.",
    ),
    el("h3", {}, "Tokens served"),
    ...deferred("Tokens served", deployments.length, () => [
      table(
        "Tokens served",
        ["deployment", "prompt", "of which cached", "completion"],
        deployments.map(([id, d]) => [
          id,
          count(d.tokens.prompt),
          count(d.tokens.cachedPrompt),
          count(d.tokens.completion),
        ]),
        [false, true, true, true],
      ),
    ]),
  );

  // ---- gateways
  const gateways = Object.entries(report.gateways);
  // One backend per line: the list can be long and a cell that wraps mid-name is hard to read.
  const trips = (t: Record<string, number>): Cell => {
    const lines = Object.entries(t)
      .filter(([, n]) => n > 0)
      .map(([id, n]) => el("span", { class: "line" }, `${id}: ${count(n)}`));
    return lines.length === 0 ? "none" : el("span", {}, ...lines);
  };
  const gatewaysSection =
    gateways.length === 0
      ? section(
          "gateways",
          "Gateways",
          el("p", {}, "No gateway: every workload calls its deployments directly."),
        )
      : section(
          "gateways",
          "Gateways",
          table(
            "Gateways",
            [
              "gateway",
              "tier",
              "policy",
              "units",
              "capacity",
              "requests",
              "rejected (503)",
              "breaker trips / marks",
            ],
            gateways.map(([name, g]) => [
              name,
              g.tier,
              g.policy,
              String(g.units),
              g.capacityPerSecond === null ? "serverless" : `${count(g.capacityPerSecond)} req/s per region`,
              count(g.requests),
              count(g.rejected),
              trips(g.circuitBreakerTrips),
            ]),
            [false, false, false, true, true, true, true, false],
          ),
          el("h3", {}, "Gateway regions"),
          table(
            "Gateway regions",
            [
              "gateway / region",
              "requests",
              "pool exhausted",
              "queue full",
              "failed (outage)",
              "queued",
              "mean / max wait",
              "breaker trips / marks",
            ],
            gateways.flatMap(([name, g]) =>
              Object.entries(g.regions).map(([region, r]) => [
                `${name} / ${region}`,
                count(r.requests),
                count(r.poolExhausted),
                count(r.queueFull),
                count(r.failedByOutage),
                count(r.queued),
                r.queued === 0 ? "—" : `${millis(r.meanQueueWaitMs)} / ${millis(r.maxQueueWaitMs)}`,
                trips(r.circuitBreakerTrips),
              ]),
            ),
            [false, true, true, true, true, true, true, false],
          ),
        );

  // ---- outages: a timeline over the horizon, then the numbers
  const outages = report.timeseries.outages;
  const horizonMs = report.horizon.durationSeconds * 1000;
  const stepMs = report.timeseries.stepSeconds * 1000;
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const outagesSection =
    outages.length === 0
      ? section("outages", "Outages", el("p", {}, "No outage in this scenario."))
      : section(
          "outages",
          "Outages",
          el(
            "ol",
            { class: "timeline", "aria-label": "Outage timeline over the horizon" },
            ...outages.map((o) => {
              const bar = el("span", { class: "bar" });
              const clamp = (ms: number) => Math.min(100, Math.max(0, (ms / Math.max(1, horizonMs)) * 100));
              bar.style.left = `${clamp(o.startMs)}%`;
              bar.style.width = `${clamp(o.endMs) - clamp(o.startMs)}%`;
              return el(
                "li",
                {},
                el(
                  "div",
                  { class: "what" },
                  o.target,
                  el("span", { class: "when" }, `${clock(o.startMs)} – ${clock(o.endMs)} · ${o.mode}`),
                ),
                el(
                  "div",
                  { "aria-hidden": "true" },
                  el("div", { class: "track" }, bar),
                  el("div", { class: "axis" }, el("span", {}, clock(0)), el("span", {}, clock(horizonMs))),
                ),
              );
            }),
          ),
          table(
            "Outages",
            [
              "what failed",
              "from",
              "to",
              "mode",
              "share of calls failed",
              "requests arriving then",
              "of which failed",
            ],
            outages.map((o) => {
              const first = Math.floor(o.startMs / stepMs);
              const last = Math.ceil(o.endMs / stepMs);
              const arrivals = sum(report.timeseries.arrivals.slice(first, last));
              const failed = arrivals - sum(report.timeseries.succeeded.slice(first, last));
              return [
                o.target,
                clock(o.startMs),
                clock(o.endMs),
                o.mode,
                percent(o.errorRate),
                count(arrivals),
                `${count(failed)} (${percent(arrivals === 0 ? 0 : failed / arrivals)})`,
              ];
            }),
            [false, true, true, false, true, true, true],
          ),
          note(
            `Times are from the start of the horizon; "requests arriving then" counts whole ${report.timeseries.stepSeconds}-second steps that overlap the window.`,
          ),
        );

  // ---- cost
  const c = report.cost;
  // Billing options of each provisioned deployment (reports written before the field existed have none).
  const billing = Object.entries(c.billing ?? {});
  const billingOptions = () =>
    billing.flatMap(([id, b]) => {
      const plan =
        b.reservedCapacity === 0
          ? "billed hourly"
          : b.reservedCapacity >= b.capacity
            ? `${count(b.reservedCapacity)} PTU reserved`
            : `${count(b.reservedCapacity)} PTU reserved, ${count(b.capacity - b.reservedCapacity)} hourly`;
      const mix =
        b.tokenMix === "observed"
          ? "the deployment's served token mix"
          : "assumed mix: 1 output per 10 input tokens, no cache";
      return [
        el("h4", {}, id),
        el(
          "p",
          {},
          `${count(b.capacity)} PTU (${plan}), mean utilization ${percent(b.meanUtilization)}. ` +
            `Pay-as-you-go (${b.payAsYouGoSku}) costs ${usd(b.payAsYouGoPerMillionNormalizedTokens)} per 1M normalized tokens (${mix}). ` +
            `Cheapest at the mean utilization: ${b.cheapest}.`,
        ),
        table(
          `Billing options of ${id} (USD)`,
          ["billing", "730-hour month", "break-even utilization"],
          billingRows(b, usd, percent),
          [false, true, true],
        ),
      ];
    });
  const costSection = section(
    "cost",
    "Cost",
    table(
      "Cost by category (USD)",
      ["category", "horizon", "730-hour month"],
      [
        ["provisioned (PTU)", usd(c.horizon.provisioned), usd(c.monthly.provisioned)],
        ["tokens (pay-as-you-go)", usd(c.horizon.tokens), usd(c.monthly.tokens)],
        ["gateway (APIM)", usd(c.horizon.gateway), usd(c.monthly.gateway)],
        ["total", usd(c.horizon.total), usd(c.monthly.total)],
      ],
      [false, true, true],
      ["", "", "", "total"],
    ),
    el("h3", {}, "By deployment"),
    ...deferred("Cost by deployment", Object.keys(c.byDeployment).length, () => [
      table(
        "Cost by deployment (USD)",
        ["deployment", "horizon", "730-hour month"],
        Object.entries(c.byDeployment).map(([id, p]) => [id, usd(p.horizon), usd(p.monthly)]),
        [false, true, true],
      ),
    ]),
    note(`The horizon is ${seconds(report.horizon.durationSeconds)}; a billing month is 730 hours.`),
    billing.length > 0 ? el("h3", {}, "Billing options") : null,
    billing.length > 0
      ? note(
          "Each provisioned deployment's PTUs for a 730-hour month under each plan, and the utilization above which " +
            "the plan costs less than sending the same normalized tokens to pay-as-you-go.",
        )
      : null,
    // Five rows a deployment.
    ...deferred("Billing options", billing.length * 5, billingOptions),
  );

  // ---- SLOs
  const sloSection =
    report.slo.length === 0
      ? section("slo", "SLOs", el("p", {}, "The scenario states no SLO."))
      : section(
          "slo",
          "SLOs",
          table(
            "SLO assertions",
            ["assertion", "actual", "result"],
            report.slo.map((s) => [
              { text: el("code", {}, s.expression), class: "wrap" },
              Number.isInteger(s.actual) ? count(s.actual) : String(Number(s.actual.toPrecision(6))),
              badge(s.passed, s.level),
            ]),
            [false, true, false],
          ),
        );

  // ---- warnings
  const warningsSection =
    report.warnings.length === 0
      ? section("warnings", "Warnings", el("p", {}, "None."))
      : section(
          "warnings",
          "Warnings",
          el("ul", { class: "warnings" }, ...report.warnings.map((w) => el("li", {}, w))),
        );

  // ---- drawing: colours come from the page's CSS so charts follow light, dark and print
  let drawn: { destroy(): void }[] = [];
  function draw(): void {
    for (const chart of drawn) chart.destroy();
    const ink = cssVar("--fg");
    ChartJs.defaults.color = ink;
    ChartJs.defaults.borderColor = cssVar("--grid");
    ChartJs.defaults.font.family = cssVar("--font");
    // A phone-width chart has little room for axis titles and a multi-row legend.
    ChartJs.defaults.font.size = matchMedia("(max-width: 640px)").matches ? 11 : 12;
    // Chart.js mutates its config: give each chart a fresh copy. The figcaption already shows the title.
    drawn = chartBoxes.map(({ def, canvas }) => {
      const config = structuredClone(def.config) as ChartDefinition["config"];
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
  // The charts are drawn before the tables join the page: each chart measures its box, which lays out the whole
  // document, and with thousands of deployments the tables would make each of those layouts slow.
  const main = document.getElementById("report");
  main?.append(headline, chartsSection);
  draw();
  main?.append(deploymentsSection, gatewaysSection, outagesSection, costSection, sloSection, warningsSection);
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

/**
 * Renders report.html: one file, no network, from the report alone (plus Chart.js's text). Every `${...}` of the
 * template below is escaped, a constant of this module, or JSON made safe for a script element; the report never
 * reaches the two scripts that run, which are the same for every report.
 */
export function renderHtml(report: Report, assets: HtmlAssets): string {
  const text = (value: unknown) => escapeHtml(String(value));
  const name = text(report.scenario.name);
  const description = String(report.scenario.description);
  const version = text(report.tool.version);
  const h = report.horizon;
  const meta =
    `Spillway ${version} · seed ${text(report.seed)} · horizon ${text(seconds(h.durationSeconds))}` +
    (h.warmupSeconds > 0 ? ` after ${text(seconds(h.warmupSeconds))} warmup` : "") +
    ` · scenario <code title="sha256 of the validated scenario">${text(String(report.scenario.hash).slice(0, 12))}</code>`;
  const toc = SECTIONS.map(([id, title]) => `<li><a href="#${id}">${title}</a></li>`).join("");
  // The formatters travel as their own source, so the page formats exactly as summary.md does.
  const inputs =
    `{ reportId: ${JSON.stringify(REPORT_JSON_ID)}, chartsId: ${JSON.stringify(CHARTS_JSON_ID)}, ` +
    `count: ${count}, percent: ${percent}, millis: ${millis}, usd: ${usd}, seconds: ${seconds}, ` +
    `billingRows: ${billingRows} }`;
  const scripts = [
    inlineScript(assets.chartJs, "Chart.js"),
    inlineScript(`(${pageScript.toString()})(${inputs});`, "the page script"),
  ];
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
${description === "" ? "" : `<p class="description">${text(description)}</p>\n`}<p class="meta">${meta}</p>
</header>
<nav class="toc" aria-label="Contents"><ol>${toc}</ol></nav>
<main id="report">
<noscript><p>This report builds its tables and charts with JavaScript. Enable it, or read report.json and summary.md.</p></noscript>
</main>
<footer class="page-footer">Rendered from report.json (schema version ${text(report.schemaVersion)}) by Spillway ${version}. Costs are list prices in ${text(report.cost.currency)}.</footer>
</div>
<script type="application/json" id="${REPORT_JSON_ID}">${scriptSafeJson(report)}</script>
<script type="application/json" id="${CHARTS_JSON_ID}">${scriptSafeJson(chartDefinitions(report))}</script>
<script>${scripts[0]}</script>
<script>${scripts[1]}</script>
</body>
</html>
`;
}
