import { describe, expect, it } from "vitest";
import { MODELS } from "../../src/catalog/index.js";
import { ptuPricesOf } from "../../src/catalog/list-prices.js";
import { ptuHourlyRate, tokenCost } from "../../src/cost/cost-model.js";
import { run } from "../helpers.js";

describe("cost model", () => {
  it("prices PTUs hourly, or spreads reservations over a 730-hour month", () => {
    const prices = ptuPricesOf(MODELS["gpt-4.1"].prices, "GlobalProvisionedManaged");
    expect(ptuHourlyRate(prices, "hourly")).toBe(prices.hourly);
    expect(ptuHourlyRate(prices, "reservation-monthly") * 730).toBeCloseTo(prices.reservationMonthly, 9);
    expect(ptuHourlyRate(prices, "reservation-yearly") * 730 * 12).toBeCloseTo(prices.reservationYearly, 9);
  });

  it("bills uncached input, cached input and output at their per-1M prices", () => {
    expect(tokenCost({ input: 2, cachedInput: 0.5, output: 8 }, 1_000_000, 400_000, 100_000)).toBeCloseTo(
      0.6 * 2 + 0.4 * 0.5 + 0.1 * 8,
      12,
    );
  });

  it("charges PTUs for the horizon whether used or not, and scales token cost to a month", () => {
    const r = run(`
name: idle
duration: 30m
accounts:
  - name: a
    region: eastus
    deployments:
      - { name: ptu, model: gpt-4.1, sku: GlobalProvisionedManaged, capacity: 50, billing: reservation-yearly }
      - { name: paygo, model: gpt-4.1, sku: GlobalStandard, capacity: 100 }
traffic:
  - { name: w, via: a/paygo, arrival: { type: constant, rate: 1/s }, promptTokens: 1000, completionTokens: 100, maxTokens: 100 }
`);
    const yearly = ptuPricesOf(MODELS["gpt-4.1"].prices, "GlobalProvisionedManaged").reservationYearly;
    expect(r.cost.monthly.provisioned).toBeCloseTo((50 * yearly) / 12, 2);
    // Half an hour of 50 PTU at the yearly reservation's hourly equivalent, though no request reached the PTU.
    expect(r.cost.horizon.provisioned).toBeCloseTo((50 * yearly) / (12 * 730) / 2, 3);
    expect(r.deployments["a/ptu"].served).toBe(0);
    // 1,800 requests x (1000 x $2 + 100 x $8) / 1M = $5.04 for 30 minutes; a 730-hour month is 1,460 times that.
    expect(r.cost.horizon.tokens).toBeCloseTo(5.04, 4);
    expect(r.cost.monthly.tokens).toBeCloseTo(5.04 * 1460, 1);
  });
});
