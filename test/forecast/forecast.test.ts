/**
 * spillway forecast: the growth law on a pay-as-you-go estate, the month a PTU estate's SLO breaks, the schedule's
 * billing rule (pure, with hand prices, and on a real run), bad arguments and the output set. Runs are short (5-10
 * minute horizons, a few months, one thread).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Forecast } from "../../src/plan/forecast.js";
import { growthSets, parseGrowth } from "../../src/plan/forecast.js";
import { planSchedule } from "../../src/plan/forecast-schedule.js";
import type { Scenario } from "../../src/scenario/schema.js";
import { cli } from "../cli/run-cli.js";

const tmp = () => mkdtempSync(join(tmpdir(), "spillway-forecast-"));

/** Writes `yaml` to a scenario file in a fresh folder; returns its path. */
function scenario(yaml: string): string {
  const file = join(tmp(), "forecast-test.yaml");
  writeFileSync(file, yaml);
  return file;
}

/**
 * A 5-minute scenario named `name`: the `deployments` lines, one workload calling `via` at an evenly spaced `rate` with
 * calls of fixed size (1,000 prompt and 100 completion tokens), then `tail` (slo, billing).
 */
function estate(name: string, deployments: string[], via: string, rate: string, tail = ""): string {
  return `name: ${name}
seed: 3
duration: 5m
accounts:
  - name: a
    region: eastus
    deployments:
${deployments.map((d) => `      - ${d}\n`).join("")}traffic:
  - { name: w, via: ${via}, arrival: { type: constant, rate: ${rate} }, promptTokens: 1000, completionTokens: 100, maxTokens: 100 }
${tail}`;
}

const STANDARD = "{ name: std, model: gpt-4.1, sku: GlobalStandard, capacity: 1000 }";

/** Pay-as-you-go only: evenly spaced calls of fixed size, so tokens (and their cost) scale exactly with the rate. */
const PAYGO = estate("fc-paygo", [STANDARD], "a/std", "2/s");

/**
 * 15 PTU of gpt-4.1 (3,000 input TPM each: 45,000 a minute) and no spillover; each call weighs 1,000 + 4 x 100 = 1,400
 * normalized tokens, so 0.2/s uses 16,800 a minute (37%) and growing 50% a month it passes 45,000 in month 4
 * (0.2 x 1.5^3 x 1,400 x 60 = 56,700).
 */
const PTU = estate(
  "fc-ptu",
  ["{ name: ptu, model: gpt-4.1, sku: GlobalProvisionedManaged, capacity: 15 }"],
  "a/ptu",
  "0.2/s",
  'slo:\n  - "throttle.client.rate < 0.01"\n',
);

/** `spillway forecast FILE --months N --growth G` on one thread into a fresh folder; the forecast.json read back. */
async function forecast(file: string, months: number, growth: string) {
  const out = join(tmp(), "out");
  const result = await cli([
    "forecast",
    file,
    "--months",
    String(months),
    "--growth",
    growth,
    "--workers",
    "1",
    "--out",
    out,
  ]);
  const json = existsSync(join(out, "forecast.json"))
    ? (JSON.parse(readFileSync(join(out, "forecast.json"), "utf8")) as Forecast)
    : undefined;
  return { ...result, out, json };
}

describe("forecast growth", () => {
  it("reads a monthly rate as compounding from month 1 as written, and a list as the factors themselves", () => {
    expect(parseGrowth("5%", 3)).toEqual([1, 1.05, 1.1025]);
    expect(parseGrowth("1,1.2,0.9", 3)).toEqual([1, 1.2, 0.9]);
    expect(parseGrowth("-10%", 2)).toEqual([1, 0.9]);
  });

  it("multiplies every rate of every arrival, and leaves the scenario as written at factor 1", async () => {
    const { loadScenario } = await import("../../src/scenario/load.js");
    const s = loadScenario(
      `${PAYGO}  - { name: d, via: a/std, arrival: { type: diurnal, peak: 4/s, trough: 1/s }, promptTokens: 10, completionTokens: 10 }\n`,
      "x.yaml",
    );
    expect(growthSets(s.validated, 1)).toEqual([]);
    expect(growthSets(s.validated, 1.5)).toEqual([
      "traffic.0.arrival.rate=3",
      "traffic.1.arrival.peak=6",
      "traffic.1.arrival.trough=1.5",
    ]);
  });

  it("scales both rates of a bursty arrival, every step of a profile and a trace's scale", () => {
    const traffic = [
      { arrival: { type: "bursty", base: 1, burst: 4, burstEvery: 600, burstFor: 60 } },
      { arrival: { type: "profile", step: 60, rates: [1, 2.5], loop: true } },
      { arrival: { type: "trace", file: "t.csv", format: "csv", scale: 0.5 } },
    ];
    expect(growthSets({ traffic } as unknown as Scenario, 2)).toEqual([
      "traffic.0.arrival.base=2",
      "traffic.0.arrival.burst=8",
      "traffic.1.arrival.rates=[2,5]",
      "traffic.2.arrival.scale=1",
    ]);
  });

  it("a pay-as-you-go-only estate growing 5% a month costs base x 1.05^(m-1) in month m", async () => {
    const r = await forecast(scenario(PAYGO), 4, "5%");
    expect(r.code).toBe(0);
    const months = r.json?.months ?? [];
    expect(months).toHaveLength(4);
    const base = months[0].asWritten.cost.total;
    expect(base).toBeGreaterThan(0);
    for (const m of months) {
      expect(m.asWritten.cost.total / base).toBeCloseTo(1.05 ** (m.month - 1), 2);
      // Nothing provisioned: nothing to schedule, the schedule is the estate.
      expect(m.schedule.cost.total).toBeCloseTo(m.asWritten.cost.total, 6);
    }
    expect(r.json?.search).toBe("none");
    const total = r.json?.totals.asWritten.total ?? 0;
    expect(total / (base * (1 + 1.05 + 1.05 ** 2 + 1.05 ** 3))).toBeCloseTo(1, 3);
  });
});

describe("forecast of a PTU estate", () => {
  it("finds the month the SLO breaks with today's PTUs, adds PTUs hourly and reserves the steady base", async () => {
    const r = await forecast(scenario(PTU), 4, "50%");
    expect(r.code).toBe(0);
    const f = r.json as Forecast;
    expect(f.sloBreak?.month).toBe(4);
    expect(f.sloBreak?.failed).toEqual(["throttle.client.rate < 0.01"]);
    const id = "a/ptu";
    const needed = f.months.map((m) => m.needed?.capacity[id]);
    expect(needed.slice(0, 3)).toEqual([15, 15, 15]);
    // 56,700 normalized tokens a minute need at least 18.9 PTU: 20 or more in steps of 5.
    expect(needed[3]).toBeGreaterThanOrEqual(20);
    expect(f.months[3].needed?.holds).toBe(true);
    const month4 = f.months[3].schedule.deployments[id];
    // The 15 PTU deployed today are steady: reserved (one month at a time over 4 months); the added tail is hourly.
    expect(month4.reservedMonthly).toBe(15);
    expect(month4.hourly).toBe((needed[3] ?? 0) - 15);
    expect(f.months[0].schedule.deployments[id]).toMatchObject({ reservedMonthly: 15, hourly: 0 });
    expect(f.totals.schedule.total).toBeLessThan(f.totals.asWritten.total);
    expect(readFileSync(join(r.out, "forecast.md"), "utf8")).toContain("stop holding in month 4");
  });
  it("with spillover, deploys the capacity that costs least, not merely the fewest PTUs that hold the SLOs", async () => {
    // 50 PTU today; 1/s x 1,400 normalized tokens = 84,000 a minute, 28 PTU's worth. With 15 PTU (the fewest, the
    // SKU minimum) the rest spills to pay-as-you-go at $2 per 1M normalized tokens ($263 a fully used PTU-month),
    // dearer than a PTU reserved for a year ($221 a month): more PTUs cost less.
    const spill = estate(
      "fc-spill",
      [
        "{ name: ptu, model: gpt-4.1, sku: GlobalProvisionedManaged, capacity: 50, spilloverDeploymentName: std }",
        STANDARD,
      ],
      "a/ptu",
      "1/s",
      'slo:\n  - "throttle.client.rate < 0.01"\n',
    );
    const r = await forecast(scenario(spill), 12, "0%");
    expect(r.code).toBe(0);
    const f = r.json as Forecast;
    const needed = f.months[0].needed;
    expect(needed?.fewest).toEqual({ "a/ptu": 15 });
    const chosen = needed?.capacity["a/ptu"] ?? 0;
    expect(chosen).toBeGreaterThan(15);
    expect(chosen).toBeLessThan(50);
    // A steady year: one yearly reservation of the chosen capacity in month 1.
    expect(f.totals.commitments).toMatchObject([{ month: 1, ptu: chosen, monthsBeyond: 0 }]);
    expect(f.notes.join(" ")).toMatch(/deploys the capacity that costs least at reserved prices/);
    expect(f.totals.schedule.total).toBeLessThan(f.totals.asWritten.reservationYearly ?? 0);
  });

  it("drops the PTU deployment when pay-as-you-go alone holds the SLOs for less, and commits to nothing", async () => {
    // 0.1/s of 1,000 + 100 tokens is $736 a month on pay-as-you-go ($0.0028 a call); the smallest PTU deployment (15
    // PTU) costs about $3,300 a month even reserved for a year. Capacity 0 removes the PTU; its traffic spills over.
    const light = estate(
      "fc-light",
      [
        "{ name: ptu, model: gpt-4.1, sku: GlobalProvisionedManaged, capacity: 15, spilloverDeploymentName: std }",
        STANDARD,
      ],
      "a/ptu",
      "0.1/s",
      'slo:\n  - "throttle.client.rate < 0.01"\n',
    );
    const r = await forecast(scenario(light), 3, "0%");
    expect(r.code).toBe(0);
    const f = r.json as Forecast;
    expect(f.months.map((m) => m.needed?.capacity["a/ptu"])).toEqual([0, 0, 0]);
    expect(f.totals.commitments).toEqual([]);
    expect(f.notes.join(" ")).toMatch(/deploys no PTU deployment/);
    expect(f.totals.schedule.total).toBeCloseTo(3 * 736, -1);
    expect(f.totals.schedule.total).toBeLessThan(f.totals.asWritten.reservationYearly ?? 0);
  });

  it("reports money in the scenario's billing currency", async () => {
    const r = await forecast(scenario(`${PAYGO}billing: { currency: EUR, exchangeRate: 0.9 }\n`), 1, "0%");
    expect(r.code).toBe(0);
    expect(r.json?.scenario.currency).toBe("EUR");
    expect(r.stdout).toMatch(/Estate as written: EUR \d/);
  });
});

describe("forecast schedule rule", () => {
  const prices = { hourly: 730, monthly: 260, yearly: 221 };

  it("reserves a capacity steady for a year for a year", () => {
    const s = planSchedule(new Array(12).fill(100), 100, prices);
    expect(s.yearly).toEqual([{ month: 1, ptu: 100, total: 12 * 100 * 221, monthsBeyond: 0, beyond: 0 }]);
    expect(s.months.every((m) => m.reservedYearly === 100 && m.hourly === 0)).toBe(true);
  });

  it("buys new PTUs hourly in the month they appear, then reserves them the cheapest way for what is left", () => {
    const s = planSchedule([15, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20], 15, prices);
    expect(s.months[1]).toMatchObject({ capacity: 20, hourly: 5 });
    // Ten more months: ten one-month reservations (2,600) beat a year's (2,652).
    expect(s.months[2]).toMatchObject({ reservedMonthly: 5, reservedYearly: 15 });
    expect(s.yearly).toEqual([{ month: 1, ptu: 15, total: 12 * 15 * 221, monthsBeyond: 0, beyond: 0 }]);
  });

  it("counts a yearly reservation's months past the forecast as committed", () => {
    const s = planSchedule([0, 0, 10, 10, 10, 10, 10, 10], 0, { hourly: 730, monthly: 600, yearly: 100 });
    expect(s.months[2].hourly).toBe(10);
    expect(s.yearly).toEqual([{ month: 4, ptu: 10, total: 12000, monthsBeyond: 7, beyond: 7000 }]);
  });
});

describe("forecast command line", () => {
  it.each([
    [["--months", "0"], /--months: 0 is not a whole number from 1 to 60/],
    [["--growth", "abc"], /--growth "abc": write a monthly rate with %/],
    [["--months", "3", "--growth", "1,1.1"], /--growth: 2 factor\(s\) for --months 3/],
    [
      ["--months", "2", "--growth", "100000000%"],
      /--growth 100000000%: month 2 multiplies the traffic of .* by 1000001, and then traffic\[0\]\.arrival\.rate: 2000002 is above 1,000,000 requests\/s/,
    ],
  ])("refuses %j with one line, exit 2, and writes nothing", async (args, message) => {
    const out = join(tmp(), "out");
    const r = await cli(["forecast", scenario(PAYGO), "--workers", "1", "--out", out, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });

  it("writes forecast.json, .md, .html and the charts as one set", async () => {
    const r = await forecast(scenario(PTU), 2, "1,1.2");
    expect(r.code).toBe(0);
    const files = (readdirSync(r.out, { recursive: true }) as string[]).sort();
    expect(files).toEqual([
      ".spillway-outputs.json",
      "charts",
      "charts/forecast-cost.png",
      "charts/forecast-ptu.png",
      "charts/forecast-service.png",
      "forecast.html",
      "forecast.json",
      "forecast.md",
    ]);
    expect(r.stdout).toContain("# Forecast: fc-ptu");
  });
});
