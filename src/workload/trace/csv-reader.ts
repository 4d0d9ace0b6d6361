/**
 * CSV trace rows (formats azure-llm, csv, aoai-log and apim-llm-log).
 *
 * RFC 4180: comma-separated, a field may be quoted with `"` and a quote inside it doubled. A quoted field may span
 * lines (the record then continues on the next physical line, and keeps the line number it starts on), up to
 * MAX_RECORD_CHARS so an unclosed quote cannot swallow the file; past that, or at end of file, the record is a bad row
 * "quoted field is not closed". A quote inside an unquoted field is kept literally (as spreadsheets do). Blank lines
 * are ignored but still counted in line numbers.
 *
 * Fields are located as ranges of the line buffer and parsed in place: a row of a plain CSV allocates only its
 * TraceRow. A quoted field with doubled quotes is the one case that builds a string.
 */
import { type BadRows, plain, quote } from "./bad-rows.js";
import { type ColumnPlan, findColumn } from "./columns.js";
import type { LineReader } from "./line-reader.js";
import { MAX_TAGS_SEEN, type RowReader } from "./row-reader.js";
import { TraceError, type TraceRow } from "./trace-types.js";
import { COUNT_EMPTY, countProblem, lastTimeAbsolute, parseCount, parseTime, timeProblem } from "./values.js";

/** Header names a "no column" message lists: enough to spot the right one, bounded for a garbage first line. */
const MAX_NAMES_SHOWN = 12;

/**
 * Characters of each header name that message shows: real column names are shorter, and when the "header" is the
 * first line of some other file (a scenario in a pull request naming /etc/passwd), only a stub reaches the CI log.
 */
const NAME_CHARS_SHOWN = 24;

/** Longest record a quoted field may grow to by spanning lines. */
export const MAX_RECORD_CHARS = 1 << 20;

const SPLIT_OK = 0;
const SPLIT_OPEN_QUOTE = 1;
const SPLIT_AFTER_QUOTE = 2;

const TIME_UNKNOWN = 0;
const TIME_ABSOLUTE = 1;
const TIME_RELATIVE = 2;

/** Reads the rows of a CSV trace. */
export class CsvRowReader implements RowReader {
  rowsSeen = 0;
  filtered = 0;
  readonly tagsSeen: string[] = [];
  readonly tagColumn: string | undefined;

  // Fields of the current record: the string holding each (the line buffer, or an unescaped copy) and its range.
  private fieldSrc: string[] = [];
  private fieldStart: number[] = [];
  private fieldEnd: number[] = [];
  private count = 0;
  private splitErrorField = 0;

  private readonly headerCount: number;
  private readonly iTime: number;
  private readonly iPrompt: number;
  private readonly iCompletion: number;
  private readonly iCached: number;
  private readonly iTag: number;
  private readonly iSeq: number;
  private readonly names: string[];
  private readonly labels: string[];
  private timeKind = TIME_UNKNOWN;

  /**
   * Reads and checks the header (line 1).
   * @param lines the open file
   * @param plan the columns to read
   * @param bad the bad-row policy
   * @param wantTag keep only rows whose tag equals this
   */
  constructor(
    private readonly lines: LineReader,
    private readonly plan: ColumnPlan,
    private readonly bad: BadRows,
    private readonly wantTag: string | undefined,
  ) {
    const file = bad.displayPath;
    const example = `${plan.time},${plan.prompt},${plan.completion}`;
    if (!lines.next())
      throw new TraceError(file, undefined, `the file is empty; expected a header row such as ${example}`);
    if (lines.isBlank())
      throw new TraceError(file, 1, `the first line is blank; expected a header row such as ${example}`);
    if (this.readRecord() !== SPLIT_OK) {
      throw new TraceError(
        file,
        1,
        `cannot read the header (a quoted name is not closed): ${quote(lines.text())}`,
      );
    }
    this.names = [];
    for (let i = 0; i < this.count; i++) this.names.push(this.fieldText(i).trim());
    // Names as messages show them: a matched name differs from the wanted one only in case, spaces or ` [UTC]`,
    // but it is still file content, so it goes through the same escaping as any excerpt.
    this.labels = this.names.map((name) => plain(name, 60));
    this.headerCount = this.count;
    const missing: string[] = [];
    const need = (name: string): number => {
      const i = findColumn(this.names, name);
      if (i < 0) missing.push(name);
      return i;
    };
    const optional = (name: string | undefined, required: boolean): number => {
      if (name === undefined) return -1;
      return required ? need(name) : findColumn(this.names, name);
    };
    this.iTime = need(plan.time);
    this.iPrompt = need(plan.prompt);
    this.iCompletion = need(plan.completion);
    this.iCached = optional(plan.cached, plan.cachedRequired);
    this.iTag = optional(plan.tag, plan.tagRequired);
    this.iSeq = optional(plan.sequence, false);
    if (wantTag !== undefined && plan.tag === undefined) {
      throw new TraceError(file, 1, `tag "${wantTag}" is set but no tag column is named: set columns.tag`);
    }
    if (missing.length > 0) {
      const shown = this.names.slice(0, MAX_NAMES_SHOWN).map((n) => quote(n, NAME_CHARS_SHOWN));
      const more = this.names.length - shown.length;
      const found = `${shown.join(", ")}${more > 0 ? `, … and ${more} more` : ""}`;
      const single = this.names.length === 1 && /[;\t]/.test(this.names[0]);
      throw new TraceError(
        file,
        1,
        `no column ${missing.map((n) => JSON.stringify(n)).join(", ")} in the header (columns found: ${found})` +
          (single ? "; only commas separate fields" : "; name the right ones in columns"),
      );
    }
    this.tagColumn = this.iTag >= 0 ? plan.tag : undefined;
  }

  /** The next good row in file order, or undefined at end of file. */
  next(): TraceRow | undefined {
    const lines = this.lines;
    const bad = this.bad;
    const plan = this.plan;
    for (;;) {
      if (!lines.next()) return undefined;
      if (lines.isBlank()) continue;
      const line = lines.line;
      this.rowsSeen++;
      const split = this.readRecord();
      if (split !== SPLIT_OK) {
        bad.report(
          line,
          split === SPLIT_OPEN_QUOTE
            ? `a quoted field (field ${this.splitErrorField + 1}) is not closed: ${quote(lines.text())}`
            : `unexpected text after the closing quote of field ${this.splitErrorField + 1}: ${quote(lines.text())}`,
        );
        continue;
      }
      if (this.count !== this.headerCount) {
        const text = lines.text();
        bad.report(
          line,
          `expected ${this.headerCount} fields as in the header, found ${this.count}: ${quote(text)}` +
            (text.includes("\r") ? "; the line holds CR characters: convert CR line endings to LF" : ""),
        );
        continue;
      }
      if (this.wantTag !== undefined && !this.fieldEquals(this.iTag, this.wantTag)) {
        this.noteFiltered();
        continue;
      }
      if (this.iSeq >= 0) {
        // Split log entries: the continuation entries (sequence 1, 2, ...) repeat a request already counted.
        const seq = parseCount(
          this.fieldSrc[this.iSeq],
          this.fieldStart[this.iSeq],
          this.fieldEnd[this.iSeq],
        );
        if (seq > 0) continue;
        if (seq < 0 && seq !== COUNT_EMPTY) {
          bad.report(line, countProblem(seq, this.labels[this.iSeq], this.fieldText(this.iSeq)));
          continue;
        }
      }
      const ti = this.iTime;
      const time = parseTime(this.fieldSrc[ti], this.fieldStart[ti], this.fieldEnd[ti], plan.divisor);
      if (Number.isNaN(time)) {
        bad.report(line, timeProblem(this.labels[ti], this.fieldText(ti)));
        continue;
      }
      const kind = lastTimeAbsolute() ? TIME_ABSOLUTE : TIME_RELATIVE;
      if (kind !== this.timeKind) {
        if (this.timeKind === TIME_UNKNOWN) {
          this.timeKind = kind;
        } else {
          bad.report(line, mixedTimes(this.labels[ti], this.fieldText(ti), kind === TIME_ABSOLUTE));
          continue;
        }
      }
      const prompt = this.tokens(this.iPrompt, line);
      if (prompt < 0) continue;
      const completion = this.tokens(this.iCompletion, line);
      if (completion < 0) continue;
      let cached = -1;
      if (this.iCached >= 0) {
        const c = this.iCached;
        cached = parseCount(this.fieldSrc[c], this.fieldStart[c], this.fieldEnd[c]);
        if (cached === COUNT_EMPTY) {
          cached = -1; // an empty cell says nothing about caching
        } else if (cached < 0) {
          bad.report(line, countProblem(cached, this.labels[c], this.fieldText(c)));
          continue;
        } else if (cached > prompt) {
          bad.report(line, `${this.labels[c]} ${cached} exceeds ${this.labels[this.iPrompt]} ${prompt}`);
          continue;
        }
      }
      return { time, prompt, completion, cached, line };
    }
  }

  /** Text of the time field of the current row. */
  timeText(): string {
    return this.fieldText(this.iTime);
  }

  /** Releases the file. */
  close(): void {
    this.lines.close();
  }

  /** A token count of field i, or -1 after reporting it as a bad row. */
  private tokens(i: number, line: number): number {
    const v = parseCount(this.fieldSrc[i], this.fieldStart[i], this.fieldEnd[i]);
    if (v >= 0) return v;
    this.bad.report(line, countProblem(v, this.labels[i], this.fieldText(i)));
    return -1;
  }

  private fieldText(i: number): string {
    return this.fieldSrc[i].slice(this.fieldStart[i], this.fieldEnd[i]);
  }

  /** Field i equals `value` (compared in place, no substring). */
  private fieldEquals(i: number, value: string): boolean {
    const s = this.fieldSrc[i];
    const start = this.fieldStart[i];
    if (this.fieldEnd[i] - start !== value.length) return false;
    for (let k = 0; k < value.length; k++) {
      if (s.charCodeAt(start + k) !== value.charCodeAt(k)) return false;
    }
    return true;
  }

  private noteFiltered(): void {
    this.filtered++;
    if (this.tagsSeen.length >= MAX_TAGS_SEEN) return;
    for (const t of this.tagsSeen) if (this.fieldEquals(this.iTag, t)) return;
    this.tagsSeen.push(this.fieldText(this.iTag));
  }

  /** Splits the current record, extending it over following lines while a quoted field is open. */
  private readRecord(): number {
    let code = this.split();
    while (code === SPLIT_OPEN_QUOTE) {
      const lines = this.lines;
      if (lines.end - lines.start > MAX_RECORD_CHARS || !lines.extend()) return code;
      code = this.split(); // extend may have moved the buffer: split again from the record start
    }
    return code;
  }

  /** Locates the fields of [start, end) of the line buffer. */
  private split(): number {
    const s = this.lines.buf;
    const end = this.lines.end;
    let i = this.lines.start;
    let n = 0;
    for (;;) {
      if (i < end && s.charCodeAt(i) === 34) {
        const open = i;
        let j = i + 1;
        let escaped = false;
        let close: number;
        for (;;) {
          close = s.indexOf('"', j);
          if (close < 0 || close >= end) {
            this.splitErrorField = n;
            return SPLIT_OPEN_QUOTE;
          }
          if (close + 1 < end && s.charCodeAt(close + 1) === 34) {
            escaped = true;
            j = close + 2;
            continue;
          }
          break;
        }
        if (escaped) {
          const value = s.slice(open + 1, close).replaceAll('""', '"');
          this.setField(n, value, 0, value.length);
        } else {
          this.setField(n, s, open + 1, close);
        }
        n++;
        i = close + 1;
        if (i === end) break;
        if (s.charCodeAt(i) !== 44) {
          this.splitErrorField = n - 1;
          return SPLIT_AFTER_QUOTE;
        }
        i++;
      } else {
        const comma = s.indexOf(",", i);
        if (comma < 0 || comma >= end) {
          this.setField(n, s, i, end);
          n++;
          break;
        }
        this.setField(n, s, i, comma);
        n++;
        i = comma + 1;
      }
    }
    this.count = n;
    return SPLIT_OK;
  }

  private setField(n: number, src: string, start: number, end: number): void {
    this.fieldSrc[n] = src;
    this.fieldStart[n] = start;
    this.fieldEnd[n] = end;
  }
}

/** Why a row mixing relative numbers and absolute timestamps is bad. */
export function mixedTimes(column: string, text: string, absolute: boolean): string {
  return absolute
    ? `${column} ${quote(text)} is an absolute timestamp but earlier rows have relative numbers`
    : `${column} ${quote(text)} is a relative number but earlier rows have absolute timestamps`;
}
