/**
 * Microsoft's PTU sizing formula [S3] (provisioned-throughput-sizing.md, ms.date 2026-05-22; azure-openai.md §2.2):
 *
 *   InputTPM      = PeakRPM × avgPromptTokens
 *   OutputTPM     = PeakRPM × avgResponseTokens
 *   NormalizedTPM = InputTPM × (1 − cacheRate) + outputToInputRatio × OutputTPM
 *   PTU_raw       = NormalizedTPM / InputTPMperPTU
 *   PTU           = max(minimum, ceil(PTU_raw / increment) × increment)
 *
 * Used by `spillway size` and `spillway trace stats`.
 */
import type { ModelFacts, PtuSizing } from "../catalog/index.js";

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

/** A provisioned SKU (ARM sku.name). */
export type ProvisionedSku = keyof ModelFacts["ptuSizing"];

/**
 * Minimum and increment of a SKU for a model the catalog does not know: 15 / 5 for Global and Data Zone (every
 * model in [S3]), 25 / 25 for regional (the smallest regional size in [S3]; larger models need 50 / 50).
 */
export function defaultPtuSizing(sku: ProvisionedSku): PtuSizing {
  return sku === "ProvisionedManaged" ? { minimum: 25, increment: 25 } : { minimum: 15, increment: 5 };
}

/** Sizing parameters of a catalog model on a provisioned SKU. */
export function sizingParams(facts: ModelFacts, sku: ProvisionedSku): SizingParams {
  const { minimum, increment } = facts.ptuSizing[sku];
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
