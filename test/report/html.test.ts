import { Script } from "node:vm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { reportPageSource } from "../../src/cli/outputs.js";
import { chartDefinitions } from "../../src/report/charts.js";
import {
  CHARTS_JSON_ID,
  escapeHtml,
  htmlCsp,
  REPORT_JSON_ID,
  renderHtml,
  scriptSafeJson,
  VIEW_JSON_ID,
} from "../../src/report/html.js";
import type { Report } from "../../src/report/report-types.js";
import { reportView } from "../../src/report/view-model.js";
import { run } from "../helpers.js";
import { htmlAssets } from "./page-script.js";

const HOSTILE = "</script><script>alert(1)</script> <!-- \u2028 line \u2029 para & <b>bold</b>";

const report: Report = run(`
name: html-unit
description: ${JSON.stringify(HOSTILE)}
duration: 5m
accounts:
  - name: a
    region: eastus
    deployments:
      - { name: p, model: gpt-4.1, sku: GlobalStandard, capacity: 100 }
outages:
  - { deployment: a/p, start: 1m, duration: 1m, errorRate: 0.5, status: 500 }
traffic:
  - { name: w, via: a/p, arrival: { type: constant, rate: 2/s }, promptTokens: 100, completionTokens: 20 }
slo:
  - "throttle.client.rate < 0.01"
`);
report.warnings.push({ code: "legacy", message: "</SCRIPT><img src=x onerror=alert(2)>" });

const { chartJs, pageScript } = htmlAssets;
const html = renderHtml(report, htmlAssets);

/** Asserts that a page holds (or lacks) a text without printing the page, Chart.js and all, on failure. */
function expectHas(page: string, text: string, present = true): void {
  expect(page.includes(text), `${present ? "missing" : "unexpected"}: ${text}`).toBe(present);
}

/** The text of every `<script>` element, with its opening tag. */
function scripts(page: string): { open: string; body: string; start: number; end: number }[] {
  return [...page.matchAll(/(<script[^>]*>)([\s\S]*?)<\/script>/g)].map((m) => ({
    open: m[1],
    body: m[2],
    start: m.index,
    end: m.index + m[0].length,
  }));
}

function jsonBlock(id: string): unknown {
  const block = scripts(html).find((s) => s.open === `<script type="application/json" id="${id}">`);
  if (!block) throw new Error(`no JSON block ${id}`);
  return JSON.parse(block.body);
}

describe("report.html", () => {
  it("is one HTML document with language, viewport and a CSP that forbids the network", () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expectHas(html, '<meta name="viewport" content="width=device-width, initial-scale=1">');
    // The policy allows exactly the page's two scripts (the text between their tags), by hash.
    const code = scripts(html)
      .filter((s) => s.open === "<script>")
      .map((s) => s.body);
    const policy = htmlCsp(code);
    expectHas(html, `<meta http-equiv="Content-Security-Policy" content="${policy}">`);
    expect(policy).toMatch(
      /^default-src 'none'; script-src 'sha256-[\w+/]{43}=' 'sha256-[\w+/]{43}='; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'$/,
    );
    // Five scripts: report JSON, chart JSON, view-model JSON, Chart.js, the page script; one style; nothing linked.
    expect(scripts(html).map((s) => s.open)).toEqual([
      `<script type="application/json" id="${REPORT_JSON_ID}">`,
      `<script type="application/json" id="${CHARTS_JSON_ID}">`,
      `<script type="application/json" id="${VIEW_JSON_ID}">`,
      "<script>",
      "<script>",
    ]);
    expect(html.match(/<style>/g)).toHaveLength(1);
    // The markup around the scripts loads nothing: no loading elements, no src, links only to anchors, no CSS fetches.
    const markup = scripts(html).reduceRight(
      (page, sc) => page.slice(0, sc.start) + page.slice(sc.end),
      html,
    );
    for (const forbidden of [
      /<(link|img|iframe|object|embed|base|video|audio|source)\b/i,
      /<[^>]*\ssrc\s*=/i,
      /@import|url\(/i,
    ]) {
      expect(forbidden.test(markup), String(forbidden)).toBe(false);
    }
    const hrefs = [...markup.matchAll(/\bhref\s*=\s*"([^"]*)"/gi)].map((m) => m[1]);
    expect(hrefs.length).toBeGreaterThan(0);
    for (const target of hrefs) expect(target).toMatch(/^#[a-z]+$/);
  });

  it("mentions http(s) URLs only inside Chart.js's own /*! license */ comments", () => {
    const chartScript = scripts(html)[3];
    expect(chartJs.startsWith(chartScript.body.trim().slice(0, 200))).toBe(true);
    const licenses = [...chartScript.body.matchAll(/\/\*![\s\S]*?\*\//g)].map((m) => ({
      start: chartScript.start + chartScript.open.length + m.index,
      end: chartScript.start + chartScript.open.length + m.index + m[0].length,
    }));
    const urls = [...html.matchAll(/https?:\/\//gi)];
    for (const url of urls) {
      const inLicense = licenses.some((l) => url.index >= l.start && url.index < l.end);
      expect(inLicense, html.slice(url.index, url.index + 60)).toBe(true);
    }
    // The page adds none of its own: as many as Chart.js's license comments hold.
    const inChartJs = [...chartJs.matchAll(/\/\*![\s\S]*?\*\//g)].flatMap((m) => [
      ...m[0].matchAll(/https?:\/\//gi),
    ]);
    expect(urls.length).toBe(inChartJs.length);
    // The source map would be fetched by dev tools: it is not referenced.
    expectHas(html, "sourceMappingURL", false);
  });

  it("escapes user text in the markup and in the inlined JSON", () => {
    // Only the five script elements close: the description and warning cannot end one early or open another.
    expect(html.match(/<\/script/gi)).toHaveLength(5);
    expect(html.match(/<script/gi)).toHaveLength(5);
    for (const raw of ["<!--", "alert(1)</script>", "<b>bold</b>", "<img src=x", "\u2028", "\u2029"]) {
      expectHas(html, raw, false);
    }
    // The JSON blocks hold exactly the report, its charts and its view model once parsed.
    expect(jsonBlock(REPORT_JSON_ID)).toEqual(report);
    expect(jsonBlock(CHARTS_JSON_ID)).toEqual(chartDefinitions(report));
    expect(jsonBlock(VIEW_JSON_ID)).toEqual(reportView(report));
  });

  it("shows the scenario's name and description as text", () => {
    expectHas(html, `<h1>${report.scenario.name}</h1>`);
    expectHas(html, `<title>${report.scenario.name} · Spillway report</title>`);
    expectHas(html, `<p class="description">${escapeHtml(HOSTILE)}</p>`);
    expect(escapeHtml(HOSTILE)).toContain("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    // Names are restricted by the scenario schema, but the renderer does not rely on it.
    const named = renderHtml(
      { ...report, scenario: { ...report.scenario, name: `<i onclick="x">n</i>` } },
      htmlAssets,
    );
    expect(named).toContain("<h1>&lt;i onclick=&quot;x&quot;&gt;n&lt;/i&gt;</h1>");
    expectHas(named, "<i onclick", false);
  });

  it("carries every chart, by name in the view model, and inlines the bundled page script as it is", () => {
    const charts = jsonBlock(CHARTS_JSON_ID) as { name: string; title: string; description: string }[];
    const names = chartDefinitions(report).map((c) => c.name);
    expect(names).toEqual(["traffic", "utilization", "throttling", "latency", "cost"]);
    expect(charts.map((c) => c.name)).toEqual(names);
    for (const c of charts) expect(c.title !== "" && c.description !== "").toBe(true);
    const view = jsonBlock(VIEW_JSON_ID) as ReturnType<typeof reportView>;
    const chartBlocks = view.sections.flatMap((s) => s.blocks).filter((b) => b.kind === "charts");
    expect(chartBlocks.flatMap((b) => b.charts.map((c) => c.name))).toEqual(names);
    // The page script is the bundle, byte for byte (what the CSP hashes), and parses as a script on its own.
    const page = scripts(html)[4].body;
    expect(page).toBe(`\n${pageScript.trim()}\n`);
    expect(() => new Script(page)).not.toThrow();
  });

  it("gets from the CLI the page script the build bundled, the same text the tests bundle from the sources", () => {
    // Fails when dist/report-page.js is missing or older than src/report/page/: `npm test` builds first.
    expect(reportPageSource(), "dist/report-page.js differs from the sources: run `npm run build`").toBe(
      pageScript,
    );
  });

  it("is deterministic", () => {
    expect(renderHtml(report, htmlAssets)).toBe(html);
  });

  it("refuses a Chart.js text that would end its script element, and drops the source-map comment", () => {
    expect(() => renderHtml(report, { chartJs: "var a = '</script>';", pageScript })).toThrow(
      /cannot be inlined/,
    );
    expect(() => renderHtml(report, { chartJs: "var a = '<!--';", pageScript })).toThrow(/cannot be inlined/);
    expect(() => renderHtml(report, { chartJs, pageScript: "var a = '</SCRIPT>';" })).toThrow(
      /the page script .* cannot be inlined/,
    );
    const out = renderHtml(report, {
      chartJs: "var Chart = 1;\n//# sourceMappingURL=chart.umd.min.js.map\n",
      pageScript,
    });
    expect(out).toContain("var Chart = 1;");
    expectHas(out, "sourceMappingURL", false);
  });
});

describe("scriptSafeJson and escapeHtml", () => {
  it("keep any string intact and never emit a character that could end a script element or a line", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        const json = scriptSafeJson({ s });
        expect(json).not.toMatch(/[<>&\u2028\u2029]/);
        expect((JSON.parse(json) as { s: string }).s).toBe(s);
        expect(escapeHtml(s)).not.toMatch(/[<>"']/);
      }),
    );
  });
});
