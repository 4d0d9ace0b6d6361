/**
 * report.html in a real browser: Debian's Chromium, driven by playwright-core. Skipped where /usr/bin/chromium is
 * missing; .ci/run installs it, so CI always runs it. Set SPILLWAY_SCREENSHOTS=dir to also save wide and phone shots.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chartDefinitions } from "../../src/report/charts.js";
import { renderHtml } from "../../src/report/html.js";
import type { Report } from "../../src/report/report-types.js";
import { type Cell, reportView } from "../../src/report/view-model.js";
import { runScenario } from "../../src/run/run-scenario.js";
import { loadScenario } from "../../src/scenario/load.js";
import { MARKUP, manyDeployments, poisoned } from "./hostile-fixtures.js";
import { htmlAssets } from "./page-script.js";

const CHROMIUM = "/usr/bin/chromium";
const HOSTILE = `<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2">`;

// Every section has something to show: a gateway, a spillover pool, an outage, a passing and a failing SLO.
const SCENARIO = `
name: html-in-a-browser
description: '${HOSTILE}'
seed: 11
duration: 20m
accounts:
  - name: ptu-eastus
    region: eastus
    deployments:
      - { name: gpt41-ptu, model: gpt-4.1, sku: GlobalProvisionedManaged, capacity: 100 }
  - name: paygo-eastus
    region: eastus
    deployments:
      - { name: gpt41-paygo, model: gpt-4.1, sku: GlobalStandard, capacity: 600 }
gateways:
  - name: apim
    tier: Standard
    units: 1
    regions: [eastus]
    backends:
      - { deployment: ptu-eastus/gpt41-ptu, priority: 1 }
      - { deployment: paygo-eastus/gpt41-paygo, priority: 2 }
    circuitBreaker:
      failureCondition: { count: 1, interval: PT1M, statusCodeRanges: [{ min: 429, max: 429 }, { min: 500, max: 599 }] }
      tripDuration: PT1M
      acceptRetryAfter: true
    retry: { count: 2, interval: 0, firstFastRetry: true, on: [429, 500, 503] }
outages:
  - { deployment: paygo-eastus/gpt41-paygo, start: 5m, duration: 5m, errorRate: 0.5, status: 500 }
traffic:
  - name: chat
    region: eastus
    via: apim
    arrival: { type: poisson, rate: 5/s }
    promptTokens: { type: lognormal, median: 1500, p95: 4000 }
    completionTokens: { type: lognormal, median: 200, p95: 600 }
    maxTokens: 800
slo:
  - "throttle.client.rate < 0.5"
  - "latency.e2e.p95 < 1"
`;

const hasChromium = existsSync(CHROMIUM);

// Skipping is for machines without Chromium; CI installs it (.ci/run), so there a missing browser is a failure.
it.runIf(["true", "1"].includes(process.env.CI ?? ""))("has Chromium in CI", () => {
  expect(hasChromium, `${CHROMIUM} is missing: .ci/run should have installed it`).toBe(true);
});

describe.skipIf(!hasChromium)("report.html in Chromium", () => {
  let browser: Browser;
  let dir: string;
  let file: string;
  let report: Report;

  beforeAll(async () => {
    report = runScenario(loadScenario(SCENARIO, "browser.yaml")).report;
    // Warnings are user-visible text too: one that looks like markup.
    report.warnings.push({ code: "legacy", message: `<b onmouseover="window.__pwned=3">not bold</b>` });
    dir = mkdtempSync(join(tmpdir(), "spillway-html-"));
    file = join(dir, "report.html");
    writeFileSync(file, renderHtml(report, htmlAssets));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("draws every chart, fetches nothing, runs no injected script and shows the description as text", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const url = pathToFileURL(file).href;
    const requests: string[] = [];
    const errors: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
    await page.goto(url, { waitUntil: "load" });

    const names = chartDefinitions(report).map((c) => c.name);
    const state = await page.evaluate((chartNames) => {
      type ChartLike = { data: { datasets: { data: unknown[] }[] } };
      const Chart = (
        window as unknown as { Chart: { getChart(c: HTMLCanvasElement): ChartLike | undefined } }
      ).Chart;
      const charts = chartNames.map((name) => {
        const canvas = document.querySelector<HTMLCanvasElement>(`#chart-${name} canvas`);
        if (!canvas) return { name, found: false, painted: false, points: 0, label: "", height: 0 };
        const blank = document.createElement("canvas");
        blank.width = canvas.width;
        blank.height = canvas.height;
        const chart = Chart.getChart(canvas);
        return {
          name,
          found: true,
          painted: canvas.width > 0 && canvas.toDataURL() !== blank.toDataURL(),
          points: chart ? chart.data.datasets.reduce((n, d) => n + d.data.length, 0) : 0,
          label: canvas.getAttribute("aria-label") ?? "",
          height: canvas.getBoundingClientRect().height,
          caption: canvas.closest("figure")?.querySelector("figcaption")?.textContent ?? "",
          closedAncestor: canvas.closest("details:not([open])") !== null,
        };
      });
      return {
        charts,
        pwned: (window as unknown as { __pwned?: unknown }).__pwned,
        images: document.images.length,
        scripts: document.scripts.length,
        bold: document.querySelectorAll("b").length,
        sections: [...document.querySelectorAll("main section")].map((s) => s.id),
      };
    }, names);

    for (const c of state.charts) {
      expect(c, c.name).toMatchObject({ found: true, painted: true, closedAncestor: false });
      expect(c.points, c.name).toBeGreaterThan(0);
      expect(c.height, c.name).toBeGreaterThan(200);
      expect(c.label, c.name).not.toBe("");
      expect(c.caption, c.name).toContain(chartDefinitions(report).find((d) => d.name === c.name)?.title);
    }
    expect(state.sections).toEqual([
      "headline",
      "latency",
      "workloads",
      "charts",
      "deployments",
      "gateways",
      "outages",
      "cost",
      "slo",
      "warnings",
      "assumptions",
    ]);
    expect(state.pwned).toBeUndefined();
    expect(state.images).toBe(0);
    expect(state.bold).toBe(0);
    // The three JSON blocks, Chart.js and the page script: nothing the description smuggled in.
    expect(state.scripts).toBe(5);

    const description = page.locator("header .description");
    await expect.poll(() => description.isVisible()).toBe(true);
    expect(await description.textContent()).toBe(HOSTILE);
    const last = report.warnings.at(-1);
    expect(await page.locator(".warnings li").last().textContent()).toBe(`${last?.code} ${last?.message}`);
    expect(await page.locator("#slo .badge.fail").count()).toBe(1);

    // A fallback table holds the chart's numbers once opened.
    await page.locator("#chart-traffic summary").click();
    // The toggle event that builds it is queued as a task: poll.
    const rows = page.locator("#chart-traffic details tbody tr");
    await expect.poll(() => rows.count()).toBe(report.timeseries.t.length);
    expect(await rows.first().locator("td").first().textContent()).toBe(
      String(report.timeseries.arrivals[0]),
    );

    // Dark mode: Chart.js takes its text colour from the page's CSS (redrawn on the media-change event).
    await page.emulateMedia({ colorScheme: "dark" });
    const chartInk = () =>
      page.evaluate(
        () => (window as unknown as { Chart: { defaults: { color: string } } }).Chart.defaults.color,
      );
    await expect.poll(chartInk).toBe("#e6edf3");

    const shots = process.env.SPILLWAY_SCREENSHOTS;
    if (shots) {
      writeFileSync(join(shots, "report.html"), renderHtml(report, htmlAssets));
      await page.emulateMedia({ colorScheme: "light" });
      await page.screenshot({ path: join(shots, "report-wide.png"), fullPage: true });
      await page.emulateMedia({ colorScheme: "dark" });
      await page.screenshot({ path: join(shots, "report-dark.png"), fullPage: true });
      const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
      const phonePage = await phone.newPage();
      phonePage.on("request", (r) => requests.push(r.url()));
      await phonePage.goto(url, { waitUntil: "load" });
      await phonePage.screenshot({ path: join(shots, "report-phone.png"), fullPage: true });
      await phone.close();
    }

    expect(errors).toEqual([]);
    expect(requests.filter((u) => u !== url)).toEqual([]);
    expect(requests).toContain(url);
    await context.close();
  });

  it("shows every table of the view model cell for cell, and the billing options inside the cost section", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const tab = await context.newPage();
    await tab.goto(pathToFileURL(file).href, { waitUntil: "load" });
    const shown = await tab.evaluate(() =>
      [...document.querySelectorAll("main table")]
        .filter((t) => t.closest("details") === null)
        .map((t) => ({
          section: t.closest("section")?.id,
          caption: t.querySelector("caption")?.textContent,
          columns: [...t.querySelectorAll("thead th")].map((th) => th.textContent),
          rows: [...t.querySelectorAll("tbody tr")].map((tr) => [...tr.children].map((c) => c.textContent)),
        })),
    );
    // What the page should show: the view model's tables but those kept for summary.md, as text.
    const text = (c: Cell) =>
      typeof c === "string" ? c : [c.text].flat().join("") + (c.sub === undefined ? "" : c.sub);
    const expected = reportView(report).sections.flatMap((s, i, all) => {
      const section = s.nested ? all[i - 1].id : s.id;
      return s.blocks.flatMap((b) => {
        if (b.kind !== "table" || b.only === "summary") return [];
        const keep = b.columns.map((c) => c.only !== "summary");
        return [
          {
            section,
            caption: b.caption,
            columns: b.columns.filter((_, j) => keep[j]).map((c) => c.label),
            rows: b.rows.map((row) => row.filter((_, j) => keep[j]).map(text)),
          },
        ];
      });
    });
    expect(expected.map((t) => t.caption)).toContain("Billing options of ptu-eastus/gpt41-ptu (USD)");
    expect(shown).toEqual(expected);
    await context.close();
  });

  it("runs nothing a hostile report.json carries, even past a missed escape, and still draws its charts", async () => {
    // Every string, key and the seed of the report carry markup that would run script (see hostile-fixtures.ts).
    const page = renderHtml(poisoned(report, MARKUP), htmlAssets);
    // A missed escape, simulated: the same markup raw in the page. Only the CSP stands between it and the browser.
    const missed = page.replace('<main id="report">', `<main id="report">${MARKUP}`);
    expect(missed).not.toBe(page);
    const names = chartDefinitions(report).map((c) => c.name);
    for (const [variant, html] of [
      ["escaped", page],
      ["missed escape", missed],
    ] as const) {
      const path = join(dir, `hostile-${variant.replace(/ /g, "-")}.html`);
      writeFileSync(path, html);
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const tab = await context.newPage();
      const dialogs: string[] = [];
      const errors: string[] = [];
      tab.on("dialog", (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      tab.on("console", (m) => {
        if (m.type() === "error" || m.type() === "warning") errors.push(m.text());
      });
      tab.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
      await tab.goto(pathToFileURL(path).href, { waitUntil: "load" });
      const state = await tab.evaluate((chartNames) => {
        const painted = chartNames.filter((name) => {
          const canvas = document.querySelector<HTMLCanvasElement>(`#chart-${name} canvas`);
          if (!canvas || canvas.width === 0) return false;
          const blank = document.createElement("canvas");
          blank.width = canvas.width;
          blank.height = canvas.height;
          return canvas.toDataURL() !== blank.toDataURL();
        });
        return {
          painted,
          pwned: (window as unknown as { __pwned?: unknown }).__pwned,
          sections: document.querySelectorAll("main section").length,
        };
      }, names);
      expect(dialogs, variant).toEqual([]);
      expect(state.pwned, variant).toBeUndefined();
      // The page's own script still ran under the hashed policy: every section built, every chart drawn.
      expect(state.sections, variant).toBe(11);
      expect(state.painted, variant).toEqual(names);
      if (variant === "escaped") expect(errors).toEqual([]);
      else {
        // The browser refused the injected script and handlers, and said so.
        expect(errors.length).toBeGreaterThan(0);
        for (const e of errors) expect(e).toMatch(/Content Security Policy/);
      }
      await context.close();
    }
  });

  it("folds per-deployment tables of many rows until opened, so a big report opens at once", async () => {
    const many = manyDeployments(600);
    const path = join(dir, "many.html");
    writeFileSync(path, renderHtml(many, htmlAssets));
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const tab = await context.newPage();
    const errors: string[] = [];
    tab.on("pageerror", (e) => errors.push(e.message));
    await tab.goto(pathToFileURL(path).href, { waitUntil: "load" });
    // Built at load: the charts and the small tables. Folded: the three tables and the billing options of 600 rows.
    expect(await tab.locator("main tbody tr").count()).toBeLessThan(100);
    const folded = tab.locator("#deployments details, #cost > details");
    expect(await folded.locator("> summary").allTextContents()).toEqual([
      "Deployments: 600 rows",
      "Tokens served: 600 rows",
      "Cost by deployment: 600 rows",
      "Billing options: 3,000 rows",
    ]);
    await tab.locator("#deployments details").first().locator("summary").click();
    const rows = tab.locator("#deployments details tbody tr");
    await expect.poll(() => rows.count()).toBe(600);
    expect(await rows.first().locator("th").textContent()).toBe("account-0/deployment");
    expect(errors).toEqual([]);
    await context.close();
  });
});
