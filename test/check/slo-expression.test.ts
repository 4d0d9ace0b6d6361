import { describe, expect, it } from "vitest";
import { parseSlo } from "../../src/check/slo-expression.js";

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
  ])("parses %s", (text, path, op, value) => {
    expect(parseSlo(text)).toMatchObject({ path, op, value });
  });

  it.each([["latency.e2e.p95 8s"], ["< 8s"], ["latency.e2e.p95 < fast"]])(
    "rejects %s with a message",
    (text) => {
      expect(typeof parseSlo(text)).toBe("string");
    },
  );
});
