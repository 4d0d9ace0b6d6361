/**
 * `spillway catalog [MODEL] [--json]`: what Spillway knows, with sources and dates. Without a model, every model's
 * PTU figures, prices per SKU and default quotas; with one, every figure with its source tags and the pages behind
 * them; `--json` the same as JSON; an unknown model is exit 2 with the nearest name.
 */
import { describe, expect, it } from "vitest";
import { SOURCE_PAGES } from "../../src/catalog/fact-sources.js";
import { MODELS } from "../../src/catalog/models.js";
import type { CatalogJson } from "../../src/cli/catalog-command.js";
import { cli } from "./run-cli.js";

/** The cells of the line of a text table that starts with `first`. */
function row(stdout: string, first: string): string[] {
  const line = stdout.split("\n").find((l) => l.trim().split(/ {2,}/)[0] === first);
  if (line === undefined) throw new Error(`no row ${first}`);
  return line.trim().split(/ {2,}/);
}

describe("spillway catalog", () => {
  it("lists every model with its PTU figures, prices per SKU and default quotas", async () => {
    const { code, stdout, stderr } = await cli(["catalog"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    for (const name of Object.keys(MODELS)) expect(stdout).toContain(`  ${name} `);
    // gpt-4.1 [S3]: 3,000 input TPM per PTU, output weight 4, 15/5 global and data zone, 50/50 regional, 80 tok/s,
    // 128K prompts on PTU [S2].
    expect(row(stdout, "gpt-4.1").slice(0, 8)).toEqual([
      "gpt-4.1",
      "3,000",
      "4",
      "15 / 5",
      "15 / 5",
      "50 / 50",
      "80",
      "128,000",
    ]);
    // Prices: its own PTU prices; token prices per 1M; the Batch price half the standard one.
    expect(stdout).toMatch(
      /gpt-4\.1 +1\.00\/h +1\.10\/h +2\.00\/h +2\.00\/0\.50\/8\.00 +2\.20\/0\.55\/8\.80 +2\.20\/0\.55\/8\.80 +1\.00\/0\.25\/4\.00/,
    );
  });

  it("shows the list price's figure where a model has no PTU price of its own, and — where it has no price", async () => {
    const { stdout } = await cli(["catalog"]);
    const prices = stdout.slice(stdout.indexOf("Prices, USD"));
    // gpt-5.2: PTUs at the SKU's list price, the same figures as the models that quote their own; no Standard meter.
    expect(row(prices, "gpt-5.2").slice(1, 7)).toEqual([
      "1.00/h (list)",
      "1.10/h (list)",
      "2.00/h (list)",
      "1.75/0.175/14.00",
      "1.925/0.1925/15.40",
      "—",
    ]);
    expect(row(prices, "o1").slice(1, 4)).toEqual(["1.00/h (list)", "1.10/h (list)", "2.00/h (list)"]);
  });

  it("shows a published default quota on a SKU the model has no token price for", async () => {
    // gpt-5.1 has a regional Standard row in the tier-1 table [S80], though no regional Standard meter.
    const { stdout } = await cli(["catalog"]);
    const quotas = stdout.slice(stdout.indexOf("Default quota"));
    const header = row(quotas, "model");
    expect(row(quotas, "gpt-5.1")[header.indexOf("Standard")]).toBe("300,000");
    expect(row(quotas, "gpt-4.1")[header.indexOf("Standard")]).toBe("—");
    const one = (await cli(["catalog", "gpt-5.1"])).stdout;
    expect(one).toMatch(/default standard quota +Standard +300,000 +TPM +S80, S81/);
  });

  it("lists every figure of a model with its source tags, pages and dates", async () => {
    const { code, stdout } = await cli(["catalog", "gpt-4.1"]);
    expect(code).toBe(0);
    expect(row(stdout, "input TPM per PTU")).toEqual([
      "input TPM per PTU",
      "3,000",
      "input tokens per minute",
      "S3",
    ]);
    expect(row(stdout, "PTU latency target").slice(0, 4)).toEqual([
      "PTU latency target",
      "80",
      "output tokens/s",
      "S3, S2b",
    ]);
    expect(stdout).toMatch(/default standard quota +GlobalStandard +1,000,000 +TPM +S80, S81/);
    // Each tag cited, with its page and the date read.
    expect(stdout).toContain(
      `[S3] ${SOURCE_PAGES.S3.title}. ${SOURCE_PAGES.S3.where} (${SOURCE_PAGES.S3.date};`,
    );
    expect(stdout).toContain("[S80] ");
    expect(stdout).toContain("ms.date 2026-08-20, commit 08408ff");
  });

  it("prints the same as JSON that parses, keeps the catalog's figures and round-trips", async () => {
    const { code, stdout } = await cli(["catalog", "gpt-5.2", "--json"]);
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as CatalogJson;
    expect(`${JSON.stringify(parsed, null, 2)}\n`).toBe(stdout);
    expect(parsed.models.map((m) => m.name)).toEqual(["gpt-5.2"]);
    const facts = parsed.models[0].facts;
    const fact = (field: string, sku: string | null = null) =>
      facts.find((f) => f.field === field && f.sku === sku);
    expect(fact("ptuInputTpm")).toMatchObject({
      value: MODELS["gpt-5.2"].ptuInputTpm,
      label: "input TPM per PTU",
    });
    expect(fact("ptuInputTpm")?.sources).toContain("S3");
    expect(fact("ptuSizing", "ProvisionedManaged")?.value).toEqual({ minimum: 50, increment: 50 });
    expect(fact("quota", "GlobalStandard")).toMatchObject({
      kind: "standardQuota",
      value: 1_000_000,
      unit: "TPM",
    });
    // Every tag a figure cites has its page in `sources`.
    for (const f of facts) for (const tag of f.sources) expect(parsed.sources[tag]?.date, tag).toBeTruthy();
    expect(Object.keys(facts[0]).sort()).toEqual([
      "field",
      "kind",
      "label",
      "note",
      "sku",
      "sources",
      "unit",
      "value",
    ]);
  });

  it("prints every model as JSON without a model", async () => {
    const parsed = JSON.parse((await cli(["catalog", "--json"])).stdout) as CatalogJson;
    expect(parsed.models.map((m) => m.name)).toEqual(Object.keys(MODELS));
  });

  it("exits 2 on an unknown model, with the nearest name", async () => {
    for (const [typed, meant] of [
      ["GPT-4.1", "gpt-4.1"],
      ["gpt-4.2", "gpt-4.1"],
    ]) {
      const { code, stdout, stderr } = await cli(["catalog", typed]);
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toContain(`unknown model "${typed}"; did you mean "${meant}"?`);
    }
    const { code, stderr } = await cli(["catalog", "llama", "--json"]);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown model "llama" (the catalog has: gpt-4o,');
  });
});
