/**
 * Each workload's share of the bill, so that a team can be shown what its traffic costs and the shares add up to the
 * total exactly. Every line of the bill ({@link CostItem}) is shared by its own basis: a provisioned deployment's PTUs
 * by the normalized tokens each workload consumed on it (uncached prompt + outputWeight × completion, as utilization
 * counts them), a standard deployment's tokens at their own price (the workload's tokens there × the deployment's
 * prices), and a gateway's units and calls — or any other fixed cost added at a gateway — by the requests each workload
 * sent through it. A line nobody used (a standby PTU, an idle gateway) is shared equally: it is paid for all of them.
 *
 * Shares are apportioned in whole units of the report's rounding (largest remainder, ties to the earlier workload),
 * so the workloads' rounded figures of each category and of the total sum to the report's rounded figure exactly.
 */
import type { DeploymentAggregates, GatewayAggregates } from "../metrics/run-aggregates.js";
import { type CostCategory, type CostItem, type ShareBasis, tokenCost } from "./cost-model.js";

/** Money in report.json is rounded to this (4 decimals, as build-report's `usd`). */
export const MONEY_UNIT = 1e-4;

/** What the shares read of a run: per-workload tokens per deployment and requests per gateway, in scenario order. */
export interface ShareStats {
  /** Per deployment (its `workloadTokens`). */
  deployments: readonly Pick<DeploymentAggregates, "workloadTokens">[];
  /** Per gateway (its `workloadRequests`). */
  gateways: readonly Pick<GatewayAggregates, "workloadRequests">[];
}

/** One period's figures: `total` and one per category, as `cost.horizon` / `cost.monthly` hold them. */
export type PeriodCosts = { total: number } & Record<CostCategory, number>;

/** A workload's share of the bill, per period. */
export interface WorkloadCost {
  /** Its share of the simulated horizon's cost. */
  horizon: PeriodCosts;
  /** Its share of a 730-hour month's cost. */
  monthly: PeriodCosts;
}

/** How much of a line of the bill each workload used, by the line's basis. */
export function shareWeights(basis: ShareBasis, stats: ShareStats, workloads: number): number[] {
  const out = new Array<number>(workloads).fill(0);
  for (let w = 0; w < workloads; w++) {
    switch (basis.by) {
      case "normalized-tokens": {
        const t = stats.deployments[basis.deployment].workloadTokens;
        out[w] = t[3 * w] - t[3 * w + 1] + basis.outputWeight * t[3 * w + 2];
        break;
      }
      case "token-cost": {
        const t = stats.deployments[basis.deployment].workloadTokens;
        out[w] = tokenCost(basis.prices, t[3 * w], t[3 * w + 1], t[3 * w + 2]);
        break;
      }
      case "gateway-requests":
        out[w] = stats.gateways[basis.gateway].workloadRequests[w];
    }
  }
  return out;
}

/**
 * Splits `total` (already rounded to `unit`) in proportion to `weights`, in whole units: each part gets the floor of
 * its quota and the units left go to the largest remainders (ties to the lower index), so the parts sum to the total
 * exactly. All-zero weights split it equally. A negative total is split as its opposite, negated.
 */
export function apportion(total: number, weights: readonly number[], unit = MONEY_UNIT): number[] {
  const n = weights.length;
  if (n === 0) return [];
  const units = Math.round(total / unit);
  if (units < 0) return apportion(-total, weights, unit).map((v) => (v === 0 ? 0 : -v));
  const sum = weights.reduce((a, b) => a + b, 0);
  // Past 2^53 units (or not finite) no split is exact: plain proportions (the run checks for non-finite figures).
  if (!Number.isSafeInteger(units)) return weights.map((w) => (sum > 0 ? (total * w) / sum : total / n));
  const quota = sum > 0 ? weights.map((w) => (units * w) / sum) : weights.map(() => units / n);
  const parts = quota.map((q) => Math.floor(q));
  // Fewer than n units are left (each floor loses less than one); the clamp guards against rounding of the quotas.
  let left = Math.min(n, Math.max(0, units - parts.reduce((a, b) => a + b, 0)));
  const order = quota.map((q, i) => ({ i, r: q - parts[i] })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % n, left--) parts[order[k].i]++;
  return parts.map((p) => Math.round(p) * unit);
}

/** Rounds to the money unit as report.json does (4 decimals, no -0). */
function roundMoney(v: number): number {
  const r = Math.round(v / MONEY_UNIT) * MONEY_UNIT;
  return r === 0 ? 0 : Number(r.toFixed(4));
}

/**
 * Each workload's cost share (in scenario order), given the bill's lines and the report's rounded totals per period
 * (`cost.horizon`, `cost.monthly`): per category and in total, the workloads' figures sum to the report's exactly.
 */
export function workloadCosts(
  items: readonly CostItem[],
  stats: ShareStats,
  workloads: number,
  totals: { horizon: PeriodCosts; monthly: PeriodCosts },
): WorkloadCost[] {
  const categories = Object.keys(totals.monthly).filter((k) => k !== "total") as CostCategory[];
  const normalize = (w: number[]) => {
    const sum = w.reduce((a, b) => a + b, 0);
    // Used by nobody: paid for everybody, equally.
    return sum > 0 ? w.map((v) => v / sum) : w.map(() => 1 / workloads);
  };
  const used = items.map((item) => shareWeights(item.basis, stats, workloads));
  const weights = used.map(normalize);
  // A month extrapolated per workload (weekly shapes, whole weeks): each one's use scaled by its own factor.
  const monthWeights = items.map((item, k) =>
    item.monthFactors === undefined
      ? weights[k]
      : normalize(used[k].map((v, w) => v * (item.monthFactors?.[w] ?? 1))),
  );
  const period = (p: "horizon" | "monthly"): PeriodCosts[] => {
    // Unrounded shares per workload and category: the weights the rounded totals are apportioned by.
    const raw = Array.from({ length: workloads }, () => new Map<CostCategory, number>());
    items.forEach((item, k) => {
      for (let w = 0; w < workloads; w++)
        raw[w].set(
          item.category,
          (raw[w].get(item.category) ?? 0) + item.pair[p] * (p === "monthly" ? monthWeights : weights)[k][w],
        );
    });
    const out = Array.from({ length: workloads }, () => ({ total: 0 }) as PeriodCosts);
    const byTotal = apportion(
      totals[p].total,
      raw.map((m) => [...m.values()].reduce((a, b) => a + b, 0)),
    );
    byTotal.forEach((v, w) => {
      out[w].total = roundMoney(v);
    });
    for (const c of categories) {
      apportion(
        totals[p][c],
        raw.map((m) => m.get(c) ?? 0),
      ).forEach((v, w) => {
        out[w][c] = roundMoney(v);
      });
    }
    return out;
  };
  const horizon = period("horizon");
  const monthly = period("monthly");
  return horizon.map((h, w) => ({ horizon: h, monthly: monthly[w] }));
}
