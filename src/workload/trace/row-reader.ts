/**
 * What the ordering layer (open-trace.ts) needs from a format reader: rows in file order, bad rows already handled.
 */
import type { TraceRow } from "./trace-types.js";

/** Distinct other tags remembered for the "no row has tag X" message. */
export const MAX_TAGS_SEEN = 5;

/** Rows of one file in file order (not yet time order); bad rows go to the BadRows policy, tag misses are dropped. */
export interface RowReader {
  /** The next good row matching the tag filter, or undefined at end of file. */
  next(): TraceRow | undefined;
  /** Text of the time value of the row next() just returned (for the out-of-order message). */
  timeText(): string;
  /** Data rows seen so far, good, bad or filtered (blank lines excluded). */
  readonly rowsSeen: number;
  /** Rows dropped because their tag differs. */
  readonly filtered: number;
  /** The first few distinct tags of dropped rows. */
  readonly tagsSeen: readonly string[];
  /** The tag column in use, if any. */
  readonly tagColumn: string | undefined;
  /** Releases the file (idempotent). */
  close(): void;
}
