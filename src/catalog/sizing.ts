/**
 * Microsoft's PTU sizing formula [S3] (provisioned-throughput-sizing.md, ms.date 2026-05-22, commit 24dcd56):
 *
 *   InputTPM      = PeakRPM × avgPromptTokens
 *   OutputTPM     = PeakRPM × avgResponseTokens
 *   NormalizedTPM = InputTPM × (1 − cacheRate) + outputToInputRatio × OutputTPM
 *   PTU_raw       = NormalizedTPM / InputTPMperPTU
 *   PTU           = max(minimum, ceil(PTU_raw / increment) × increment)
 *
 * The cache rate takes cached prompt tokens out whole: "cached tokens are deducted 100% from the utilization
 * calculation and don't consume PTU capacity" ([S3]; [S2], ms.date 2026-04-07, says the same). Worked example [S3]:
 * gpt-5.2 Data Zone, 1,000 RPM, 200 in / 20 out: 200,000 + 8 × 20,000 = 360,000 / 3,400 = 105.88 → 110 PTU; with
 * a 50 % cache rate 100,000 + 160,000 = 260,000 / 3,400 = 76.47 → 80 PTU.
 *
 * Used by `spillway size` and `spillway trace stats`.
 */
import { inputError } from "../errors.js";
import { groupDigits } from "../units.js";
import { offeredSkus } from "./fact-sources.js";
import { PROVISIONED_SKUS } from "./skus.js";
import type { ModelFacts, PtuSizing } from "./types.js";

/** PTUs from the documented sizing formula [S3] at one call rate. */
export interface PtuEstimate {
  /** Calls per minute used. */
  rpm: number;
  /** Normalized input tokens per minute. */
  normalizedTpm: number;
  /** Unrounded PTUs. */
  raw: number;
  /** Rounded up to the increment, at least the minimum. */
  ptu: number;
}

/** The four numbers the formula needs besides the workload: throughput per PTU, output weight, deployable sizes. */
export interface SizingParams {
  /** Input tokens per minute one PTU serves. */
  inputTpmPerPtu: number;
  /** How many input tokens one output token counts as. */
  outputWeight: number;
  /** Smallest deployment, PTUs. */
  minimum: number;
  /** Deployments are a multiple of this, PTUs. */
  increment: number;
}

/** The range one sizing input may take, and why; `spillway size` rejects anything outside it (exit 2). */
export interface SizingLimit {
  /** The command-line option. */
  flag: string;
  /** Smallest value accepted. */
  min: number;
  /** Largest value accepted. */
  max: number;
  /** Why the range is what it is. */
  why: string;
  /** The option's help text: what it is, its range and why. */
  help: string;
}

function limit(flag: string, what: string, min: number, max: number, why: string): SizingLimit {
  const range = `${groupDigits(min)} to ${groupDigits(max)}`;
  return { flag, min, max, why, help: `${what}, ${range} (${why})` };
}

/**
 * Bounds of every numeric input of `spillway size`. They lie far outside any real workload, so they only catch typos
 * and fuzz (1e308 RPM), and they keep every product of the formula finite: at the extremes normalized TPM is about
 * 1e19, so no figure overflows to Infinity (which JSON would print as `null`).
 */
export const SIZING_LIMITS = {
  rpm: limit(
    "--rpm",
    "peak calls per minute",
    0,
    1e8,
    "100 million a minute is far beyond any deployment's quota",
  ),
  promptTokens: limit(
    "--prompt-tokens",
    "mean tokens in the prompt of a call",
    0,
    1e8,
    "fifty times the largest context window; trace rows above it are bad rows too",
  ),
  completionTokens: limit(
    "--completion-tokens",
    "mean tokens in the model's response",
    0,
    1e8,
    "far beyond any model's output limit; trace rows above it are bad rows too",
  ),
  cacheRate: limit("--cache-rate", "share of prompt tokens cached", 0, 1, "a fraction: 0.5 = 50%"),
  inputTpmPerPtu: limit(
    "--input-tpm-per-ptu",
    "input tokens per minute one PTU serves",
    1,
    1e9,
    "catalog models serve 230 (o1) to 59,400 (gpt-4.1-nano)",
  ),
  outputWeight: limit(
    "--output-weight",
    "input tokens one output token counts as",
    0,
    1000,
    "catalog models weigh 4 to 8",
  ),
} as const satisfies Record<string, SizingLimit>;

/** A provisioned SKU (ARM sku.name). */
export type ProvisionedSku = keyof ModelFacts["ptuSizing"];

/** Global and Data Zone provisioned: minimum 15 PTU, increment 5, for every Azure OpenAI model of [S3]. */
export const GLOBAL_DZ_SIZING: Readonly<PtuSizing> = { minimum: 15, increment: 5 };

/** Regional provisioned minimum and increment of 50 PTU (gpt-4o, gpt-4.1, o3, the gpt-5 family but mini [S3]). */
export const REGIONAL_SIZING_50: Readonly<PtuSizing> = { minimum: 50, increment: 50 };

/** Regional provisioned minimum and increment of 25 PTU: the mini/nano models [S3]. */
export const REGIONAL_SIZING_25: Readonly<PtuSizing> = { minimum: 25, increment: 25 };

/**
 * Minimum and increment of a SKU for a model the catalog does not know: 15 / 5 for Global and Data Zone (every
 * model in [S3]), 25 / 25 for regional (the smallest regional size in [S3]; larger models need 50 / 50).
 */
export function defaultPtuSizing(sku: ProvisionedSku): PtuSizing {
  return { ...(sku === "ProvisionedManaged" ? REGIONAL_SIZING_25 : GLOBAL_DZ_SIZING) };
}

/**
 * Why `model` cannot be deployed on the provisioned `sku`, or undefined when it can: a model with no row in
 * Microsoft's PTU table (gpt-5-nano) is standard only.
 */
export function ptuSkuProblem(model: string, facts: ModelFacts, sku: ProvisionedSku): string | undefined {
  if (facts.ptuSizing[sku] !== undefined) return undefined;
  const has = offeredSkus(facts);
  const why = PROVISIONED_SKUS.some((s) => facts.ptuSizing[s] !== undefined)
    ? `${model} is not offered on ${sku}`
    : `${model} has no provisioned (PTU) deployment: Microsoft's PTU table has no row for it, so it is standard only`;
  return `${why}; use one of the SKUs it has: ${has.length > 0 ? has.join(", ") : "(none priced: give its prices under models:)"}`;
}

/** Sizing parameters of a catalog model on a provisioned SKU; a SpillwayError (exit 2) when it has no PTU row. */
export function sizingParams(facts: ModelFacts, sku: ProvisionedSku, model = "this model"): SizingParams {
  const sizing = facts.ptuSizing[sku];
  if (sizing === undefined) throw inputError("", ptuSkuProblem(model, facts, sku) ?? "");
  const { minimum, increment } = sizing;
  return { inputTpmPerPtu: facts.ptuInputTpm, outputWeight: facts.outputWeight, minimum, increment };
}

/** Microsoft's sizing formula [S3]: normalized TPM / input TPM per PTU, rounded up to the increment (≥ minimum). */
export function sizePtu(
  params: SizingParams,
  rpm: number,
  avgPrompt: number,
  avgCompletion: number,
  cacheRate: number,
): PtuEstimate {
  const normalizedTpm = rpm * avgPrompt * (1 - cacheRate) + params.outputWeight * rpm * avgCompletion;
  const raw = normalizedTpm / params.inputTpmPerPtu;
  // The tolerance keeps an exact multiple (e.g. 30.000000000004 from float error) from rounding up a whole increment.
  const rounded = Math.ceil(raw / params.increment - 1e-9) * params.increment;
  return { rpm, normalizedTpm, raw, ptu: Math.max(params.minimum, rounded) };
}
