/**
 * The scenario schema: one zod definition is the TypeScript type, the defaults, the validation messages and the
 * exported JSON Schema (`spillway schema`). Key names follow README.md's "Scenario reference" and, where Azure has
 * a name (ARM `sku.name`, `sku.capacity`, `spilloverDeploymentName`), Azure's.
 */
import { z } from "zod";
import { KNOBS, type KnobName } from "../catalog/assumptions.js";
import { PROVISIONED_SKUS, perSku, SKUS, type Sku, STANDARD_SKUS, skuFacts } from "../catalog/index.js";
import { modelVersionProblem } from "../catalog/models.js";
import { REGIONS, regionByDisplayName, regionFacts } from "../catalog/regions.js";
import { ROUTER_STRATEGIES, ROUTER_STRATEGY_NAMES } from "../client/router-strategies.js";
import { excerpt } from "../errors.js";
import { ROUTING_POLICIES, ROUTING_POLICY_NAMES } from "../gateway/policies.js";
import {
  formatClockTime,
  formatDuration,
  groupDigits,
  parseClockTime,
  parseDuration,
  parseRate,
} from "../units.js";
import type { ScenarioArrivalSpec } from "../workload/arrivals.js";
import { parseCalendarStart } from "../workload/calendar.js";
import { TRACE_FORMATS } from "../workload/trace/trace-types.js";
import * as L from "./limits.js";
import { NAME_PATTERN, RESERVED_KEYS } from "./names.js";
import { regressionSchema } from "./regression-schema.js";
import { nearestKey } from "./suggest.js";

/** A `name` field: letters, digits, `_` and `-`, and not a key of JavaScript's object internals. */
const name = (what: string) =>
  z
    .string()
    .regex(NAME_PATTERN, { message: `a ${what} name may only hold letters, digits, "_" and "-"` })
    .refine((value) => !RESERVED_KEYS.has(value), {
      message: `"__proto__", "constructor" and "prototype" are reserved; choose another ${what} name`,
    })
    .describe(`${what} name ([A-Za-z0-9_-]+)`);

/** A knob's default as the schema's descriptions quote it (`60s`, `sliding`). */
function knobDefaultText(name: KnobName): string {
  const k = KNOBS.find((x) => x.name === name);
  if (k === undefined) return "";
  if (k.unit === "s" && typeof k.default === "number") return formatDuration(k.default);
  return String(k.default);
}

/** ARM names of the catalog's regions: the only region values a scenario accepts. */
const REGION_NAMES = REGIONS.map((r) => r.name);

/**
 * Why `value` is not an Azure region's ARM name, or undefined when it is: one message a value. Another spelling of a
 * known region (its display name "East US", "EastUS", "west-us-2") is shown its ARM form; a near miss ("eastus22",
 * "swedencentrl") gets the nearest region; anything else, where to find the name. The catalog holds no key of
 * JavaScript's object internals, so a region (a key of report.json maps) is never `__proto__` or `constructor`.
 */
export function regionProblem(value: string): string | undefined {
  if (regionFacts(value) !== undefined) return undefined;
  const squeezed = value.toLowerCase().replace(/[\s_-]+/g, "");
  const same = regionByDisplayName(value) ?? regionFacts(squeezed);
  if (same !== undefined)
    return `a region is written as ARM names it: "${same.name}", not ${JSON.stringify(value)}`;
  const typed = excerpt(JSON.stringify(value), 60);
  const near = nearestKey(squeezed, REGION_NAMES);
  if (near !== undefined) return `unknown Azure region ${typed}; did you mean "${near}"?`;
  return (
    `unknown Azure region ${typed}: write a region's ARM name, as \`az account list-locations -o table\` lists it ` +
    '(e.g. "eastus", "swedencentral")'
  );
}

/**
 * An Azure region, by the name ARM gives it (`eastus`, `swedencentral`, `westus3`), checked against the catalog
 * (src/catalog/regions.ts); the JSON Schema lists the names so editors can complete them.
 */
const region = (description: string) =>
  z
    .string()
    .superRefine((value, ctx) => {
      const problem = regionProblem(value);
      if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
    })
    .meta({ enum: REGION_NAMES })
    .describe(description);

/**
 * A duration in seconds, accepting the units listed in README.md, "Scenario reference"; `min` bounds it from below, `max` from above
 * (default {@link L.MAX_DURATION_SECONDS}).
 */
function duration(description: string, opts: { min?: number; positive?: boolean; max?: number } = {}) {
  const max = opts.max ?? L.MAX_DURATION_SECONDS;
  return z
    .union([z.number(), z.string()])
    .transform((value, ctx) => {
      const seconds = parseDuration(value);
      if (seconds === undefined) {
        // A clock time is a time of day on the calendar; a duration is an offset from time 0 (src/workload/calendar.ts).
        const clock = /^\s*(\d{1,2}):(\d{2})/.exec(String(value));
        ctx.addIssue({
          code: "custom",
          message:
            clock === null
              ? `${JSON.stringify(value)} is not a duration: write seconds (90) or "250ms", "90s", "5m", "1h", "7d", "PT1M"`
              : `${JSON.stringify(value)} is a time of day, but this is an offset from time 0: write a duration, e.g. "${clock[2] === "00" ? `${Number(clock[1])}h` : `${Number(clock[1]) * 60 + Number(clock[2])}m`}"`,
        });
        return z.NEVER;
      }
      if (opts.positive === true && !(seconds > 0)) {
        ctx.addIssue({ code: "custom", message: `${JSON.stringify(value)} must be a positive duration` });
        return z.NEVER;
      }
      if (opts.min !== undefined && seconds < opts.min) {
        ctx.addIssue({
          code: "custom",
          message:
            opts.min === 0
              ? `${JSON.stringify(value)} must not be negative`
              : seconds <= 0
                ? `${JSON.stringify(value)} must be a positive duration`
                : `${JSON.stringify(value)} is too short: at least ${formatDuration(opts.min)}`,
        });
        return z.NEVER;
      }
      if (seconds > max) {
        ctx.addIssue({
          code: "custom",
          message: `${JSON.stringify(value)} is too long: at most ${formatDuration(max)}`,
        });
        return z.NEVER;
      }
      return seconds;
    })
    .describe(`${description} (seconds, or "250ms", "90s", "5m", "1h", "7d", "PT1M")`);
}

/** A rate in requests per second ("5/s", "300/min", "10000/h"); must be non-negative, or positive with `positive`. */
function rate(description: string, positive = true) {
  return z
    .union([z.number(), z.string()])
    .transform((value, ctx) => {
      const perSecond = parseRate(value);
      if (perSecond === undefined) {
        ctx.addIssue({
          code: "custom",
          message: `${JSON.stringify(value)} is not a rate: write requests/second (20) or "20/s", "300/min", "10000/h"`,
        });
        return z.NEVER;
      }
      if (positive ? !(perSecond > 0) : perSecond < 0) {
        ctx.addIssue({
          code: "custom",
          message: `${JSON.stringify(value)} must be ${positive ? "a positive" : "a non-negative"} rate`,
        });
        return z.NEVER;
      }
      if (perSecond > L.MAX_RATE_PER_SECOND) {
        ctx.addIssue({
          code: "custom",
          message: `${JSON.stringify(value)} is above ${L.MAX_RATE_PER_SECOND.toLocaleString("en-US")} requests/s; is the unit right ("600/min" is 10/s)?`,
        });
        return z.NEVER;
      }
      return perSecond;
    })
    .describe(`${description} (requests/second, or "20/s", "300/min", "10000/h")`);
}

const tokens = (description: string, min = 0) =>
  z.number().int().min(min).max(L.MAX_TOKENS_PER_REQUEST).describe(`${description} (tokens)`);
const fraction = (description: string) => z.number().min(0).max(1).describe(description);

// ---------------------------------------------------------------------------------------------------------------
// models

const tokenPricesOverride = z
  .strictObject({
    input: z.number().min(0).max(L.MAX_TOKEN_PRICE).optional().describe("USD per 1M uncached input tokens"),
    cachedInput: z
      .number()
      .min(0)
      .max(L.MAX_TOKEN_PRICE)
      .optional()
      .describe("USD per 1M cached input tokens"),
    output: z.number().min(0).max(L.MAX_TOKEN_PRICE).optional().describe("USD per 1M output tokens"),
  })
  .describe("token prices of a standard SKU, USD per 1M tokens");

const ptuPricesOverride = z
  .strictObject({
    hourly: z.number().min(0).max(L.MAX_PTU_HOURLY_PRICE).optional().describe("USD per PTU-hour"),
    reservationMonthly: z
      .number()
      .min(0)
      .max(L.MAX_PTU_MONTHLY_PRICE)
      .optional()
      .describe("USD per PTU per month (1-month reservation)"),
    reservationYearly: z
      .number()
      .min(0)
      .max(L.MAX_PTU_YEARLY_PRICE)
      .optional()
      .describe("USD per PTU per year (1-year reservation)"),
  })
  .describe("prices of a provisioned SKU, USD per PTU");

const sizingOverride = z.strictObject({
  minimum: z.number().int().min(1).max(L.MAX_PTU).optional().describe("smallest deployment, PTUs"),
  increment: z
    .number()
    .int()
    .min(1)
    .max(L.MAX_PTU)
    .optional()
    .describe("deployments are a multiple of this, PTUs"),
});

const latencyFields = {
  ttft: duration("time to first token for a small prompt", { min: 0 }).optional(),
  ttftPer1kPromptTokens: duration("extra time to first token per 1,000 prompt tokens", { min: 0 }).optional(),
  tokensPerSecond: z
    .number()
    .positive()
    .max(L.MAX_TOKENS_PER_SECOND)
    .optional()
    .describe("mean generation speed, output tokens per second"),
};

/** A `models:` entry: overrides of (or additions to) the built-in catalog, field by field. */
export const modelOverrideSchema = z
  .strictObject({
    ptuInputTpm: z
      .number()
      .positive()
      .max(L.MAX_PTU_INPUT_TPM)
      .optional()
      .describe("input tokens per minute served by one PTU"),
    outputWeight: z
      .number()
      .positive()
      .max(L.MAX_OUTPUT_WEIGHT)
      .optional()
      .describe("one output token counts as this many input tokens in PTU utilization"),
    ptuMaxPromptTokens: z
      .number()
      .int()
      .positive()
      .max(L.MAX_TOKENS_PER_REQUEST)
      .nullable()
      .optional()
      .describe("longest prompt a provisioned deployment accepts (longer: HTTP 400); null = no limit"),
    contextWindow: z
      .number()
      .int()
      .positive()
      .max(L.MAX_TOKENS_PER_REQUEST)
      .optional()
      .describe("the model's context window, tokens"),
    rpmPer1kTpm: z
      .union([
        z.number().positive().max(L.MAX_RPM_PER_1K_TPM),
        z.strictObject(
          perSku(STANDARD_SKUS, () => z.number().positive().max(L.MAX_RPM_PER_1K_TPM).optional()),
        ),
      ])
      .optional()
      .describe(
        "standard deployments: RPM granted per 1,000 TPM (one number for every standard SKU, or per SKU)",
      ),
    ptuTargetTokensPerSecond: z
      .number()
      .positive()
      .max(L.MAX_TOKENS_PER_SECOND)
      .optional()
      .describe("provisioned latency target, tokens/s"),
    ptuSizing: z
      .strictObject(perSku(PROVISIONED_SKUS, () => sizingOverride.optional()))
      .optional()
      .describe("PTU minimum and increment per provisioned SKU"),
    latency: z.strictObject(latencyFields).optional().describe("latency defaults of the model"),
    prices: z
      .strictObject({
        ...perSku(STANDARD_SKUS, () => tokenPricesOverride.optional()),
        ...perSku(PROVISIONED_SKUS, () => ptuPricesOverride.optional()),
      })
      .optional()
      .describe("prices per SKU"),
  })
  .describe("overrides of a catalog model, or a new model");

// ---------------------------------------------------------------------------------------------------------------
// accounts and deployments

/**
 * `model:` as a name, or as ARM writes a deployment's `properties.model` (`{ name: gpt-4.1, version: "2025-04-14" }`,
 * `format: OpenAI` allowed). A version must be one the catalog lists for the model, so a mistyped one is caught here;
 * a model the catalog does not know keeps any version. The run sees the name only: one set of figures covers every
 * version of a model.
 */
const modelRef = z
  .union([
    // The mapping first: of two equally failed branches the loader reports the first, and a mapping was meant as one.
    z.strictObject({
      format: z.literal("OpenAI").optional().describe("ARM properties.model.format: OpenAI"),
      name: z
        .string()
        .min(1)
        .describe("ARM properties.model.name: a catalog model or one defined under models:"),
      version: z
        .string()
        .min(1)
        .optional()
        .describe('ARM properties.model.version, e.g. "2025-04-14" (one the catalog lists for the model)'),
    }),
    z.string().min(1),
  ])
  .transform((value, ctx) => {
    if (typeof value === "string") return value;
    const problem = value.version === undefined ? undefined : modelVersionProblem(value.name, value.version);
    if (problem !== undefined) ctx.addIssue({ code: "custom", path: ["version"], message: problem });
    return value.name;
  })
  .describe("model name (a catalog model or one defined under models:), or ARM's { name, version } form");

/** The SKU names accepted in `sku:`. */
export const skuSchema = z.enum(SKUS as [Sku, ...Sku[]]).describe("deployment SKU (ARM sku.name)");

/** One deployment of an Azure OpenAI account. */
export const deploymentSchema = z.strictObject({
  name: name("deployment"),
  model: modelRef,
  sku: skuSchema,
  capacity: z
    .number()
    .int()
    // 0 only on a provisioned SKU: no PTU deployment (src/scenario/no-ptu.ts); resolve refuses it elsewhere.
    .nonnegative()
    .describe(
      "ARM sku.capacity: PTUs for provisioned SKUs (0: no PTU deployment, pure pay-as-you-go), thousands of TPM for standard SKUs, thousands of enqueued tokens for Batch SKUs",
    ),
  processing: z
    .enum(["standard", "priority", "flex"])
    .optional()
    .describe(
      "standard SKUs: how calls are processed (service_tier): standard (default), priority (GlobalStandard, DataZoneStandard in the US zone) or flex (GlobalStandard)",
    ),
  flexUnavailable: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe(
      `processing: flex only: probability a call finds no Flex capacity and gets a 429 (an assumption: default ${knobDefaultText("standard.flex.unavailable")})`,
    ),
  turnaround: duration(
    `Batch SKUs only: longest time a request takes; each completes uniformly within it (an assumption: default ${knobDefaultText("batch.turnaround")})`,
    { positive: true, max: 7 * 86400 },
  ).optional(),
  billing: z
    .enum(["hourly", "reservation-monthly", "reservation-yearly"])
    .optional()
    .describe("provisioned only: hourly (default), reservation-monthly or reservation-yearly"),
  reservedCapacity: z
    .number()
    .int()
    .min(0)
    .max(L.MAX_PTU)
    .optional()
    .describe(
      "with a reservation billing: PTUs the reservation covers (default all); the rest are billed hourly",
    ),
  spilloverDeploymentName: name("deployment")
    .optional()
    .describe("provisioned only: native spillover to this standard deployment of the same account"),
  bucket: z
    .strictObject({
      window: duration(
        `utilization window; bucket depth = window x capacity per minute (an assumption: default ${knobDefaultText("provisioned.bucket.window")})`,
        { positive: true, max: 86400 },
      ).optional(),
      burst: z
        .number()
        .min(0)
        .max(L.MAX_BUCKET_BURST)
        .optional()
        .describe(
          `allowed burst above 100% utilization, as a fraction (an assumption: default ${knobDefaultText("provisioned.bucket.burst")})`,
        ),
    })
    .optional()
    .describe(
      "provisioned only: the utilization bucket (Microsoft publishes neither constant: see README, Assumptions)",
    ),
  limiter: z
    .strictObject({
      window: z
        .enum(["sliding", "fixed"])
        .optional()
        .describe(
          `standard only: the TPM/RPM counter counts the last 60 s (sliding) or resets on each whole minute (fixed); an assumption, default ${knobDefaultText("standard.limiter.window")}`,
        ),
      admission: z
        .enum(["fits", "below-limit"])
        .optional()
        .describe(
          `fits: refuse a request whose estimate would take the count past the limit; below-limit: admit while the count is below it (the last one may overshoot); an assumption, default ${knobDefaultText("standard.limiter.admission")}`,
        ),
      countRejected: z
        .boolean()
        .optional()
        .describe(
          `whether a 429'd request still adds its estimate to the token count (it always counts toward RPM [S6]); an assumption, default ${knobDefaultText("standard.limiter.countRejected")}`,
        ),
      estimate: z
        .enum(["prompt+maxTokens", "maxTokens"])
        .default("prompt+maxTokens")
        .describe(
          "what a request adds to the token count: prompt + max_tokens as documented [S6] (default), or max_tokens alone as measurements suggest",
        ),
    })
    .optional()
    .describe("standard only: how the TPM/RPM counters count (see README, Assumptions)"),
  rateLimits: z
    .strictObject({
      tpm: z
        .number()
        .int()
        .positive()
        .optional()
        .describe("tokens per minute (default capacity x 1000; unbounded: model any quota)"),
      rpm: z
        .number()
        .positive()
        .optional()
        .describe("requests per minute (default from the model's RPM per 1K TPM)"),
      rpmWindow: duration("window the RPM limit is checked over: 1s or 10s (default 10s)", { positive: true })
        .refine((seconds) => seconds === 1 || seconds === 10, {
          message: "Azure evaluates RPM over 1 s or 10 s windows: use 1s or 10s",
        })
        .optional(),
    })
    .optional()
    .describe("standard only: explicit overrides of the derived limits"),
  latency: z
    .strictObject({
      ...latencyFields,
      jitter: z
        .number()
        .min(0)
        .max(3)
        .optional()
        .describe(
          "log-standard-deviation of a mean-1 latency factor (default 0.1 provisioned, 0.3 standard)",
        ),
      loadSlowdown: z
        .number()
        .min(0)
        .max(10)
        .optional()
        .describe(
          `provisioned only: how much longer generation takes at 100% utilization than when idle, as a fraction (generation time x (1 + loadSlowdown x the bucket utilization the call found)); an assumption, default ${knobDefaultText("provisioned.latency.loadSlowdown")}`,
        ),
      overTier: z
        .number()
        .min(1)
        .max(10)
        .optional()
        .describe(
          `standard only: latency factor while the run's consumption of the model, extrapolated to a 730-hour month, is above its usage tier ("may be more than two times higher" [S7u]); an assumption, default ${knobDefaultText("standard.latency.overTier")}`,
        ),
      usageTier: z
        .number()
        .positive()
        .max(1e15)
        .optional()
        .describe(
          "standard only: the model's usage tier, tokens per month (default: the published tier of a catalog model; none for other models); lower it by what the rest of the tenant consumes",
        ),
    })
    .optional()
    .describe(
      "override of the model's latency for this deployment, and the load assumptions (see README, Assumptions)",
    ),
});

/** An Azure OpenAI resource in one region. */
export const accountSchema = z.strictObject({
  name: name("account"),
  region: region("Azure region, e.g. eastus"),
  subscription: name("subscription")
    .optional()
    .describe(
      "the Azure subscription the account is in, for the quota check (default: one subscription shared by every account that names none)",
    ),
  deployments: z.array(deploymentSchema).min(1).describe("the account's deployments"),
});

// ---------------------------------------------------------------------------------------------------------------
// gateways

const statusRange = z.strictObject({
  min: z.number().int().min(100).max(599),
  max: z.number().int().min(100).max(599),
});

/** An API Management instance with a backend pool. */
export const gatewaySchema = z.strictObject({
  name: name("gateway"),
  tier: z
    .enum(["Developer", "Basic", "Standard", "Premium", "BasicV2", "StandardV2", "PremiumV2", "Consumption"])
    .describe("APIM tier"),
  units: z.number().int().min(1).max(1000).default(1).describe("units per region"),
  stateScope: z
    .enum(["instance", "region"])
    .optional()
    .describe(
      `breaker and routing state: one per unit (instance, as APIM instances do not synchronize) or one per region; an assumption, default ${knobDefaultText("gateway.stateScope")}`,
    ),
  regions: z
    .array(region("a gateway region"))
    .min(1)
    .optional()
    .describe("gateway regions (default: the region of the first backend's account)"),
  policy: z
    .enum(ROUTING_POLICY_NAMES)
    .default(ROUTING_POLICY_NAMES[0])
    .describe(
      `routing policy: ${ROUTING_POLICY_NAMES.map((n) => `${n} (${ROUTING_POLICIES[n].description})`).join("; ")}`,
    ),
  failover: z
    .strictObject({
      detection: duration(
        `how long callers keep hitting a failed gateway region (an assumption: default ${knobDefaultText("gateway.failover.detection")})`,
        { min: 0 },
      ).optional(),
    })
    .optional()
    .describe("multi-region failover"),
  backends: z
    .array(
      z.strictObject({
        deployment: z.string().describe("account/deployment"),
        priority: z
          .union([z.number().int().min(0).max(100), z.record(z.string(), z.number().int().min(0).max(100))])
          .default(1)
          .describe(
            "lower number = used first (0-100); or a number per gateway region, every region listed ({ eastus: 1, westus3: 2 }: each region uses its own backends first)",
          ),
        weight: z
          .number()
          .int()
          .min(0)
          .max(100)
          .default(1)
          .describe("relative share within a priority group (0-100)"),
      }),
    )
    .min(1)
    .max(30)
    .describe("the load-balanced pool (APIM allows at most 30 backends)"),
  circuitBreaker: z
    .strictObject({
      failureCondition: z.strictObject({
        count: z
          .number()
          .int()
          .min(1)
          .max(L.MAX_BREAKER_COUNT)
          .describe("failures within interval that trip the breaker"),
        interval: duration("window failures are counted in", { positive: true, max: 86400 }),
        statusCodeRanges: z.array(statusRange).min(1).describe("HTTP status ranges that count as failures"),
      }),
      tripDuration: duration("how long a tripped backend is skipped", { min: 0, max: 86400 }),
      acceptRetryAfter: z
        .boolean()
        .default(false)
        .describe("trip for the backend's Retry-After when it sends one"),
    })
    .optional()
    .describe(
      "APIM circuit-breaker rule applied to each backend, one state per gateway instance (see stateScope)",
    ),
  retry: z
    .strictObject({
      count: z.number().int().min(1).max(50).describe("retries (APIM allows 1-50)"),
      interval: duration("wait between attempts", { min: 0, max: 3600 }).default(0),
      firstFastRetry: z.boolean().default(false).describe("first retry without waiting"),
      on: z
        .array(z.number().int().min(100).max(599))
        .min(1)
        .default([429, 503])
        .describe("status codes retried"),
      // No default written into the scenario: an unset target is `same`, and existing scenarios keep their hash.
      target: z
        .enum(["same", "next"])
        .optional()
        .describe(
          "where a retry goes: same (re-select from the pool: breakers and weights decide; the default) or next (the next backend in priority order, breaker or not: send the 429'd request to pay-as-you-go)",
        ),
    })
    .optional()
    .describe("APIM <retry> around forward-request"),
  tokenLimit: z
    .strictObject({
      tokensPerMinute: z
        .number()
        .int()
        .positive()
        .max(1e10)
        .describe("tokens-per-minute: prompt and completion tokens a counter allows per minute"),
      counterKey: z
        .enum(["workload", "gateway"])
        .default("workload")
        .describe("one counter per calling workload (like a subscription key) or one for the gateway"),
      estimatePromptTokens: z
        .boolean()
        .describe(
          "estimate-prompt-tokens: count the prompt when the request arrives (true) or only the usage the response reports (false)",
        ),
      admission: z
        .enum(["fits", "exceeded"])
        .optional()
        .describe(
          `with an estimate: refuse a request that does not fit, or only once the count is at the limit (an assumption: default ${knobDefaultText("gateway.tokenLimit.admission")})`,
        ),
      bucket: duration(
        `v2 tiers (token bucket): the bucket's depth in seconds of refill (an assumption: default ${knobDefaultText("gateway.tokenLimit.bucket")})`,
        { positive: true, max: 60 },
      ).optional(),
    })
    .optional()
    .describe(
      "APIM llm-token-limit / azure-openai-token-limit: tokens per minute per counter, counted per gateway region; 429 with Retry-After when exceeded",
    ),
  semanticCache: z
    .strictObject({
      hitRate: z
        .number()
        .min(0)
        .max(1)
        .describe("share of requests answered from the cache without reaching a backend"),
      lookupLatency: duration(
        `time the lookup takes, hit or miss: embedding the prompt and the vector search (an assumption: default ${knobDefaultText("gateway.semanticCache.lookupLatency")})`,
        { min: 0, max: 60 },
      ).optional(),
      embeddingPricePerMillionTokens: z
        .number()
        .min(0)
        .max(1000)
        .default(0)
        .describe(
          "USD per million tokens of the embeddings deployment every lookup calls (each prompt is embedded once per attempt); state it, 0 when unset",
        ),
      cacheMonthly: z
        .number()
        .min(0)
        .max(1e7)
        .default(0)
        .describe(
          "USD per month of the external cache (Azure Managed Redis tier), all regions; state it, 0 when unset",
        ),
    })
    .optional()
    .describe("APIM azure-openai-semantic-cache-lookup: hits answered by the gateway without a backend call"),
  overhead: duration("latency the gateway adds per pass (default from the tier)", {
    min: 0,
    max: 60,
  }).optional(),
  forwardTimeout: duration("forward-request timeout: the gateway answers 504 when a backend is slower", {
    positive: true,
    max: 86400,
  })
    .default(300)
    .describe(
      "forward-request timeout (APIM default 300 s): a backend slower than this gets 504 from the gateway",
    ),
  requestsPerSecondPerUnit: z
    .number()
    .positive()
    .max(L.MAX_GATEWAY_RPS_PER_UNIT)
    .optional()
    .describe("throughput of one unit (default from the tier table; third-party figures, so a parameter)"),
  queueLimit: z
    .number()
    .int()
    .min(0)
    .max(L.MAX_QUEUE_LIMIT)
    .optional()
    .describe(
      "requests a gateway region holds waiting when above capacity; beyond it: 503 (default 2 s of capacity)",
    ),
  pricePerUnitMonthly: z
    .number()
    .min(0)
    .max(L.MAX_GATEWAY_UNIT_PRICE)
    .optional()
    .describe("USD per unit per region per month (default from the tier)"),
});

// ---------------------------------------------------------------------------------------------------------------
// routers (client side)

/** A LiteLLM-style router in the calling application (src/client/client-router.ts); traffic says `via: <name>`. */
export const routerSchema = z.strictObject({
  name: name("router"),
  strategy: z
    .enum(ROUTER_STRATEGY_NAMES)
    .default(ROUTER_STRATEGY_NAMES[0])
    .describe(
      `LiteLLM routing_strategy: ${ROUTER_STRATEGY_NAMES.map((n) => `${n} (${ROUTER_STRATEGIES[n].description})`).join("; ")}`,
    ),
  deployments: z
    .array(
      z.strictObject({
        deployment: z.string().describe("account/deployment"),
        order: z.number().int().min(0).max(1000).optional().describe("lower is tried first (LiteLLM order)"),
        weight: z.number().min(0).optional().describe("simple-shuffle weight"),
        tpm: z
          .number()
          .positive()
          .optional()
          .describe("tokens-per-minute limit the router knows of (LiteLLM tpm)"),
        rpm: z
          .number()
          .positive()
          .optional()
          .describe("requests-per-minute limit the router knows of (LiteLLM rpm)"),
        cooldown: duration("this deployment's cooldown_time (before Retry-After and the router's)", {
          min: 0,
          max: 86400,
        }).optional(),
      }),
    )
    .min(1)
    .describe("the model group: deployments the router picks from"),
  allowedFails: z
    .number()
    .int()
    .min(0)
    .max(L.MAX_BREAKER_COUNT)
    .optional()
    .describe(
      "allowed_fails: failures before a cooldown (unset or 3: LiteLLM's default rules, a 429 cools at once)",
    ),
  cooldown: duration("cooldown_time (LiteLLM default 5 s; 0 also means 5 s)", { min: 0, max: 86400 }).default(
    5,
  ),
  numRetries: z
    .number()
    .int()
    .min(0)
    .max(50)
    .default(2)
    .describe("num_retries across deployments (LiteLLM default 2)"),
  retryAfter: duration("retry_after: the shortest backoff between retries (default 0)", {
    min: 0,
    max: 3600,
  }).default(0),
  latencyBuffer: z
    .number()
    .min(0)
    .max(10)
    .default(0)
    .describe(
      "latency-based: lowest_latency_buffer, pick among deployments within (1 + buffer) x the lowest",
    ),
});

// ---------------------------------------------------------------------------------------------------------------
// network and outages

/**
 * Why a `network.latency.pairs` key is not a pair of two different known regions, or undefined when it is. `seen`
 * maps each pair already read (in either order) to its key, so the same pair twice is refused, not overwritten.
 */
function pairProblem(key: string, seen: Map<string, string>): string | undefined {
  const halves = key.split("~");
  if (halves.length !== 2) return 'a pair is written "regionA~regionB", e.g. "eastus~westeurope"';
  const [a, b] = halves;
  const problem = regionProblem(a) ?? regionProblem(b);
  if (problem !== undefined) return problem;
  if (a === b) return `a pair of one region: set network.latency.sameRegion for round trips within ${a}`;
  const pair = a < b ? `${a}~${b}` : `${b}~${a}`;
  const before = seen.get(pair);
  if (before !== undefined) return `the same pair as "${before}": keep one of the two`;
  seen.set(pair, key);
  return undefined;
}

/** Round-trip latency between regions. */
export const networkSchema = z
  .strictObject({
    latency: z
      .strictObject({
        sameRegion: duration("round trip within a region", { min: 0, max: 60 }).default(0.002),
        interRegion: duration(
          `round trip between regions in neither pairs nor Microsoft's published table (an assumption: default ${knobDefaultText("network.interRegion")})`,
          { min: 0, max: 60 },
        ).optional(),
        pairs: z
          .record(
            // Keys are checked below, where a problem names its key (a key schema's says only "Invalid key").
            z.string().meta({ pattern: "^[a-z0-9]+~[a-z0-9]+$" }),
            duration("round trip between the two regions", { min: 0, max: 60 }),
          )
          .superRefine((pairs, ctx) => {
            const seen = new Map<string, string>();
            for (const key of Object.keys(pairs)) {
              const problem = pairProblem(key, seen);
              if (problem !== undefined) ctx.addIssue({ code: "custom", path: [key], message: problem });
            }
          })
          .default({})
          .describe(
            'round trips of region pairs, e.g. { "eastus~westeurope": 85ms } (either order), over the published table',
          ),
      })
      .prefault({}),
  })
  .prefault({})
  .describe("latency added to every hop: caller -> gateway region -> deployment");

const outageTiming = {
  start: duration("when the outage starts, from time 0", { min: 0 }),
  duration: duration("how long it lasts", { positive: true }),
  mode: z
    .enum(["error", "timeout"])
    .default("error")
    .describe("error: answer with a 5xx after errorDelay; timeout: never answer (callers time out)"),
  errorDelay: duration("how long a failing call takes to answer in error mode", {
    min: 0,
    max: 86400,
  }).default(0.1),
};

/** An outage: a whole region, one deployment, or one gateway (region). */
export const outageSchema = z.union([
  z.strictObject({
    region: region("every deployment and gateway region in this region fails"),
    status: z.number().int().min(400).max(599).default(503).describe("status of failed calls"),
    ...outageTiming,
  }),
  z.strictObject({
    deployment: z.string().describe("account/deployment"),
    errorRate: fraction("share of calls that fail").default(1),
    status: z.number().int().min(400).max(599).default(500).describe("status of failed calls"),
    latencyFactor: z
      .number()
      .positive()
      .max(L.MAX_LATENCY_FACTOR)
      .default(1)
      .describe("multiplies the latency of calls still served"),
    ...outageTiming,
  }),
  z.strictObject({
    gateway: z.string().describe("gateway name"),
    region: region("the gateway region that fails (default: all of them)").optional(),
    status: z.number().int().min(400).max(599).default(503).describe("status of failed calls"),
    ...outageTiming,
  }),
]);

// ---------------------------------------------------------------------------------------------------------------
// traffic

/** Highest `weekend` factor: a weekend 100 times busier than the week is a typo more likely than a workload. */
const MAX_WEEKEND_FACTOR = 100;

/** The factor on the rate on Saturdays and Sundays (UTC, from `calendar.start`); absent means 1. */
const weekend = z
  .number()
  .min(0)
  .max(MAX_WEEKEND_FACTOR)
  .optional()
  .describe(
    "multiplies the rate on Saturdays and Sundays (0.3: weekends at 30 % of the week's rate; default 1)",
  );

/** What time 0 is on the calendar (UTC): `start` as an ISO date and time; default Monday 2024-01-01 00:00. */
const calendarSchema = z
  .strictObject({
    start: z
      .string()
      .superRefine((value, ctx) => {
        const parsed = parseCalendarStart(value);
        if (typeof parsed === "string") ctx.addIssue({ code: "custom", message: parsed });
      })
      .describe('time 0, UTC: "2026-12-07T09:00" (a date alone means 00:00)'),
  })
  .describe(
    "what date, weekday and hour time 0 is (UTC); clock times are times of day on it, durations offsets from time 0",
  );

const arrivalSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("constant"), rate: rate("evenly spaced arrivals"), weekend }),
  z.strictObject({ type: z.literal("poisson"), rate: rate("mean arrival rate"), weekend }),
  z.strictObject({
    type: z.literal("diurnal"),
    peak: rate("rate at the peak"),
    trough: rate("rate at the trough", false),
    peakAt: z
      .union([z.number(), z.string()])
      .transform((value, ctx): number | string => {
        // A clock time stays one (canonical "HH:MM"): the resolver places it on the calendar; a duration is seconds.
        const clock = parseClockTime(value);
        if (clock !== undefined) return formatClockTime(clock);
        const seconds = parseDuration(value);
        if (seconds === undefined) {
          ctx.addIssue({
            code: "custom",
            message: `${JSON.stringify(value)} is not a time: write a time of day ("14:00") or an offset from time 0 ("14h")`,
          });
          return z.NEVER;
        }
        return seconds;
      })
      .default(0)
      .describe(
        'when the peak is: a time of day on the calendar ("14:00"), or an offset from time 0 (a duration, "5h")',
      ),
    period: duration("length of one cycle", { min: 1, max: L.MAX_HORIZON_SECONDS }).default(86400),
    weekend,
  }),
  z.strictObject({
    type: z.literal("bursty"),
    base: rate("rate between bursts", false),
    burst: rate("rate during a burst"),
    burstEvery: duration("time from one burst's start to the next", { min: 0.001 }),
    burstFor: duration("length of a burst", { min: 0.001 }),
    weekend,
  }),
  z.strictObject({
    type: z.literal("profile"),
    step: duration("length of each step of the rate list", { min: 0.001, max: L.MAX_HORIZON_SECONDS }),
    rates: z
      .array(z.number().min(0).max(L.MAX_RATE_PER_SECOND))
      .min(1)
      .max(L.MAX_PROFILE_STEPS)
      .describe(
        "requests/second in each step, from time 0 (Poisson within a step); `spillway trace fit` writes these",
      ),
    loop: z.boolean().default(true).describe("repeat the list when it runs out (else the rate stays 0)"),
    weekend,
  }),
  z.strictObject({
    type: z.literal("trace"),
    file: z.string().min(1).describe("trace file, relative to the scenario's folder"),
    format: z
      .enum(TRACE_FORMATS)
      .describe("azure-llm | csv | jsonl | aoai-log | apim-llm-log (see docs/traces.md)"),
    columns: z
      .strictObject({
        time: z.string().optional().describe("time column"),
        timeUnit: z.enum(["s", "ms", "us"]).optional().describe("unit of a numeric time column (default s)"),
        prompt: z.string().optional().describe("prompt tokens column"),
        completion: z.string().optional().describe("completion tokens column"),
        cached: z.string().optional().describe("cached prompt tokens column"),
        tag: z.string().optional().describe("tag column (workload or deployment) for `tag`"),
      })
      .optional()
      .describe("column mapping (required for csv and jsonl; overrides for the Azure formats)"),
    tag: z.string().optional().describe("replay only rows whose tag column equals this"),
    start: duration("skip the trace before this offset from its first row", { min: 0 }).default(0),
    end: duration("stop at this offset from the trace's first row (default: its end)", {
      positive: true,
    }).optional(),
    speedup: z
      .number()
      .positive()
      .max(L.MAX_TRACE_SPEEDUP)
      .default(1)
      .describe("compress time: 2 replays an hour of trace in 30 minutes"),
    scale: z
      .number()
      .positive()
      .max(L.MAX_TRACE_SCALE)
      .default(1)
      .describe("multiply traffic: the whole part copies each row (seeded jitter), the fraction thins"),
    loop: z.boolean().default(false).describe("start the trace over when it ends, until the run ends"),
    onBadRow: z
      .enum(["error", "skip"])
      .default("error")
      .describe("a row that cannot be read: stop (exit 2) or skip and count it"),
    reorderWindow: duration("how far out of time order rows may be", { min: 0, max: 86400 }).default(10),
  }),
]);

/** A token-count distribution: a bare integer, fixed, uniform, lognormal or empirical. */
export const tokenDistributionSchema = z.union([
  z.number().int().min(0).max(L.MAX_TOKENS_PER_REQUEST),
  z.discriminatedUnion("type", [
    z.strictObject({ type: z.literal("fixed"), value: tokens("every request", 0) }),
    z.strictObject({ type: z.literal("uniform"), min: tokens("smallest", 0), max: tokens("largest", 0) }),
    z.strictObject({
      type: z.literal("lognormal"),
      median: z.number().positive().max(L.MAX_TOKENS_PER_REQUEST).describe("median, tokens"),
      p95: z
        .number()
        .positive()
        .max(L.MAX_TOKENS_PER_REQUEST)
        .describe("95th percentile, tokens (>= median)"),
      max: z
        .number()
        .int()
        .positive()
        .max(L.MAX_TOKENS_PER_REQUEST)
        .optional()
        .describe(`draws above this are capped (default ${groupDigits(L.MAX_TOKENS_PER_REQUEST)})`),
    }),
    z.strictObject({
      type: z.literal("empirical"),
      file: z
        .string()
        .optional()
        .describe("CSV (with header) or one number per line, relative to the scenario"),
      column: z.string().optional().describe("CSV column holding the counts (default: the first)"),
      values: z
        .array(z.number().int().min(0).max(L.MAX_TOKENS_PER_REQUEST))
        .min(1)
        .optional()
        .describe("the sample itself, inline"),
    }),
  ]),
]);

/** One workload: who calls, where, how often, how big. */
export const workloadSchema = z.strictObject({
  name: name("workload"),
  region: region("where the callers are (default: the region of their target)").optional(),
  via: z
    .string()
    .describe("a gateway name, a router name, or a deployment `account/deployment` called directly"),
  arrival: arrivalSchema.describe("arrival process"),
  promptTokens: tokenDistributionSchema
    .optional()
    .describe("prompt tokens per request (from the trace with a trace)"),
  completionTokens: tokenDistributionSchema
    .optional()
    .describe("completion tokens the model would generate, before maxTokens (from the trace with a trace)"),
  maxTokens: z
    .number()
    .int()
    .min(1)
    .max(L.MAX_TOKENS_PER_REQUEST)
    .optional()
    .describe("max_tokens sent with every request (default 4096, see the catalog)"),
  cachedPromptFraction: fraction("share of prompt tokens served from the prompt cache").default(0),
  client: z
    .strictObject({
      maxRetries: z
        .number()
        .int()
        .min(0)
        .max(100)
        .default(2)
        .describe("retries after the first attempt (SDK default 2)"),
      honorRetryAfter: z
        .boolean()
        .default(true)
        .describe("wait the Retry-After a 429 carries (when 0 < it <= 60 s)"),
      backoff: z
        .strictObject({
          initial: duration("first backoff", { min: 0, max: 3600 }).default(0.5),
          max: duration("largest backoff", { min: 0, max: 3600 }).default(8),
        })
        .prefault({})
        .describe("exponential backoff with jitter when no Retry-After is given"),
      timeout: duration("per-attempt timeout", { positive: true, max: 86400 }).default(600),
    })
    .prefault({})
    .describe("the calling SDK"),
});

// ---------------------------------------------------------------------------------------------------------------
// billing terms

/** Most units of a currency one USD may buy: above any currency's rate today (about 42,000 for the Iranian rial). */
const MAX_EXCHANGE_RATE = 1_000_000;

/** Whether `code` is an ISO 4217 currency code, as the runtime's ICU data lists them (asked on first use). */
function isCurrencyCode(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && Intl.supportedValuesOf("currency").includes(code);
}

/**
 * `billing:`: a negotiated discount off list prices, and the currency money is reported in. The discount applies to
 * consumption (PTU hours, tokens, API Management), not to reservations, whose price is already a term discount
 * (README, "Billing terms"). The exchange rate is units of `currency` per 1 USD, the currency Azure prices in.
 */
export const billingTermsSchema = z
  .strictObject({
    discount: z
      .number()
      .min(0)
      // A refinement, not .lt(1): its message says what a discount is (a bound's says only "must be < 1").
      .refine((v) => v < 1, { message: "a discount is a fraction below 1 (0.15 = 15 % off list prices)" })
      .meta({ exclusiveMaximum: 1 })
      .default(0)
      .describe("negotiated (EA/MCA) discount off list consumption prices, as a fraction (0.15 = 15 %)"),
    currency: z
      .string()
      .refine(isCurrencyCode, {
        message: "not an ISO 4217 currency code: write three capital letters, e.g. EUR, GBP, JPY",
      })
      .default("USD")
      .describe("ISO 4217 code of the currency reports show money in (default USD)"),
    exchangeRate: z
      .number()
      .positive()
      .max(MAX_EXCHANGE_RATE)
      .optional()
      .describe("units of currency per 1 USD (0.92 for EUR at 0.92); required unless currency is USD"),
  })
  .superRefine((b, ctx) => {
    if (b.currency === "USD" && b.exchangeRate !== undefined && b.exchangeRate !== 1) {
      ctx.addIssue({
        code: "custom",
        path: ["exchangeRate"],
        message:
          "prices are in USD already, so a USD report takes no exchange rate; remove it or set currency",
      });
    } else if (b.currency !== "USD" && b.exchangeRate === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["exchangeRate"],
        message: `reporting in ${b.currency} needs the rate from USD: add exchangeRate (${b.currency} per 1 USD)`,
      });
    }
  })
  .describe("billing terms: discount off list prices, report currency and exchange rate from USD");

// ---------------------------------------------------------------------------------------------------------------
// quota

/** Largest quota one `quota:` entry may state (TPM or PTUs): beyond any quota, well inside exact integers. */
const MAX_QUOTA = 1e15;

/** The `quota:` keys an amount is written under, one per kind of SKU. */
const QUOTA_KEYS = ["tpm", "ptu", "enqueuedTokens"] as const;
/** The key a SKU's quota is stated under, by the SKU's kind. */
const QUOTA_KEY = { standard: "tpm", provisioned: "ptu", batch: "enqueuedTokens" } as const;
/** What each key counts, as messages say it. */
const QUOTA_COUNTS = { tpm: "tokens per minute", ptu: "PTUs", enqueuedTokens: "enqueued tokens" } as const;

/**
 * A `quota:` entry: quota a subscription holds in one region for one SKU (and one model: standard quota is per model,
 * PTU quota is not), granted beyond the default; it replaces the default in the quota check (src/catalog/quotas.ts).
 */
export const quotaGrantSchema = z
  .strictObject({
    subscription: name("subscription")
      .optional()
      .describe("the subscription that holds it, as accounts name it (default: the one accounts share)"),
    region: region("the region it is granted in"),
    sku: skuSchema,
    model: z
      .string()
      .min(1)
      .optional()
      .describe("standard SKUs: the model it is for (PTU quota is model-independent: leave it out)"),
    tpm: z
      .number()
      .int()
      .min(0)
      .max(MAX_QUOTA)
      .optional()
      .describe("standard SKUs: tokens per minute granted (1000000 = 1M TPM)"),
    ptu: z.number().int().min(0).max(MAX_QUOTA).optional().describe("provisioned SKUs: PTUs granted"),
    enqueuedTokens: z
      .number()
      .int()
      .min(0)
      .max(MAX_QUOTA)
      .optional()
      .describe("Batch SKUs: enqueued tokens granted (200000000 = 200M)"),
  })
  .superRefine((q, ctx) => {
    const issue = (key: string, message: string) => ctx.addIssue({ code: "custom", path: [key], message });
    const kind = skuFacts(q.sku)?.kind;
    const key = QUOTA_KEY[kind ?? "standard"];
    const counted = `${q.sku} quota is counted in ${QUOTA_COUNTS[key]}`;
    if (q[key] === undefined) issue(key, `${counted}: add ${key}`);
    for (const other of QUOTA_KEYS) {
      if (other !== key && q[other] !== undefined) issue(other, `${counted}: write ${key}, not ${other}`);
    }
    if (kind === "provisioned" && q.model !== undefined)
      issue(
        "model",
        "PTU quota is model-independent (one pool per subscription, region and SKU): remove model",
      );
    if (kind !== "provisioned" && q.model === undefined)
      issue("model", `${q.sku} quota is granted per model: add model`);
  })
  .describe("quota a subscription holds in one region, replacing the default in the quota check");

/** `quota:`: the quota the scenario's subscriptions hold, one entry per pool. */
const quotaSchema = z
  .array(quotaGrantSchema)
  .superRefine((entries, ctx) => {
    const seen = new Map<string, number>();
    entries.forEach((q, i) => {
      const key = JSON.stringify([q.subscription ?? "", q.region, q.sku, q.model ?? ""]);
      const first = seen.get(key);
      if (first === undefined) seen.set(key, i);
      else
        ctx.addIssue({
          code: "custom",
          path: [i],
          message: `quota[${first}] already states this pool's quota; keep one entry per subscription, region, SKU and model`,
        });
    });
  })
  .describe(
    "quota granted beyond the default (the check uses Azure's tier-1 defaults otherwise; see spillway validate --quota)",
  );

// ---------------------------------------------------------------------------------------------------------------
// the scenario

/** The whole scenario file. */
export const scenarioSchema = z.strictObject({
  $schema: z.string().optional().describe("editor hint, ignored"),
  name: name("scenario"),
  description: z.string().default("").describe("one line shown in reports"),
  calendar: calendarSchema.optional(),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .default(1)
    .describe("same seed + same file => byte-identical report.json"),
  duration: duration("the measured horizon", { min: L.MIN_HORIZON_SECONDS, max: L.MAX_HORIZON_SECONDS }),
  warmup: duration("simulated before the horizon, not measured", {
    min: 0,
    max: L.MAX_WARMUP_SECONDS,
  }).default(0),
  models: z
    .record(z.string().min(1), modelOverrideSchema)
    .default({})
    .describe("catalog overrides and additions"),
  accounts: z.array(accountSchema).min(1).describe("Azure OpenAI resources and their deployments"),
  gateways: z.array(gatewaySchema).default([]).describe("API Management instances"),
  routers: z.array(routerSchema).optional().describe("LiteLLM-style routers in the calling application"),
  traffic: z.array(workloadSchema).min(1).describe("workloads"),
  network: networkSchema,
  outages: z.array(outageSchema).default([]).describe("failure windows"),
  slo: z
    .array(
      z.union([
        z.string(),
        z.strictObject({
          expression: z.string().describe('"<path> <op> <value>"'),
          level: z
            .enum(["error", "warn"])
            .default("error")
            .describe("error fails the run (exit 1); warn is only reported"),
        }),
      ]),
    )
    .default([])
    .describe(
      'assertions on report.json: "<path> <op> <value>" (level error) or { expression, level: warn }',
    ),
  regression: regressionSchema.optional(),
  billing: billingTermsSchema.optional(),
  quota: quotaSchema.optional(),
});

/** A scenario as written (before defaults and unit parsing). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
/** A validated scenario: defaults filled, durations in seconds, rates in requests/second. */
export type Scenario = z.output<typeof scenarioSchema>;
/** A validated deployment entry. */
export type DeploymentSpec = z.output<typeof deploymentSchema>;
/** A validated gateway entry. */
export type GatewaySpec = z.output<typeof gatewaySchema>;
/** A validated `routers:` entry. */
export type RouterSpec = z.output<typeof routerSchema>;
/** A validated workload entry. */
export type WorkloadSpec = z.output<typeof workloadSchema>;
/** A validated arrival process. */
export type ArrivalSpec = WorkloadSpec["arrival"];

/**
 * Compile-time check: the generated arrivals the schema validates are exactly workload/'s arrivals as written (the
 * resolver places them on the calendar, src/workload/arrivals.ts placeOnCalendar).
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const arrivalsAgree: Same<Exclude<ArrivalSpec, { type: "trace" }>, ScenarioArrivalSpec> = true;
void arrivalsAgree;
/** A validated token-count distribution. */
export type TokenDistributionSpec = z.output<typeof tokenDistributionSchema>;
/** A validated outage entry. */
export type OutageSpec = z.output<typeof outageSchema>;
/** A validated `models:` entry. */
export type ModelOverride = z.output<typeof modelOverrideSchema>;
/** A validated `quota:` entry. */
export type QuotaGrantSpec = z.output<typeof quotaGrantSchema>;
/** Validated billing terms (`billing:`). */
export type BillingTermsSpec = z.output<typeof billingTermsSchema>;
