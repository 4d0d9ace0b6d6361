/**
 * The cost of a run. Provisioned deployments cost their PTUs per hour whether used or not [S2, S13] — hourly at the
 * list price, or the reservation price spread over the hours it covers (PTUs beyond the reservation hourly); standard deployments cost their served
 * tokens at the SKU's per-1M prices (uncached input, cached input, output) [S20]; spilled requests are billed at
 * the standard deployment's prices [S5]. API Management costs its units per region per month.
 * A month is 730 hours (Azure's billing month); monthly figures scale the horizon by 730 h / horizon hours, except
 * fixed-price items (PTUs, gateway units) which are priced for 730 hours directly.
 */
import { HOURS_PER_MONTH, type PtuPrices, type TokenPrices } from "../catalog/index.js";
import type { DeploymentAggregates, GatewayAggregates } from "../metrics/run-aggregates.js";
import type {
  Billing,
  ProvisionedDeployment,
  ResolvedDeployment,
  ResolvedGateway,
} from "../scenario/resolve.js";

/** Horizon and monthly cost of one item, USD. */
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

/** Computes the costs of a run over a horizon of `durationSeconds`. */
export function computeCosts(
  durationSeconds: number,
  deployments: readonly ResolvedDeployment[],
  deploymentStats: readonly DeploymentAggregates[],
  gateways: readonly ResolvedGateway[],
  gatewayStats: readonly GatewayAggregates[],
): CostBreakdown {
  const hours = durationSeconds / 3600;
  const toMonth = HOURS_PER_MONTH / hours;
  const provisioned: CostPair = { horizon: 0, monthly: 0 };
  const tokens: CostPair = { horizon: 0, monthly: 0 };
  const gateway: CostPair = { horizon: 0, monthly: 0 };
  const byDeployment = new Map<string, CostPair>();
  deployments.forEach((d, i) => {
    let pair: CostPair;
    if (d.kind === "provisioned") {
      const prices = d.facts.prices[d.sku];
      const perHour = ptuCostPerHour(prices, d.billing, d.capacity, reservedCapacityOf(d));
      pair = { horizon: perHour * hours, monthly: perHour * HOURS_PER_MONTH };
      provisioned.horizon += pair.horizon;
      provisioned.monthly += pair.monthly;
    } else {
      const prices = d.facts.prices[d.sku];
      const s = deploymentStats[i];
      const horizon = tokenCost(prices, s.promptTokens, s.cachedPromptTokens, s.completionTokens);
      pair = { horizon, monthly: horizon * toMonth };
      tokens.horizon += pair.horizon;
      tokens.monthly += pair.monthly;
    }
    byDeployment.set(d.id, pair);
  });
  gateways.forEach((g, i) => {
    const unitsMonthly = g.units * g.regions.length * g.pricePerUnitMonthly;
    const callsHorizon = (gatewayStats[i].requests * g.tierFacts.pricePerMillionCalls) / 1e6;
    gateway.horizon += (unitsMonthly * hours) / HOURS_PER_MONTH + callsHorizon;
    gateway.monthly += unitsMonthly + callsHorizon * toMonth;
  });
  return { provisioned, tokens, gateway, byDeployment };
}
