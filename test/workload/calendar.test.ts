/** The calendar: what time 0 is, clock times against durations, and the weekend factor on the arrivals. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../src/engine/rng.js";
import { createArrivalProcess, type SyntheticArrivalSpec } from "../../src/workload/arrivals.js";
import {
  DEFAULT_CALENDAR_START,
  dayLabel,
  defaultCalendar,
  parseCalendarStart,
  weekdayName,
  weekendSeconds,
} from "../../src/workload/calendar.js";
import { cli } from "../cli/run-cli.js";
import { load } from "../helpers.js";
import { calendarScenario } from "./calendar-scenario.js";

const DAY = 86400;

function scenario(opts: { calendar?: string; arrival: string; outage?: string }): string {
  return calendarScenario({ duration: "1h", ...opts, outageStart: opts.outage });
}

/** Arrivals of a process in [from, to), drawn from a fixed seed. */
function arrivals(spec: SyntheticArrivalSpec, from: number, to: number): number {
  const process = createArrivalProcess(spec, new RandomStreams(3).stream("test"));
  let n = 0;
  for (let t = process.next(from); t < to; t = process.next(t)) n++;
  return n;
}

describe("calendar", () => {
  it("starts on a fixed Monday at 00:00 by default, so runs are deterministic", () => {
    const c = defaultCalendar();
    expect(c.start).toBe(DEFAULT_CALENDAR_START);
    expect(weekdayName(0, c)).toBe("Mon");
    expect(c.weekOffset).toBe(0);
    expect(load(scenario({ arrival: "{ type: poisson, rate: 1/s }" })).calendar.start).toBe(
      "2024-01-01T00:00",
    );
  });

  it("reads a UTC start with its weekday and hour", () => {
    const c = parseCalendarStart("2026-12-12T09:30");
    if (typeof c === "string") throw new Error(c);
    expect(weekdayName(0, c)).toBe("Sat");
    expect(weekdayName(2 * DAY, c)).toBe("Mon");
    expect(c.weekOffset).toBe(5 * DAY + 9.5 * 3600);
    expect(dayLabel(3600, c)).toBe("Sat 12-12 10:30");
    // Without a declared calendar, long charts count days instead of naming dates.
    expect(dayLabel(2 * DAY + 14 * 3600, defaultCalendar())).toBe("day 3 14:00");
  });

  it("agrees with the JavaScript Date on every date's weekday, label and round trip", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2_000_000 }),
        fc.integer({ min: 0, max: 30 * DAY }),
        (minutes, t) => {
          const ms = Date.UTC(2000, 0, 1) + minutes * 60_000;
          const d = new Date(ms);
          const iso = d.toISOString().slice(0, 16);
          const c = parseCalendarStart(iso);
          if (typeof c === "string") throw new Error(c);
          expect(c.start).toBe(iso);
          expect(c.weekOffset).toBe(
            ((d.getUTCDay() + 6) % 7) * DAY + d.getUTCHours() * 3600 + d.getUTCMinutes() * 60,
          );
          const later = new Date(ms + t * 1000);
          const two = (n: number) => String(n).padStart(2, "0");
          expect(dayLabel(t, c).slice(4)).toBe(
            `${two(later.getUTCMonth() + 1)}-${two(later.getUTCDate())} ${two(later.getUTCHours())}:${two(later.getUTCMinutes())}`,
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it("counts weekend seconds exactly, whatever weekday time 0 is", () => {
    const monday = defaultCalendar().weekOffset;
    expect(weekendSeconds(0, 7 * DAY, monday)).toBe(2 * DAY);
    expect(weekendSeconds(0, 5 * DAY, monday)).toBe(0);
    const saturdayNoon = (parseCalendarStart("2026-12-12T12:00") as { weekOffset: number }).weekOffset;
    expect(weekendSeconds(0, DAY, saturdayNoon)).toBe(DAY);
    expect(weekendSeconds(0, 2 * DAY, saturdayNoon)).toBe(1.5 * DAY);
  });

  it("reads a clock time as a time of day on the calendar and a duration as an offset from time 0", () => {
    const peakAt = (calendar: string | undefined, at: string) => {
      const arrival = load(
        scenario({ calendar, arrival: `{ type: diurnal, peak: 2/s, trough: 1/s, peakAt: "${at}" }` }),
      ).workloads[0].arrival;
      return arrival.type === "diurnal" ? arrival.peakAt : Number.NaN;
    };
    // Default calendar (Monday 00:00): both readings agree.
    expect(peakAt(undefined, "14:00")).toBe(14 * 3600);
    expect(peakAt(undefined, "14h")).toBe(14 * 3600);
    // Time 0 at 09:00: 14:00 is 5 hours in, a 14-hour offset stays 14 hours in.
    const nine = '{ start: "2026-12-07T09:00" }';
    expect(peakAt(nine, "14:00")).toBe(5 * 3600);
    expect(peakAt(nine, "14h")).toBe(14 * 3600);
    // A clock time before time 0's hour is the same phase of the day: 08:00 is 23 hours in, or an hour before.
    expect(peakAt(nine, "08:00")).toBe(-3600);
  });

  it("refuses a clock time where an offset from time 0 is meant, naming the duration to write", () => {
    expect(() => load(scenario({ arrival: "{ type: poisson, rate: 1/s }", outage: '"14:00"' }))).toThrow(
      /outages\[0\]\.start: "14:00" is a time of day, but this is an offset from time 0: write a duration, e\.g\. "14h"/,
    );
    expect(() => load(scenario({ arrival: "{ type: poisson, rate: 1/s }", outage: '"14:30"' }))).toThrow(
      /"870m"/,
    );
  });

  it("scales arrivals on Saturday and Sunday by the weekend factor", () => {
    const monday = defaultCalendar().weekOffset;
    const spec: SyntheticArrivalSpec = {
      type: "poisson",
      rate: 1,
      weekend: { factor: 0.3, weekOffset: monday },
    };
    const weekdays = arrivals(spec, 0, 5 * DAY);
    const weekend = arrivals(spec, 5 * DAY, 7 * DAY);
    // 432,000 weekday arrivals expected, 51,840 on the weekend: within 1 %.
    expect(weekdays / (5 * DAY)).toBeCloseTo(1, 2);
    expect(weekend / (2 * DAY)).toBeGreaterThan(0.3 * 0.99);
    expect(weekend / (2 * DAY)).toBeLessThan(0.3 * 1.01);
  });

  it("paces a constant rate by the day: the weekend's gap is 1 / (rate x factor), none with a factor of 0", () => {
    const monday = defaultCalendar().weekOffset;
    const slow: SyntheticArrivalSpec = {
      type: "constant",
      rate: 1,
      weekend: { factor: 0.5, weekOffset: monday },
    };
    expect(arrivals(slow, 0, 5 * DAY)).toBe(5 * DAY);
    expect(arrivals(slow, 0, 7 * DAY)).toBe(6 * DAY);
    const closed: SyntheticArrivalSpec = {
      type: "constant",
      rate: 1,
      weekend: { factor: 0, weekOffset: monday },
    };
    const process = createArrivalProcess(closed, new RandomStreams(3).stream("test"));
    // The last Friday arrival, then Monday 00:00 of the next week.
    expect(process.next(5 * DAY - 1)).toBe(5 * DAY - 1);
    expect(process.next(5 * DAY - 1)).toBe(7 * DAY);
  });

  it("shifts the weekend with a calendar start other than Monday", () => {
    const load1d = (calendar: string | undefined) =>
      load(scenario({ calendar, arrival: "{ type: poisson, rate: 0.5/s, weekend: 0 }" })).workloads[0]
        .arrival;
    const fromMonday = load1d(undefined) as SyntheticArrivalSpec;
    const fromSaturday = load1d('{ start: "2026-12-12" }') as SyntheticArrivalSpec;
    // Weekend factor 0: nothing arrives on Saturday and Sunday.
    expect(arrivals(fromMonday, 0, DAY)).toBeGreaterThan(40_000);
    expect(arrivals(fromSaturday, 0, 2 * DAY)).toBe(0);
    expect(arrivals(fromSaturday, 2 * DAY, 3 * DAY)).toBeGreaterThan(40_000);
    expect(arrivals(fromMonday, 5 * DAY, 7 * DAY)).toBe(0);
  });

  it("draws exactly as before when no weekend factor is given", () => {
    const plain: SyntheticArrivalSpec = { type: "diurnal", peak: 3, trough: 1, peakAt: 3600, period: DAY };
    const one: SyntheticArrivalSpec = { ...plain, weekend: { factor: 1, weekOffset: 0 } };
    expect(arrivals(one, 0, 6 * 3600)).toBe(arrivals(plain, 0, 6 * 3600));
    // A weekend factor of 1 as written is no factor at all.
    const written = load(scenario({ arrival: "{ type: poisson, rate: 1/s, weekend: 1 }" })).workloads[0]
      .arrival;
    expect(written).toEqual({ type: "poisson", rate: 1 });
  });

  it.each([
    ['{ start: "2026-02-30T09:00" }', /calendar\.start: "2026-02-30T09:00" is not a valid date and time/],
    [
      '{ start: "monday" }',
      /calendar\.start: "monday" is not a date and time: write "2026-12-07T09:00" \(UTC\)/,
    ],
    ['{ start: "2026-12-07T09:00+01:00" }', /calendar\.start: .* has a UTC offset; calendar times are UTC/],
    ['{ start: "2026-12-07", zone: CET }', /calendar\.zone: unknown key/],
    ["{ start: 2026 }", /calendar\.start/],
  ])("refuses calendar %s with exit 2 and one line", async (calendar, message) => {
    const dir = mkdtempSync(join(tmpdir(), "spillway-calendar-"));
    const file = join(dir, "bad.yaml");
    writeFileSync(file, scenario({ calendar, arrival: "{ type: poisson, rate: 1/s }" }));
    const r = await cli(["validate", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });
});
