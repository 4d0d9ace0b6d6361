/**
 * Replaying a trace as arrivals: rows are pulled one at a time from a streaming reader and mapped to simulated time.
 *
 *   simulated time = −warmup + (row time − (first row time + start) + loop offset) / speedup
 *
 * so the trace's `start` lands at the beginning of the warmup (a warmup replays the trace's first minutes) and the
 * horizon begins `warmup × speedup` into the trace. `end` stops the replay at that offset from the first row; `loop`
 * starts it over (shifted by the replayed span) until the run ends. `scale` multiplies traffic: each row is replayed
 * floor(scale) times plus once more with probability frac(scale); copies after the first are shifted by a seeded
 * jitter in [0, 1) s so duplicates do not arrive in lockstep. Row order is kept with a small heap of pending copies.
 */
import type { RandomStream } from "../engine/rng.js";
import type { TraceRow, TraceSource } from "./trace/trace-types.js";

/** Seconds over which copies made by `scale` are spread after their row. */
export const SCALE_JITTER_SECONDS = 1;

/** Replay settings (seconds). */
export interface TraceReplaySettings {
  /** Offset from the first row where replay begins. */
  start: number;
  /** Offset from the first row where replay ends (Infinity: the file's end). */
  end: number;
  /** Time compression factor. */
  speedup: number;
  /** Traffic multiplier. */
  scale: number;
  /** Start over at the end. */
  loop: boolean;
  /** Simulated time of the replay's beginning (−warmup). */
  origin: number;
}

/** One pending arrival: when, and its token counts. */
interface Pending {
  time: number;
  prompt: number;
  completion: number;
  cached: number;
  order: number;
}

/** Arrivals from a trace, one row ahead: `next()` returns the time of the next arrival and exposes its tokens. */
export class TraceArrivals {
  /** Prompt tokens of the arrival last returned by {@link next}. */
  prompt = 0;
  /** Completion tokens of the arrival last returned by {@link next}. */
  completion = 0;
  /** Cached prompt tokens of the arrival last returned by {@link next} (−1: the trace has none). */
  cached = -1;
  /** Rows replayed (copies included). */
  replayed = 0;
  /** Simulated time of the last arrival handed out (−Infinity before the first). */
  lastTime = Number.NEGATIVE_INFINITY;
  /** Rows skipped as bad, over every pass. */
  skipped = 0;
  /** Up to five `line N: why` samples of skipped rows. */
  readonly skipSamples: string[] = [];
  private source: TraceSource | null = null;
  private lookahead: TraceRow | undefined;
  private firstTime = Number.NaN;
  private loopOffset = 0;
  private passRows = 0;
  private exhausted = false;
  private lastReplayedOffset = 0;
  private readonly heap: Pending[] = [];
  private order = 0;

  /**
   * @param open opens a fresh reader over the trace (called again for every loop)
   * @param settings replay settings
   * @param rng draws for scale thinning and jitter
   */
  constructor(
    private readonly open: () => TraceSource,
    private readonly settings: TraceReplaySettings,
    private readonly rng: RandomStream,
  ) {}

  /** The time of the next arrival (Infinity when the trace is exhausted); its tokens are then in the fields. */
  next(): number {
    this.refill();
    const top = this.popPending();
    if (top === undefined) return Number.POSITIVE_INFINITY;
    this.prompt = top.prompt;
    this.completion = top.completion;
    this.cached = top.cached;
    this.replayed++;
    this.lastTime = top.time;
    return top.time;
  }

  /** Closes the reader. */
  close(): void {
    this.closeSource();
  }

  /** Pulls rows until the earliest pending copy cannot be preceded by anything still unread. */
  private refill(): void {
    for (;;) {
      const row = this.peekRow();
      if (row === undefined) return;
      const rowTime = this.simTime(row.time);
      if (this.heap.length > 0 && this.heap[0].time <= rowTime) return;
      this.lookahead = undefined;
      this.expand(row, rowTime);
    }
  }

  /** The next row of the current pass within [start, end), starting a new pass when looping; undefined at the end. */
  private peekRow(): TraceRow | undefined {
    if (this.lookahead !== undefined) return this.lookahead;
    if (this.exhausted) return undefined;
    const { start, end, loop } = this.settings;
    for (;;) {
      if (this.source === null) this.source = this.open();
      const row = this.source.next();
      if (row !== undefined && Number.isNaN(this.firstTime)) this.firstTime = row.time;
      if (row !== undefined) {
        const offset = row.time - this.firstTime;
        if (offset < start) continue;
        if (offset < end) {
          this.passRows++;
          this.lookahead = row;
          return row;
        }
      }
      // End of this pass (end of file or past `end`).
      this.closeSource();
      if (!loop || this.passRows === 0) {
        this.exhausted = true;
        return undefined;
      }
      // The next pass begins one mean gap after this pass's last row, so the boundary keeps the trace's rhythm.
      const spanEnd = Number.isFinite(end) ? end : this.lastOffsetOfPass();
      this.loopOffset += spanEnd - start;
      this.passRows = 0;
    }
  }

  /** Offset of the last row of the pass plus one mean gap: where the next pass begins. */
  private lastOffsetOfPass(): number {
    const rows = Math.max(1, this.passRows);
    const span = this.lastReplayedOffset - this.settings.start;
    return this.lastReplayedOffset + (rows > 1 ? span / (rows - 1) : 1);
  }

  /** Maps a row time to simulated time. */
  private simTime(rowTime: number): number {
    const { start, speedup, origin } = this.settings;
    const offset = rowTime - this.firstTime;
    this.lastReplayedOffset = offset;
    return origin + (offset - start + this.loopOffset) / speedup;
  }

  /** Turns one row into its scaled copies. */
  private expand(row: TraceRow, time: number): void {
    const scale = this.settings.scale;
    let copies = Math.floor(scale);
    const fraction = scale - copies;
    if (fraction > 0 && this.rng.next() < fraction) copies++;
    for (let k = 0; k < copies; k++) {
      const jitter = k === 0 ? 0 : this.rng.next() * SCALE_JITTER_SECONDS;
      this.pushPending({
        time: time + jitter,
        prompt: row.prompt,
        completion: row.completion,
        cached: row.cached,
        order: this.order++,
      });
    }
  }

  private closeSource(): void {
    if (this.source === null) return;
    // A looped trace skips the same bad rows on every pass: count them (and their samples) once, on the first.
    if (this.loopOffset === 0) {
      this.skipped += this.source.skipped;
      for (const sample of this.source.skipSamples)
        if (this.skipSamples.length < 5) this.skipSamples.push(sample);
    }
    this.source.close();
    this.source = null;
  }

  private pushPending(p: Pending): void {
    const heap = this.heap;
    heap.push(p);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!earlier(p, heap[parent])) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = p;
  }

  private popPending(): Pending | undefined {
    const heap = this.heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    const last = heap.pop() as Pending;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= heap.length) break;
        const r = l + 1;
        const c = r < heap.length && earlier(heap[r], heap[l]) ? r : l;
        if (!earlier(heap[c], last)) break;
        heap[i] = heap[c];
        i = c;
      }
      heap[i] = last;
    }
    return top;
  }
}

function earlier(a: Pending, b: Pending): boolean {
  return a.time < b.time || (a.time === b.time && a.order < b.order);
}
