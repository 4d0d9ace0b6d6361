/**
 * The view model: the human report as data that summary.md, the terminal and report.html's page all render. Its
 * tables must be whole (a cell per column), formatted (the page formats nothing), raw (each renderer escapes for its
 * own format) and plain JSON (the page receives it as a JSON block).
 */
import { describe, expect, it } from "vitest";
import { KNOBS } from "../../src/catalog/assumptions.js";
import { millis } from "../../src/report/format.js";
import type { Report } from "../../src/report/report-types.js";
import { type Block, type Cell, FOLD_ROWS, reportView, type ViewTable } from "../../src/report/view-model.js";
import { goldenReport, MARKUP, manyDeployments, poisoned } from "./hostile-fixtures.js";

/** Every table of a list of blocks, folded ones included. */
function tables(blocks: Block[]): ViewTable[] {
  return blocks.flatMap((b) => (b.kind === "table" ? [b] : b.kind === "fold" ? tables(b.blocks) : []));
}

const allTables = (report: Report) => reportView(report).sections.flatMap((s) => tables(s.blocks));

describe("the view model", () => {
  it("has every section, in page order, and the billing options inside cost on the page", () => {
    const report = goldenReport("multi-region-apim");
    const view = reportView(report);
    expect(view.sections.map((s) => s.id).join(" ")).toBe(
      "headline latency workloads charts deployments gateways outages cost billing slo warnings assumptions",
    );
    expect(view.sections.filter((s) => s.nested).map((s) => s.id)).toEqual(["billing"]);
    expect(view.title).toBe("multi-region-apim");
    expect(view.meta.at(-1)).toEqual({
      code: report.scenario.hash.slice(0, 12),
      title: "sha256 of the validated scenario",
    });
  });

  it("gives each table a cell per column, aligned, with keys and row classes per row", () => {
    for (const name of ["multi-region-apim", "dr-premium-two-regions", "trace-replay"]) {
      for (const t of allTables(goldenReport(name))) {
        expect(t.columns.length, t.caption).toBeGreaterThan(0);
        for (const row of t.rows) expect(row, t.caption).toHaveLength(t.columns.length);
        for (const c of t.columns) expect(["left", "right"]).toContain(c.align);
        if (t.keys) expect(t.keys).toHaveLength(t.rows.length);
        if (t.rowClasses) expect(t.rowClasses).toHaveLength(t.rows.length);
      }
    }
  });

  it("formats every number, even where report.json holds a string instead", () => {
    const mistyped = structuredClone(goldenReport("multi-region-apim")) as unknown as Record<string, never>;
    (mistyped.requests as Record<string, unknown>).arrived = "12";
    (mistyped.cost as Record<string, Record<string, unknown>>).monthly.total = MARKUP;
    for (const report of [goldenReport("multi-region-apim"), mistyped as unknown as Report]) {
      const text = (v: unknown) =>
        typeof v === "string" || (Array.isArray(v) && v.every((x) => typeof x === "string"));
      const formatted = (c: Cell) =>
        typeof c === "string" || (text(c.text) && (c.sub === undefined || typeof c.sub === "string"));
      for (const t of allTables(report)) expect(t.rows.flat().every(formatted), t.caption).toBe(true);
    }
    const headline = reportView(mistyped as unknown as Report).sections[0];
    const cards = headline.blocks.find((b) => b.kind === "cards");
    expect(cards?.kind === "cards" && cards.cards.find((c) => c.key === "cost")?.value).toBe("$NaN");
  });

  it("keeps text from report.json raw: escaping is each renderer's", () => {
    const hostile = poisoned(goldenReport("multi-region-apim"), MARKUP);
    const section = reportView(hostile).sections.find((s) => s.id === "deployments");
    const [deployments] = tables(section?.blocks ?? []);
    expect(deployments.rows[0][0]).toBe(`aoai-ptu-eastus/gpt41-ptu${MARKUP}`);
  });

  it("is plain JSON: what the page parses is what the renderers read", () => {
    for (const report of [goldenReport("smart-lb-vs-backend-pool"), manyDeployments(FOLD_ROWS + 1)]) {
      const view = reportView(report);
      expect(JSON.parse(JSON.stringify(view))).toEqual(view);
    }
  });

  it("folds the per-deployment tables above FOLD_ROWS rows, and the billing options above FOLD_ROWS / 5", () => {
    const folds = (report: Report) =>
      reportView(report)
        .sections.flatMap((s) => s.blocks)
        .filter((b) => b.kind === "fold")
        .map((b) => b.summary);
    expect(folds(manyDeployments(FOLD_ROWS / 5))).toEqual([]);
    expect(folds(manyDeployments(FOLD_ROWS / 5 + 1))).toEqual(["Billing options: 505 rows"]);
    expect(folds(manyDeployments(FOLD_ROWS))).toEqual(["Billing options: 2,500 rows"]);
    expect(folds(manyDeployments(FOLD_ROWS + 1))).toEqual([
      "Deployments: 501 rows",
      "Tokens served: 501 rows",
      "Cost by deployment: 501 rows",
      "Billing options: 2,505 rows",
    ]);
  });

  it("says why a section is empty instead of showing it", () => {
    const report = goldenReport("ptu-only");
    report.slo = [];
    report.warnings = [];
    report.assumptions = [];
    const view = reportView(report);
    const empty = Object.fromEntries(view.sections.filter((s) => s.empty).map((s) => [s.id, s.empty]));
    expect(empty).toEqual({
      gateways: "No gateway: every workload calls its deployments directly.",
      outages: "No outage in this scenario.",
      slo: "The scenario states no SLO.",
      warnings: "None.",
      assumptions: "The run used no undocumented behaviour (no assumption applies).",
    });
    for (const s of view.sections.filter((x) => x.empty)) expect(s.blocks).toEqual([]);
  });

  it("lists each assumption the run used: its value in its unit, whether it is the default, what it changes", () => {
    const report = goldenReport("multi-region-apim");
    const section = reportView(report).sections.find((s) => s.id === "assumptions");
    const [t] = tables(section?.blocks ?? []);
    expect(t.columns.map((c) => [c.label, c.only ?? "everywhere"])).toEqual([
      ["assumption", "everywhere"],
      ["value", "everywhere"],
      ["source of the value", "everywhere"],
      ["used by", "page"],
      ["what it changes", "everywhere"],
    ]);
    expect(t.rows).toHaveLength(report.assumptions.length);
    const row = (name: string) => t.rows.find((r) => typeof r[0] === "object" && r[0].text === name);
    expect(row("provisioned.bucket.window")).toEqual([
      { text: "provisioned.bucket.window", code: true },
      "60 s",
      "default",
      { text: ["aoai-ptu-eastus/gpt41-ptu"] },
      KNOBS.find((k) => k.name === "provisioned.bucket.window")?.changes,
    ]);
    expect(row("gateway.overhead")?.slice(1, 3)).toEqual(["5.0 ms", "default"]);
    expect(row("standard.limiter.window")?.[1]).toBe("sliding");
    // A knob of a newer Spillway: its value as written, nothing invented about it.
    report.assumptions = [{ ...report.assumptions[0], name: "future.knob", value: 0.25, isDefault: false }];
    const [future] = tables(reportView(report).sections.find((s) => s.id === "assumptions")?.blocks ?? []);
    expect(future.rows[0].slice(1, 3)).toEqual(["0.25", "set by the scenario"]);
    expect(future.rows[0][4]).toBe("");
  });

  it("shows the latency of every request beside the success-only one, and leaves it out of older reports", () => {
    const report = goldenReport("smart-lb-vs-backend-pool");
    const latency = () =>
      tables(reportView(report).sections.find((s) => s.id === "latency")?.blocks ?? [])[0];
    expect(latency().keys).toEqual(["e2e", "e2eAll", "ttft"]);
    const all = report.latency.e2eAll;
    expect(latency().rows[1]).toEqual([
      "end to end, every request: failures at their time to failure (latency.e2eAll)",
      ...[all?.mean, all?.p50, all?.p90, all?.p95, all?.p99, all?.max].map((v) => millis(v ?? Number.NaN)),
    ]);
    delete report.latency.e2eAll;
    expect(latency().keys).toEqual(["e2e", "ttft"]);
  });

  it("gives each warning its code and message, raw", () => {
    const report = goldenReport("ptu-only");
    report.warnings = [{ code: "overload", message: MARKUP }];
    const section = reportView(report).sections.find((s) => s.id === "warnings");
    expect(section?.blocks).toEqual([{ kind: "warnings", items: [{ code: "overload", message: MARKUP }] }]);
  });
});
