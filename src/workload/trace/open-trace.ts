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
  let lines: LineReader;
  try {
    lines = new LineReader(options.path, file, tuning.chunkBytes ?? DEFAULT_CHUNK_BYTES);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === "ENOENT" ? "no such file" : err.code === "EISDIR" ? "is a folder" : err.message;
    throw new TraceError(file, undefined, `cannot open the trace: ${why} (${options.path})`);
  }
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

  constructor(
    private readonly rows: RowReader,
    private readonly bad: BadRows,
    private readonly window: number,
    private readonly file: string,
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
        this.bad.report(
          row.line,
          `time ${quote(this.rows.timeText())} is out of order by ${seconds(this.newest - row.time)} s ` +
            `(line ${this.newestLine}, read before it, is that much later); ` +
            `sort the file or raise reorderWindow (now ${this.window} s)`,
        );
        return;
      }
      row.time = this.lastEmitted; // see the reorder rule above: never go back in time
    }
    if (row.time > this.newest) {
      this.newest = row.time;
      this.newestLine = row.line;
    }
    this.push(row);
  }

  private noRowsProblem(): string {
    const r = this.rows;
    if (r.rowsSeen === 0) {
      return this.jsonl
        ? "the file has no rows (only blank lines or nothing)"
        : "the file has a header but no rows";
    }
    if (r.filtered > 0 && this.bad.skipped === 0) {
      const seen = r.tagsSeen.map((t) => JSON.stringify(t)).join(", ");
      return `no row has tag ${JSON.stringify(this.tag)} in ${r.tagColumn} (tags found: ${seen}${r.tagsSeen.length >= MAX_TAGS_SEEN ? ", …" : ""})`;
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

/** Seconds for a message: up to millisecond precision, no trailing zeros. */
function seconds(s: number): string {
  return String(Math.round(s * 1000) / 1000);
}
