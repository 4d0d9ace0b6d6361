/**
 * The core of `spillway size`: PTUs for a workload by Microsoft's sizing formula [S3], from a call rate and token
 * sizes, or from a trace (at its mean rate and at its busiest minute). The trace is opened by the caller's function
 * (the command line knows its format and columns); nothing here prints or reads argv.
 */
import { isProvisioned, MODELS, PROVISIONED_SKUS, type Sku } from "../catalog/index.js";
import {
  defaultPtuSizing,
  type ProvisionedSku,
  ptuSkuProblem,
  SIZING_LIMITS,
  type SizingLimit,
  type SizingParams,
  sizePtu,
  sizingParams,
} from "../catalog/sizing.js";
import { inputError } from "../errors.js";
import { suggestModel } from "../scenario/suggest.js";
import type { TraceSource } from "../workload/trace/trace-types.js";
import { findNonFinite, profileTrace } from "../workload/trace-stats.js";

/** What to size: a workload's figures, or a trace (given by file, opened by a {@link SizeTraceOpener}). */
export interface SizeRequest {
  /** Catalog model (optional when both inputTpmPerPtu and outputWeight are given). */
  model?: string;
  /** Provisioned SKU. */
  sku: string;
  /** Peak calls per minute (without a trace). */
  rpm?: number;
  /** Mean prompt tokens per call (without a trace). */
  promptTokens?: number;
  /** Mean completion tokens per call (without a trace). */
  completionTokens?: number;
  /** Share of prompt tokens served from cache, in [0, 1]; with a trace, omitted means the trace's own rate. */
  cacheRate?: number;
  /** Overrides the catalog's input TPM per PTU. */
  inputTpmPerPtu?: number;
  /** Overrides the catalog's output weight. */
  outputWeight?: number;
  /** Trace file to size from. */
  trace?: string;
}

/** Opens the trace file a {@link SizeRequest} names; bad rows must be errors (sizing from part of a file misleads). */
export type SizeTraceOpener = (file: string) => TraceSource;

/** `; did you mean "gpt-4.1"?` for a near miss of a catalog model, else nothing. */
function didYouMean(model: string): string {
  const near = suggestModel(model, Object.keys(MODELS));
  return near === undefined ? "" : `; did you mean "${near}"?`;
}

/** An input problem: one line, exit 2. */
const refuse = (message: string) => inputError("", message);

/** The formula's figures at one call rate. */
export interface SizePoint {
  /** Calls per minute. */
  rpm: number;
  /** Mean prompt tokens per call. */
  promptTokens: number;
  /** Mean completion tokens per call. */
  completionTokens: number;
  /** rpm × prompt tokens. */
  inputTpm: number;
  /** rpm × completion tokens. */
  outputTpm: number;
  /** inputTpm × (1 − cacheRate) + outputWeight × outputTpm. */
  normalizedTpm: number;
  /** normalizedTpm / inputTpmPerPtu, unrounded. */
  rawPtu: number;
  /** rawPtu rounded up to the increment, at least the minimum. */
  ptu: number;
}

/** What `spillway size --json` prints: the parameters used, then the sizing (at the peak minute for a trace). */
export interface SizeResult extends SizePoint {
  /** Model name, or null when the throughput figures came from options only. */
  model: string | null;
  /** Provisioned SKU. */
  sku: string;
  /** Input TPM per PTU used. */
  inputTpmPerPtu: number;
  /** Output weight used. */
  outputWeight: number;
  /** Minimum deployment, PTUs. */
  minimum: number;
  /** Increment, PTUs. */
  increment: number;
  /** Where inputTpmPerPtu/outputWeight came from: the catalog, the options, or both (one overridden). */
  source: "catalog" | "options" | "catalog+options";
  /** Cache rate used. */
  cacheRate: number;
  /** With --trace: the trace's figures, and the sizing at its mean rate and at its busiest minute. */
  trace: {
    file: string;
    rows: number;
    durationSeconds: number;
    cacheRateSource: "option" | "trace" | "none";
    atMean: SizePoint;
    atPeakMinute: SizePoint;
  } | null;
}

/** `value` when it lies within `limit` (or is undefined); else a SpillwayError naming the option and its range. */
function bounded(limit: SizingLimit, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!(value >= limit.min && value <= limit.max)) {
    const what = Number.isNaN(value) ? "is not a number" : "is out of range";
    const range = `${limit.min.toLocaleString("en-US")} to ${limit.max.toLocaleString("en-US")}`;
    throw refuse(`${limit.flag}: ${value} ${what}; give ${range} (${limit.why})`);
  }
  return value;
}

function point(params: SizingParams, rpm: number, prompt: number, completion: number, cacheRate: number) {
  const e = sizePtu(params, rpm, prompt, completion, cacheRate);
  return {
    rpm,
    promptTokens: prompt,
    completionTokens: completion,
    inputTpm: rpm * prompt,
    outputTpm: rpm * completion,
    normalizedTpm: e.normalizedTpm,
    rawPtu: e.raw,
    ptu: e.ptu,
  };
}

/**
 * Why calls of this size cannot be served on the model's PTUs, or undefined: a prompt over the model's PTU prompt
 * limit is refused with HTTP 400 (gpt-5.4: 128K [S2, S3]), and prompt plus completion must fit its context window.
 * Sizing PTUs for calls that would all fail is a mistake to stop, not a figure to print.
 */
function callSizeProblem(model: string | null, prompt: number, completion: number): string | undefined {
  const facts = model === null || !Object.hasOwn(MODELS, model) ? undefined : MODELS[model];
  if (facts === undefined) return undefined;
  const words = (n: number) => n.toLocaleString("en-US");
  if (facts.ptuMaxPromptTokens !== null && prompt > facts.ptuMaxPromptTokens) {
    return (
      `--prompt-tokens: ${model} refuses prompts over ${words(facts.ptuMaxPromptTokens)} tokens on provisioned ` +
      `deployments (HTTP 400), so calls of ${words(prompt)} would all fail; size the calls under the limit and send ` +
      "longer ones to a standard deployment"
    );
  }
  if (prompt + completion > facts.contextWindow) {
    return (
      `--prompt-tokens, --completion-tokens: ${words(prompt + completion)} tokens a call is past ${model}'s ` +
      `context window of ${words(facts.contextWindow)}; give sizes a call can have`
    );
  }
  return undefined;
}

/** Resolves the formula's parameters from the catalog and the overrides, or throws a SpillwayError. */
function resolveParams(options: SizeRequest): {
  params: SizingParams;
  model: string | null;
  sku: ProvisionedSku;
  source: SizeResult["source"];
} {
  if (!isProvisioned(options.sku as Sku)) {
    throw refuse(
      `--sku: "${options.sku}" is not a provisioned SKU; use one of ${PROVISIONED_SKUS.join(", ")}`,
    );
  }
  const sku = options.sku as ProvisionedSku;
  const inputTpmPerPtu = bounded(SIZING_LIMITS.inputTpmPerPtu, options.inputTpmPerPtu);
  const outputWeight = bounded(SIZING_LIMITS.outputWeight, options.outputWeight);
  const model = options.model === undefined || options.model === "" ? null : options.model;
  const facts = model === null || !Object.hasOwn(MODELS, model) ? undefined : MODELS[model];
  // A catalog model with no PTU row for the SKU (gpt-5-nano: standard only) cannot be sized for it at all.
  const notOffered = model === null || facts === undefined ? undefined : ptuSkuProblem(model, facts, sku);
  if (notOffered !== undefined) throw refuse(`--sku: ${notOffered}`);
  if (inputTpmPerPtu !== undefined && outputWeight !== undefined) {
    // Both throughput figures given: the catalog only supplies the model's deployable sizes, when it knows the model.
    const { minimum, increment } = facts?.ptuSizing[sku] ?? defaultPtuSizing(sku);
    return { params: { inputTpmPerPtu, outputWeight, minimum, increment }, model, sku, source: "options" };
  }
  if (facts === undefined) {
    throw refuse(
      model === null
        ? "give --model (a catalog model) or both --input-tpm-per-ptu and --output-weight"
        : `--model: "${model}" is not in the catalog${didYouMean(model)} (${Object.keys(MODELS).join(", ")}); give both --input-tpm-per-ptu and --output-weight to size it`,
    );
  }
  const params = sizingParams(facts, sku, model ?? undefined);
  const overridden = inputTpmPerPtu !== undefined || outputWeight !== undefined;
  return {
    params: {
      ...params,
      inputTpmPerPtu: inputTpmPerPtu ?? params.inputTpmPerPtu,
      outputWeight: outputWeight ?? params.outputWeight,
    },
    model,
    sku,
    source: overridden ? "catalog+options" : "catalog",
  };
}

/**
 * Sizes a workload or a trace; returns the result (no output). Throws a SpillwayError (exit 2) on bad or missing input, and on any
 * figure that is not finite (JSON would print it as `null`), naming the inputs it came from.
 */
export function computeSize(options: SizeRequest, openTrace?: SizeTraceOpener): SizeResult {
  const result = size(options, openTrace);
  const notFinite = findNonFinite(result);
  if (notFinite !== undefined) {
    // The limits on every input rule this out; if it still happens, say which inputs produced it.
    const given = (Object.keys(SIZING_LIMITS) as (keyof typeof SIZING_LIMITS)[])
      .filter((key) => options[key] !== undefined)
      .map((key) => `${SIZING_LIMITS[key].flag} ${options[key]}`);
    const from = [options.trace === undefined ? "" : `the trace ${options.trace}`, ...given]
      .filter((x) => x !== "")
      .join(", ");
    throw refuse(`cannot size: ${notFinite} is not a finite number; check ${from}`);
  }
  return result;
}

function size(options: SizeRequest, openTrace: SizeTraceOpener | undefined): SizeResult {
  const { params, model, sku, source } = resolveParams(options);
  const optionCacheRate = bounded(SIZING_LIMITS.cacheRate, options.cacheRate);
  const base = {
    model,
    sku,
    inputTpmPerPtu: params.inputTpmPerPtu,
    outputWeight: params.outputWeight,
    minimum: params.minimum,
    increment: params.increment,
    source,
  };
  if (options.trace !== undefined) {
    const given = [
      ["--rpm", options.rpm],
      ["--prompt-tokens", options.promptTokens],
      ["--completion-tokens", options.completionTokens],
    ].filter(([, v]) => v !== undefined);
    if (given.length > 0) {
      throw refuse(
        `${given.map(([k]) => k).join(", ")}: the trace gives the call rate and token sizes; drop them or --trace`,
      );
    }
    if (openTrace === undefined) throw new Error("computeSize: a trace to size needs a trace opener");
    const stats = profileTrace(openTrace(options.trace)).stats;
    if (stats.rows === 0) throw refuse(`${options.trace}: the trace has no rows to size from`);
    // The trace's own cache rate applies unless --cache-rate says otherwise; a trace without the column has none.
    const traceRate =
      stats.cachedPromptTokens !== null && stats.promptTokens.sum > 0
        ? stats.cachedPromptTokens.sum / stats.promptTokens.sum
        : null;
    const cacheRate = optionCacheRate ?? traceRate ?? 0;
    const cacheRateSource = optionCacheRate !== undefined ? "option" : traceRate !== null ? "trace" : "none";
    const prompt = stats.promptTokens.mean;
    const completion = stats.completionTokens.mean;
    const atMean = point(params, stats.ratePerMinute.mean, prompt, completion, cacheRate);
    const atPeakMinute = point(params, stats.ratePerMinute.peak, prompt, completion, cacheRate);
    return {
      ...base,
      cacheRate,
      // The formula sizes for the peak call rate [S3], so the headline figures are the busiest minute's.
      ...atPeakMinute,
      trace: {
        file: options.trace,
        rows: stats.rows,
        durationSeconds: stats.durationSeconds,
        cacheRateSource,
        atMean,
        atPeakMinute,
      },
    };
  }
  const rpm = bounded(SIZING_LIMITS.rpm, options.rpm);
  const prompt = bounded(SIZING_LIMITS.promptTokens, options.promptTokens);
  const completion = bounded(SIZING_LIMITS.completionTokens, options.completionTokens);
  const missing = [
    rpm === undefined ? "--rpm" : "",
    prompt === undefined ? "--prompt-tokens" : "",
    completion === undefined ? "--completion-tokens" : "",
  ].filter((x) => x !== "");
  if (rpm === undefined || prompt === undefined || completion === undefined) {
    throw refuse(`missing ${missing.join(", ")} (or size from a trace with --trace FILE --format F)`);
  }
  const limit = callSizeProblem(model, prompt, completion);
  if (limit !== undefined) throw refuse(limit);
  const cacheRate = optionCacheRate ?? 0;
  return { ...base, cacheRate, ...point(params, rpm, prompt, completion, cacheRate), trace: null };
}
