/**
 * The metric registry: lookups, template expansion and reading, and above all that it covers report.json exactly —
 * every number of every golden report and baseline is a registry metric (or a declared non-metric), and every metric
 * the registry expands for a report is there — so the registry cannot fall behind report.json, nor run ahead of it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  expandMetrics,
  findMetric,
  METRICS,
  type MetricNames,
  metricLabel,
  NOT_METRICS,
  namesOfReport,
  readMetric,
  shareOf,
} from "../../src/metrics/metric-registry.js";

const root = join(import.meta.dirname, "../..");
const reportFiles = [
  ...readdirSync(join(root, "test/golden"))
    .filter((f) => f.endsWith(".report.json"))
    .map((f) => join(root, "test/golden", f)),
  ...readdirSync(join(root, "reports/baselines"))
    .filter((f) => f.endsWith(".json"))
    .map((f) => join(root, "reports/baselines", f)),
].sort();

/**
 * Every number of a JSON value with its dotted path, skipping the declared non-metrics; and every null where the
 * registry has a metric (other nulls are string fields such as a standard deployment's `billing`).
 */
function numericLeaves(value: unknown, path: string[] = []): { path: string; value: number | null }[] {
  if (path.length === 1 && Object.hasOwn(NOT_METRICS, path[0])) return [];
  if (typeof value === "number") return [{ path: path.join("."), value }];
  if (value === null) return findMetric(path) === undefined ? [] : [{ path: path.join("."), value }];
  if (typeof value !== "object") return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => numericLeaves(v, [...path, k]));
}

const NAMES: MetricNames = {
  deployments: [
    { id: "acct/ptu", provisioned: true },
    { id: "acct/paygo", provisioned: false },
  ],
  gateways: [{ name: "apim", regions: ["eastus", "westus"], backends: ["acct/ptu", "acct/paygo"] }],
};

describe("lookup by path", () => {
  it("finds plain paths with one label, unit, direction and group", () => {
    expect(findMetric("latency.e2e.p95")?.metric).toMatchObject({
      label: "latency e2e p95",
      unit: "ms",
      direction: "lower",
      group: "latency",
    });
    expect(findMetric("requests.successRate")?.metric).toMatchObject({
      unit: "fraction",
      direction: "higher",
      group: "rates",
    });
    expect(findMetric("cost.monthly.total")?.metric).toMatchObject({ unit: "usd", group: "cost" });
    expect(findMetric("spillover.rate")?.metric).toMatchObject({ direction: "none", group: "info" });
  });

  it("matches templated entries and says which keys the placeholders took", () => {
    expect(findMetric("deployments.acct/ptu.utilization.max")).toMatchObject({
      metric: { path: "deployments.{deployment}.utilization.max", unit: "fraction" },
      keys: { deployment: "acct/ptu" },
    });
    expect(findMetric(["gateways", "apim", "regions", "eastus", "queueFull"])).toMatchObject({
      metric: { path: "gateways.{gateway}.regions.{region}.queueFull" },
      keys: { gateway: "apim", region: "eastus" },
    });
    expect(findMetric("cost.billing.acct/ptu.monthly.hourly")?.metric.path).toBe(
      "cost.billing.{deployment}.monthly.hourly",
    );
    expect(findMetric("cost.byDeployment.acct/ptu.monthly")?.metric.path).toBe(
      "cost.byDeployment.{deployment}.monthly",
    );
  });

  it("finds nothing for a typo, a partial path or a non-metric", () => {
    for (const path of ["latency.e2e.p59", "latency.e2e", "latency", "seed", "timeseries.arrivals", ""]) {
      expect(findMetric(path), path).toBeUndefined();
    }
  });

  it("labels a concrete path with the keys it names", () => {
    expect(metricLabel("latency.e2e.p95")).toBe("latency e2e p95");
    expect(metricLabel("deployments.acct/ptu.utilization.max")).toBe("utilization max (acct/ptu)");
  });

  it("has one entry per path, each with a label, a one-sentence description and a coherent group", () => {
    expect(new Set(METRICS.map((m) => m.path)).size).toBe(METRICS.length);
    for (const m of METRICS) {
      expect(m.label, m.path).not.toBe("");
      expect(m.description, m.path).toMatch(/^[A-Z0-9`s].*\.$/);
      // An informational metric never takes a tolerance; a judged rate, latency or cost has its group.
      if (m.direction === "none") expect(m.group, m.path).toBe("info");
    }
  });
});

describe("template expansion with a scenario's names", () => {
  const paths = expandMetrics(NAMES).map((m) => m.path);

  it("expands every deployment, gateway, region and backend", () => {
    expect(paths).toContain("deployments.acct/paygo.utilization.max");
    expect(paths).toContain("gateways.apim.regions.westus.queueFull");
    expect(paths).toContain("gateways.apim.regions.eastus.circuitBreakerTrips.acct/paygo");
    expect(paths).toContain("gateways.apim.circuitBreakerTrips.acct/ptu");
    expect(paths).toContain("cost.byDeployment.acct/paygo.monthly");
  });

  it("repeats the run's requests, rates, latency and cost per workload, and only with workload names", () => {
    const withWorkloads = expandMetrics({ ...NAMES, workloads: ["chat", "batch"] }).map((m) => m.path);
    expect(withWorkloads).toContain("workloads.chat.latency.e2e.p95");
    expect(withWorkloads).toContain("workloads.batch.requests.failed");
    expect(withWorkloads).toContain("workloads.chat.throttle.client.rate");
    expect(withWorkloads).toContain("workloads.batch.cost.monthly.total");
    // Derived-only metrics read run-wide counts: no per-workload copy.
    expect(withWorkloads).not.toContain("workloads.chat.requests.errored.rate");
    expect(findMetric("workloads.chat.cost.monthly.total")?.metric).toMatchObject({
      unit: "usd",
      group: "cost",
    });
    expect(metricLabel("workloads.chat.latency.e2e.p95")).toBe("latency e2e p95 (chat)");
    expect(paths.filter((p) => p.startsWith("workloads."))).toEqual([]);
  });

  it("gives cost.billing only to provisioned deployments", () => {
    expect(paths).toContain("cost.billing.acct/ptu.monthly.hourly");
    expect(paths.filter((p) => p.startsWith("cost.billing.acct/paygo"))).toEqual([]);
  });

  it("expands plain paths once and templates to nothing without names", () => {
    const bare = expandMetrics({ deployments: [], gateways: [] }).map((m) => m.path);
    expect(bare).toContain("latency.e2e.p95");
    expect(bare.filter((p) => p.includes("{") || p.startsWith("deployments."))).toEqual([]);
    expect(new Set(paths).size).toBe(paths.length);
  });
});

describe("reading values from a report", () => {
  const golden = JSON.parse(
    readFileSync(join(root, "test/golden/ptu-native-spillover.report.json"), "utf8"),
  ) as Record<string, unknown> & {
    requests: { arrived: number; succeeded: number; errored: number; successRate?: number };
  };

  it("reads stored values by path and derives what report.json does not store", () => {
    expect(readMetric(golden, "latency.e2e.p95")).toBe(
      (golden as unknown as { latency: { e2e: { p95: number } } }).latency.e2e.p95,
    );
    const { arrived, succeeded, errored } = golden.requests;
    expect(readMetric(golden, "requests.successRate")).toBe(shareOf(succeeded, arrived));
    expect(readMetric(golden, "requests.errored.rate")).toBe(shareOf(errored, arrived));
    expect(readMetric(golden, "latency.e2e.p59")).toBeUndefined();
  });

  it("derives requests.successRate for a report written before it was stored", () => {
    const old = structuredClone(golden);
    delete old.requests.successRate;
    expect(readMetric(old, "requests.successRate")).toBe(readMetric(golden, "requests.successRate"));
  });

  it("rounds shares as report.json does and reads nothing arrived as 0", () => {
    expect(shareOf(2, 3)).toBe(0.666667);
    expect(shareOf(0, 0)).toBe(0);
    expect(readMetric({ requests: { arrived: 0, succeeded: 0 } }, "requests.successRate")).toBe(0);
  });

  it("reads null where the report holds null", () => {
    expect(
      readMetric({ gateways: { g: { capacityPerSecond: null } } }, "gateways.g.capacityPerSecond"),
    ).toBeNull();
  });
});

describe("the registry covers report.json exactly", () => {
  it.each(reportFiles.map((f) => [f.slice(root.length + 1), f]))("%s", (_, file) => {
    const report = JSON.parse(readFileSync(file, "utf8")) as unknown;
    const leaves = numericLeaves(report);
    expect(leaves.length).toBeGreaterThan(50);
    // Every number of the report is a registry metric...
    expect(leaves.filter((l) => findMetric(l.path) === undefined).map((l) => l.path)).toEqual([]);
    // ...null only where the registry says it can be...
    expect(
      leaves
        .filter((l) => l.value === null && findMetric(l.path)?.metric.nullWhen === undefined)
        .map((l) => l.path),
    ).toEqual([]);
    // ...and every stored metric the registry expands with the report's own names is in the report.
    const present = new Set(leaves.map((l) => l.path));
    const expanded = expandMetrics(namesOfReport(report)).filter((m) => m.metric.stored);
    expect(expanded.filter((m) => !present.has(m.path)).map((m) => m.path)).toEqual([]);
    expect(expanded.length).toBe(leaves.length);
  });
});
