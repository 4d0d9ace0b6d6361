/**
 * Processing options and their price rules: Batch deployments, and Priority and Flex processing of standard
 * deployments. The SKUs and which option each offers are in skus.ts; the behaviours are in src/azure/ (batch-deployment.ts,
 * processing-options.ts); the undocumented parts are knobs in assumptions.ts (`batch.turnaround`,
 * `standard.flex.unavailable`).
 *
 * Facts (tags in docs/sources.md):
 * - [S43] Batch (how-to-batch-content.md, ms.date 2026-03-19): "asynchronous groups of requests with separate quota,
 *   with 24-hour target turnaround, at 50% less cost than global standard"; "We aim to process batch requests within
 *   24 hours; we don't expire the jobs that take longer". Quota (global-batch-limits.md, ms.date 2025-01-27): "Quota
 *   values for global batch are represented in terms of enqueued tokens. When you submit a file for batch processing,
 *   the number of tokens in the file is counted. Until the batch job reaches a terminal state, those tokens count
 *   against your total enqueued token limit"; the FAQ: the quota "includes the maximum number of input tokens you can
 *   enqueue at one time". The price meters agree and show Data Zone Batch at 50 % of Data Zone Standard [S20]: gpt-4.1
 *   Batch $1.00 / $4.00 (Global) and $1.10 / $4.40 (Data Zone) per 1M input / output against $2.00 / $8.00 and
 *   $2.20 / $8.80 standard; gpt-5.1, gpt-5.2 and gpt-5.4 likewise (gpt-5.4 cached input $0.13 against $0.25, rounded).
 *   So a Batch SKU's token prices are half its standard SKU's ({@link BATCH_PRICE_FACTOR}), not a table per model.
 * - [S44] Priority processing (concepts/priority-processing.md, ms.date 2026-03-23, and its includes
 *   concepts-priority-processing-1.md and -2.md, ms.date 2026-03-20): on Global Standard and Data Zone Standard (US)
 *   deployments only, "the same quota as standard processing"; latency target ({@link PRIORITY_FACTS}) "calculated as
 *   p50 request latency on a per 5 minute basis"; "Long context requests (that is, requests estimated at larger than
 *   128k prompt tokens) will be downgraded to standard processing and you'll be charged at the standard tier rate"
 *   (gpt-5.4 and gpt-4.1); the service re-routes priority requests to standard processing "if rapid increases to your
 *   priority processing tokens per minute lead to hitting ramp rate limits. Currently, the ramp rate limit is defined
 *   as increasing traffic by more than 50% tokens per minute in less than 15 minutes" ({@link PRIORITY_RAMP}), billed
 *   "at standard rates". Prices: the "pp" meters of [S20] ({@link PRIORITY_FACTS}), effective 2026-03-01.
 * - [S45] Flex processing (how-to/flex-processing.md, ms.date 2026-09-24, preview): "a 50% discount compared with
 *   Standard processing" on input and output ("Cached-token discounts also apply"), selected per request on a Global
 *   Standard deployment whose quota it shares; "Requests can return HTTP 429 when Flex capacity isn't available"; "A
 *   Flex request rejected because processing capacity is unavailable isn't billed"; no automatic fallback to Standard.
 *   At launch one model, gpt-5.6-sol, supports it; Spillway accepts Flex on any model's Global Standard deployment
 *   as a what-if (stated in README.md, "Processing options").
 */
import type { ProcessingOption } from "./skus.js";
import type { TokenPrices } from "./types.js";

/** A Batch SKU's token prices as a share of its standard SKU's: "50% less cost" [S43], the meters agree [S20]. */
export const BATCH_PRICE_FACTOR = 0.5;

/** Flex token prices as a share of Standard's: "a 50% discount" on input, cached input and output [S45]. */
export const FLEX_PRICE_FACTOR = 0.5;

/** The completion window a Batch job is processed within: the "24-hour target turnaround" [S43], s. */
export const BATCH_COMPLETION_WINDOW = 24 * 3600;

/**
 * The ramp rule of Priority processing [S44]: traffic rising by more than `increase` (50 %) in tokens per minute
 * within `window` seconds (15 minutes) is re-routed to standard processing.
 */
export const PRIORITY_RAMP = { increase: 0.5, window: 15 * 60 } as const;

/** Longest prompt Priority processing serves as priority for the models footnoted so [S44]; longer: standard. */
export const PRIORITY_LONG_CONTEXT = 128_000;

/** What Priority processing offers one model: its latency target, long-context rule and per-1M-token prices. */
export interface PriorityFacts {
  /** Latency target: 99 % of requests generate faster than this many tokens per second [S44]. */
  targetTokensPerSecond: number;
  /** Prompts above {@link PRIORITY_LONG_CONTEXT} are served as standard (footnote 1 of the target table) [S44]. */
  longContextDowngrade: boolean;
  /** Priority token prices per SKU, USD per 1M tokens [S20]. */
  prices: { GlobalStandard: TokenPrices; DataZoneStandard: TokenPrices };
}

/**
 * The models Priority processing serves [S44] (latency target table, ms.date 2026-03-20) with their priority meters
 * [S20] ("pp" meters, eastus2, effective 2026-03-01, data as of 2026-07-31). Against standard (Global): gpt-4.1 is 1.75
 * times its $2.00 / $0.50 / $8.00, the gpt-5.x models twice theirs.
 */
export const PRIORITY_FACTS: Readonly<Record<string, PriorityFacts>> = {
  "gpt-5.4": {
    targetTokensPerSecond: 50,
    longContextDowngrade: true,
    prices: {
      GlobalStandard: { input: 5.0, cachedInput: 0.5, output: 30.0 },
      DataZoneStandard: { input: 5.5, cachedInput: 0.55, output: 33.0 },
    },
  },
  "gpt-5.2": {
    targetTokensPerSecond: 50,
    longContextDowngrade: false,
    prices: {
      GlobalStandard: { input: 3.5, cachedInput: 0.35, output: 28.0 },
      DataZoneStandard: { input: 3.85, cachedInput: 0.385, output: 30.8 },
    },
  },
  "gpt-5.1": {
    targetTokensPerSecond: 50,
    longContextDowngrade: false,
    prices: {
      GlobalStandard: { input: 2.5, cachedInput: 0.25, output: 20.0 },
      DataZoneStandard: { input: 2.75, cachedInput: 0.275, output: 22.0 },
    },
  },
  "gpt-4.1": {
    targetTokensPerSecond: 80,
    longContextDowngrade: true,
    prices: {
      GlobalStandard: { input: 3.5, cachedInput: 0.875, output: 14.0 },
      DataZoneStandard: { input: 3.85, cachedInput: 0.963, output: 15.4 },
    },
  },
};

/** The Priority facts of a model, or undefined when Priority processing does not serve it [S44]. */
export function priorityFacts(model: string): PriorityFacts | undefined {
  return Object.hasOwn(PRIORITY_FACTS, model) ? PRIORITY_FACTS[model] : undefined;
}

/** Token prices scaled by a factor (a price rule applied to list prices). */
export function scaledPrices(prices: TokenPrices, factor: number): TokenPrices {
  return {
    input: prices.input * factor,
    cachedInput: prices.cachedInput * factor,
    output: prices.output * factor,
  };
}

/**
 * The token prices a call processed with `option` costs, from the SKU's standard prices: Flex at half [S45], Priority
 * at the model's priority meters [S44, S20] (standard prices when the model has none: the caller refuses that case).
 */
export function optionPrices(
  standard: TokenPrices,
  option: ProcessingOption,
  model: string,
  sku: "GlobalStandard" | "DataZoneStandard" | "Standard",
): TokenPrices {
  if (option === "flex") return scaledPrices(standard, FLEX_PRICE_FACTOR);
  if (option === "priority" && sku !== "Standard") return priorityFacts(model)?.prices[sku] ?? standard;
  return standard;
}
