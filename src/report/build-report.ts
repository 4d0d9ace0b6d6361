/**
 * Builds report.json from a resolved scenario and a run's aggregates. The SLOs are evaluated on it afterwards, by
 * run/ (check/slo.ts): `slo` is left empty here.
 */

import { compareBilling } from "../cost/break-even.js";
import { type CostItem, computeCosts } from "../cost/cost-model.js";
import { monthFactors } from "../cost/month.js";
import { type ShareStats, shareWeights, workloadCosts } from "../cost/workload-shares.js";
import type { DistributionSummary } from "../metrics/log-histogram.js";
import { shareOf } from "../metrics/metric-registry.js";
import {
  type DeploymentAggregates,
  type OutcomeCounts,
  type RunAggregates,
  STEP_SECONDS,
} from "../metrics/run-aggregates.js";
import { OVERLOAD_THROTTLE_RATE, type RunWarning, warning } from "../metrics/warnings.js";
import { usedAssumptions } from "../scenario/assumptions.js";
import { canonicalJson, type ResolvedScenario } from "../scenario/resolve.js";
import { VERSION } from "../version.js";
import { millis } from "./format.js";
import {
  type BillingReport,
  type DeploymentReport,
  type GatewayRegionReport,
  type GatewayReport,
  type OutageLoss,
  REPORT_SCHEMA_VERSION,
  type Report,
  type ReportShares,
  type RequestOutcomes,
  type WorkloadReport,
  type WorkloadSeries,
} from "./report-types.js";

/** Rounds to `digits` decimals, turning -0 into 0 (so reports never print "-0"). */
function round(value: number, digits: number): number {
  const f = 10 ** digits;
  const r = Math.round(value * f) / f;
  return r === 0 ? 0 : r;
}

const ms = (v: number) => round(v, 3);
const frac = (v: number) => round(v, 6);
const usd = (v: number) => round(v, 4);

function latency(s: DistributionSummary) {
  return { mean: ms(s.mean), p50: ms(s.p50), p90: ms(s.p90), p95: ms(s.p95), p99: ms(s.p99), max: ms(s.max) };
}

/** Nearest-rank quantile of a small array. */
function nearestRank(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}

/**
 * A Batch deployment's enqueued tokens as shares of its quota: the time-weighted mean over the horizon and the most it
 * held at once (what the warmup left enqueued included).
 */
function enqueuedShare(
  e: DeploymentAggregates["enqueued"],
  quota: number,
  duration: number,
): { mean: number; max: number } {
  return {
    mean: frac(e.tokenSeconds / (quota * duration)),
    max: frac(Math.max(e.max, e.atStart) / quota),
  };
}

/** The outcome counts of report.json from the recorder's (failed is their sum). */
function outcomesOf(c: OutcomeCounts): RequestOutcomes {
  return {
    arrived: c.arrived,
    succeeded: c.succeeded,
    failed: c.failed,
    throttled: c.throttled,
    timedOut: c.timedOut,
    errored: c.errored,
  };
}

/** Assembles report.json, with an empty `slo` list for the caller to fill. */
export function buildReport(scenario: ResolvedScenario, agg: RunAggregates): Report {
  const steps = agg.steps;
  const duration = scenario.duration;
  const stepLength = (i: number) => Math.min(STEP_SECONDS, duration - i * STEP_SECONDS);
  const t = Array.from({ length: steps }, (_, i) => i * STEP_SECONDS * 1000);

  const deployments: Record<string, DeploymentReport> = {};
  const served: Record<string, number[]> = {};
  const utilization: Record<string, number[]> = {};
  const bucketLevel: Record<string, number[]> = {};
  scenario.deployments.forEach((d, i) => {
    const s = agg.deployments[i];
    const perMinute =
      d.kind === "provisioned"
        ? d.capacity * d.facts.ptuInputTpm
        : d.kind === "batch"
          ? d.enqueuedTokens
          : d.limits.tpm;
    const util = Array.from(s.usageSeries, (used, k) => frac(used / ((perMinute * stepLength(k)) / 60)));
    const mean = util.reduce((a, b) => a + b, 0) / util.length;
    deployments[d.id] = {
      model: d.model,
      sku: d.sku,
      capacity: d.capacity,
      region: d.region,
      billing: d.kind === "provisioned" ? d.billing : null,
      ...(d.kind === "standard" && d.processing !== "standard" ? { processing: d.processing } : {}),
      attempts: s.attempts,
      served: s.served,
      spilloverServed: s.spilloverServed,
      throttled: s.throttled,
      errored: s.errored,
      tokens: { prompt: s.promptTokens, cachedPrompt: s.cachedPromptTokens, completion: s.completionTokens },
      utilization: { mean: frac(mean), p95: frac(nearestRank(util, 0.95)), max: frac(Math.max(...util)) },
      ...(d.kind === "batch" ? { enqueued: enqueuedShare(s.enqueued, d.enqueuedTokens, duration) } : {}),
    };
    served[d.id] = Array.from(s.servedSeries);
    utilization[d.id] = util;
    if (d.kind === "provisioned") bucketLevel[d.id] = Array.from(s.bucketLevels(), frac);
  });

  const gateways: Record<string, GatewayReport> = {};
  const gatewayRegions: Record<string, number[]> = {};
  scenario.gateways.forEach((g, i) => {
    const s = agg.gateways[i];
    const regions: Record<string, GatewayRegionReport> = {};
    for (const r of s.regions) {
      regions[r.region] = {
        requests: r.requests,
        poolExhausted: r.poolExhausted,
        queueFull: r.queueFull,
        failedByOutage: r.failedByOutage,
        queued: r.queued,
        meanQueueWaitMs: ms(r.queued === 0 ? 0 : (r.waitSum / r.queued) * 1000),
        maxQueueWaitMs: ms(r.waitMax * 1000),
        circuitBreakerTrips: Object.fromEntries(
          g.backends.map((b) => [b.deployment, r.trips.get(b.deployment) ?? 0]),
        ),
        // Only gateways that run the policy carry its counts, so other reports keep their shape.
        ...(g.tokenLimit === null ? {} : { tokenLimited: r.tokenLimited }),
        ...(g.semanticCache === null ? {} : { cacheHits: r.cacheHits }),
      };
      gatewayRegions[`${g.name}/${r.region}`] = Array.from(r.requestsSeries);
    }
    const trips: Record<string, number> = {};
    for (const b of g.backends) trips[b.deployment] = s.trips.get(b.deployment) ?? 0;
    gateways[g.name] = {
      tier: g.tier,
      units: g.units,
      policy: g.policy,
      capacityPerSecond: Number.isFinite(g.capacityPerSecond) ? g.capacityPerSecond : null,
      requests: s.requests,
      rejected: s.rejected,
      regions,
      circuitBreakerTrips: trips,
      ...(g.tokenLimit === null ? {} : { tokenLimited: s.tokenLimited }),
      ...(g.semanticCache === null
        ? {}
        : {
            semanticCache: {
              lookups: s.cacheLookups,
              hits: s.cacheHits,
              hitRate: frac(s.cacheLookups === 0 ? 0 : s.cacheHits / s.cacheLookups),
              embeddingTokens: s.embeddingTokens,
            },
          }),
    };
  });

  const terms = scenario.billingTerms;
  const costs = computeCosts(
    duration,
    scenario.deployments,
    agg.deployments,
    scenario.gateways,
    agg.gateways,
    terms,
    monthFactors(
      duration,
      scenario.workloads,
      agg.workloads.map((w) => w.arrivalsSeries),
    )?.factors,
  );
  const byDeployment: Record<string, { horizon: number; monthly: number }> = {};
  for (const [id, pair] of costs.byDeployment)
    byDeployment[id] = { horizon: usd(pair.horizon), monthly: usd(pair.monthly) };
  const billing: Record<string, BillingReport> = {};
  scenario.deployments.forEach((d, i) => {
    if (d.kind !== "provisioned") return;
    const s = agg.deployments[i];
    // The observed token mix prices a normalized token; a deployment that served nothing falls back to the assumed mix.
    const served =
      s.served > 0
        ? { prompt: s.promptTokens, cachedPrompt: s.cachedPromptTokens, completion: s.completionTokens }
        : null;
    const b = compareBilling(
      d,
      served,
      deployments[d.id].utilization.mean,
      terms,
      costs.servedMonthScale.get(d.id) ?? 1,
    );
    const share = (v: number | null) => (v === null ? null : frac(v));
    const money = (v: number | null) => (v === null ? null : usd(v));
    billing[d.id] = {
      capacity: b.capacity,
      reservedCapacity: b.reservedCapacity,
      monthly: {
        hourly: usd(b.monthly.hourly),
        reservationMonthly: usd(b.monthly.reservationMonthly),
        reservationYearly: usd(b.monthly.reservationYearly),
        current: usd(b.monthly.current),
      },
      breakEvenUtilization: {
        hourly: share(b.breakEvenUtilization.hourly),
        reservationMonthly: share(b.breakEvenUtilization.reservationMonthly),
        reservationYearly: share(b.breakEvenUtilization.reservationYearly),
      },
      meanUtilization: b.meanUtilization,
      payAsYouGoMonthlyAtMeanUtilization: money(b.payAsYouGoMonthlyAtMeanUtilization),
      payAsYouGoSku: b.payAsYouGoSku,
      payAsYouGoPerMillionNormalizedTokens: share(b.payAsYouGoPerMillionNormalizedTokens),
      tokenMix: b.tokenMix,
      cheapest: b.cheapest,
    };
  });
  const totals = (k: "horizon" | "monthly") => ({
    total: usd(costs.provisioned[k] + costs.tokens[k] + costs.gateway[k]),
    provisioned: usd(costs.provisioned[k]),
    tokens: usd(costs.tokens[k]),
    gateway: usd(costs.gateway[k]),
  });

  const costHorizon = totals("horizon");
  const costMonthly = totals("monthly");
  const shares = workloadCosts(costs.items, agg, scenario.workloads.length, {
    horizon: costHorizon,
    monthly: costMonthly,
  });
  const lineShares = billShares(costs.items, agg, scenario);
  const workloads: Record<string, WorkloadReport> = {};
  const workloadSeries: Record<string, WorkloadSeries> = {};
  scenario.workloads.forEach((spec, i) => {
    const w = agg.workloads[i];
    workloads[spec.name] = {
      requests: { ...outcomesOf(w), retries: w.retries, successRate: shareOf(w.succeeded, w.arrived) },
      spillover: { requests: w.spillover, rate: shareOf(w.spillover, w.succeeded) },
      throttle: { client: { rate: shareOf(w.throttled, w.arrived) } },
      // The workload's own latency: Batch answers included (the run's leaves them out).
      latency: {
        e2e: latency(w.allE2e().summary()),
        ttft: latency(w.allTtft().summary()),
        e2eAll: latency(w.allE2e().plus(w.e2eFailed).summary()),
      },
      cost: shares[i],
    };
    workloadSeries[spec.name] = {
      arrivals: Array.from(w.arrivalsSeries),
      succeeded: Array.from(w.succeededSeries),
      throttled: Array.from(w.throttledSeries),
      failed: Array.from(w.failedSeries),
    };
  });

  const failed = agg.failed;
  const e2e = latency(agg.e2e.summary());
  const e2eAll = latency(agg.e2eAll().summary());
  const clientThrottleRate = frac(agg.arrived === 0 ? 0 : agg.throttled / agg.arrived);
  const warnings = [
    ...scenario.warnings,
    ...agg.warnings,
    ...runWarnings(agg, clientThrottleRate, e2e.p95, e2eAll.p95),
  ];
  const report: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: "spillway", version: VERSION },
    scenario: {
      name: scenario.name,
      description: scenario.description,
      hash: scenario.hash,
      // Canonical JSON (the text `hash` is taken of), so a reader can diff two runs' scenarios key by key.
      validated: JSON.parse(canonicalJson(scenario.validated)) as Record<string, unknown>,
    },
    seed: scenario.seed,
    horizon: { durationSeconds: duration, warmupSeconds: scenario.warmup },
    requests: {
      arrived: agg.arrived,
      succeeded: agg.succeeded,
      failed,
      throttled: agg.throttled,
      timedOut: agg.timedOut,
      errored: agg.errored,
      retries: agg.clientRetries,
      successRate: shareOf(agg.succeeded, agg.arrived),
    },
    attempts: { total: agg.attempts, throttled: agg.attemptsThrottled, errored: agg.attemptsErrored },
    spillover: {
      requests: agg.spillover,
      rate: frac(agg.succeeded === 0 ? 0 : agg.spillover / agg.succeeded),
    },
    throttle: {
      client: { rate: clientThrottleRate },
      backend: { rate: frac(agg.attempts === 0 ? 0 : agg.attemptsThrottled / agg.attempts) },
    },
    latency: { e2e, ttft: latency(agg.ttft.summary()), e2eAll },
    deployments,
    gateways,
    workloads,
    cost: {
      currency: terms.currency,
      // Only a scenario with billing: says how its figures left list prices; others keep report.json as it was.
      ...(scenario.validated.billing === undefined
        ? {}
        : { terms: { discount: terms.discount, exchangeRate: terms.exchangeRate } }),
      horizon: costHorizon,
      monthly: costMonthly,
      byDeployment,
      billing,
    },
    shares: lineShares,
    timeseries: {
      stepSeconds: STEP_SECONDS,
      t,
      arrivals: Array.from(agg.arrivalsSeries),
      succeeded: Array.from(agg.succeededSeries),
      throttled: Array.from(agg.throttledSeries),
      failed: Array.from(agg.failedSeries),
      backendThrottled: Array.from(agg.backendThrottledSeries),
      served,
      utilization,
      latencyP95: agg.e2eByStep.map((h) => (h === null ? 0 : ms(h.quantile(0.95)))),
      regions: servedByRegion(scenario, served, steps),
      gatewayRegions,
      bucketLevel,
      outages: scenario.outages.map((o, k) => ({
        target: o.window.label,
        startMs: ms(o.window.start * 1000),
        endMs: ms(o.window.end * 1000),
        mode: o.window.mode,
        errorRate: o.window.errorRate,
        workloads: Object.fromEntries(
          scenario.workloads.map((spec, i): [string, OutageLoss] => [
            spec.name,
            outcomesOf(agg.workloads[i].outages[k]),
          ]),
        ),
      })),
      workloads: workloadSeries,
    },
    slo: [],
    warnings,
    assumptions: usedAssumptions(scenario),
  };
  return report;
}

/**
 * Each line of the bill's share weights among the workloads, normalized as workloadCosts splits the cost (a line
 * nobody used is shared equally), so per-line exports charge a workload only for the lines it used. A gateway's
 * items (units, calls, cache) share one basis: one entry per gateway.
 */
function billShares(
  items: readonly CostItem[],
  stats: ShareStats,
  scenario: Pick<ResolvedScenario, "deployments" | "gateways" | "workloads">,
): ReportShares {
  const n = scenario.workloads.length;
  const out: ReportShares = { deployments: {}, gateways: {} };
  for (const item of items) {
    const { basis } = item;
    const [target, key] =
      basis.by === "gateway-requests"
        ? [out.gateways, scenario.gateways[basis.gateway].name]
        : [out.deployments, scenario.deployments[basis.deployment].id];
    if (Object.hasOwn(target, key)) continue;
    const used = shareWeights(basis, stats, n);
    const sum = used.reduce((a, b) => a + b, 0);
    const entry: Record<string, number> = {};
    scenario.workloads.forEach((w, i) => {
      const weight = frac(sum > 0 ? used[i] / sum : 1 / n);
      // Only the workloads that used the line (a share too small for 6 decimals is no use).
      if (weight > 0) entry[w.name] = weight;
    });
    target[key] = entry;
  }
  return out;
}

/**
 * The warnings only the run's outcome can raise: requests left without an outcome, no arrival, and `overload` (a
 * caller 429 rate of at least {@link OVERLOAD_THROTTLE_RATE}, with both latencies so the reader sees what the
 * success-only one leaves out).
 */
function runWarnings(
  agg: RunAggregates,
  throttleRate: number,
  e2eP95: number,
  e2eAllP95: number,
): RunWarning[] {
  const out: RunWarning[] = [];
  const pending = agg.arrived - agg.finishedOk - agg.failed;
  if (pending !== 0)
    out.push(warning("unfinished-requests", `internal: ${pending} request(s) never reached a final outcome`));
  if (agg.arrived === 0)
    out.push(
      warning("no-arrivals", "no request arrived in the horizon: check the arrival rate and duration"),
    );
  if (agg.arrived > 0 && throttleRate >= OVERLOAD_THROTTLE_RATE) {
    const pct = (v: number) => `${Number((v * 100).toFixed(1))}%`;
    out.push(
      warning(
        "overload",
        `${pct(throttleRate)} of the requests got a 429 as their final answer (${pct(OVERLOAD_THROTTLE_RATE)} or ` +
          "more is overload): the estate cannot serve the offered load, so latency.e2e describes only the " +
          `${pct(agg.succeeded / agg.arrived)} that succeeded (p95 ${millis(e2eP95)}); over every request, failures at ` +
          `their time to failure, latency.e2eAll p95 is ${millis(e2eAllP95)}. Check the arrival rates and their units ` +
          '("600/min" is 10/s) and the capacity',
      ),
    );
  }
  return out;
}

/** Requests served per step by the deployments of each region. */
function servedByRegion(
  scenario: ResolvedScenario,
  served: Record<string, number[]>,
  steps: number,
): Record<string, number[]> {
  // A Map, not `out[region] ??=`: a key such as "__proto__" must never reach Object.prototype.
  const byRegion = new Map<string, number[]>();
  for (const d of scenario.deployments) {
    let series = byRegion.get(d.region);
    if (series === undefined) {
      series = new Array<number>(steps).fill(0);
      byRegion.set(d.region, series);
    }
    const target = series;
    served[d.id].forEach((v, i) => {
      target[i] += v;
    });
  }
  return Object.fromEntries(byRegion);
}
