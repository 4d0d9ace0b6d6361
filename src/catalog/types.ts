/**
 * Shapes of the built-in fact catalog. The values live in `models.ts` (facts and prices) and `apim-tiers.ts`, each with
 * its source and date in a comment; a scenario's `models:` block merges over them field by field.
 */
import type { CitationOverrides } from "./fact-sources.js";
import type { ProvisionedSku, StandardSku } from "./skus.js";

/** Per-token prices of a standard SKU, USD per 1M tokens. */
export interface TokenPrices {
  /** Uncached input tokens, USD per 1M. */
  input: number;
  /** Cached input tokens, USD per 1M. */
  cachedInput: number;
  /** Output tokens, USD per 1M. */
  output: number;
}

/** Prices of a provisioned SKU, USD per PTU. */
export interface PtuPrices {
  /** Hourly (on-demand) price per PTU-hour. */
  hourly: number;
  /** One-month reservation, per PTU per month. */
  reservationMonthly: number;
  /** One-year reservation, per PTU per year. */
  reservationYearly: number;
}

/** Minimum deployment size and scale increment of a provisioned SKU, in PTUs. */
export interface PtuSizing {
  /** Smallest deployment, PTUs. */
  minimum: number;
  /** Deployments are a multiple of this, PTUs. */
  increment: number;
}

/** Default latency figures of a model; all overridable per model and per deployment. */
export interface LatencyDefaults {
  /** Time to first token for a small prompt, seconds. */
  ttft: number;
  /** Extra time to first token per 1,000 prompt tokens (prefill), seconds. */
  ttftPer1kPromptTokens: number;
  /** Mean generation speed, output tokens per second. */
  tokensPerSecond: number;
}

/** Everything Spillway knows about one model. */
export interface ModelFacts {
  /** Input tokens per minute that one PTU serves. */
  ptuInputTpm: number;
  /** How many input tokens one output token counts as in PTU utilization. */
  outputWeight: number;
  /** Largest prompt a provisioned deployment accepts; longer prompts get HTTP 400. `null` = no documented limit. */
  ptuMaxPromptTokens: number | null;
  /** Largest prompt + completion a standard deployment accepts (the model's context window). */
  contextWindow: number;
  /** Standard deployments: requests per minute granted per 1,000 TPM of quota, per standard SKU. */
  rpmPer1kTpm: Record<StandardSku, number>;
  /**
   * PTU minimum and increment per provisioned SKU. A SKU left out is one the model cannot be deployed on: a model
   * with none is standard only (no row in Microsoft's PTU table), and its PTU figures above are not used.
   */
  ptuSizing: { [S in ProvisionedSku]?: PtuSizing };
  /** Provisioned latency target: 99% of requests are generated faster than this many tokens/s. */
  ptuTargetTokensPerSecond: number;
  /** Latency defaults (standard deployments; provisioned ones use these with less jitter). */
  latency: LatencyDefaults;
  /** Prices per SKU; a SKU without an entry has no price of its own (see {@link ModelPrices}). */
  prices: ModelPrices;
  /**
   * The versions Azure lists for the model (ARM `properties.model.version`), oldest first; `model: { name, version }`
   * must name one. Catalog models only: one set of facts covers them all.
   */
  versions?: readonly string[];
  /** What the entry's figures rest on where it differs from the shared citations of fact-sources.ts. */
  sources?: CitationOverrides;
}

/**
 * Prices of a model per SKU: token prices for standard SKUs, PTU prices for provisioned SKUs. A SKU may be missing:
 * a provisioned one then costs the SKU's list PTU price, the same for every model (`list-prices.ts`), and a
 * standard one cannot be deployed until its token prices are given (the resolver refuses it).
 */
export type ModelPrices = { [S in StandardSku]?: TokenPrices } & { [S in ProvisionedSku]?: PtuPrices };

/** One API Management tier. */
export interface ApimTierFacts {
  /** Estimated requests per second one unit serves (planning figure, not a limit). */
  requestsPerSecondPerUnit: number;
  /** Most units per region; `null` = no fixed maximum (Consumption scales by itself). */
  maxUnits: number | null;
  /** List price per unit per month, USD (per region for Premium). */
  pricePerUnitMonthly: number;
  /** Price per million calls, USD (Consumption only; 0 elsewhere). */
  pricePerMillionCalls: number;
  /** Whether the tier can run gateways in several regions. */
  multiRegion: boolean;
  /** Whether backends support a circuit breaker on this tier. */
  circuitBreaker: boolean;
  /** Default latency the gateway adds per pass, seconds (an assumption: Microsoft publishes none). */
  overhead: number;
}

/** APIM tier names as in ARM `sku.name` (v2 tiers written as the scenario format spells them). */
export type ApimTier =
  | "Developer"
  | "Basic"
  | "Standard"
  | "Premium"
  | "BasicV2"
  | "StandardV2"
  | "PremiumV2"
  | "Consumption";
