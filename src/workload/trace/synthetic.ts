/**
 * Synthetic traces for benchmarks and tests: millions of rows written streaming (a buffered string flushed every
 * MiB), deterministic for a seed. Arrivals fill the duration evenly with one jittered arrival per slot, so the file is
 * sorted; token counts are log-normal around chat-like medians.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { RandomStreams } from "../../engine/rng.js";
import { daysFromCivil, formatAzureTimestamp } from "./timestamps.js";

/** Layouts writeSyntheticTrace can write. */
export type SyntheticFormat = "azure-llm" | "csv" | "jsonl";

/** Options of writeSyntheticTrace. */
export interface SyntheticTraceOptions {
  /** Seed of the random stream (default 1). */
  seed?: number;
  /** First possible arrival, whole epoch seconds (default 2023-11-16T00:00:00Z). */
  startEpoch?: number;
  /** Seconds the arrivals span (default one day). */
  duration?: number;
  /** azure-llm timestamps: 2023 (seven digits, no zone) or 2024 (mixed precision, `+00:00`); default 2023. */
  style?: "2023" | "2024";
}

/** What was written, for checks. */
export interface SyntheticTraceSummary {
  /** Rows written. */
  rows: number;
  /** Sum of prompt tokens. */
  promptSum: number;
  /** Sum of completion tokens. */
  completionSum: number;
}

const FLUSH_CHARS = 1 << 20;
const TICKS_PER_SECOND = 10_000_000;

/**
 * Writes `rows` rows to `path` in `format`: azure-llm (`TIMESTAMP,ContextTokens,GeneratedTokens`, absolute times),
 * csv (`time,prompt,completion`, relative seconds) or jsonl (`timestamp` ms, `input_length`, `output_length`).
 */
export function writeSyntheticTrace(
  path: string,
  rows: number,
  format: SyntheticFormat,
  options: SyntheticTraceOptions = {},
): SyntheticTraceSummary {
  const random = new RandomStreams(options.seed ?? 1).stream("synthetic-trace");
  const start = options.startEpoch ?? daysFromCivil(2023, 11, 16) * 86_400;
  // Time is kept as integer 100 ns ticks from the start: exact, and far below 2^53 for any realistic duration.
  const spanTicks = Math.round((options.duration ?? 86_400) * TICKS_PER_SECOND);
  const style = options.style ?? "2023";
  const summary: SyntheticTraceSummary = { rows: 0, promptSum: 0, completionSum: 0 };
  const fd = openSync(path, "w");
  try {
    let out =
      format === "azure-llm"
        ? "TIMESTAMP,ContextTokens,GeneratedTokens\n"
        : format === "csv"
          ? "time,prompt,completion\n"
          : "";
    for (let i = 0; i < rows; i++) {
      const ticks = Math.floor(((i + random.next()) * spanTicks) / rows);
      const prompt = Math.max(1, Math.round(1000 * random.jitter(1)));
      const completion = Math.max(1, Math.round(200 * random.jitter(0.8)));
      summary.promptSum += prompt;
      summary.completionSum += completion;
      if (format === "azure-llm") {
        const whole = Math.floor(ticks / TICKS_PER_SECOND);
        const time = formatAzureTimestamp(start + whole, ticks - whole * TICKS_PER_SECOND, style);
        out += `${time},${prompt},${completion}\n`;
      } else if (format === "csv") {
        out += `${(ticks / TICKS_PER_SECOND).toFixed(6)},${prompt},${completion}\n`;
      } else {
        const ms = Math.floor(ticks / 10_000);
        out += `{"timestamp": ${ms}, "input_length": ${prompt}, "output_length": ${completion}}\n`;
      }
      if (out.length >= FLUSH_CHARS) {
        writeSync(fd, out);
        out = "";
      }
    }
    if (out.length > 0) writeSync(fd, out);
    summary.rows = rows;
  } finally {
    closeSync(fd);
  }
  return summary;
}
