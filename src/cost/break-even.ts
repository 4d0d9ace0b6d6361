/**
 * Billing options of a provisioned deployment: what its PTUs cost a month under each billing plan, and the
 * utilization at which each plan costs the same as sending the same normalized tokens to pay-as-you-go.
 *
 * - A PTU serves `ptuInputTpm` normalized tokens a minute [S3], so a fully used PTU-month is
 *   ptuInputTpm × 60 × 730 normalized tokens (a 730-hour billing month).
 * - Pay-as-you-go is priced per token [S20] and PTU utilization per normalized token (cached prompt tokens deducted
 *   100 % [S2, S3], an output token weighing `outputWeight` input tokens [S3]); one normalized token's pay-as-you-go
 *   price is the pay-as-you-go cost of a token mix divided by its normalized tokens.
 * - Break-even utilization = monthly PTU cost / pay-as-you-go cost of a fully used month. A cross-check
 *   (DERIVED from [S3] × [S20]): for gpt-4.1 Global a 1-month reservation breaks even near 100 %, a 1-year one at
 *   ~84 %, and hourly never (~278 %).
 * - Every price is taken under the scenario's billing terms (src/cost/cost-model.ts): a negotiated discount lowers
 *   the hourly and pay-as-you-go prices but not the reservations, so it moves the break-even; the exchange rate
 *   scales every figure alike and moves none.
 * - A model without token prices for the pay-as-you-go SKU (a provisioned-only model defined under `models:`) has
 *   nothing to compare with: pay-as-you-go is then null, never $0, and the cheapest plan is among the PTU plans.
 */
import { HOURS_PER_MONTH, payAsYouGoSku, type StandardSku, type TokenPrices } from "../catalog/index.js";
import type { BillingTerms, ProvisionedDeployment } from "../scenario/resolve.js";
import {
  LIST_TERMS,
  ptuCostPerHour,
  reservedCapacityOf,
  termsPtuPrices,
  termsTokenPrices,
  tokenCost,
} from "./cost-model.js";

/** A billing choice for a provisioned deployment's traffic. */
export type BillingChoice = "hourly" | "reservation-monthly" | "reservation-yearly" | "pay-as-you-go";

/**
 * Output tokens per input token assumed when a deployment served nothing to observe: 1 per 10, no cache. An
 * ASSUMPTION (a chat-like mix); for models whose output weight equals their output/input price ratio (gpt-4.1 on,
 * [S3]) the price of a normalized token does not depend on the mix anyway.
 */
export const ASSUMED_OUTPUT_PER_INPUT = 0.1;

/** Tokens a deployment served. */
export interface ServedTokens {
  /** Prompt tokens, cached included. */
  prompt: number;
  /** Cached prompt tokens. */
  cachedPrompt: number;
  /** Completion tokens. */
  completion: number;
}

/** Pay-as-you-go price of one normalized token and the mix it was derived from. */
export interface NormalizedTokenPrice {
  /** Price per normalized token, in the prices' currency. */
  perToken: number;
  /** `observed`: the deployment's own served tokens; `assumed`: {@link ASSUMED_OUTPUT_PER_INPUT}, no cache. */
  mix: "observed" | "assumed";
}

/** Pay-as-you-go cost of a token mix ÷ its normalized tokens; the assumed mix when nothing usable was served. */
export function payAsYouGoPerNormalizedToken(
  prices: TokenPrices,
  outputWeight: number,
  served: ServedTokens | null,
): NormalizedTokenPrice {
  if (served !== null) {
    const normalized = served.prompt - served.cachedPrompt + outputWeight * served.completion;
    if (normalized > 0) {
      return {
        perToken: tokenCost(prices, served.prompt, served.cachedPrompt, served.completion) / normalized,
        mix: "observed",
      };
    }
  }
  const input = 1;
  const output = ASSUMED_OUTPUT_PER_INPUT;
  return { perToken: tokenCost(prices, input, 0, output) / (input + outputWeight * output), mix: "assumed" };
}

/**
 * Whether a plan's break-even utilization can happen: a deployment cannot be used more than 100 % on average over a
 * month (a step can pass 100 % while the bucket absorbs a burst, a month cannot), so a plan that needs more — or has
 * no break-even at all (null) — never pays for itself against pay-as-you-go. Renderers print "never" for it rather
 * than a percentage such as 277.8 %.
 */
export function breakEvenReachable(utilization: number | null): utilization is number {
  return utilization !== null && utilization <= 1;
}

/** Billing options of one provisioned deployment (report.json `cost.billing`). */
export interface BillingComparison {
  /** Deployed PTUs. */
  capacity: number;
  /** PTUs a reservation covers (0 when billed hourly). */
  reservedCapacity: number;
  /** Monthly cost of the deployed PTUs under each plan, and under the scenario's own (partial) plan, report currency. */
  monthly: { hourly: number; reservationMonthly: number; reservationYearly: number; current: number };
  /**
   * Utilization at which each plan costs what pay-as-you-go would; null when pay-as-you-go costs nothing or the model
   * has no pay-as-you-go price.
   */
  breakEvenUtilization: {
    hourly: number | null;
    reservationMonthly: number | null;
    reservationYearly: number | null;
  };
  /** The deployment's mean utilization in the run. */
  meanUtilization: number;
  /** Pay-as-you-go cost of a month at the mean utilization, report currency; null without a pay-as-you-go price. */
  payAsYouGoMonthlyAtMeanUtilization: number | null;
  /** The pay-as-you-go SKU compared with. */
  payAsYouGoSku: StandardSku;
  /** Its price per 1M normalized tokens, report currency; null when the model has no price for it. */
  payAsYouGoPerMillionNormalizedTokens: number | null;
  /** Token mix that price comes from. */
  tokenMix: "observed" | "assumed";
  /** The cheapest way to carry the mean utilization for a month. */
  cheapest: BillingChoice;
}

/** What {@link compareBilling} reads of a deployment. */
export type BillingInput = Pick<ProvisionedDeployment, "sku" | "facts" | "capacity" | "billing"> & {
  reservedCapacity?: number;
};

/**
 * Compares a provisioned deployment's billing plans with pay-as-you-go at its observed mean utilization, under the
 * billing terms (list prices in USD by default); `servedMonthScale` scales the served tokens' month as the run's
 * workload month factors do (src/cost/month.ts; 1 when the month is 730 h / horizon).
 */
export function compareBilling(
  d: BillingInput,
  served: ServedTokens | null,
  meanUtilization: number,
  terms: BillingTerms = LIST_TERMS,
  servedMonthScale = 1,
): BillingComparison {
  const ptuPrices = termsPtuPrices(d.facts.prices, d.sku, terms);
  // The same data-processing level, as native spillover pairs them [S5] (the SKU registry says which).
  const paygSku = payAsYouGoSku(d.sku);
  const paygPrices = termsTokenPrices(d.facts.prices[paygSku], terms);
  const price =
    paygPrices === undefined ? null : payAsYouGoPerNormalizedToken(paygPrices, d.facts.outputWeight, served);
  const reserved = reservedCapacityOf(d);
  const monthly = {
    hourly: d.capacity * ptuPrices.hourly * HOURS_PER_MONTH,
    reservationMonthly: d.capacity * ptuPrices.reservationMonthly,
    reservationYearly: (d.capacity * ptuPrices.reservationYearly) / 12,
    current: ptuCostPerHour(ptuPrices, d.billing, d.capacity, reserved) * HOURS_PER_MONTH,
  };
  // Pay-as-you-go cost of the normalized tokens the PTUs can process in a month at 100 % utilization.
  const fullMonth =
    price === null ? null : d.capacity * d.facts.ptuInputTpm * 60 * HOURS_PER_MONTH * price.perToken;
  const breakEven = (cost: number) => (fullMonth !== null && fullMonth > 0 ? cost / fullMonth : null);
  // What the served tokens cost on pay-as-you-go in a month, scaled as the run's other tokens are (weekends, weeks).
  const payg = fullMonth === null ? null : meanUtilization * fullMonth * servedMonthScale;
  const options: [BillingChoice, number][] = [
    ["reservation-yearly", monthly.reservationYearly],
    ["reservation-monthly", monthly.reservationMonthly],
    ["hourly", monthly.hourly],
  ];
  if (payg !== null) options.push(["pay-as-you-go", payg]);
  let cheapest = options[0];
  for (const option of options) if (option[1] < cheapest[1]) cheapest = option;
  return {
    capacity: d.capacity,
    reservedCapacity: reserved,
    monthly,
    breakEvenUtilization: {
      hourly: breakEven(monthly.hourly),
      reservationMonthly: breakEven(monthly.reservationMonthly),
      reservationYearly: breakEven(monthly.reservationYearly),
    },
    meanUtilization,
    payAsYouGoMonthlyAtMeanUtilization: payg,
    payAsYouGoSku: paygSku,
    payAsYouGoPerMillionNormalizedTokens: price === null ? null : price.perToken * 1e6,
    tokenMix: price?.mix ?? (served === null ? "assumed" : "observed"),
    cheapest: cheapest[0],
  };
}
