import { describe, expect, it } from "vitest";
import {
  DEFAULT_TOLERANCES,
  diffReports,
  parseTolerance,
  parseToleranceFlag,
  resolveTolerance,
  type Tolerance,
  TRACKED_METRICS,
  verdictOf,
} from "../../src/check/regression.js";
import type { MetricDefinition } from "../../src/metrics/metric-registry.js";
import { BASE, type Metrics, makeReport } from "./fixtures.js";

const metric = (id: string): MetricDefinition => {
  const found = TRACKED_METRICS.find((m) => m.path === id);
  if (found === undefined) throw new Error(`no metric ${id}`);
  return found;
};

/** The verdict of one metric after changing the baseline's metrics by `change`. */
function verdict(id: string, change: Partial<Metrics>, flags: Record<string, Tolerance> = {}) {
  const diff = diffReports(makeReport(), makeReport(change), { flags });
  const row = diff.rows.find((r) => r.metric === id);
  if (row === undefined) throw new Error(`no row ${id}`);
  return row;
}

describe("tracked metrics", () => {
  it("covers latency, rates, cost and spillover with their directions and groups", () => {
    const shape = Object.fromEntries(TRACKED_METRICS.map((m) => [m.path, `${m.group}/${m.direction}`]));
    expect(shape).toEqual({
      "latency.e2e.p50": "latency/lower",
      "latency.e2e.p95": "latency/lower",
      "latency.e2e.p99": "latency/lower",
      "latency.ttft.p50": "latency/lower",
      "latency.ttft.p95": "latency/lower",
      "requests.successRate": "rates/higher",
      "throttle.client.rate": "rates/lower",
      "throttle.backend.rate": "rates/lower",
      "requests.errored.rate": "rates/lower",
      "cost.monthly.total": "cost/lower",
      "cost.monthly.provisioned": "cost/lower",
      "cost.monthly.tokens": "cost/lower",
      "cost.monthly.gateway": "cost/lower",
      "spillover.rate": "info/none",
    });
  });

  it("has the issue's default tolerances", () => {
    expect(DEFAULT_TOLERANCES).toEqual({
      latency: { kind: "relative", value: 0.1 },
      rates: { kind: "absolute", value: 0.005 },
      cost: { kind: "relative", value: 0.05 },
    });
  });
});

describe("diffReports: direction-aware verdicts at the tolerance boundaries", () => {
  it.each<[string, Partial<Metrics>, "improvement" | "neutral" | "regression"]>([
    // latency: lower is better, +10% of 6000 ms = 600 ms allowed
    ["latency.e2e.p95", { e2eP95: 6000 }, "neutral"],
    ["latency.e2e.p95", { e2eP95: 6600 }, "neutral"],
    ["latency.e2e.p95", { e2eP95: 6600.001 }, "regression"],
    ["latency.e2e.p95", { e2eP95: 5400 }, "neutral"],
    ["latency.e2e.p95", { e2eP95: 5399.999 }, "improvement"],
    ["latency.ttft.p50", { ttftP50: 440 }, "neutral"],
    ["latency.ttft.p50", { ttftP50: 441 }, "regression"],
    // caller 429 rate: lower is better, +0.005 absolute
    ["throttle.client.rate", { clientRate: 0.01 }, "neutral"],
    ["throttle.client.rate", { clientRate: 0.010001 }, "regression"],
    ["throttle.client.rate", { clientRate: 0 }, "neutral"],
    // 0.105 − 0.1 is 0.0050000000000000044 in binary: exactly at the tolerance must still pass
    ["throttle.backend.rate", { backendRate: 0.105 }, "neutral"],
    ["throttle.backend.rate", { backendRate: 0.105001 }, "regression"],
    ["throttle.backend.rate", { backendRate: 0.094999 }, "improvement"],
    // success rate: higher is better, −0.005 absolute (99,000 of 100,000 = 0.99)
    ["requests.successRate", { succeeded: 98_500 }, "neutral"],
    ["requests.successRate", { succeeded: 98_499 }, "regression"],
    ["requests.successRate", { succeeded: 99_501 }, "improvement"],
    // errored share: 500 of 100,000 = 0.005
    ["requests.errored.rate", { errored: 1_000 }, "neutral"],
    ["requests.errored.rate", { errored: 1_001 }, "regression"],
    // cost: lower is better, +5%
    ["cost.monthly.total", { costTotal: 84_000 }, "neutral"],
    ["cost.monthly.total", { costTotal: 84_000.01 }, "regression"],
    ["cost.monthly.total", { costTotal: 75_999.99 }, "improvement"],
    ["cost.monthly.tokens", { costTokens: 6_300.01 }, "regression"],
    // informational: any move is neutral
    ["spillover.rate", { spilloverRate: 0.9 }, "neutral"],
    ["spillover.rate", { spilloverRate: 0 }, "neutral"],
  ])("%s with %o is %s", (id, change, expected) => {
    expect(verdict(id, change).verdict).toBe(expected);
  });

  it("reports baseline, now, delta and relative change", () => {
    expect(verdict("latency.e2e.p95", { e2eP95: 6600 })).toMatchObject({
      baseline: 6000,
      now: 6600,
      delta: 600,
      unit: "ms",
      tolerance: { kind: "relative", value: 0.1, source: "default", key: "latency" },
    });
    expect(verdict("latency.e2e.p95", { e2eP95: 6600 }).relative).toBeCloseTo(0.1, 12);
    expect(verdict("latency.e2e.p95", {}).relative).toBe(0);
  });

  it("a cost that appears from nothing is a regression with no relative change", () => {
    const base = makeReport({ costGateway: 0 });
    const row = diffReports(base, makeReport({ costGateway: 704 })).rows.find(
      (r) => r.metric === "cost.monthly.gateway",
    );
    expect(row).toMatchObject({ verdict: "regression", relative: null, delta: 704 });
  });

  it("counts regressions; an unchanged report has none and no notes", () => {
    expect(diffReports(makeReport(), makeReport())).toMatchObject({
      regressions: 0,
      scenarioChanged: false,
      notes: [],
    });
    const diff = diffReports(
      makeReport(),
      makeReport({ e2eP99: 9000, costTotal: 90_000, succeeded: 90_000 }),
    );
    expect(diff.regressions).toBe(3);
  });

  it("notes a changed scenario hash, seed and tool version without failing on them", () => {
    const diff = diffReports(
      makeReport({}, { hash: "a".repeat(64) }),
      makeReport({}, { hash: "b".repeat(64), seed: 2, version: "0.2.0" }),
    );
    expect(diff.scenarioChanged).toBe(true);
    expect(diff.regressions).toBe(0);
    expect(diff.notes.join("\n")).toMatch(/scenario changed.*aaaaaaaaaaaa → bbbbbbbbbbbb/);
    expect(diff.notes.join("\n")).toMatch(/seed 1 in the baseline, 2 now/);
    expect(diff.notes.join("\n")).toMatch(/spillway 0\.1\.0, this is 0\.2\.0/);
  });

  it("leaves money out, with a note, when the baseline is in another currency", () => {
    const eur = makeReport({ costTotal: 60_000 });
    eur.cost.currency = "EUR";
    const diff = diffReports(makeReport(), eur);
    expect(diff.rows.some((r) => r.unit === "usd")).toBe(false);
    expect(diff.rows.some((r) => r.metric === "latency.e2e.p95")).toBe(true);
    expect(diff.regressions).toBe(0);
    expect(diff.notes.join("\n")).toMatch(/money is in USD in the baseline and in EUR now/);
    // The same currency on both sides keeps the cost rows.
    expect(diffReports(eur, eur).rows.some((r) => r.metric === "cost.monthly.total")).toBe(true);
  });

  it("applies a looser or tighter tolerance from the flags", () => {
    expect(verdict("latency.e2e.p95", { e2eP95: 6900 }).verdict).toBe("regression");
    expect(verdict("latency.e2e.p95", { e2eP95: 6900 }, { latency: rel(0.15) }).verdict).toBe("neutral");
    expect(verdict("cost.monthly.total", { costTotal: 80_500 }, { cost: abs(100) }).verdict).toBe(
      "regression",
    );
  });
});

const rel = (value: number): Tolerance => ({ kind: "relative", value });
const abs = (value: number): Tolerance => ({ kind: "absolute", value });

describe("tolerance precedence: flag > scenario (path, then group) > default", () => {
  const p95 = metric("latency.e2e.p95");
  const p50 = metric("latency.e2e.p50");

  it.each<[string, Parameters<typeof resolveTolerance>[1], Tolerance & { source: string; key: string }]>([
    ["default", {}, { ...rel(0.1), source: "default", key: "latency" }],
    [
      "scenario group",
      { scenario: { latency: rel(0.2) } },
      { ...rel(0.2), source: "scenario", key: "latency" },
    ],
    [
      "scenario path over scenario group",
      { scenario: { latency: rel(0.2), "latency.e2e.p95": rel(0.3) } },
      { ...rel(0.3), source: "scenario", key: "latency.e2e.p95" },
    ],
    [
      "flag group over scenario path",
      { flags: { latency: rel(0.15) }, scenario: { "latency.e2e.p95": rel(0.3) } },
      { ...rel(0.15), source: "flag", key: "latency" },
    ],
    [
      "flag path over flag group",
      { flags: { latency: rel(0.15), "latency.e2e.p95": abs(50) }, scenario: { latency: rel(0.2) } },
      { ...abs(50), source: "flag", key: "latency.e2e.p95" },
    ],
  ])("%s", (_, overrides, expected) => {
    expect(resolveTolerance(p95, overrides)).toEqual(expected);
  });

  it("a path key touches only its own metric", () => {
    expect(resolveTolerance(p50, { flags: { "latency.e2e.p95": abs(50) } })).toMatchObject({
      source: "default",
    });
  });

  it("informational metrics take no tolerance", () => {
    expect(resolveTolerance(metric("spillover.rate"), { flags: { rates: abs(1) } })).toBeUndefined();
  });
});

describe("tolerance syntax", () => {
  it.each<[string | number, Tolerance | null]>([
    ["10%", rel(0.1)],
    ["2.5 %", rel(0.025)],
    ["0%", rel(0)],
    [0.005, abs(0.005)],
    ["0.005", abs(0.005)],
    ["1e-3", abs(0.001)],
    [-1, null],
    ["-1%", null],
    ["fast", null],
    ["", null],
    ["10%%", null],
    [Number.NaN, null],
  ])("%j", (text, expected) => {
    const parsed = parseTolerance(text);
    if (expected === null) expect(typeof parsed).toBe("string");
    else expect(parsed).toEqual(expected);
  });

  it.each([
    ["latency=15%", "latency", rel(0.15)],
    ["cost=10%", "cost", rel(0.1)],
    ["latency.e2e.p95=20%", "latency.e2e.p95", rel(0.2)],
    ["rates=0.01", "rates", abs(0.01)],
    ["requests.successRate=0.02", "requests.successRate", abs(0.02)],
  ])("--tolerance %s", (text, key, tolerance) => {
    expect(parseToleranceFlag(text)).toEqual({ key, tolerance });
  });

  it.each([
    ["latency", /KEY=TOLERANCE/],
    ["=5%", /KEY=TOLERANCE/],
    [
      "latncy=5%",
      /"latncy" is not a metric group or tracked metric; did you mean "latency"\? use one of latency, rates, cost/,
    ],
    // The old derived name of the success rate finds its registry path.
    ["requests.success.rate=1%", /did you mean "requests\.successRate"\?/],
    ["success.rate=1%", /did you mean "requests\.successRate"\?/],
    ["cost.monthly.totl=5%", /did you mean "cost\.monthly\.total"\?/],
    ["nothing.like.it=5%", /is not a metric group or tracked metric; use one of/],
    ["spillover.rate=5%", /informational/],
    ["latency=fast", /not a tolerance/],
  ])("rejects --tolerance %s", (text, message) => {
    const parsed = parseToleranceFlag(text);
    expect(typeof parsed).toBe("string");
    expect(parsed).toMatch(message);
  });
});

describe("verdictOf", () => {
  it("reads a signed delta through the direction, as Lighthouse CI's getDeltaLabel", () => {
    expect(verdictOf("lower", 100, 90, abs(0))).toBe("improvement");
    expect(verdictOf("lower", 100, 110, abs(0))).toBe("regression");
    expect(verdictOf("higher", 100, 110, abs(0))).toBe("improvement");
    expect(verdictOf("higher", 100, 90, abs(0))).toBe("regression");
    expect(verdictOf("none", 100, 1000, abs(0))).toBe("neutral");
    expect(verdictOf("lower", BASE.e2eP95, BASE.e2eP95, abs(0))).toBe("neutral");
  });
});
