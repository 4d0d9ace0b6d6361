/**
 * The view model: the human report as data that summary.md, the terminal and report.html's page all render. Its
 * tables must be whole (a cell per column), formatted (the page formats nothing), raw (each renderer escapes for its
 * own format) and plain JSON (the page receives it as a JSON block).
 */
import { describe, expect, it } from "vitest";
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
      "headline charts deployments gateways outages cost billing slo warnings",
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
    const [deployments] = tables(reportView(hostile).sections[2].blocks);
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
    const view = reportView(report);
    const empty = Object.fromEntries(view.sections.filter((s) => s.empty).map((s) => [s.id, s.empty]));
    expect(empty).toEqual({
      gateways: "No gateway: every workload calls its deployments directly.",
      outages: "No outage in this scenario.",
      slo: "The scenario states no SLO.",
      warnings: "None.",
    });
    for (const s of view.sections.filter((x) => x.empty)) expect(s.blocks).toEqual([]);
  });
});
