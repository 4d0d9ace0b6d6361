/**
 * Built-in facts for the Azure API Management tiers, from the sources below; their public pages and dates are listed
 * in docs/sources.md.
 * - [MS-f]   api-management-features.md, ms.date 2025-11-11 (feature table).
 * - [MS-r]   reliability-api-management.md, ms.date 2026-09-09. It says: "Multiregion deployments are only supported
 *            in the Premium (classic) tier".
 * - [MS-v2]  v2-service-tiers-overview.md: Basic v2 and Standard v2 go "up to 10 units", Premium v2 "up to 30 units".
 * - [MS-u18] upgrade-and-scale.md, 2018 (Developer 1 unit, Basic 2, Standard 4).
 * - [MS-bk]  backends.md, ms.date 2026-01-15: the circuit breaker is "not supported in Consumption tier".
 * - [3P-a]   api-evangelist pricing YAML (undated harvest).
 * - [3P-b]   microsoftnegotiations.com licensing blog (undated).
 * - [3P-c]   jeanpaulsmit.com, May 2021. It quotes the pricing page: Developer 500, Basic 1,000, Standard 2,500 and
 *            Premium 4,000 req/s.
 * - [3P-d]   api-evangelist harvest of azure.microsoft.com/pricing/details/api-management (same req/s statements).
 * - [3P-e]   rate-limits.apis.io (Premium 12 units per region).
 *
 * Microsoft calls the per-unit throughput "an estimated maximum throughput value to allow for rough capacity
 * planning", not a limit, and asks readers not to rely on it. Every dollar and req/s figure here comes from a
 * third party ([3P]): a scenario should override them where it matters.
 *
 * `overhead`: Microsoft publishes no figure for the latency the gateway adds (searched in the pages above: not
 * found). We ASSUME 5 ms per pass for dedicated tiers (classic and v2) and 10 ms for the shared, serverless
 * Consumption tier. You can measure the real value as `ResponseTime − BackendTime` in ApiManagementGatewayLogs.
 *
 * Prices are per unit per month in USD. Where [3P] gives a range, we take the upper end, which is conservative
 * for cost planning.
 */
import type { ApimTier, ApimTierFacts } from "./types.js";

/** Facts for each API Management tier, keyed by the tier name used in scenarios. */
export const APIM_TIERS: Readonly<Record<ApimTier, ApimTierFacts>> = {
  Developer: {
    // 500 req/s [3P-c][3P-d], quoting the pricing page.
    requestsPerSecondPerUnit: 500,
    // 1 unit; this tier cannot be scaled [MS-u18].
    maxUnits: 1,
    // ~$48 [3P-b]. The tier has no SLA [MS-f].
    pricePerUnitMonthly: 48,
    pricePerMillionCalls: 0,
    // Multi-region is Premium (classic) only [MS-f][MS-r].
    multiRegion: false,
    // Circuit breaker available; only Consumption lacks it [MS-bk].
    circuitBreaker: true,
    // ASSUMPTION, see the file header.
    overhead: 0.005,
  },
  Basic: {
    // 1,000 req/s [3P-c][3P-d].
    requestsPerSecondPerUnit: 1000,
    // 2 units [MS-u18].
    maxUnits: 2,
    // [3P-a][3P-b] give ~$150–155; we take $155.
    pricePerUnitMonthly: 155,
    pricePerMillionCalls: 0,
    multiRegion: false,
    circuitBreaker: true,
    overhead: 0.005,
  },
  Standard: {
    // 2,500 req/s [3P-c][3P-d].
    requestsPerSecondPerUnit: 2500,
    // 4 units [MS-u18].
    maxUnits: 4,
    // [3P-a][3P-b] give ~$700–704; we take $704.
    pricePerUnitMonthly: 704,
    pricePerMillionCalls: 0,
    multiRegion: false,
    circuitBreaker: true,
    overhead: 0.005,
  },
  Premium: {
    // 4,000 req/s [3P-c][3P-d].
    requestsPerSecondPerUnit: 4000,
    // 12 units per region [3P-a][3P-e]. The 2018 doc [MS-u18] said "any number"; 12 is the newer, concrete figure.
    maxUnits: 12,
    // [3P-a][3P-b] give ~$2,795–3,000 per unit per region; we take $3,000.
    pricePerUnitMonthly: 3000,
    pricePerMillionCalls: 0,
    // The only tier that can run gateways in several regions [MS-f][MS-r].
    multiRegion: true,
    circuitBreaker: true,
    overhead: 0.005,
  },
  BasicV2: {
    // ASSUMPTION: no published figure (searched: not found). We use classic Basic's 1,000 req/s.
    requestsPerSecondPerUnit: 1000,
    // Up to 10 units [MS-v2]. A third-party blog says 4 [3P-b]; Microsoft's doc wins.
    maxUnits: 10,
    // ~$210 [3P-b]. The 10M requests a month included in the price [3P-d] are not modelled; no overage price was found.
    pricePerUnitMonthly: 210,
    pricePerMillionCalls: 0,
    // Multi-region is Premium (classic) only [MS-v2][MS-r].
    multiRegion: false,
    circuitBreaker: true,
    overhead: 0.005,
  },
  StandardV2: {
    // ASSUMPTION: no published figure. We use classic Standard's 2,500 req/s.
    requestsPerSecondPerUnit: 2500,
    // Up to 10 units [MS-v2].
    maxUnits: 10,
    // ~$734 [3P-b]. The 50M requests a month included [3P-d] are not modelled.
    pricePerUnitMonthly: 734,
    pricePerMillionCalls: 0,
    multiRegion: false,
    circuitBreaker: true,
    overhead: 0.005,
  },
  PremiumV2: {
    // ASSUMPTION: no published figure. We use classic Premium's 4,000 req/s.
    requestsPerSecondPerUnit: 4000,
    // Up to 30 units [MS-v2].
    maxUnits: 30,
    // ASSUMPTION: no price found (the pricing page renders "$-" [3P-d]). We use classic Premium's $3,000.
    pricePerUnitMonthly: 3000,
    pricePerMillionCalls: 0,
    // Multi-region is not available in v2 [MS-v2][MS-r].
    multiRegion: false,
    circuitBreaker: true,
    overhead: 0.005,
  },
  Consumption: {
    // ASSUMPTION: serverless, with no units and no published throughput [MS]. 1,000 req/s (Basic's figure) is only a
    // planning granularity for one auto-scaled increment; `maxUnits: null` means no fixed ceiling.
    requestsPerSecondPerUnit: 1000,
    // No fixed maximum: Consumption scales by itself.
    maxUnits: null,
    // No per-unit charge.
    pricePerUnitMonthly: 0,
    // ~$3.50 per 1M calls [3P-a]. The first 1M calls a month are free; that allowance is not modelled here.
    pricePerMillionCalls: 3.5,
    // No multi-region [MS-f].
    multiRegion: false,
    // Circuit breaker not supported in Consumption [MS-bk].
    circuitBreaker: false,
    // ASSUMPTION: 10 ms, higher than the dedicated tiers because the gateway is shared and serverless.
    overhead: 0.01,
  },
};
