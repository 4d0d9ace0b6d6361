/**
 * Token counts and time values read straight from a range of the line buffer: no substring, no regular expression
 * and no Number() on the common path, because this runs for every row of multi-million-row traces.
 */

import { quote } from "./bad-rows.js";
import { looksAbsolute, parseTimestamp } from "./timestamps.js";
import type { TimeUnit } from "./trace-types.js";

/** parseCount result: the cell is empty. */
export const COUNT_EMPTY = -1;
/** parseCount result: not a number. */
export const COUNT_NOT_NUMBER = -2;
/** parseCount result: negative. */
export const COUNT_NEGATIVE = -3;
/** parseCount result: has a non-zero fraction. */
export const COUNT_NOT_WHOLE = -4;
/** parseCount result: above MAX_TOKEN_COUNT. */
export const COUNT_TOO_LARGE = -5;

/**
 * Largest token count a row may have: 100 million, fifty times the largest context window of any model today. A
 * larger cell is a wrong column or a corrupt value, and accepting it would let one row dominate every mean and sizing.
 */
export const MAX_TOKEN_COUNT = 100_000_000;

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

/**
 * A token count between `start` and `end` of `s`: a non-negative integer (spaces around it and a zero fraction such as
 * `12.0` are accepted), or one of the negative COUNT_* codes.
 */
export function parseCount(s: string, start: number, end: number): number {
  while (start < end && isSpace(s.charCodeAt(start))) start++;
  while (end > start && isSpace(s.charCodeAt(end - 1))) end--;
  if (start === end) return COUNT_EMPTY;
  let i = start;
  let negative = false;
  if (s.charCodeAt(i) === 45) {
    negative = true;
    i++;
  }
  let value = 0;
  let digits = 0;
  while (i < end) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    value = value * 10 + d;
    digits++;
    i++;
  }
  let fractionDigits = 0;
  let nonZeroFraction = false;
  if (i < end) {
    if (s.charCodeAt(i) !== 46) return COUNT_NOT_NUMBER;
    i++;
    while (i < end) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return COUNT_NOT_NUMBER;
      if (d !== 0) nonZeroFraction = true;
      fractionDigits++;
      i++;
    }
  }
  if (digits === 0 && fractionDigits === 0) return COUNT_NOT_NUMBER;
  if (negative && (value !== 0 || nonZeroFraction)) return COUNT_NEGATIVE;
  if (nonZeroFraction) return COUNT_NOT_WHOLE;
  // Digits are counted so a 300-digit cell cannot overflow to Infinity before the comparison.
  if (digits > 15 || value > MAX_TOKEN_COUNT) return COUNT_TOO_LARGE;
  return value;
}

/** Checks a count that JSON already parsed as a number: the count, or a COUNT_* code. */
export function checkCount(value: number): number {
  if (!Number.isFinite(value)) return COUNT_NOT_NUMBER;
  if (value < 0) return COUNT_NEGATIVE;
  if (!Number.isInteger(value)) return COUNT_NOT_WHOLE;
  if (value > MAX_TOKEN_COUNT) return COUNT_TOO_LARGE;
  return value;
}

/** Why a COUNT_* code is a bad row, quoting the column and its text. */
export function countProblem(code: number, column: string, text: string): string {
  const quoted = quote(text);
  switch (code) {
    case COUNT_EMPTY:
      return `${column} is empty; expected a token count`;
    case COUNT_NEGATIVE:
      return `${column} ${quoted} is negative; token counts must be >= 0`;
    case COUNT_NOT_WHOLE:
      return `${column} ${quoted} is not a whole number of tokens`;
    case COUNT_TOO_LARGE:
      return `${column} ${quoted} is too large for a token count (at most ${MAX_TOKEN_COUNT.toLocaleString("en-US")})`;
    default:
      return `${column} ${quoted} is not a number; expected a token count`;
  }
}

/** Divisor taking a relative time in `unit` to seconds (a division, so `ms` values match `value / 1000` exactly). */
export function unitDivisor(unit: TimeUnit): number {
  return unit === "ms" ? 1000 : unit === "us" ? 1_000_000 : 1;
}

let lastTimeWasAbsolute = false;

/** Kind of the last value parseTime read: true for an absolute timestamp, false for a relative number. */
export function lastTimeAbsolute(): boolean {
  return lastTimeWasAbsolute;
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A relative number (no units applied): NaN when it is not one. */
function parseRelative(s: string, start: number, end: number): number {
  let i = start;
  let sign = 1;
  const c0 = s.charCodeAt(i);
  if (c0 === 45 || c0 === 43) {
    if (c0 === 45) sign = -1;
    i++;
  }
  // Digits before and after the point go into one integer divided once by 10^k: that division is correctly rounded,
  // so the result is the same double Number() gives for the text (while it has at most 15 digits).
  let mantissa = 0;
  let digits = 0;
  let fractionDigits = 0;
  let seenPoint = false;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    const d = c - 48;
    if (d >= 0 && d <= 9) {
      mantissa = mantissa * 10 + d;
      digits++;
      if (seenPoint) fractionDigits++;
    } else if (c === 46 && !seenPoint) {
      seenPoint = true;
    } else {
      break;
    }
  }
  if (i === end && digits > 0 && digits <= 15) return (sign * mantissa) / POW10[fractionDigits];
  // Exponents and very long numbers: rare, so the slow exact path.
  const text = s.slice(start, end);
  const value = PLAIN_NUMBER.test(text) ? Number(text) : Number.NaN;
  // 1e999 parses to Infinity: not a time any later arithmetic (offsets, spans) could use.
  return Number.isFinite(value) ? value : Number.NaN;
}

/**
 * A time value between `start` and `end` of `s`, in seconds: an absolute timestamp (see timestamps.ts) to epoch
 * seconds, or a relative number divided by `divisor` (see unitDivisor). NaN when it is neither. Records
 * which kind it was for lastTimeAbsolute.
 */
export function parseTime(s: string, start: number, end: number, divisor: number): number {
  while (start < end && isSpace(s.charCodeAt(start))) start++;
  while (end > start && isSpace(s.charCodeAt(end - 1))) end--;
  if (start === end) return Number.NaN;
  if (looksAbsolute(s, start, end)) {
    lastTimeWasAbsolute = true;
    return parseTimestamp(s, start, end);
  }
  lastTimeWasAbsolute = false;
  const value = parseRelative(s, start, end);
  return divisor === 1 ? value : value / divisor;
}

/** Why a time value is a bad row, quoting it. */
export function timeProblem(column: string, text: string): string {
  return (
    `${column} ${quote(text)} is not a timestamp or a number ` +
    "(expected e.g. 2023-11-16 18:15:46.6805900, 2024-05-10T00:00:00.004291+00:00, 11/25/2026, 8:10:49.123 AM or 12.5)"
  );
}
