/**
 * Per-workload results and failures made visible (issue 14, items 6 and 7): report.json `workloads`, the
 * `timeseries.failed` series and its CSV column, failures on the throttling chart, the workload chart option and
 * the outage section's "what callers lost", on a fixture small enough to count by hand.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chartDefinitions } from "../../src/report/charts.js";
import { renderTimeseriesCsv } from "../../src/report/csv.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { parseReport } from "../../src/report/report-schema.js";
import { renderTerminalSummary } from "../../src/report/terminal.js";
import { cli } from "../cli/run-cli.js";
import { run } from "../helpers.js";

/**
 * Two workloads at a constant 1 request/s, each calling its own region's deployment directly, no SDK retry; eastus
 * is down from 10:00 to 15:00 (mode error: a 503 after 100 ms). So east loses every request it sends in the window,
 * 300 of 300, and west none of its 300.
 */
const OUTAGE = `
name: two-regions-outage
duration: 20m
accounts:
  - name: east
    region: eastus
    deployments:
      - { name: paygo, model: gpt-4.1, sku: GlobalStandard, capacity: 1000 }
  - name: west
    region: westus3
    deployments:
      - { name: paygo, model: gpt-4.1, sku: GlobalStandard, capacity: 1000 }
outages:
  - { region: eastus, start: 10m, duration: 5m }
traffic:
  - { name: east-users, region: eastus, via: east/paygo, arrival: { type: constant, rate: 1/s }, promptTokens: 500, completionTokens: 50, maxTokens: 50, client: { maxRetries: 0 } }
  - { name: west-users, region: westus3, via: west/paygo, arrival: { type: constant, rate: 1/s }, promptTokens: 500, completionTokens: 50, maxTokens: 50, client: { maxRetries: 0 } }
`;

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe("per-workload results", () => {
  const r = run(OUTAGE);

  it("counts each workload's requests, and they add up to the run's", () => {
    const east = r.workloads["east-users"].requests;
    const west = r.workloads["west-users"].requests;
    expect(east).toMatchObject({ arrived: 1200, succeeded: 900, failed: 300, errored: 300, throttled: 0 });
    expect(west).toMatchObject({ arrived: 1200, succeeded: 1200, failed: 0 });
    for (const key of [
      "arrived",
      "succeeded",
      "failed",
      "throttled",
      "timedOut",
      "errored",
      "retries",
    ] as const)
      expect(east[key] + west[key], key).toBe(r.requests[key]);
    expect(east.successRate).toBe(0.75);
    expect(r.workloads["west-users"].latency.e2e.p95).toBeGreaterThan(0);
  });

  it("keeps the run's latency as the sum of the workloads' (recorded once)", () => {
    const arrivals = sum(Object.values(r.workloads).map((w) => w.requests.succeeded));
    expect(arrivals).toBe(r.requests.succeeded);
    const maxes = Object.values(r.workloads).map((w) => w.latency.e2e.max);
    expect(r.latency.e2e.max).toBe(Math.max(...maxes));
  });

  it("series per workload, by arrival step", () => {
    const east = r.timeseries.workloads["east-users"];
    expect(sum(east.arrivals)).toBe(1200);
    expect(east.failed.slice(10, 15)).toEqual([60, 60, 60, 60, 60]);
    expect(sum(east.failed)).toBe(300);
    expect(sum(r.timeseries.workloads["west-users"].failed)).toBe(0);
  });
});

describe("failures made visible", () => {
  const r = run(OUTAGE);

  it("timeseries.failed counts every failure, by arrival step", () => {
    const ts = r.timeseries;
    expect(sum(ts.failed)).toBe(r.requests.failed);
    ts.failed.forEach((f, k) => {
      expect(f, `step ${k}`).toBe(ts.arrivals[k] - ts.succeeded[k]);
    });
    expect(ts.failed[12]).toBe(60);
  });

  it("timeseries.csv has a failed column", () => {
    const [header, ...rows] = renderTimeseriesCsv(r).trim().split("\r\n");
    const column = header.split(",").indexOf("failed");
    expect(column).toBeGreaterThan(0);
    expect(rows.map((row) => Number(row.split(",")[column]))).toEqual(r.timeseries.failed);
  });

  it("the throttling chart draws the failures", () => {
    const chart = chartDefinitions(r).find((c) => c.name === "throttling");
    const failed = chart?.config.data.datasets.find((d) => String(d.label).startsWith("failed"));
    expect(failed?.data).toEqual(r.timeseries.failed);
    expect(chart?.table.columns).toContain("failed requests");
  });

  it("the outage section says per workload what callers lost in the window", () => {
    const [outage] = r.timeseries.outages;
    expect(outage.workloads?.["east-users"]).toEqual({
      arrived: 300,
      succeeded: 0,
      failed: 300,
      throttled: 0,
      timedOut: 0,
      errored: 300,
    });
    expect(outage.workloads?.["west-users"]).toMatchObject({ arrived: 300, failed: 0 });
    const md = renderMarkdown(r);
    // The window's own count: both workloads' 600 requests, east's 300 failed.
    expect(md).toContain("| region eastus | 0:10:00 | 0:15:00 | error | 100.0% | 600 | 300 (50.0%) |");
    expect(md).toContain(
      "| region eastus (0:10:00 – 0:15:00) | east-users | 300 | 300 (100.0%) | 0 | 0 | 300 |",
    );
    expect(md).toContain("| region eastus (0:10:00 – 0:15:00) | west-users | 300 | 0 (0%) | 0 | 0 | 0 |");
  });
});

describe("the per-workload table", () => {
  const r = run(OUTAGE);

  it("is in summary.md, with each workload's cost share", () => {
    const md = renderMarkdown(r);
    expect(md).toContain("## Workloads");
    expect(md).toMatch(
      /\| east-users \| 1,200 \| 900 \(75\.0%\) \| 300 \(25\.0%\) \| 0 \(0%\) \| 0 \| 300 \|/,
    );
  });

  it("is in the terminal summary when there are several workloads", () => {
    const lines = renderTerminalSummary(r).split("\n");
    const at = lines.indexOf("  workloads");
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toMatch(
      /^ {4}east-users {2}1,200 arrived, failed 300 \(25\.0%\), e2e p50\/p95\/p99 /,
    );
    expect(lines[at + 2]).toMatch(/^ {4}west-users {2}1,200 arrived, failed 0 \(0%\), .* a month \(\d+\.\d%/);
    // One workload's figures are the run's: no list then.
    expect(renderTerminalSummary(run(OUTAGE.replace(/ {2}- \{ name: west-users.*\n/, "")))).not.toContain(
      "workloads",
    );
  });

  it("charts one workload on request, and no workload chart otherwise", () => {
    expect(chartDefinitions(r).some((c) => c.name.startsWith("workload-"))).toBe(false);
    const chart = chartDefinitions(r, { workload: "east-users" }).at(-1);
    expect(chart?.name).toBe("workload-east-users");
    expect(
      chart?.config.data.datasets.find((d) => d.label === "failed requests (any final failure)")?.data,
    ).toEqual(r.timeseries.workloads["east-users"].failed);
    expect(renderMarkdown(r, { charts: true, chartWorkload: "east-users" })).toContain(
      "(charts/workload-east-users.png)",
    );
  });
});

describe("report.json compatibility", () => {
  const r = run(OUTAGE);

  it("reads a report written before the fields: empty workloads, failed derived from arrivals − succeeded", () => {
    const old = JSON.parse(JSON.stringify(r));
    delete old.workloads;
    delete old.timeseries.failed;
    delete old.timeseries.workloads;
    for (const o of old.timeseries.outages) delete o.workloads;
    const parsed = parseReport(old);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.workloads).toEqual({});
    expect(parsed.value.timeseries.failed).toEqual(r.timeseries.failed);
    expect(renderMarkdown(parsed.value)).not.toContain("## Workloads");
  });

  it("refuses a workload key that is no name (it would become a file name), wherever it is", () => {
    const paths: [(string | number)[], string][] = [
      [["timeseries", "workloads"], "timeseries.workloads"],
      [["workloads"], "workloads"],
      [["timeseries", "outages", 0, "workloads"], "timeseries.outages[0].workloads"],
    ];
    for (const [path, text] of paths) {
      const bad = JSON.parse(JSON.stringify(r));
      let rec = bad;
      for (const key of path) rec = rec[key];
      rec["../../x"] = rec["east-users"];
      const parsed = parseReport(bad);
      expect(parsed.ok ? [] : parsed.problems).toEqual([
        `${text}["../../x"] is not a workload name, expected letters, digits, _ and -`,
      ]);
    }
  });

  it("refuses a workload series of the wrong length, naming it", () => {
    const bad = JSON.parse(JSON.stringify(r));
    bad.timeseries.workloads["east-users"].failed.pop();
    const parsed = parseReport(bad);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems[0]).toMatch(
      /^timeseries\.workloads\.east-users\.failed has 19 values, expected 20/,
    );
  });
});

describe("--chart-workload", () => {
  it("writes the workload's chart beside the others and embeds it in summary.md", async () => {
    const dir = mkdtempSync(join(tmpdir(), "spillway-g-"));
    const file = join(dir, "s.yaml");
    writeFileSync(file, OUTAGE.replace("duration: 20m", "duration: 5m"));
    const out = join(dir, "out");
    const res = await cli([
      "run",
      file,
      "--out",
      out,
      "--quiet",
      "--format",
      "json,md,png",
      "--chart-workload",
      "east-users",
    ]);
    expect(res.code).toBe(0);
    expect(existsSync(join(out, "charts", "workload-east-users.png"))).toBe(true);
    expect(readFileSync(join(out, "summary.md"), "utf8")).toContain("charts/workload-east-users.png");
  });

  it("refuses a name that is no workload, before running, with the nearest one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "spillway-g-"));
    const file = join(dir, "s.yaml");
    writeFileSync(file, OUTAGE);
    const res = await cli([
      "run",
      file,
      "--out",
      join(dir, "out"),
      "--quiet",
      "--chart-workload",
      "east-user",
    ]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/--chart-workload: no workload "east-user"; did you mean "east-users"\?/);
    expect(existsSync(join(dir, "out"))).toBe(false);
  });
});

describe("per-workload SLOs", () => {
  it("judges a workload's own figures", () => {
    const r = run(
      `${OUTAGE}slo:\n  - "workloads.east-users.requests.successRate > 0.9"\n  - "workloads.west-users.requests.successRate > 0.9"\n`,
    );
    expect(r.slo.map((s) => [s.actual, s.passed])).toEqual([
      [0.75, false],
      [1, true],
    ]);
  });
});
