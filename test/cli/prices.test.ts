/**
 * `spillway prices import FILE`: a saved Azure Retail Prices API response becomes a `models:` price block. The sample
 * (test/fixtures/prices/retail-prices-sample.json) is two pages saved one after the other, API-shaped rows whose
 * meter names, prices, units and dates are Azure's as of 2026-07-31 ([S71]): gpt-4.1, gpt-4o-mini and gpt-5.2 token
 * meters, PTU-hour meters, and Batch, Priority, fine-tuning and virtual-machine rows that must be left out.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { readMeterName } from "../../src/cli/prices-command.js";
import { run } from "../helpers.js";
import { cli } from "./run-cli.js";

const SAMPLE = join(import.meta.dirname, "../fixtures/prices/retail-prices-sample.json");
/** A parsed price block. */
type Block = { models: Record<string, { prices: Record<string, Record<string, number>> }> };

const tmp = () => mkdtempSync(join(tmpdir(), "spillway-prices-"));

/** One API-shaped row; `over` replaces or (undefined) removes fields. */
function row(over: Record<string, unknown> = {}): Record<string, unknown> {
  const base: Record<string, unknown> = {
    currencyCode: "USD",
    retailPrice: 0.002,
    armRegionName: "eastus2",
    effectiveStartDate: "2025-04-01T00:00:00Z",
    meterName: "gpt 4.1 Inp glbl Tokens",
    productName: "Azure OpenAI",
    skuName: "gpt 4.1 Inp glbl",
    unitOfMeasure: "1K",
    type: "Consumption",
  };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) delete base[k];
    else base[k] = v;
  }
  return base;
}

const page = (items: unknown[], next: string | null = null) => ({
  Items: items,
  NextPageLink: next,
  Count: items.length,
});

function saved(content: unknown): string {
  const file = join(tmp(), "prices.json");
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

describe("reading meter names", () => {
  it("reads model, SKU and kind from both naming generations, and leaves out what no standard SKU prices", () => {
    const cases: [string, Record<string, string>][] = [
      [
        "gpt 4.1 cached Inp glbl Tokens",
        { kind: "token", model: "gpt-4.1", sku: "GlobalStandard", field: "cachedInput" },
      ],
      ["gpt 4.1 Outp Data Zone Tokens", { model: "gpt-4.1", sku: "DataZoneStandard", field: "output" }],
      ["gpt 4o 1120 Inp regnl Tokens", { model: "gpt-4o", sku: "Standard", field: "input" }],
      ["gpt-4o-mini-0718-Outp-glbl Tokens", { model: "gpt-4o-mini", sku: "GlobalStandard", field: "output" }],
      ["GPT 5.2 cd inp Dz 1M Tokens", { model: "gpt-5.2", sku: "DataZoneStandard", field: "cachedInput" }],
      ["o4-mini 0416 Inp glbl Tokens", { model: "o4-mini", field: "input" }],
      ["Provisioned Managed Data Zone Unit", { kind: "ptu", sku: "DataZoneProvisionedManaged" }],
      ["gpt 4.1 Batch Inp glbl Tokens", { kind: "skip", why: "Batch" }],
      ["5.2 pp inp Gl 1M Tokens", { kind: "skip", why: "Priority processing" }],
      ["gpt-4.1-ft input global Tokens", { kind: "skip", why: "fine-tuning" }],
      ["Provisioned Throughput Units", { kind: "skip" }],
    ];
    for (const [name, reading] of cases) expect(readMeterName(name), name).toMatchObject(reading);
  });
});

describe("spillway prices import", () => {
  it("writes a models: block of one region's prices, per 1M tokens from per-1K and per-1M units, PTUs per hour", async () => {
    const r = await cli(["prices", "import", SAMPLE, "--region", "eastus2"]);
    expect(r.code).toBe(0);
    const block = parse(r.stdout) as Block;
    expect(Object.keys(block.models)).toEqual(["gpt-4.1", "gpt-4o-mini", "gpt-5.2"]);
    // "1K" rows: $0.002 per 1K input tokens is $2 per 1M. "1M" rows are taken as they are.
    expect(block.models["gpt-4.1"].prices).toEqual({
      GlobalStandard: { input: 2, cachedInput: 0.5, output: 8 },
      DataZoneStandard: { input: 2.2, cachedInput: 0.55, output: 8.8 },
      Standard: { input: 2.2, cachedInput: 0.55, output: 8.8 },
      GlobalProvisionedManaged: { hourly: 1 },
      DataZoneProvisionedManaged: { hourly: 1.1 },
      ProvisionedManaged: { hourly: 2 },
    });
    expect(block.models["gpt-5.2"].prices.DataZoneStandard).toEqual({
      input: 1.925,
      cachedInput: 0.1925,
      output: 15.4,
    });
    // Each price names the meter and the date it took effect.
    expect(r.stdout).toContain("# input: gpt 4.1 Inp glbl Tokens, since 2025-04-01");
    // The left-out meters are counted, not silently dropped.
    expect(r.stderr).toContain("left out: 2 Batch, 4 fine-tuning, 2 Priority processing meter rows");
  });

  it("writes a block a scenario prices its deployments with", async () => {
    const dir = tmp();
    const out = join(dir, "prices.yaml");
    const r = await cli([
      "prices",
      "import",
      SAMPLE,
      "--region",
      "swedencentral",
      "--model",
      "gpt-4.1",
      "--out",
      out,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    const scenario = `
name: imported
duration: 30m
warmup: 0s
accounts:
  - name: a
    region: swedencentral
    deployments:
      - { name: p, model: gpt-4.1, sku: Standard, capacity: 100 }
      - { name: ptu, model: gpt-4.1, sku: ProvisionedManaged, capacity: 50 }
traffic:
  - { name: w, via: a/p, arrival: { type: constant, rate: 1/s }, promptTokens: 1000, completionTokens: 100, maxTokens: 100 }
${readFileSync(out, "utf8")}`;
    const report = run(scenario);
    // swedencentral regional: $2.42 in / $9.68 out per 1M; 1,800 × (1,000 × 2.42 + 100 × 9.68) / 1M = $6.0984.
    expect(report.cost.horizon.tokens).toBeCloseTo(6.0984, 4);
    // Its regional PTU-hour is $2.20: 50 × 2.20 × 730.
    expect(report.cost.monthly.provisioned).toBeCloseTo(80_300, 6);
  });

  it("joins several regions, keeping the highest price where they differ and saying so", async () => {
    const r = await cli([
      "prices",
      "import",
      SAMPLE,
      "--region",
      "eastus2",
      "swedencentral",
      "--model",
      "gpt-4.1",
    ]);
    expect(r.code).toBe(0);
    const block = parse(r.stdout) as Block;
    expect(block.models["gpt-4.1"].prices.Standard).toEqual({
      input: 2.42,
      cachedInput: 0.605,
      output: 9.68,
    });
    expect(block.models["gpt-4.1"].prices.GlobalStandard).toEqual({ input: 2, cachedInput: 0.5, output: 8 });
    expect(r.stdout).toContain("# input: eastus2 2.2, swedencentral 2.42; the highest is kept");
  });

  it("exits 2 naming the regions present when the asked region has no price, or when none is named", async () => {
    const westus = await cli(["prices", "import", SAMPLE, "--region", "westus"]);
    expect(westus.code).toBe(2);
    expect(westus.stderr).toBe(
      `spillway: --region: no Azure OpenAI price for westus in ${SAMPLE}; regions priced there: eastus2, swedencentral\n`,
    );
    const near = await cli(["prices", "import", SAMPLE, "--region", "eastus3"]);
    expect(near.stderr).toContain('(did you mean "eastus2"?)');
    const none = await cli(["prices", "import", SAMPLE]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(
      "the file prices 2 regions (eastus2, swedencentral): name the one(s) to import",
    );
    const model = await cli(["prices", "import", SAMPLE, "--region", "eastus2", "--model", "gpt-4.2"]);
    expect(model.code).toBe(2);
    expect(model.stderr).toMatch(
      /no token price for "gpt-4\.2" in eastus2 \(did you mean "gpt-4\.1"\?\); models priced there: gpt-4\.1, gpt-4o-mini, gpt-5\.2/,
    );
  });

  it("reports bad rows with their item index and skips them; a price left without its pair is left out", async () => {
    const file = saved(
      page([
        row(),
        row({ meterName: "gpt 4.1 Outp glbl Tokens", retailPrice: -0.008 }),
        row({ meterName: "gpt 4.1 cached Inp glbl Tokens", unitOfMeasure: "1 Second" }),
        row({ meterName: "gpt 4.1 Inp Data Zone Tokens", armRegionName: undefined }),
        row({ meterName: "gpt 4.1 Outp Data Zone Tokens", retailPrice: "0.0088" }),
        row({ meterName: undefined }),
        row({ meterName: "gpt 4.1 mini Inp glbl Tokens", retailPrice: 0.0004 }),
        row({ meterName: "gpt 4.1 mini Outp glbl Tokens", retailPrice: 0.0016 }),
        row({ meterName: "Provisioned Managed Global Unit", unitOfMeasure: "1/Month", retailPrice: 260 }),
      ]),
    );
    const r = await cli(["prices", "import", file]);
    expect(r.code).toBe(0);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toEqual([
      'spillway prices import: skipped Items[1] ("gpt 4.1 Outp glbl Tokens"): retailPrice -0.008 is not a price (a number ≥ 0)',
      'spillway prices import: skipped Items[2] ("gpt 4.1 cached Inp glbl Tokens"): unitOfMeasure "1 Second" is neither 1K nor 1M tokens',
      'spillway prices import: skipped Items[3] ("gpt 4.1 Inp Data Zone Tokens"): no armRegionName',
      'spillway prices import: skipped Items[4] ("gpt 4.1 Outp Data Zone Tokens"): retailPrice "0.0088" is not a price (a number ≥ 0)',
      "spillway prices import: skipped Items[5]: no meterName",
      'spillway prices import: skipped Items[8] ("Provisioned Managed Global Unit"): unitOfMeasure "1/Month" is not one hour',
      "spillway prices import: gpt-4.1 GlobalStandard: no output price in the file, so it is left out (a scenario deploying it there must give it)",
    ]);
    // gpt-4.1 lost its output price, so it is not written at all: a scenario deploying it there is refused, not $0.
    expect(parse(r.stdout)).toEqual({
      models: { "gpt-4.1-mini": { prices: { GlobalStandard: { input: 0.4, output: 1.6 } } } },
    });
  });

  it("reads pages as a JSON array too, and says when the last page has a NextPageLink", async () => {
    const file = saved([
      page([row()], "https://prices.azure.com:443/api/retail/prices?$skip=1000"),
      page(
        [row({ meterName: "gpt 4.1 Outp glbl Tokens", retailPrice: 0.008 })],
        "https://prices.azure.com:443/api/retail/prices?$skip=2000",
      ),
    ]);
    const r = await cli(["prices", "import", file]);
    expect(r.code).toBe(0);
    expect(parse(r.stdout).models["gpt-4.1"].prices.GlobalStandard).toEqual({ input: 2, output: 8 });
    expect(r.stderr).toContain("the last page has a NextPageLink: later pages are missing from the file");
  });

  it("refuses files that are not a price list, prices in another currency, and --out is whole or absent", async () => {
    const out = join(tmp(), "block.yaml");
    const cases: [unknown, RegExp][] = [
      ["", /the file is empty/],
      ["{ not json", /not valid JSON|the JSON ends inside an object/],
      [{ value: [] }, /has no Items array: this is not a Retail Prices API response/],
      [
        page([row({ meterName: "D2s v5", productName: "Virtual Machines Dsv5 Series" })]),
        /no Azure OpenAI token or PTU price in 1 rows/,
      ],
      [page([row({ currencyCode: "EUR" })]), /Items\[0\] is priced in EUR: fetch the prices in USD/],
    ];
    for (const [content, message] of cases) {
      const r = await cli(["prices", "import", saved(content), "--out", out]);
      expect(r.code, String(message)).toBe(2);
      expect(r.stderr.trim().split("\n"), String(message)).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(existsSync(out)).toBe(false);
    }
    const missing = await cli(["prices", "import", join(tmp(), "absent.json")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/absent\.json/);
  });
});
