/**
 * A report.json from a pull request is hostile input: every string it holds must reach every human output as data.
 * HTML pages carry it as escaped text (and a CSP that would stop script even if an escape were missed); Markdown as
 * escaped text whose tables keep their shape; the terminal, Markdown and CSV with control characters made visible.
 */

import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { PLAN_METRICS } from "../../src/plan/evaluate.js";
import { type Plan, renderPlanMarkdown, summarize } from "../../src/plan/plan.js";
import { planCharts, renderPlanHtml } from "../../src/plan/plan-report.js";
import { chartDefinitions } from "../../src/report/charts.js";
import { buildComparison, renderComparisonHtml, renderComparisonMarkdown } from "../../src/report/compare.js";
import { renderTimeseriesCsv } from "../../src/report/csv.js";
import { CHARTS_JSON_ID, REPORT_JSON_ID, renderHtml, VIEW_JSON_ID } from "../../src/report/html.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import type { Report } from "../../src/report/report-types.js";
import { renderTerminalSummary } from "../../src/report/terminal.js";
import { reportView } from "../../src/report/view-model.js";
import { ESCAPES, goldenReport, MARKUP, poisoned, RAW_CONTROL } from "./hostile-fixtures.js";
import { htmlAssets } from "./page-script.js";

const benign = goldenReport("multi-region-apim");
const hostile = poisoned(benign, MARKUP);
// Numbers that arrive as strings (report.json is not trusted to be well typed either).
const mistyped = structuredClone(hostile) as unknown as Record<string, Record<string, unknown>>;
mistyped.schemaVersion = MARKUP as unknown as Record<string, unknown>;
mistyped.cost.monthly = { ...(mistyped.cost.monthly as object), total: MARKUP };
mistyped.horizon = { durationSeconds: MARKUP, warmupSeconds: MARKUP };

/** A page's script elements, split into the inert JSON blocks and the code that runs, and the markup around them. */
function split(page: string): { markup: string; json: { id: string; body: string }[]; code: string[] } {
  const json: { id: string; body: string }[] = [];
  const code: string[] = [];
  const markup = page.replace(
    /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi,
    (_, attrs: string, body: string) => {
      const m = /^ type="application\/json" id="([\w-]+)"$/.exec(attrs);
      if (m) json.push({ id: m[1], body });
      else code.push(body);
      return "";
    },
  );
  return { markup, json, code };
}

/** Every start tag in some markup, with its attribute names (style element contents dropped: CSS is not markup). */
function tags(markup: string): { name: string; attributes: string[] }[] {
  const plain = markup.replace(/<style>[\s\S]*?<\/style>/g, "<style></style>");
  // Attribute values quoted either way or not at all, as a browser reads them.
  const attribute = /\s+([^\s=/>]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?/g;
  return [
    ...plain.matchAll(/<([a-zA-Z][\w-]*)((?:\s+[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>/g),
  ].map((m) => ({
    name: m[1].toLowerCase(),
    attributes: [...m[2].matchAll(attribute)].map((a) => a[1].toLowerCase()),
  }));
}

/** Asserts the markup of a page has only the expected elements, no event-handler attribute and no stray "<". */
function expectInertMarkup(markup: string, allowed: string[]): void {
  const found = tags(markup);
  const unexpected = found.filter((t) => !allowed.includes(t.name)).map((t) => t.name);
  expect(unexpected, "unexpected elements").toEqual([]);
  const handlers = found.flatMap((t) => t.attributes.filter((a) => a.startsWith("on")));
  expect(handlers, "event-handler attributes").toEqual([]);
  // Every "<" left is the start of one of those tags, a closing tag, or the doctype.
  const stray = [...markup.matchAll(/<(?![a-zA-Z]|\/[a-zA-Z]|!doctype html>)/g)];
  expect(stray.map((m) => markup.slice(m.index, m.index + 30))).toEqual([]);
  for (const raw of ["<img src=x", "<script>window", "<svg"]) expect(markup.includes(raw), raw).toBe(false);
}

/** The directives of a page's Content-Security-Policy meta element. */
function csp(page: string): Map<string, string[]> {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page);
  if (m === null) throw new Error("no CSP meta element");
  return new Map(
    m[1]
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0] !== "")
      .map(([name, ...values]) => [name, values]),
  );
}

const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;

const REPORT_ELEMENTS = [
  "html",
  "head",
  "meta",
  "title",
  "style",
  "body",
  "div",
  "header",
  "p",
  "h1",
  "code",
  "nav",
  "ol",
  "li",
  "a",
  "main",
  "noscript",
  "footer",
];

describe("report.html of a hostile report.json", () => {
  const page = renderHtml(hostile, htmlAssets);
  const parts = split(page);

  it("carries every string as text: no element, attribute or script comes from the report", () => {
    expect(parts.json.map((j) => j.id)).toEqual([REPORT_JSON_ID, CHARTS_JSON_ID, VIEW_JSON_ID]);
    expect(parts.code).toHaveLength(2);
    expectInertMarkup(parts.markup, REPORT_ELEMENTS);
    // The seed, version, name, description, hash and currency are all on the page, escaped.
    expect(parts.markup).toContain("seed &lt;img src=x onerror=&quot;window.__pwned=1;alert(1)&quot;&gt;");
    expect(parts.markup.match(/&lt;script&gt;window.__pwned=2/g)?.length ?? 0).toBeGreaterThanOrEqual(6);
    // The JSON blocks cannot end early and hold exactly the report and its charts.
    for (const j of parts.json) expect(j.body).not.toMatch(/[<>]/);
    expect(JSON.parse(parts.json[0].body)).toEqual(hostile);
    expect(JSON.parse(parts.json[1].body)).toEqual(chartDefinitions(hostile));
    expect(JSON.parse(parts.json[2].body)).toEqual(reportView(hostile));
  });

  it("runs the same code whatever the report holds", () => {
    expect(parts.code).toEqual(split(renderHtml(benign, htmlAssets)).code);
  });

  it("stays inert when numbers arrive as strings", () => {
    const p = split(renderHtml(mistyped as unknown as Report, htmlAssets));
    expect(p.code).toEqual(parts.code);
    expectInertMarkup(p.markup, REPORT_ELEMENTS);
  });

  it("allows exactly its own two scripts, by hash: no inline handler or injected script could run", () => {
    const policy = csp(page);
    expect(policy.get("default-src")).toEqual(["'none'"]);
    const scriptSrc = policy.get("script-src") ?? [];
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
    expect(scriptSrc).not.toContain("'unsafe-hashes'");
    // The hashes of the two executed scripts, recomputed from the page text (the JSON blocks are never executed).
    expect([...scriptSrc].sort()).toEqual(parts.code.map(sha256).sort());
    expect(policy.get("script-src-attr")).toBeUndefined();
    expect(policy.get("img-src")).toEqual(["data:"]);
    expect(policy.get("base-uri")).toEqual(["'none'"]);
    expect(policy.get("form-action")).toEqual(["'none'"]);
  });
});

/** A plan whose every string (scenario, --vary paths and values, seeds, reason) is hostile. */
function hostilePlan(payload: string): Plan {
  const path = `accounts.a${payload}.capacity`;
  const metrics = (cost: number) =>
    Object.fromEntries(
      PLAN_METRICS.map((k) => [
        k,
        summarize([k.startsWith("cost") ? cost : 0.01, k.startsWith("cost") ? cost : 0.02]),
      ]),
    );
  const points = [100, 200].map((v, index) => ({
    index,
    values: { [path]: index === 0 ? v : `${v}${payload}` },
    replications: [{ seed: 1, hash: `h${payload}` }],
    metrics: metrics(1000 * (index + 1)),
    slo: [{ expression: `latency.e2e.p95 < 1s${payload}`, level: "error" as const, passed: 1, of: 1 }],
    meetsSlo: true,
  }));
  return {
    schemaVersion: 1,
    tool: { name: "spillway", version: `0.1.0${payload}` },
    scenario: { name: `plan${payload}`, hash: `h${payload}` },
    vary: [{ path, values: [100, `200${payload}`] }],
    replications: { count: payload as unknown as number, seeds: [1, payload as unknown as number] },
    search: `grid${payload}` as Plan["search"],
    shard: null,
    points,
    recommended: { index: 1, values: points[1].values, costMonthly: 2000, reason: `cheapest${payload}` },
  };
}

const comparison = (payload: string) =>
  buildComparison([
    { label: `base${payload}`, report: poisoned(benign, payload) },
    { label: `next${payload}`, report: poisoned(goldenReport("single-region-apim"), payload) },
  ]);

describe("compare.html and plan.html of hostile inputs", () => {
  it("compare.html shows every label, scenario, seed and hash as text and allows no script at all", () => {
    const page = renderComparisonHtml(comparison(MARKUP));
    const parts = split(page);
    expect(parts.json).toEqual([]);
    expect(parts.code).toEqual([]);
    expectInertMarkup(parts.markup, [
      ...REPORT_ELEMENTS,
      "ul",
      "strong",
      "span",
      "table",
      "caption",
      "thead",
      "tbody",
      "tr",
      "th",
      "td",
    ]);
    const policy = csp(page);
    expect(policy.get("default-src")).toEqual(["'none'"]);
    // No script-src: scripts fall back to default-src 'none'.
    expect(policy.has("script-src")).toBe(false);
  });

  it("plan.html shows every value as text, embeds only its charts' data: images and allows no script", () => {
    const plan = hostilePlan(MARKUP);
    const charts = planCharts(plan).map((def) => ({ def, png: new Uint8Array([1, 2, 3]) }));
    const page = renderPlanHtml(plan, charts);
    const parts = split(page);
    expect(parts.code).toEqual([]);
    expectInertMarkup(parts.markup, [
      ...REPORT_ELEMENTS,
      "img",
      "figure",
      "figcaption",
      "strong",
      "small",
      "table",
      "thead",
      "tbody",
      "tr",
      "th",
      "td",
    ]);
    const images = [...parts.markup.matchAll(/<img alt="[^"]*" src="([^"]*)">/g)].map((m) => m[1]);
    expect(images).toEqual(charts.map(() => "data:image/png;base64,AQID"));
    const policy = csp(page);
    expect(policy.get("default-src")).toEqual(["'none'"]);
    expect(policy.has("script-src")).toBe(false);
  });
});

/** Asserts every Markdown table keeps its column count: no value adds a cell or ends a row. */
function expectTablesKeepShape(md: string): void {
  const cells = (line: string) => line.split(/(?<!\\)\|/).length;
  let header: number | null = null;
  for (const line of md.split("\n")) {
    if (!line.startsWith("|")) {
      header = null;
      continue;
    }
    if (header === null) header = cells(line);
    else expect(cells(line), line).toBe(header);
  }
}

/**
 * Asserts Markdown shows no markup: outside code spans no tag, comment or unescaped link can start (but the chart
 * images summary.md itself embeds).
 */
function expectInertMarkdown(md: string): void {
  const text = md.replace(/`[^`\n]*`/g, "``");
  expect(text.match(/<[a-zA-Z!?/][^\n]{0,30}/g) ?? []).toEqual([]);
  expect(text.match(/(?<!\\)\]\((?!charts\/[a-z]+\.png\)$)[^\n]{0,30}/gm) ?? []).toEqual([]);
  expectTablesKeepShape(md);
}

/** Asserts a text output has no raw control character and no line forged by a value. */
function expectNoControls(text: string, lineBreaks: RegExp = /\n/): void {
  const at = RAW_CONTROL.exec(text);
  expect(
    at === null ? null : JSON.stringify(text.slice(Math.max(0, at.index - 20), at.index + 20)),
  ).toBeNull();
  const forged = text.split(lineBreaks).filter((l) => l.startsWith("forged line"));
  expect(forged).toEqual([]);
}

describe("Markdown of hostile inputs", () => {
  it("summary.md shows every value as text and keeps its tables' shape", () => {
    const md = renderMarkdown(hostile, { charts: true });
    expectInertMarkdown(md);
    expect(md).toContain("\\[click\\](http://evil.example)");
  });

  it("plan.md shows --vary paths and values, seeds and the reason as text", () => {
    const md = renderPlanMarkdown(hostilePlan(MARKUP));
    expectInertMarkdown(md);
    expect(md).toContain("&lt;svg onload=");
  });

  it("compare.md shows labels, scenarios, seeds and hashes as text", () => {
    expectInertMarkdown(renderComparisonMarkdown(comparison(MARKUP)));
  });
});

describe("terminal-control characters in hostile inputs", () => {
  const report = poisoned(benign, ESCAPES);

  it("the terminal summary shows them as visible escapes", () => {
    const text = renderTerminalSummary(report);
    expectNoControls(text);
    expect(text).toContain("\\u001b]8;;http://evil.example\\u0007click");
    expect(text).toContain("\\u001b[2J\\u009b31m\\u202e\\u000d\\u000aforged line");
  });

  it("summary.md, plan.md and compare.md show them as visible escapes", () => {
    for (const md of [
      renderMarkdown(report, { charts: true }),
      renderPlanMarkdown(hostilePlan(ESCAPES)),
      renderComparisonMarkdown(comparison(ESCAPES)),
    ]) {
      expectNoControls(md);
      expect(md).toContain("\\u001b\\]8;;http://evil.example\\u0007click");
    }
  });

  it("timeseries.csv has none in its headers or cells (line breaks stay inside quoted fields)", () => {
    const csv = renderTimeseriesCsv(report);
    expectNoControls(csv, /\r\n(?=(?:[^"]*"[^"]*")*[^"]*$)/);
    expect(csv.split("\r\n")[0]).toContain(`"served:aoai-ptu-eastus/gpt41-ptu\\u001b]8;;`);
  });
});
