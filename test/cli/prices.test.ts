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
import { MODELS } from "../../src/catalog/index.js";
import { readMeterName } from "../../src/cli/prices-command.js";
import { run } from "../helpers.js";
import { cli } from "./run-cli.js";

const SAMPLE = join(import.meta.dirname, "../fixtures/prices/retail-prices-sample.json");
/** gpt-4o meters of three versions (and gpt-4o-mini's "mini0718"), eastus2; prices as the catalog's [S20]. */
const VERSIONS = join(import.meta.dirname, "../fixtures/prices/gpt-4o-versions.json");
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
    const cases: [string, Record<string, string | undefined>][] = [
      [
        "gpt 4.1 cached Inp glbl Tokens",
        { kind: "token", model: "gpt-4.1", sku: "GlobalStandard", field: "cachedInput" },
      ],
      ["gpt 4.1 Outp Data Zone Tokens", { model: "gpt-4.1", sku: "DataZoneStandard", field: "output" }],
      ["gpt 4o 1120 Inp regnl Tokens", { model: "gpt-4o", sku: "Standard", field: "input" }],
      ["gpt-4o-mini-0718-Outp-glbl Tokens", { model: "gpt-4o-mini", sku: "GlobalStandard", field: "output" }],
      ["GPT 5.2 cd inp Dz 1M Tokens", { model: "gpt-5.2", sku: "DataZoneStandard", field: "cachedInput" }],
      ["o4-mini 0416 Inp glbl Tokens", { model: "o4-mini", version: "0416", field: "input" }],
      ["gpt 4o mini0718 Inp glbl Tokens", { model: "gpt-4o-mini", version: "0718", field: "input" }],
      ["gpt-4o-2024-11-20-Outp-glbl Tokens", { model: "gpt-4o", version: "2024-11-20", field: "output" }],
      ["chat-latest 08062026 inp Gl", { model: "chat-latest", version: "2026-08-06", field: "input" }],
      ["gpt 4.1 Inp glbl Tokens", { model: "gpt-4.1", version: undefined }],
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
    expect(r.stderr).toContain(
      `spillway prices import: ${SAMPLE}: left out 8 rows of meters no standard SKU prices: 2 Batch, 4 fine-tuning, 2 Priority processing`,
    );
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

  it("refuses a malformed row with one line naming the file, the item, the meter, what is wrong and the fix", async () => {
    const out = join(tmp(), "block.yaml");
    const good = [row(), row({ meterName: "gpt 4.1 Outp glbl Tokens", retailPrice: 0.008 })];
    const cases: [Record<string, unknown> | string, string][] = [
      [
        { meterName: "gpt 4.1 Outp glbl Tokens", retailPrice: -0.008 },
        'Items[2] ("gpt 4.1 Outp glbl Tokens"): retailPrice -0.008 is negative',
      ],
      [
        { meterName: "gpt 4.1 Outp Data Zone Tokens", retailPrice: "0.0088" },
        'Items[2] ("gpt 4.1 Outp Data Zone Tokens"): retailPrice "0.0088" is a string, not a number',
      ],
      [
        { retailPrice: 2_000_000 },
        'Items[2] ("gpt 4.1 Inp glbl Tokens"): retailPrice 2000000 is above 1,000,000 USD per unit',
      ],
      [{ retailPrice: undefined }, 'Items[2] ("gpt 4.1 Inp glbl Tokens"): no retailPrice'],
      [
        { armRegionName: undefined, unitOfMeasure: undefined },
        'Items[2] ("gpt 4.1 Inp glbl Tokens"): no armRegionName, unitOfMeasure',
      ],
      [{ effectiveStartDate: undefined }, 'Items[2] ("gpt 4.1 Inp glbl Tokens"): no effectiveStartDate'],
      [
        { effectiveStartDate: "April 2025" },
        'Items[2] ("gpt 4.1 Inp glbl Tokens"): effectiveStartDate "April 2025" is not an ISO date',
      ],
      [
        { meterName: "gpt 4.1 cached Inp glbl Tokens", unitOfMeasure: "1 Second" },
        'Items[2] ("gpt 4.1 cached Inp glbl Tokens"): unitOfMeasure "1 Second" is not a token unit (1K, 1M)',
      ],
      [
        { meterName: "Provisioned Managed Global Unit", unitOfMeasure: "1/Month", retailPrice: 260 },
        'Items[2] ("Provisioned Managed Global Unit"): unitOfMeasure "1/Month" is not one hour',
      ],
      [{ meterName: undefined }, "Items[2]: no meterName"],
      ["a string", "Items[2]: not an object"],
    ];
    for (const [over, what] of cases) {
      const file = saved(page([...good, typeof over === "string" ? over : row(over)]));
      const r = await cli(["prices", "import", file, "--out", out]);
      expect(r.code, what).toBe(2);
      const lines = r.stderr.trim().split("\n");
      expect(lines, what).toHaveLength(1);
      expect(lines[0], what).toContain(`spillway: ${file}: ${what}`);
      expect(lines[0], what).toContain("fix or remove the row");
      expect(existsSync(out), what).toBe(false);
    }
    // A number JSON cannot hold as a finite double.
    const huge =
      saved(`{"Items": [{"meterName": "gpt 4.1 Inp glbl Tokens", "retailPrice": 1e400, "armRegionName": "eastus2",
      "unitOfMeasure": "1K", "effectiveStartDate": "2025-04-01T00:00:00Z", "type": "Consumption"}]}`);
    const infinite = await cli(["prices", "import", huge]);
    expect(infinite.code).toBe(2);
    expect(infinite.stderr).toContain(
      'Items[0] ("gpt 4.1 Inp glbl Tokens"): retailPrice Infinity is not a finite number',
    );
    // Several bad rows: the first is named and the rest counted, still on one line.
    const many = saved(page([row({ retailPrice: -1 }), row({ retailPrice: -2 }), row({ retailPrice: -3 })]));
    const r = await cli(["prices", "import", many]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/Items\[0\] .*is negative.*\(2 more bad rows: Items\[1\], Items\[2\]\)/);
  });

  it("skips rows that are fine but not imported, and counts them on stderr, every line naming the file", async () => {
    const file = saved(
      page([
        row(),
        row({ meterName: "gpt 4.1 Outp glbl Tokens", retailPrice: 0.008 }),
        row({ meterName: "gpt 4.1 Batch Inp glbl Tokens", retailPrice: 0.001 }),
        row({ meterName: "Provisioned Throughput Units", unitOfMeasure: "1 Hour", retailPrice: 1 }),
        row({ armRegionName: "westus", retailPrice: 0.0022 }),
        row({ meterName: "gpt 4.1 mini Inp glbl Tokens", retailPrice: 0.0004 }),
        row({ meterName: "D2s v5", productName: "Virtual Machines Dsv5 Series", unitOfMeasure: "1 Hour" }),
        row({ type: "Reservation", retailPrice: 1000, unitOfMeasure: "1 Month" }),
      ]),
    );
    const r = await cli(["prices", "import", file, "--region", "eastus2", "--model", "gpt-4.1"]);
    expect(r.code).toBe(0);
    expect(parse(r.stdout).models["gpt-4.1"].prices.GlobalStandard).toEqual({ input: 2, output: 8 });
    const lines = r.stderr.trim().split("\n");
    for (const line of lines) expect(line).toMatch(new RegExp(`^spillway prices import: ${file}: `));
    expect(r.stderr).toContain("left out 2 rows of meters no standard SKU prices: 1 Batch, 1 other PTU");
    expect(r.stderr).not.toContain("meter meter");
    expect(r.stderr).toContain(
      "not imported: 1 row of other regions (westus), 1 row of other models, 1 row of other products, 1 row not of type Consumption",
    );
  });

  it("refuses two rows giving one meter different prices from the same date, naming both", async () => {
    const file = saved(
      page([
        row(),
        row({ meterName: "gpt 4.1 Outp glbl Tokens", retailPrice: 0.008 }),
        row({ retailPrice: 0.0025 }),
      ]),
    );
    const r = await cli(["prices", "import", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `spillway: ${file}: Items[0] and Items[2] ("gpt 4.1 Inp glbl Tokens", eastus2, since 2025-04-01) give different prices (0.002 and 0.0025 USD per 1K): conflicting rows; keep the right one and remove the other\n`,
    );
    // Whatever rows come between or after: a later price does not hide the conflict.
    const between = saved(
      page([
        row(),
        row({ retailPrice: 0.003, effectiveStartDate: "2026-01-01T00:00:00Z" }),
        row({ retailPrice: 0.0025 }),
      ]),
    );
    const hidden = await cli(["prices", "import", between]);
    expect(hidden.code).toBe(2);
    expect(hidden.stderr).toContain("Items[0] and Items[2]");
    // Rows Azure returns beside the consumption price are filtered first, so they do not conflict: a reservation,
    // a higher usage tier, a meter's copy outside its primary region; an identical copy (a page saved twice) is fine.
    const filtered = saved(
      page([
        row(),
        row({ meterName: "gpt 4.1 Outp glbl Tokens", retailPrice: 0.008 }),
        row({ retailPrice: 0.0025, type: "DevTestConsumption" }),
        row({ retailPrice: 0.0015, tierMinimumUnits: 1_000_000 }),
        row({ retailPrice: 0.0025, isPrimaryMeterRegion: false }),
        row(),
      ]),
    );
    const ok = await cli(["prices", "import", filtered]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(parse(ok.stdout).models["gpt-4.1"].prices.GlobalStandard).toEqual({ input: 2, output: 8 });
    // A later effectiveStartDate is a re-pricing, not a conflict: the later price is taken.
    const repriced = saved(
      page([
        row(),
        row({ meterName: "gpt 4.1 Outp glbl Tokens", retailPrice: 0.008 }),
        row({ retailPrice: 0.0025, effectiveStartDate: "2026-01-01T00:00:00Z" }),
      ]),
    );
    const later = await cli(["prices", "import", repriced]);
    expect(later.code).toBe(0);
    expect(parse(later.stdout).models["gpt-4.1"].prices.GlobalStandard).toEqual({ input: 2.5, output: 8 });
  });

  it("takes every price of a model from one version: the newest that prices input and output", async () => {
    // gpt-4o meters of versions 0513, 0806 and 1120, named as Azure names them; the 0513 rows carry a later
    // effectiveStartDate (2025-04-01) than the 1120 rows (2024-11-20), the case that once mixed 0513's input and
    // output with 1120's cached input (5.5 / 1.375 / 16.5 on DataZoneStandard).
    const r = await cli(["prices", "import", VERSIONS]);
    expect(r.code, r.stderr).toBe(0);
    const block = parse(r.stdout) as Block;
    expect(block.models["gpt-4o"].prices).toEqual({
      GlobalStandard: { input: 2.5, cachedInput: 1.25, output: 10 },
      DataZoneStandard: { input: 2.75, cachedInput: 1.375, output: 11 },
      Standard: { input: 2.75, cachedInput: 1.375, output: 11 },
    });
    // The catalog prices gpt-4o at version 2024-11-20: the import agrees with it.
    expect(block.models["gpt-4o"].prices.DataZoneStandard).toEqual(MODELS["gpt-4o"].prices.DataZoneStandard);
    // "mini0718" run together is gpt-4o-mini version 0718, not a model of its own.
    expect(block.models["gpt-4o-mini"].prices.GlobalStandard).toEqual({ input: 0.15, output: 0.6 });
    expect(r.stdout).toContain("# gpt-4o version 1120 (2024-11-20) of 0513, 0806, 1120");
    expect(r.stderr).toContain(
      `spillway prices import: ${VERSIONS}: gpt-4o: the file prices versions 0513, 0806, 1120; every price is taken from 1120 (2024-11-20), the newest pricing input and output`,
    );
  });

  it("passes over a newer version without input and output prices, and orders versions the catalog lacks by when they were first priced", async () => {
    const file = saved(
      page([
        row({ meterName: "gpt 4o 0806 Inp glbl Tokens", retailPrice: 0.0025 }),
        row({ meterName: "gpt 4o 0806 Outp glbl Tokens", retailPrice: 0.01 }),
        row({ meterName: "gpt 4o 1120 cached Inp glbl Tokens", retailPrice: 0.00125 }),
        // Not in the catalog: 0125 (January 2024) is newer than 1106 (November 2023) though 1106 > 0125.
        row({
          meterName: "gpt 35 turbo 1106 Inp glbl Tokens",
          retailPrice: 0.001,
          effectiveStartDate: "2023-11-06T00:00:00Z",
        }),
        row({
          meterName: "gpt 35 turbo 1106 Outp glbl Tokens",
          retailPrice: 0.002,
          effectiveStartDate: "2025-06-01T00:00:00Z",
        }),
        row({
          meterName: "gpt 35 turbo 0125 Inp glbl Tokens",
          retailPrice: 0.0005,
          effectiveStartDate: "2024-01-25T00:00:00Z",
        }),
        row({
          meterName: "gpt 35 turbo 0125 Outp glbl Tokens",
          retailPrice: 0.0015,
          effectiveStartDate: "2024-01-25T00:00:00Z",
        }),
      ]),
    );
    const r = await cli(["prices", "import", file]);
    expect(r.code, r.stderr).toBe(0);
    const block = parse(r.stdout) as Block;
    expect(block.models["gpt-4o"].prices.GlobalStandard).toEqual({ input: 2.5, output: 10 });
    expect(block.models["gpt-35-turbo"].prices.GlobalStandard).toEqual({ input: 0.5, output: 1.5 });
    expect(r.stderr).toContain(
      "gpt-4o: the file prices versions 0806, 1120; every price is taken from 0806 (2024-08-06)",
    );
    expect(r.stderr).toContain(
      "gpt-35-turbo: the file prices versions 1106, 0125; every price is taken from 0125",
    );
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
