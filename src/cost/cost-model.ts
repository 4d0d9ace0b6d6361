/**
 * The cost of a run. Provisioned deployments cost their PTUs per hour whether used or not [S2, S13] — hourly at the
 * list price, or the reservation price spread over the hours it covers (PTUs beyond the reservation hourly); standard deployments cost their served
 * tokens at the SKU's per-1M prices (uncached input, cached input, output) [S20]; spilled requests are billed at
 * the standard deployment's prices [S5]. Batch deployments cost their tokens at half their standard SKU's prices
 * [S43]; a standard deployment's processing option prices its calls, Flex at half [S45], Priority at the model's
 * priority prices except calls moved to standard processing, at standard prices [S44] (src/catalog/processing.ts).
 * API Management costs its units per region per month.
 * A month is 730 hours (Azure's billing month); monthly figures scale the horizon by 730 h / horizon hours, except
 * fixed-price items (PTUs, gateway units) which are priced for 730 hours directly, and except where src/cost/month.ts
 * gives each workload its own factor (whole weeks, weekend factors): a deployment's tokens and a gateway's calls are
 * then scaled by their workloads' factors, weighted by what each workload consumed there.
 *
 * Billing terms (`billing:`) apply to the list prices before anything is summed: the negotiated discount comes off
 * the consumption meters (PTU hours, tokens, API Management) but not off reservations, which are bought at their own
 * term price. An Enterprise Agreement or MCA discount is a rate on consumption; a reservation is a separate purchase
 * whose price is already a discount off the hourly rate [S12, S13], so stacking both would understate it (a scenario
 * with negotiated reservation prices sets them under models:). Every figure is then converted from USD at the
 * exchange rate. With no terms (no discount, USD) every price is used exactly as listed.
 */
import { HOURS_PER_MONTH, type ProvisionedSku, type PtuPrices, type TokenPrices } from "../catalog/index.js";
import { ptuPricesOf } from "../catalog/list-prices.js";
import { BATCH_PRICE_FACTOR, optionPrices, scaledPrices } from "../catalog/processing.js";
import { payAsYouGoSku } from "../catalog/skus.js";
import type { ModelPrices } from "../catalog/types.js";
import type { DeploymentAggregates, GatewayAggregates } from "../metrics/run-aggregates.js";
import type {
  BatchDeployment,
  Billing,
  BillingTerms,
  ProvisionedDeployment,
  ResolvedDeployment,
  ResolvedGateway,
  StandardDeployment,
} from "../scenario/resolve.js";

/** No negotiated terms: list prices, in USD. */
export const LIST_TERMS: Readonly<BillingTerms> = { discount: 0, currency: "USD", exchangeRate: 1 };

/** What one USD of a list consumption price costs under the terms, in the report currency. */
export function consumptionFactor(terms: BillingTerms): number {
  return (1 - terms.discount) * terms.exchangeRate;
}

/** A model's PTU prices for a SKU under the terms: the hourly rate discounted, reservations as listed; converted. */
export function termsPtuPrices(prices: ModelPrices, sku: ProvisionedSku, terms: BillingTerms): PtuPrices {
  const p = ptuPricesOf(prices, sku);
  return {
    hourly: p.hourly * consumptionFactor(terms),
    reservationMonthly: p.reservationMonthly * terms.exchangeRate,
    reservationYearly: p.reservationYearly * terms.exchangeRate,
  };
}

/** Token prices under the terms (discounted and converted), or undefined when the model has none for the SKU. */
export function termsTokenPrices(
  prices: TokenPrices | undefined,
  terms: BillingTerms,
): TokenPrices | undefined {
  if (prices === undefined) return undefined;
  const f = consumptionFactor(terms);
  return { input: prices.input * f, cachedInput: prices.cachedInput * f, output: prices.output * f };
}

/** Horizon and monthly cost of one item, in the report currency. */
export interface CostPair {
  /** Cost of the simulated horizon. */
  horizon: number;
  /** Cost of a 730-hour month at the same load. */
  monthly: number;
}

/** A run's costs by category and by deployment. */
export interface CostBreakdown {
  /** Provisioned (PTU) capacity. */
  provisioned: CostPair;
  /** Pay-as-you-go tokens. */
  tokens: CostPair;
  /** API Management units and calls. */
  gateway: CostPair;
  /** Per deployment id. */
  byDeployment: Map<string, CostPair>;
  /** Every line of the bill with what it is shared among workloads by (src/cost/workload-shares.ts). */
  items: CostItem[];
  /**
   * Per provisioned deployment id: its served tokens' month factor over the plain 730 h / horizon (1 without
   * workload factors) — what scales the tokens it served to a month the way a standard deployment's tokens are.
   */
  servedMonthScale: Map<string, number>;
}

/** The categories of `cost.horizon` / `cost.monthly` besides `total`. */
export type CostCategory = "provisioned" | "tokens" | "gateway";

/**
 * What a line of the bill is shared among workloads by: a provisioned deployment's PTUs by the normalized tokens
 * each workload consumed on it (uncached prompt + outputWeight × completion, as utilization counts them); a
 * standard deployment's tokens at its own prices; a gateway's (or any fixed cost's at a gateway) by the requests
 * each workload sent through it.
 */
export type ShareBasis =
  | { by: "normalized-tokens"; deployment: number; outputWeight: number }
  | { by: "token-cost"; deployment: number; prices: TokenPrices }
  | { by: "gateway-requests"; gateway: number };

/** One line of the bill: its category, its cost and how it is shared among workloads. */
export interface CostItem {
  /** The category it adds to. */
  category: CostCategory;
  /** Its cost. */
  pair: CostPair;
  /** What it is shared among workloads by. */
  basis: ShareBasis;
  /**
   * Each workload's month factor (src/cost/month.ts) when they differ from 730 h / horizon: the month's shares weigh
   * each workload's use by it, as its monthly consumption does.
   */
  monthFactors?: readonly number[];
}

/** Price per PTU-hour of a billing plan (reservations spread over the hours they cover). */
export function ptuHourlyRate(prices: PtuPrices, billing: Billing): number {
  switch (billing) {
    case "hourly":
      return prices.hourly;
    case "reservation-monthly":
      return prices.reservationMonthly / HOURS_PER_MONTH;
    case "reservation-yearly":
      return prices.reservationYearly / (12 * HOURS_PER_MONTH);
  }
}

/**
 * Price per hour of a provisioned deployment's PTUs: the reserved PTUs at the reservation's rate, the rest at the
 * hourly rate. Azure compares reserved with deployed PTUs hour by hour and bills the excess deployed PTUs hourly
 * [S2, S13] (reservations mechanics [S12]); a reservation larger than the deployment is still paid in full, since
 * unused reserved PTU-hours are lost [S12].
 */
export function ptuCostPerHour(
  prices: PtuPrices,
  billing: Billing,
  capacity: number,
  reservedCapacity: number,
): number {
  const reserved = billing === "hourly" ? 0 : reservedCapacity;
  return reserved * ptuHourlyRate(prices, billing) + Math.max(0, capacity - reserved) * prices.hourly;
}

/**
 * PTUs a provisioned deployment's reservation covers: none when billed hourly, else its `reservedCapacity`, by
 * default all its PTUs (the field is optional here so this reads deployments resolved with or without it).
 */
export function reservedCapacityOf(
  d: Pick<ProvisionedDeployment, "billing" | "capacity"> & { reservedCapacity?: number },
): number {
  return d.billing === "hourly" ? 0 : (d.reservedCapacity ?? d.capacity);
}

/**
 * The list token prices of a pay-as-you-go deployment's calls, from its standard SKU's `list` prices: a Batch SKU at
 * the Batch rule [S43], a standard deployment at its processing option's prices [S44, S45].
 */
export function processingPrices(d: StandardDeployment | BatchDeployment, list: TokenPrices): TokenPrices {
  if (d.kind === "batch") return scaledPrices(list, BATCH_PRICE_FACTOR);
  return d.sku === "Standard" ? list : optionPrices(list, d.processing, d.model, d.sku);
}

/** Cost of served tokens at a standard SKU's prices, USD. */
export function tokenCost(
  prices: TokenPrices,
  prompt: number,
  cachedPrompt: number,
  completion: number,
): number {
  return (
    ((prompt - cachedPrompt) * prices.input +
      cachedPrompt * prices.cachedInput +
      completion * prices.output) /
    1e6
  );
}

/**
 * The month factor of one line of the bill: its workloads' factors weighted by what each consumed of it, or the plain
 * 730 h / horizon when no workload has its own (or nobody used the line).
 */
function lineMonthFactor(
  plain: number,
  workloadFactors: readonly number[] | undefined,
  weight: (w: number) => number,
): number {
  if (workloadFactors === undefined) return plain;
  let sum = 0;
  let weighted = 0;
  workloadFactors.forEach((f, w) => {
    const x = weight(w);
    sum += x;
    weighted += x * f;
  });
  return sum > 0 ? weighted / sum : plain;
}

/**
 * Computes the costs of a run over a horizon of `durationSeconds`, under the billing terms (list prices by default);
 * `workloadMonthFactors` (src/cost/month.ts, per workload in scenario order) replaces 730 h / horizon where given.
 */
export function computeCosts(
  durationSeconds: number,
  deployments: readonly ResolvedDeployment[],
  deploymentStats: readonly DeploymentAggregates[],
  gateways: readonly ResolvedGateway[],
  gatewayStats: readonly GatewayAggregates[],
  terms: BillingTerms = LIST_TERMS,
  workloadMonthFactors?: readonly number[],
): CostBreakdown {
  const hours = durationSeconds / 3600;
  const plainToMonth = HOURS_PER_MONTH / hours;
  const provisioned: CostPair = { horizon: 0, monthly: 0 };
  const tokens: CostPair = { horizon: 0, monthly: 0 };
  const gateway: CostPair = { horizon: 0, monthly: 0 };
  const byDeployment = new Map<string, CostPair>();
  const servedMonthScale = new Map<string, number>();
  const items: CostItem[] = [];
  deployments.forEach((d, i) => {
    let pair: CostPair;
    if (d.kind === "provisioned") {
      // The tokens it served scale to a month as its workloads' do (weekends, whole weeks), weighted by what each
      // workload consumed there, so "pay-as-you-go for these tokens" compares like with like.
      const t = deploymentStats[i].workloadTokens;
      const w8 = d.facts.outputWeight;
      servedMonthScale.set(
        d.id,
        lineMonthFactor(
          plainToMonth,
          workloadMonthFactors,
          (w) => t[3 * w] - t[3 * w + 1] + w8 * t[3 * w + 2],
        ) / plainToMonth,
      );
      const prices = termsPtuPrices(d.facts.prices, d.sku, terms);
      const perHour = ptuCostPerHour(prices, d.billing, d.capacity, reservedCapacityOf(d));
      pair = { horizon: perHour * hours, monthly: perHour * HOURS_PER_MONTH };
      provisioned.horizon += pair.horizon;
      provisioned.monthly += pair.monthly;
      items.push({
        category: "provisioned",
        pair,
        basis: { by: "normalized-tokens", deployment: i, outputWeight: d.facts.outputWeight },
      });
    } else {
      // The resolver refuses a standard or Batch deployment whose model has no token prices for its (standard) SKU.
      const list = d.facts.prices[d.kind === "batch" ? payAsYouGoSku(d.sku) : d.sku];
      if (list === undefined) throw new Error(`deployment ${d.id}: ${d.model} has no ${d.sku} token prices`);
      const prices = termsTokenPrices(processingPrices(d, list), terms) as TokenPrices;
      const s = deploymentStats[i];
      let horizon = tokenCost(prices, s.promptTokens, s.cachedPromptTokens, s.completionTokens);
      const t = s.workloadTokens;
      const toMonth = lineMonthFactor(plainToMonth, workloadMonthFactors, (w) =>
        tokenCost(prices, t[3 * w], t[3 * w + 1], t[3 * w + 2]),
      );
      // Priority calls moved to standard processing are billed "at standard rates" [S44].
      const [dp, dc, dg] = s.downgradedTokens;
      if (dp + dg > 0) {
        const standard = termsTokenPrices(list, terms) as TokenPrices;
        horizon += tokenCost(standard, dp, dc, dg) - tokenCost(prices, dp, dc, dg);
      }
      pair = { horizon, monthly: horizon * toMonth };
      tokens.horizon += pair.horizon;
      tokens.monthly += pair.monthly;
      items.push({ category: "tokens", pair, basis: { by: "token-cost", deployment: i, prices } });
    }
    byDeployment.set(d.id, pair);
  });
  gateways.forEach((g, i) => {
    const f = consumptionFactor(terms);
    const toMonth = lineMonthFactor(
      plainToMonth,
      workloadMonthFactors,
      (w) => gatewayStats[i].workloadRequests[w] ?? 0,
    );
    const unitsMonthly = g.units * g.regions.length * g.pricePerUnitMonthly * f;
    const callsHorizon = (gatewayStats[i].requests * g.tierFacts.pricePerMillionCalls * f) / 1e6;
    const pair = {
      horizon: (unitsMonthly * hours) / HOURS_PER_MONTH + callsHorizon,
      monthly: unitsMonthly + callsHorizon * toMonth,
    };
    // A semantic cache's stated prices: its cache tier by the month, its embeddings calls by the token.
    const cache = g.semanticCache;
    if (cache !== null) {
      const cacheMonthly = cache.cacheMonthly * f;
      const embedHorizon = (gatewayStats[i].embeddingTokens * cache.embeddingPricePerMillionTokens * f) / 1e6;
      pair.horizon += (cacheMonthly * hours) / HOURS_PER_MONTH + embedHorizon;
      pair.monthly += cacheMonthly + embedHorizon * toMonth;
    }
    gateway.horizon += pair.horizon;
    gateway.monthly += pair.monthly;
    items.push({ category: "gateway", pair, basis: { by: "gateway-requests", gateway: i } });
  });
  if (workloadMonthFactors !== undefined) for (const item of items) item.monthFactors = workloadMonthFactors;
  return { provisioned, tokens, gateway, byDeployment, items, servedMonthScale };
}
