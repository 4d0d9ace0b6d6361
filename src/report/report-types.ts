/**
 * report.json, version 1: the single source of truth of a run (README.md, "report.json"; every metric is listed in
 * docs/metrics.md, generated from src/metrics/metric-registry.ts). Every renderer reads this and nothing else. Times
 * are milliseconds, rates are fractions in [0, 1] (utilization can exceed 1), money is in `cost.currency` (USD
 * unless the scenario says otherwise). Deterministic: no wall-clock time, host name or absolute path.
 */

import type { BillingComparison } from "../cost/break-even.js";
import type { RunWarning } from "../metrics/warnings.js";
import type { AssumptionUse } from "../scenario/assumptions.js";

/** Bump when a field changes meaning or disappears (additions keep the version). */
export const REPORT_SCHEMA_VERSION = 1;

/**
 * A latency distribution, ms. Percentiles come from a log-bucket histogram with at most 0.1% relative error (nearest
 * rank, the bucket's midpoint clamped to [min, max]); mean and max are exact.
 */
export interface LatencyStats {
  /** Exact mean, ms. */
  mean: number;
  /** Median, ms. */
  p50: number;
  /** 90th percentile, ms. */
  p90: number;
  /** 95th percentile, ms. */
  p95: number;
  /** 99th percentile, ms. */
  p99: number;
  /** Exact maximum, ms. */
  max: number;
}

/** One deployment's results, keyed by `account/deployment` in {@link Report.deployments}. */
export interface DeploymentReport {
  /** Model name. */
  model: string;
  /** SKU (ARM sku.name). */
  sku: string;
  /** PTUs (provisioned) or thousands of TPM (standard). */
  capacity: number;
  /** The account's region. */
  region: string;
  /** Provisioned billing plan, or null for standard deployments. */
  billing: string | null;
  /** A standard deployment's processing option when not standard: `priority` or `flex` (absent otherwise). */
  processing?: string;
  /** Calls made to this deployment (client, gateway and spillover hops). */
  attempts: number;
  /** Requests completed successfully by this deployment. */
  served: number;
  /** Of those, requests for which this deployment was not the first choice (spillover or lower pool priority). */
  spilloverServed: number;
  /** 429s this deployment returned. */
  throttled: number;
  /** Other errors it returned (400 over-long prompt, 5xx). */
  errored: number;
  /** Tokens of served requests. */
  tokens: { prompt: number; cachedPrompt: number; completion: number };
  /**
   * Per step of the horizon: provisioned — consumed normalized tokens (estimate at admission, corrected at completion)
   * / capacity; standard — admitted tokens (prompt + max_tokens) / TPM limit. Mean, 95th percentile (nearest rank)
   * and maximum over the steps.
   */
  utilization: { mean: number; p95: number; max: number };
  /**
   * Batch deployments only: the input tokens held enqueued (admitted, not yet completed) as a share of the
   * enqueued-token quota, what its 429s come from (a call is refused when its prompt would take this past 1). Mean over
   * the horizon (time-weighted) and maximum.
   */
  enqueued?: { mean: number; max: number };
}

/** One gateway's results. */
export interface GatewayReport {
  /** APIM tier. */
  tier: string;
  /** Units per region. */
  units: number;
  /** Client requests (attempts) that entered the gateway. */
  requests: number;
  /** Requests the gateway answered itself with 503: pool exhausted (no backend available) or capacity queue full. */
  rejected: number;
  /** Routing policy. */
  policy: string;
  /** Requests per second one region serves (units x per-unit throughput; null for Consumption: no unit limit). */
  capacityPerSecond: number | null;
  /** Per gateway region (its units' counts together; regions never share policy state). */
  regions: Record<string, GatewayRegionReport>;
  /** Circuit-breaker trips (backend-pool) or throttling marks (smart-lb) per backend, all regions together. */
  circuitBreakerTrips: Record<string, number>;
  /** With `tokenLimit`: attempts the gateway's token limit answered 429 itself (no backend saw them). */
  tokenLimited?: number;
  /** With `semanticCache`: its lookups, the hits answered from the cache, and the prompt tokens embedded. */
  semanticCache?: { lookups: number; hits: number; hitRate: number; embeddingTokens: number };
}

/** One gateway region's results. */
export interface GatewayRegionReport {
  /** Client attempts it received. */
  requests: number;
  /** Answered 503 because no backend was available. */
  poolExhausted: number;
  /** Answered 503 because the capacity queue was full. */
  queueFull: number;
  /** Attempts that failed because the region was down. */
  failedByOutage: number;
  /** Attempts that waited for gateway capacity. */
  queued: number;
  /** Mean wait of those that waited, ms. */
  meanQueueWaitMs: number;
  /** Longest wait, ms. */
  maxQueueWaitMs: number;
  /** Breaker trips / throttling marks made in this region (all its instances together), per backend. */
  circuitBreakerTrips: Record<string, number>;
  /** With `tokenLimit`: attempts this region's token limit answered 429 (its own counters). */
  tokenLimited?: number;
  /** With `semanticCache`: attempts this region answered from the cache. */
  cacheHits?: number;
}

/** One outage window as the scenario states it, ms from the horizon start. */
export interface OutageReport {
  /** What failed: `region eastus`, `deployment acct/dep`, `gateway apim westeurope`. */
  target: string;
  /** Start, ms. */
  startMs: number;
  /** End, ms. */
  endMs: number;
  /** `error` (5xx after a delay) or `timeout` (no answer). */
  mode: string;
  /** Share of calls that failed (deployment outages), 1 otherwise. */
  errorRate: number;
  /**
   * What each workload's callers lost in the window, keyed by workload name: the requests that arrived in it and
   * their final outcomes (a request counts in the window it arrived in, whenever it finished). Absent from reports
   * written before it was added.
   */
  workloads?: Record<string, OutageLoss>;
}

/** Final outcomes of a set of requests: arrived = succeeded + failed, failed = throttled + timedOut + errored. */
export interface RequestOutcomes {
  /** Requests that arrived. */
  arrived: number;
  /** Of those, succeeded. */
  succeeded: number;
  /** Of those, failed (throttled + timedOut + errored). */
  failed: number;
  /** Of those, final answer 429. */
  throttled: number;
  /** Of those, the caller's timeout. */
  timedOut: number;
  /** Of those, another error (5xx, gateway 503). */
  errored: number;
}

/** The requests of one workload that arrived in one outage window, by final outcome. */
export type OutageLoss = RequestOutcomes;

/**
 * One workload's results, keyed by workload name in {@link Report.workloads}: the same counts, rates and latency as
 * the whole run, over its own requests, and its share of the cost.
 */
export interface WorkloadReport {
  /** Its requests' final outcomes, as {@link Report.requests} counts them for the whole run. */
  requests: RequestOutcomes & {
    /** SDK retries its callers made. */
    retries: number;
    /** succeeded / arrived, 0 when none arrived. */
    successRate: number;
  };
  /** Its successful requests served by a deployment other than their first choice; rate = requests / succeeded. */
  spillover: { requests: number; rate: number };
  /** client: its requests.throttled / requests.arrived. */
  throttle: { client: { rate: number } };
  /** As {@link Report.latency}, over its own requests. */
  latency: { e2e: LatencyStats; ttft: LatencyStats; e2eAll: LatencyStats };
  /**
   * Its share of the cost (src/cost/workload-shares.ts): PTUs by the normalized tokens it consumed on each
   * provisioned deployment, tokens at their own price, gateways by the requests it sent through them; a line nobody
   * used is shared equally. Over the workloads, each figure sums exactly to the same figure of {@link Report.cost}.
   */
  cost: { horizon: CostTotals; monthly: CostTotals };
}

/** Each line of the bill's share weights among workloads, keyed by workload name: see {@link Report.shares}. */
export interface ReportShares {
  /** Keyed by `account/deployment`. */
  deployments: Record<string, Record<string, number>>;
  /** Keyed by gateway name. */
  gateways: Record<string, Record<string, number>>;
}

/** One workload's per-step series (by arrival step), keyed by workload name in `timeseries.workloads`. */
export interface WorkloadSeries {
  /** Requests that arrived. */
  arrivals: number[];
  /** Of those, succeeded. */
  succeeded: number[];
  /** Of those, final 429s. */
  throttled: number[];
  /** Of those, every final failure (429s included). */
  failed: number[];
}

/** Horizon and 730-hour-month cost of one category, in the report's currency. */
export interface CostTotals {
  /** Everything. */
  total: number;
  /** PTU capacity. */
  provisioned: number;
  /** Pay-as-you-go tokens. */
  tokens: number;
  /** API Management. */
  gateway: number;
}

/**
 * Billing options of one provisioned deployment (report.json `cost.billing`): defined once beside the cost model
 * that computes it, documented field by field there.
 */
export type BillingReport = BillingComparison;

/** One evaluated SLO assertion. */
export interface SloResult {
  /** The assertion as written. */
  expression: string;
  /** The report value it was compared with. */
  actual: number;
  /** Whether it held. */
  passed: boolean;
  /** `error` (a failure fails the run) or `warn` (reported only). */
  level: "error" | "warn";
}

/** report.json. */
export interface Report {
  /** Version of this format. */
  schemaVersion: number;
  /** The tool that wrote it. */
  tool: { name: "spillway"; version: string };
  /** The scenario: name, description as written, sha256 of the validated canonical scenario. */
  scenario: {
    name: string;
    description: string;
    hash: string;
    /**
     * The validated scenario as run (defaults filled, `--set` applied) as canonical JSON (keys sorted), whose sha256
     * is `hash`; `spillway check` lists the keys that changed since a baseline from it. Absent in older reports.
     */
    validated?: Record<string, unknown>;
  };
  /** The run's seed. */
  seed: number;
  /** Measured horizon and unmeasured warmup, seconds. */
  horizon: { durationSeconds: number; warmupSeconds: number };
  /**
   * Final outcome of every request that arrived in the horizon, as the caller saw it:
   * arrived = succeeded + failed, failed = throttled + timedOut + errored. `retries` counts SDK retries made.
   */
  requests: {
    arrived: number;
    succeeded: number;
    failed: number;
    throttled: number;
    timedOut: number;
    errored: number;
    retries: number;
    /** Share of arrived requests that succeeded: succeeded / arrived, 0 when none arrived. */
    successRate: number;
  };
  /** Every call a gateway or client made to a deployment (retries and spillover hops included). */
  attempts: { total: number; throttled: number; errored: number };
  /** Successful requests served by a deployment other than their first choice; rate = requests / succeeded. */
  spillover: { requests: number; rate: number };
  /** client: requests.throttled / requests.arrived; backend: attempts.throttled / attempts.total. */
  throttle: { client: { rate: number }; backend: { rate: number } };
  /**
   * `e2e` and `ttft`: successful requests only, end to end (arrival to last token, retries included) and time to
   * first token. `e2eAll`: every request that arrived, a failure at the time its caller got the final failure (a
   * timeout at the deadline); absent from reports written before it was added.
   */
  latency: { e2e: LatencyStats; ttft: LatencyStats; e2eAll?: LatencyStats };
  /** Keyed by `account/deployment`. */
  deployments: Record<string, DeploymentReport>;
  /** Keyed by gateway name. */
  gateways: Record<string, GatewayReport>;
  /** Keyed by workload name, in scenario order (empty in reports written before it was added). */
  workloads: Record<string, WorkloadReport>;
  /**
   * Costs for the horizon and a 730-hour month, in `currency` (an ISO 4217 code; USD unless the scenario's `billing:`
   * reports in another). `terms`, present only when the scenario has `billing:`, says what turned list prices into
   * these figures: the discount off consumption (PTU hours, tokens, API Management) and the units of `currency` per
   * 1 USD.
   */
  cost: {
    currency: string;
    terms?: { discount: number; exchangeRate: number };
    horizon: CostTotals;
    monthly: CostTotals;
    byDeployment: Record<string, { horizon: number; monthly: number }>;
    /** Billing options of each provisioned deployment, keyed by `account/deployment`. */
    billing: Record<string, BillingReport>;
  };
  /**
   * How each line of the bill is shared among the workloads (the weights `workloads.*.cost` is split by), so a
   * per-line export such as costs.focus.csv charges a workload only for the lines it used. Per deployment (keyed
   * `account/deployment`) and per gateway (keyed by name; its units, calls and cache share one basis): each workload
   * that used the line with its share (6 decimals), or every workload equally when nobody did. Absent from reports
   * written before it was added.
   */
  shares?: ReportShares;
  /**
   * Per-step series for charts. `t` is each step's start, ms from the horizon start. arrivals, succeeded and
   * throttled (final 429s) and latencyP95 (ms, successes; 1% resolution) are by arrival step; backendThrottled
   * (429s returned by deployments), served and utilization are by the step the event happened in.
   */
  timeseries: {
    stepSeconds: number;
    t: number[];
    arrivals: number[];
    succeeded: number[];
    throttled: number[];
    /**
     * Every final failure by arrival step (429s, timeouts, errors, gateway 503s: outages show here); arrivals =
     * succeeded + failed in each step. Derived so for reports written before it was added.
     */
    failed: number[];
    backendThrottled: number[];
    served: Record<string, number[]>;
    utilization: Record<string, number[]>;
    latencyP95: number[];
    /** Requests served per step by the deployments of each region. */
    regions: Record<string, number[]>;
    /** Client attempts per step received by each gateway region, keyed `gateway/region`. */
    gatewayRegions: Record<string, number[]>;
    /**
     * Provisioned deployments only: the highest level of the utilization bucket in each step, as a share of its depth
     * (1 = full: a call is refused with 429 while the level is above 1 plus the burst allowance). Unlike
     * `utilization`, which can pass 1 in a minute while the bucket absorbs the burst, this is what triggers 429s; 1
     * minus it is the headroom. It can pass 1 by the last admitted call. Empty in reports written before it was added.
     */
    bucketLevel: Record<string, number[]>;
    /** Outage windows, for shading charts, with what each workload lost in them. */
    outages: OutageReport[];
    /** Each workload's series, keyed by workload name (empty in reports written before it was added). */
    workloads: Record<string, WorkloadSeries>;
  };
  /** The scenario's SLO assertions, evaluated on this report. */
  slo: SloResult[];
  /**
   * Things the user should know (allowed but suspicious input, assumptions that shape the figures, approximations),
   * each with a stable code (src/metrics/warnings.ts lists them). They never change an exit code.
   */
  warnings: RunWarning[];
  /**
   * The undocumented knobs the run used (src/catalog/assumptions.ts), one entry per knob and distinct value, with
   * the components that used it and the evidence for its default; README.md's "Assumptions" table explains each.
   */
  assumptions: AssumptionUse[];
}
