/**
 * report.json as read back (`spillway report`, `compare`, `check --baseline`): one zod schema mirroring
 * {@link Report} field by field, so a hand-edited or damaged file is refused with the JSON path of what is wrong
 * instead of crashing a renderer. Unknown keys are allowed (a newer spillway may add fields without a new
 * schemaVersion); numbers must be finite, counts whole and non-negative, every series one value per step.
 */
import { z } from "zod";
import { readMetric } from "../metrics/metric-registry.js";
import { isValidName, NAME_PATTERN, RESERVED_KEYS } from "../scenario/names.js";
import {
  type BillingReport,
  type DeploymentReport,
  type GatewayRegionReport,
  type GatewayReport,
  REPORT_SCHEMA_VERSION,
  type Report,
  type WorkloadReport,
} from "./report-types.js";

export { isValidName, NAME_PATTERN, RESERVED_KEYS };

// Every leaf states what it expects as its error: describeIssue() turns that into "PATH is VALUE, expected WHAT".
const finite = () => z.number({ error: "a finite number" });
const nonNegative = () => z.number({ error: "a finite number ≥ 0" }).min(0, { error: "a finite number ≥ 0" });
const positive = () => z.number({ error: "a finite number > 0" }).gt(0, { error: "a finite number > 0" });
const fraction = () =>
  z
    .number({ error: "a number from 0 to 1" })
    .min(0, { error: "a number from 0 to 1" })
    .max(1, { error: "a number from 0 to 1" });
const count = () => z.int({ error: "a whole number ≥ 0" }).min(0, { error: "a whole number ≥ 0" });
const nonNegativeOrNull = () =>
  z
    .number({ error: "a finite number ≥ 0, or null" })
    .min(0, { error: "a finite number ≥ 0, or null" })
    .nullable();
const text = () => z.string({ error: "a string" });
const name = () =>
  z
    .string({ error: "a name (letters, digits, _ and -)" })
    .regex(NAME_PATTERN, { error: "a name (letters, digits, _ and -)" });
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `one of ${values.map((v) => JSON.stringify(v)).join(", ")}` });
const object = <S extends z.ZodRawShape>(shape: S) => z.object(shape, { error: "an object" });
const record = <V extends z.ZodType>(value: V) => z.record(z.string(), value, { error: "an object" });
const list = <V extends z.ZodType>(item: V) => z.array(item, { error: "a list" });

const latencyStats = object({
  mean: nonNegative(),
  p50: nonNegative(),
  p90: nonNegative(),
  p95: nonNegative(),
  p99: nonNegative(),
  max: nonNegative(),
});

const deploymentReport = object({
  model: text(),
  sku: text(),
  capacity: nonNegative(),
  region: text(),
  billing: z.string({ error: "a string, or null" }).nullable(),
  processing: text().optional(),
  attempts: count(),
  served: count(),
  spilloverServed: count(),
  throttled: count(),
  errored: count(),
  tokens: object({ prompt: count(), cachedPrompt: count(), completion: count() }),
  utilization: object({ mean: nonNegative(), p95: nonNegative(), max: nonNegative() }),
  enqueued: object({ mean: nonNegative(), max: nonNegative() }).optional(),
});

const gatewayRegionReport = object({
  requests: count(),
  poolExhausted: count(),
  queueFull: count(),
  failedByOutage: count(),
  queued: count(),
  meanQueueWaitMs: nonNegative(),
  maxQueueWaitMs: nonNegative(),
  circuitBreakerTrips: record(count()),
  tokenLimited: count().optional(),
  cacheHits: count().optional(),
});

const gatewayReport = object({
  tier: text(),
  units: count(),
  requests: count(),
  rejected: count(),
  policy: text(),
  capacityPerSecond: nonNegativeOrNull(),
  regions: record(gatewayRegionReport),
  circuitBreakerTrips: record(count()),
  tokenLimited: count().optional(),
  semanticCache: object({
    lookups: count(),
    hits: count(),
    hitRate: fraction(),
    embeddingTokens: count(),
  }).optional(),
});

const costTotals = object({
  total: nonNegative(),
  provisioned: nonNegative(),
  tokens: nonNegative(),
  gateway: nonNegative(),
});

const billingReport = object({
  capacity: nonNegative(),
  reservedCapacity: nonNegative(),
  monthly: object({
    hourly: nonNegative(),
    reservationMonthly: nonNegative(),
    reservationYearly: nonNegative(),
    current: nonNegative(),
  }),
  breakEvenUtilization: object({
    hourly: nonNegativeOrNull(),
    reservationMonthly: nonNegativeOrNull(),
    reservationYearly: nonNegativeOrNull(),
  }),
  meanUtilization: nonNegative(),
  payAsYouGoMonthlyAtMeanUtilization: nonNegativeOrNull(),
  payAsYouGoSku: oneOf(["GlobalStandard", "DataZoneStandard", "Standard"]),
  payAsYouGoPerMillionNormalizedTokens: nonNegativeOrNull(),
  tokenMix: oneOf(["observed", "assumed"]),
  cheapest: oneOf(["hourly", "reservation-monthly", "reservation-yearly", "pay-as-you-go"]),
});

/** Final outcomes of a set of requests (the run's, a workload's, those that arrived in an outage window). */
const outcomes = {
  arrived: count(),
  succeeded: count(),
  failed: count(),
  throttled: count(),
  timedOut: count(),
  errored: count(),
};

const outageLoss = object(outcomes);

/** `requests` of the run and of each workload. */
const requestsReport = object({ ...outcomes, retries: count(), successRate: fraction() });

const outageReport = object({
  target: text(),
  startMs: finite(),
  endMs: finite(),
  mode: text(),
  errorRate: fraction(),
  workloads: record(outageLoss).optional(),
});

const workloadReport = object({
  requests: requestsReport,
  spillover: object({ requests: count(), rate: fraction() }),
  throttle: object({ client: object({ rate: fraction() }) }),
  latency: object({ e2e: latencyStats, ttft: latencyStats, e2eAll: latencyStats }),
  cost: object({ horizon: costTotals, monthly: costTotals }),
});

const workloadSeries = object({
  arrivals: list(count()),
  succeeded: list(count()),
  throttled: list(count()),
  failed: list(count()),
});

const sloResult = object({
  expression: text(),
  actual: finite(),
  passed: z.boolean({ error: "true or false" }),
  level: oneOf(["error", "warn"]),
});

const timeseries = object({
  stepSeconds: positive(),
  t: list(nonNegative()),
  arrivals: list(count()),
  succeeded: list(count()),
  throttled: list(count()),
  failed: list(count()),
  backendThrottled: list(count()),
  served: record(list(count())),
  utilization: record(list(nonNegative())),
  latencyP95: list(nonNegative()),
  regions: record(list(count())),
  gatewayRegions: record(list(count())),
  bucketLevel: record(list(nonNegative())),
  outages: list(outageReport),
  workloads: record(workloadSeries),
});

/** Records a cross-field problem; its message reads after the path (`timeseries.t has 29 values, ...`). */
function relation(ctx: z.RefinementCtx, path: PropertyKey[], message: string): void {
  ctx.addIssue({ code: "custom", path, message, params: { relation: true } });
}

/** A deployment's key: `account/deployment`, both names. */
const DEPLOYMENT_ID = /^[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+$/;

/** The zod schema of report.json; its output type is exactly {@link Report} (checked below at compile time). */
export const reportSchema = object({
  schemaVersion: z
    .number({ error: `${REPORT_SCHEMA_VERSION}` })
    .refine((v): boolean => v === REPORT_SCHEMA_VERSION, { error: `${REPORT_SCHEMA_VERSION}` }),
  tool: object({ name: z.literal("spillway", { error: '"spillway"' }), version: text() }),
  scenario: object({
    name: name(),
    description: text(),
    hash: text(),
    validated: z.record(z.string(), z.unknown(), { error: "an object" }).optional(),
  }),
  seed: count(),
  horizon: object({ durationSeconds: nonNegative(), warmupSeconds: nonNegative() }),
  requests: requestsReport,
  attempts: object({ total: count(), throttled: count(), errored: count() }),
  spillover: object({ requests: count(), rate: fraction() }),
  throttle: object({ client: object({ rate: fraction() }), backend: object({ rate: fraction() }) }),
  latency: object({ e2e: latencyStats, ttft: latencyStats, e2eAll: latencyStats.optional() }),
  deployments: record(deploymentReport),
  gateways: record(gatewayReport),
  workloads: record(workloadReport),
  cost: object({
    currency: z
      .string({ error: 'an ISO 4217 currency code such as "USD"' })
      .regex(/^[A-Z]{3}$/, { error: 'an ISO 4217 currency code such as "USD"' }),
    terms: object({ discount: fraction(), exchangeRate: positive() }).optional(),
    horizon: costTotals,
    monthly: costTotals,
    byDeployment: record(object({ horizon: nonNegative(), monthly: nonNegative() })),
    billing: record(billingReport),
  }),
  shares: object({
    deployments: record(record(fraction())),
    gateways: record(record(fraction())),
  }).optional(),
  timeseries,
  slo: list(sloResult),
  warnings: list(object({ code: text(), message: text() })),
  assumptions: list(
    object({
      name: text(),
      value: z.union([z.number(), z.string(), z.boolean()], { error: "a number, text or true/false" }),
      documented: z.literal(false, { error: "false" }),
      isDefault: z.boolean({ error: "true or false" }),
      components: list(text()),
      source: text(),
    }),
  ),
}).superRefine((report, ctx) => {
  // Runs only on a report whose every field has the right type: what is left is how fields relate.
  const deployments = Object.keys(report.deployments);
  for (const id of deployments) {
    if (!DEPLOYMENT_ID.test(id)) {
      relation(
        ctx,
        ["deployments", id],
        "is not a deployment key, expected `account/deployment` (letters, digits, _ and -)",
      );
    }
  }
  for (const gateway of Object.keys(report.gateways)) {
    if (!isValidName(gateway)) {
      relation(ctx, ["gateways", gateway], "is not a gateway name, expected letters, digits, _ and -");
    }
  }
  // Workload names become file names (charts/workload-NAME.png) and element ids: names only, wherever they appear.
  const workloadKeys: [PropertyKey[], Record<string, unknown> | undefined][] = [
    [["workloads"], report.workloads],
    [["timeseries", "workloads"], report.timeseries.workloads],
    ...report.timeseries.outages.map((o, i): [PropertyKey[], Record<string, unknown> | undefined] => [
      ["timeseries", "outages", i, "workloads"],
      o.workloads,
    ]),
    ...(["deployments", "gateways"] as const).flatMap((kind) =>
      Object.entries(report.shares?.[kind] ?? {}).map(
        ([line, weights]): [PropertyKey[], Record<string, unknown>] => [["shares", kind, line], weights],
      ),
    ),
  ];
  for (const [path, rec] of workloadKeys) {
    for (const workload of Object.keys(rec ?? {})) {
      if (!isValidName(workload)) {
        relation(ctx, [...path, workload], "is not a workload name, expected letters, digits, _ and -");
      }
    }
  }
  // Renderers look every deployment up in these records: each must hold exactly the deployments.
  const keyed: [PropertyKey[], Record<string, unknown>][] = [
    [["timeseries", "served"], report.timeseries.served],
    [["timeseries", "utilization"], report.timeseries.utilization],
    [["cost", "byDeployment"], report.cost.byDeployment],
  ];
  for (const [path, rec] of keyed) {
    for (const id of deployments) {
      if (!Object.hasOwn(rec, id)) {
        relation(ctx, [...path, id], "is missing, expected an entry for every deployment");
      }
    }
    for (const id of Object.keys(rec)) {
      if (!Object.hasOwn(report.deployments, id)) {
        relation(ctx, [...path, id], "is not one of the report's deployments");
      }
    }
  }
  for (const [path, rec] of [
    [["cost", "billing"], report.cost.billing],
    [["timeseries", "bucketLevel"], report.timeseries.bucketLevel],
    [["shares", "deployments"], report.shares?.deployments ?? {}],
  ] as const) {
    for (const id of Object.keys(rec)) {
      if (!Object.hasOwn(report.deployments, id)) {
        relation(ctx, [...path, id], "is not one of the report's deployments");
      }
    }
  }
  for (const gateway of Object.keys(report.shares?.gateways ?? {})) {
    if (!Object.hasOwn(report.gateways, gateway)) {
      relation(ctx, ["shares", "gateways", gateway], "is not one of the report's gateways");
    }
  }
  // Charts and CSV index every series by step: one value per timeseries.t entry.
  const steps = report.timeseries.t.length;
  const ts = report.timeseries;
  const series: [PropertyKey[], unknown[]][] = [
    [["arrivals"], ts.arrivals],
    [["succeeded"], ts.succeeded],
    [["throttled"], ts.throttled],
    [["failed"], ts.failed],
    [["backendThrottled"], ts.backendThrottled],
    [["latencyP95"], ts.latencyP95],
  ];
  for (const group of ["served", "utilization", "regions", "gatewayRegions", "bucketLevel"] as const) {
    for (const [key, values] of Object.entries(ts[group])) series.push([[group, key], values]);
  }
  for (const [key, w] of Object.entries(ts.workloads)) {
    for (const kind of ["arrivals", "succeeded", "throttled", "failed"] as const)
      series.push([["workloads", key, kind], w[kind]]);
  }
  for (const [path, values] of series) {
    if (values.length !== steps) {
      relation(
        ctx,
        ["timeseries", ...path],
        `has ${values.length} value${values.length === 1 ? "" : "s"}, expected ${steps} (one per step of timeseries.t)`,
      );
    }
  }
});

/** `true` when each type is assignable to the other. */
export type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Fails to compile unless its argument is `true`. */
export type Assert<T extends true> = T;
/** Compile-time proof that the schema and the {@link Report} interface describe the same thing (both ways). */
export type ReportSchemaMatchesReport = [
  Assert<Exact<z.output<typeof reportSchema>, Report>>,
  Assert<Exact<z.output<typeof deploymentReport>, DeploymentReport>>,
  Assert<Exact<z.output<typeof gatewayReport>, GatewayReport>>,
  Assert<Exact<z.output<typeof gatewayRegionReport>, GatewayRegionReport>>,
  Assert<Exact<z.output<typeof billingReport>, BillingReport>>,
  Assert<Exact<z.output<typeof workloadReport>, WorkloadReport>>,
];

/** The outcome of reading a file against a schema: the value, or every problem as `PATH is VALUE, expected WHAT`. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/**
 * Checks parsed JSON against the report.json schema. On success returns the input object itself (the schema has no
 * transforms), so re-rendering or rewriting a valid report keeps its bytes, unknown keys included. A report written
 * before a field was added (same schemaVersion: additions keep it) is read as a copy in today's shape
 * ({@link upgraded}), so every reader sees one shape.
 */
export function parseReport(json: unknown): Parsed<Report> {
  return parseWith(reportSchema, upgraded(json)) as Parsed<Report>;
}

/** A plain JSON object (not null, not a list). */
function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * A copy of `json` with `key` replaced by `value` (or added last). fromEntries defines own properties, so a
 * "__proto__" key stays a key for the reserved-key check to refuse.
 */
function withKey(json: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const entries = Object.entries(json).filter(([k]) => k !== key);
  const at = Object.keys(json).indexOf(key);
  entries.splice(at < 0 ? entries.length : at, 0, [key, value]);
  return Object.fromEntries(entries);
}

/**
 * The report with the fields added since version 1 first shipped, when it lacks them (the input itself when it has
 * them all): `requests.successRate` from its counts; an empty `assumptions` (older runs did not record them); an
 * empty `timeseries.bucketLevel`; empty `workloads` and `timeseries.workloads` (older runs did not keep them);
 * `timeseries.failed` as arrivals − succeeded per step (every request that arrived and did not succeed failed); and
 * each plain-string warning (every report before warnings had codes) as `{ code: "legacy", message }`.
 * `latency.e2eAll` cannot be derived: it stays absent (the type says so).
 */
function upgraded(json: unknown): unknown {
  if (!isObject(json)) return json;
  let out = json;
  if (!Object.hasOwn(out, "assumptions") && Object.hasOwn(out, "warnings"))
    out = withKey(out, "assumptions", []);
  if (!Object.hasOwn(out, "workloads") && Object.hasOwn(out, "gateways")) out = withKey(out, "workloads", {});
  let ts = out.timeseries;
  if (isObject(ts) && !Object.hasOwn(ts, "bucketLevel")) ts = withKey(ts, "bucketLevel", {});
  if (isObject(ts) && !Object.hasOwn(ts, "workloads")) ts = withKey(ts, "workloads", {});
  if (
    isObject(ts) &&
    !Object.hasOwn(ts, "failed") &&
    Array.isArray(ts.arrivals) &&
    Array.isArray(ts.succeeded)
  ) {
    const ok = ts.succeeded as unknown[];
    // Wrong entries stay wrong (NaN is no count), so the schema still names what is broken in arrivals or succeeded.
    ts = withKey(
      ts,
      "failed",
      ts.arrivals.map((a, i) =>
        typeof a === "number" && typeof ok[i] === "number" ? a - ok[i] : Number.NaN,
      ),
    );
  }
  if (ts !== out.timeseries) out = withKey(out, "timeseries", ts);
  const warnings = out.warnings;
  if (Array.isArray(warnings) && warnings.some((w) => typeof w === "string")) {
    out = withKey(
      out,
      "warnings",
      warnings.map((w) => (typeof w === "string" ? { code: "legacy", message: w } : w)),
    );
  }
  const requests = out.requests;
  if (isObject(requests) && !Object.hasOwn(requests, "successRate")) {
    const rate = readMetric(out, "requests.successRate");
    // Without the counts the schema names what is wrong with `requests`.
    if (typeof rate === "number") out = withKey(out, "requests", { ...requests, successRate: rate });
  }
  return out;
}

/** {@link parseReport} for any schema without transforms: reserved keys first, then the schema's problems. */
export function parseWith<T>(schema: z.ZodType<T>, json: unknown): Parsed<T> {
  const reserved = reservedKeyProblems(json);
  if (reserved.length > 0) return { ok: false, problems: reserved };
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, value: json as T };
  return { ok: false, problems: result.error.issues.map((issue) => describeIssue(issue, json)) };
}

/** Every reserved key ({@link RESERVED_KEYS}) in a JSON value, in document order; no recursion, so any depth is safe. */
function reservedKeyProblems(json: unknown): string[] {
  const problems: string[] = [];
  const stack: { value: unknown; path: PropertyKey[] }[] = [{ value: json, path: [] }];
  while (stack.length > 0 && problems.length < 10) {
    const { value, path } = stack.pop() as { value: unknown; path: PropertyKey[] };
    if (value === null || typeof value !== "object") continue;
    // Children go on the stack last first, so they come off it in document order.
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, i] });
      continue;
    }
    const keys = Object.keys(value);
    if (keys.some((key) => RESERVED_KEYS.has(key))) {
      for (const key of keys.filter((k) => RESERVED_KEYS.has(k))) {
        problems.push(
          `${formatJsonPath([...path, key])} is a reserved key; "__proto__", "constructor" and "prototype" are never names`,
        );
      }
      continue; // one object with a reserved key refuses the file: what lies below it need not be walked
    }
    for (let k = keys.length - 1; k >= 0; k--) {
      stack.push({ value: (value as Record<string, unknown>)[keys[k]], path: [...path, keys[k]] });
    }
  }
  return problems;
}

/** One zod issue as `PATH is VALUE, expected WHAT`, or `PATH <how it breaks a relation>` for {@link relation}s. */
function describeIssue(issue: z.core.$ZodIssue, json: unknown): string {
  const path = formatJsonPath(issue.path);
  const where = path === "" ? "the file" : path;
  if (issue.code === "custom" && issue.params?.relation === true) return `${where} ${issue.message}`;
  const value = valueAt(json, issue.path);
  return `${where} is ${value.found ? describeValue(value.value) : "missing"}, expected ${issue.message}`;
}

/**
 * One line for a file that failed its schema: the file, its first problem (a JSON path), how many more, and the fix.
 * The first problem is enough to act on, and one line is what the CLI prints for bad input.
 */
export function problemLine(file: string, problems: readonly string[], fix: string): string {
  const more = problems.length - 1;
  return `${file}: ${problems[0]}${more > 0 ? ` (and ${more} more problem${more === 1 ? "" : "s"})` : ""}; ${fix}`;
}

/** The value at a path of a JSON document, if it is there. */
function valueAt(json: unknown, path: readonly PropertyKey[]): { found: boolean; value?: unknown } {
  let current: unknown = json;
  for (const key of path) {
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, key))
      return { found: false };
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return { found: current !== undefined, value: current };
}

/** Longest excerpt of a string from the file quoted in a message. */
const QUOTE_CHARS = 40;

/** A short, terminal-safe description of a JSON value: `null`, `-1`, `the string "abc"`, `a list of 3`, `an object`. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === "object") return "an object";
  if (typeof value === "string") {
    const cut = value.length > QUOTE_CHARS ? `${value.slice(0, QUOTE_CHARS)}…` : value;
    return `the string ${quote(cut)}`;
  }
  return String(value);
}

/** JSON-quotes text and also escapes the C1 controls and bidi overrides JSON.stringify leaves, so a terminal shows them inertly. */
function quote(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * A path as the SLO expressions write it (`latency.e2e.p95`, `deployments.acct/ptu.capacity`, `slo[2].actual`); a
 * key holding anything else is bracketed and quoted, so a path from a file cannot forge another or drive a terminal.
 */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (typeof key === "string" && /^[A-Za-z0-9_/-]+$/.test(key)) out += out === "" ? key : `.${key}`;
    else out += `[${quote(String(key))}]`;
  }
  return out;
}
