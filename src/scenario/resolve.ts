/**
 * Referential checks and catalog merging: turns a schema-valid scenario into the resolved form the simulator
 * builds its world from (every deployment with its model facts, limits and latency; every reference checked).
 */
import { createHash } from "node:crypto";
import { type LatencyParams, usageTierOf } from "../azure/latency.js";
import type { OutageWindow } from "../azure/outages.js";
import type { StandardLimiterRules } from "../azure/standard-deployment.js";
import { choiceDefault, numericDefault } from "../catalog/assumptions.js";
import {
  APIM_TIERS,
  type ApimTier,
  type ApimTierFacts,
  DEFAULT_MAX_TOKENS,
  isProvisioned,
  MODELS,
  type ModelFacts,
  PROVISIONED_SKUS,
  type ProvisionedSku,
  STANDARD_SKUS,
  type StandardSku,
  spilloverSku,
} from "../catalog/index.js";
import { ptuPricesOf } from "../catalog/list-prices.js";
import { PRIORITY_FACTS, PRIORITY_LONG_CONTEXT, priorityFacts } from "../catalog/processing.js";
import { regionFacts } from "../catalog/regions.js";
import { defaultPtuSizing, ptuSkuProblem } from "../catalog/sizing.js";
import {
  type BatchSku,
  isBatch,
  type ProcessingOption,
  payAsYouGoSku,
  SKUS,
  skuFacts,
} from "../catalog/skus.js";
import type { ModelPrices } from "../catalog/types.js";
import { excerpt } from "../errors.js";
import { priorityIn, ROUTING_POLICIES, type RoutingPolicyName } from "../gateway/policies.js";
import type { SemanticCacheSettings } from "../gateway/semantic-cache.js";
import type { TokenLimitSettings } from "../gateway/token-limit.js";
import { expandMetrics, FORMER_NAMES, NOT_METRICS } from "../metrics/metric-registry.js";
import { parseSlo, type SloExpression } from "../metrics/slo-expression.js";
import { type RunWarning, warning } from "../metrics/warnings.js";
import { placeOnCalendar, type SyntheticArrivalSpec } from "../workload/arrivals.js";
import { type Calendar, defaultCalendar, parseCalendarStart } from "../workload/calendar.js";
import type { TokenDistribution } from "../workload/token-sizes.js";
import type { TraceColumns, TraceOpenOptions } from "../workload/trace/trace-types.js";
import { MAX_PTU, MAX_TOKENS_PER_REQUEST } from "./limits.js";
import { dropNoPtuDeployments } from "./no-ptu.js";
import { quotaProblems } from "./quota.js";
import { didYouMean, type ResolvedRouter, resolveRouters } from "./routers.js";
import { scenarioWarnings } from "./scenario-warnings.js";
import type {
  ArrivalSpec,
  DeploymentSpec,
  ModelOverride,
  Scenario,
  TokenDistributionSpec,
  WorkloadSpec,
} from "./schema.js";
import { nearestKey, suggestModel, unknownPathProblem } from "./suggest.js";

/** Provisioned billing plans. */
export type Billing = "hourly" | "reservation-monthly" | "reservation-yearly";

/** What every deployment has, whatever its kind. */
interface DeploymentCommon {
  /** `account/deployment`. */
  id: string;
  /** Account name. */
  account: string;
  /** Deployment name. */
  name: string;
  /** The account's region. */
  region: string;
  /** Model name. */
  model: string;
  /** Catalog facts merged with the scenario's overrides. */
  facts: ModelFacts;
  /** PTUs (provisioned) or thousands of TPM (standard). */
  capacity: number;
  /** Latency parameters. */
  latency: LatencyParams;
  /** Undocumented knobs the scenario left unset on this deployment (their defaults apply), by key path. */
  unset: ReadonlySet<string>;
}

/** How a standard deployment's TPM/RPM counters count (README, Assumptions; src/catalog/assumptions.ts). */
export type LimiterRules = StandardLimiterRules;

/** A provisioned (PTU) deployment: a utilization bucket, billed per PTU-hour or reserved. */
export interface ProvisionedDeployment extends DeploymentCommon {
  /** The kind: the tag of {@link ResolvedDeployment}. */
  kind: "provisioned";
  /** SKU. */
  sku: ProvisionedSku;
  /** Billing plan. */
  billing: Billing;
  /** PTUs covered by the reservation (0 with hourly billing); the rest are billed hourly. */
  reservedCapacity: number;
  /** Native spillover target id, or null. */
  spilloverTo: string | null;
  /** Utilization bucket: window (s) and burst fraction above 100%. */
  bucket: { window: number; burst: number };
}

/** A standard (pay-as-you-go) deployment: TPM and RPM quotas, billed per token. */
export interface StandardDeployment extends DeploymentCommon {
  /** The kind: the tag of {@link ResolvedDeployment}. */
  kind: "standard";
  /** SKU. */
  sku: StandardSku;
  /** Limits: tokens per minute, requests per minute, RPM window (s). */
  limits: { tpm: number; rpm: number; rpmWindow: number };
  /** How the counters count. */
  limiter: LimiterRules;
  /** How its calls are processed: standard, Priority or Flex [S44, S45] (README, "Processing options"). */
  processing: ProcessingOption;
  /** Flex: probability a call finds no Flex capacity (the `standard.flex.unavailable` knob; 0 otherwise). */
  flexUnavailable: number;
  /** Priority: the latency of a call served as priority, and the longest prompt served so (null: no limit). */
  priority: { latency: LatencyParams; longContext: number | null } | null;
}

/** A Batch deployment: an enqueued-token quota, results within a turnaround, billed per token [S43]. */
export interface BatchDeployment extends DeploymentCommon {
  /** The kind: the tag of {@link ResolvedDeployment}. */
  kind: "batch";
  /** SKU. */
  sku: BatchSku;
  /** Enqueued-token quota (capacity x 1000). */
  enqueuedTokens: number;
  /** Longest time a request takes, s (the `batch.turnaround` knob). */
  turnaround: number;
}

/** A deployment with everything its model needs: one member per deployment kind. */
export type ResolvedDeployment = ProvisionedDeployment | StandardDeployment | BatchDeployment;

/** A trace to replay: how to open it and how to map it onto simulated time. */
export interface ResolvedTrace {
  /** Reader options (path resolved against the scenario's folder). */
  open: TraceOpenOptions;
  /** Offset from the first row where replay begins, s. */
  start: number;
  /** Offset from the first row where replay ends, s (Infinity: the end of the file). */
  end: number;
  /** Time compression. */
  speedup: number;
  /** Traffic multiplier. */
  scale: number;
  /** Start over at the end. */
  loop: boolean;
}

/** Where a workload sends its requests. */
export type Target =
  | { kind: "gateway"; name: string }
  | { kind: "deployment"; id: string }
  | { kind: "router"; name: string };

/** A workload ready to generate requests. */
export interface ResolvedWorkload {
  /** Workload name. */
  name: string;
  /** Callers' region. */
  region: string;
  /** Target of every request. */
  via: Target;
  /** Arrival process (rates per second, times in seconds), placed on the run's calendar. */
  arrival: SyntheticArrivalSpec | Extract<ArrivalSpec, { type: "trace" }>;
  /** Prompt token distribution (null with a trace: the trace has the counts). */
  promptTokens: TokenDistribution | null;
  /** Completion token distribution, before max_tokens (null with a trace). */
  completionTokens: TokenDistribution | null;
  /** The trace to replay, when `arrival.type` is trace. */
  trace: ResolvedTrace | null;
  /** max_tokens sent with every request. */
  maxTokens: number;
  /** Whether the scenario left maxTokens unset (the assumed default applies). */
  maxTokensUnset: boolean;
  /** Share of prompt tokens served from cache. */
  cachedPromptFraction: number;
  /** The calling SDK. */
  client: WorkloadSpec["client"];
}

/** A gateway ready to route. */
export interface ResolvedGateway {
  /** Gateway name. */
  name: string;
  /** APIM tier. */
  tier: ApimTier;
  /** Tier facts. */
  tierFacts: ApimTierFacts;
  /** Units per region. */
  units: number;
  /** Breaker and routing state: one per unit (instance) or one per region. */
  stateScope: "instance" | "region";
  /** Gateway regions. */
  regions: string[];
  /** Per-pass latency, s. */
  overhead: number;
  /** Routing policy. */
  policy: RoutingPolicyName;
  /** Requests per second one region serves (units x per-unit throughput; Infinity for Consumption). */
  capacityPerSecond: number;
  /** Requests a region holds waiting above capacity before answering 503. */
  queueLimit: number;
  /** USD per unit per region per month. */
  pricePerUnitMonthly: number;
  /** How long callers keep using a failed gateway region (and a recovered one stays avoided), s. */
  failoverDetection: number;
  /** forward-request timeout, s: a slower backend answer becomes a 504 from the gateway. */
  forwardTimeout: number;
  /** Pool members in file order; a priority is one number, or one per gateway region (every region listed). */
  backends: { deployment: string; priority: number | Readonly<Record<string, number>>; weight: number }[];
  /** Undocumented knobs the scenario left unset on this gateway (their defaults apply), by key path. */
  unset: ReadonlySet<string>;
  /** Circuit-breaker rule, if any (seconds). */
  circuitBreaker: NonNullable<Scenario["gateways"][number]["circuitBreaker"]> | null;
  /** `<retry>` policy, if any (seconds). */
  retry: NonNullable<Scenario["gateways"][number]["retry"]> | null;
  /** The token limit (per gateway region), if any. */
  tokenLimit: TokenLimitSettings | null;
  /** The semantic cache, if any, with its stated prices (USD). */
  semanticCache:
    | (SemanticCacheSettings & { embeddingPricePerMillionTokens: number; cacheMonthly: number })
    | null;
}

/** A scenario resolved against the catalog: what the simulator runs. */
export interface ResolvedScenario {
  /** Scenario name. */
  name: string;
  /** Scenario description. */
  description: string;
  /** Run seed. */
  seed: number;
  /** Measured horizon, s. */
  duration: number;
  /** Unmeasured warmup before the horizon, s. */
  warmup: number;
  /** Deployments in file order. */
  deployments: ResolvedDeployment[];
  /** Client-side routers in file order. */
  routers: ResolvedRouter[];
  /** Gateways in file order. */
  gateways: ResolvedGateway[];
  /** Workloads in file order. */
  workloads: ResolvedWorkload[];
  /** Parsed SLO assertions. */
  slo: SloExpression[];
  /** Round-trip latencies: same region, other regions, and pair overrides (`a~b`), seconds. */
  network: {
    sameRegion: number;
    interRegion: number;
    interRegionUnset: boolean;
    pairs: Record<string, number>;
  };
  /** Outage windows with what they apply to. */
  outages: ResolvedOutage[];
  /** sha256 of the validated scenario as canonical JSON. */
  hash: string;
  /** The validated scenario (defaults filled, units canonical). */
  validated: Scenario;
  /** Things that are allowed but probably not what the user meant, or assumptions that shape the figures. */
  warnings: RunWarning[];
  /** Negotiated discount and reporting currency (`billing:`; none and USD when absent). */
  billingTerms: BillingTerms;
  /** What time 0 is on the calendar (`calendar:`; a Monday at 00:00 when absent). */
  calendar: Calendar;
}

/**
 * Billing terms: `discount` off list consumption prices (PTU hours, tokens, API Management; not reservations), and
 * money reported in `currency` at `exchangeRate` units per 1 USD (1 for USD).
 */
export interface BillingTerms {
  /** Fraction off list consumption prices, in [0, 1). */
  discount: number;
  /** ISO 4217 code of the report currency. */
  currency: string;
  /** Units of `currency` per 1 USD. */
  exchangeRate: number;
}

/** An outage window and the component it applies to. */
export interface ResolvedOutage {
  /** What kind of component fails. */
  kind: "region" | "deployment" | "gateway";
  /** Region name, `account/deployment`, or gateway name. */
  target: string;
  /** For gateway outages: the failing gateway regions. */
  gatewayRegions: string[];
  /** The window. */
  window: OutageWindow;
}

/** A problem found while resolving, with its path as an array (for line lookup). */
export interface PathProblem {
  /** Path into the scenario. */
  path: (string | number)[];
  /** What is wrong and what to change. */
  message: string;
}

/** Checks references, merges the catalog and returns the resolved scenario plus any problems. */
export function resolveScenario(
  scenario: Scenario,
  readFile?: (relativePath: string) => string,
  resolvePath: (relativePath: string) => string = (relativePath) => relativePath,
): { scenario: ResolvedScenario; problems: PathProblem[] } {
  const problems: PathProblem[] = [];
  const warnings: RunWarning[] = [];
  const problem = (path: (string | number)[], message: string) => problems.push({ path, message });

  // Models: catalog merged with overrides; new models must say what the catalog would have.
  // null: a `models:` entry that could not be completed (its problem is reported once, under models.<name>).
  const models = new Map<string, ModelFacts | null>();
  const modelFor = (name: string): ModelFacts | undefined => {
    if (models.has(name)) return models.get(name) ?? undefined;
    // Own keys only: a model named "__proto__" or "toString" must not find Object.prototype's members.
    const base = Object.hasOwn(MODELS, name) ? MODELS[name] : undefined;
    const override = Object.hasOwn(scenario.models, name) ? scenario.models[name] : undefined;
    if (base === undefined && override === undefined) return undefined;
    const merged = mergeModel(name, base, override, (message) => problem(["models", name], message));
    models.set(name, merged ?? null);
    return merged;
  };

  // The schema checked the start; a scenario without one starts on the default Monday.
  const calendar =
    scenario.calendar === undefined
      ? defaultCalendar()
      : (parseCalendarStart(scenario.calendar.start) as Calendar);

  const deployments: ResolvedDeployment[] = [];
  const byId = new Map<
    string,
    { spec: Scenario["accounts"][number]["deployments"][number]; path: (string | number)[] }
  >();
  const accountNames = new Set<string>();
  scenario.accounts.forEach((account, a) => {
    if (accountNames.has(account.name))
      problem(["accounts", a, "name"], `duplicate account name "${account.name}"`);
    accountNames.add(account.name);
    const names = new Set<string>();
    account.deployments.forEach((d, i) => {
      const path: (string | number)[] = ["accounts", a, "deployments", i];
      if (names.has(d.name))
        problem([...path, "name"], `duplicate deployment name "${d.name}" in account "${account.name}"`);
      names.add(d.name);
      byId.set(`${account.name}/${d.name}`, { spec: d, path });
    });
  });

  scenario.accounts.forEach((account) => {
    for (const d of account.deployments) {
      const id = `${account.name}/${d.name}`;
      const path = byId.get(id)?.path ?? [];
      const facts = modelFor(d.model);
      if (facts === undefined) {
        // A model defined under models: but incomplete is reported there, not as unknown at each deployment.
        if (!Object.hasOwn(scenario.models, d.model))
          problem([...path, "model"], unknownModelMessage(d.model, Object.keys(scenario.models)));
        continue;
      }
      const provisioned = isProvisioned(d.sku);
      if (provisioned && d.capacity > MAX_PTU) {
        problem(
          [...path, "capacity"],
          `${d.capacity} PTU is above ${MAX_PTU.toLocaleString("en-US")}, more than any deployment can hold; is it the TPM quota of a standard SKU?`,
        );
        continue;
      }
      if (!provisioned && d.capacity === 0) {
        problem(
          [...path, "capacity"],
          `capacity 0 is for provisioned deployments only (it means no PTU deployment); a ${d.sku} deployment needs a quota of at least 1 (thousand ${isBatch(d.sku) ? "enqueued tokens" : "TPM"}), or remove it`,
        );
        continue;
      }
      if (isProvisioned(d.sku)) {
        const sizing = facts.ptuSizing[d.sku];
        if (sizing === undefined) {
          problem([...path, "sku"], ptuSkuProblem(d.model, facts, d.sku) ?? "");
          continue;
        }
        // 0: no PTU deployment (src/scenario/no-ptu.ts), taken out of the run below.
        if (d.capacity !== 0 && (d.capacity < sizing.minimum || d.capacity % sizing.increment !== 0)) {
          const lower = Math.max(
            sizing.minimum,
            Math.floor(d.capacity / sizing.increment) * sizing.increment,
          );
          const upper = Math.max(sizing.minimum, Math.ceil(d.capacity / sizing.increment) * sizing.increment);
          problem(
            [...path, "capacity"],
            `${d.capacity} PTU is not deployable for ${d.model} ${d.sku}: the minimum is ${sizing.minimum} and capacity must be a multiple of ${sizing.increment} (try ${lower === upper ? upper : `${lower} or ${upper}`})`,
          );
        }
        if (d.rateLimits !== undefined) {
          problem(
            [...path, "rateLimits"],
            "rateLimits apply to standard deployments only; remove it or use bucket",
          );
        }
        if (d.reservedCapacity !== undefined) {
          if (d.billing === undefined || d.billing === "hourly") {
            problem(
              [...path, "reservedCapacity"],
              "reservedCapacity needs billing: reservation-monthly or reservation-yearly",
            );
          } else if (d.reservedCapacity > d.capacity) {
            problem(
              [...path, "reservedCapacity"],
              `a reservation of ${d.reservedCapacity} PTU is more than the ${d.capacity} PTU deployed; extra reserved PTUs would be paid for and unused`,
            );
          }
        }
      } else {
        const override = Object.hasOwn(scenario.models, d.model) ? scenario.models[d.model] : undefined;
        // A Batch SKU is priced from its standard SKU's prices (src/catalog/processing.ts).
        const priced = isBatch(d.sku) ? payAsYouGoSku(d.sku) : (d.sku as StandardSku);
        const missing = missingTokenPrices(override, facts, priced);
        if (missing.length > 0) {
          const fields = missing.map((k) => `${k}: <USD per 1M tokens>`).join(", ");
          problem(
            [...path, "model"],
            `${d.model} has no ${priced} ${missing.join(" or ")} token price, so this deployment's tokens would cost $0; ` +
              `add models: { ${d.model}: { prices: { ${priced}: { ${fields} } } } } ` +
              "(spillway prices import writes it from Azure's price list), or set a price to 0 on purpose",
          );
        }
        for (const key of ["billing", "reservedCapacity", "spilloverDeploymentName", "bucket"] as const) {
          if (d[key] !== undefined) {
            problem(
              [...path, key],
              `${key} applies to provisioned deployments only (this one is ${d.sku}); remove it`,
            );
          }
        }
      }
      processingProblems(d, account.region, path, problem);
      // The load assumptions (azure/latency.ts) apply to one kind each.
      for (const key of provisioned ? (["overTier", "usageTier"] as const) : (["loadSlowdown"] as const)) {
        if (d.latency?.[key] !== undefined) {
          problem(
            [...path, "latency", key],
            `latency.${key} applies to ${provisioned ? "standard" : "provisioned"} deployments only (this one is ${d.sku}); remove it`,
          );
        }
      }
      let spilloverTo: string | null = null;
      if (provisioned && d.spilloverDeploymentName !== undefined) {
        const targetId = `${account.name}/${d.spilloverDeploymentName}`;
        const target = byId.get(targetId)?.spec;
        const expected = spilloverSku(d.sku);
        if (target === undefined) {
          problem(
            [...path, "spilloverDeploymentName"],
            `"${d.spilloverDeploymentName}" is not a deployment of account "${account.name}" (spillover stays within one account)`,
          );
        } else if (expected === undefined) {
          problem(
            [...path, "spilloverDeploymentName"],
            `${d.sku} has no native spillover: Azure offers it for ${PROVISIONED_SKUS.filter(
              (s) => spilloverSku(s) !== undefined,
            )
              .map((s) => `${s} -> ${spilloverSku(s)}`)
              .join(" and ")}`,
          );
        } else if (target.sku !== expected) {
          problem(
            [...path, "spilloverDeploymentName"],
            `"${targetId}" is ${target.sku}; spillover from ${d.sku} needs a ${expected} deployment (matching data-processing level)`,
          );
        } else if (target.model !== d.model) {
          problem(
            [...path, "spilloverDeploymentName"],
            `"${targetId}" runs ${target.model}; spillover needs the same model (${d.model})`,
          );
        } else {
          spilloverTo = targetId;
        }
      }
      // Knob keys left unset: the assumption's default applies (and report.json says so).
      const unset = new Set<string>();
      const knobValue = <T>(key: string, given: T | undefined, fallback: T): T => {
        if (given !== undefined) return given;
        unset.add(key);
        return fallback;
      };
      const common: DeploymentCommon = {
        id,
        account: account.name,
        name: d.name,
        region: account.region,
        model: d.model,
        facts,
        capacity: d.capacity,
        latency: {
          ttft: d.latency?.ttft ?? facts.latency.ttft,
          ttftPer1kPromptTokens: d.latency?.ttftPer1kPromptTokens ?? facts.latency.ttftPer1kPromptTokens,
          tokensPerSecond: d.latency?.tokensPerSecond ?? facts.latency.tokensPerSecond,
          // Provisioned deployments promise "consistent" processing time [S1]; standard ones have no latency SLA [S6c].
          jitter: d.latency?.jitter ?? (provisioned ? 0.1 : 0.3),
          loadSlowdown: provisioned
            ? knobValue(
                "latency.loadSlowdown",
                d.latency?.loadSlowdown,
                numericDefault("provisioned.latency.loadSlowdown"),
              )
            : 0,
          overTier: provisioned
            ? 1
            : knobValue("latency.overTier", d.latency?.overTier, numericDefault("standard.latency.overTier")),
          usageTier: provisioned ? null : (d.latency?.usageTier ?? usageTierOf(d.model)),
        },
        unset,
      };
      if (isProvisioned(d.sku)) {
        deployments.push({
          ...common,
          kind: "provisioned",
          sku: d.sku,
          billing: d.billing ?? "hourly",
          reservedCapacity:
            d.billing === undefined || d.billing === "hourly"
              ? 0
              : Math.min(d.reservedCapacity ?? d.capacity, d.capacity),
          spilloverTo,
          bucket: {
            window: knobValue("bucket.window", d.bucket?.window, numericDefault("provisioned.bucket.window")),
            burst: knobValue("bucket.burst", d.bucket?.burst, numericDefault("provisioned.bucket.burst")),
          },
        });
      } else if (isBatch(d.sku)) {
        deployments.push({
          ...common,
          kind: "batch",
          sku: d.sku,
          enqueuedTokens: d.capacity * 1000,
          turnaround: knobValue("turnaround", d.turnaround, numericDefault("batch.turnaround")),
        });
      } else {
        const sku = d.sku as StandardSku;
        const processing = d.processing ?? "standard";
        const priority = processing === "priority" ? priorityFacts(d.model) : undefined;
        const tpm = d.rateLimits?.tpm ?? d.capacity * 1000;
        const rpm = d.rateLimits?.rpm ?? (tpm / 1000) * facts.rpmPer1kTpm[sku];
        deployments.push({
          ...common,
          kind: "standard",
          sku,
          limits: {
            tpm,
            rpm,
            rpmWindow: knobValue(
              "rateLimits.rpmWindow",
              d.rateLimits?.rpmWindow,
              numericDefault("standard.rpmWindow"),
            ),
          },
          limiter: {
            window: knobValue(
              "limiter.window",
              d.limiter?.window,
              choiceDefault("standard.limiter.window") as LimiterRules["window"],
            ),
            admission: knobValue(
              "limiter.admission",
              d.limiter?.admission,
              choiceDefault("standard.limiter.admission") as LimiterRules["admission"],
            ),
            countRejected: knobValue(
              "limiter.countRejected",
              d.limiter?.countRejected,
              choiceDefault("standard.limiter.countRejected") as boolean,
            ),
            estimate: d.limiter?.estimate ?? "prompt+maxTokens",
          },
          processing,
          flexUnavailable:
            processing === "flex"
              ? knobValue("flexUnavailable", d.flexUnavailable, numericDefault("standard.flex.unavailable"))
              : 0,
          priority:
            priority === undefined
              ? null
              : {
                  // The target is a floor on 99 % of calls: the mean speed that puts the slowest 1 % (2.33 standard
                  // deviations of a provisioned deployment's jitter) at it, unless the model is faster anyway.
                  latency: {
                    ...common.latency,
                    jitter: PRIORITY_JITTER,
                    tokensPerSecond: Math.max(
                      common.latency.tokensPerSecond,
                      priority.targetTokensPerSecond * Math.exp(2.326 * PRIORITY_JITTER),
                    ),
                  },
                  longContext: priority.longContextDowngrade ? PRIORITY_LONG_CONTEXT : null,
                },
        });
      }
    }
  });

  // Models defined but unused, and overrides of models that nothing deploys, are harmless: no warning.
  const gatewayNames = new Set<string>();
  const gateways: ResolvedGateway[] = [];
  scenario.gateways.forEach((g, gi) => {
    const path: (string | number)[] = ["gateways", gi];
    if (gatewayNames.has(g.name)) problem([...path, "name"], `duplicate gateway name "${g.name}"`);
    gatewayNames.add(g.name);
    const tierFacts = APIM_TIERS[g.tier];
    const seen = new Set<string>();
    g.backends.forEach((b, bi) => {
      if (!byId.has(b.deployment)) {
        problem(
          [...path, "backends", bi, "deployment"],
          `"${b.deployment}" is not a deployment: write account/deployment, one of ${[...byId.keys()].join(", ")}`,
        );
      } else if (isBatch(byId.get(b.deployment)?.spec.sku ?? "")) {
        problem(
          [...path, "backends", bi, "deployment"],
          `"${b.deployment}" is a Batch deployment, which takes jobs, not calls through a gateway; have the offline workload call it directly (via: ${b.deployment})`,
        );
      }
      if (seen.has(b.deployment))
        problem([...path, "backends", bi, "deployment"], `"${b.deployment}" is in the pool twice`);
      seen.add(b.deployment);
    });
    const regions = g.regions ?? [
      deployments.find((d) => d.id === g.backends[0]?.deployment)?.region ?? "unknown",
    ];
    if (regions.length > 1 && !tierFacts.multiRegion) {
      problem(
        [...path, "regions"],
        `${g.tier} runs in one region; only Premium deploys a gateway in several regions (list one region or use Premium)`,
      );
    }
    if (new Set(regions).size !== regions.length) problem([...path, "regions"], "a region is listed twice");
    g.backends.forEach((b, bi) => {
      if (typeof b.priority === "number") return;
      const at = [...path, "backends", bi, "priority"];
      for (const key of Object.keys(b.priority)) {
        if (regions.includes(key)) continue;
        const near = nearestKey(key, regions);
        problem(
          [...at, key],
          `"${key}" is not a region of gateway ${g.name}${near === undefined ? "" : ` (did you mean "${near}"?)`}; its regions: ${regions.join(", ")}`,
        );
      }
      const missing = regions.filter((r) => !(r in (b.priority as Record<string, number>)));
      if (missing.length > 0)
        problem(
          at,
          `no priority for gateway region ${missing.join(", ")}: a per-region priority lists every region of gateway ${g.name} (${regions.join(", ")})`,
        );
    });
    if (g.tokenLimit !== undefined && tierFacts.maxUnits === null)
      problem(
        [...path, "tokenLimit"],
        `AI token limit policies aren't available in the ${g.tier} tier; remove tokenLimit or pick another tier`,
      );
    // Each policy says which gateway settings it refuses (src/gateway/policies.ts).
    const refused = ROUTING_POLICIES[g.policy].check({
      backends: g.backends.map((b) => ({ priority: priorityIn(b.priority, regions[0]), weight: b.weight })),
      circuitBreaker: g.circuitBreaker ?? null,
      retry: g.retry ?? null,
    });
    for (const r of refused) problem([...path, r.key], r.message);
    if (g.circuitBreaker !== undefined && !tierFacts.circuitBreaker) {
      problem(
        [...path, "circuitBreaker"],
        `the ${g.tier} tier has no backend circuit breaker; remove it or pick another tier`,
      );
    }
    if (tierFacts.maxUnits !== null && g.units > tierFacts.maxUnits) {
      problem(
        [...path, "units"],
        `${g.tier} allows at most ${tierFacts.maxUnits} unit(s) per region, not ${g.units}`,
      );
    }
    if (g.circuitBreaker !== undefined) {
      g.circuitBreaker.failureCondition.statusCodeRanges.forEach((r, ri) => {
        if (r.min > r.max) {
          problem(
            [...path, "circuitBreaker", "failureCondition", "statusCodeRanges", ri],
            `min ${r.min} is above max ${r.max}`,
          );
        }
      });
    }
    const weights = new Map<number, number>();
    for (const region of regions)
      for (const b of g.backends) {
        const p = priorityIn(b.priority, region) ?? 1;
        weights.set(p, (weights.get(p) ?? 0) + b.weight);
      }
    for (const [priority, total] of weights) {
      if (total === 0)
        warnings.push(
          warning(
            "gateway-zero-weights",
            `gateway ${g.name}: every backend of priority ${priority} has weight 0; they share traffic evenly`,
          ),
        );
    }
    const perUnit = g.requestsPerSecondPerUnit ?? tierFacts.requestsPerSecondPerUnit;
    const ignored = [
      g.requestsPerSecondPerUnit !== undefined ? "requestsPerSecondPerUnit" : "",
      g.queueLimit !== undefined ? "queueLimit" : "",
      g.units > 1 ? "units" : "",
      g.stateScope !== undefined ? "stateScope" : "",
    ].filter((k) => k !== "");
    if (tierFacts.maxUnits === null && ignored.length > 0) {
      warnings.push(
        warning(
          "setting-ignored",
          `gateway ${g.name}: ${g.tier} scales by itself (no units, one routing state), so ${ignored.join(", ")} ${ignored.length === 1 ? "is" : "are"} ignored`,
        ),
      );
    }
    // Consumption scales by itself: no unit capacity to saturate.
    const capacityPerSecond = tierFacts.maxUnits === null ? Number.POSITIVE_INFINITY : g.units * perUnit;
    const gatewayUnset = new Set(
      (
        [
          ["queueLimit", g.queueLimit],
          ["overhead", g.overhead],
          ["failover.detection", g.failover?.detection],
          ["stateScope", g.stateScope],
          ["tokenLimit.admission", g.tokenLimit?.admission],
          ["tokenLimit.bucket", g.tokenLimit?.bucket],
          ["semanticCache.lookupLatency", g.semanticCache?.lookupLatency],
        ] as const
      )
        .filter(([, v]) => v === undefined)
        .map(([k]) => k),
    );
    gateways.push({
      name: g.name,
      tier: g.tier,
      tierFacts,
      units: g.units,
      stateScope: g.stateScope ?? (choiceDefault("gateway.stateScope") as ResolvedGateway["stateScope"]),
      regions,
      overhead: g.overhead ?? tierFacts.overhead,
      policy: g.policy,
      capacityPerSecond,
      // ASSUMPTION: a region holds about two seconds of work before refusing; APIM publishes no queue size.
      queueLimit: g.queueLimit ?? (Number.isFinite(capacityPerSecond) ? Math.ceil(2 * capacityPerSecond) : 0),
      pricePerUnitMonthly: g.pricePerUnitMonthly ?? tierFacts.pricePerUnitMonthly,
      failoverDetection: g.failover?.detection ?? numericDefault("gateway.failover.detection"),
      forwardTimeout: g.forwardTimeout,
      backends: g.backends.map((b) => ({ ...b })),
      circuitBreaker: g.circuitBreaker ?? null,
      retry: g.retry ?? null,
      tokenLimit:
        g.tokenLimit === undefined
          ? null
          : {
              tokensPerMinute: g.tokenLimit.tokensPerMinute,
              counterKey: g.tokenLimit.counterKey,
              estimatePromptTokens: g.tokenLimit.estimatePromptTokens,
              // Classic tiers count over a sliding window, v2 tiers with a token bucket [S91].
              algorithm: g.tier.endsWith("V2") ? "bucket" : "sliding",
              admission:
                g.tokenLimit.admission ??
                (choiceDefault("gateway.tokenLimit.admission") as TokenLimitSettings["admission"]),
              bucketSeconds: g.tokenLimit.bucket ?? numericDefault("gateway.tokenLimit.bucket"),
            },
      semanticCache:
        g.semanticCache === undefined
          ? null
          : {
              hitRate: g.semanticCache.hitRate,
              lookupLatency:
                g.semanticCache.lookupLatency ?? numericDefault("gateway.semanticCache.lookupLatency"),
              embeddingPricePerMillionTokens: g.semanticCache.embeddingPricePerMillionTokens,
              cacheMonthly: g.semanticCache.cacheMonthly,
            },
      unset: gatewayUnset,
    });
  });

  const routers = resolveRouters(
    scenario.routers ?? [],
    new Set(byId.keys()),
    gatewayNames,
    problem,
    new Set([...byId].filter(([, d]) => isBatch(d.spec.sku)).map(([id]) => id)),
  );
  const workloads: ResolvedWorkload[] = [];
  const workloadNames = new Set<string>();
  scenario.traffic.forEach((w, wi) => {
    const path: (string | number)[] = ["traffic", wi];
    if (workloadNames.has(w.name)) problem([...path, "name"], `duplicate workload name "${w.name}"`);
    workloadNames.add(w.name);
    let via: Target | undefined;
    let targetRegion: string | undefined;
    const router = routers.find((r) => r.name === w.via);
    if (router !== undefined) {
      via = { kind: "router", name: w.via };
      targetRegion = deployments.find((d) => d.id === router.deploymentIds[0])?.region;
    } else if (gatewayNames.has(w.via)) {
      via = { kind: "gateway", name: w.via };
      targetRegion = gateways.find((g) => g.name === w.via)?.regions[0];
    } else if (byId.has(w.via)) {
      via = { kind: "deployment", id: w.via };
      targetRegion = deployments.find((d) => d.id === w.via)?.region;
    } else {
      const known = [...gatewayNames, ...routers.map((r) => r.name), ...byId.keys()];
      problem(
        [...path, "via"],
        `"${w.via}" is neither a gateway nor an account/deployment, nor a router${didYouMean(w.via, known)}; known: ${known.join(", ")}`,
      );
    }
    const arrival = w.arrival;
    let trace: ResolvedTrace | null = null;
    let prompt: TokenDistribution | null | undefined = null;
    let completion: TokenDistribution | null | undefined = null;
    if (arrival.type === "trace") {
      trace = resolveTrace(arrival, [...path, "arrival"], problem, resolvePath);
      for (const key of ["promptTokens", "completionTokens"] as const) {
        if (w[key] !== undefined)
          warnings.push(
            warning(
              "setting-ignored",
              `workload ${w.name}: ${key} is ignored, token counts come from the trace`,
            ),
          );
      }
    } else {
      for (const key of ["promptTokens", "completionTokens"] as const) {
        if (w[key] === undefined)
          problem([...path, key], `"${key}" is required (unless arrival.type is trace)`);
      }
      if (w.promptTokens !== undefined)
        prompt = resolveTokens(w.promptTokens, [...path, "promptTokens"], problem, readFile);
      if (w.completionTokens !== undefined) {
        completion = resolveTokens(w.completionTokens, [...path, "completionTokens"], problem, readFile);
      }
      if (w.promptTokens === undefined || w.completionTokens === undefined) return;
    }
    if (w.arrival.type === "diurnal" && w.arrival.trough > w.arrival.peak) {
      problem([...path, "arrival", "trough"], "trough is above peak; swap them");
    }
    if (w.arrival.type === "bursty" && w.arrival.burstFor > w.arrival.burstEvery) {
      problem([...path, "arrival", "burstFor"], "burstFor is longer than burstEvery; bursts would overlap");
    }
    if (via === undefined || prompt === undefined || completion === undefined) return;
    if (arrival.type === "trace" && trace === null) return;
    workloads.push({
      name: w.name,
      region: w.region ?? targetRegion ?? "unknown",
      via,
      arrival: arrival.type === "trace" ? arrival : placeOnCalendar(arrival, calendar),
      promptTokens: prompt,
      completionTokens: completion,
      trace,
      maxTokens: w.maxTokens ?? DEFAULT_MAX_TOKENS,
      maxTokensUnset: w.maxTokens === undefined,
      cachedPromptFraction: w.cachedPromptFraction,
      // A Batch job is asynchronous: its caller polls for the results, so no attempt times out [S43].
      client:
        via.kind === "deployment" && isBatch(byId.get(via.id)?.spec.sku ?? "")
          ? { ...w.client, timeout: Number.POSITIVE_INFINITY }
          : w.client,
    });
  });

  const knownRegions = new Set([...deployments.map((d) => d.region), ...gateways.flatMap((g) => g.regions)]);
  const outages: ResolvedOutage[] = [];
  scenario.outages.forEach((o, i) => {
    const path: (string | number)[] = ["outages", i];
    const window = (label: string, errorRate: number, latencyFactor: number): OutageWindow => ({
      start: o.start,
      end: o.start + o.duration,
      errorRate,
      status: o.status,
      latencyFactor,
      mode: o.mode,
      errorDelay: o.errorDelay,
      label,
    });
    if (o.start >= scenario.duration)
      warnings.push(
        warning("outage-after-horizon", `outages[${i}] starts after the horizon ends; it has no effect`),
      );
    if ("deployment" in o) {
      if (!byId.has(o.deployment)) {
        problem(
          [...path, "deployment"],
          `"${o.deployment}" is not a deployment; known: ${[...byId.keys()].join(", ")}`,
        );
        return;
      }
      outages.push({
        kind: "deployment",
        target: o.deployment,
        gatewayRegions: [],
        window: window(`deployment ${o.deployment}`, o.errorRate, o.latencyFactor),
      });
    } else if ("gateway" in o) {
      const g = gateways.find((x) => x.name === o.gateway);
      if (g === undefined) {
        const known = gateways.map((x) => x.name).join(", ") || "none";
        problem([...path, "gateway"], `"${o.gateway}" is not a gateway; known: ${known}`);
        return;
      }
      if (o.region !== undefined && !g.regions.includes(o.region)) {
        problem(
          [...path, "region"],
          `gateway "${g.name}" has no region "${o.region}"; its regions: ${g.regions.join(", ")}`,
        );
        return;
      }
      const failing = o.region === undefined ? g.regions : [o.region];
      outages.push({
        kind: "gateway",
        target: g.name,
        gatewayRegions: failing,
        window: window(`gateway ${g.name} ${failing.join("+")}`, 1, 1),
      });
    } else {
      if (!knownRegions.has(o.region)) {
        problem(
          [...path, "region"],
          `nothing runs in region "${o.region}"; regions in this scenario: ${[...knownRegions].join(", ")}`,
        );
        return;
      }
      outages.push({
        kind: "region",
        target: o.region,
        gatewayRegions: [],
        window: window(`region ${o.region}`, 1, 1),
      });
    }
  });

  // SLO paths are checked here, before any run, against the metric registry expanded with this scenario's own
  // names: every declared deployment (even one with a problem of its own) and every gateway's regions and backends.
  const metricPaths = new Set(
    scenario.slo.length === 0
      ? []
      : expandMetrics({
          deployments: [...byId].map(([id, { spec }]) => ({
            id,
            provisioned: isProvisioned(spec.sku),
            batch: isBatch(spec.sku),
          })),
          gateways: gateways.map((g) => ({
            name: g.name,
            regions: g.regions,
            backends: g.backends.map((b) => b.deployment),
            policies: (["tokenLimit", "semanticCache"] as const).filter((k) => g[k] !== null),
          })),
          workloads: scenario.traffic.map((w) => w.name),
        }).map((m) => m.path),
  );
  const slo: SloExpression[] = [];
  scenario.slo.forEach((entry, i) => {
    const parsed = typeof entry === "string" ? parseSlo(entry) : parseSlo(entry.expression, entry.level);
    const pathProblem =
      typeof parsed === "string"
        ? parsed
        : unknownPathProblem(parsed.path.join("."), metricPaths, {
            notMetrics: NOT_METRICS,
            renamed: FORMER_NAMES,
          });
    if (pathProblem !== undefined) problem(["slo", i], pathProblem);
    else if (typeof parsed !== "string") slo.push(parsed);
  });

  // capacity 0 on a provisioned deployment: no PTU deployment, taken out with every reference to it.
  dropNoPtuDeployments({ deployments, workloads, gateways, routers, outages, slo }, problem);
  for (const p of quotaProblems(scenario)) problem(p.path, p.message);
  warnings.push(...scenarioWarnings(scenario, deployments, gateways, workloads, routers));
  return {
    problems,
    scenario: {
      name: scenario.name,
      description: scenario.description,
      seed: scenario.seed,
      duration: scenario.duration,
      warmup: scenario.warmup,
      deployments,
      gateways,
      routers,
      workloads,
      slo,
      network: {
        sameRegion: scenario.network.latency.sameRegion,
        interRegion: scenario.network.latency.interRegion ?? numericDefault("network.interRegion"),
        interRegionUnset: scenario.network.latency.interRegion === undefined,
        pairs: scenario.network.latency.pairs,
      },
      outages,
      hash: hashScenario(scenario),
      validated: scenario,
      warnings,
      billingTerms: {
        discount: scenario.billing?.discount ?? 0,
        currency: scenario.billing?.currency ?? "USD",
        exchangeRate: scenario.billing?.exchangeRate ?? 1,
      },
      calendar,
    },
  };
}

/** Checks a trace arrival's settings and resolves its file against the scenario's folder. */
function resolveTrace(
  arrival: Extract<ArrivalSpec, { type: "trace" }>,
  path: (string | number)[],
  problem: (path: (string | number)[], message: string) => void,
  resolvePath: (relativePath: string) => string,
): ResolvedTrace | null {
  const columns = arrival.columns ?? {};
  if (arrival.format === "csv" || arrival.format === "jsonl") {
    const missing = (["time", "prompt", "completion"] as const).filter((k) => columns[k] === undefined);
    if (missing.length > 0) {
      problem(
        [...path, "columns"],
        `format ${arrival.format} needs columns ${missing.join(", ")}, e.g. columns: { time: arrived_at, timeUnit: s, prompt: num_prefill_tokens, completion: num_decode_tokens }`,
      );
      return null;
    }
  }
  if (
    arrival.tag !== undefined &&
    columns.tag === undefined &&
    arrival.format !== "aoai-log" &&
    arrival.format !== "apim-llm-log"
  ) {
    problem([...path, "tag"], "tag needs columns.tag (the column holding the workload or deployment name)");
    return null;
  }
  const end = arrival.end ?? Number.POSITIVE_INFINITY;
  if (end <= arrival.start) {
    problem([...path, "end"], `end (${end} s) must come after start (${arrival.start} s)`);
    return null;
  }
  const cleanColumns = Object.fromEntries(
    Object.entries(columns).filter(([, v]) => v !== undefined),
  ) as Partial<TraceColumns>;
  return {
    open: {
      path: resolvePath(arrival.file),
      displayPath: arrival.file,
      format: arrival.format,
      columns: cleanColumns,
      onBadRow: arrival.onBadRow,
      reorderWindow: arrival.reorderWindow,
      tag: arrival.tag,
    },
    start: arrival.start,
    end,
    speedup: arrival.speedup,
    scale: arrival.scale,
    loop: arrival.loop,
  };
}

/** The problem of a deployment naming no known model: the nearest catalog or `models:` name when one is close. */
function unknownModelMessage(model: string, defined: readonly string[]): string {
  const known = [...Object.keys(MODELS), ...defined];
  const near = suggestModel(model, known);
  const hint = near === undefined ? "" : `; did you mean "${near}"?`;
  return `unknown model "${excerpt(model, 60)}"${hint} (catalog models: ${Object.keys(MODELS).join(", ")}; or define it under models:)`;
}

function mergeModel(
  name: string,
  base: ModelFacts | undefined,
  override: ModelOverride | undefined,
  report: (message: string) => void,
): ModelFacts | undefined {
  if (base === undefined) {
    const missing = (["ptuInputTpm", "outputWeight", "rpmPer1kTpm", "latency"] as const).filter(
      (k) => override?.[k] === undefined,
    );
    if (missing.length > 0) {
      report(
        `"${name}" is not in the catalog, so it needs ${missing.join(", ")} (catalog models: ${Object.keys(MODELS).join(", ")})`,
      );
      return undefined;
    }
  }
  const o = override ?? {};
  const rpm = o.rpmPer1kTpm;
  const rpmBase = base?.rpmPer1kTpm ?? { GlobalStandard: 6, DataZoneStandard: 6, Standard: 6 };
  const rpmPer1kTpm =
    typeof rpm === "number"
      ? { GlobalStandard: rpm, DataZoneStandard: rpm, Standard: rpm }
      : { ...rpmBase, ...stripUndefined(rpm ?? {}) };
  // A SKU the catalog model has no PTU row for stays undeployable unless `models:` gives it one (then with the
  // catalog's default sizes for what it leaves out); a standard-only model given one needs its PTU throughput too.
  const ptuSizing: ModelFacts["ptuSizing"] = {};
  for (const sku of PROVISIONED_SKUS) {
    const from = base === undefined ? defaultPtuSizing(sku) : base.ptuSizing[sku];
    const given = o.ptuSizing?.[sku];
    if (from === undefined && given === undefined) continue;
    ptuSizing[sku] = { ...(from ?? defaultPtuSizing(sku)), ...stripUndefined(given ?? {}) };
  }
  if (base !== undefined && !PROVISIONED_SKUS.some((sku) => base.ptuSizing[sku] !== undefined)) {
    const missing = (["ptuInputTpm", "ptuTargetTokensPerSecond"] as const).filter((k) => o[k] === undefined);
    if (Object.keys(ptuSizing).length > 0 && missing.length > 0) {
      report(
        `${name} has no PTU figures in the catalog (standard only), so a ptuSizing for it needs ${missing.join(" and ")} too`,
      );
      return undefined;
    }
  }
  const prices = mergePrices(base?.prices ?? {}, o.prices ?? {});
  const latencyBase = base?.latency ?? { ttft: 0.5, ttftPer1kPromptTokens: 0.05, tokensPerSecond: 50 };
  return {
    ptuInputTpm: o.ptuInputTpm ?? (base as ModelFacts).ptuInputTpm,
    outputWeight: o.outputWeight ?? (base as ModelFacts).outputWeight,
    ptuMaxPromptTokens:
      o.ptuMaxPromptTokens !== undefined ? o.ptuMaxPromptTokens : (base?.ptuMaxPromptTokens ?? null),
    contextWindow: o.contextWindow ?? base?.contextWindow ?? 128000,
    rpmPer1kTpm,
    ptuSizing,
    ptuTargetTokensPerSecond:
      o.ptuTargetTokensPerSecond ?? base?.ptuTargetTokensPerSecond ?? latencyBase.tokensPerSecond,
    latency: { ...latencyBase, ...stripUndefined(o.latency ?? {}) },
    prices,
  };
}

/**
 * A model's prices, catalog merged with `models:` field by field. Provisioned SKUs fall back to the SKU's list PTU
 * price, the same for every model ([S13], src/catalog/list-prices.ts), so a PTU never costs $0 unless a scenario says
 * so. A standard SKU is priced only when input and output are known (from either side); its cached input price
 * defaults to the input price (no caching discount assumed). One still unpriced is refused where it is deployed
 * ({@link missingTokenPrices}).
 */
function mergePrices(base: ModelPrices, override: NonNullable<ModelOverride["prices"]>): ModelPrices {
  const prices: ModelPrices = {};
  for (const sku of PROVISIONED_SKUS) {
    prices[sku] = { ...ptuPricesOf(base, sku), ...stripUndefined(override[sku] ?? {}) };
  }
  for (const sku of STANDARD_SKUS) {
    const merged = { ...base[sku], ...stripUndefined(override[sku] ?? {}) };
    if (merged.input !== undefined && merged.output !== undefined) {
      prices[sku] = {
        input: merged.input,
        cachedInput: merged.cachedInput ?? merged.input,
        output: merged.output,
      };
    }
  }
  return prices;
}

/** Jitter of a call served as Priority, which has a latency target: a provisioned deployment's (README, Latency). */
const PRIORITY_JITTER = 0.1;

/**
 * What a deployment asks of the processing options that its SKU or model does not offer [S43, S44, S45]: an option on a
 * SKU without it (naming the SKUs that have it), Priority for a model it does not serve or on an EU Data Zone
 * deployment, and the option keys on deployments of another kind.
 */
function processingProblems(
  d: DeploymentSpec,
  region: string,
  path: (string | number)[],
  problem: (path: (string | number)[], message: string) => void,
): void {
  const option = d.processing ?? "standard";
  const offered: readonly ProcessingOption[] = skuFacts(d.sku)?.options ?? [];
  if (option !== "standard" && !offered.includes(option)) {
    const skus = SKUS.filter((s) => (skuFacts(s)?.options ?? []).includes(option));
    problem(
      [...path, "processing"],
      `${d.sku} does not offer ${option} processing; it is offered on ${skus.join(" and ")} deployments (README, Processing options)`,
    );
  } else if (option === "priority" && priorityFacts(d.model) === undefined) {
    problem(
      [...path, "processing"],
      `priority processing does not serve ${d.model}; it serves ${Object.keys(PRIORITY_FACTS).join(", ")}`,
    );
  } else if (
    option === "priority" &&
    d.sku === "DataZoneStandard" &&
    regionFacts(region)?.dataZone === "EU"
  ) {
    problem(
      [...path, "processing"],
      `priority processing is offered on Data Zone Standard in the US data zone only, and ${region} is in the EU zone; use GlobalStandard`,
    );
  }
  if (d.flexUnavailable !== undefined && option !== "flex")
    problem(
      [...path, "flexUnavailable"],
      "flexUnavailable applies to deployments with processing: flex; remove it",
    );
  if (d.turnaround !== undefined && !isBatch(d.sku))
    problem(
      [...path, "turnaround"],
      `turnaround applies to Batch deployments only (this one is ${d.sku}); remove it`,
    );
  if (isBatch(d.sku)) {
    for (const key of ["rateLimits", "limiter"] as const) {
      if (d[key] !== undefined)
        problem(
          [...path, key],
          `${key} applies to standard deployments; a Batch deployment's limit is its enqueued-token quota (capacity, thousands of tokens); remove it`,
        );
    }
  }
}

/**
 * The token prices a standard deployment's model lacks on its SKU after the catalog and `models:` merged (none when
 * it has them): a deployment without them would bill its tokens at $0 without saying so.
 */
function missingTokenPrices(
  override: ModelOverride | undefined,
  facts: ModelFacts,
  sku: StandardSku,
): string[] {
  if (facts.prices[sku] !== undefined) return [];
  const given = override?.prices?.[sku] ?? {};
  return (["input", "output"] as const).filter((k) => given[k] === undefined);
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** z-score of the 95th percentile of a standard normal. */
const Z95 = 1.6448536269514722;

function resolveTokens(
  spec: TokenDistributionSpec,
  path: (string | number)[],
  problem: (path: (string | number)[], message: string) => void,
  readFile?: (relativePath: string) => string,
): TokenDistribution | undefined {
  if (typeof spec === "number") return { kind: "fixed", value: spec };
  switch (spec.type) {
    case "fixed":
      return { kind: "fixed", value: spec.value };
    case "uniform":
      if (spec.min > spec.max) {
        problem([...path, "min"], `min ${spec.min} is above max ${spec.max}`);
        return undefined;
      }
      return { kind: "uniform", min: spec.min, max: spec.max };
    case "lognormal":
      if (spec.p95 < spec.median) {
        problem(
          [...path, "p95"],
          `p95 ${spec.p95} is below the median ${spec.median}; p95 must be >= median`,
        );
        return undefined;
      }
      return {
        kind: "lognormal",
        mu: Math.log(spec.median),
        sigma: Math.log(spec.p95 / spec.median) / Z95,
        // Unbounded draws would let one request carry more tokens than any model accepts (or overflow to Infinity).
        max: spec.max ?? MAX_TOKENS_PER_REQUEST,
      };
    case "empirical": {
      if ((spec.file === undefined) === (spec.values === undefined)) {
        problem(path, "an empirical distribution needs exactly one of file or values");
        return undefined;
      }
      if (spec.values !== undefined) return { kind: "empirical", values: Float64Array.from(spec.values) };
      if (readFile === undefined) {
        problem([...path, "file"], "files cannot be read here; use values: [...] instead");
        return undefined;
      }
      let text: string;
      try {
        text = readFile(spec.file as string);
      } catch (error) {
        problem(
          [...path, "file"],
          `cannot read "${excerpt(spec.file as string)}": ${(error as Error).message}`,
        );
        return undefined;
      }
      const parsed = parseEmpiricalFile(text, spec.column);
      if (typeof parsed === "string") {
        problem([...path, "file"], `${excerpt(spec.file as string)}: ${parsed}`);
        return undefined;
      }
      return { kind: "empirical", values: parsed };
    }
  }
}

/** Reads token counts from a CSV column (header row) or from one number per line. */
export function parseEmpiricalFile(text: string, column?: string): Float64Array | string {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  if (lines.length === 0) return "the file is empty";
  const header = lines[0].split(",").map((c) => c.trim());
  const headerIsNumeric = header.every((c) => Number.isFinite(Number(c)));
  let index = 0;
  let start = 0;
  if (!headerIsNumeric) {
    start = 1;
    if (column !== undefined) {
      index = header.indexOf(column);
      if (index < 0)
        return `no column "${excerpt(column, 40)}"; the header is "${excerpt(header.join(","), 60)}"`;
    }
  } else if (column !== undefined) {
    return `column "${column}" given but the file has no header row`;
  }
  const values: number[] = [];
  for (let i = start; i < lines.length; i++) {
    const cell = lines[i].split(",")[index]?.trim();
    const value = Number(cell);
    if (cell === undefined || cell === "" || !Number.isFinite(value) || value < 0) {
      return `line ${i + 1}: "${excerpt(cell ?? "", 40)}" is not a non-negative token count`;
    }
    values.push(Math.round(value));
  }
  if (values.length === 0) return "the file has a header but no values";
  return Float64Array.from(values);
}

/** sha256 of the validated scenario as canonical JSON (keys sorted). */
export function hashScenario(scenario: Scenario): string {
  return createHash("sha256").update(canonicalJson(scenario)).digest("hex");
}

/** JSON with object keys sorted, so equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
