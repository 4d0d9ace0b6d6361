/**
 * The metric registry: every number of report.json, named once. Each entry gives the report path (dot-separated,
 * as SLOs, `--tolerance` and docs/metrics.md write it), the unit, which way is better, a short label, a one-sentence
 * description and the tolerance group `spillway check` applies. SLO validation, check, compare, plan and the docs
 * all read this table, so a metric has one name, one label, one unit and one direction everywhere.
 *
 * Keyed maps of report.json are templated entries: `deployments.{deployment}.utilization.max` stands for one path per
 * deployment of the scenario ({@link expandMetrics}). Values are read from plain JSON by path ({@link readMetric}), so
 * this floor needs no report type. Not metrics, and so not SLO targets: `schemaVersion` and `seed` (inputs, not
 * outcomes), `timeseries` (per-step series for charts; an SLO is about the whole run) and `slo` (the results of the
 * assertions themselves) — see {@link NOT_METRICS}.
 */

import { lookup } from "./slo-expression.js";

/** Units of report values: how they are formatted and what a plain SLO threshold means. */
export const METRIC_UNITS = [
  "count",
  "tokens",
  "fraction",
  "ms",
  "s",
  "usd",
  "usd-per-1m-tokens",
  "rps",
  "capacity",
] as const;
/** A unit of a report value. */
export type MetricUnit = (typeof METRIC_UNITS)[number];

/** What each unit means, for docs/metrics.md. */
export const UNIT_MEANINGS: Readonly<Record<MetricUnit, string>> = {
  count: "a whole number of requests, attempts, units or events",
  tokens: "a whole number of tokens",
  fraction: 'a share, 0 to 1 (an SLO may write it as a percentage: "1%" is 0.01); utilization can exceed 1',
  ms: 'milliseconds (an SLO may write a duration: "8s" is 8000)',
  s: "seconds",
  usd: "US dollars",
  "usd-per-1m-tokens": "US dollars per million tokens",
  rps: "requests per second",
  capacity: "PTUs for provisioned deployments, thousands of tokens per minute for standard ones",
};

/** Which way a metric should move: `none` is informational (volumes, settings), never better or worse. */
export type MetricDirection = "lower" | "higher" | "none";

/** Tolerance groups of `spillway check`; `info` metrics take no tolerance. */
export const METRIC_GROUPS = ["latency", "rates", "cost", "info"] as const;
/** A tolerance group. */
export type MetricGroup = (typeof METRIC_GROUPS)[number];

/** Placeholders of templated paths, each a key of a report.json map, and what it ranges over. */
export const PLACEHOLDERS = {
  deployment: "a deployment, `account/deployment` (cost.billing: provisioned deployments only)",
  gateway: "a gateway name",
  region: "a region of that gateway",
  backend: "a backend deployment of that gateway, `account/deployment`",
  workload: "a workload (traffic) name",
} as const;
/** A placeholder name. */
export type Placeholder = keyof typeof PLACEHOLDERS;

/** One metric of report.json. */
export interface MetricDefinition {
  /** Report path, dot-separated; a `{placeholder}` segment stands for each key of a map. */
  path: string;
  /** Unit of the value. */
  unit: MetricUnit;
  /** Which way is better. */
  direction: MetricDirection;
  /** Short human name (table rows, column headers). */
  label: string;
  /** One sentence: what the number is. */
  description: string;
  /** Tolerance group when `spillway check` tracks it. */
  group: MetricGroup;
  /** When the value is null instead of a number (then no SLO can hold it); absent when it is always a number. */
  nullWhen?: string;
  /** Computed from other metrics: absent from report.json (`stored: false`), or absent from older reports. */
  derive?: (report: unknown) => number | undefined;
  /** Whether report.json stores the value (false: derived only, e.g. a share of counts the report holds). */
  stored: boolean;
  /** For `{deployment}` templates under cost.billing: provisioned deployments only. */
  provisionedOnly?: boolean;
  /** For `{deployment}` templates of the enqueued-token gauge: Batch deployments only. */
  batchOnly?: boolean;
  /** For `{gateway}` templates of an inbound policy's counts: only gateways that run it (report.json has no zeros). */
  gatewayPolicy?: GatewayInboundPolicy;
}

/** The gateway inbound policies whose counts a report holds only for the gateways that run them. */
export type GatewayInboundPolicy = "tokenLimit" | "semanticCache";

/** Top-level report.json keys that hold numbers but no metrics, and why (see the header). */
export const NOT_METRICS: Readonly<Record<string, string>> = {
  schemaVersion: "the format version of report.json",
  seed: "the run's seed, an input",
  timeseries: "per-step series for charts; SLOs and checks judge the whole run",
  slo: "the evaluated assertions themselves",
  assumptions: "the undocumented knobs the run used, an input",
  scenario: "the scenario's name, hash and the scenario as run (validated), inputs",
  shares: "how each line of the bill is shared among workloads: weights, not figures",
};

/** Names metrics had before this registry, with their registry path: the tools still recognise them in messages. */
export const FORMER_NAMES: Readonly<Record<string, string>> = {
  "requests.success.rate": "requests.successRate",
  "success.rate": "requests.successRate",
  successRate: "requests.successRate",
};

/**
 * A rate as report.json stores it: part / whole rounded to 6 decimals (-0 as 0), and 0 when the whole is 0 (a share
 * of nothing has nothing to judge).
 */
export function shareOf(part: number, whole: number): number {
  if (whole === 0) return 0;
  const r = Math.round((part / whole) * 1e6) / 1e6;
  return r === 0 ? 0 : r;
}

/** A finite number at `path` of plain JSON, or undefined. */
function numberAt(report: unknown, path: string): number | undefined {
  const value = lookup(report, path.split("."));
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** `requests.<part> / requests.arrived`, or undefined when the report lacks either count. */
function shareOfArrived(report: unknown, part: string): number | undefined {
  const arrived = numberAt(report, "requests.arrived");
  const value = numberAt(report, `requests.${part}`);
  return arrived === undefined || value === undefined ? undefined : shareOf(value, arrived);
}

type Fields = Omit<MetricDefinition, "path" | "stored" | "group"> & { stored?: boolean };

/** The tolerance group of a judged metric by unit: latency, rates and cost; any other metric is `info`. */
const JUDGED_GROUPS: Partial<Record<MetricUnit, MetricGroup>> = {
  ms: "latency",
  fraction: "rates",
  usd: "cost",
};

/** An entry; its tolerance group follows from its unit and direction. */
function metric(path: string, fields: Fields): MetricDefinition {
  const group = fields.direction === "none" ? "info" : (JUDGED_GROUPS[fields.unit] ?? "info");
  return { path, stored: true, ...fields, group };
}

/** Count metrics under one prefix, one row each: key, label, description and direction (none unless given). */
function counts(
  prefix: string,
  rows: readonly (readonly [key: string, label: string, description: string, direction?: MetricDirection])[],
): MetricDefinition[] {
  return rows.map(([key, label, description, direction = "none"]) =>
    metric(`${prefix}.${key}`, { unit: "count", direction, label, description }),
  );
}

/** Count metrics of one gateway inbound policy, present only for the gateways that run it: path, label, description. */
function inbound(
  policy: GatewayInboundPolicy,
  rows: readonly (readonly [path: string, label: string, description: string, direction?: MetricDirection])[],
): MetricDefinition[] {
  return rows.map(([path, label, description, direction = "none"]) => ({
    ...metric(path, { unit: "count", direction, label, description }),
    gatewayPolicy: policy,
  }));
}

/**
 * The rule of the run's latency: a Batch turnaround (up to 24 h) is no latency a caller waits on, and would make every
 * latency SLO fail once Batch is in the estate; the workload's own latency (`workloads.{workload}.latency`) keeps it.
 */
const NOT_BATCH = ", Batch answers left out";

function latencyEntries(kind: "e2e" | "ttft" | "e2eAll", what: string, whose: string): MetricDefinition[] {
  const stats = [
    ["mean", "exact mean"],
    ["p50", "median (50th percentile)"],
    ["p90", "90th percentile"],
    ["p95", "95th percentile"],
    ["p99", "99th percentile"],
    ["max", "exact maximum"],
  ] as const;
  return stats.map(([stat, name]) =>
    metric(`latency.${kind}.${stat}`, {
      unit: "ms",
      direction: "lower",
      label: `latency ${kind} ${stat}`,
      description: `${name[0].toUpperCase()}${name.slice(1)} of ${what} of ${whose}${stat === "mean" || stat === "max" ? "" : " (log-bucket histogram, at most 0.1% relative error)"}.`,
    }),
  );
}

function costEntries(period: "horizon" | "monthly"): MetricDefinition[] {
  const when = period === "horizon" ? "over the measured horizon" : "per 730-hour month";
  const parts = [
    ["total", "Everything"],
    ["provisioned", "PTU capacity"],
    ["tokens", "Pay-as-you-go tokens"],
    ["gateway", "API Management"],
  ] as const;
  return parts.map(([part, what]) =>
    metric(`cost.${period}.${part}`, {
      unit: "usd",
      direction: "lower",
      label: `${period} cost, ${part}`,
      description: `${what} ${when}, USD.`,
    }),
  );
}

const DEPLOYMENT = "deployments.{deployment}";
const GATEWAY = "gateways.{gateway}";
const REGION = `${GATEWAY}.regions.{region}`;
const BILLING = "cost.billing.{deployment}";
const BILLING_PLANS = {
  hourly: "hourly",
  reservationMonthly: "monthly reservation",
  reservationYearly: "yearly reservation",
  current: "current plan",
} as const;

/** The run's metrics without the per-workload ones (which repeat some of these under `workloads.{workload}`). */
const RUN_METRICS: readonly MetricDefinition[] = [
  metric("horizon.durationSeconds", {
    unit: "s",
    direction: "none",
    label: "horizon",
    description: "Measured horizon: requests arriving in it are counted.",
  }),
  metric("horizon.warmupSeconds", {
    unit: "s",
    direction: "none",
    label: "warmup",
    description: "Unmeasured warmup before the horizon.",
  }),
  ...counts("requests", [
    ["arrived", "requests arrived", "Requests that arrived in the horizon (arrived = succeeded + failed)."],
    ["succeeded", "requests succeeded", "Requests that finally succeeded, as the caller saw them.", "higher"],
    ["failed", "requests failed", "Requests that finally failed (throttled + timedOut + errored).", "lower"],
    ["throttled", "requests throttled", "Requests whose final answer was a 429, after retries.", "lower"],
    ["timedOut", "requests timed out", "Requests that ran out of client timeout.", "lower"],
    ["errored", "requests errored", "Requests whose final answer was another error (400, 5xx).", "lower"],
    ["retries", "SDK retries", "Retries the client SDKs made.", "lower"],
  ]),
  metric("requests.errored.rate", {
    unit: "fraction",
    direction: "lower",
    label: "errored share",
    description:
      "Share of arrived requests that finally errored: requests.errored / requests.arrived, 0 when none arrived.",
    stored: false,
    derive: (r) => shareOfArrived(r, "errored"),
  }),
  metric("requests.successRate", {
    unit: "fraction",
    direction: "higher",
    label: "success rate",
    description:
      "Share of arrived requests that succeeded: requests.succeeded / requests.arrived, 0 when none arrived.",
    // Reports written before the field existed hold the counts it is computed from.
    derive: (r) => shareOfArrived(r, "succeeded"),
  }),
  ...counts("attempts", [
    ["total", "attempts", "Calls made to deployments (retries and spillover hops included)."],
    ["throttled", "attempts throttled", "429s that deployments returned.", "lower"],
    ["errored", "attempts errored", "Other errors that deployments returned.", "lower"],
  ]),
  ...counts("spillover", [
    [
      "requests",
      "spillover requests",
      "Successful requests served by a deployment other than their first choice.",
    ],
  ]),
  metric("spillover.rate", {
    unit: "fraction",
    direction: "none",
    label: "spillover rate",
    description: "spillover.requests / requests.succeeded: how much of the load overflowed.",
  }),
  metric("throttle.client.rate", {
    unit: "fraction",
    direction: "lower",
    label: "caller 429 rate",
    description:
      "Share of arrived requests whose final answer was a 429: requests.throttled / requests.arrived.",
  }),
  metric("throttle.backend.rate", {
    unit: "fraction",
    direction: "lower",
    label: "backend 429 rate",
    description: "Share of attempts that deployments answered with 429: attempts.throttled / attempts.total.",
  }),
  ...latencyEntries(
    "e2e",
    "end-to-end latency (arrival to last token, retries included)",
    `successful requests${NOT_BATCH}`,
  ),
  ...latencyEntries("ttft", "time to first token", `successful requests${NOT_BATCH}`),
  ...latencyEntries(
    "e2eAll",
    "end-to-end latency (arrival to final answer, retries included)",
    `every request that arrived, failures at the time their caller got the final failure and timeouts at the deadline${NOT_BATCH}`,
  ),
  metric(`${DEPLOYMENT}.capacity`, {
    unit: "capacity",
    direction: "none",
    label: "capacity",
    description: "The deployment's capacity: PTUs (provisioned) or thousands of TPM (standard).",
  }),
  ...counts(DEPLOYMENT, [
    ["attempts", "deployment attempts", "Calls made to the deployment (client, gateway and spillover hops)."],
    ["served", "served", "Requests the deployment completed successfully."],
    ["spilloverServed", "spillover served", "Of those, requests for which it was not the first choice."],
    ["throttled", "deployment 429s", "429s the deployment returned.", "lower"],
    ["errored", "deployment errors", "Other errors it returned (400 over-long prompt, 5xx).", "lower"],
  ]),
  ...(
    [
      ["prompt", "Prompt tokens of served requests."],
      ["cachedPrompt", "Cached prompt tokens of served requests."],
      ["completion", "Completion tokens of served requests."],
    ] as const
  ).map(([kind, description]) =>
    metric(`${DEPLOYMENT}.tokens.${kind}`, {
      unit: "tokens",
      direction: "none",
      label: `${kind === "cachedPrompt" ? "cached prompt" : kind} tokens`,
      description,
    }),
  ),
  ...(
    [
      ["mean", "Mean"],
      ["p95", "95th percentile (nearest rank)"],
      ["max", "Maximum"],
    ] as const
  ).map(([stat, name]) =>
    metric(`${DEPLOYMENT}.utilization.${stat}`, {
      unit: "fraction",
      direction: "none",
      label: `utilization ${stat}`,
      description: `${name} over one-minute steps of used / available capacity (provisioned: normalized tokens / PTU throughput; standard: admitted tokens / TPM; Batch: tokens enqueued in the step / enqueued-token quota).`,
    }),
  ),
  ...(
    [
      ["mean", "Mean over the horizon (time-weighted)"],
      ["max", "Maximum"],
    ] as const
  ).map(([stat, name]) => ({
    ...metric(`${DEPLOYMENT}.enqueued.${stat}`, {
      unit: "fraction",
      direction: "none",
      label: `enqueued ${stat}`,
      description: `${name} of the input tokens a Batch deployment held enqueued (admitted, not yet completed) / its enqueued-token quota: a call whose prompt would take it past 1 is refused with a 429.`,
    }),
    batchOnly: true,
  })),
  ...counts(GATEWAY, [
    ["units", "gateway units", "APIM units per region."],
    ["requests", "gateway requests", "Client attempts that entered the gateway."],
    [
      "rejected",
      "gateway 503s",
      "Requests the gateway answered itself with 503 (pool exhausted or queue full).",
      "lower",
    ],
  ]),
  metric(`${GATEWAY}.capacityPerSecond`, {
    unit: "rps",
    direction: "none",
    label: "gateway capacity",
    description: "Requests per second one region serves: units x per-unit throughput.",
    nullWhen: "the tier is Consumption (no unit limit)",
  }),
  ...counts(REGION, [
    ["requests", "region requests", "Client attempts the gateway region received."],
    ["poolExhausted", "pool exhausted", "503s because no backend was available.", "lower"],
    ["queueFull", "queue full", "503s because the capacity queue was full.", "lower"],
    ["failedByOutage", "failed by outage", "Attempts that failed because the region was down.", "lower"],
    ["queued", "queued", "Attempts that waited for gateway capacity.", "lower"],
  ]),
  metric(`${REGION}.meanQueueWaitMs`, {
    unit: "ms",
    direction: "lower",
    label: "mean queue wait",
    description: "Mean wait of the attempts that waited for gateway capacity.",
  }),
  metric(`${REGION}.maxQueueWaitMs`, {
    unit: "ms",
    direction: "lower",
    label: "max queue wait",
    description: "Longest wait for gateway capacity.",
  }),
  ...counts(REGION, [
    [
      "circuitBreakerTrips.{backend}",
      "region breaker trips",
      "Breaker trips (backend-pool) or throttling marks (smart-lb) this region's units made, together.",
    ],
  ]),
  ...inbound("tokenLimit", [
    [
      `${REGION}.tokenLimited`,
      "region token-limit 429s",
      "Attempts this region's token limit answered 429 itself, by its own counters (gateways with tokenLimit).",
      "lower",
    ],
    [
      `${GATEWAY}.tokenLimited`,
      "gateway token-limit 429s",
      "Attempts the gateway's token limit answered 429 itself, no backend called, all regions (gateways with tokenLimit).",
      "lower",
    ],
  ]),
  ...inbound("semanticCache", [
    [
      `${REGION}.cacheHits`,
      "region cache hits",
      "Attempts this region answered from its semantic cache (gateways with semanticCache).",
    ],
    [
      `${GATEWAY}.semanticCache.lookups`,
      "cache lookups",
      "Semantic-cache lookups, one per attempt that reached the gateway (gateways with semanticCache).",
    ],
    [
      `${GATEWAY}.semanticCache.hits`,
      "cache hits",
      "Attempts answered from the semantic cache without a backend call (gateways with semanticCache).",
    ],
    [
      `${GATEWAY}.semanticCache.embeddingTokens`,
      "embedded tokens",
      "Prompt tokens the lookups sent to the embeddings deployment, which bills them (gateways with semanticCache).",
    ],
  ]),
  {
    ...metric(`${GATEWAY}.semanticCache.hitRate`, {
      unit: "fraction",
      direction: "none",
      label: "cache hit rate",
      description: "Share of semantic-cache lookups answered from the cache (gateways with semanticCache).",
    }),
    gatewayPolicy: "semanticCache",
  },
  ...counts(GATEWAY, [
    [
      "circuitBreakerTrips.{backend}",
      "breaker trips",
      "Breaker trips (backend-pool) or throttling marks (smart-lb), all regions together.",
    ],
  ]),
  ...costEntries("horizon"),
  ...costEntries("monthly"),
  ...(["horizon", "monthly"] as const).map((period) =>
    metric(`cost.byDeployment.{deployment}.${period}`, {
      unit: "usd",
      direction: "lower",
      label: `deployment ${period} cost`,
      description: `The deployment's cost ${period === "horizon" ? "over the measured horizon" : "per 730-hour month"}, USD.`,
    }),
  ),
  ...(
    [
      ["capacity", "Deployed PTUs."],
      ["reservedCapacity", "PTUs covered by a reservation (0 with hourly billing)."],
    ] as const
  ).map(([key, description]) =>
    metric(`${BILLING}.${key}`, {
      unit: "capacity",
      direction: "none",
      label: key === "capacity" ? "deployed PTUs" : "reserved PTUs",
      description,
      provisionedOnly: true,
    }),
  ),
  ...(
    [
      ["hourly", "every PTU billed hourly"],
      ["reservationMonthly", "every PTU on a monthly reservation"],
      ["reservationYearly", "every PTU on a yearly reservation (a month's share)"],
      ["current", "the scenario's own plan (reserved PTUs, the rest hourly)"],
    ] as const
  ).map(([plan, what]) =>
    metric(`${BILLING}.monthly.${plan}`, {
      unit: "usd",
      direction: plan === "current" ? "lower" : "none",
      label: `monthly cost, ${BILLING_PLANS[plan]}`,
      description: `Monthly cost of the deployed PTUs with ${what}, USD.`,
      provisionedOnly: true,
    }),
  ),
  ...(
    [
      ["hourly", "hourly billing"],
      ["reservationMonthly", "a monthly reservation"],
      ["reservationYearly", "a yearly reservation"],
    ] as const
  ).map(([plan, what]) =>
    metric(`${BILLING}.breakEvenUtilization.${plan}`, {
      unit: "fraction",
      direction: "none",
      label: `break-even utilization, ${BILLING_PLANS[plan]}`,
      description: `Utilization at which ${what} costs what pay-as-you-go tokens would; above it, the PTUs are cheaper.`,
      nullWhen: "pay-as-you-go tokens cost nothing (no break-even)",
      provisionedOnly: true,
    }),
  ),
  metric(`${BILLING}.meanUtilization`, {
    unit: "fraction",
    direction: "none",
    label: "mean utilization",
    description: "The deployment's mean utilization in the run, which the billing comparison prices.",
    provisionedOnly: true,
  }),
  metric(`${BILLING}.payAsYouGoMonthlyAtMeanUtilization`, {
    unit: "usd",
    direction: "none",
    label: "pay-as-you-go equivalent",
    description: "Pay-as-you-go cost of a month at the mean utilization, USD.",
    provisionedOnly: true,
  }),
  metric(`${BILLING}.payAsYouGoPerMillionNormalizedTokens`, {
    unit: "usd-per-1m-tokens",
    direction: "none",
    label: "pay-as-you-go price",
    description:
      "Price of a million normalized tokens on the pay-as-you-go SKU compared with, at the observed (or assumed) token mix, USD.",
    provisionedOnly: true,
  }),
];

/** The run-wide metrics report.json repeats for each workload, over its own requests, by path prefix. */
const PER_WORKLOAD = [
  "requests.",
  "spillover.",
  "throttle.client.",
  "latency.",
  "cost.horizon.",
  "cost.monthly.",
];

/**
 * `workloads.{workload}.<path>` for each stored run-wide metric under {@link PER_WORKLOAD}: the same label, unit and
 * direction over one workload's requests (cost: its share, which adds up to the run's over the workloads).
 */
function workloadEntries(metrics: readonly MetricDefinition[]): MetricDefinition[] {
  return metrics
    .filter((m) => m.stored && PER_WORKLOAD.some((prefix) => m.path.startsWith(prefix)))
    .map(({ derive: _derive, ...m }) => ({
      ...m,
      path: `workloads.{workload}.${m.path}`,
      description: m.path.startsWith("cost.")
        ? `The workload's share (the workloads' add up to the run's) of: ${m.description}`
        : m.path.startsWith("latency.")
          ? `${m.description.replace(NOT_BATCH, "")} Over the workload's own requests, Batch answers included.`
          : `${m.description} Over the workload's own requests.`,
    }));
}

/** Where report.json puts `workloads`: after `gateways`, before `cost`. */
const FIRST_COST = RUN_METRICS.findIndex((m) => m.path.startsWith("cost."));

/** Every metric, in report.json order (derived metrics beside the counts they come from). */
export const METRICS: readonly MetricDefinition[] = [
  ...RUN_METRICS.slice(0, FIRST_COST),
  ...workloadEntries(RUN_METRICS),
  ...RUN_METRICS.slice(FIRST_COST),
];

/** A template's segments, split once. */
const SEGMENTS = new Map(METRICS.map((m) => [m, m.path.split(".")]));
const BY_PATH = new Map(METRICS.map((m) => [m.path, m]));

/** A `{name}` segment's placeholder, or undefined for a literal segment. */
function placeholderOf(segment: string): Placeholder | undefined {
  const match = /^\{(\w+)\}$/.exec(segment);
  return match !== null && Object.hasOwn(PLACEHOLDERS, match[1]) ? (match[1] as Placeholder) : undefined;
}

/** A concrete path matched to its entry, with the map keys its placeholders took. */
export interface MetricMatch {
  /** The registry entry. */
  metric: MetricDefinition;
  /** The concrete path. */
  path: string;
  /** Placeholder values, e.g. `{ deployment: "acct/ptu" }`. */
  keys: Partial<Record<Placeholder, string>>;
}

/**
 * The registry entry of a concrete path (`deployments.acct/ptu.utilization.max`) or of a template itself; undefined
 * when no entry has that shape. Keys are not checked against a scenario: {@link expandMetrics} lists the real paths.
 */
export function findMetric(path: string | readonly string[]): MetricMatch | undefined {
  const text = typeof path === "string" ? path : path.join(".");
  const exact = BY_PATH.get(text);
  if (exact !== undefined) return { metric: exact, path: text, keys: {} };
  const segments = text.split(".");
  for (const [metric, template] of SEGMENTS) {
    if (template.length !== segments.length) continue;
    const keys: Partial<Record<Placeholder, string>> = {};
    const fits = template.every((t, i) => {
      const placeholder = placeholderOf(t);
      if (placeholder === undefined) return t === segments[i];
      keys[placeholder] = segments[i];
      return segments[i] !== "";
    });
    if (fits) return { metric, path: text, keys };
  }
  return undefined;
}

/** The registry entry of a path, or an error naming it (for code that selects metrics by path). */
export function metricAt(path: string): MetricDefinition {
  const found = findMetric(path);
  if (found === undefined) throw new Error(`metric registry: no metric "${path}"`);
  return found.metric;
}

/** The names a scenario gives report.json's keyed maps. */
export interface MetricNames {
  /**
   * Deployments, `account/deployment`, whether each is provisioned (cost.billing holds only those) and whether it is a
   * Batch deployment (`enqueued` is only theirs; absent: not one).
   */
  deployments: readonly { id: string; provisioned: boolean; batch?: boolean }[];
  /** Gateways with their regions, backend deployments and the inbound policies they run (none when absent). */
  gateways: readonly {
    name: string;
    regions: readonly string[];
    backends: readonly string[];
    policies?: readonly GatewayInboundPolicy[];
  }[];
  /** Workload names (none: no per-workload metric). */
  workloads?: readonly string[];
}

/** The names of a report.json (plain JSON): its deployments, gateways, their regions and backends. */
export function namesOfReport(report: unknown): MetricNames {
  const keysAt = (value: unknown, path: string[]): string[] => {
    const node = lookup(value, path);
    return node !== null && typeof node === "object" ? Object.keys(node) : [];
  };
  return {
    deployments: keysAt(report, ["deployments"]).map((id) => ({
      id,
      provisioned: lookup(report, ["deployments", id, "billing"]) != null,
      batch: lookup(report, ["deployments", id, "enqueued"]) !== undefined,
    })),
    gateways: keysAt(report, ["gateways"]).map((name) => ({
      name,
      regions: keysAt(report, ["gateways", name, "regions"]),
      backends: keysAt(report, ["gateways", name, "circuitBreakerTrips"]),
      policies: (
        [
          ["tokenLimit", "tokenLimited"],
          ["semanticCache", "semanticCache"],
        ] as const
      )
        .filter(([, key]) => lookup(report, ["gateways", name, key]) !== undefined)
        .map(([policy]) => policy),
    })),
    workloads: keysAt(report, ["workloads"]),
  };
}

/** Every concrete metric path of a run with these names, in registry order, each with its entry. */
export function expandMetrics(names: MetricNames): MetricMatch[] {
  const out: MetricMatch[] = [];
  for (const metric of METRICS) {
    let partial: { segments: string[]; keys: Partial<Record<Placeholder, string>> }[] = [
      { segments: [], keys: {} },
    ];
    for (const segment of SEGMENTS.get(metric) ?? []) {
      const placeholder = placeholderOf(segment);
      partial = partial.flatMap(({ segments, keys }) =>
        (placeholder === undefined ? [segment] : valuesOf(placeholder, keys, names, metric)).map((value) => ({
          segments: [...segments, value],
          keys: placeholder === undefined ? keys : { ...keys, [placeholder]: value },
        })),
      );
    }
    for (const { segments, keys } of partial) out.push({ metric, path: segments.join("."), keys });
  }
  return out;
}

/** The values a placeholder takes, given the keys already chosen to its left. */
function valuesOf(
  placeholder: Placeholder,
  keys: Partial<Record<Placeholder, string>>,
  names: MetricNames,
  metric: MetricDefinition,
): string[] {
  const gateway = names.gateways.find((g) => g.name === keys.gateway);
  switch (placeholder) {
    case "deployment":
      return names.deployments
        .filter((d) => (!metric.provisionedOnly || d.provisioned) && (!metric.batchOnly || d.batch === true))
        .map((d) => d.id);
    case "gateway":
      return names.gateways
        .filter(
          (g) => metric.gatewayPolicy === undefined || (g.policies ?? []).includes(metric.gatewayPolicy),
        )
        .map((g) => g.name);
    case "region":
      return [...(gateway?.regions ?? [])];
    case "backend":
      return [...(gateway?.backends ?? [])];
    case "workload":
      return [...(names.workloads ?? [])];
  }
}

/**
 * A metric's value in a report (plain JSON): the number stored at its path, else the derived value (a metric
 * report.json does not store, or a report written before it was added); null when the report holds null there
 * ({@link MetricDefinition.nullWhen}); undefined when the path is no metric or the report lacks it.
 */
export function readMetric(report: unknown, path: string | readonly string[]): number | null | undefined {
  const match = findMetric(path);
  if (match === undefined) return undefined;
  const segments = typeof path === "string" ? path.split(".") : [...path];
  if (match.metric.stored) {
    const value = lookup(report, segments);
    if (value === null) return null;
    if (typeof value === "number" && Number.isFinite(value)) return value;
  }
  return match.metric.derive?.(report);
}

/** The label of a concrete path: the entry's label, with the map keys it names (`utilization max (acct/ptu)`). */
export function metricLabel(path: string): string {
  const match = findMetric(path);
  if (match === undefined) return path;
  const keys = Object.values(match.keys);
  return keys.length === 0 ? match.metric.label : `${match.metric.label} (${keys.join(", ")})`;
}
