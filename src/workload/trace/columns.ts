/**
 * Which columns each trace format reads, and how header names are matched to them.
 */
import { type TimeUnit, TraceError, type TraceFormat, type TraceOpenOptions } from "./trace-types.js";
import { unitDivisor } from "./values.js";

/** Default column names of a format; `columns` in the scenario overrides any of them. */
export interface FormatDefaults {
  /** Time column. */
  time?: string;
  /** Unit of a numeric time column. */
  timeUnit: TimeUnit;
  /** Prompt tokens column. */
  prompt?: string;
  /** Completion tokens column. */
  completion?: string;
  /** Cached prompt tokens column, read when the header has it. */
  cached?: string;
  /** Tag column, read when the header has it (required once `tag` is set). */
  tag?: string;
  /** Sequence column of split log entries: only rows with 0 (or empty) are requests. */
  sequence?: string;
}

/** Default columns per format (csv and jsonl have none: their mapping must be given). */
export const FORMAT_DEFAULTS: Readonly<Record<TraceFormat, FormatDefaults>> = {
  "azure-llm": { time: "TIMESTAMP", timeUnit: "s", prompt: "ContextTokens", completion: "GeneratedTokens" },
  csv: { timeUnit: "s" },
  jsonl: { timeUnit: "s" },
  "aoai-log": {
    time: "TimeGenerated",
    timeUnit: "s",
    prompt: "PromptTokens",
    completion: "CompletionTokens",
    cached: "CachedTokens",
    tag: "DeploymentName",
  },
  "apim-llm-log": {
    time: "TimeGenerated",
    timeUnit: "s",
    prompt: "PromptTokens",
    completion: "CompletionTokens",
    tag: "DeploymentName",
    sequence: "SequenceNumber",
  },
};

/** The columns one open trace reads. */
export interface ColumnPlan {
  /** Time column. */
  time: string;
  /** Divisor taking a numeric time to seconds. */
  divisor: number;
  /** Prompt tokens column. */
  prompt: string;
  /** Completion tokens column. */
  completion: string;
  /** Cached tokens column, if any. */
  cached: string | undefined;
  /** True when the user named the cached column (so the header must have it). */
  cachedRequired: boolean;
  /** Tag column, if any. */
  tag: string | undefined;
  /** True when the user named the tag column or filters by tag (so the header must have it). */
  tagRequired: boolean;
  /** Sequence column (apim-llm-log), read when present. */
  sequence: string | undefined;
}

/** Merges the format's defaults with `options.columns`; a TraceError when csv/jsonl lack a required mapping. */
export function planColumns(options: TraceOpenOptions): ColumnPlan {
  const defaults = FORMAT_DEFAULTS[options.format];
  const given = options.columns ?? {};
  const time = given.time ?? defaults.time;
  const prompt = given.prompt ?? defaults.prompt;
  const completion = given.completion ?? defaults.completion;
  if (time === undefined || prompt === undefined || completion === undefined) {
    const missing = [
      time ?? "columns.time",
      prompt ?? "columns.prompt",
      completion ?? "columns.completion",
    ].filter((name) => name.startsWith("columns."));
    throw new TraceError(
      options.displayPath,
      undefined,
      `format ${options.format} needs ${missing.join(", ")}: name the ${options.format === "jsonl" ? "keys" : "columns"} holding the time and the prompt and completion tokens`,
    );
  }
  const unit = given.timeUnit ?? defaults.timeUnit;
  if (unit !== "s" && unit !== "ms" && unit !== "us") {
    throw new TraceError(options.displayPath, undefined, `columns.timeUnit "${unit}" is not s, ms or us`);
  }
  return {
    time,
    divisor: unitDivisor(unit),
    prompt,
    completion,
    cached: given.cached ?? defaults.cached,
    cachedRequired: given.cached !== undefined,
    tag: given.tag ?? defaults.tag,
    tagRequired: given.tag !== undefined || options.tag !== undefined,
    sequence: defaults.sequence,
  };
}

/** A header name compared loosely: trimmed, lower case, without the portal's ` [UTC]` suffix. */
function loose(name: string): string {
  const n = name.trim().toLowerCase();
  return n.endsWith("[utc]") ? n.slice(0, -5).trimEnd() : n;
}

/**
 * Index of column `wanted` in `names`: the exact name first, then ignoring case, surrounding spaces and a ` [UTC]`
 * suffix (the Log Analytics export writes `TimeGenerated [UTC]`); -1 when absent.
 */
export function findColumn(names: readonly string[], wanted: string): number {
  const exact = names.indexOf(wanted);
  if (exact >= 0) return exact;
  const target = loose(wanted);
  return names.findIndex((name) => loose(name) === target);
}
