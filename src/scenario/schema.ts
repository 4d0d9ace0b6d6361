/**
 * The scenario schema: one zod definition is the TypeScript type, the defaults, the validation messages and the
 * exported JSON Schema (`spillway schema`). Key names follow README.md's "Scenario reference" and, where Azure has
 * a name (ARM `sku.name`, `sku.capacity`, `spilloverDeploymentName`), Azure's.
 */
import { z } from "zod";
import { KNOBS, type KnobName } from "../catalog/assumptions.js";
import { PROVISIONED_SKUS, perSku, SKUS, type Sku, STANDARD_SKUS } from "../catalog/index.js";
import { ROUTING_POLICIES, ROUTING_POLICY_NAMES } from "../gateway/policies.js";
import { formatDuration, groupDigits, parseDuration, parseRate, parseTimeOfDay } from "../units.js";
import type { SyntheticArrivalSpec } from "../workload/arrivals.js";
import { TRACE_FORMATS } from "../workload/trace/trace-types.js";
import * as L from "./limits.js";
import { NAME_PATTERN, RESERVED_KEYS } from "./names.js";
import { regressionSchema } from "./regression-schema.js";

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

/**
 * An Azure region name as ARM writes it (`eastus`, `swedencentral`, `westus3`): letters and digits, no spaces. It
 * becomes a key of report.json maps, so it must never be a key of JavaScript's object internals.
 */
const region = (description: string) =>
  z
    .string()
    // abort: one message a value (a name with other characters is a spelling to fix, not also a reserved key).
    .regex(/^[A-Za-z0-9-]+$/, {
      message:
        'a region is written as ARM names it, letters and digits without spaces: "eastus", not "East US"',
      abort: true,
    })
    .refine((value) => !RESERVED_KEYS.has(value), { message: "not a region name" })
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
        ctx.addIssue({
          code: "custom",
          message: `${JSON.stringify(value)} is not a duration: write seconds (90) or "250ms", "90s", "5m", "1h", "7d", "PT1M"`,
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

/** The SKU names accepted in `sku:`. */
export const skuSchema = z.enum(SKUS as [Sku, ...Sku[]]).describe("deployment SKU (ARM sku.name)");

/** One deployment of an Azure OpenAI account. */
export const deploymentSchema = z.strictObject({
  name: name("deployment"),
  model: z.string().min(1).describe("model name: a catalog model or one defined under models:"),
  sku: skuSchema,
  capacity: z
    .number()
    .int()
    .positive()
    .describe("ARM sku.capacity: PTUs for provisioned SKUs, thousands of TPM for standard SKUs"),
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
        priority: z.number().int().min(0).max(100).default(1).describe("lower number = used first (0-100)"),
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
    })
    .optional()
    .describe("APIM <retry> around forward-request, re-selecting a backend from the pool each time"),
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
// network and outages

/** Round-trip latency between regions. */
export const networkSchema = z
  .strictObject({
    latency: z
      .strictObject({
        sameRegion: duration("round trip within a region", { min: 0, max: 60 }).default(0.002),
        interRegion: duration(
          `round trip between regions not listed in pairs or the built-in table (an assumption: default ${knobDefaultText("network.interRegion")})`,
          { min: 0, max: 60 },
        ).optional(),
        pairs: z
          .record(
            z
              .string()
              .regex(/^[A-Za-z0-9-]+~[A-Za-z0-9-]+$/, { message: 'a pair is written "regionA~regionB"' }),
            duration("round trip between the two regions", { min: 0, max: 60 }),
          )
          .default({})
          .describe('round trips of region pairs, e.g. { "eastus~westeurope": 85ms } (either order)'),
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

const arrivalSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("constant"), rate: rate("evenly spaced arrivals") }),
  z.strictObject({ type: z.literal("poisson"), rate: rate("mean arrival rate") }),
  z.strictObject({
    type: z.literal("diurnal"),
    peak: rate("rate at the peak"),
    trough: rate("rate at the trough", false),
    peakAt: z
      .union([z.number(), z.string()])
      .transform((value, ctx) => {
        const seconds = parseTimeOfDay(value);
        if (seconds === undefined) {
          ctx.addIssue({
            code: "custom",
            message: `${JSON.stringify(value)} is not a time: write "14:00" or a duration`,
          });
          return z.NEVER;
        }
        return seconds;
      })
      .default(0)
      .describe('when the peak is, measured from time 0: "14:00" or a duration'),
    period: duration("length of one cycle", { min: 1, max: L.MAX_HORIZON_SECONDS }).default(86400),
  }),
  z.strictObject({
    type: z.literal("bursty"),
    base: rate("rate between bursts", false),
    burst: rate("rate during a burst"),
    burstEvery: duration("time from one burst's start to the next", { min: 0.001 }),
    burstFor: duration("length of a burst", { min: 0.001 }),
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
  via: z.string().describe("a gateway name, or a deployment `account/deployment` called directly"),
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
// the scenario

/** The whole scenario file. */
export const scenarioSchema = z.strictObject({
  $schema: z.string().optional().describe("editor hint, ignored"),
  name: name("scenario"),
  description: z.string().default("").describe("one line shown in reports"),
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
});

/** A scenario as written (before defaults and unit parsing). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
/** A validated scenario: defaults filled, durations in seconds, rates in requests/second. */
export type Scenario = z.output<typeof scenarioSchema>;
/** A validated deployment entry. */
export type DeploymentSpec = z.output<typeof deploymentSchema>;
/** A validated gateway entry. */
export type GatewaySpec = z.output<typeof gatewaySchema>;
/** A validated workload entry. */
export type WorkloadSpec = z.output<typeof workloadSchema>;
/** A validated arrival process. */
export type ArrivalSpec = WorkloadSpec["arrival"];

/** Compile-time check: the generated arrivals the schema validates are exactly what workload/ generates from. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const arrivalsAgree: Same<Exclude<ArrivalSpec, { type: "trace" }>, SyntheticArrivalSpec> = true;
void arrivalsAgree;
/** A validated token-count distribution. */
export type TokenDistributionSpec = z.output<typeof tokenDistributionSchema>;
/** A validated outage entry. */
export type OutageSpec = z.output<typeof outageSchema>;
/** A validated `models:` entry. */
export type ModelOverride = z.output<typeof modelOverrideSchema>;
