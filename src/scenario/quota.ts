/**
 * The quota an estate needs against what Azure grants (src/catalog/quotas.ts): the pools its deployments draw on,
 * the `quota` warning for each pool that needs more than its default or stated quota, and the checks of a scenario's
 * `quota:` entries. A scenario has accounts, not subscriptions: accounts share one subscription unless they name one
 * (`subscription:`), and a `quota:` entry without a subscription is for that shared one.
 */
import {
  DEFAULT_QUOTA_TIER,
  MODELS,
  type QuotaClaim,
  type QuotaGrant,
  type QuotaPool,
  quotaPools,
} from "../catalog/index.js";
import { type RunWarning, warning } from "../metrics/warnings.js";
import { groupDigits } from "../units.js";
import type { PathProblem, ResolvedDeployment } from "./resolve.js";
import type { Scenario } from "./schema.js";
import { nearestKey, suggestModel } from "./suggest.js";

/** The subscription of accounts that name none. */
export const DEFAULT_SUBSCRIPTION = "default";

/** An amount of quota as messages and tables show it: `1,000,000 TPM`, `300 PTU`. */
export function quotaText(amount: number, unit: QuotaPool["unit"]): string {
  return `${groupDigits(amount)} ${unit}`;
}

/** The pool as a message names it: subscription, region, SKU and (standard pools) model. */
export function poolName(pool: QuotaPool): string {
  const what = pool.model === null ? `${pool.sku} PTUs` : `${pool.model} ${pool.sku}`;
  return `${what} in ${pool.region} (subscription ${pool.subscription})`;
}

/** The pools the estate draws on, with the quota that applies to each (stated under `quota:`, else the default). */
export function estateQuota(scenario: Scenario, deployments: readonly ResolvedDeployment[]): QuotaPool[] {
  const subscriptionOf = new Map(
    scenario.accounts.map((a) => [a.name, a.subscription ?? DEFAULT_SUBSCRIPTION]),
  );
  const claims: QuotaClaim[] = deployments.map((d) => ({
    deployment: d.id,
    subscription: subscriptionOf.get(d.account) ?? DEFAULT_SUBSCRIPTION,
    region: d.region,
    model: d.model,
    sku: d.sku,
    capacity: d.capacity,
  }));
  const grants: QuotaGrant[] = (scenario.quota ?? []).map((q) => ({
    subscription: q.subscription ?? DEFAULT_SUBSCRIPTION,
    region: q.region,
    sku: q.sku,
    model: q.model ?? null,
    limit: q.tpm ?? q.ptu ?? q.enqueuedTokens ?? 0,
  }));
  return quotaPools(claims, grants);
}

/** `quota`: one warning per pool that needs more than the quota that applies to it. */
export function quotaWarnings(pools: readonly QuotaPool[]): RunWarning[] {
  return pools
    .filter((p) => p.over && p.limit !== null)
    .map((p) => {
      const limit = quotaText(p.limit ?? 0, p.unit);
      const against =
        p.basis === "granted"
          ? `the ${limit} its quota: entry states`
          : `the ${limit} Azure grants by default (quota ${DEFAULT_QUOTA_TIER})`;
      return warning(
        "quota",
        `${poolName(p)} needs ${quotaText(p.needed, p.unit)} (${p.deployments.join(", ")}), more than ${against}: ` +
          "Azure refuses a deployment past its quota; request more, or state the quota you hold under quota:",
      );
    });
}

/**
 * Problems of the `quota:` entries that schema checks cannot see: a model neither the catalog nor `models:` knows
 * (with the nearest name), and a subscription no account is in.
 */
export function quotaProblems(scenario: Scenario): PathProblem[] {
  const models = new Set([...Object.keys(MODELS), ...Object.keys(scenario.models)]);
  const subscriptions = new Set(scenario.accounts.map((a) => a.subscription ?? DEFAULT_SUBSCRIPTION));
  const problems: PathProblem[] = [];
  (scenario.quota ?? []).forEach((q, i) => {
    if (q.model !== undefined && !models.has(q.model)) {
      const guess = suggestModel(q.model, models);
      problems.push({
        path: ["quota", i, "model"],
        message: `unknown model "${q.model}"${guess === undefined ? "" : `; did you mean "${guess}"?`} (a catalog model or one under models:)`,
      });
    }
    const named = [...subscriptions].join(", ");
    if (q.subscription === undefined && !subscriptions.has(DEFAULT_SUBSCRIPTION)) {
      problems.push({
        path: ["quota", i],
        message: `every account names its subscription (${named}): add subscription: to say which one holds this quota`,
      });
    } else if (q.subscription !== undefined && !subscriptions.has(q.subscription)) {
      const guess = nearestKey(q.subscription, subscriptions);
      problems.push({
        path: ["quota", i, "subscription"],
        message: `no account is in subscription "${q.subscription}"${guess === undefined ? "" : `; did you mean "${guess}"?`} (accounts are in: ${named})`,
      });
    }
  });
  return problems;
}
