/**
 * openTrace: a TraceSource over a trace file, in time order, read incrementally.
 *
 * Reorder rule. Real logs are only roughly sorted (Log Analytics exports, merged gateway logs), so rows pass through
 * a small reorder buffer: a min-heap by (time, line), stable for equal times. The earliest buffered row is emitted
 * only once the newest time read exceeds it by more than `reorderWindow` seconds (or at end of file), so any row
 * that is at most `reorderWindow` older than the newest row read before it lands in its place. A row older than the
 * last emitted row by more than the window is a bad row: "out of order by N s; sort the file or raise
 * reorderWindow", where N is how far it trails the newest row read (raising the window to N accepts it). A row older
 * than the last emitted row by less than the window (possible when the rows before it were far apart) is replayed at
 * the last emitted time, moved later by at most the window, so next() never goes back in time. The buffer holds
 * only the rows of one window (a few hundred for a busy day-long trace), whatever the file size.
 *
 * Time limits. A row more than MAX_TIME_GAP_SECONDS (31 days) after every row read before it, or one that would make
 * the rows read so far span more than MAX_TRACE_SPAN_SECONDS (366 days), is a bad row too. Real traces span an hour
 * (Azure 2023), a week (Azure 2024) or a Log Analytics retention period, and pause for hours, not months; a row in
 * year 9999 or 1970 is a corrupt cell, and a span of decades is a wrong timeUnit. Accepting such a row would stretch
 * every per-minute series and rate over the gap (a one-hour trace ending in 9999 needs 2.5 GB of minute counters), so
 * this is also what keeps `trace stats`, `trace fit` and `size --trace` within bounded memory.
 *
 * The first row is read when the trace is opened, so a wrong column, an empty file or a bad first row fails at
 * startup, not in the middle of a run; a trace that yields no row at all (header only, every row bad or every row of
 * another tag) is a TraceError too, since replaying nothing is never what was meant.
 */
import { BadRows, quote } from "./bad-rows.js";
import { planColumns } from "./columns.js";
import { CsvRowReader } from "./csv-reader.js";
import { JsonlRowReader } from "./jsonl-reader.js";
import { DEFAULT_CHUNK_BYTES, LineReader } from "./line-reader.js";
import { MAX_TAGS_SEEN, type RowReader } from "./row-reader.js";
import { TraceError, type TraceOpenOptions, type TraceRow, type TraceSource } from "./trace-types.js";

/** Longest pause between a row and every row before it: longer is a corrupt timestamp, not a quiet period. */
export const MAX_TIME_GAP_SECONDS = 31 * 86_400;

/** Longest time a trace may span, first row to last: longer comes from a wrong timeUnit or a corrupt timestamp. */
export const MAX_TRACE_SPAN_SECONDS = 366 * 86_400;

/** Knobs for tests and benchmarks, not for scenarios. */
export interface TraceReadTuning {
  /** Bytes per read (default 1 MiB); tests use a few bytes to put chunk boundaries everywhere. */
  chunkBytes?: number;
}

/** Opens a trace: checks the header (or the first row) now, then reads rows on demand in time order. */
export function openTrace(options: TraceOpenOptions, tuning: TraceReadTuning = {}): TraceSource {
  const file = options.displayPath;
  const window = options.reorderWindow;
  if (!(window >= 0) || !Number.isFinite(window)) {
    throw new TraceError(file, undefined, `reorderWindow ${window} is not a number of seconds >= 0`);
  }
  const plan = planColumns(options);
  const bad = new BadRows(file, options.onBadRow);
  // File-system errors (no such file, a folder, no permission) come out of LineReader as one-line TraceErrors.
  const lines = new LineReader(options.path, file, tuning.chunkBytes ?? DEFAULT_CHUNK_BYTES);
  let source: OrderedSource | undefined;
  try {
    const rows =
      options.format === "jsonl"
        ? new JsonlRowReader(lines, plan, bad, options.tag)
        : new CsvRowReader(lines, plan, bad, options.tag);
    source = new OrderedSource(rows, bad, window, file, options.format === "jsonl", options.tag);
    source.prime();
    return source;
  } catch (e) {
    lines.close();
    throw e;
  }
}

/** Rows of a RowReader put in time order through the reorder buffer. */
class OrderedSource implements TraceSource {
  private readonly heap: TraceRow[] = [];
  private eof = false;
  private closed = false;
  private lastEmitted = Number.NEGATIVE_INFINITY;
  private newest = Number.NEGATIVE_INFINITY;
  private newestLine = 0;
  private earliest = Number.POSITIVE_INFINITY;
  private earliestLine = 0;

  constructor(
    private readonly rows: RowReader,
    private readonly bad: BadRows,
    private readonly window: number,
    readonly file: string,
    private readonly jsonl: boolean,
    private readonly tag: string | undefined,
  ) {}

  get skipped(): number {
    return this.bad.skipped;
  }

  get skipSamples(): readonly string[] {
    return this.bad.samples;
  }

  /** Reads until one row is buffered; a TraceError when the file has none. */
  prime(): void {
    while (this.heap.length === 0 && !this.eof) this.readOne();
    if (this.heap.length === 0) throw new TraceError(this.file, undefined, this.noRowsProblem());
  }

  next(): TraceRow | undefined {
    if (this.closed) return undefined;
    const heap = this.heap;
    for (;;) {
      if (heap.length > 0 && (this.eof || this.newest - heap[0].time > this.window)) {
        const row = this.pop();
        this.lastEmitted = row.time;
        return row;
      }
      if (this.eof) return undefined;
      this.readOne();
    }
  }

  close(): void {
    this.closed = true;
    this.eof = true;
    this.heap.length = 0;
    this.rows.close();
  }

  /** Reads one row from the file into the buffer (or notes the end of the file). */
  private readOne(): void {
    const row = this.rows.next();
    if (row === undefined) {
      this.eof = true;
      this.rows.close();
      return;
    }
    if (row.time < this.lastEmitted) {
      if (this.lastEmitted - row.time > this.window) {
        const lag = this.newest - row.time;
        this.bad.report(
          row.line,
          `time ${quote(this.rows.timeText())} is out of order by ${seconds(lag)} s ` +
            `(line ${this.newestLine}, read before it, is that much later); ` +
            (lag > MAX_TIME_GAP_SECONDS
              ? `if line ${this.newestLine}'s time is wrong, fix or remove that row, else sort the file`
              : `sort the file or raise reorderWindow (now ${this.window} s)`),
        );
        return;
      }
      row.time = this.lastEmitted; // see the reorder rule above: never go back in time
    }
    if (this.newest !== Number.NEGATIVE_INFINITY && this.outOfRange(row)) return;
    if (row.time > this.newest) {
      this.newest = row.time;
      this.newestLine = row.line;
    }
    if (row.time < this.earliest) {
      this.earliest = row.time;
      this.earliestLine = row.line;
    }
    this.push(row);
  }

  /** Applies the time limits (see above) to a row after the first; true when it was reported as bad. */
  private outOfRange(row: TraceRow): boolean {
    const time = row.time;
    let problem: string | undefined;
    if (time - this.newest > MAX_TIME_GAP_SECONDS) {
      problem =
        `is ${duration(time - this.newest)} after line ${this.newestLine}, the latest row before it; ` +
        `no trace pauses for more than ${duration(MAX_TIME_GAP_SECONDS)}, so one of the two times is wrong`;
    } else if (time - this.earliest > MAX_TRACE_SPAN_SECONDS) {
      problem =
        `is ${duration(time - this.earliest)} after line ${this.earliestLine}, the earliest row; ` +
        `a trace spans at most ${duration(MAX_TRACE_SPAN_SECONDS)}`;
    } else if (this.newest - time > MAX_TRACE_SPAN_SECONDS) {
      problem =
        `is ${duration(this.newest - time)} before line ${this.newestLine}, read before it; ` +
        `a trace spans at most ${duration(MAX_TRACE_SPAN_SECONDS)}, so one of the two times is wrong`;
    }
    if (problem === undefined) return false;
    this.bad.report(
      row.line,
      `time ${quote(this.rows.timeText())} ${problem}: fix or remove the row ` +
        "(for numeric times, check columns.timeUnit: milliseconds read as seconds stretch a trace 1000-fold)",
    );
    return true;
  }

  private noRowsProblem(): string {
    const r = this.rows;
    if (r.rowsSeen === 0) {
      return this.jsonl
        ? "the file has no rows (only blank lines or nothing)"
        : "the file has a header but no rows";
    }
    if (r.filtered > 0 && this.bad.skipped === 0) {
      const seen = r.tagsSeen.map((t) => quote(t, 40)).join(", ");
      return `no row has tag ${quote(this.tag ?? "")} in ${r.tagColumn} (tags found: ${seen}${r.tagsSeen.length >= MAX_TAGS_SEEN ? ", …" : ""})`;
    }
    const first = this.bad.samples[0] ?? "";
    const tagged = r.filtered > 0 ? ` and ${r.filtered} were of other tags` : "";
    return `no usable rows: ${this.bad.skipped} rows were bad${tagged} (first: ${first})`;
  }

  // Binary min-heap on (time, line): line breaks ties, so equal times keep file order.

  private push(row: TraceRow): void {
    const heap = this.heap;
    let i = heap.length;
    heap.push(row);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent];
      if (p.time < row.time || (p.time === row.time && p.line < row.line)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = row;
  }

  private pop(): TraceRow {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop() as TraceRow;
    const n = heap.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let c = l;
        if (
          r < n &&
          (heap[r].time < heap[l].time || (heap[r].time === heap[l].time && heap[r].line < heap[l].line))
        ) {
          c = r;
        }
        const child = heap[c];
        if (last.time < child.time || (last.time === child.time && last.line < child.line)) break;
        heap[i] = child;
        i = c;
      }
      heap[i] = last;
    }
    return top;
  }
}

/** A long time span for a message, in the largest unit that keeps it readable: `45 days`, `7,976 years`. */
function duration(s: number): string {
  const units: [number, string][] = [
    [365.25 * 86_400, "years"],
    [86_400, "days"],
    [3600, "h"],
  ];
  // A time of 1e308 s is a corrupt cell: its exact span in years would be a 300-digit number.
  if (s >= 1e6 * units[0][0]) return "over a million years";
  for (const [size, name] of units) {
    if (s >= 2 * size) return `${Math.round(s / size).toLocaleString("en-US")} ${name}`;
  }
  return `${seconds(s)} s`;
}

/** Seconds for a message: up to millisecond precision, no trailing zeros. */
function seconds(s: number): string {
  return String(Math.round(s * 1000) / 1000);
}
