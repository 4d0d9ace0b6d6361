/**
 * Absolute timestamps of trace files, parsed by hand to epoch seconds.
 *
 * Why not Date.parse: it keeps only milliseconds (the Azure traces carry 100 ns ticks and the 2024 files up to
 * microseconds), it rejects 7 fractional digits on some engines, it reads zone-less ISO times as local time, and it
 * allocates. Here a timestamp is read straight from the line buffer with charCodeAt, and the result is
 * `whole seconds + fraction` with two correctly rounded operations, so it is within one double ULP (about 0.24 µs
 * for present-day epochs) of the exact value: exact to the microsecond.
 *
 * Forms accepted (each value is detected on its own):
 * - ISO-8601 with `T` or a space: `2023-11-16 18:15:46.6805900`, `2024-05-10 00:00:00.004291+00:00`,
 *   `2026-11-25T08:10:49.1234567Z`, `2024-05-10T00:00:00+0130`, `2024-05-10 00:00` and a bare date. The fraction has
 *   any number of digits (none, too; `,` works like `.`); no zone means UTC.
 * - US portal format (Log Analytics "Export to CSV"): `11/25/2026, 8:10:49.123 AM`, month first, comma and seconds
 *   optional, 12-hour with AM/PM or 24-hour without. Always UTC (export with UTC times, the portal default).
 */

const SECONDS_PER_DAY = 86_400;

/** Powers of ten for fractions: 10^k is exact in a double up to k = 22. */
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/** Days from 1970-01-01 to the given proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The date `days` after 1970-01-01 as [year, month, day] (H. Hinnant's civil_from_days). */
export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// Scanner state shared by the helpers below: module-level so reading a number returns one value and moves the
// cursor without allocating a result object (this runs once per row).
let cursor = 0;

/** Reads minDigits..maxDigits decimal digits at `cursor` (before `end`); -1 when there are fewer than minDigits. */
function readDigits(s: string, end: number, minDigits: number, maxDigits: number): number {
  let value = 0;
  let n = 0;
  let i = cursor;
  while (i < end && n < maxDigits) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    value = value * 10 + d;
    i++;
    n++;
  }
  if (n < minDigits) return -1;
  cursor = i;
  return value;
}

/** Reads a fraction after its `.` or `,`: its value in [0, 1), or -1 without digits. Digits past the 9th are read but ignored. */
function readFraction(s: string, end: number): number {
  let value = 0;
  let n = 0;
  let i = cursor;
  while (i < end) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    if (n < 9) {
      value = value * 10 + d;
      n++;
    }
    i++;
  }
  if (i === cursor) return -1;
  cursor = i;
  return value / POW10[n];
}

/** The character code at `i`, or -1 at or past `end` (the buffer goes on past the field, so bounds matter). */
function at(s: string, i: number, end: number): number {
  return i < end ? s.charCodeAt(i) : -1;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

/** Combines validated fields; NaN when a field is out of range. */
function epochSeconds(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  fraction: number,
  offsetSeconds: number,
): number {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  if (hour > 23 || minute > 59 || second > 59) return Number.NaN;
  const whole =
    daysFromCivil(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second - offsetSeconds;
  return whole + fraction;
}

/** ISO-8601 date with optional time, fraction and zone, from `start` (the year) to `end`. */
function parseIso(s: string, start: number, end: number): number {
  cursor = start;
  const year = readDigits(s, end, 4, 4);
  if (year < 0 || at(s, cursor, end) !== 45) return Number.NaN;
  cursor++;
  const month = readDigits(s, end, 2, 2);
  if (month < 0 || at(s, cursor, end) !== 45) return Number.NaN;
  cursor++;
  const day = readDigits(s, end, 2, 2);
  if (day < 0) return Number.NaN;
  if (cursor === end) return epochSeconds(year, month, day, 0, 0, 0, 0, 0);
  const sep = s.charCodeAt(cursor);
  if (sep !== 84 && sep !== 116 && sep !== 32) return Number.NaN; // T, t or space
  cursor++;
  const hour = readDigits(s, end, 2, 2);
  if (hour < 0 || at(s, cursor, end) !== 58) return Number.NaN;
  cursor++;
  const minute = readDigits(s, end, 2, 2);
  if (minute < 0) return Number.NaN;
  let second = 0;
  let fraction = 0;
  if (cursor < end && s.charCodeAt(cursor) === 58) {
    cursor++;
    second = readDigits(s, end, 2, 2);
    if (second < 0) return Number.NaN;
    const c = cursor < end ? s.charCodeAt(cursor) : 0;
    if (c === 46 || c === 44) {
      cursor++;
      fraction = readFraction(s, end);
      if (fraction < 0) return Number.NaN;
    }
  }
  let offset = 0;
  if (cursor < end) {
    const z = s.charCodeAt(cursor);
    if (z === 90 || z === 122) {
      cursor++; // Z or z
    } else if (z === 43 || z === 45) {
      cursor++;
      const oh = readDigits(s, end, 2, 2);
      if (oh < 0 || oh > 23) return Number.NaN;
      let om = 0;
      if (cursor < end) {
        if (s.charCodeAt(cursor) === 58) cursor++;
        om = readDigits(s, end, 2, 2);
        if (om < 0 || om > 59) return Number.NaN;
      }
      offset = (z === 45 ? -1 : 1) * (oh * 3600 + om * 60);
    }
  }
  if (cursor !== end) return Number.NaN;
  return epochSeconds(year, month, day, hour, minute, second, fraction, offset);
}

/** Log Analytics portal export: `M/D/YYYY, h:mm:ss.fff AM`, from `start` to `end`. */
function parseUs(s: string, start: number, end: number): number {
  cursor = start;
  const month = readDigits(s, end, 1, 2);
  if (month < 0 || at(s, cursor, end) !== 47) return Number.NaN;
  cursor++;
  const day = readDigits(s, end, 1, 2);
  if (day < 0 || at(s, cursor, end) !== 47) return Number.NaN;
  cursor++;
  const year = readDigits(s, end, 4, 4);
  if (year < 0) return Number.NaN;
  if (cursor === end) return epochSeconds(year, month, day, 0, 0, 0, 0, 0);
  if (s.charCodeAt(cursor) === 44) cursor++;
  const afterDate = cursor;
  while (cursor < end && isSpace(s.charCodeAt(cursor))) cursor++;
  if (cursor === afterDate) return Number.NaN;
  let hour = readDigits(s, end, 1, 2);
  if (hour < 0 || at(s, cursor, end) !== 58) return Number.NaN;
  cursor++;
  const minute = readDigits(s, end, 2, 2);
  if (minute < 0) return Number.NaN;
  let second = 0;
  let fraction = 0;
  if (cursor < end && s.charCodeAt(cursor) === 58) {
    cursor++;
    second = readDigits(s, end, 2, 2);
    if (second < 0) return Number.NaN;
    if (cursor < end && s.charCodeAt(cursor) === 46) {
      cursor++;
      fraction = readFraction(s, end);
      if (fraction < 0) return Number.NaN;
    }
  }
  while (cursor < end && isSpace(s.charCodeAt(cursor))) cursor++;
  if (cursor + 2 <= end) {
    const a = s.charCodeAt(cursor) | 32; // lower case
    const m = s.charCodeAt(cursor + 1) | 32;
    if ((a === 97 || a === 112) && m === 109) {
      if (hour < 1 || hour > 12) return Number.NaN;
      hour = (hour % 12) + (a === 112 ? 12 : 0);
      cursor += 2;
    }
  }
  if (cursor !== end) return Number.NaN;
  return epochSeconds(year, month, day, hour, minute, second, fraction, 0);
}

/** True when the trimmed text from `start` looks like an absolute timestamp rather than a number. */
export function looksAbsolute(s: string, start: number, end: number): boolean {
  // A number never has `-` at index 4 (the ISO date) or `/` at index 1 or 2 (the US date).
  if (end - start < 6) return false;
  return s.charCodeAt(start + 4) === 45 || s.charCodeAt(start + 1) === 47 || s.charCodeAt(start + 2) === 47;
}

/**
 * Parses an absolute timestamp (ISO-8601 or the US portal form) between `start` and `end` of `s` to epoch seconds;
 * NaN when it is neither. Surrounding spaces are ignored.
 */
export function parseTimestamp(s: string, start: number, end: number): number {
  while (start < end && isSpace(s.charCodeAt(start))) start++;
  while (end > start && isSpace(s.charCodeAt(end - 1))) end--;
  if (end - start < 8) return Number.NaN;
  if (s.charCodeAt(start + 4) === 45) return parseIso(s, start, end);
  return parseUs(s, start, end);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/**
 * Formats `whole + ticks / 1e7` epoch seconds the way the Azure LLM traces write them: `2023-11-16 18:15:46.6805900`
 * (style 2023, seven digits, no zone) or `2024-05-10 00:00:00.004291+00:00` (style 2024: microseconds with trailing
 * zeros dropped, no fraction at all on a whole second — the mixed precision of the week-long files).
 */
export function formatAzureTimestamp(wholeSeconds: number, ticks: number, style: "2023" | "2024"): string {
  const days = Math.floor(wholeSeconds / SECONDS_PER_DAY);
  const rest = wholeSeconds - days * SECONDS_PER_DAY;
  const [y, mo, d] = civilFromDays(days);
  const hh = Math.floor(rest / 3600);
  const mm = Math.floor((rest % 3600) / 60);
  const ss = rest % 60;
  const base = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)} ${pad(hh, 2)}:${pad(mm, 2)}:${pad(ss, 2)}`;
  if (style === "2023") return `${base}.${pad(ticks, 7)}`;
  const micros = Math.floor(ticks / 10);
  const fraction = micros === 0 ? "" : `.${pad(micros, 6).replace(/0+$/, "")}`;
  return `${base}${fraction}+00:00`;
}
