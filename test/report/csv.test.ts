import { describe, expect, it } from "vitest";
import type { RequestLogRow } from "../../src/metrics/request-log.js";
import { csvField, renderTimeseriesCsv, requestLogLine } from "../../src/report/csv.js";
import { runScenario } from "../../src/run/run-scenario.js";
import { loadScenario } from "../../src/scenario/load.js";

const yaml = `
name: csv
seed: 2
duration: 5m
accounts:
  - name: a
    region: eastus
    deployments:
      - { name: ptu, model: gpt-4.1, sku: GlobalProvisionedManaged, capacity: 15, spilloverDeploymentName: paygo }
      - { name: paygo, model: gpt-4.1, sku: GlobalStandard, capacity: 50 }
outages: [{ deployment: a/paygo, start: 2m, duration: 1m }]
traffic:
  - { name: "chat", via: a/ptu, arrival: { type: poisson, rate: 2/s }, promptTokens: 1000, completionTokens: 100, maxTokens: 200 }
`;

describe("CSV outputs", () => {
  it("quotes fields per RFC 4180", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('a "b", c')).toBe('"a ""b"", c"');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
  });

  it("timeseries.csv has one row per step and every series as a column", () => {
    const { report } = runScenario(loadScenario(yaml, "csv.yaml"));
    const lines = renderTimeseriesCsv(report).trimEnd().split("\r\n");
    expect(lines).toHaveLength(1 + 5);
    const header = lines[0].split(",");
    expect(header).toEqual(
      expect.arrayContaining(["t_ms", "arrivals", "served:a/ptu", "utilization:a/paygo", "outage"]),
    );
    // The bucket level is a provisioned deployment's alone.
    expect(header.filter((h) => h.startsWith("bucket_level:"))).toEqual(["bucket_level:a/ptu"]);
    const arrivals = lines.slice(1).map((l) => Number(l.split(",")[1]));
    expect(arrivals.reduce((a, b) => a + b, 0)).toBe(report.requests.arrived);
    expect(lines[3].endsWith("deployment a/paygo")).toBe(true);
  });

  it("requests.csv gets exactly one row per measured request, with outcomes matching the report", () => {
    const rows: RequestLogRow[] = [];
    const { report } = runScenario(loadScenario(yaml, "csv.yaml"), { onRequest: (row) => rows.push(row) });
    expect(rows).toHaveLength(report.requests.arrived);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    const count = (o: string) => rows.filter((r) => r.outcome === o).length;
    expect(count("succeeded")).toBe(report.requests.succeeded);
    expect(count("throttled")).toBe(report.requests.throttled);
    expect(count("errored")).toBe(report.requests.errored);
    expect(rows.filter((r) => r.spillover).length).toBe(report.spillover.requests);
    const ok = rows.find((r) => r.outcome === "succeeded") as RequestLogRow;
    expect(requestLogLine(ok)).toMatch(
      /^\d+,chat,[\d.]+,succeeded,200,[\d.]+,[\d.]+,\d+,a\/(ptu|paygo),(true|false),1000,0,100\r\n$/,
    );
  });
});
