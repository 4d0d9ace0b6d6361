/**
 * The cheapest way to pay for a forecast's PTUs month by month: hourly, one-month reservations or one-year
 * reservations (12 months committed), under one documented rule.
 *
 * Rule (README, "Forecast"): capacity is cut into bands between the PTU counts that occur; a band is needed in the
 * months whose required capacity reaches its top. The month a band first becomes needed (or needed again after a gap)
 * it is bought **hourly**: it is the growing tail, and nobody reserves capacity before the need shows. A band already
 * deployed today counts as steady from month 1. Every other month of need — the steady base — is covered by whichever
 * of hourly, a one-month reservation or a one-year reservation (bought that month, paid monthly for 12 months, the
 * whole term counted even where it runs past the forecast) makes the band's total over the forecast the least: an
 * exact dynamic programme per band, ties to the shorter commitment. Prices are per PTU per month in the report
 * currency (reservations at list, the hourly price discounted as the billing terms say).
 */

/** Per-PTU monthly prices of one provisioned deployment under the billing terms. */
export interface PtuMonthPrices {
  /** Hourly billing for a whole 730-hour month. */
  hourly: number;
  /** A one-month reservation. */
  monthly: number;
  /** A one-year reservation, per month of its 12-month term. */
  yearly: number;
}

/** How a month's PTUs of one deployment are paid for. */
export interface ScheduleMonth {
  /** PTUs deployed (what the month needs). */
  capacity: number;
  /** PTUs billed hourly. */
  hourly: number;
  /** PTUs under a one-month reservation bought for this month. */
  reservedMonthly: number;
  /** PTUs under a running one-year reservation (idle ones included). */
  reservedYearly: number;
  /** Reserved yearly PTUs the month does not need (a dip under an earlier reservation). */
  idleReserved: number;
  /** One-year reservations bought this month, PTUs. */
  newYearly: number;
  /** What these PTUs cost this month. */
  cost: number;
}

/** A one-year reservation the schedule buys. */
export interface YearlyPurchase {
  /** Forecast month it starts (1-based). */
  month: number;
  /** PTUs reserved. */
  ptu: number;
  /** The whole 12-month commitment. */
  total: number;
  /** Months of the term after the forecast's last month. */
  monthsBeyond: number;
  /** What those months commit. */
  beyond: number;
}

/** A deployment's schedule over the forecast. */
export interface Schedule {
  /** One entry per month. */
  months: ScheduleMonth[];
  /** One-year reservations bought, in month order. */
  yearly: YearlyPurchase[];
}

type Choice = "none" | "hourly" | "monthly" | "yearly";

/** Cheapest choice per month for one PTU of a band, with no reservation running at that month (dynamic programme). */
function bandChoices(need: readonly boolean[], tail: readonly boolean[], p: PtuMonthPrices): Choice[] {
  const months = need.length;
  const best = new Array<number>(months + 1).fill(0);
  const choice = new Array<Choice>(months).fill("none");
  for (let m = months - 1; m >= 0; m--) {
    if (!need[m]) {
      best[m] = best[m + 1];
      continue;
    }
    // The options in order of commitment: a later one replaces an earlier only when strictly cheaper.
    const options: [Choice, number][] = tail[m]
      ? [["hourly", p.hourly + best[m + 1]]]
      : [
          ["hourly", p.hourly + best[m + 1]],
          ["monthly", p.monthly + best[m + 1]],
          ["yearly", 12 * p.yearly + best[Math.min(months, m + 12)]],
        ];
    let [pick, cost] = options[0];
    for (const [c, v] of options) if (v < cost - 1e-9) [pick, cost] = [c, v];
    best[m] = cost;
    choice[m] = pick;
  }
  return choice;
}

/**
 * The schedule for one deployment: `needed[m]` PTUs in month m+1, `today` deployed now, per-PTU `prices`. See the
 * module comment for the rule.
 */
export function planSchedule(needed: readonly number[], today: number, prices: PtuMonthPrices): Schedule {
  const months = needed.length;
  const top = Math.max(0, ...needed);
  const cuts = [...new Set([0, today, ...needed])].filter((c) => c <= top).sort((a, b) => a - b);
  const rows: ScheduleMonth[] = needed.map((capacity) => ({
    capacity,
    hourly: 0,
    reservedMonthly: 0,
    reservedYearly: 0,
    idleReserved: 0,
    newYearly: 0,
    cost: 0,
  }));
  const yearly = new Map<number, number>();
  for (let b = 1; b < cuts.length; b++) {
    const count = cuts[b] - cuts[b - 1];
    const need = needed.map((n) => n >= cuts[b]);
    // The tail: the first month of each stretch of need, unless the band is deployed today (steady from month 1).
    const tail = need.map((n, m) => n && !(m === 0 ? cuts[b] <= today : need[m - 1]));
    const choice = bandChoices(need, tail, prices);
    for (let m = 0; m < months; ) {
      const row = rows[m];
      if (choice[m] === "yearly") {
        yearly.set(m, (yearly.get(m) ?? 0) + count);
        row.newYearly += count;
        for (let k = m; k < Math.min(months, m + 12); k++) {
          rows[k].reservedYearly += count;
          if (!need[k]) rows[k].idleReserved += count;
        }
        m += 12;
        continue;
      }
      if (choice[m] === "hourly") row.hourly += count;
      if (choice[m] === "monthly") row.reservedMonthly += count;
      m += 1;
    }
  }
  for (const row of rows) {
    row.cost =
      row.hourly * prices.hourly + row.reservedMonthly * prices.monthly + row.reservedYearly * prices.yearly;
  }
  const purchases = [...yearly.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([m, ptu]) => {
      const monthsBeyond = Math.max(0, m + 12 - months);
      return {
        month: m + 1,
        ptu,
        total: 12 * ptu * prices.yearly,
        monthsBeyond,
        beyond: monthsBeyond * ptu * prices.yearly,
      };
    });
  return { months: rows, yearly: purchases };
}
