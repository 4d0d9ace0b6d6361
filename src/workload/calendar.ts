/**
 * The calendar of a run: what date, weekday and hour time 0 is (UTC), so that a time of day ("14:00") and a weekday
 * (Saturday, Sunday) mean something. Two kinds of time appear in a scenario and are kept apart:
 * - a clock time ("14:00", "09:30:15") is a time of day on the calendar: with `calendar.start` at 09:00, `peakAt:
 *   "14:00"` is 5 hours into the run;
 * - a duration ("10m", "5h", 90) is an offset from time 0, whatever the calendar: `outages[].start: 5h` is 5 hours in.
 * With no `calendar:` time 0 is {@link DEFAULT_CALENDAR_START}, a Monday at 00:00, so a clock time and the same
 * duration agree (`peakAt: "14:00"` = `peakAt: 14h`), as they did before calendars existed.
 */

import { civilFromDays } from "./trace/timestamps.js";

/** Seconds in a day. */
export const DAY_SECONDS = 86400;
/** Seconds in a week. */
export const WEEK_SECONDS = 7 * DAY_SECONDS;

/**
 * Time 0 when a scenario gives no `calendar:`: Monday 1 January 2024, 00:00 UTC. Fixed (not today) so runs are
 * deterministic; a Monday at midnight so a clock time equals the same offset and the first weekend starts on day 6.
 */
export const DEFAULT_CALENDAR_START = "2024-01-01T00:00";

/** What time 0 of a run is. */
export interface Calendar {
  /** Time 0, UTC, as `YYYY-MM-DDTHH:MM` (seconds appended when not 0). */
  start: string;
  /** Whether the scenario gave it (charts then show dates; otherwise day numbers). */
  declared: boolean;
  /** Milliseconds since the Unix epoch of time 0 (UTC). */
  epochMs: number;
  /** Seconds from the Monday 00:00 at or before time 0 to time 0: where time 0 falls in its week. */
  weekOffset: number;
}

const START = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?(Z)?$/;
const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

/**
 * Parses a calendar start (`"2026-12-07"`, `"2026-12-07T09:00"`, `"2026-12-07T09:00:30Z"`, UTC) into a calendar, or
 * returns why it cannot (a message for the schema to quote).
 */
export function parseCalendarStart(text: string, declared = true): Calendar | string {
  const trimmed = text.trim();
  if (/[+-]\d{2}:?\d{2}$/.test(trimmed) && trimmed.includes("T"))
    return `${JSON.stringify(text)} has a UTC offset; calendar times are UTC: convert it and drop the offset`;
  const m = START.exec(trimmed);
  if (m === null) return `${JSON.stringify(text)} is not a date and time: write "2026-12-07T09:00" (UTC)`;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((x) =>
    Number(x ?? 0),
  );
  const epochMs = Date.UTC(year, month - 1, day, hour, minute, second);
  const d = utcParts(epochMs);
  // Date.UTC rolls 2026-02-30 over to March: a date that does not round-trip does not exist.
  if (d.year !== year || d.month !== month || d.day !== day || hour > 23 || minute > 59 || second > 59)
    return `${JSON.stringify(text)} is not a valid date and time: write "2026-12-07T09:00" (UTC)`;
  if (year < 1970 || year > 9999) return `${JSON.stringify(text)}: the year must be between 1970 and 9999`;
  const weekOffset = d.weekday * DAY_SECONDS + hour * 3600 + minute * 60 + second;
  return { start: isoMinute(epochMs), declared, epochMs, weekOffset };
}

/** The calendar of a scenario with no `calendar:`. */
export function defaultCalendar(): Calendar {
  return parseCalendarStart(DEFAULT_CALENDAR_START, false) as Calendar;
}

/** Seconds after midnight of time 0. */
export function startTimeOfDay(calendar: Calendar): number {
  return calendar.weekOffset % DAY_SECONDS;
}

/**
 * The offset from time 0 of a clock time (seconds after midnight) on the first day: negative when the day's clock
 * time is before time 0, which a periodic shape reads as the same phase a period later.
 */
export function clockOffset(clockSeconds: number, calendar: Calendar): number {
  return clockSeconds - startTimeOfDay(calendar);
}

/** Weekday (0 = Monday … 6 = Sunday) at `t` seconds from time 0 (negative `t` is the warmup, before time 0). */
export function weekdayAt(t: number, weekOffset: number): number {
  const day = Math.floor((t + weekOffset) / DAY_SECONDS);
  return ((day % 7) + 7) % 7;
}

/** Whether `t` seconds from time 0 falls on a Saturday or Sunday. */
export function isWeekend(t: number, weekOffset: number): boolean {
  return weekdayAt(t, weekOffset) >= 5;
}

/**
 * Seconds of Saturday and Sunday within [from, to) (seconds from time 0), exactly: whole weeks contribute two days
 * each, the rest is walked day by day.
 */
export function weekendSeconds(from: number, to: number, weekOffset: number): number {
  if (!(to > from)) return 0;
  const weeks = Math.floor((to - from) / WEEK_SECONDS);
  let total = weeks * 2 * DAY_SECONDS;
  let t = from + weeks * WEEK_SECONDS;
  while (t < to) {
    const dayEnd = (Math.floor((t + weekOffset) / DAY_SECONDS) + 1) * DAY_SECONDS - weekOffset;
    const end = Math.min(dayEnd, to);
    if (isWeekend(t, weekOffset)) total += end - t;
    t = end;
  }
  return total;
}

/** Short weekday name at `t` seconds from time 0. */
export function weekdayName(t: number, calendar: Calendar): string {
  return WEEKDAYS[weekdayAt(t, calendar.weekOffset)];
}

/**
 * A label for a moment of a long run: `"Mon 12-07 14:00"` when the scenario gave a calendar, else `"day 3 14:00"`
 * (day 1 is the first day of the run, counting calendar days from time 0's date).
 */
export function dayLabel(t: number, calendar: Calendar): string {
  const ms = calendar.epochMs + t * 1000;
  const d = utcParts(ms);
  const hhmm = `${pad(d.hour)}:${pad(d.minute)}`;
  if (calendar.declared) return `${weekdayName(t, calendar)} ${pad(d.month)}-${pad(d.day)} ${hhmm}`;
  const day = Math.floor((t + startTimeOfDay(calendar)) / DAY_SECONDS) + 1;
  return `day ${day} ${hhmm}`;
}

function isoMinute(epochMs: number): string {
  const d = utcParts(epochMs);
  const base = `${d.year}-${pad(d.month)}-${pad(d.day)}T${pad(d.hour)}:${pad(d.minute)}`;
  return d.second === 0 ? base : `${base}:${pad(d.second)}`;
}

/**
 * The UTC date, time and weekday (0 = Monday) of a moment in ms since the epoch, by arithmetic rather than a Date
 * object, which the core does not construct (test/engine/determinism-sources.test.ts).
 */
function utcParts(epochMs: number) {
  const totalSeconds = Math.floor(epochMs / 1000);
  const days = Math.floor(totalSeconds / DAY_SECONDS);
  const rest = totalSeconds - days * DAY_SECONDS;
  const [year, month, day] = civilFromDays(days);
  return {
    year,
    month,
    day,
    hour: Math.floor(rest / 3600),
    minute: Math.floor((rest % 3600) / 60),
    second: rest % 60,
    // 1970-01-01 was a Thursday (3 when Monday is 0).
    weekday: (((days + 3) % 7) + 7) % 7,
  };
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}
