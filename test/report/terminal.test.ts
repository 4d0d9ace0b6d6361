/** The terminal summary `spillway run` prints: the view model's key figures, its SLOs and its warnings. */
import { describe, expect, it } from "vitest";
import { renderTerminalSummary } from "../../src/report/terminal.js";
import { goldenReport } from "./hostile-fixtures.js";

describe("the terminal summary", () => {
  it("shows the headline figures, the monthly cost by category and each SLO", () => {
    expect(renderTerminalSummary(goldenReport("multi-region-apim"))).toBe(
      [
        "multi-region-apim — seed 5",
        "  requests             14,262",
        "  success              100.0%",
        "  caller 429 rate      0%",
        "  spillover            5,643 (39.6%)",
        "  latency p50/p95/p99  2.60 s / 6.36 s / 8.18 s",
        "  monthly cost         $90,810.43 (PTU $73,000.00, tokens $17,106.43, APIM $704.00)",
        "  SLO pass             throttle.client.rate < 0.01 (actual 0)",
        "  SLO pass             requests.errored <= 10 (actual 0)",
        "",
      ].join("\n"),
    );
  });

  it("marks failed and warning SLOs and lists the warnings last", () => {
    const report = goldenReport("trace-replay");
    report.slo = [
      { expression: "latency.e2e.p95 < 1s", actual: 4750.5, passed: false, level: "error" },
      { expression: "throttle.client.rate < 0", actual: 0, passed: false, level: "warn" },
    ];
    report.warnings = ["first", "second"];
    expect(renderTerminalSummary(report).split("\n").slice(7)).toEqual([
      "  SLO FAIL             latency.e2e.p95 < 1s (actual 4750.5)",
      "  SLO warn             throttle.client.rate < 0 (actual 0)",
      "  warning: first",
      "  warning: second",
      "",
    ]);
  });
});
