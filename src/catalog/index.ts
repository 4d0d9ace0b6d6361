/**
 * Public entry point of the built-in fact catalog. It re-exports each name explicitly, plus a few catalog-wide
 * constants.
 */

import { numericDefault } from "./assumptions.js";

export { APIM_TIERS } from "./apim-tiers.js";
export {
  APIM_FACT_CITATIONS,
  type Citation,
  type CitationOverrides,
  MODEL_CITATION_OVERRIDES,
  MODEL_FACT_CITATIONS,
  MODEL_FACT_KINDS,
  type ModelFactKind,
  modelCitation,
  modelCitations,
  SKU_CITATION,
  SOURCE_PAGES,
  type SourcePage,
} from "./fact-sources.js";
export { MODELS } from "./models.js";
export {
  DEFAULT_QUOTA_TIER,
  defaultQuota,
  PTU_QUOTAS,
  type QuotaClaim,
  type QuotaGrant,
  type QuotaPool,
  quotaPools,
  STANDARD_QUOTAS,
} from "./quotas.js";
export {
  LATENCY_DATE,
  PUBLISHED_ROUND_TRIPS,
  pairKey,
  publishedRoundTrip,
} from "./region-latency.js";
export {
  type DataZone,
  REGIONS,
  REGIONS_DATE,
  type RegionArea,
  type RegionFacts,
  regionByDisplayName,
  regionFacts,
} from "./regions.js";
export {
  capacityText,
  type DeploymentKind,
  isProvisioned,
  PROVISIONED_SKUS,
  type ProvisionedSku,
  payAsYouGoSku,
  perSku,
  SKU_REGISTRY,
  SKUS,
  type Sku,
  type SkuFacts,
  STANDARD_SKUS,
  type StandardSku,
  skuFacts,
  spilloverSku,
} from "./skus.js";
export type {
  ApimTier,
  ApimTierFacts,
  LatencyDefaults,
  ModelFacts,
  PtuPrices,
  PtuSizing,
  TokenPrices,
} from "./types.js";

/**
 * Date of the newest source used in the catalog. It comes from the APIM reliability doc (ms.date 2026-09-09),
 * which is the source for multi-region support. Token and PTU-hour prices are a snapshot of the Azure Retail Prices
 * API as of 2026-07-31. The newest PTU table is provisioned-throughput-sizing.md, ms.date 2026-05-22.
 */
export const CATALOG_DATE = "2026-09-09";

/**
 * Hours in a billing month. Azure bills by the hour and converts to a monthly figure with 730 h (= 8,760 h / 12).
 * The reservation discounts quoted in models.ts (~64 % and ~70 % off the hourly price, [S24]) are the same 730-hour
 * arithmetic: $260 and $221 against 730 × $1.00.
 */
export const HOURS_PER_MONTH = 730;

/**
 * `max_tokens` assumed when a request does not set one. Microsoft does not publish what the service assumes in that
 * case ([S1] says only that the service estimates a value; searched, not found). The only hint is gpt-4o's default
 * response size of 4,096 tokens (quotas-limits.md [S7], ms.date 2026-02-17), so we use that. A scenario can override
 * it.
 */
export const DEFAULT_MAX_TOKENS = numericDefault("workload.maxTokens");
