/**
 * Built-in facts for the Azure OpenAI models Spillway knows about. A scenario's `models:` block merges over
 * these field by field, so each figure here is only a default.
 *
 * Source tags are listed, with their pages and dates, in docs/sources.md:
 * - [S2]  provisioned-throughput-onboarding.md, ms.date 2026-04-07 (PTU costs and billing).
 * - [S3]  provisioned-throughput-sizing.md, ms.date 2026-05-22. This is the newest PTU table: input TPM per PTU,
 *         output weight, minimum and increment, latency target.
 * - [S1b] concepts/provisioned-throughput.md, ms.date 2024-08-07 (older output TPM per PTU).
 * - [S6]  foundry-classic quota.md, ms.date 2026-05-01 (RPM per 1,000 TPM rule).
 * - [S7a] quota-tier/tier-1.md and tier-6.md, commit bb53c8d (RPM/TPM per model and SKU).
 * - [S7b] quotas-limits.md, 2024 (the old Default/Enterprise tables).
 * - [S9]  latency.md, ms.date 2025-11-26 (gpt-4o-mini PTU worked examples).
 * - [S12] cost-management-billing/reservations/azure-openai.md, ms.date 2024-12-06;
 *         [S13] provisioned-throughput-billing.md, ms.date 2026-05-17.
 * - [S20] Azure Retail Prices API meters, data as of 2026-07-31 (via a third-party snapshot of Microsoft's data).
 * - [S21] Packt "Azure OpenAI Essentials" (from before December 2024); [S23] Redress Compliance, June 2026;
 *         [S24] Archera, March 2026; [S25] a third-party notebook, undated/2026-09, LOW confidence;
 *         [S26] Redress Compliance "Azure OpenAI pricing explained" (undated).
 * - [S32] artificialanalysis.ai provider pages: P50 over 14 days of standard (pay-as-you-go) Azure endpoints.
 *         The snapshot date is not shown.
 * - [S51] models-azure-direct-openai.md (the Azure OpenAI models page), ms.date 2026-02-27, commit 421dfa9: the
 *         versions of each model (`versions`), and o1's 200,000-token input limit.
 * - "model card": the public OpenAI/Azure model documentation. These are well-known values that do not come
 *   from the tagged sources.
 *
 * The GPT-5 family lives in models-gpt5.ts and is registered here in one line; a new family is a new file and one
 * line in {@link MODELS}.
 */
import { GPT5_MODELS } from "./models-gpt5.js";
import { GLOBAL_DZ_SIZING, REGIONAL_SIZING_25, REGIONAL_SIZING_50 } from "./sizing.js";
import type { ModelFacts, PtuPrices } from "./types.js";

/**
 * Global Provisioned PTU prices.
 * - Hourly $1.00 per PTU-hour: [S20] meter "Provisioned Managed Global Unit" (eastus and 32 other regions,
 *   effective 2024-11-01; data as of 2026-07-31).
 * - Reservations, $260 per PTU for 1 month and $2,652 per PTU for 1 year (= $221 a month). Several sources agree:
 *   [S21] the Packt book; [S23] Redress, June 2026 ("$221/mo annual, 70 percent"); [S24] Archera, March 2026
 *   (~64 % and ~70 % off the hourly price); [S25].
 * - Microsoft publishes no reservation price in the docs we read ([S12], [S13]).
 * - The same price applies to every AOAI model ([S13]: for AOAI models the per-type meters apply).
 */
const GLOBAL_PTU_PRICES: PtuPrices = { hourly: 1.0, reservationMonthly: 260, reservationYearly: 2652 };

/**
 * Data Zone Provisioned PTU prices.
 * - Hourly $1.10 per PTU-hour: [S20] meter "Provisioned Managed Data Zone Unit" in the US/EU zones (effective
 *   2024-11-01; data as of 2026-07-31). indonesiacentral ($1.20) and usgov ($2.50) cost more and are not modelled.
 * - Reservations, $286 per PTU per month and $2,916 per PTU per year: these come from ONE third-party source, [S25]
 *   (a low-confidence notebook that says it queried the Retail API). Nothing else corroborates them. They are
 *   kept because they give the same discount as Global (~64 % and ~69 % off the $1.10 hourly price).
 *   Verify before relying on them.
 */
const DATA_ZONE_PTU_PRICES: PtuPrices = { hourly: 1.1, reservationMonthly: 286, reservationYearly: 2916 };

/**
 * Regional Provisioned PTU prices.
 * - Hourly $2.00 per PTU-hour: [S20] meter "Provisioned Managed Regional Unit" in eastus, eastus2, westus and others
 *   (effective 2024-04-01). Several European and Asian regions cost $2.20–$2.40 and are not modelled.
 * - Reservations: the sources CONFLICT.
 *   - [S25] (low confidence) gives $286 per month and $2,916 per year.
 *   - [S21] (from before December 2024, when regional was the only PTU type) gives $260 per month and
 *     $221 per month on an annual term.
 * - We choose $260 per month and $2,652 per year (12 × $221). Reason: [S26] gives the regional discount as
 *   "up to 82 to 85%" off the $2.00 hourly price. At 730 h a month, $2.00 × 730 = $1,460, so $260 is 82.2 % off
 *   and $221 is 84.9 % off. $286 would be 80.4 % off, outside that range.
 */
const REGIONAL_PTU_PRICES: PtuPrices = { hourly: 2.0, reservationMonthly: 260, reservationYearly: 2652 };

/*
 * Latency defaults: how they were derived. They apply to STANDARD deployments: [S32] measures only
 * standard/serverless endpoints, and no side-by-side PTU measurement was found.
 *
 * - Measured medians, all from [S32] Artificial Analysis (P50, Azure):
 *   - gpt-4o (May 2024 version): TTFT 0.77 s, 115 tok/s.
 *   - gpt-4.1-mini: TTFT 1.14 s, 107.9 tok/s.
 *   - o3: 37.7 s to the first answer token (this includes hidden reasoning), 82.6 tok/s.
 * - [S32]'s default workload has 10,000 input tokens. This was recorded from the gpt-4.1-mini page only; we
 *   assume the same default for the other rows.
 * - `ttftPer1kPromptTokens` (prefill) is an ASSUMPTION, because no Azure prefill measurement was found:
 *   - 0.030 s per 1K prompt tokens for the large models (gpt-4o, gpt-4.1, o3);
 *   - 0.015 s for the mini models;
 *   - 0.010 s for nano.
 * - For a measured model, `ttft` (small prompt) = measured TTFT − 10 × ttftPer1kPromptTokens. The model then
 *   reproduces the measurement at 10K input tokens.
 * - A model without a measurement is an ASSUMPTION built from the measured model of its own family
 *   (gpt-4o → gpt-4o-mini; gpt-4.1-mini → gpt-4.1 and gpt-4.1-nano; o3 → o3-mini and o4-mini):
 *   - `ttft` is the same as that model's;
 *   - `tokensPerSecond` is scaled by the ratio of the two models' PTU latency targets ([S3]).
 */

/** The gpt-4o, gpt-4.1 and o-series models, keyed by the Azure model name. */
const GPT4_AND_O_SERIES: Readonly<Record<string, ModelFacts>> = {
  "gpt-4o": {
    // 2,500 input TPM per PTU [S3]; the 2024 doc gives the same figure [S1b].
    ptuInputTpm: 2500,
    // Output weight 4: the current PTU table [S3] (ms.date 2026-05-22) lists 4.
    // Spillway used 3 before, from [S1b] (2024-08-07: 833 output TPM per PTU, i.e. 2,500 / 833 = 3), because
    // Microsoft's worked examples for the sibling gpt-4o-mini in [S9] fit only a ratio between 2.83 and 3.6.
    // The current table wins; a scenario can still set 3 under `models:`.
    outputWeight: 4,
    // No documented PTU prompt limit (the 128K 400-rule covers only the gpt-4.1 family and gpt-5.4 [S2, S3]).
    ptuMaxPromptTokens: null,
    // 128,000-token context window (model card).
    contextWindow: 128000,
    rpmPer1kTpm: {
      // 10: [S7a] tier-1 gpt-4o (2024-08-06) GlobalStandard, 4,500 RPM / 450K TPM. The 2024-11-20 version, whose
      // prices we use, has no row of its own; 08-06 is the nearest.
      GlobalStandard: 10,
      // 6: [S7a] gpt-4o DataZoneStandard "300 / 10s" for 300K TPM, i.e. 1,800 RPM. It is checked per 10 s.
      DataZoneStandard: 6,
      // 6: the "older chat models" rule of [S6] and the 2024 table [S7b] (150K TPM, 900 RPM).
      Standard: 6,
    },
    ptuSizing: {
      GlobalProvisionedManaged: { ...GLOBAL_DZ_SIZING },
      DataZoneProvisionedManaged: { ...GLOBAL_DZ_SIZING },
      ProvisionedManaged: { ...REGIONAL_SIZING_50 },
    },
    // 99% of requests faster than 25 tokens/s [S3].
    ptuTargetTokensPerSecond: 25,
    // Measured [S32] (gpt-4o May 2024 on Azure, standard): TTFT 0.77 s at 10K input, 115 tok/s.
    // ttft = 0.77 − 10 × 0.03 = 0.47 s.
    latency: { ttft: 0.47, ttftPer1kPromptTokens: 0.03, tokensPerSecond: 115 },
    // Standard prices: gpt-4o 2024-11-20, [S20] eastus2, USD per 1M tokens. Provisioned prices: see the constants above.
    prices: {
      GlobalStandard: { input: 2.5, cachedInput: 1.25, output: 10.0 },
      DataZoneStandard: { input: 2.75, cachedInput: 1.375, output: 11.0 },
      Standard: { input: 2.75, cachedInput: 1.375, output: 11.0 },
      GlobalProvisionedManaged: { ...GLOBAL_PTU_PRICES },
      DataZoneProvisionedManaged: { ...DATA_ZONE_PTU_PRICES },
      ProvisionedManaged: { ...REGIONAL_PTU_PRICES },
    },
    // Versions: [S51].
    versions: ["2024-05-13", "2024-08-06", "2024-11-20"],
  },

  "gpt-4o-mini": {
    // 37,000 input TPM per PTU [S3] (version 2024-07-18).
    ptuInputTpm: 37000,
    // Output weight 4: the current PTU table [S3] (ms.date 2026-05-22) lists 4.
    // Spillway used 3 before, from [S1b] (2024-08-07: 12,333 output TPM per PTU, i.e. 37,000 / 12,333 = 3), because
    // only a ratio in (2.83, 3.6] reproduces Microsoft's worked examples in [S9] (5,000 in / 50 out at 1,000 RPM
    // → 140 PTU; 1,000 / 300 at 500 RPM → 30 PTU). With 4 the first gives 145 PTU. The current table wins; a scenario
    // can still set 3 under `models:`.
    outputWeight: 4,
    // No documented PTU prompt limit.
    ptuMaxPromptTokens: null,
    // 128,000-token context window (model card).
    contextWindow: 128000,
    rpmPer1kTpm: {
      // 10: [S7a] tier-1 GlobalStandard, 20,000 RPM / 2M TPM.
      GlobalStandard: 10,
      // 10: [S7a] tier-1 DataZoneStandard, 10,000 RPM / 1M TPM. The 2024 table [S7b] had 6; the newer table wins.
      DataZoneStandard: 10,
      // 6: no tier row for regional Standard, so the "older chat models" rule of [S6] applies.
      Standard: 6,
    },
    ptuSizing: {
      GlobalProvisionedManaged: { ...GLOBAL_DZ_SIZING },
      DataZoneProvisionedManaged: { ...GLOBAL_DZ_SIZING },
      ProvisionedManaged: { ...REGIONAL_SIZING_25 },
    },
    // 99% of requests faster than 33 tokens/s [S3].
    ptuTargetTokensPerSecond: 33,
    // ASSUMPTION (not measured):
    // - ttft is gpt-4o's 0.47 s;
    // - prefill is 0.015 s per 1K prompt tokens (mini tier);
    // - speed = 115 × 33 / 25 = 151.8 tok/s, i.e. gpt-4o's measured speed scaled by the ratio of PTU targets.
    latency: { ttft: 0.47, ttftPer1kPromptTokens: 0.015, tokensPerSecond: 151.8 },
    // Standard prices: [S20] eastus2, USD per 1M tokens.
    prices: {
      GlobalStandard: { input: 0.15, cachedInput: 0.075, output: 0.6 },
      DataZoneStandard: { input: 0.165, cachedInput: 0.083, output: 0.66 },
      Standard: { input: 0.165, cachedInput: 0.083, output: 0.66 },
      GlobalProvisionedManaged: { ...GLOBAL_PTU_PRICES },
      DataZoneProvisionedManaged: { ...DATA_ZONE_PTU_PRICES },
      ProvisionedManaged: { ...REGIONAL_PTU_PRICES },
    },
    // Versions: [S51].
    versions: ["2024-07-18"],
  },

  "gpt-4.1": {
    // 3,000 input TPM per PTU [S3].
    ptuInputTpm: 3000,
    // 4: "1 output = 4 input". From gpt-4.1 on, the weight follows the Global Standard price ratio ($8 / $2) [S3].
    outputWeight: 4,
    // Provisioned deployments reject prompts estimated above 128K tokens with HTTP 400 [S2, S3].
    ptuMaxPromptTokens: 128000,
    // 1,047,576-token context window (model card).
    contextWindow: 1047576,
    rpmPer1kTpm: {
      // 1: [S7a] tier-1 GlobalStandard, 1,000 RPM / 1M TPM.
      GlobalStandard: 1,
      // 1: [S7a] tier-1 DataZoneStandard, 300 RPM / 300K TPM.
      DataZoneStandard: 1,
      // 1: no regional row for gpt-4.1. Taken from its sibling gpt-4.1-mini Standard (6,000 RPM / 6M TPM [S7a]).
      // The "older chat models" ratio of 6 does not fit this family.
      Standard: 1,
    },
    ptuSizing: {
      GlobalProvisionedManaged: { ...GLOBAL_DZ_SIZING },
      DataZoneProvisionedManaged: { ...GLOBAL_DZ_SIZING },
      ProvisionedManaged: { ...REGIONAL_SIZING_50 },
    },
    // 99% of requests faster than 80 tokens/s [S3]. The 2025-03-31 doc [S2b] said 44; the newest doc wins.
    ptuTargetTokensPerSecond: 80,
    // ASSUMPTION (not measured):
    // - ttft is gpt-4.1-mini's 0.99 s;
    // - prefill is 0.03 s per 1K prompt tokens (large tier);
    // - speed = 107.9 × 80 / 90 = 95.9 tok/s (gpt-4.1-mini's measured speed × ratio of PTU targets).
    latency: { ttft: 0.99, ttftPer1kPromptTokens: 0.03, tokensPerSecond: 95.9 },
    // Standard prices: [S20] eastus2, USD per 1M tokens.
    prices: {
      GlobalStandard: { input: 2.0, cachedInput: 0.5, output: 8.0 },
      DataZoneStandard: { input: 2.2, cachedInput: 0.55, output: 8.8 },
      Standard: { input: 2.2, cachedInput: 0.55, output: 8.8 },
      GlobalProvisionedManaged: { ...GLOBAL_PTU_PRICES },
      DataZoneProvisionedManaged: { ...DATA_ZONE_PTU_PRICES },
      ProvisionedManaged: { ...REGIONAL_PTU_PRICES },
    },
    // Versions: [S51].
    versions: ["2025-04-14"],
  },

  "gpt-4.1-mini": {
    // 14,900 input TPM per PTU [S3].
    ptuInputTpm: 14900,
    // 4: follows the Global Standard price ratio ($1.60 / $0.40) [S3].
    outputWeight: 4,
    // HTTP 400 above 128K estimated prompt tokens on provisioned deployments [S2, S3].
    ptuMaxPromptTokens: 128000,
    // 1,047,576-token context window (model card).
    contextWindow: 1047576,
    rpmPer1kTpm: {
      // 1: [S7a] tier-1, 5,000 RPM / 5M TPM.
      GlobalStandard: 1,
      // 1: [S7a] tier-1, 2,000 RPM / 2M TPM.
      DataZoneStandard: 1,
      // 1: [S7a] tier-1, 6,000 RPM / 6M TPM.
      Standard: 1,
    },
    ptuSizing: {
      GlobalProvisionedManaged: { ...GLOBAL_DZ_SIZING },
      DataZoneProvisionedManaged: { ...GLOBAL_DZ_SIZING },
      ProvisionedManaged: { ...REGIONAL_SIZING_25 },
    },
    // 99% of requests faster than 90 tokens/s [S3]. The 2025-03-31 doc [S2b] said 50.
    ptuTargetTokensPerSecond: 90,
    // Measured [S32] (Azure, standard): TTFT 1.14 s at the 10K-input default workload, 107.9 tok/s.
    // ttft = 1.14 − 10 × 0.015 = 0.99 s.
    latency: { ttft: 0.99, ttftPer1kPromptTokens: 0.015, tokensPerSecond: 107.9 },
    // Standard prices: [S20] eastus2, USD per 1M tokens.
    prices: {
      GlobalStandard: { input: 0.4, cachedInput: 0.1, output: 1.6 },
      DataZoneStandard: { input: 0.44, cachedInput: 0.11, output: 1.76 },
      Standard: { input: 0.44, cachedInput: 0.11, output: 1.76 },
      GlobalProvisionedManaged: { ...GLOBAL_PTU_PRICES },
      DataZoneProvisionedManaged: { ...DATA_ZONE_PTU_PRICES },
      ProvisionedManaged: { ...REGIONAL_PTU_PRICES },
    },
    // Versions: [S51].
    versions: ["2025-04-14"],
  },

  "gpt-4.1-nano": {
    // 59,400 input TPM per PTU [S3].
    ptuInputTpm: 59400,
    // 4: follows the Global Standard price ratio ($0.40 / $0.10) [S3].
    outputWeight: 4,
    // HTTP 400 above 128K estimated prompt tokens on provisioned deployments [S2, S3].
    ptuMaxPromptTokens: 128000,
    // 1,047,576-token context window (model card).
    contextWindow: 1047576,
    rpmPer1kTpm: {
      // 1: [S7a] tier-1 GlobalStandard, 5,000 RPM / 5M TPM.
      GlobalStandard: 1,
      // 1: [S7a] tier-1 DataZoneStandard, 2,000 RPM / 2M TPM.
      DataZoneStandard: 1,
      // 1: no regional row for gpt-4.1-nano. Taken from its sibling gpt-4.1-mini Standard (1 RPM per 1K TPM [S7a]).
      Standard: 1,
    },
    ptuSizing: {
      GlobalProvisionedManaged: { ...GLOBAL_DZ_SIZING },
      DataZoneProvisionedManaged: { ...GLOBAL_DZ_SIZING },
      ProvisionedManaged: { ...REGIONAL_SIZING_25 },
    },
    // 99% of requests faster than 100 tokens/s [S3].
    ptuTargetTokensPerSecond: 100,
    // ASSUMPTION (not measured):
    // - ttft is gpt-4.1-mini's 0.99 s;
    // - prefill is 0.01 s per 1K prompt tokens (nano tier);
    // - speed = 107.9 × 100 / 90 = 119.9 tok/s (gpt-4.1-mini's measured speed × ratio of PTU targets).
    latency: { ttft: 0.99, ttftPer1kPromptTokens: 0.01, tokensPerSecond: 119.9 },
    // Standard prices: [S20] eastus2, USD per 1M tokens.
    prices: {
      GlobalStandard: { input: 0.1, cachedInput: 0.025, output: 0.4 },
      DataZoneStandard: { input: 0.11, cachedInput: 0.028, output: 0.44 },
      Standard: { input: 0.11, cachedInput: 0.028, output: 0.44 },
      GlobalProvisionedManaged: { ...GLOBAL_PTU_PRICES },
      DataZoneProvisionedManaged: { ...DATA_ZONE_PTU_PRICES },
      ProvisionedManaged: { ...REGIONAL_PTU_PRICES },
    },
    // Versions: [S51].
    versions: ["2025-04-14"],
  },

  "o3-mini": {
    // 2,500 input TPM per PTU [S3].
    ptuInputTpm: 2500,
    // 4 [S3]. This matches the Global Standard price ratio ($4.40 / $1.10).
    outputWeight: 4,
    // No documented PTU prompt limit.
    ptuMaxPromptTokens: null,
    // 200,000-token context window (model card).
    contextWindow: 200000,
    rpmPer1kTpm: {
      // 0.1 = 1 RPM per 10,000 TPM: the [S6] rule for o3-mini. [S7a] tier-1 agrees (GS 500 RPM / 5M TPM).
      GlobalStandard: 0.1,
      // 0.1: [S7a] tier-1 DZ, 200 RPM / 2M TPM.
      DataZoneStandard: 0.1,
      // 0.1: the [S6] rule (no regional row).
      Standard: 0.1,
    },
    ptuSizing: {
      GlobalProvisionedManaged: { ...GLOBAL_DZ_SIZING },
      DataZoneProvisionedManaged: { ...GLOBAL_DZ_SIZING },
      ProvisionedManaged: { ...REGIONAL_SIZING_25 },
    },
    // 99% of requests faster than 66 tokens/s [S3].
    ptuTargetTokensPerSecond: 66,
    // ASSUMPTION (not measured):
    // - ttft is o3's 37.4 s. A reasoning model's TTFT is dominated by hidden reasoning and depends on
    //   reasoning_effort: calibrate it;
    // - prefill is 0.015 s per 1K prompt tokens (mini tier);
    // - speed = 82.6 × 66 / 80 = 68.1 tok/s (o3's measured speed × ratio of PTU targets).
    latency: { ttft: 37.4, ttftPer1kPromptTokens: 0.015, tokensPerSecond: 68.1 },
    // Standard prices: [S20] eastus2, USD per 1M tokens.
    prices: {
      GlobalStandard: { input: 1.1, cachedInput: 0.55, output: 4.4 },
      DataZoneStandard: { input: 1.21, cachedInput: 0.605, output: 4.84 },
      Standard: { input: 1.21, cachedInput: 0.605, output: 4.84 },
      GlobalProvisionedManaged: { ...GLOBAL_PTU_PRICES },
      DataZoneProvisionedManaged: { ...DATA_ZONE_PTU_PRICES },
      ProvisionedManaged: { ...REGIONAL_PTU_PRICES },
    },
    // Versions: [S51].
    versions: ["2025-01-31"],
  },

  "o4-mini": {
    // 5,400 input TPM per PTU [S3].
    ptuInputTpm: 5400,
    // 4 [S3]. This matches the Global Standard price ratio ($4.40 / $1.10).
    outputWeight: 4,
    // No documented PTU prompt limit.
    ptuMaxPromptTokens: null,
    // 200,000-token context window (model card).
    contextWindow: 200000,
    rpmPer1kTpm: {
      // 1: the [S6] rule for o4-mini. [S7a] tier-1 GS agrees (1,000 RPM / 1M TPM).
      GlobalStandard: 1,
      // 1, chosen although the sources CONFLICT:
      // - [S7a] writes the o4-mini DZ limit as "300 / 10s" for 300K TPM (tier 6: "4000 / 10s" for 4M). Read like
      //   the gpt-4o rows, that is 6 RPM per 1K TPM.
      // - [S6] says 1 RPM per 1K TPM for o4-mini, and so does the GS row.
      // We keep 1 because two sources agree on it, and it is the stricter (more conservative) limit.
      DataZoneStandard: 1,
      // 1: the [S6] rule (no regional row).
      Standard: 1,
    },
    ptuSizing: {
      GlobalProvisionedManaged: { ...GLOBAL_DZ_SIZING },
      DataZoneProvisionedManaged: { ...GLOBAL_DZ_SIZING },
      ProvisionedManaged: { ...REGIONAL_SIZING_25 },
    },
    // 99% of requests faster than 90 tokens/s [S3].
    ptuTargetTokensPerSecond: 90,
    // ASSUMPTION (not measured):
    // - ttft is o3's 37.4 s (dominated by reasoning; calibrate it);
    // - prefill is 0.015 s per 1K prompt tokens (mini tier);
    // - speed = 82.6 × 90 / 80 = 92.9 tok/s (o3's measured speed × ratio of PTU targets).
    latency: { ttft: 37.4, ttftPer1kPromptTokens: 0.015, tokensPerSecond: 92.9 },
    // Standard prices: [S20] eastus2, USD per 1M tokens.
    prices: {
      GlobalStandard: { input: 1.1, cachedInput: 0.275, output: 4.4 },
      DataZoneStandard: { input: 1.21, cachedInput: 0.303, output: 4.84 },
      Standard: { input: 1.21, cachedInput: 0.303, output: 4.84 },
      GlobalProvisionedManaged: { ...GLOBAL_PTU_PRICES },
      DataZoneProvisionedManaged: { ...DATA_ZONE_PTU_PRICES },
      ProvisionedManaged: { ...REGIONAL_PTU_PRICES },
    },
    // Versions: [S51].
    versions: ["2025-04-16"],
  },

  o3: {
    // 3,000 input TPM per PTU [S3].
    ptuInputTpm: 3000,
    // 4 [S3]. This matches the Global Standard price ratio ($8 / $2).
    outputWeight: 4,
    // No documented PTU prompt limit.
    ptuMaxPromptTokens: null,
    // 200,000-token context window (model card).
    contextWindow: 200000,
    rpmPer1kTpm: {
      // 1: the [S6] rule for o3. [S7a] tier-1 GS agrees (1,000 RPM / 1M TPM).
      GlobalStandard: 1,
      // 1: [S7a] tier-1 DZ, 300 RPM / 300K TPM.
      DataZoneStandard: 1,
      // 1: the [S6] rule (no regional row).
      Standard: 1,
    },
    ptuSizing: {
      GlobalProvisionedManaged: { ...GLOBAL_DZ_SIZING },
      DataZoneProvisionedManaged: { ...GLOBAL_DZ_SIZING },
      ProvisionedManaged: { ...REGIONAL_SIZING_50 },
    },
    // 99% of requests faster than 80 tokens/s [S3].
    ptuTargetTokensPerSecond: 80,
    // Measured [S32] (Azure, standard): 37.7 s to the first answer token (includes reasoning), 82.6 tok/s.
    // ttft = 37.7 − 10 × 0.03 = 37.4 s.
    latency: { ttft: 37.4, ttftPer1kPromptTokens: 0.03, tokensPerSecond: 82.6 },
    // Standard prices: [S20] eastus2, USD per 1M tokens.
    prices: {
      GlobalStandard: { input: 2.0, cachedInput: 0.5, output: 8.0 },
      DataZoneStandard: { input: 2.2, cachedInput: 0.55, output: 8.8 },
      Standard: { input: 2.2, cachedInput: 0.55, output: 8.8 },
      GlobalProvisionedManaged: { ...GLOBAL_PTU_PRICES },
      DataZoneProvisionedManaged: { ...DATA_ZONE_PTU_PRICES },
      ProvisionedManaged: { ...REGIONAL_PTU_PRICES },
    },
    // Versions: [S51].
    versions: ["2025-04-16"],
  },
  o1: {
    // 230 input TPM per PTU, output weight 4, regional minimum 25 and increment 50 (not 25/25), 99% > 25 TPS: the
    // "Previous Azure OpenAI models" table of [S3]; [S2] gives the same figures.
    ptuInputTpm: 230,
    // 4 [S3]. This matches the Global Standard price ratio ($60 / $15).
    outputWeight: 4,
    // No documented PTU prompt limit.
    ptuMaxPromptTokens: null,
    // 200,000-token input limit [S51] (output 100,000), as o3.
    contextWindow: 200000,
    rpmPer1kTpm: {
      // 1/6 = 1 RPM per 6,000 TPM: the [S6] rule for "o1 & o1-preview". [S80] tier-1 agrees (GS 500 RPM / 3M TPM).
      GlobalStandard: 1 / 6,
      // 1/6: [S80] tier-1 DZ, 100 RPM / 600K TPM.
      DataZoneStandard: 1 / 6,
      // 1/6: the [S6] rule (no regional row).
      Standard: 1 / 6,
    },
    ptuSizing: {
      GlobalProvisionedManaged: { ...GLOBAL_DZ_SIZING },
      DataZoneProvisionedManaged: { ...GLOBAL_DZ_SIZING },
      // 25 minimum, 50 increment [S3]: deployable sizes 25, 50, 100, 150, ...
      ProvisionedManaged: { minimum: 25, increment: 50 },
    },
    // 99% of requests faster than 25 tokens/s [S3].
    ptuTargetTokensPerSecond: 25,
    // ASSUMPTION (not measured):
    // - ttft is o3's 37.4 s (dominated by hidden reasoning; calibrate it);
    // - prefill is 0.03 s per 1K prompt tokens (large tier);
    // - speed = 82.6 × 25 / 80 = 25.8 tok/s (o3's measured speed × ratio of PTU targets).
    latency: { ttft: 37.4, ttftPer1kPromptTokens: 0.03, tokensPerSecond: 25.8 },
    // Standard prices: [S20] eastus2, USD per 1M tokens (meters "o1 1217 Inp glbl" $0.015 per 1K = $15, "cached Inp"
    // $7.50, "Outp" $60; Data Zone and regional ("regnl") $16.50 / $8.25 / $66). PTU prices: the SKU's list price.
    prices: {
      GlobalStandard: { input: 15.0, cachedInput: 7.5, output: 60.0 },
      DataZoneStandard: { input: 16.5, cachedInput: 8.25, output: 66.0 },
      Standard: { input: 16.5, cachedInput: 8.25, output: 66.0 },
    },
    // Versions: [S51].
    versions: ["2024-12-17"],
    sources: {
      rpmPer1kTpm: { tags: ["S6", "S80"], note: "1 RPM per 6,000 TPM" },
      contextWindow: { tags: ["S51"], note: "input limit 200,000 (output 100,000)" },
    },
  },
};

/** Every model Spillway ships facts for, keyed by the Azure model name: one line per model family. */
export const MODELS: Readonly<Record<string, ModelFacts>> = {
  ...GPT4_AND_O_SERIES,
  ...GPT5_MODELS,
};

/**
 * Why `version` is not a version of the catalog model `name`, or undefined when it is (or the catalog does not know
 * the model, or lists no versions for it: a model defined under `models:` takes any version).
 */
export function modelVersionProblem(name: string, version: string): string | undefined {
  const versions = Object.hasOwn(MODELS, name) ? MODELS[name].versions : undefined;
  if (versions === undefined || versions.includes(version)) return undefined;
  return (
    `${name} has no version ${JSON.stringify(version)}: the catalog knows ${versions.map((v) => `"${v}"`).join(", ")} ` +
    "(one set of figures covers them all); write one of these, or leave version out"
  );
}
