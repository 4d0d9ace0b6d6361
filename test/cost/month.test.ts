/** The month from the horizon: whole weeks, weekend factors, and the short horizon's stated assumption. */
import { describe, expect, it } from "vitest";
import { run } from "../helpers.js";
import { calendarScenario } from "../workload/calendar-scenario.js";

/** The calendar tests' scenario, its calendar start given as a date. */
function scenario(opts: { duration: string; arrival: string; calendar?: string; extra?: string }): string {
  const calendar = opts.calendar === undefined ? undefined : `{ start: "${opts.calendar}" }`;
  return calendarScenario({ ...opts, calendar });
}

describe("the month from the horizon", () => {
  it("weekend factor 0.3 on two of seven days gives (5 + 2 x 0.3) / 7 of the flat month (a simulated week)", () => {
    // Must hold (issue 15). A whole week at 0.1/s: about 48,000 arrivals with the factor, so the noise is about 0.5 %.
    const flat = run(scenario({ duration: "7d", arrival: "{ type: poisson, rate: 0.1/s }" }));
    const weekend = run(
      scenario({ duration: "7d", arrival: "{ type: poisson, rate: 0.1/s, weekend: 0.3 }" }),
    );
    const ratio = weekend.cost.monthly.tokens / flat.cost.monthly.tokens;
    expect(ratio).toBeGreaterThan(((5 + 2 * 0.3) / 7) * 0.98);
    expect(ratio).toBeLessThan(((5 + 2 * 0.3) / 7) * 1.02);
    // The weekend's days carry 30 % of a weekday's arrivals: 5.6 days' worth of traffic in 7.
    expect(weekend.requests.arrived / flat.requests.arrived).toBeCloseTo(5.6 / 7, 1);
  });

  it("extrapolates a one-day Monday run with a weekend factor by the weekly shape, exactly", () => {
    const diurnal = "type: diurnal, peak: 1/s, trough: 0.1/s, peakAt: '14:00'";
    const flat = run(scenario({ duration: "1d", arrival: `{ ${diurnal} }` }));
    const weekend = run(scenario({ duration: "1d", arrival: `{ ${diurnal}, weekend: 0.3 }` }));
    // A Monday has no weekend, so both runs draw the same arrivals; only the month differs.
    expect(weekend.cost.horizon.tokens).toBe(flat.cost.horizon.tokens);
    expect(weekend.cost.monthly.tokens / flat.cost.monthly.tokens).toBeCloseTo(5.6 / 7, 6);
    // Without a weekend factor the month is 730 h of Mondays.
    expect(flat.cost.monthly.tokens).toBeCloseTo((flat.cost.horizon.tokens * 730) / 24, 2);
  });

  it("extrapolates a one-day Saturday run with a weekend factor to the same month as a Monday run", () => {
    const arrival = "{ type: poisson, rate: 0.5/s, weekend: 0.3 }";
    const monday = run(scenario({ duration: "1d", arrival }));
    const saturday = run(scenario({ duration: "1d", arrival, calendar: "2026-12-12" }));
    // The Saturday run simulates 30 % of the traffic and scales it back up to the same weekly shape.
    expect(saturday.requests.arrived / monday.requests.arrived).toBeCloseTo(0.3, 1);
    const ratio = saturday.cost.monthly.tokens / monday.cost.monthly.tokens;
    expect(ratio).toBeGreaterThan(0.97);
    expect(ratio).toBeLessThan(1.03);
  });

  it("takes the month from the whole weeks of a horizon that is not whole weeks", () => {
    // 10 days from a Monday: one whole week, then Monday to Wednesday again. Scaling all 10 days by 730 h / 240 h
    // would count weekdays 8.6 / 10 of the time instead of 5.6 / 7.
    const arrival = "{ type: poisson, rate: 0.05/s, weekend: 0.3 }";
    const tenDays = run(scenario({ duration: "10d", arrival }));
    const week = run(scenario({ duration: "7d", arrival }));
    const ratio = tenDays.cost.monthly.tokens / week.cost.monthly.tokens;
    expect(ratio).toBeGreaterThan(0.98);
    expect(ratio).toBeLessThan(1.02);
    const naive = (tenDays.cost.horizon.tokens * 730) / 240;
    expect(naive / week.cost.monthly.tokens).toBeGreaterThan(1.05);
  });

  it("shares the month among workloads by each one's own month, summing to the total", () => {
    const r = run(
      scenario({
        duration: "1d",
        arrival: "{ type: poisson, rate: 0.05/s, weekend: 0 }",
        extra:
          "  - { name: flat, via: a/paygo, arrival: { type: poisson, rate: 0.05/s }, promptTokens: 1000, completionTokens: 100, maxTokens: 100 }",
      }),
    );
    const { chat, flat } = r.workloads;
    // Over a Monday both send about the same; over the month chat sends nothing on weekends: 5/7 of flat's.
    const horizon = chat.cost.horizon.tokens / flat.cost.horizon.tokens;
    const monthly = chat.cost.monthly.tokens / flat.cost.monthly.tokens;
    expect(monthly / horizon).toBeCloseTo(5 / 7, 3);
    expect(chat.cost.monthly.tokens + flat.cost.monthly.tokens).toBeCloseTo(r.cost.monthly.tokens, 4);
  });

  it("says what a short horizon's month assumes", () => {
    const flat = run(scenario({ duration: "1d", arrival: "{ type: poisson, rate: 0.01/s }" }));
    const flatWarning = flat.warnings.find((w) => w.code === "short-horizon")?.message ?? "";
    expect(flatWarning).toMatch(/weekends included/);
    expect(flatWarning).toMatch(/weekend factor/);
    const shaped = run(
      scenario({ duration: "1d", arrival: "{ type: poisson, rate: 0.01/s, weekend: 0.3 }" }),
    );
    const shapedWarning = shaped.warnings.find((w) => w.code === "short-horizon")?.message ?? "";
    expect(shapedWarning).toMatch(/chat/);
    expect(shapedWarning).toMatch(/weekly shape/);
  });
});
