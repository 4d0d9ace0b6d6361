/**
 * Built-in facts for the GPT-5 family (gpt-5, gpt-5-mini, gpt-5-nano, gpt-5.1, gpt-5.2, gpt-5.4 and the codex
 * variants the PTU table lists). models.ts registers them in one line; a new model of the family is one entry here.
 *
 * Sources (docs/sources.md has each page, address and date):
 * - [S3]  provisioned-throughput-sizing.md, ms.date 2026-05-22, commit 24dcd56, "Latest Azure OpenAI models": input TPM
 *         per PTU, output-to-input ratio, minimum and increment, latency target; its note "gpt-5.4, gpt-4.1,
 *         gpt-4.1-mini, and gpt-4.1-nano don't support long context (requests estimated at larger than 128k prompt
 *         tokens)". [S2] (provisioned-throughput-onboarding.md, ms.date 2026-04-07, commit 040c385) has the same table
 *         and note, figure for figure, for every model here (it predates gpt-5.5, which is not in the catalog).
 *         Neither lists gpt-5-nano: it is standard only (no `ptuSizing`).
 * - [S80] quota-tier/tier-1.md, ms.date 2026-08-20, commit 08408ff: tier-1 RPM and TPM per model and standard SKU,
 *         from which `rpmPer1kTpm` is taken.
 * - [S51] models-azure-direct-openai.md (the Azure OpenAI models page), ms.date 2026-02-27, commit 421dfa9: model
 *         versions and context windows.
 * - [S20] Azure Retail Prices meters (product "Azure OpenAI GPT5"), eastus2, data as of 2026-07-31: token prices.
 *         Every model here has Global ("Gl"/"Glbl") and Data Zone ("Dz"/"DZone") meters and NO regional one, so
 *         regional `Standard` has no price: a deployment of it is refused until a scenario gives one. PTU prices are
 *         the SKU's list price (list-prices.ts), the same for every model.
 *         The output weight of each model equals its Global Standard output / input price ratio, as [S3] says it
 *         should ("the system determines an output-to-input ratio to match the global standard price ratio"):
 *         $10 / $1.25 = 8 (gpt-5, 5.1), $2 / $0.25 = 8 (mini), $14 / $1.75 = 8 (5.2, codex), $15 / $2.50 = 6 (5.4).
 * - [S50] Artificial Analysis, GPT-5 (minimal) provider page: Azure 155 output tokens/s, TTFT 1.70 s (P50 over 14 days
 *         of standard endpoints; snapshot date not shown). The only Azure measurement of the family found.
 *
 * Latency defaults (standard deployments), following the method of models.ts:
 * - gpt-5: measured [S50] at minimal reasoning effort. [S50]'s workload is ASSUMED to be the 10,000-input-token
 *   default of [S32]; with the large-model prefill ASSUMPTION of 0.03 s per 1K prompt tokens, ttft = 1.70 − 10 × 0.03
 *   = 1.40 s. A higher reasoning effort spends hidden reasoning tokens before the first visible one: calibrate `ttft`.
 * - The others: ASSUMPTION from gpt-5, the same ttft, speed scaled by the ratio of PTU latency targets [S3]: every
 *   50-TPS model keeps 155 tok/s; gpt-5-mini 155 × 80 / 50 = 248 tok/s. gpt-5-nano has no PTU target, so it takes
 *   gpt-5-mini's figures (nano prefill 0.01 s per 1K).
 */

import type { CitationOverrides } from "./fact-sources.js";
import { GLOBAL_DZ_SIZING, REGIONAL_SIZING_25, REGIONAL_SIZING_50 } from "./sizing.js";
import type { ModelFacts, TokenPrices } from "./types.js";

/** PTU rows of a model: Global and Data Zone 15 / 5 [S3], regional as given. */
function ptuRows(regional: typeof REGIONAL_SIZING_50): ModelFacts["ptuSizing"] {
  return {
    GlobalProvisionedManaged: { ...GLOBAL_DZ_SIZING },
    DataZoneProvisionedManaged: { ...GLOBAL_DZ_SIZING },
    ProvisionedManaged: { ...regional },
  };
}

/** Global and Data Zone Standard token prices [S20], USD per 1M tokens: the family has no regional meter. */
function tokenPrices(global: TokenPrices, dataZone: TokenPrices): ModelFacts["prices"] {
  return { GlobalStandard: global, DataZoneStandard: dataZone };
}

/** 400,000 tokens (input 272,000, output 128,000) [S51]: every model of the family but gpt-5.4. */
const CONTEXT_400K = 400000;

/** gpt-5's latency [S50]: ttft 1.40 s at a small prompt, 0.03 s per 1K prompt tokens, 155 tok/s (see above). */
const GPT5_LATENCY = { ttft: 1.4, ttftPer1kPromptTokens: 0.03, tokensPerSecond: 155 };

/** What a model of the family rests on, beyond the shared citations: the PTU pages, the tier table, the models page. */
function familySources(latency: "measured" | "scaled", rpm: string): CitationOverrides {
  return {
    ptuInputTpm: { tags: ["S3", "S2"] },
    outputWeight: { tags: ["S3", "S2"], note: "equals the Global Standard output / input price ratio [S20]" },
    ptuSizing: { tags: ["S3", "S2"] },
    ptuTargetTokensPerSecond: { tags: ["S3", "S2"], note: "99 % of requests generated faster than this" },
    contextWindow: { tags: ["S51"] },
    rpmPer1kTpm: { tags: ["S80"], note: rpm },
    latency:
      latency === "measured"
        ? { tags: ["S50"], note: "measured TTFT and speed at minimal reasoning effort (standard endpoints)" }
        : {
            tags: ["S50", "S3"],
            note: "ASSUMPTION: gpt-5's measurement, speed scaled by the ratio of PTU latency targets",
          },
  };
}

/** The tier-1 table has a row for every standard SKU the model's entry takes a figure from. */
const RPM_ROWS = "tier-1 RPM / TPM per SKU; regional Standard has no row: ASSUMPTION from the other rows";

/** gpt-5; gpt-5.1 and gpt-5.1-codex share its figures (see there). */
const GPT_5: ModelFacts = {
  // 4,750 input TPM per PTU, output weight 8, regional 50 / 50, 99% > 50 TPS [S3, S2].
  ptuInputTpm: 4750,
  outputWeight: 8,
  // No documented PTU prompt limit (the 128K note names gpt-5.4 and the gpt-4.1 family only [S3]).
  ptuMaxPromptTokens: null,
  contextWindow: CONTEXT_400K,
  rpmPer1kTpm: {
    // 10: [S80] GlobalStandard 10,000 RPM / 1M TPM.
    GlobalStandard: 10,
    // 10: [S80] DataZoneStandard 3,000 RPM / 300K TPM.
    DataZoneStandard: 10,
    // 10: no regional row (and no regional price); taken from the Global and Data Zone rows. ASSUMPTION.
    Standard: 10,
  },
  ptuSizing: ptuRows(REGIONAL_SIZING_50),
  ptuTargetTokensPerSecond: 50,
  // Measured [S50] (see the header).
  latency: { ...GPT5_LATENCY },
  // [S20] "GPT 5 Inpt Glbl" $1.25, "GPT 5 cchd Inpt Glbl" $0.125, "GPT 5 outpt Glbl" $10; DZone $1.375 / $0.1375 / $11.
  prices: tokenPrices(
    { input: 1.25, cachedInput: 0.125, output: 10.0 },
    { input: 1.375, cachedInput: 0.1375, output: 11.0 },
  ),
  versions: ["2025-08-07"],
  sources: familySources("measured", RPM_ROWS),
};

/** gpt-5.2; gpt-5.2-codex and gpt-5.3-codex share its figures (see there). */
const GPT_5_2: ModelFacts = {
  // 3,400 input TPM per PTU, output weight 8, regional 50 / 50, 99% > 50 TPS [S3, S2]: the figures of Microsoft's
  // worked sizing example (Data Zone, 1,000 RPM, 200 in / 20 out → 110 PTU; 80 PTU at a 50 % cache rate [S3]).
  ptuInputTpm: 3400,
  outputWeight: 8,
  ptuMaxPromptTokens: null,
  contextWindow: CONTEXT_400K,
  rpmPer1kTpm: {
    // 10: [S80] GlobalStandard 10,000 RPM / 1M TPM.
    GlobalStandard: 10,
    // 10: [S80] DataZoneStandard 3,000 RPM / 300K TPM.
    DataZoneStandard: 10,
    // 10: no regional row; as the other two. ASSUMPTION.
    Standard: 10,
  },
  ptuSizing: ptuRows(REGIONAL_SIZING_50),
  ptuTargetTokensPerSecond: 50,
  // ASSUMPTION: gpt-5's figures (same PTU target).
  latency: { ...GPT5_LATENCY },
  // [S20] "GPT 5.2 inp Gl" $1.75, "cd inp Gl" $0.175, "opt Gl" $14; Dz $1.925 / $0.1925 / $15.40 (eastus2, effective
  // 2025-12-01; nine other regions list Dz at $2.10 / $0.21 / $16.80 from 2026-06-01).
  prices: tokenPrices(
    { input: 1.75, cachedInput: 0.175, output: 14.0 },
    { input: 1.925, cachedInput: 0.1925, output: 15.4 },
  ),
  versions: ["2025-12-11"],
  sources: familySources("scaled", RPM_ROWS),
};

/** The GPT-5 family, keyed by the Azure model name. */
export const GPT5_MODELS: Readonly<Record<string, ModelFacts>> = {
  "gpt-5": GPT_5,

  "gpt-5-mini": {
    // 23,750 input TPM per PTU, output weight 8, regional 25 / 25, 99% > 80 TPS [S3, S2].
    ptuInputTpm: 23750,
    outputWeight: 8,
    ptuMaxPromptTokens: null,
    contextWindow: CONTEXT_400K,
    rpmPer1kTpm: {
      // 1: [S80] GlobalStandard 1,000 RPM / 1M TPM.
      GlobalStandard: 1,
      // 1: [S80] DataZoneStandard 300 RPM / 300K TPM.
      DataZoneStandard: 1,
      // 1: no regional row; as the other two. ASSUMPTION.
      Standard: 1,
    },
    ptuSizing: ptuRows(REGIONAL_SIZING_25),
    ptuTargetTokensPerSecond: 80,
    // ASSUMPTION: gpt-5's ttft, mini prefill 0.015 s per 1K, speed 155 × 80 / 50 = 248 tok/s.
    latency: { ttft: 1.4, ttftPer1kPromptTokens: 0.015, tokensPerSecond: 248 },
    // [S20] "GPT 5 Mini Inpt Glbl" $0.25, cached $0.025, output $2; DZone $0.275 / $0.0275 / $2.20.
    prices: tokenPrices(
      { input: 0.25, cachedInput: 0.025, output: 2.0 },
      { input: 0.275, cachedInput: 0.0275, output: 2.2 },
    ),
    versions: ["2025-08-07"],
    sources: familySources("scaled", RPM_ROWS),
  },

  "gpt-5-nano": {
    // Standard only: no column in the PTU tables [S3, S2], so no `ptuSizing` and no PTU deployment. The PTU figures
    // are therefore unused: input TPM per PTU 0 (none published); output weight 8 = its Global Standard price ratio
    // ($0.40 / $0.05, DERIVED by [S3]'s rule); no latency target (0).
    ptuInputTpm: 0,
    outputWeight: 8,
    ptuMaxPromptTokens: null,
    contextWindow: CONTEXT_400K,
    rpmPer1kTpm: {
      // 1: [S80] GlobalStandard 5,000 RPM / 5M TPM.
      GlobalStandard: 1,
      // 1: [S80] DataZoneStandard 2,000 RPM / 2M TPM.
      DataZoneStandard: 1,
      // 1: no regional row; as the other two. ASSUMPTION.
      Standard: 1,
    },
    ptuSizing: {},
    ptuTargetTokensPerSecond: 0,
    // ASSUMPTION: gpt-5-mini's figures (no PTU target to scale by), nano prefill 0.01 s per 1K.
    latency: { ttft: 1.4, ttftPer1kPromptTokens: 0.01, tokensPerSecond: 248 },
    // [S20] "GPT 5 Nano Inpt Glbl" $0.05, cached $0.005, output $0.40; DZone $0.055 / $0.0055 / $0.44.
    prices: tokenPrices(
      { input: 0.05, cachedInput: 0.005, output: 0.4 },
      { input: 0.055, cachedInput: 0.0055, output: 0.44 },
    ),
    versions: ["2025-08-07"],
    sources: {
      ...familySources("scaled", RPM_ROWS),
      ptuInputTpm: {
        tags: ["S3", "S2"],
        note: "standard only: no row in the PTU table; the figure is not used",
      },
      outputWeight: {
        tags: ["S3", "S20"],
        note: "DERIVED: the Global Standard price ratio; not used (no PTU)",
      },
      ptuSizing: { tags: ["S3", "S2"], note: "standard only: no row in the PTU table" },
      ptuTargetTokensPerSecond: { tags: ["S3", "S2"], note: "standard only: no latency target" },
      latency: { tags: ["S50"], note: "ASSUMPTION: gpt-5-mini's figures (no PTU target to scale by)" },
    },
  },

  "gpt-5.1": {
    // Every figure of gpt-5 holds, each read for gpt-5.1 itself: the same PTU column [S3, S2] (4,750 / 8 / 50-50,
    // 50 TPS), tier-1 rows GlobalStandard 10,000 RPM / 1M TPM and DataZoneStandard 3,000 / 300K [S80] (and a regional
    // Standard row, 3,000 / 300K, that gpt-5 lacks: the same 10), and the same prices [S20] ("GPT 5.1 inp Gl" $1.25,
    // "cd inp Gl" $0.125, "opt Gl" $10; Dz $1.375 / $0.1375 / $11 in eastus2, effective 2025-11-01; nine other regions
    // list Dz at $1.50 / $0.15 / $12 from 2026-06-01). Latency: ASSUMPTION, gpt-5's (same PTU target).
    ...GPT_5,
    versions: ["2025-11-13"],
    sources: familySources("scaled", "tier-1 RPM / TPM per SKU, regional Standard included"),
  },

  "gpt-5.1-codex": {
    // gpt-5's PTU column [S3, S2] and prices [S20] ("5.1 codex inp Gl" $1.25, "cd inp Gl" $0.125, "opt Gl" $10; Dz
    // $1.375 / $0.1375 / $11); latency: ASSUMPTION, gpt-5's. Its RPM rows differ:
    ...GPT_5,
    rpmPer1kTpm: {
      // 1: [S80] GlobalStandard 1,000 RPM / 1M TPM.
      GlobalStandard: 1,
      // 10: [S80] DataZoneStandard 3,000 RPM / 300K TPM. The same table CONFLICTS with itself here (1 on Global,
      // 10 on Data Zone); each SKU keeps its own row.
      DataZoneStandard: 10,
      // 1: no regional row; the stricter of the two. ASSUMPTION.
      Standard: 1,
    },
    versions: ["2025-11-13"],
    sources: familySources(
      "scaled",
      "tier-1 RPM / TPM per SKU (1 on Global, 10 on Data Zone: the table conflicts with itself); regional: ASSUMPTION, the stricter",
    ),
  },

  "gpt-5.2": GPT_5_2,

  "gpt-5.2-codex": {
    // gpt-5.2's figures, each read for gpt-5.2-codex itself: the same PTU column [S3, S2] (3,400 / 8 / 50-50, 50 TPS),
    // tier-1 GlobalStandard 10,000 RPM / 1M TPM [S80] (no Data Zone or regional row: 10 from it, ASSUMPTION), and the
    // same prices [S20] ("5.2 codex inp Gl" $1.75, "cd inp Gl" $0.175, "opt Gl" $14; Dz $1.925 / $0.1925 / $15.40).
    ...GPT_5_2,
    versions: ["2026-01-14"],
    sources: familySources("scaled", "tier-1 Global row only; Data Zone and regional: ASSUMPTION from it"),
  },

  "gpt-5.3-codex": {
    // gpt-5.2's figures, each read for gpt-5.3-codex itself: the same PTU column [S3, S2], tier-1 GlobalStandard
    // 10,000 RPM / 1M TPM [S80] (no Data Zone or regional row: 10 from it, ASSUMPTION), and the same prices [S20]
    // ("5.3 codex inp Gl" $1.75, "cd inp Gl" $0.175, "opt Gl" $14; Dz $1.925 / $0.1925 / $15.40 in eastus2, effective
    // 2026-03-01; nine other regions list Dz at $2.10 / $0.21 / $16.80 from 2026-06-01).
    ...GPT_5_2,
    versions: ["2026-02-24"],
    sources: familySources("scaled", "tier-1 Global row only; Data Zone and regional: ASSUMPTION from it"),
  },

  "gpt-5.4": {
    // 2,400 input TPM per PTU, output weight 6, regional 50 / 50, 99% > 50 TPS [S3, S2].
    ptuInputTpm: 2400,
    outputWeight: 6,
    // "don't support long context (requests estimated at larger than 128k prompt tokens)" on provisioned
    // deployments [S3, S2]. The simulator refuses such a request with HTTP 400 at admission (no PTU capacity used;
    // counted as failed, or spilled over to the standard deployment when native spillover is set, which [S5] lists
    // among its triggers), as it does for the gpt-4.1 family.
    ptuMaxPromptTokens: 128000,
    // 1,050,000 tokens [S51].
    contextWindow: 1050000,
    rpmPer1kTpm: {
      // 10: [S80] GlobalStandard 10,000 RPM / 1M TPM.
      GlobalStandard: 10,
      // 1: [S80] DataZoneStandard 300 RPM / 300K TPM.
      DataZoneStandard: 1,
      // 1: no regional row; the stricter of the two. ASSUMPTION.
      Standard: 1,
    },
    ptuSizing: ptuRows(REGIONAL_SIZING_50),
    ptuTargetTokensPerSecond: 50,
    // ASSUMPTION: gpt-5's figures (same PTU target).
    latency: { ...GPT5_LATENCY },
    // [S20] "5.4 inp Gl" $2.50, "5.4 cd inp Gl" $0.25, "5.4 opt Gl" $15; Dz $2.75 / $0.275 / $16.50 (eastus2, effective
    // 2026-03-01). Long-context meters ("5.4 longco": $5 / $0.50 / $22.50 Global) bill large prompts at about twice the
    // rate; Spillway prices every request at the standard meters (the threshold is not on the meter).
    prices: tokenPrices(
      { input: 2.5, cachedInput: 0.25, output: 15.0 },
      { input: 2.75, cachedInput: 0.275, output: 16.5 },
    ),
    versions: ["2026-03-05"],
    sources: familySources(
      "scaled",
      "tier-1 RPM / TPM per SKU; regional: ASSUMPTION, the stricter of the two",
    ),
  },
};
