/**
 * `spillway forecast`: a scenario month by month under traffic growth. Each month is the scenario with every
 * workload's traffic multiplied by the month's factor (the arrival rates of synthetic arrivals, the `scale` of a
 * trace: the same `--set` paths a user would write), simulated with today's PTUs; then, for each month, the fewest
 * PTUs that hold the error-level service SLOs (a bisection over the provisioned capacity, as `plan --search bisect`
 * does), and the cheapest way to pay for them (src/plan/forecast-schedule.ts). Runs go through the planner's task
 * runner (worker threads), so a forecast is a batch of plan tasks; everything that touches the world is the
 * planner's {@link PlannerIo}.
 */
import { dirname, resolve } from "node:path";
import { HOURS_PER_MONTH } from "../catalog/index.js";
import { defaultPtuSizing } from "../catalog/sizing.js";
import { termsPtuPrices } from "../cost/cost-model.js";
import { inputError, SpillwayError } from "../errors.js";
import { wholeMoney } from "../report/format.js";
import type { ProvisionedDeployment, ResolvedScenario } from "../scenario/resolve.js";
import type { Scenario } from "../scenario/schema.js";
import { VERSION } from "../version.js";
import type { PlanTask, TaskResult } from "./evaluate.js";
import {
  type PtuMonthPrices,
  planSchedule,
  type Schedule,
  type YearlyPurchase,
} from "./forecast-schedule.js";
import { aggregatePoint, nextBisection, type PlanPoint } from "./plan.js";
import { checkReplications, type PlannerIo, scenarioLoader } from "./planner.js";
import { sizeRun } from "./run-size.js";

/** Bump when forecast.json changes meaning. */
export const FORECAST_SCHEMA_VERSION = 1;
/** Most months a forecast may cover. */
export const MAX_FORECAST_MONTHS = 60;
/** The capacity search looks up to this many times a month's traffic share of today's PTUs. */
const SEARCH_HEADROOM = 3;

/** A forecast as the command line asks for it; checked by {@link prepareForecast}. */
export interface ForecastRequest {
  /** Scenario file as the user named it. */
  file: string;
  /** Months to forecast. */
  months: number;
  /** `--growth`: a monthly rate (`5%`) or one factor per month (`1,1.05,1.1`). */
  growth: string;
  /** Replications per run. */
  replications: number;
  /** `--set` applied to every run. */
  sets: readonly string[];
  /** Refuse runs simulating more requests than this. */
  maxRequests: number;
}

/** A provisioned deployment of the forecast: today's PTUs, sizing and prices. */
export interface ForecastDeployment {
  /** `account/deployment`. */
  id: string;
  /** PTUs deployed today. */
  capacity: number;
  /** Smallest deployment and step, PTUs. */
  minimum: number;
  /** Deployments are a multiple of this. */
  increment: number;
  /** Per PTU per month, report currency. */
  prices: PtuMonthPrices;
}

/** The figures of one simulated point (means over replications). */
export interface ForecastFigures {
  /** Requests that arrived in the simulated horizon. */
  requests: number;
  /** Share of callers' requests that got a final 429. */
  throttleClient: number;
  /** Share of deployment attempts answered 429. */
  throttleBackend: number;
  /** Share of successes served by a deployment other than their first choice. */
  spillover: number;
  /** End-to-end latency of successes, ms. */
  latency: { p50: number; p95: number; p99: number; ttftP95: number };
  /** A 730-hour month's cost, report currency. */
  cost: { total: number; provisioned: number; tokens: number; gateway: number };
  /** 95% interval of the monthly total over replications. */
  totalCi95: [number, number];
}

/** One month of the forecast. */
export interface ForecastMonth {
  /** 1-based; month 1 is the scenario with factor `factor`. */
  month: number;
  /** Traffic multiplier relative to the scenario as written. */
  factor: number;
  /** The estate as written (today's PTUs) at this month's traffic. */
  asWritten: ForecastFigures & {
    /** Every error-level SLO held in every replication. */
    meetsSlo: boolean;
    /** The error-level SLOs that failed in some replication. */
    failedSlo: string[];
    /**
     * The month's total with today's PTUs all billed one way (the rest of the estate as simulated); null without a
     * provisioned deployment.
     */
    billing: { hourly: number; reservationMonthly: number; reservationYearly: number } | null;
  };
  /**
   * PTUs the schedule deploys this month by deployment id (the cheapest capacity found that holds the service SLOs),
   * the fewest that hold them (null without a search or when none does), whether they hold (false: not even at the
   * largest capacity searched, which is then given) and the run there; null without a provisioned deployment.
   */
  needed: {
    capacity: Record<string, number>;
    fewest: Record<string, number> | null;
    holds: boolean;
    figures: ForecastFigures;
  } | null;
  /** The schedule's month: PTUs and how they are paid, by deployment, and the estate's cost with them. */
  schedule: {
    deployments: Record<string, Omit<Schedule["months"][number], "cost"> & { cost: number }>;
    cost: { total: number; provisioned: number; tokens: number; gateway: number };
  };
}

/** forecast.json. */
export interface Forecast {
  /** Version of this format. */
  schemaVersion: number;
  /** The tool that wrote it. */
  tool: { name: "spillway"; version: string };
  /** Scenario name, hash of the scenario as written (with --set), report currency. */
  scenario: { name: string; hash: string; currency: string };
  /** `--growth` as given and the factor of each month. */
  growth: { text: string; factors: number[] };
  /** Replications per run and their seeds. */
  replications: { count: number; seeds: number[] };
  /**
   * How the needed PTUs were found: `bisect` over capacity, `none` (no provisioned deployment: nothing to buy),
   * `no-slo` (no error-level service SLO to hold: today's PTUs are kept).
   */
  search: "bisect" | "none" | "no-slo";
  /** The service SLOs the search holds (error-level, cost SLOs left out: more PTUs never lower a bill). */
  searchSlo: string[];
  /** Provisioned deployments, in scenario order. */
  deployments: ForecastDeployment[];
  /** Month by month. */
  months: ForecastMonth[];
  /** The first month whose error-level SLOs fail with today's PTUs, and which; null when they hold throughout. */
  sloBreak: { month: number; failed: string[] } | null;
  /** Sums over the forecast's months, and the one-year reservations the schedule buys. */
  totals: {
    /** The estate as written: its own billing, and today's PTUs all billed one way. */
    asWritten: {
      total: number;
      hourly: number | null;
      reservationMonthly: number | null;
      reservationYearly: number | null;
    };
    /** The schedule: everything, and its PTUs. */
    schedule: { total: number; provisioned: number };
    /** One-year reservations bought, by deployment, and what they commit in all and after the forecast. */
    commitments: (YearlyPurchase & { deployment: string })[];
    /** Sum of the commitments' totals. */
    committed: number;
    /** Of which after the forecast's last month. */
    committedBeyond: number;
  };
  /** What the reader should know to trust the figures. */
  notes: string[];
}

/** A checked forecast, ready to run. */
export interface PreparedForecast {
  /** The scenario's name (outputs are named after it). */
  name: string;
  /** Simulates every month (and the capacity search) and builds forecast.json. */
  run(): Promise<Forecast>;
}

const refuse = (message: string) => inputError("", message);
const round9 = (v: number) => Math.round(v * 1e9) / 1e9;

/** Checks `--months`: a whole number from 1 to {@link MAX_FORECAST_MONTHS}. */
export function checkMonths(months: number): void {
  if (!Number.isInteger(months) || months < 1 || months > MAX_FORECAST_MONTHS) {
    throw refuse(`--months: ${months} is not a whole number from 1 to ${MAX_FORECAST_MONTHS}`);
  }
}

/**
 * The factor of each month from `--growth`: `R%` compounds monthly (month m is (1 + R/100)^(m−1), month 1 the scenario
 * as written); a comma list gives each month's factor itself. Throws an Error saying what to write.
 */
export function parseGrowth(text: string, months: number): number[] {
  const t = text.trim();
  const rate = /^([+-]?\d+(?:\.\d+)?)%$/.exec(t);
  if (rate !== null) {
    const r = Number(rate[1]) / 100;
    if (!(r > -1)) throw new Error(`--growth "${t}": a monthly decline must stay above -100%`);
    return Array.from({ length: months }, (_, m) => round9((1 + r) ** m));
  }
  const parts = t.split(",").map((p) => p.trim());
  const bad = parts.find((p) => !/^\d+(?:\.\d+)?$/.test(p) || !(Number(p) > 0));
  if (bad !== undefined || (parts.length === 1 && months > 1)) {
    throw new Error(
      `--growth "${t}": write a monthly rate with % (5%) or one positive factor per month separated by commas (1,1.05,1.1)`,
    );
  }
  if (parts.length !== months) {
    throw new Error(
      `--growth: ${parts.length} factor(s) for --months ${months}; give one factor per month (or a rate like 5%)`,
    );
  }
  return parts.map(Number);
}

/**
 * The `--set` assignments that multiply every workload's traffic by `factor`: arrival rates of synthetic arrivals
 * (both rates of a diurnal or bursty one, every step of a profile), the `scale` of a trace. None at factor 1, so the
 * month is the scenario exactly as written.
 */
export function growthSets(scenario: Scenario, factor: number): string[] {
  if (factor === 1) return [];
  const x = (v: number) => String(round9(v * factor));
  return scenario.traffic.flatMap((w, i) => {
    const at = `traffic.${i}.arrival`;
    const a = w.arrival;
    switch (a.type) {
      case "constant":
      case "poisson":
        return [`${at}.rate=${x(a.rate)}`];
      case "diurnal":
        return [`${at}.peak=${x(a.peak)}`, `${at}.trough=${x(a.trough)}`];
      case "bursty":
        return [`${at}.base=${x(a.base)}`, `${at}.burst=${x(a.burst)}`];
      case "profile":
        return [`${at}.rates=[${a.rates.map(x).join(",")}]`];
      default:
        // A trace: its scale thins or copies rows.
        return [`${at}.scale=${x(a.scale)}`];
    }
  });
}

/** Today's provisioned deployments with their sizing and per-PTU monthly prices under the billing terms. */
function forecastDeployments(
  scenario: ResolvedScenario,
): (ForecastDeployment & { sets: (cap: number) => string[] })[] {
  const provisioned = scenario.deployments.filter(
    (d): d is ProvisionedDeployment => d.kind === "provisioned",
  );
  return provisioned.map((d) => {
    const p = termsPtuPrices(d.facts.prices, d.sku, scenario.billingTerms);
    const { minimum, increment } = d.facts.ptuSizing[d.sku] ?? defaultPtuSizing(d.sku);
    const ai = scenario.validated.accounts.findIndex((a) => a.name === d.account);
    const di = scenario.validated.accounts[ai].deployments.findIndex((x) => x.name === d.name);
    const written = scenario.validated.accounts[ai].deployments[di] as { reservedCapacity?: number };
    const path = `accounts.${ai}.deployments.${di}`;
    return {
      id: d.id,
      capacity: d.capacity,
      minimum,
      increment,
      prices: {
        hourly: p.hourly * HOURS_PER_MONTH,
        monthly: p.reservationMonthly,
        yearly: p.reservationYearly / 12,
      },
      // A reservation larger than the capacity tried is refused by the scenario check: it shrinks with it.
      sets: (cap: number) => [
        `${path}.capacity=${cap}`,
        ...(written.reservedCapacity === undefined
          ? []
          : [`${path}.reservedCapacity=${Math.min(cap, written.reservedCapacity)}`]),
      ],
    };
  });
}

/**
 * The capacity of every provisioned deployment at search level `j`: the first deployment at its minimum plus j
 * increments, the others scaled in proportion to their PTUs today and rounded up to their increments. One deployment
 * is the exact capacity grid; several grow together (a documented heuristic, not a joint search).
 */
function levelCapacities(deployments: readonly ForecastDeployment[], j: number): number[] {
  const anchor = deployments[0];
  const cap = anchor.minimum + j * anchor.increment;
  const ratio = cap / anchor.capacity;
  return deployments.map((d, k) =>
    k === 0 ? cap : Math.max(d.minimum, Math.ceil((d.capacity * ratio) / d.increment - 1e-9) * d.increment),
  );
}

/** The figures of an aggregated point. */
function figuresOf(point: PlanPoint): ForecastFigures {
  const m = (path: string) => point.metrics[path].mean;
  return {
    requests: m("requests.arrived"),
    throttleClient: m("throttle.client.rate"),
    throttleBackend: m("throttle.backend.rate"),
    spillover: m("spillover.rate"),
    latency: {
      p50: m("latency.e2e.p50"),
      p95: m("latency.e2e.p95"),
      p99: m("latency.e2e.p99"),
      ttftP95: m("latency.ttft.p95"),
    },
    cost: {
      total: m("cost.monthly.total"),
      provisioned: m("cost.monthly.provisioned"),
      tokens: m("cost.monthly.tokens"),
      gateway: m("cost.monthly.gateway"),
    },
    totalCi95: point.metrics["cost.monthly.total"].ci95,
  };
}

/** Checks a forecast before any run: options, every month's scenario and its run size. Throws a SpillwayError (exit 2). */
export function prepareForecast(request: ForecastRequest, io: PlannerIo): PreparedForecast {
  checkMonths(request.months);
  let factors: number[];
  try {
    factors = parseGrowth(request.growth, request.months);
  } catch (error) {
    throw refuse((error as Error).message);
  }
  checkReplications(request.replications);
  const { file } = request;
  const { text, load } = scenarioLoader(file, io);
  const base = load([...request.sets]);
  const traces = io.sampleTraces(base);
  const monthSets = factors.map((f) => [...request.sets, ...growthSets(base.validated, f)]);
  // Every month's scenario is checked and sized before any compute: a growth that breaks a limit is exit 2 now.
  for (const [m, sets] of monthSets.entries()) {
    try {
      sizeRun(file, load(sets), traces, request.maxRequests);
    } catch (error) {
      // What growth broke, in one line: the first problem, with the month and factor that caused it.
      if (!(error instanceof SpillwayError) || m === 0) throw error;
      const [first] = error.problems;
      throw refuse(
        `--growth ${request.growth}: month ${m + 1} multiplies the traffic of ${file} by ${factors[m]}, and then ${first.path === "" ? "" : `${first.path}: `}${first.message}`,
      );
    }
  }
  const seeds = Array.from({ length: request.replications }, (_, r) => base.seed + r);
  const deployments = forecastDeployments(base);
  const costPaths = new Set(base.slo.filter((s) => s.path[0] === "cost").map((s) => s.expression));
  const searchSlo = base.slo
    .filter((s) => s.level === "error" && !costPaths.has(s.expression))
    .map((s) => s.expression);
  const search: Forecast["search"] =
    deployments.length === 0 ? "none" : searchSlo.length === 0 ? "no-slo" : "bisect";
  // No PTU deployment at all (pay-as-you-go only) is a capacity plan too, when the scenario runs without its PTUs:
  // capacity 0 removes a provisioned deployment, and the scenario check refuses it when nothing would serve a workload.
  const zeroSets = (m: number) => [...monthSets[m], ...deployments.flatMap((d) => d.sets(0))];
  let withoutPtu = false;
  if (search === "bisect") {
    try {
      load(zeroSets(0));
      withoutPtu = true;
    } catch (error) {
      if (!(error instanceof SpillwayError)) throw error;
    }
  }
  const folder = dirname(resolve(file));

  /** Runs each list of `--set` assignments (every replication) on the runner; one aggregated point per list. */
  // A run is its `--set` list: months of equal factor, or a level two searches try, are simulated once.
  const done = new Map<string, PlanPoint>();
  const evaluate = async (runs: string[][]): Promise<PlanPoint[]> => {
    const keys = runs.map((sets) => sets.join("\n"));
    const fresh = [...new Set(keys.filter((k) => !done.has(k)))];
    const tasks: PlanTask[] = fresh.flatMap((key, point) =>
      seeds.map((seed, replication) => ({
        point,
        replication,
        text,
        file,
        folder,
        sets: runs[keys.indexOf(key)],
        seed,
      })),
    );
    const byRun = fresh.map((): TaskResult[] => []);
    await io.runner.run(tasks, (_, result) => byRun[result.point].push(result));
    for (const [k, key] of fresh.entries()) done.set(key, aggregatePoint(k, {}, byRun[k]));
    return keys.map((key) => done.get(key) as PlanPoint);
  };
  const holds = (p: PlanPoint) =>
    p.slo.every((s) => s.level !== "error" || costPaths.has(s.expression) || s.passed === s.of);

  return {
    name: base.name,
    run: async () => {
      const asWritten = await evaluate(monthSets);
      const found: {
        levels: number[];
        fewest: number | null;
        points: Map<number, PlanPoint>;
        /** The month without PTUs, when that holds the SLOs in every month. */
        none?: PlanPoint;
      }[] = [];
      if (search === "bisect") {
        // Levels from the SKU minimum up to SEARCH_HEADROOM x the month's share of today's PTUs; today's PTUs are a
        // level whose run is the month as written.
        const anchor = deployments[0];
        const today = Math.round((anchor.capacity - anchor.minimum) / anchor.increment);
        const counts = factors.map(
          (f) =>
            Math.max(
              today,
              Math.ceil(
                (anchor.capacity * Math.max(1, f) * SEARCH_HEADROOM - anchor.minimum) / anchor.increment,
              ),
            ) + 1,
        );
        const known = factors.map((_, m) => new Map<number, boolean>([[today, holds(asWritten[m])]]));
        const points = factors.map((_, m) => new Map<number, PlanPoint>([[today, asWritten[m]]]));
        const setsAt = (m: number, j: number) => [
          ...monthSets[m],
          ...deployments.flatMap((d, k) => d.sets(levelCapacities(deployments, j)[k])),
        ];
        // Every month's next bisection step in one batch: the months run side by side on the workers.
        for (;;) {
          const next = factors
            .map((_, m) => ({ m, j: nextBisection(counts[m], known[m]) }))
            .filter((x): x is { m: number; j: number } => x.j !== null);
          if (next.length === 0) break;
          const results = await evaluate(next.map(({ m, j }) => setsAt(m, j)));
          for (const [k, { m, j }] of next.entries()) {
            known[m].set(j, holds(results[k]));
            points[m].set(j, results[k]);
          }
        }
        const fewest = known.map((map) => {
          const passing = [...map].filter(([, ok]) => ok).map(([j]) => j);
          return passing.length === 0 ? null : Math.min(...passing);
        });
        // With spillover (tokens still billed at the fewest PTUs), more PTUs may cost less: search the cheapest.
        const steady = deployments.map((d) => Math.min(d.prices.hourly, d.prices.monthly, d.prices.yearly));
        const costAt = (m: number, j: number) => {
          const p = points[m].get(j) as PlanPoint;
          const caps = levelCapacities(deployments, j);
          return (
            p.metrics["cost.monthly.tokens"].mean +
            p.metrics["cost.monthly.gateway"].mean +
            caps.reduce((sum, c, k) => sum + c * steady[k], 0)
          );
        };
        const ranges = fewest.map((j, m) =>
          j !== null &&
          j < counts[m] - 1 &&
          (points[m].get(j) as PlanPoint).metrics["cost.monthly.tokens"].mean > 0
            ? { lo: j, hi: counts[m] - 1 }
            : null,
        );
        await cheapestLevels(ranges, points, (m, j) => setsAt(m, j), evaluate, costAt);
        for (const [m, j] of fewest.entries()) {
          let level = j ?? counts[m] - 1;
          for (const [k, p] of points[m]) {
            // A level above the fewest holds the SLOs too (more PTUs never hurt) unless its run says otherwise.
            if (j !== null && k > j && holds(p) && costAt(m, k) < costAt(m, level) - 1e-9) level = k;
          }
          const least = j ?? level;
          // The schedule's candidates, in PLANS order.
          const levels = [least, level, Math.max(today, least), Math.max(today, level)];
          found.push({ levels, fewest: j, points: points[m] });
        }
        if (withoutPtu) {
          const none = await evaluate(factors.map((_, m) => zeroSets(m)));
          // A plan only when it holds the SLOs every month: a schedule is one plan for the whole forecast.
          if (none.every(holds)) for (const [m, f] of found.entries()) f.none = none[m];
        }
      }
      return buildForecast({
        base,
        request,
        factors,
        seeds,
        search,
        searchSlo,
        deployments,
        asWritten,
        needed: found.map((f) => {
          const at = (j: number) => ({
            capacities: levelCapacities(deployments, j),
            point: f.points.get(j) as PlanPoint,
          });
          const none = f.none === undefined ? [] : [{ capacities: deployments.map(() => 0), point: f.none }];
          return { plans: [...f.levels.map(at), ...none], fewest: f.fewest === null ? null : at(f.fewest) };
        }),
      });
    },
  };
}

/**
 * Ternary search per month over the levels `ranges[m]` (null: none) for the least `costAt`, assuming the cost is
 * unimodal in capacity (PTUs up, spilled tokens down); the months' steps run as one batch each round, and every level
 * run lands in `points`.
 */
async function cheapestLevels(
  ranges: ({ lo: number; hi: number } | null)[],
  points: Map<number, PlanPoint>[],
  setsAt: (m: number, j: number) => string[],
  evaluate: (runs: string[][]) => Promise<PlanPoint[]>,
  costAt: (m: number, j: number) => number,
): Promise<void> {
  const run = async (wanted: { m: number; j: number }[]) => {
    const todo = wanted.filter(
      ({ m, j }, k) => !points[m].has(j) && wanted.findIndex((w) => w.m === m && w.j === j) === k,
    );
    const results = await evaluate(todo.map(({ m, j }) => setsAt(m, j)));
    for (const [k, { m, j }] of todo.entries()) points[m].set(j, results[k]);
  };
  for (;;) {
    const active = ranges.flatMap((r, m) => (r !== null && r.hi - r.lo > 2 ? [{ m, r }] : []));
    if (active.length === 0) break;
    const probes = active.map(({ m, r }) => ({
      m,
      r,
      a: r.lo + Math.floor((r.hi - r.lo) / 3),
      b: r.hi - Math.floor((r.hi - r.lo) / 3),
    }));
    await run(
      probes.flatMap(({ m, a, b }) => [
        { m, j: a },
        { m, j: b },
      ]),
    );
    for (const { m, r, a, b } of probes) {
      if (costAt(m, a) <= costAt(m, b)) r.hi = b;
      else r.lo = a;
    }
  }
  await run(
    ranges.flatMap((r, m) =>
      r === null ? [] : Array.from({ length: r.hi - r.lo + 1 }, (_, k) => ({ m, j: r.lo + k })),
    ),
  );
}

/** The capacity plans a schedule is chosen from, each month's capacity being: */
const PLANS = [
  "the fewest PTUs that hold the SLOs",
  "the capacity that costs least at reserved prices",
  "today's PTUs, or the fewest that hold the SLOs where more are needed",
  "today's PTUs, or the capacity that costs least where more pays",
  "no PTU deployment (pay-as-you-go only, where the SLOs hold every month without one)",
] as const;

/** A capacity of every provisioned deployment, and the month's run there. */
interface CapacityRun {
  /** PTUs per provisioned deployment, in scenario order. */
  capacities: number[];
  /** The aggregated run. */
  point: PlanPoint;
}

/** Assembles forecast.json from the runs (pure). */
function buildForecast(args: {
  base: ResolvedScenario;
  request: ForecastRequest;
  factors: number[];
  seeds: number[];
  search: Forecast["search"];
  searchSlo: string[];
  deployments: ForecastDeployment[];
  asWritten: PlanPoint[];
  /**
   * Per month with a search: the capacity of each of the {@link PLANS} with its run, and the fewest PTUs that hold the
   * service SLOs (null when no capacity searched does).
   */
  needed: { plans: CapacityRun[]; fewest: CapacityRun | null }[];
}): Forecast {
  const { deployments, factors, search } = args;
  const written = args.asWritten.map(figuresOf);
  // Without a search, the schedule keeps today's PTUs and the month as written.
  const today = (m: number): CapacityRun => ({
    capacities: deployments.map((d) => d.capacity),
    point: args.asWritten[m],
  });
  // The cheapest capacity of a month is priced at PTUs' lowest monthly price, but new PTUs start hourly and a year's
  // reservation pays only when kept: each plan's whole schedule is costed, and the least wins (ties to the earlier).
  const count = args.needed[0]?.plans.length ?? 1;
  const candidates = Array.from({ length: count }, (_, k) =>
    factors.map((_, m) => args.needed[m]?.plans[k] ?? today(m)),
  ).map((runs) => {
    const schedules = deployments.map((d, k) =>
      planSchedule(
        runs.map((r) => r.capacities[k]),
        d.capacity,
        d.prices,
      ),
    );
    const total = runs.reduce(
      (sum, r, m) =>
        sum +
        schedules.reduce((s, x) => s + x.months[m].cost, 0) +
        r.point.metrics["cost.monthly.tokens"].mean +
        r.point.metrics["cost.monthly.gateway"].mean,
      0,
    );
    return { runs, schedules, total };
  });
  const chosen = candidates.reduce((best, c) => (c.total < best.total - 1e-6 ? c : best));
  const { schedules } = chosen;
  const fewestOf = (m: number) => {
    const run = args.needed[m]?.fewest;
    return run == null ? null : Object.fromEntries(deployments.map((d, k) => [d.id, run.capacities[k]]));
  };
  const todayCost = (price: keyof PtuMonthPrices) =>
    deployments.reduce((sum, d) => sum + d.capacity * d.prices[price], 0);
  const months: ForecastMonth[] = factors.map((factor, m) => {
    const w = written[m];
    const point = args.asWritten[m];
    const failedSlo = point.slo
      .filter((s) => s.level === "error" && s.passed < s.of)
      .map((s) => s.expression);
    const others = w.cost.total - w.cost.provisioned;
    const need = chosen.runs[m];
    const needFigures = figuresOf(need.point);
    const provisioned = schedules.reduce((sum, s) => sum + s.months[m].cost, 0);
    return {
      month: m + 1,
      factor,
      asWritten: {
        ...w,
        meetsSlo: point.meetsSlo,
        failedSlo,
        billing:
          deployments.length === 0
            ? null
            : {
                hourly: others + todayCost("hourly"),
                reservationMonthly: others + todayCost("monthly"),
                reservationYearly: others + todayCost("yearly"),
              },
      },
      needed:
        deployments.length === 0
          ? null
          : {
              capacity: Object.fromEntries(deployments.map((d, k) => [d.id, need.capacities[k]])),
              fewest: fewestOf(m),
              holds: args.needed[m] === undefined || args.needed[m].fewest !== null,
              figures: needFigures,
            },
      schedule: {
        deployments: Object.fromEntries(deployments.map((d, k) => [d.id, schedules[k].months[m]])),
        cost: {
          total: provisioned + needFigures.cost.tokens + needFigures.cost.gateway,
          provisioned,
          tokens: needFigures.cost.tokens,
          gateway: needFigures.cost.gateway,
        },
      },
    };
  });
  const sum = (f: (m: ForecastMonth) => number) => months.reduce((s, m) => s + f(m), 0);
  const option = (key: "hourly" | "reservationMonthly" | "reservationYearly") =>
    deployments.length === 0 ? null : sum((m) => m.asWritten.billing?.[key] ?? 0);
  const commitments = deployments.flatMap((d, k) =>
    schedules[k].yearly.map((y) => ({ deployment: d.id, ...y })),
  );
  const broken = months.find((m) => !m.asWritten.meetsSlo);
  return {
    schemaVersion: FORECAST_SCHEMA_VERSION,
    tool: { name: "spillway", version: VERSION },
    scenario: { name: args.base.name, hash: args.base.hash, currency: args.base.billingTerms.currency },
    growth: { text: args.request.growth, factors },
    replications: { count: args.seeds.length, seeds: args.seeds },
    search,
    searchSlo: args.searchSlo,
    deployments: deployments.map(({ id, capacity, minimum, increment, prices }) => ({
      id,
      capacity,
      minimum,
      increment,
      prices,
    })),
    months,
    sloBreak: broken === undefined ? null : { month: broken.month, failed: broken.asWritten.failedSlo },
    totals: {
      asWritten: {
        total: sum((m) => m.asWritten.cost.total),
        hourly: option("hourly"),
        reservationMonthly: option("reservationMonthly"),
        reservationYearly: option("reservationYearly"),
      },
      schedule: {
        total: sum((m) => m.schedule.cost.total),
        provisioned: sum((m) => m.schedule.cost.provisioned),
      },
      commitments,
      committed: commitments.reduce((s, c) => s + c.total, 0),
      committedBeyond: commitments.reduce((s, c) => s + c.beyond, 0),
    },
    notes: forecastNotes(search, deployments.length, months, {
      chosen: candidates.indexOf(chosen),
      totals: candidates.map((c) => c.total),
      currency: args.base.billingTerms.currency,
    }),
  };
}

/** What a reader must know: how the PTUs were searched and paid, and where the search found no answer. */
function forecastNotes(
  search: Forecast["search"],
  provisioned: number,
  months: ForecastMonth[],
  plans: { chosen: number; totals: number[]; currency: string },
): string[] {
  const notes = [
    "Each month is the scenario with its traffic multiplied by the month's factor (arrival rates, trace scale), simulated for its horizon and costed as a 730-hour month.",
  ];
  if (search === "none")
    notes.push("The estate has no provisioned deployment: there are no PTUs to schedule.");
  if (search === "no-slo")
    notes.push(
      "The scenario has no error-level service SLO to hold, so the schedule keeps today's PTUs every month.",
    );
  if (search === "bisect") {
    notes.push(
      `PTUs each month: the fewest that hold every error-level service SLO in every replication, by bisection over capacity in SKU increments (cost SLOs are left out: more PTUs never lower a bill)${provisioned > 1 ? "; several provisioned deployments grow together, in proportion to their PTUs today" : ""}. Where tokens are still billed there (spillover), the capacity from there up that costs least with PTUs at their lowest monthly price, by a ternary search that assumes the cost falls then rises with capacity.`,
    );
    const money = (t: number) => wholeMoney(t, plans.currency);
    const best = money(plans.totals[plans.chosen]);
    // Plans that come to the same money say nothing more.
    const others = [
      ...new Set(
        PLANS.flatMap((name, k) =>
          plans.totals[k] === undefined || money(plans.totals[k]) === best
            ? []
            : [`${name}: ${money(plans.totals[k])}`],
        ),
      ),
    ];
    notes.push(
      `The schedule deploys ${PLANS[plans.chosen]} (${best} in all)${others.length === 0 ? "" : `, the least of the capacity plans costed (${others.join("; ")})`}; it may deploy fewer PTUs than today where fewer hold the SLOs.`,
    );
    const short = months.filter((m) => m.needed !== null && !m.needed.holds).map((m) => m.month);
    if (short.length > 0)
      notes.push(
        `Month(s) ${short.join(", ")}: the SLOs fail even at the largest capacity searched (${SEARCH_HEADROOM}x the month's traffic share of today's PTUs), which the schedule uses; check the quota and the other limits.`,
      );
  }
  if (provisioned > 0)
    notes.push(
      "Schedule rule: PTUs a month adds are bought hourly that month (the growing tail); from then on each PTU is paid hourly, by one-month reservations or by a one-year reservation, whichever costs least over the forecast, a one-year reservation counted for its whole 12 months even past the forecast's end.",
    );
  return notes;
}
