/**
 * `spillway size`: PTUs for a workload by Microsoft's sizing formula [S3] (azure-openai.md §2.2), from a call rate
 * and token sizes, or from a trace (at its mean rate and at its busiest minute).
 */
import { isProvisioned, MODELS, PROVISIONED_SKUS, type Sku } from "../catalog/index.js";
import {
  defaultPtuSizing,
  type ProvisionedSku,
  SIZING_LIMITS,
  type SizingLimit,
  type SizingParams,
  sizePtu,
  sizingParams,
} from "../catalog/sizing.js";
import { openTrace } from "../workload/trace/open-trace.js";
import { TRACE_FORMATS, type TraceFormat } from "../workload/trace/trace-types.js";
import { findNonFinite, profileTrace } from "../workload/trace-stats.js";
import { ExitCode, InputError } from "./io.js";
import { parseColumns } from "./trace-command.js";

/** Options of {@link sizeCommand}, as the CLI parses them. */
export interface SizeOptions {
  /** Catalog model (optional when both --input-tpm-per-ptu and --output-weight are given). */
  model?: string;
  /** Provisioned SKU. */
  sku: string;
  /** Peak calls per minute (without --trace). */
  rpm?: number;
  /** Mean prompt tokens per call (without --trace). */
  promptTokens?: number;
  /** Mean completion tokens per call (without --trace). */
  completionTokens?: number;
  /** Share of prompt tokens served from cache, in [0, 1]; with --trace, omitted means the trace's own rate. */
  cacheRate?: number;
  /** Overrides the catalog's input TPM per PTU. */
  inputTpmPerPtu?: number;
  /** Overrides the catalog's output weight. */
  outputWeight?: number;
  /** Trace file to size from. */
  trace?: string;
  /** Trace format. */
  format: string;
  /** Trace column mapping, `key=value,...`. */
  columns?: string;
  /** Print JSON instead of text. */
  json: boolean;
}

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

/** `value` when it lies within `limit` (or is undefined); else an InputError naming the option and its range. */
function bounded(limit: SizingLimit, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!(value >= limit.min && value <= limit.max)) {
    const what = Number.isNaN(value) ? "is not a number" : "is out of range";
    const range = `${limit.min.toLocaleString("en-US")} to ${limit.max.toLocaleString("en-US")}`;
    throw new InputError(`${limit.flag}: ${value} ${what}; give ${range} (${limit.why})`);
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

/** Resolves the formula's parameters from the catalog and the overrides, or throws an InputError. */
function resolveParams(options: SizeOptions): {
  params: SizingParams;
  model: string | null;
  sku: ProvisionedSku;
  source: SizeResult["source"];
} {
  if (!isProvisioned(options.sku as Sku)) {
    throw new InputError(
      `--sku: "${options.sku}" is not a provisioned SKU; use one of ${PROVISIONED_SKUS.join(", ")}`,
    );
  }
  const sku = options.sku as ProvisionedSku;
  const inputTpmPerPtu = bounded(SIZING_LIMITS.inputTpmPerPtu, options.inputTpmPerPtu);
  const outputWeight = bounded(SIZING_LIMITS.outputWeight, options.outputWeight);
  const model = options.model === undefined || options.model === "" ? null : options.model;
  const facts = model === null || !Object.hasOwn(MODELS, model) ? undefined : MODELS[model];
  if (inputTpmPerPtu !== undefined && outputWeight !== undefined) {
    // Both throughput figures given: the catalog only supplies the model's deployable sizes, when it knows the model.
    const { minimum, increment } = facts?.ptuSizing[sku] ?? defaultPtuSizing(sku);
    return { params: { inputTpmPerPtu, outputWeight, minimum, increment }, model, sku, source: "options" };
  }
  if (facts === undefined) {
    throw new InputError(
      model === null
        ? "give --model (a catalog model) or both --input-tpm-per-ptu and --output-weight"
        : `--model: "${model}" is not in the catalog (${Object.keys(MODELS).join(", ")}); give both --input-tpm-per-ptu and --output-weight to size it`,
    );
  }
  const params = sizingParams(facts, sku);
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
 * Sizes a workload or a trace; returns the result (no output). Throws InputError on bad or missing input, and on any
 * figure that is not finite (JSON would print it as `null`), naming the inputs it came from.
 */
export function computeSize(options: SizeOptions): SizeResult {
  const result = size(options);
  const notFinite = findNonFinite(result);
  if (notFinite !== undefined) {
    // The limits on every input rule this out; if it still happens, say which inputs produced it.
    const given = (Object.keys(SIZING_LIMITS) as (keyof typeof SIZING_LIMITS)[])
      .filter((key) => options[key] !== undefined)
      .map((key) => `${SIZING_LIMITS[key].flag} ${options[key]}`);
    const from = [options.trace === undefined ? "" : `the trace ${options.trace}`, ...given]
      .filter((x) => x !== "")
      .join(", ");
    throw new InputError(`cannot size: ${notFinite} is not a finite number; check ${from}`);
  }
  return result;
}

function size(options: SizeOptions): SizeResult {
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
      throw new InputError(
        `${given.map(([k]) => k).join(", ")}: the trace gives the call rate and token sizes; drop them or --trace`,
      );
    }
    const stats = profileTrace(openSizingTrace(options.trace, options.format, options.columns)).stats;
    if (stats.rows === 0) throw new InputError(`${options.trace}: the trace has no rows to size from`);
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
    throw new InputError(`missing ${missing.join(", ")} (or size from a trace with --trace FILE --format F)`);
  }
  const cacheRate = optionCacheRate ?? 0;
  return { ...base, cacheRate, ...point(params, rpm, prompt, completion, cacheRate), trace: null };
}

/** Opens a trace the way `trace stats` does (bad rows are an error: sizing from a partly read file would mislead). */
function openSizingTrace(file: string, format: string, columnsText: string | undefined) {
  if (!(TRACE_FORMATS as readonly string[]).includes(format)) {
    throw new InputError(
      `--format: "${format}" is not a trace format; use one of ${TRACE_FORMATS.join(", ")}`,
    );
  }
  const columns = parseColumns(columnsText);
  if (
    (format === "csv" || format === "jsonl") &&
    (columns.time === undefined || columns.prompt === undefined || columns.completion === undefined)
  ) {
    throw new InputError(
      `--format ${format} needs --columns time=...,prompt=...,completion=... (and timeUnit=ms for milliseconds)`,
    );
  }
  return openTrace({
    path: file,
    displayPath: file,
    format: format as TraceFormat,
    columns,
    onBadRow: "error",
    reorderWindow: 10,
  });
}

function render(r: SizeResult): string {
  const n = (x: number, d = 0) =>
    x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
  // Call rates and token means from a trace are fractional; typed-in figures usually are not.
  const v = (x: number) => n(x, Number.isInteger(x) ? 0 : 1);
  const pct = (x: number) => `${n(x * 100, x * 100 === Math.round(x * 100) ? 0 : 1)}%`;
  const from = r.source === "catalog" ? "catalog" : r.source === "options" ? "given" : "catalog, overridden";
  const line = (label: string, p: SizePoint) =>
    `  ${label.padEnd(20)}${n(p.ptu)} PTU (raw ${n(p.rawPtu, 2)}; ${v(p.rpm)} RPM × ${v(p.promptTokens)} in / ${v(p.completionTokens)} out → ${n(p.normalizedTpm)} normalized TPM)`;
  const lines = [
    `PTU sizing${r.model === null ? "" : ` for ${r.model}`}, ${r.sku} (Microsoft's sizing formula [S3])`,
    `  input TPM per PTU   ${n(r.inputTpmPerPtu)} (${from})`,
    `  output weight       ${n(r.outputWeight, 2).replace(/\.?0+$/, "")} (${from})`,
    `  minimum / increment ${n(r.minimum)} / ${n(r.increment)} PTU`,
    `  cache rate          ${pct(r.cacheRate)}${r.trace === null ? "" : r.trace.cacheRateSource === "trace" ? " (from the trace)" : r.trace.cacheRateSource === "none" ? " (the trace has no cached tokens)" : ""}`,
  ];
  if (r.trace === null) {
    lines.push(
      `  input TPM           ${n(r.inputTpm)} (${v(r.rpm)} RPM × ${v(r.promptTokens)})`,
      `  output TPM          ${n(r.outputTpm)} (${v(r.rpm)} RPM × ${v(r.completionTokens)})`,
      `  normalized TPM      ${n(r.normalizedTpm)} (input × (1 − cache rate) + output weight × output)`,
      `  PTUs                ${n(r.ptu)} (raw ${n(r.rawPtu, 2)})`,
    );
  } else {
    lines.push(
      `  trace               ${r.trace.file}: ${n(r.trace.rows)} rows over ${n(r.trace.durationSeconds, 1)} s`,
      line("at the mean", r.trace.atMean),
      line("at the peak minute", r.trace.atPeakMinute),
    );
  }
  return `${lines.join("\n")}\n`;
}

/** `spillway size`: prints the sizing (text or JSON); returns the exit code. */
export async function sizeCommand(options: SizeOptions): Promise<number> {
  const result = computeSize(options);
  process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : render(result));
  return ExitCode.Ok;
}
