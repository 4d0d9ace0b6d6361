/**
 * The bad-row policy in one place: with `error` a bad row stops the run with a TraceError naming the file and line;
 * with `skip` it is counted and the first few reasons are kept for the report's warnings.
 *
 * Also the one place where file content is quoted for a message ({@link quote}, {@link plain}): every excerpt is
 * bounded and escaped here, so no reader can paste a 3 MB cell, a whole file read as one line, or a terminal escape
 * sequence into an error message or a CI log.
 */
import { type BadRowPolicy, TraceError } from "./trace-types.js";

/** Reasons kept with `skip`: enough to see the pattern without growing with the file. */
export const MAX_SKIP_SAMPLES = 5;

/** Longest excerpt of file content a message quotes, in characters as printed (escapes included). */
export const EXCERPT_CHARS = 80;

/** Applies the bad-row policy of one trace. */
export class BadRows {
  /** Rows skipped so far. */
  skipped = 0;
  /** The first reasons, `line N: why`. */
  readonly samples: string[] = [];

  /**
   * @param displayPath the trace as the user named it
   * @param policy error or skip
   */
  constructor(
    readonly displayPath: string,
    readonly policy: BadRowPolicy,
  ) {}

  /** Reports a bad row at physical line `line`: throws with `error`, counts it with `skip`. */
  report(line: number, why: string): void {
    if (this.policy === "error") throw new TraceError(this.displayPath, line, why);
    this.skipped++;
    if (this.samples.length < MAX_SKIP_SAMPLES) this.samples.push(`line ${line}: ${why}`);
  }
}

/**
 * File content quoted for a message: in double quotes, escaped like JSON, and cut after `max` printed characters with
 * an ellipsis and the full length (`"9999…" (3,000,000 characters)`), so a runaway cell cannot flood the terminal.
 */
export function quote(text: string, max = EXCERPT_CHARS): string {
  const { shown, cut } = escapeExcerpt(text, max, true);
  return cut ? `"${shown}…" (${text.length.toLocaleString("en-US")} characters)` : `"${shown}"`;
}

/**
 * Text from a file or a library message shown without quotes (a header name, a JSON parser's message): escaped like
 * {@link quote} and cut after `max` printed characters with an ellipsis.
 */
export function plain(text: string, max = EXCERPT_CHARS): string {
  const { shown, cut } = escapeExcerpt(text, max, false);
  return cut ? `${shown}…` : shown;
}

/** Short escapes JSON uses; other control characters become \uXXXX. */
const SHORT_ESCAPES: Readonly<Record<number, string>> = {
  8: "\\b",
  9: "\\t",
  10: "\\n",
  12: "\\f",
  13: "\\r",
};

/**
 * Characters a terminal or a log viewer would act on rather than show: C0 controls (ESC starts escape sequences),
 * DEL, C1 controls (0x9b is a one-byte CSI), the Unicode line separators, the bidirectional controls that can make
 * text read differently from what it is ("Trojan Source"), and the byte-order mark.
 */
function needsEscape(c: number): boolean {
  return (
    c < 0x20 ||
    (c >= 0x7f && c <= 0x9f) ||
    c === 0x200e ||
    c === 0x200f ||
    (c >= 0x2028 && c <= 0x202e) ||
    (c >= 0x2066 && c <= 0x2069) ||
    c === 0xfeff
  );
}

function hex4(c: number): string {
  return `\\u${c.toString(16).padStart(4, "0")}`;
}

/** The escaped form of `text`, stopping before it would exceed `max` characters (`cut` then says so). */
function escapeExcerpt(text: string, max: number, quoted: boolean): { shown: string; cut: boolean } {
  let shown = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let piece: string;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      // A surrogate pair stays whole (an emoji is one character); a lone half is escaped so the output is valid text.
      piece = d >= 0xdc00 && d <= 0xdfff ? text.slice(i, i + 2) : hex4(c);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      piece = hex4(c);
    } else if (needsEscape(c)) {
      piece = SHORT_ESCAPES[c] ?? hex4(c);
    } else if (quoted && (c === 34 || c === 92)) {
      piece = c === 34 ? '\\"' : "\\\\";
    } else {
      piece = text[i];
    }
    if (shown.length + piece.length > max) return { shown, cut: true };
    shown += piece;
    if (piece.length === 2 && piece.charCodeAt(0) !== 92) i++; // the low half of a surrogate pair
  }
  return { shown, cut: false };
}
