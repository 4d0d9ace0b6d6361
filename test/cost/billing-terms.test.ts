/**
 * Billing terms (`billing: { discount, currency, exchangeRate }`) and prices that never vanish (issue 13, item 3):
 * a discount comes off list consumption prices (not reservations), money is reported in the chosen currency
 * everywhere, a model without PTU prices costs the SKU's list PTU price, and a standard deployment without token
 * prices is refused.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PTU_LIST_PRICES } from "../../src/catalog/list-prices.js";
import { diffReports } from "../../src/check/regression.js";
import { buildComparison, renderComparisonMarkdown } from "../../src/report/compare.js";
import { renderHtml } from "../../src/report/html.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { parseReport } from "../../src/report/report-schema.js";
import { cli } from "../cli/run-cli.js";
import { load, run } from "../helpers.js";
import { htmlAssets } from "../report/page-script.js";

/**
 * 30 minutes: 1 request/s of 1,000 prompt and 100 completion tokens on gpt-4.1 GlobalStandard, beside two idle
 * provisioned deployments (50 PTU hourly, 50 PTU on a yearly reservation).
 */
function estate(billing = "", models = "") {
  return `
name: terms
duration: 30m
warmup: 0s
accounts:
  - name: a
    region: eastus
    deployments:
      - { name: hourly, model: gpt-4.1, sku: GlobalProvisionedManaged, capacity: 50, billing: hourly }
      - { name: yearly, model: gpt-4.1, sku: GlobalProvisionedManaged, capacity: 50, billing: reservation-yearly }
      - { name: paygo, model: gpt-4.1, sku: GlobalStandard, capacity: 100 }
traffic:
  - { name: w, via: a/paygo, arrival: { type: constant, rate: 1/s }, promptTokens: 1000, completionTokens: 100, maxTokens: 100 }
${billing}
${models}`;
}

describe("billing terms", () => {
  it("takes a 15 % discount off tokens and PTU hours, not off reservations (figures by hand)", () => {
    const list = run(estate());
    const terms = run(estate("billing: { discount: 0.15 }"));
    // Tokens: 1,800 requests × (1,000 × $2 + 100 × $8) / 1M = $5.04 list; 0.85 × $5.04 = $4.284.
    expect(list.cost.horizon.tokens).toBeCloseTo(5.04, 4);
    expect(terms.cost.horizon.tokens).toBeCloseTo(4.284, 4);
    // 50 PTU hourly: 50 × $1.00 × 730 h = $36,500 list, $31,025 at 15 % off.
    expect(list.cost.byDeployment["a/hourly"].monthly).toBeCloseTo(36_500, 2);
    expect(terms.cost.byDeployment["a/hourly"].monthly).toBeCloseTo(31_025, 2);
    // 50 PTU on a yearly reservation: 50 × $2,652 / 12 = $11,050 a month, discounted or not.
    expect(terms.cost.byDeployment["a/yearly"].monthly).toBeCloseTo(11_050, 2);
    expect(list.cost.byDeployment["a/yearly"].monthly).toBeCloseTo(11_050, 2);
    // USD stays USD, and report.json says which terms made the figures.
    expect(terms.cost.currency).toBe("USD");
    expect(terms.cost.terms).toEqual({ discount: 0.15, exchangeRate: 1 });
    expect(list.cost.terms).toBeUndefined();
    // A discount lowers the hourly plan, not the reservations, so it moves the break-even of the billing options.
    const b = terms.cost.billing?.["a/hourly"];
    expect(b?.monthly.hourly).toBeCloseTo(31_025, 2);
    expect(b?.monthly.reservationYearly).toBeCloseTo(11_050, 2);
  });

  it("reports every figure in EUR at 0.92 per USD: report.json, summary.md, report.html and compare", () => {
    const usd = run(estate());
    const eur = run(estate("billing: { currency: EUR, exchangeRate: 0.92 }"));
    expect(eur.cost.currency).toBe("EUR");
    expect(eur.cost.terms).toEqual({ discount: 0, exchangeRate: 0.92 });
    for (const period of ["horizon", "monthly"] as const) {
      for (const k of ["total", "provisioned", "tokens", "gateway"] as const) {
        expect(eur.cost[period][k], `${period}.${k}`).toBeCloseTo(0.92 * usd.cost[period][k], 2);
      }
    }
    expect(eur.cost.byDeployment["a/yearly"].monthly).toBeCloseTo(0.92 * 11_050, 2);
    expect(() => parseReport(JSON.parse(JSON.stringify(eur)))).not.toThrow();

    const md = renderMarkdown(eur);
    expect(md).toContain("Cost (EUR)");
    // 0.92 × ($36,500 + $11,050 + 1,460 × $5.04) = EUR 50,515.73 a month (0.92 × $54,908.40).
    expect(md).toContain("EUR 50,515.73");
    expect(md).not.toMatch(/\$\d/);
    const html = renderHtml(eur, htmlAssets);
    expect(html).toContain("billing terms in EUR");
    expect(renderHtml(usd, htmlAssets)).toContain("Costs are list prices in USD");

    // compare: money in the reports' currency; reports in two currencies compare no money.
    const same = renderComparisonMarkdown(
      buildComparison([
        { label: "eur", report: eur },
        { label: "eur again", report: eur },
      ]),
    );
    expect(same).toContain("EUR 50,515.73");
    const mixed = buildComparison([
      { label: "usd", report: usd },
      { label: "eur", report: eur },
    ]);
    expect(mixed.rows.some((r) => r.unit.startsWith("usd"))).toBe(false);
    expect(mixed.notes.join(" ")).toContain(
      "different currencies or exchange rates (USD; EUR at 0.92 per USD)",
    );
    // One currency at two exchange rates differs by the rate alone: not a cost change either.
    const eurAtHalf = run(estate("billing: { currency: EUR, exchangeRate: 0.5 }"));
    const rates = buildComparison([
      { label: "0.92", report: eur },
      { label: "0.5", report: eurAtHalf },
    ]);
    expect(rates.rows.some((r) => r.unit.startsWith("usd"))).toBe(false);
    expect(rates.notes.join(" ")).toContain("EUR at 0.92 per USD; EUR at 0.5 per USD");
    const check = diffReports(eur, eurAtHalf);
    expect(check.rows.some((r) => r.unit === "usd")).toBe(false);
    expect(check.notes.join(" ")).toMatch(
      /EUR at 0\.92 per USD in the baseline and in EUR at 0\.5 per USD now/,
    );
  });

  it("shows money in the report's currency in check's baseline table (Markdown and JUnit)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "spillway-terms-"));
    const file = join(dir, "terms.yaml");
    const gbp = estate("billing: { discount: 0.1, currency: GBP, exchangeRate: 0.79 }");
    writeFileSync(file, gbp);
    const base = join(dir, "base");
    expect(
      (await cli(["check", file, "--out", join(dir, "o1"), "--baseline", base, "--update-baseline"])).code,
    ).toBe(0);
    writeFileSync(file, gbp.replace("promptTokens: 1000", "promptTokens: 1200"));
    const junit = join(dir, "junit.xml");
    const r = await cli(["check", file, "--out", join(dir, "o2"), "--baseline", base, "--junit", junit]);
    expect(r.code).toBe(1);
    // Tokens: 0.79 × 0.9 × 1,460 × $5.04 = GBP 5,231.82 a month; 1,200 prompt tokens make it GBP 5,979.23.
    expect(r.stdout).toContain(
      "| monthly cost, tokens (`cost.monthly.tokens`) | GBP 5,231.82 | GBP 5,979.23 |",
    );
    expect(r.stdout).not.toMatch(/\$\d/);
    expect(readFileSync(junit, "utf8")).toContain("baseline GBP 5,231.82, now GBP 5,979.23");
  });

  it("plan and sensitivity print money in the scenario's currency, and plan.json records it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "spillway-terms-plan-"));
    const file = join(dir, "eur.yaml");
    writeFileSync(file, estate("billing: { currency: EUR, exchangeRate: 0.92 }"));
    const plan = await cli([
      "plan",
      file,
      "--vary",
      "accounts.a.deployments.hourly.capacity=50,100",
      "--out",
      join(dir, "plan"),
    ]);
    expect(plan.code).toBe(0);
    const md = readFileSync(join(dir, "plan", "plan.md"), "utf8");
    expect(md).toMatch(/per month/);
    expect(md).toMatch(/EUR \d/);
    expect(md).not.toMatch(/\$\d/);
    expect(JSON.parse(readFileSync(join(dir, "plan", "plan.json"), "utf8")).scenario.currency).toBe("EUR");
    const sens = await cli(["sensitivity", file, "--out", join(dir, "sens")]);
    expect(sens.code).toBe(0);
    const smd = readFileSync(join(dir, "sens", "sensitivity.md"), "utf8");
    expect(smd).toMatch(/EUR \d/);
    expect(smd).not.toMatch(/\$\d/);
  });

  it("refuses bad terms with one line each (exit 2)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "spillway-terms-"));
    const cases: [string, RegExp][] = [
      ["{ discount: 1 }", /billing\.discount: a discount is a fraction below 1/],
      ["{ discount: 1.5 }", /billing\.discount: a discount is a fraction below 1/],
      ["{ discount: -0.1 }", /billing\.discount/],
      ["{ currency: EURO, exchangeRate: 0.92 }", /billing\.currency: not an ISO 4217 currency code/],
      ["{ currency: XYZ, exchangeRate: 0.92 }", /billing\.currency: not an ISO 4217 currency code/],
      [
        "{ currency: EUR }",
        /billing\.exchangeRate: reporting in EUR needs the rate from USD: add exchangeRate/,
      ],
      ["{ currency: EUR, exchangeRate: 0 }", /billing\.exchangeRate/],
      ["{ exchangeRate: 0.92 }", /billing\.exchangeRate: prices are in USD already/],
    ];
    for (const [billing, message] of cases) {
      const file = join(dir, "bad.yaml");
      writeFileSync(file, estate(`billing: ${billing}`));
      const r = await cli(["validate", file]);
      expect(r.code, billing).toBe(2);
      expect(r.stderr.trim().split("\n"), billing).toHaveLength(1);
      expect(r.stderr, billing).toMatch(message);
    }
  });
});

describe("prices never vanish", () => {
  const inHouse = (sku: string, prices = "") => `
name: in-house
duration: 1h
warmup: 0s
accounts:
  - name: a
    region: eastus
    deployments:
      - { name: p, model: in-house, sku: ${sku}, capacity: 50 }
traffic:
  - { name: w, via: a/p, arrival: { type: constant, rate: 1/s }, promptTokens: 100, completionTokens: 10, maxTokens: 10 }
models:
  in-house:
    ptuInputTpm: 3000
    outputWeight: 4
    rpmPer1kTpm: 6
    latency: { ttft: 0.5, ttftPer1kPromptTokens: 0.05, tokensPerSecond: 50 }
${prices}`;

  it("bills a model without PTU prices at the SKU's list PTU price, the same for every model", () => {
    for (const sku of [
      "GlobalProvisionedManaged",
      "DataZoneProvisionedManaged",
      "ProvisionedManaged",
    ] as const) {
      const r = run(inHouse(sku));
      expect(r.cost.monthly.provisioned, sku).toBeCloseTo(50 * PTU_LIST_PRICES[sku].hourly * 730, 6);
      expect(r.cost.monthly.provisioned, sku).toBeGreaterThan(0);
      expect(r.warnings.map((w) => w.code)).not.toContain("zero-price");
    }
    // Global $1.00, Data Zone $1.10, Regional $2.00 per PTU-hour ([S20]).
    const global = run(inHouse("GlobalProvisionedManaged"));
    expect(global.cost.monthly.provisioned).toBeCloseTo(36_500, 6);
    // With no GlobalStandard price there is no pay-as-you-go to compare with: null, never $0, and the plans say so.
    const b = global.cost.billing?.["a/p"];
    expect(b?.payAsYouGoPerMillionNormalizedTokens).toBeNull();
    expect(b?.breakEvenUtilization.hourly).toBeNull();
    expect(b?.cheapest).toBe("reservation-yearly");
    expect(renderMarkdown(global)).toContain(
      "Pay-as-you-go (GlobalStandard) is not compared: the model has no GlobalStandard token price",
    );
    // A model's own PTU price, where given, wins over the list price.
    const own = run(
      inHouse("GlobalProvisionedManaged", "    prices: { GlobalProvisionedManaged: { hourly: 0.5 } }"),
    );
    expect(own.cost.monthly.provisioned).toBeCloseTo(18_250, 6);
  });

  it("refuses a standard deployment whose model lacks token prices, naming what to add (exit 2)", async () => {
    expect(() => load(inHouse("GlobalStandard"))).toThrow(
      /deployments\[0\]\.model: in-house has no GlobalStandard input or output token price.*add models: \{ in-house: \{ prices: \{ GlobalStandard: \{ input: <USD per 1M tokens>, output: <USD per 1M tokens> \} \} \} \}/,
    );
    // Half a price is still refused, naming the half that is missing.
    expect(() => load(inHouse("DataZoneStandard", "    prices: { DataZoneStandard: { input: 1 } }"))).toThrow(
      /has no DataZoneStandard output token price/,
    );
    const dir = mkdtempSync(join(tmpdir(), "spillway-prices-"));
    const file = join(dir, "in-house.yaml");
    writeFileSync(file, inHouse("GlobalStandard"));
    const r = await cli(["validate", file]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    // With both prices it runs, and cached input defaults to the input price.
    const priced = run(inHouse("GlobalStandard", "    prices: { GlobalStandard: { input: 1, output: 4 } }"));
    // 3,600 requests × (100 × $1 + 10 × $4) / 1M = $0.504 an hour.
    expect(priced.cost.horizon.tokens).toBeCloseTo(0.504, 6);
  });
});
