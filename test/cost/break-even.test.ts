/** Billing options of provisioned deployments: plan costs, break-even utilization, partial reservations. */
import { describe, expect, it } from "vitest";
import { MODELS } from "../../src/catalog/index.js";
import { ptuPricesOf } from "../../src/catalog/list-prices.js";
import {
  type BillingInput,
  compareBilling,
  payAsYouGoPerNormalizedToken,
} from "../../src/cost/break-even.js";
import { ptuCostPerHour } from "../../src/cost/cost-model.js";
import { runScenario } from "../../src/run/run-scenario.js";
import { load } from "../helpers.js";

const gpt41 = MODELS["gpt-4.1"];

function deployment(overrides: Partial<BillingInput> = {}): BillingInput {
  return {
    sku: "GlobalProvisionedManaged",
    facts: gpt41,
    capacity: 50,
    billing: "hourly",
    reservedCapacity: 0,
    ...overrides,
  };
}

describe("break-even", () => {
  it("matches a hand-computed example (gpt-4.1 Global, 50 PTU, observed mix with cache)", () => {
    // Served: 1M prompt tokens of which 400K cached, 100K completion tokens.
    // Pay-as-you-go: 0.6 x $2 + 0.4 x $0.50 + 0.1 x $8 = $2.20. Normalized: 600K + 4 x 100K = 1M, so $2.20 per 1M.
    // A full month of 50 PTU: 50 x 3,000 x 60 x 730 = 6.57B normalized tokens = $14,454.
    const served = { prompt: 1_000_000, cachedPrompt: 400_000, completion: 100_000 };
    const b = compareBilling(deployment(), served, 0.8);
    expect(b.tokenMix).toBe("observed");
    expect(b.payAsYouGoSku).toBe("GlobalStandard");
    expect(b.payAsYouGoPerMillionNormalizedTokens).toBeCloseTo(2.2, 12);
    expect(b.monthly.hourly).toBeCloseTo(36_500, 9);
    expect(b.monthly.reservationMonthly).toBeCloseTo(13_000, 9);
    expect(b.monthly.reservationYearly).toBeCloseTo(11_050, 9);
    expect(b.monthly.current).toBeCloseTo(36_500, 9);
    expect(b.breakEvenUtilization.hourly).toBeCloseTo(36_500 / 14_454, 9);
    expect(b.breakEvenUtilization.reservationMonthly).toBeCloseTo(13_000 / 14_454, 9);
    expect(b.breakEvenUtilization.reservationYearly).toBeCloseTo(11_050 / 14_454, 9);
    // At 80 % the month would cost $11,563.20 pay-as-you-go: the 1-year reservation ($11,050) is cheaper.
    expect(b.payAsYouGoMonthlyAtMeanUtilization).toBeCloseTo(11_563.2, 6);
    expect(b.cheapest).toBe("reservation-yearly");
    // At 70 % ($10,117.80) pay-as-you-go wins.
    expect(compareBilling(deployment(), served, 0.7).cheapest).toBe("pay-as-you-go");
  });

  it("cross-checks the [S3] × [S20] break-even for gpt-4.1 Global: 1-year ~84 %, 1-month ~100 %, hourly never", () => {
    // Nothing served: the assumed mix (1 output per 10 input). For gpt-4.1 the output weight equals the price ratio,
    // so a normalized token costs the input price, $2 per 1M, whatever the mix.
    const b = compareBilling(deployment({ capacity: 100 }), null, 0);
    expect(b.tokenMix).toBe("assumed");
    expect(b.payAsYouGoPerMillionNormalizedTokens).toBeCloseTo(2, 12);
    // One fully used PTU-month is worth $262.8 of Global Standard tokens: 3,000 TPM [S3] × 60 × 730 × $2 per 1M [S20].
    const fullMonth = b.monthly.reservationYearly / (b.breakEvenUtilization.reservationYearly ?? Number.NaN);
    expect(fullMonth).toBeCloseTo(100 * 262.8, 6);
    expect(b.breakEvenUtilization.reservationYearly).toBeCloseTo(0.84, 2);
    expect(b.breakEvenUtilization.reservationMonthly).toBeCloseTo(0.99, 2);
    expect(b.breakEvenUtilization.hourly).toBeGreaterThan(1);
    expect(b.breakEvenUtilization.hourly).toBeCloseTo(2.78, 2);
    expect(b.cheapest).toBe("pay-as-you-go");
  });

  it("values a fully used PTU-month as [S3] × [S20] do for the models priced by the price ratio", () => {
    // DERIVED (input TPM per PTU [S3] × 60 × 730 × Global Standard input price [S20]): gpt-4.1-mini $261.1,
    // gpt-4.1-nano $260.2, o3 $262.8, o4-mini $260.2.
    const expected: [string, number][] = [
      ["gpt-4.1-mini", 261.1],
      ["gpt-4.1-nano", 260.2],
      ["o3", 262.8],
      ["o4-mini", 260.2],
    ];
    for (const [model, value] of expected) {
      const facts = MODELS[model];
      const standard = facts.prices.GlobalStandard;
      if (standard === undefined) throw new Error(`${model} has no GlobalStandard price`);
      const price = payAsYouGoPerNormalizedToken(standard, facts.outputWeight, null);
      expect(facts.ptuInputTpm * 60 * 730 * price.perToken, model).toBeCloseTo(value, 0);
    }
  });

  it("bills reserved PTUs at the reservation rate and the rest hourly", () => {
    const prices = ptuPricesOf(gpt41.prices, "GlobalProvisionedManaged");
    // 60 of 100 PTU on a 1-year reservation: 60 x $221 + 40 x $730 = $42,460 a month.
    expect(ptuCostPerHour(prices, "reservation-yearly", 100, 60) * 730).toBeCloseTo(42_460, 6);
    expect(ptuCostPerHour(prices, "reservation-monthly", 100, 100) * 730).toBeCloseTo(26_000, 6);
    expect(ptuCostPerHour(prices, "hourly", 100, 0) * 730).toBeCloseTo(73_000, 6);
    // A reservation larger than the deployment is still paid: unused reserved PTU-hours are lost [S12].
    expect(ptuCostPerHour(prices, "reservation-monthly", 50, 100) * 730).toBeCloseTo(26_000, 6);
    const b = compareBilling(
      deployment({ capacity: 100, billing: "reservation-yearly", reservedCapacity: 60 }),
      null,
      1,
    );
    expect(b.reservedCapacity).toBe(60);
    expect(b.monthly.current).toBeCloseTo(42_460, 6);
  });

  it("reports billing options for provisioned deployments only, and costs a partial reservation", () => {
    const scenario = load(`
name: partial
duration: 10m
accounts:
  - name: a
    region: eastus
    deployments:
      - { name: ptu, model: gpt-4.1, sku: GlobalProvisionedManaged, capacity: 100, billing: reservation-yearly }
      - { name: idle, model: gpt-4.1, sku: DataZoneProvisionedManaged, capacity: 15 }
      - { name: paygo, model: gpt-4.1, sku: GlobalStandard, capacity: 100 }
traffic:
  - { name: w, via: a/ptu, arrival: { type: constant, rate: 1/s }, promptTokens: 1000, completionTokens: 100, maxTokens: 100 }
`);
    // A reservation covering 60 of the 100 PTU, set on the resolved deployment as a scenario's reservedCapacity sets it.
    Object.assign(scenario.deployments[0], { reservedCapacity: 60 });
    const r = runScenario(scenario).report;
    expect(Object.keys(r.cost.billing)).toEqual(["a/ptu", "a/idle"]);
    const b = r.cost.billing["a/ptu"];
    expect(b.reservedCapacity).toBe(60);
    expect(b.monthly.current).toBeCloseTo(42_460, 2);
    expect(r.cost.byDeployment["a/ptu"].monthly).toBeCloseTo(42_460, 2);
    expect(b.tokenMix).toBe("observed");
    expect(b.meanUtilization).toBe(r.deployments["a/ptu"].utilization.mean);
    // The idle Data Zone deployment is compared with Data Zone Standard at the assumed mix ($2.20 per 1M).
    const idle = r.cost.billing["a/idle"];
    expect(idle).toMatchObject({
      reservedCapacity: 0,
      tokenMix: "assumed",
      payAsYouGoSku: "DataZoneStandard",
    });
    expect(idle.payAsYouGoPerMillionNormalizedTokens).toBeCloseTo(2.2, 6);
    expect(idle.monthly.current).toBeCloseTo(15 * 1.1 * 730, 2);
    expect(idle.cheapest).toBe("pay-as-you-go");
  });
});
