/** The SLO grammar of slo-expression.ts's header, table-driven: what parses to what, and what is refused and why. */
import { describe, expect, it } from "vitest";
import { compare, lookup, OPERATORS, parseSlo } from "../../src/metrics/slo-expression.js";

describe("SLO expressions", () => {
  it.each([
    ["latency.e2e.p95 < 8s", ["latency", "e2e", "p95"], "<", 8000],
    ["throttle.client.rate<=1%", ["throttle", "client", "rate"], "<=", 0.01],
    ["cost.monthly.total <= 60000", ["cost", "monthly", "total"], "<=", 60000],
    [
      "deployments.acct/ptu.utilization.max >= 0.5",
      ["deployments", "acct/ptu", "utilization", "max"],
      ">=",
      0.5,
    ],
    ["gateways.apim.rejected == 0", ["gateways", "apim", "rejected"], "==", 0],
    ["latency.ttft.p50 != 250ms", ["latency", "ttft", "p50"], "!=", 250],
    // units of the value
    ["latency.e2e.p99 > 1.5s", ["latency", "e2e", "p99"], ">", 1500],
    ["latency.e2e.p99 < 2m", ["latency", "e2e", "p99"], "<", 120_000],
    ["latency.e2e.p99 < 1 min", ["latency", "e2e", "p99"], "<", 60_000],
    ["latency.e2e.p99 < PT8S", ["latency", "e2e", "p99"], "<", 8000],
    ["throttle.backend.rate < 0.5 %", ["throttle", "backend", "rate"], "<", 0.005],
    ["cost.monthly.total < 1e5", ["cost", "monthly", "total"], "<", 100_000],
    ["requests.failed >= -1", ["requests", "failed"], ">=", -1],
    // white space is free around the operator and at the ends
    ["  requests.errored<=10  ", ["requests", "errored"], "<=", 10],
    [
      "timeseries.gatewayRegions.apim/eastus.0 > 0",
      ["timeseries", "gatewayRegions", "apim/eastus", "0"],
      ">",
      0,
    ],
  ])("parses %j", (text, path, op, value) => {
    expect(parseSlo(text)).toEqual({ expression: text.trim(), path, op, value, level: "error" });
  });

  it("keeps the level it is given", () => {
    expect(parseSlo("spillover.rate < 30%", "warn")).toMatchObject({ level: "warn", value: 0.3 });
  });

  it.each([
    ["latency.e2e.p95 8s", /has no comparison/],
    ["", /has no comparison/],
    ["< 8s", /has no report path/],
    ["latency.e2e.p95 < fast", /"fast" is not a number, a percentage/],
    ["latency.e2e.p95 <", /"" is not a number/],
    ["latency.e2e.p95 =< 8s", /"=<" .* is not an operator/],
    ["latency.e2e.p95 => 8s", /"=>" .* is not an operator/],
    ["latency.e2e.p95 = 8s", /"=" .* is not an operator/],
    ["latency.e2e.p95 <> 8s", /"<>" .* is not an operator/],
    ["latency.e2e.p95 < 8s < 9s", /"8s < 9s" is not a number/],
    ["latency..p95 < 8s", /"latency\.\.p95" is not a report path/],
    [".latency.p95 < 8s", /is not a report path/],
    ["latency.p95. < 8s", /is not a report path/],
    ["latency e2e p95 < 8s", /"latency e2e p95" is not a report path/],
    ["latency.e2e.p95 < 0x10", /"0x10" is not a number/],
    ["latency.e2e.p95 < Infinity", /is not a number/],
    ["latency.e2e.p95 < 8 parsecs", /is not a number/],
    ["throttle.client.rate < 1%%", /is not a number/],
    ["throttle.client.rate < .5", /is not a number/],
    ["latency.e2e.p95 < PT", /is not a number/],
  ])("rejects %j with a message", (text, message) => {
    const parsed = parseSlo(text);
    expect(typeof parsed).toBe("string");
    expect(parsed).toMatch(message);
  });

  it("tries two-character operators first", () => {
    for (const op of OPERATORS) expect(parseSlo(`a.b ${op} 1`)).toMatchObject({ op });
  });

  it.each([
    [1, "<", 2, true],
    [2, "<", 2, false],
    [2, "<=", 2, true],
    [3, ">", 2, true],
    [2, ">=", 2, true],
    [2, "==", 2, true],
    [2, "!=", 2, false],
  ] as const)("compare(%d %s %d) is %s", (actual, op, threshold, expected) => {
    expect(compare(actual, op, threshold)).toBe(expected);
  });

  it("looks a path up, undefined when a segment is missing", () => {
    const report = { deployments: { "acct/ptu": { utilization: { max: 0.9 } } } };
    expect(lookup(report, ["deployments", "acct/ptu", "utilization", "max"])).toBe(0.9);
    expect(lookup(report, ["deployments", "acct/paygo", "utilization"])).toBeUndefined();
  });
});
