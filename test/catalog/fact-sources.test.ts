/**
 * Every figure the catalog holds about a model has a citation that a reviewer can follow: source tags that
 * `spillway catalog` can print with their page and date, each listed in docs/sources.md with the same date. The
 * figures are read generically, so a model, field or SKU added later is covered, or fails here until it is cited.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  MODEL_FACT_CITATIONS,
  MODEL_FACT_KINDS,
  modelFactList,
  offeredSkus,
  SOURCE_PAGES,
} from "../../src/catalog/fact-sources.js";
import { PTU_LIST_PRICES } from "../../src/catalog/list-prices.js";
import { MODELS } from "../../src/catalog/models.js";
import { GPT5_MODELS } from "../../src/catalog/models-gpt5.js";

/** The date cell of each tag's row in docs/sources.md. */
function sourceRows(): Map<string, string> {
  const markdown = readFileSync(join(import.meta.dirname, "../../docs/sources.md"), "utf8");
  const rows = new Map<string, string>();
  for (const line of markdown.split("\n")) {
    const row = /^\|\s*\[([^\]]+)\]\s*\|(.*)\|\s*$/.exec(line);
    if (row !== null) rows.set(row[1], row[2].split("|")[1]?.trim() ?? "");
  }
  return rows;
}

/** A tag of docs/sources.md (the named sources, "model card", have their rows in the by-name table). */
const TAG = /^(?:S\d+[a-z]?|MS(?:-[a-z0-9]+)?|3P(?:-[a-z])?)$/;

describe("model fact citations", () => {
  for (const [name, facts] of Object.entries(MODELS)) {
    it(`${name}: every figure has a kind and a citation whose sources are known`, () => {
      const list = modelFactList(name, facts);
      expect(list.length).toBeGreaterThan(0);
      for (const fact of list) {
        const where = `${name} ${fact.field}${fact.sku === null ? "" : ` ${fact.sku}`}`;
        expect(fact.kind, `${where} has no kind: add it to MODEL_FIELD_KINDS`).not.toBeNull();
        expect(fact.citation, `${where} has no citation`).not.toBeNull();
        expect(fact.citation?.tags.length, `${where} cites nothing`).toBeGreaterThan(0);
        for (const tag of fact.citation?.tags ?? []) {
          expect(Object.hasOwn(SOURCE_PAGES, tag), `${where} cites ${tag}, which SOURCE_PAGES lacks`).toBe(
            true,
          );
        }
      }
      // Every field of the entry is listed: none is dropped on the way.
      const fields = new Set(list.map((f) => f.field));
      for (const field of Object.keys(facts)) {
        if (field !== "sources") expect(fields.has(field), field).toBe(true);
      }
    });
  }

  it("gives every kind of figure a shared citation", () => {
    expect(Object.keys(MODEL_FACT_CITATIONS).sort()).toEqual(Object.keys(MODEL_FACT_KINDS).sort());
  });

  it("cites the GPT-5 family's own sources for every model of it, with no code per model", () => {
    for (const name of Object.keys(GPT5_MODELS)) {
      const context = modelFactList(name, MODELS[name]).find((f) => f.field === "contextWindow");
      expect(context?.citation?.tags).toEqual(["S51"]);
    }
  });

  it("reports a field it does not know without a kind, so the test above fails for it", () => {
    const facts = { ...MODELS["gpt-4.1"], ptuFutureFigure: 7 };
    const fact = modelFactList("gpt-4.1", facts).find((f) => f.field === "ptuFutureFigure");
    expect(fact).toMatchObject({ kind: null, citation: null, value: 7 });
  });
});

describe("source pages", () => {
  it("are rows of docs/sources.md with the same date", () => {
    const rows = sourceRows();
    for (const [tag, page] of Object.entries(SOURCE_PAGES)) {
      if (!TAG.test(tag)) continue;
      expect(rows.has(tag), `${tag} has no row in docs/sources.md`).toBe(true);
      expect(rows.get(tag)?.startsWith(page.date), `${tag}: "${page.date}" vs "${rows.get(tag)}"`).toBe(true);
    }
  });
});

describe("figures read generically", () => {
  it("lists a standard-only model without PTU figures, PTU prices or PTU quota", () => {
    const facts = { ...MODELS["gpt-4.1"], ptuSizing: {} };
    expect(offeredSkus(facts)).not.toContain("GlobalProvisionedManaged");
    const list = modelFactList("gpt-4.1", facts);
    expect(list.find((f) => f.field === "ptuInputTpm")?.value).toBeNull();
    expect(list.filter((f) => f.kind === "ptuPrices" || f.kind === "ptuQuota")).toEqual([]);
  });

  it("shows the SKU's list PTU price for a model without its own, and half the standard price for Batch", () => {
    const list = modelFactList("gpt-5.2", MODELS["gpt-5.2"]);
    const price = (sku: string) => list.find((f) => f.field === "prices" && f.sku === sku)?.value;
    expect(price("GlobalProvisionedManaged")).toEqual(PTU_LIST_PRICES.GlobalProvisionedManaged);
    expect(price("GlobalBatch")).toEqual({ input: 0.875, cachedInput: 0.0875, output: 7 });
    // No regional meter for the family: no price, shown as none.
    expect(price("Standard")).toBeNull();
  });

  it("lists every published default quota, on an offered SKU or not", () => {
    const quota = (model: string) =>
      modelFactList(model, MODELS[model])
        .filter((f) => f.field === "quota")
        .map((f) => [f.sku, f.value]);
    // gpt-5.1: no regional Standard price, a regional Standard quota in the tier-1 table [S80].
    expect(quota("gpt-5.1")).toContainEqual(["Standard", 300_000]);
    // An offered SKU without a published quota still shows as none; an unoffered one without a quota not at all.
    expect(quota("gpt-5.2")).toContainEqual(["GlobalBatch", null]);
    expect(quota("gpt-5.2").map(([sku]) => sku)).not.toContain("Standard");
  });
});
