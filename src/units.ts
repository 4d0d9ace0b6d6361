/**
 * Units accepted everywhere in a scenario (README.md, "Scenario reference", **Units.**). Each parser returns the
 * canonical value or `undefined`, and the schema turns `undefined` into a message that quotes the value.
 */

const DURATION_UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, min: 60, h: 3600, d: 86400 };
const ISO_DURATION =
  /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;
const SUFFIXED = /^(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*([a-z]+)$/i;

/** Parses a duration (`90`, `"90s"`, `"5m"`, `"1h"`, `"7d"`, `"250ms"`, `"PT1M"`) into seconds. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  const plain = Number(text);
  if (Number.isFinite(plain)) return plain;
  const iso = ISO_DURATION.exec(text);
  if (iso !== null && text.length > 1 && !/T$/i.test(text)) {
    const [, d, h, m, s] = iso;
    return Number(d ?? 0) * 86400 + Number(h ?? 0) * 3600 + Number(m ?? 0) * 60 + Number(s ?? 0);
  }
  const suffixed = SUFFIXED.exec(text);
  if (suffixed === null) return undefined;
  const factor = DURATION_UNITS[suffixed[2].toLowerCase()];
  return factor === undefined ? undefined : Number(suffixed[1]) * factor;
}

const RATE_UNITS: Record<string, number> = {
  s: 1,
  sec: 1,
  second: 1,
  min: 1 / 60,
  m: 1 / 60,
  minute: 1 / 60,
  h: 1 / 3600,
  hour: 1 / 3600,
};

/** Parses a rate (`5`, `"5/s"`, `"300/min"`, `"10000/h"`) into requests per second. */
export function parseRate(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string") return undefined;
  const match = /^\s*(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*(?:\/\s*([a-z]+))?\s*$/i.exec(value);
  if (match === null) return undefined;
  if (match[2] === undefined) return Number(match[1]);
  const factor = RATE_UNITS[match[2].toLowerCase()];
  return factor === undefined ? undefined : Number(match[1]) * factor;
}

/** Parses a clock time (`"14:00"`, `"14:30:15"`) into seconds after midnight; anything else is undefined. */
export function parseClockTime(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const match = /^\s*(\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?\s*$/.exec(value);
  if (match === null) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  const seconds = Number(match[3] ?? 0);
  if (hours > 23 || minutes > 59 || seconds >= 60) return undefined;
  return hours * 3600 + minutes * 60 + seconds;
}

/**
 * Parses a time of day (`"14:00"`, `"14:30:15"`) into seconds after midnight, or falls back to a duration (seconds
 * after time 0). Which of the two it was matters once time 0 is not a midnight: src/workload/calendar.ts.
 */
export function parseTimeOfDay(value: unknown): number | undefined {
  return parseClockTime(value) ?? parseDuration(value);
}

/** Formats seconds after midnight as a clock time: `"14:00"`, or `"14:30:15"` when the seconds are not 0. */
export function formatClockTime(seconds: number): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds - h * 3600 - m * 60;
  return s === 0 ? `${pad(h)}:${pad(m)}` : `${pad(h)}:${pad(m)}:${s < 10 ? "0" : ""}${s}`;
}

/**
 * A whole number with comma thousands separators (`100,000`), without Intl: module-level descriptions use it, and
 * loading ICU for them would slow every command's start.
 */
export function groupDigits(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Formats seconds as a short human duration (`"1h"`, `"5m"`, `"90s"`, `"250ms"`). */
export function formatDuration(seconds: number): string {
  if (seconds !== 0 && Math.abs(seconds) < 1) return `${round(seconds * 1000)}ms`;
  if (seconds % 86400 === 0 && seconds !== 0) return `${seconds / 86400}d`;
  if (seconds % 3600 === 0 && seconds !== 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0 && seconds !== 0) return `${seconds / 60}m`;
  return `${round(seconds)}s`;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
