/** Synthetic reports for the pure check modules: exact values make tolerance boundaries testable. */
import type { RunWarning } from "../../src/metrics/warnings.js";
import type { Report, SloResult } from "../../src/report/report-types.js";

/** The tracked metrics of a report, as plain numbers (rates derived from counts of 100,000 arrivals). */
export interface Metrics {
  e2eP50: number;
  e2eP95: number;
  e2eP99: number;
  ttftP50: number;
  ttftP95: number;
  succeeded: number;
  errored: number;
  clientRate: number;
  backendRate: number;
  spilloverRate: number;
  costTotal: number;
  costProvisioned: number;
  costTokens: number;
  costGateway: number;
}

/** A plausible baseline. */
export const BASE: Metrics = {
  e2eP50: 2000,
  e2eP95: 6000,
  e2eP99: 8000,
  ttftP50: 400,
  ttftP95: 900,
  succeeded: 99_000,
  errored: 500,
  clientRate: 0.005,
  backendRate: 0.1,
  spilloverRate: 0.2,
  costTotal: 80_000,
  costProvisioned: 73_000,
  costTokens: 6_000,
  costGateway: 1_000,
};

/** Arrivals of every synthetic report: rates are counts / 100,000. */
export const ARRIVED = 100_000;

/** A report holding `metrics` (and whatever else the renderers read), cast to the full type. */
export function makeReport(
  metrics: Partial<Metrics> = {},
  extra: {
    name?: string;
    hash?: string;
    seed?: number;
    version?: string;
    slo?: SloResult[];
    warnings?: RunWarning[];
  } = {},
): Report {
  const m = { ...BASE, ...metrics };
  const latency = (p50: number, p95: number, p99: number) => ({
    mean: p50,
    p50,
    p90: p95,
    p95,
    p99,
    max: p99,
  });
  const totals = {
    total: m.costTotal,
    provisioned: m.costProvisioned,
    tokens: m.costTokens,
    gateway: m.costGateway,
  };
  const partial = {
    schemaVersion: 1,
    tool: { name: "spillway", version: extra.version ?? "0.1.0" },
    scenario: { name: extra.name ?? "synthetic", description: "", hash: extra.hash ?? "a".repeat(64) },
    seed: extra.seed ?? 1,
    requests: {
      arrived: ARRIVED,
      succeeded: m.succeeded,
      failed: ARRIVED - m.succeeded,
      throttled: ARRIVED - m.succeeded - m.errored,
      timedOut: 0,
      errored: m.errored,
      retries: 0,
      successRate: m.succeeded / ARRIVED,
    },
    spillover: { requests: 0, rate: m.spilloverRate },
    throttle: { client: { rate: m.clientRate }, backend: { rate: m.backendRate } },
    latency: { e2e: latency(m.e2eP50, m.e2eP95, m.e2eP99), ttft: latency(m.ttftP50, m.ttftP95, m.ttftP95) },
    cost: { currency: "USD", horizon: totals, monthly: totals, byDeployment: {} },
    slo: extra.slo ?? [],
    warnings: extra.warnings ?? [],
  };
  return partial as unknown as Report;
}

/** A scenario small enough to run in a few milliseconds: two minutes of 1 req/s on pay-as-you-go, unthrottled. */
export function tinyScenario(
  name: string,
  slo: string[] = ['"throttle.client.rate < 50%"'],
  extra = "",
): string {
  return `name: ${name}
seed: 3
duration: 2m
accounts:
  - name: aoai
    region: eastus
    deployments:
      - { name: paygo, model: gpt-4.1, sku: GlobalStandard, capacity: 300 }
traffic:
  - name: chat
    via: aoai/paygo
    arrival: { type: poisson, rate: 1/s }
    promptTokens: 500
    completionTokens: 100
    maxTokens: 200
slo:
${slo.map((s) => `  - ${s}`).join("\n")}
${extra}`;
}
