/**
 * Shapes shared by the trace readers (one file per concern in this folder) and the trace arrival process.
 * A trace is read incrementally, one row at a time: nothing here holds a whole file.
 */
import { SpillwayError } from "../../errors.js";

/** Trace formats `arrival.format` accepts. */
export const TRACE_FORMATS = ["azure-llm", "csv", "jsonl", "aoai-log", "apim-llm-log"] as const;
/** A trace format. */
export type TraceFormat = (typeof TRACE_FORMATS)[number];

/** Unit of a relative (numeric) time column. */
export type TimeUnit = "s" | "ms" | "us";

/** Column mapping for `csv` and `jsonl` (and overrides for the Azure formats). */
export interface TraceColumns {
  /** Column (CSV header name or JSONL key) holding the request's time. */
  time: string;
  /** Unit when the time column is numeric (relative); absolute timestamps are detected and parsed as such. */
  timeUnit: TimeUnit;
  /** Prompt (input / context) tokens. */
  prompt: string;
  /** Completion (generated / output) tokens. */
  completion: string;
  /** Cached prompt tokens, if the trace has them. */
  cached?: string;
  /** A tag column (workload or deployment name) used with `arrival.tag` to keep only matching rows. */
  tag?: string;
}

/** What to do with a row that cannot be read. */
export type BadRowPolicy = "error" | "skip";

/** Everything a reader needs to open a trace. */
export interface TraceOpenOptions {
  /** Path to read (already resolved against the scenario's folder). */
  path: string;
  /** The path as the user wrote it, for messages. */
  displayPath: string;
  /** Format. */
  format: TraceFormat;
  /** Column mapping (required for csv/jsonl; optional overrides for the Azure formats). */
  columns?: Partial<TraceColumns>;
  /** Bad rows: stop with an error (default) or skip and count them. */
  onBadRow: BadRowPolicy;
  /** Rows may arrive out of order by up to this many seconds; later disorder is an error (default 10 s). */
  reorderWindow: number;
  /** Keep only rows whose tag column equals this value. */
  tag?: string;
}

/** One request read from a trace. */
export interface TraceRow {
  /** Time in seconds: epoch seconds for absolute timestamps, else the relative value converted to seconds. */
  time: number;
  /** Prompt tokens (non-negative integer). */
  prompt: number;
  /** Completion tokens (non-negative integer). */
  completion: number;
  /** Cached prompt tokens, or -1 when the trace has none. */
  cached: number;
  /** Physical line of the row in the file (header = line 1). */
  line: number;
}

/** A source of trace rows in time order. */
export interface TraceSource {
  /** The trace as the user named it, for messages. */
  readonly file: string;
  /** The next row in time order, or undefined at the end of the file. */
  next(): TraceRow | undefined;
  /** Rows skipped as bad (with onBadRow: skip), so far. */
  readonly skipped: number;
  /** The first few skip reasons, `line N: why` (for report warnings). */
  readonly skipSamples: readonly string[];
  /** Releases the file handle (idempotent). */
  close(): void;
}

/** A trace that cannot be read: names the file, the physical line (when known) and what to change. */
export class TraceError extends SpillwayError {
  /**
   * @param file the trace as the user named it
   * @param line the physical line (header = line 1), when the problem is a row or the header
   * @param problem what is wrong and what to change
   */
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly problem: string,
  ) {
    super(file, [{ path: "", line, message: problem }]);
    this.name = "TraceError";
  }
}
