/**
 * Default Azure OpenAI quotas, and the sum of what an estate draws on each quota pool. Azure refuses a deployment
 * that would take a pool past its quota, so a plan that needs more than the default needs a quota request first.
 *
 * Facts (docs/sources.md has each page, address and date):
 * - Standard quota: "Tokens per minute (TPM) and requests per minute (RPM) limits are defined *per region*, *per
 *   subscription*, and *per model or deployment type*" [S81] (quotas-limits.md, ms.date 2026-02-17): the deployments
 *   of one model and standard SKU in one region of one subscription share one pool, whatever their account.
 * - Quota tiers: "Seven tiers will be made available: Free Tier and Tiers 1 through 6"; "A customer's initial
 *   assigned tier is based on their current usage of that model and their current relationship with Microsoft" (EA
 *   and MCA-E customers are assigned higher tiers); an approved quota request adds quota without changing the tier
 *   [S81]. The page names no default tier. Tier 1 is the lowest it shows (the Free tab is commented out of it), so
 *   Spillway takes tier 1 as the default: the least a pay-as-you-go subscription holds. A subscription in a higher
 *   tier, or with an approved request, states what it holds under the scenario's `quota:`.
 * - The tier-1 figures are the table of [S80] (quota-tier/tier-1.md, ms.date 2026-08-20, commit 08408ff), in TPM as
 *   it writes them. A model or SKU it has no row for has no default here: the check cannot judge it (`validate
 *   --quota` says so) until the scenario states the quota.
 * - PTU quota is "the maximum number of PTUs you can deploy per subscription, per region, and per deployment type";
 *   Global, Data Zone and Regional provisioned "are separate quota pools", model-independent [S82] (concepts/
 *   provisioned-throughput.md, ms.date 2026-05-13). How much is granted by default is NOT published: "A default
 *   amount of quota is assigned to eligible subscriptions in several regions" [S82], "a small amount of provisioned
 *   quota in many regions" [S83] (provisioned-migration.md, ms.date 2026-01-30), while the onboarding page says "PTU
 *   quota must be requested" [S2]. So {@link PTU_QUOTAS} holds no figure, and PTUs are checked only against quota a
 *   scenario states.
 * - Batch quota is in enqueued tokens: "When you submit a file for batch processing, the number of tokens in the file
 *   is counted. Until the batch job reaches a terminal state, those tokens count against your total enqueued token
 *   limit" [S43] (its quota include, global-batch-limits.md, ms.date 2025-01-27). {@link BATCH_QUOTAS} holds its
 *   "Default" column (the page also gives Enterprise and MCA-E, credit-card, MSDN and student columns). The page does
 *   not say how batch quota is scoped; Spillway ASSUMES the scope of standard quota (per subscription, region, model
 *   and deployment type [S81]).
 */
import type { BatchSku, ProvisionedSku, Sku, StandardSku } from "./skus.js";
import { isBatch, isProvisioned } from "./skus.js";

/** The quota tier {@link STANDARD_QUOTAS} is taken from. */
export const DEFAULT_QUOTA_TIER = "tier 1";

/** Default standard quota of one model per standard SKU, TPM; a SKU left out has no published figure. */
export type StandardQuotas = Readonly<Partial<Record<StandardSku, number>>>;

/** Default standard quota (tier 1) per subscription and region, by model, TPM ([S80] unless noted). */
export const STANDARD_QUOTAS: Readonly<Record<string, StandardQuotas>> = {
  // DataZoneStandard 300,000 [S80]. GlobalStandard: the current tier tables have no gpt-4o row; 450,000 is the
  // earlier tier-1 table's [S7a] (versions 2024-08-06 and 2024-05-13 alike). Tiers gave everyone "quotas equal to or
  // higher than their previous levels" [S81], and the 2024 Default level was 450K as well [S7b].
  "gpt-4o": { GlobalStandard: 450_000, DataZoneStandard: 300_000 },
  "gpt-4o-mini": { GlobalStandard: 2_000_000, DataZoneStandard: 1_000_000 },
  "gpt-4.1": { GlobalStandard: 1_000_000, DataZoneStandard: 300_000 },
  "gpt-4.1-mini": { GlobalStandard: 5_000_000, DataZoneStandard: 2_000_000, Standard: 6_000_000 },
  "gpt-4.1-nano": { GlobalStandard: 5_000_000, DataZoneStandard: 2_000_000 },
  "o3-mini": { GlobalStandard: 5_000_000, DataZoneStandard: 2_000_000 },
  "o4-mini": { GlobalStandard: 1_000_000, DataZoneStandard: 300_000 },
  o3: { GlobalStandard: 1_000_000, DataZoneStandard: 300_000 },
  o1: { GlobalStandard: 3_000_000, DataZoneStandard: 600_000 },
  "gpt-5": { GlobalStandard: 1_000_000, DataZoneStandard: 300_000 },
  "gpt-5-mini": { GlobalStandard: 1_000_000, DataZoneStandard: 300_000 },
  "gpt-5-nano": { GlobalStandard: 5_000_000, DataZoneStandard: 2_000_000 },
  "gpt-5.1": { GlobalStandard: 1_000_000, DataZoneStandard: 300_000, Standard: 300_000 },
  "gpt-5.1-codex": { GlobalStandard: 1_000_000, DataZoneStandard: 300_000 },
  "gpt-5.2": { GlobalStandard: 1_000_000, DataZoneStandard: 300_000 },
  "gpt-5.2-codex": { GlobalStandard: 1_000_000 },
  "gpt-5.3-codex": { GlobalStandard: 1_000_000 },
  "gpt-5.4": { GlobalStandard: 1_000_000, DataZoneStandard: 300_000 },
};

/** Default Batch quota of one model per Batch SKU, enqueued tokens; a SKU left out has no published figure. */
export type BatchQuotas = Readonly<Partial<Record<BatchSku, number>>>;

/** Default Batch quota per subscription and region, by model, enqueued tokens: the "Default" column of [S43]. */
export const BATCH_QUOTAS: Readonly<Record<string, BatchQuotas>> = {
  "gpt-4.1": { GlobalBatch: 200_000_000, DataZoneBatch: 30_000_000 },
  // [S43] writes the global row `gpt-4.1 mini`, the data zone row `gpt-4.1-mini`.
  "gpt-4.1-mini": { GlobalBatch: 1_000_000_000, DataZoneBatch: 100_000_000 },
  "gpt-4.1-nano": { GlobalBatch: 1_000_000_000 },
  "gpt-4o": { GlobalBatch: 200_000_000, DataZoneBatch: 30_000_000 },
  "gpt-4o-mini": { GlobalBatch: 1_000_000_000, DataZoneBatch: 100_000_000 },
  "o3-mini": { GlobalBatch: 1_000_000_000, DataZoneBatch: 100_000_000 },
  "o4-mini": { GlobalBatch: 1_000_000_000 },
  "gpt-5": { GlobalBatch: 200_000_000, DataZoneBatch: 200_000_000 },
  "gpt-5.1": { GlobalBatch: 200_000_000, DataZoneBatch: 200_000_000 },
};

/** Default PTU quota per subscription and region, by provisioned SKU: not published ([S82], [S83], [S2]). */
export const PTU_QUOTAS: Readonly<Record<ProvisionedSku, number | null>> = {
  GlobalProvisionedManaged: null,
  DataZoneProvisionedManaged: null,
  ProvisionedManaged: null,
};

/**
 * The default quota of a pool, in its {@link quotaUnit}: TPM for a standard SKU and enqueued tokens for a Batch SKU
 * (both per model), PTUs for a provisioned one (any model); null = no published figure.
 */
export function defaultQuota(sku: Sku, model: string): number | null {
  if (isProvisioned(sku)) return PTU_QUOTAS[sku];
  if (isBatch(sku)) return (Object.hasOwn(BATCH_QUOTAS, model) ? BATCH_QUOTAS[model] : {})[sku] ?? null;
  const quotas = Object.hasOwn(STANDARD_QUOTAS, model) ? STANDARD_QUOTAS[model] : {};
  return quotas[sku as StandardSku] ?? null;
}

/** What a pool's quota counts: PTUs, tokens per minute, or enqueued tokens (Batch). */
export type QuotaUnit = "PTU" | "TPM" | "enqueued tokens";

/** The unit quota of a SKU is counted in. */
export function quotaUnit(sku: Sku): QuotaUnit {
  if (isProvisioned(sku)) return "PTU";
  return isBatch(sku) ? "enqueued tokens" : "TPM";
}

/** One deployment's draw on quota: its capacity, where it is, and what it deploys. */
export interface QuotaClaim {
  /** The deployment, `account/deployment`. */
  deployment: string;
  /** The subscription its account is in. */
  subscription: string;
  /** Its account's region. */
  region: string;
  /** Model name. */
  model: string;
  /** Deployment SKU. */
  sku: Sku;
  /** `sku.capacity`: PTUs, thousands of TPM, or thousands of enqueued tokens (Batch). */
  capacity: number;
}

/** Quota a subscription holds in one pool (granted beyond the default): it replaces the default there. */
export interface QuotaGrant {
  /** Subscription. */
  subscription: string;
  /** Region. */
  region: string;
  /** Deployment SKU. */
  sku: Sku;
  /** Model, for a standard SKU; null for a provisioned one (PTU quota is model-independent). */
  model: string | null;
  /** In the SKU's {@link quotaUnit}: TPM, PTUs or enqueued tokens. */
  limit: number;
}

/** One quota pool the estate draws on, with what it needs and what applies. */
export interface QuotaPool {
  /** Subscription. */
  subscription: string;
  /** Region. */
  region: string;
  /** Deployment SKU. */
  sku: Sku;
  /** Model for a standard pool; null for a PTU pool (model-independent). */
  model: string | null;
  /** What `needed` and `limit` count. */
  unit: QuotaUnit;
  /** Sum of the pool's deployments' capacities, in `unit`. */
  needed: number;
  /** The deployments drawing on it, in file order. */
  deployments: string[];
  /** The quota that applies, in `unit`; null when none is published and none is stated. */
  limit: number | null;
  /** Where the limit comes from. */
  basis: "granted" | "default" | "unknown";
  /** Whether the pool needs more than its limit. */
  over: boolean;
}

/** The key of a pool: standard pools are per model, PTU pools are not. */
function poolKey(subscription: string, region: string, sku: Sku, model: string | null): string {
  return JSON.stringify([subscription, region, sku, model]);
}

/**
 * The pools an estate draws on, each with the sum of its deployments' capacities and the quota that applies: the
 * grant when one names the pool, else the default ({@link defaultQuota}). In the order their first deployment comes.
 */
export function quotaPools(claims: readonly QuotaClaim[], grants: readonly QuotaGrant[]): QuotaPool[] {
  const granted = new Map(grants.map((g) => [poolKey(g.subscription, g.region, g.sku, g.model), g.limit]));
  const pools = new Map<string, QuotaPool>();
  for (const c of claims) {
    const provisioned = isProvisioned(c.sku);
    const model = provisioned ? null : c.model;
    const key = poolKey(c.subscription, c.region, c.sku, model);
    let pool = pools.get(key);
    if (pool === undefined) {
      const grant = granted.get(key);
      const fallback = defaultQuota(c.sku, c.model);
      pool = {
        subscription: c.subscription,
        region: c.region,
        sku: c.sku,
        model,
        unit: quotaUnit(c.sku),
        needed: 0,
        deployments: [],
        limit: grant ?? fallback,
        basis: grant !== undefined ? "granted" : fallback !== null ? "default" : "unknown",
        over: false,
      };
      pools.set(key, pool);
    }
    // Standard (and Batch) capacity is in thousands of the tokens quota is granted in.
    pool.needed += provisioned ? c.capacity : c.capacity * 1000;
    pool.deployments.push(c.deployment);
  }
  for (const pool of pools.values()) pool.over = pool.limit !== null && pool.needed > pool.limit;
  return [...pools.values()];
}
