/**
 * Where each catalog figure comes from, as data: `spillway catalog` prints it, tests check it against
 * docs/sources.md, and a model entry can carry its own. The comments beside each figure (models.ts, quotas.ts,
 * apim-tiers.ts) keep the reasoning; this file keeps only what a reviewer needs to look a figure up: the tags, and
 * per tag the page, its address and the revision or date read.
 *
 * Shape: one citation per kind of figure ({@link MODEL_FACT_CITATIONS}), which every model shares; a model whose
 * figure of a kind rests on other sources overrides that kind ({@link MODEL_CITATION_OVERRIDES} here, or a `sources`
 * record on the model entry itself, which wins). A new model whose figures come from the usual pages needs nothing.
 */

import { PTU_LIST_PRICES } from "./list-prices.js";
import { BATCH_PRICE_FACTOR, priorityFacts, scaledPrices } from "./processing.js";
import { defaultQuota, quotaUnit } from "./quotas.js";
import { isProvisioned, payAsYouGoSku, SKUS, type Sku, skuFacts } from "./skus.js";
import type { TokenPrices } from "./types.js";

/** The kinds of figure the catalog holds per model, with the label `spillway catalog` prints. */
export const MODEL_FACT_KINDS = {
  ptuInputTpm: "input TPM per PTU",
  outputWeight: "output weight",
  ptuSizing: "PTU minimum / increment",
  ptuTargetTokensPerSecond: "PTU latency target",
  ptuMaxPromptTokens: "PTU prompt limit",
  contextWindow: "context window",
  rpmPer1kTpm: "RPM per 1K TPM",
  latency: "latency defaults",
  tokenPrices: "token prices",
  ptuPrices: "PTU prices",
  versions: "versions",
  priorityPrices: "Priority processing prices",
  priorityTarget: "Priority latency target",
  standardQuota: "default standard quota",
  ptuQuota: "default PTU quota",
  batchQuota: "default Batch quota",
} as const;

/** A kind of per-model figure (a key of {@link MODEL_FACT_KINDS}). */
export type ModelFactKind = keyof typeof MODEL_FACT_KINDS;

/** What one figure rests on: source tags of docs/sources.md (or a named source) and, where it helps, a note. */
export interface Citation {
  /** Tags (`S3`) or named sources (`model card`), keys of {@link SOURCE_PAGES}; most authoritative first. */
  tags: readonly string[];
  /** How the figure follows from them when it is not simply quoted (DERIVED, ASSUMPTION, a conflict). */
  note?: string;
}

/** Citations per kind of figure, overriding the shared ones: what a model entry may carry as `sources`. */
export type CitationOverrides = Partial<Record<ModelFactKind, Citation>>;

/** How confident the source is, as docs/sources.md grades it. */
export type Confidence = "Microsoft" | "Microsoft data, third-party copy" | "Third party" | "LOW";

/** One source page as docs/sources.md lists it, shortened to what a reviewer needs to find it. */
export interface SourcePage {
  /** The page's title or a short description. */
  title: string;
  /** Its public address, or where it was read when it has none (a repository path). */
  where: string;
  /** The revision or date read (`ms.date 2026-05-22, commit 24dcd56`). */
  date: string;
  /** Microsoft's own, a third party's, or low confidence. */
  confidence: Confidence;
}

/** Every source a catalog citation names, keyed by tag; docs/sources.md has the full rows. */
export const SOURCE_PAGES: Readonly<Record<string, SourcePage>> = {
  S1b: {
    title: "Provisioned throughput concepts (older revision)",
    where: "articles/ai-services/openai/concepts/provisioned-throughput.md",
    date: "ms.date 2024-08-07, commit 046cfe5",
    confidence: "Microsoft",
  },
  S2: {
    title: "Provisioned throughput onboarding (PTU costs and billing)",
    where: "https://learn.microsoft.com/azure/foundry/openai/how-to/provisioned-throughput-onboarding",
    date: "ms.date 2026-04-07",
    confidence: "Microsoft",
  },
  S2b: {
    title: "Provisioned throughput onboarding (older revision)",
    where: "articles/ai-services/openai/how-to/provisioned-throughput-onboarding.md",
    date: "ms.date 2025-03-31",
    confidence: "Microsoft",
  },
  S3: {
    title: "Provisioned throughput sizing",
    where: "https://learn.microsoft.com/azure/foundry/openai/how-to/provisioned-throughput-sizing",
    date: "ms.date 2026-05-22, commit 24dcd56",
    confidence: "Microsoft",
  },
  S6: {
    title: "Azure OpenAI quota (Foundry classic)",
    where: "https://learn.microsoft.com/azure/foundry-classic/openai/how-to/quota",
    date: "ms.date 2026-05-01",
    confidence: "Microsoft",
  },
  S7a: {
    title: "Quota tier tables (tier 1 and 6), earlier revision",
    where: "articles/ai-foundry/openai/includes/quota-tier/tier-1.md",
    date: "commit bb53c8d",
    confidence: "Microsoft",
  },
  S7b: {
    title: "Quotas and limits (older revision: Default/Enterprise tables)",
    where: "articles/ai-services/openai/quotas-limits.md",
    date: "2024",
    confidence: "Microsoft",
  },
  S9: {
    title: "Performance and latency (gpt-4o-mini PTU worked examples)",
    where: "https://learn.microsoft.com/azure/ai-foundry/openai/how-to/latency",
    date: "ms.date 2025-11-26",
    confidence: "Microsoft",
  },
  S12: {
    title: "Azure OpenAI reservations",
    where: "https://learn.microsoft.com/azure/cost-management-billing/reservations/azure-openai",
    date: "ms.date 2024-12-06",
    confidence: "Microsoft",
  },
  S13: {
    title: "Provisioned throughput billing",
    where: "https://learn.microsoft.com/azure/foundry/openai/concepts/provisioned-throughput-billing",
    date: "ms.date 2026-05-17",
    confidence: "Microsoft",
  },
  S20: {
    title: "Azure Retail Prices API, product Azure OpenAI (via a third-party snapshot)",
    where: "https://prices.azure.com/api/retail/prices",
    date: "data as of 2026-07-31",
    confidence: "Microsoft data, third-party copy",
  },
  S21: {
    title: "Packt, Azure OpenAI Essentials (book)",
    where: "fliphtml5.com/zroi/kpmw/Azure_OpenAI_Essentials/66",
    date: "from before December 2024",
    confidence: "Third party",
  },
  S23: {
    title: 'Redress Compliance, "Azure OpenAI Service commitment"',
    where: "https://redresscompliance.com/azure-openai-service-commitment-download",
    date: "June 2026",
    confidence: "Third party",
  },
  S24: {
    title: 'Archera documentation, "azure-ai-foundry-openai"',
    where: "docs.archera.ai",
    date: "data sourced March 2026",
    confidence: "Third party",
  },
  S25: {
    title: "A third-party verification notebook (repository not identified)",
    where: "no public address",
    date: "undated / 2026-09",
    confidence: "LOW",
  },
  S26: {
    title: 'Redress Compliance, "Azure OpenAI pricing explained"',
    where: "https://redresscompliance.com/azure-openai-pricing-explained-what-microsoft-doesnt-tell-you.html",
    date: "undated",
    confidence: "Third party",
  },
  S32: {
    title: "Artificial Analysis provider pages (P50 of standard Azure endpoints)",
    where: "https://artificialanalysis.ai/models/gpt-4o-2024-05-13/providers",
    date: "snapshot date not shown on the pages",
    confidence: "Third party",
  },
  S80: {
    title: "Quota tier 1 table (include of Quotas and limits, tab Tier 1)",
    where: "https://learn.microsoft.com/azure/foundry/openai/quotas-limits",
    date: "ms.date 2026-08-20, commit 08408ff",
    confidence: "Microsoft",
  },
  S81: {
    title: "Quotas and limits (Foundry): scope of quota, quota tiers",
    where: "https://learn.microsoft.com/azure/foundry/openai/quotas-limits",
    date: "ms.date 2026-02-17, commit 1205cbf",
    confidence: "Microsoft",
  },
  S82: {
    title: "What is provisioned throughput (quota and capacity)",
    where: "https://learn.microsoft.com/azure/foundry/openai/concepts/provisioned-throughput",
    date: "ms.date 2026-05-13, commit 09cf11c",
    confidence: "Microsoft",
  },
  S83: {
    title: "Provisioned 2024 updates (classic): default quota",
    where: "https://learn.microsoft.com/azure/foundry-classic/openai/concepts/provisioned-migration",
    date: "ms.date 2026-01-30, commit 28daccb",
    confidence: "Microsoft",
  },
  S43: {
    title: "Batch, with its quota include (Global batch limits)",
    where: "https://learn.microsoft.com/azure/foundry/openai/how-to/batch",
    date: "how-to-batch-content.md ms.date 2026-03-19 (commit 5f23194); global-batch-limits.md ms.date 2025-01-27 (commit a2a860f)",
    confidence: "Microsoft",
  },
  S44: {
    title: "Priority processing",
    where: "https://learn.microsoft.com/azure/foundry/openai/concepts/priority-processing",
    date: "page ms.date 2026-03-23 (commit 47edd3a); includes ms.date 2026-03-20 (commits 93801fc, de213cd)",
    confidence: "Microsoft",
  },
  S50: {
    title: "Artificial Analysis, GPT-5 (minimal) provider page (P50 of standard Azure endpoints)",
    where: "https://artificialanalysis.ai/models/gpt-5-minimal/providers",
    date: "snapshot date not shown on the page; read 2026-11-29",
    confidence: "Third party",
  },
  S51: {
    title: "Azure OpenAI models (Foundry Models sold directly by Azure): versions, context windows",
    where: "https://learn.microsoft.com/azure/foundry/foundry-models/concepts/models-sold-directly-by-azure",
    date: "ms.date 2026-02-27, commit 421dfa9",
    confidence: "Microsoft",
  },
  "MS-f": {
    title: "API Management features by tier",
    where: "https://learn.microsoft.com/azure/api-management/api-management-features",
    date: "ms.date 2025-11-11",
    confidence: "Microsoft",
  },
  "MS-r": {
    title: "Reliability in API Management",
    where: "https://learn.microsoft.com/azure/reliability/reliability-api-management",
    date: "ms.date 2026-09-09",
    confidence: "Microsoft",
  },
  "MS-v2": {
    title: "API Management v2 tiers overview",
    where: "https://learn.microsoft.com/azure/api-management/v2-service-tiers-overview",
    date: "ms.date not recorded",
    confidence: "Microsoft",
  },
  "MS-u18": {
    title: "Upgrade and scale (2018 revision)",
    where: "articles/api-management/upgrade-and-scale.md",
    date: "2018",
    confidence: "Microsoft",
  },
  "MS-bk": {
    title: "Backends in API Management",
    where: "https://learn.microsoft.com/azure/api-management/backends",
    date: "ms.date 2026-01-15",
    confidence: "Microsoft",
  },
  "3P-a": {
    title: "API Evangelist pricing harvest",
    where: "api-evangelist/microsoft-azure-api-management",
    date: "undated",
    confidence: "Third party",
  },
  "3P-b": {
    title: 'Microsoft Negotiations, "Azure API Management licensing"',
    where: "https://microsoftnegotiations.com/blog/azure-api-management-licensing",
    date: "undated",
    confidence: "Third party",
  },
  "3P-c": {
    title: "Jean-Paul Smit, APIM performance testing with Locust",
    where: "https://www.jeanpaulsmit.com/2021/05/azure-api-management-performance-testing-with-locust/",
    date: "May 2021",
    confidence: "Third party",
  },
  "3P-d": {
    title: "API Evangelist harvest of the APIM pricing page",
    where: "api-evangelist/microsoft-azure",
    date: "undated",
    confidence: "Third party",
  },
  "3P-e": {
    title: "API rate limits directory",
    where: "https://rate-limits.apis.io",
    date: "undated",
    confidence: "Third party",
  },
  "model card": {
    title: "Model documentation (context windows)",
    where: "the public OpenAI and Azure OpenAI model pages",
    date: "not recorded",
    confidence: "Microsoft",
  },
  "deployment types": {
    title: "Azure OpenAI deployment types and native spillover",
    where: "deployment-types.md",
    date: "ms.date 2026-04-16 and 2026-05-02",
    confidence: "Microsoft",
  },
};

/** What every model's figures of each kind rest on, unless the model says otherwise. */
export const MODEL_FACT_CITATIONS: Readonly<Record<ModelFactKind, Citation>> = {
  ptuInputTpm: { tags: ["S3"] },
  outputWeight: { tags: ["S3"] },
  ptuSizing: { tags: ["S3"] },
  ptuTargetTokensPerSecond: { tags: ["S3"], note: "99 % of requests generated faster than this" },
  ptuMaxPromptTokens: { tags: ["S2", "S3"], note: "none = no documented limit" },
  contextWindow: { tags: ["model card"] },
  rpmPer1kTpm: { tags: ["S7a", "S6"], note: "tier-1 RPM / TPM per SKU, or the quota page's rule" },
  latency: {
    tags: ["S32", "S3"],
    note: "ASSUMPTION: the measured model of the family, speed scaled by the ratio of PTU latency targets",
  },
  tokenPrices: { tags: ["S20"], note: "eastus2, USD per 1M tokens" },
  ptuPrices: {
    tags: ["S20", "S21", "S23", "S24", "S25", "S26", "S13"],
    note: "hourly from the Retail Prices meters; reservations from third parties (Data Zone from S25 alone)",
  },
  versions: { tags: ["S51"] },
  priorityPrices: { tags: ["S20", "S44"], note: 'the "pp" meters, eastus2, USD per 1M tokens' },
  priorityTarget: { tags: ["S44"], note: "99 % of requests generated faster than this" },
  standardQuota: {
    tags: ["S80", "S81"],
    note: "quota tier 1, per subscription, region, model and SKU; none = no published figure",
  },
  ptuQuota: {
    tags: ["S82", "S2", "S83"],
    note: 'no published figure: "a default amount" for eligible subscriptions, or "must be requested"',
  },
  batchQuota: {
    tags: ["S43", "S81"],
    note: 'the "Default" column, enqueued tokens; scoped like standard quota (ASSUMPTION)',
  },
};

/** Models whose figures of some kind rest on other sources than {@link MODEL_FACT_CITATIONS} says. */
export const MODEL_CITATION_OVERRIDES: Readonly<Record<string, CitationOverrides>> = {
  "gpt-4o": {
    outputWeight: { tags: ["S3", "S1b"], note: "the 2024 page implied 3; the current table's 4 wins" },
    rpmPer1kTpm: { tags: ["S7a", "S6", "S7b"] },
    latency: { tags: ["S32"], note: "measured TTFT and speed (standard endpoints)" },
    standardQuota: {
      tags: ["S80", "S7a", "S81"],
      note: "GlobalStandard: the current tier tables have no row; 450K TPM from the earlier tier-1 table",
    },
  },
  "gpt-4o-mini": {
    outputWeight: {
      tags: ["S3", "S1b", "S9"],
      note: "the 2024 page and the latency examples fit 3; the current table's 4 wins",
    },
    rpmPer1kTpm: { tags: ["S7a", "S6", "S7b"] },
  },
  "gpt-4.1": {
    ptuTargetTokensPerSecond: { tags: ["S3", "S2b"], note: "the 2025 page said 44; the newest wins" },
  },
  "gpt-4.1-mini": {
    ptuTargetTokensPerSecond: { tags: ["S3", "S2b"], note: "the 2025 page said 50; the newest wins" },
    latency: { tags: ["S32"], note: "measured TTFT and speed (standard endpoints)" },
  },
  o3: { latency: { tags: ["S32"], note: "measured TTFT and speed (standard endpoints)" } },
};

/** What the APIM tier figures rest on, per field of `ApimTierFacts`. */
export const APIM_FACT_CITATIONS: Readonly<Record<string, Citation>> = {
  requestsPerSecondPerUnit: {
    tags: ["3P-c", "3P-d"],
    note: "a planning figure; ASSUMPTION for the v2 tiers and Consumption",
  },
  maxUnits: { tags: ["MS-u18", "MS-v2", "3P-a", "3P-e"] },
  pricePerUnitMonthly: { tags: ["3P-a", "3P-b"], note: "the upper end of third-party ranges" },
  pricePerMillionCalls: { tags: ["3P-a"] },
  multiRegion: { tags: ["MS-f", "MS-r"] },
  circuitBreaker: { tags: ["MS-bk"] },
  overhead: { tags: [], note: "ASSUMPTION: Microsoft publishes no figure" },
};

/** What the SKU registry rests on. */
export const SKU_CITATION: Citation = { tags: ["deployment types"] };

/** Whether a value is a {@link Citation}: tags as strings, an optional note. */
function isCitation(value: unknown): value is Citation {
  if (typeof value !== "object" || value === null) return false;
  const { tags, note } = value as { tags?: unknown; note?: unknown };
  return (
    Array.isArray(tags) &&
    tags.every((t) => typeof t === "string") &&
    (note === undefined || typeof note === "string")
  );
}

/**
 * The citation of one kind of figure of a model: the model entry's own `sources` record when it has one for that
 * kind, else this file's override, else the shared citation. `facts` is the model entry (any shape: the field is read
 * only when present and well formed, so entries without it need nothing).
 */
export function modelCitation(model: string, facts: object, kind: ModelFactKind): Citation {
  const own = Object.hasOwn(facts, "sources") ? (facts as { sources: unknown }).sources : undefined;
  if (typeof own === "object" && own !== null && Object.hasOwn(own, kind)) {
    const cited = (own as Record<string, unknown>)[kind];
    if (isCitation(cited)) return cited;
  }
  const override = Object.hasOwn(MODEL_CITATION_OVERRIDES, model) ? MODEL_CITATION_OVERRIDES[model] : {};
  return override[kind] ?? MODEL_FACT_CITATIONS[kind];
}

/** Every kind's citation of a model, in {@link MODEL_FACT_KINDS} order. */
export function modelCitations(model: string, facts: object): Record<ModelFactKind, Citation> {
  const kinds = Object.keys(MODEL_FACT_KINDS) as ModelFactKind[];
  return Object.fromEntries(kinds.map((k) => [k, modelCitation(model, facts, k)])) as Record<
    ModelFactKind,
    Citation
  >;
}

/** The kind of figure each field of a model entry holds; `prices` is split by SKU ({@link modelFactList}). */
export const MODEL_FIELD_KINDS: Readonly<Record<string, ModelFactKind>> = {
  ptuInputTpm: "ptuInputTpm",
  outputWeight: "outputWeight",
  ptuMaxPromptTokens: "ptuMaxPromptTokens",
  contextWindow: "contextWindow",
  rpmPer1kTpm: "rpmPer1kTpm",
  ptuSizing: "ptuSizing",
  ptuTargetTokensPerSecond: "ptuTargetTokensPerSecond",
  latency: "latency",
  versions: "versions",
};

/** Fields of a model entry that hold no figure: what the figures rest on. */
const NOT_FIGURES = new Set(["sources"]);

/** Fields used only by provisioned deployments: none for a model offered on no provisioned SKU. */
const PTU_ONLY_FIELDS = new Set([
  "ptuInputTpm",
  "outputWeight",
  "ptuTargetTokensPerSecond",
  "ptuMaxPromptTokens",
]);

/** What each kind of figure is counted in, as `spillway catalog` prints it. */
export const FACT_UNITS: Readonly<Record<ModelFactKind, string>> = {
  ptuInputTpm: "input tokens per minute",
  outputWeight: "input tokens per output token",
  ptuSizing: "PTUs",
  ptuTargetTokensPerSecond: "output tokens/s",
  ptuMaxPromptTokens: "tokens",
  contextWindow: "tokens",
  rpmPer1kTpm: "requests per minute",
  latency: "s, s per 1K prompt tokens, tokens/s",
  tokenPrices: "USD per 1M tokens",
  ptuPrices: "USD per PTU: hour, month, year",
  versions: "ARM model versions",
  priorityPrices: "USD per 1M tokens",
  priorityTarget: "output tokens/s",
  standardQuota: "TPM",
  ptuQuota: "PTUs",
  batchQuota: "enqueued tokens",
};

/** What a PTU costs on a SKU for which a model has no price of its own: the SKU's list price ([S13], list-prices.ts). */
export const LIST_PRICE_CITATION: Citation = {
  tags: ["S13", "S20"],
  note: "list price: the SKU's PTU price, the same for every Azure OpenAI model",
};

/** What a Batch SKU's token prices rest on: half its standard SKU's (processing.ts). */
export const BATCH_PRICE_CITATION: Citation = {
  tags: ["S43", "S20"],
  note: "DERIVED: half the standard SKU's prices (Batch is 50 % less)",
};

/** One figure the catalog holds about a model, with what it rests on: a row of `spillway catalog MODEL`. */
export interface CatalogFact {
  /** The model entry's field (`ptuInputTpm`, `prices`), `priority` (processing.ts) or `quota` (quotas.ts). */
  field: string;
  /** The kind of figure; null for a field {@link MODEL_FIELD_KINDS} does not know (it then has no citation). */
  kind: ModelFactKind | null;
  /** The SKU the figure is for, or null for a figure of the whole model. */
  sku: Sku | null;
  /** The figure as the catalog holds it; null = none (not published, or not offered on the SKU). */
  value: unknown;
  /** What the figure rests on; null for a field without a kind. */
  citation: Citation | null;
}

/** Whether `value` is a record keyed by SKU names (a per-SKU field such as `ptuSizing`). */
function isPerSku(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => skuFacts(k) !== undefined);
}

/** The kind of the default quota of a SKU, by the unit it is counted in. */
function quotaKind(sku: Sku): ModelFactKind {
  const unit = quotaUnit(sku);
  return unit === "PTU" ? "ptuQuota" : unit === "TPM" ? "standardQuota" : "batchQuota";
}

/** Own entry `key` of a record-like value, or undefined. */
function entry(record: unknown, key: string): unknown {
  return typeof record === "object" && record !== null && Object.hasOwn(record, key)
    ? (record as Record<string, unknown>)[key]
    : undefined;
}

/**
 * The SKUs a model can be deployed on, in registry order: provisioned SKUs it has a `ptuSizing` row for, standard
 * SKUs it has token prices for, and Batch SKUs whose standard SKU it has prices for (a Batch price follows from it).
 */
export function offeredSkus(facts: object): Sku[] {
  const prices = entry(facts, "prices");
  return SKUS.filter((sku) => {
    const kind = skuFacts(sku)?.kind;
    if (kind === "provisioned") return entry(entry(facts, "ptuSizing"), sku) !== undefined;
    if (kind === "batch") return entry(prices, payAsYouGoSku(sku)) !== undefined;
    return entry(prices, sku) !== undefined;
  });
}

/** The prices of a model per SKU as {@link modelFactList} lists them (own, list, derived or none). */
function priceFacts(model: string, facts: object, offered: readonly Sku[]): CatalogFact[] {
  const prices = entry(facts, "prices");
  const out: CatalogFact[] = [];
  for (const sku of SKUS) {
    const kind = skuFacts(sku)?.kind;
    const own = entry(prices, sku);
    const base = { field: "prices", sku } as const;
    if (isProvisioned(sku)) {
      // A SKU the model is not offered on has no price to show, whatever the entry holds.
      if (!offered.includes(sku)) continue;
      if (own !== undefined)
        out.push({
          ...base,
          kind: "ptuPrices",
          value: own,
          citation: modelCitation(model, facts, "ptuPrices"),
        });
      else
        out.push({ ...base, kind: "ptuPrices", value: PTU_LIST_PRICES[sku], citation: LIST_PRICE_CITATION });
    } else if (kind === "batch") {
      const standard = entry(prices, payAsYouGoSku(sku)) as TokenPrices | undefined;
      if (own !== undefined)
        out.push({
          ...base,
          kind: "tokenPrices",
          value: own,
          citation: modelCitation(model, facts, "tokenPrices"),
        });
      else if (standard !== undefined)
        out.push({
          ...base,
          kind: "tokenPrices",
          value: scaledPrices(standard, BATCH_PRICE_FACTOR),
          citation: BATCH_PRICE_CITATION,
        });
    } else {
      const citation = modelCitation(model, facts, "tokenPrices");
      const none = {
        tags: citation.tags,
        note: "none: a deployment on this SKU must state its token prices",
      };
      out.push({
        ...base,
        kind: "tokenPrices",
        value: own ?? null,
        citation: own === undefined ? none : citation,
      });
    }
  }
  return out;
}

/**
 * Every figure the catalog holds about one model, each with its citation, read generically from the model entry (any
 * field; a per-SKU record becomes one figure per SKU), the SKU registry, processing.ts and quotas.ts, so models and
 * SKUs added later are listed without code here:
 * - each field of the entry in its order; `prices` per SKU in registry order: a provisioned SKU the model is offered
 *   on without a price of its own shows the SKU's list price, a Batch SKU the price derived from its standard SKU, a
 *   standard SKU without prices null; a model offered on no provisioned SKU has null PTU figures;
 * - Priority processing's prices and latency target, for the models it serves;
 * - the default quota of each SKU the model is offered on (null where none is published), and of any other SKU with a
 *   published one.
 */
export function modelFactList(model: string, facts: object): CatalogFact[] {
  const out: CatalogFact[] = [];
  const offered = offeredSkus(facts);
  const standardOnly = !offered.some((sku) => isProvisioned(sku));
  const cite = (kind: ModelFactKind | null) => (kind === null ? null : modelCitation(model, facts, kind));
  for (const [field, value] of Object.entries(facts)) {
    if (NOT_FIGURES.has(field)) continue;
    if (field === "prices") {
      out.push(...priceFacts(model, facts, offered));
      continue;
    }
    const kind = Object.hasOwn(MODEL_FIELD_KINDS, field) ? MODEL_FIELD_KINDS[field] : null;
    if (standardOnly && PTU_ONLY_FIELDS.has(field)) {
      const citation = cite(kind);
      const note = "none: offered on no provisioned SKU (no row in the PTU table)";
      out.push({ field, kind, sku: null, value: null, citation: citation && { tags: citation.tags, note } });
    } else if (isPerSku(value)) {
      for (const sku of SKUS) {
        if (Object.hasOwn(value, sku))
          out.push({ field, kind, sku, value: value[sku], citation: cite(kind) });
      }
    } else {
      out.push({ field, kind, sku: null, value: value ?? null, citation: cite(kind) });
    }
  }
  const priority = priorityFacts(model);
  if (priority !== undefined) {
    for (const [sku, value] of Object.entries(priority.prices)) {
      out.push({
        field: "priority",
        kind: "priorityPrices",
        sku: sku as Sku,
        value,
        citation: cite("priorityPrices"),
      });
    }
    out.push({
      field: "priority",
      kind: "priorityTarget",
      sku: null,
      value: priority.targetTokensPerSecond,
      citation: cite("priorityTarget"),
    });
  }
  for (const sku of SKUS) {
    const value = defaultQuota(sku, model);
    // A published quota shows even on a SKU the entry has no prices for (gpt-5.1's Standard, in the tier-1 table).
    if (value === null && !offered.includes(sku)) continue;
    out.push({ field: "quota", kind: quotaKind(sku), sku, value, citation: cite(quotaKind(sku)) });
  }
  return out;
}
