/** The terminal summary `spillway run` prints: the view model's key figures, its SLOs and its warnings. */
import { describe, expect, it } from "vitest";
import { millis } from "../../src/report/format.js";
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
        "  spillover            5,639 (39.5%)",
        "  latency p50/p95/p99  2.60 s / 6.32 s / 8.18 s",
        "  monthly cost         $90,811.37 (PTU $73,000.00, tokens $17,107.37, APIM $704.00)",
        "  SLO pass             throttle.client.rate < 0.01 (actual 0%)",
        "  SLO pass             requests.errored <= 10 (actual 0)",
        "  assumptions          10 undocumented behaviours assumed, 10 at the default (summary.md lists them)",
        "  warning [short-horizon]: the horizon is 1 h, under 7 days: monthly figures scale its tokens and gateway " +
          "calls by x730 (730 h / 1 h), as if every hour of the month, nights and weekends included, carried the " +
          "horizon's traffic — a busy hour overstates the month: simulate whole days of a diurnal arrival with a " +
          "weekend factor (weekend: 0.3), or a whole week; PTUs and gateway units are priced for 730 h",
        "",
      ].join("\n"),
    );
  });

  it("adds the latency over every request only when failures move it", () => {
    const line = (name: string) =>
      renderTerminalSummary(goldenReport(name))
        .split("\n")
        .find((l) => l.includes("every request"));
    // No request failed: the same figures as the line above, so no line.
    expect(line("multi-region-apim")).toBeUndefined();
    const report = goldenReport("smart-lb-vs-backend-pool");
    const all = report.latency.e2eAll;
    expect(all).toBeDefined();
    expect(line("smart-lb-vs-backend-pool")).toBe(
      `    every request      ${[all?.p50, all?.p95, all?.p99].map((v) => millis(v ?? 0)).join(" / ")}`,
    );
  });

  it("marks failed and warning SLOs and lists the warnings last", () => {
    const report = goldenReport("trace-replay");
    report.slo = [
      { expression: "latency.e2e.p95 < 1s", actual: 4750.5, passed: false, level: "error" },
      { expression: "throttle.client.rate < 0", actual: 0, passed: false, level: "warn" },
    ];
    report.warnings = [
      { code: "overload", message: "first" },
      { code: "legacy", message: "second\u001b[2J" },
    ];
    expect(renderTerminalSummary(report).split("\n").slice(7)).toEqual([
      "  SLO FAIL             latency.e2e.p95 < 1s (actual 4.75 s)",
      "  SLO warn             throttle.client.rate < 0 (actual 0%)",
      expect.stringMatching(/^ {2}assumptions {10}\d+ undocumented behaviours assumed/),
      "  warning [overload]: first",
      "  warning [legacy]: second\\u001b[2J",
      "",
    ]);
  });
});
