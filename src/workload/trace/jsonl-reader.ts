/**
 * JSONL trace rows: one JSON object per line, values found by key (top-level keys only; others, such as Mooncake's
 * `hash_ids`, are ignored). Blank lines are ignored but counted in line numbers. A key is matched exactly, else
 * ignoring case, and the match is remembered so later rows look it up directly.
 *
 * Each line goes through JSON.parse: it allocates the object, but it is native and the JSONL traces seen so far are
 * small; the CSV path is the one tuned for multi-million-row files.
 */
import { type BadRows, plain, quote } from "./bad-rows.js";
import type { ColumnPlan } from "./columns.js";
import { mixedTimes } from "./csv-reader.js";
import type { LineReader } from "./line-reader.js";
import { MAX_TAGS_SEEN, type RowReader } from "./row-reader.js";
import { TraceError, type TraceRow } from "./trace-types.js";
import {
  COUNT_EMPTY,
  COUNT_NOT_NUMBER,
  checkCount,
  countProblem,
  lastTimeAbsolute,
  parseCount,
  parseTime,
  timeProblem,
} from "./values.js";

const TIME_UNKNOWN = 0;
const TIME_ABSOLUTE = 1;
const TIME_RELATIVE = 2;

/** Sentinel for a key the row lacks (distinct from a count code). */
const MISSING = -100;

/** Reads the rows of a JSONL trace. */
export class JsonlRowReader implements RowReader {
  rowsSeen = 0;
  filtered = 0;
  readonly tagsSeen: string[] = [];
  readonly tagColumn: string | undefined;

  private keyTime: string;
  private keyPrompt: string;
  private keyCompletion: string;
  private keyCached: string | undefined;
  private keyTag: string | undefined;
  private current: Record<string, unknown> = {};
  private timeKind = TIME_UNKNOWN;

  /**
   * @param lines the open file
   * @param plan the keys to read
   * @param bad the bad-row policy
   * @param wantTag keep only rows whose tag equals this
   */
  constructor(
    private readonly lines: LineReader,
    private readonly plan: ColumnPlan,
    private readonly bad: BadRows,
    private readonly wantTag: string | undefined,
  ) {
    if (wantTag !== undefined && plan.tag === undefined) {
      throw new TraceError(
        bad.displayPath,
        undefined,
        `tag "${wantTag}" is set but no tag key is named: set columns.tag`,
      );
    }
    this.keyTime = plan.time;
    this.keyPrompt = plan.prompt;
    this.keyCompletion = plan.completion;
    this.keyCached = plan.cached;
    this.keyTag = plan.tag;
    this.tagColumn = plan.tag;
  }

  /** The next good row in file order, or undefined at end of file. */
  next(): TraceRow | undefined {
    const lines = this.lines;
    const bad = this.bad;
    for (;;) {
      if (!lines.next()) return undefined;
      if (lines.isBlank()) continue;
      const line = lines.line;
      this.rowsSeen++;
      const text = lines.text();
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        // V8's message quotes the text too: it goes through the same bounding and escaping as any excerpt.
        const cr = text.includes("\r") ? "; the line holds CR characters: convert CR line endings to LF" : "";
        bad.report(line, `not valid JSON (${plain((e as Error).message, 120)}): ${quote(text)}${cr}`);
        continue;
      }
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        bad.report(line, `expected a JSON object, found ${quote(text)}`);
        continue;
      }
      const rec = parsed as Record<string, unknown>;
      this.current = rec;
      if (this.wantTag !== undefined && this.keyTag !== undefined) {
        this.keyTag = resolveKey(rec, this.keyTag);
        const v = rec[this.keyTag];
        const tag = v === undefined || v === null ? "" : String(v);
        if (tag !== this.wantTag) {
          this.filtered++;
          if (this.tagsSeen.length < MAX_TAGS_SEEN && !this.tagsSeen.includes(tag)) this.tagsSeen.push(tag);
          continue;
        }
      }
      this.keyTime = resolveKey(rec, this.keyTime);
      const tv = rec[this.keyTime];
      let time: number;
      let absolute = false;
      if (typeof tv === "number") {
        time = Number.isFinite(tv) ? tv / this.plan.divisor : Number.NaN;
      } else if (typeof tv === "string") {
        time = parseTime(tv, 0, tv.length, this.plan.divisor);
        absolute = lastTimeAbsolute();
      } else if (tv === undefined) {
        bad.report(line, missingKey(this.keyTime, rec));
        continue;
      } else {
        time = Number.NaN;
      }
      if (Number.isNaN(time)) {
        bad.report(line, timeProblem(this.keyTime, typeof tv === "string" ? tv : JSON.stringify(tv)));
        continue;
      }
      const kind = absolute ? TIME_ABSOLUTE : TIME_RELATIVE;
      if (kind !== this.timeKind) {
        if (this.timeKind === TIME_UNKNOWN) {
          this.timeKind = kind;
        } else {
          bad.report(line, mixedTimes(this.keyTime, String(tv), absolute));
          continue;
        }
      }
      this.keyPrompt = resolveKey(rec, this.keyPrompt);
      const prompt = this.tokens(rec, this.keyPrompt, line, true);
      if (prompt < 0) continue;
      this.keyCompletion = resolveKey(rec, this.keyCompletion);
      const completion = this.tokens(rec, this.keyCompletion, line, true);
      if (completion < 0) continue;
      let cached = -1;
      if (this.keyCached !== undefined) {
        this.keyCached = resolveKey(rec, this.keyCached);
        // A default cached key may be absent; a key the user named must be there.
        cached = this.tokens(rec, this.keyCached, line, this.plan.cachedRequired);
        if (cached === MISSING || cached === COUNT_EMPTY) {
          cached = -1;
        } else if (cached < 0) {
          continue;
        } else if (cached > prompt) {
          bad.report(line, `${this.keyCached} ${cached} exceeds ${this.keyPrompt} ${prompt}`);
          continue;
        }
      }
      return { time, prompt, completion, cached, line };
    }
  }

  /** Text of the time value of the current row. */
  timeText(): string {
    const v = this.current[this.keyTime];
    return typeof v === "string" ? v : JSON.stringify(v);
  }

  /** Releases the file. */
  close(): void {
    this.lines.close();
  }

  /**
   * A token count under `key`: the count; a negative COUNT_* code after reporting a bad row; MISSING (not reported)
   * or COUNT_EMPTY for null when the key is optional.
   */
  private tokens(rec: Record<string, unknown>, key: string, line: number, required: boolean): number {
    const v = rec[key];
    let code: number;
    if (typeof v === "number") {
      code = checkCount(v);
    } else if (typeof v === "string") {
      code = parseCount(v, 0, v.length);
    } else if (v === undefined || v === null) {
      if (!required) return v === undefined ? MISSING : COUNT_EMPTY;
      if (v === undefined) {
        this.bad.report(line, missingKey(key, rec));
        return COUNT_NOT_NUMBER;
      }
      code = COUNT_EMPTY;
    } else {
      code = COUNT_NOT_NUMBER;
    }
    if (code >= 0) return code;
    if (code === COUNT_EMPTY && !required) return code;
    this.bad.report(line, countProblem(code, key, typeof v === "string" ? v : JSON.stringify(v)));
    return code;
  }
}

/** `key` when the object has it, else a key equal ignoring case (remembered by the caller), else `key`. */
function resolveKey(rec: Record<string, unknown>, key: string): string {
  if (Object.hasOwn(rec, key)) return key;
  const lower = key.toLowerCase();
  for (const k of Object.keys(rec)) if (k.toLowerCase() === lower) return k;
  return key;
}

function missingKey(key: string, rec: Record<string, unknown>): string {
  const keys = Object.keys(rec);
  const list = keys.slice(0, 12).map((k) => quote(k, 40));
  return `no key ${JSON.stringify(key)} (keys in this row: ${list.join(", ")}${keys.length > 12 ? ", …" : ""})`;
}
