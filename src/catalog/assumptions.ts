/**
 * Every behaviour Microsoft leaves undocumented, declared once: its name, where a scenario sets it, the default
 * Spillway uses, the plausible range (what `spillway sensitivity` and `plan --robust` try), the evidence, and what it
 * changes. The resolver takes its defaults from here, report.json echoes the values a run used (`assumptions`), and
 * README.md's "Assumptions" table says the same in words. Documented rules are not knobs: they are exact.
 *
 * A knob applies to one kind of component (`scope`) at a key path inside that component's scenario entry, so a value
 * can be set on every component of the kind with `--set` (scenario/assumptions.ts builds those assignments).
 */

/** The kind of scenario entry a knob belongs to. */
export type KnobScope = "provisioned" | "standard" | "batch" | "gateway" | "workload" | "network";

/**
 * How a knob's values read: `absolute` values of the key; `relative` factors on the component's own resolved value
 * (for defaults that depend on the component, such as a queue of two seconds of its capacity: default 1); `choice`
 * alternative behaviours (default, low and high name them).
 */
export type KnobKind = "absolute" | "relative" | "choice";

/** One undocumented knob. */
export interface Knob {
  /** Stable name, used in report.json, sensitivity.json and `--robust` output: `provisioned.bucket.window`. */
  name: string;
  /** The components it applies to. */
  scope: KnobScope;
  /** How its values read. */
  kind: KnobKind;
  /** Only components that leave the key unset use the assumption (a scenario that sets it made its own choice). */
  onlyWhenUnset: boolean;
  /**
   * Key path inside the component's scenario entry (`bucket.window` of a deployment, `queueLimit` of a gateway,
   * `latency.interRegion` of `network`), as `--set` writes it.
   */
  key: string;
  /** The value used when the scenario does not set it (seconds for durations, as the schema stores them). */
  default: number | string | boolean;
  /** The low end of the plausible range, or the alternative behaviour for a choice. */
  low: number | string | boolean;
  /** The high end of the plausible range, or the other alternative for a choice. */
  high: number | string | boolean;
  /** How to print a value (`s` for seconds, `fraction`, `x` for a factor; empty for a choice). */
  unit: "s" | "ms" | "fraction" | "x" | "requests" | "tokens" | "";
  /** The evidence for the default and the range: sources with dates (tags are in docs/sources.md). */
  evidence: string;
  /** What a user sees change when it moves. */
  changes: string;
}

/**
 * The knobs, in the order the README lists them. A default that is a function of the component (a queue of two
 * seconds of capacity) is stated as the rule in `evidence` and given here as the figure `sensitivity` scales.
 */
export const KNOBS = [
  {
    name: "provisioned.bucket.window",
    kind: "absolute",
    onlyWhenUnset: false,
    scope: "provisioned",
    key: "bucket.window",
    default: 60,
    low: 10,
    high: 120,
    unit: "s",
    evidence:
      "Microsoft documents a leaky bucket that drains at the deployed PTUs' rate [S1] but not its depth. 60 s matches the one-minute utilization metric (PT1M) [S4]; nothing published bounds it, so 10-120 s is the plausible range.",
    changes: "How long a burst above capacity is absorbed before 429s (and spillover) begin.",
  },
  {
    name: "provisioned.bucket.burst",
    kind: "absolute",
    onlyWhenUnset: false,
    scope: "provisioned",
    key: "bucket.burst",
    default: 0,
    low: 0,
    high: 0.1,
    unit: "fraction",
    evidence:
      '"Bursts just over 100% might be permitted" [S1]: how far over is not published. 0 (none) by default, up to 10 % as the plausible high.',
    changes: "How far above 100 % utilization a provisioned deployment still admits calls.",
  },
  {
    name: "standard.rpmWindow",
    kind: "absolute",
    onlyWhenUnset: false,
    scope: "standard",
    key: "rateLimits.rpmWindow",
    default: 10,
    low: 1,
    high: 10,
    unit: "s",
    evidence:
      'The RPM limit "evaluates the rate of incoming requests over a small period of time, typically 1 or 10 seconds" [S6]: which one a deployment uses is not said. 10 s fits the only public measurements [S41]: gpt-35-turbo at 10K TPM (60 RPM) admitted 10 calls sent within 2.8 s and refused the next 10 (2024-07-08; a 1 s window would have refused the second), and with calls about 1.3 s apart x-ratelimit-remaining-requests stayed at 2 (8 calls in the last 10 s). The quota tables state gpt-4o Data Zone RPM as "300 / 10s" [S7a]; Microsoft\'s emulator checks requests per 10 s [S42].',
    changes: "Whether short bursts of requests are refused by the RPM limit.",
  },
  {
    name: "gateway.queueLimit",
    kind: "relative",
    onlyWhenUnset: true,
    scope: "gateway",
    key: "queueLimit",
    default: 1,
    low: 0.25,
    high: 5,
    unit: "x",
    evidence:
      "APIM publishes no queue size for a saturated unit; a region holds about two seconds of its capacity before answering 503 (queueLimit = ceil(2 x capacity)); the range is half a second to ten seconds of capacity (x 0.25 to x 5).",
    changes:
      "How many requests wait for gateway capacity rather than get a 503 when a gateway region saturates.",
  },
  {
    name: "gateway.overhead",
    kind: "absolute",
    onlyWhenUnset: false,
    scope: "gateway",
    key: "overhead",
    default: 0.005,
    low: 0.001,
    high: 0.02,
    unit: "s",
    evidence:
      "Microsoft publishes no gateway latency figure; 5 ms a pass for dedicated tiers (10 ms on Consumption) is an assumption of the right order (APIM tier notes in src/catalog/apim-tiers.ts).",
    changes: "The latency every gateway pass adds.",
  },
  {
    name: "gateway.failover.detection",
    kind: "absolute",
    onlyWhenUnset: false,
    scope: "gateway",
    key: "failover.detection",
    default: 30,
    low: 10,
    high: 120,
    unit: "s",
    evidence:
      "How fast callers move to another gateway region depends on their DNS TTL and health probes, which Azure does not fix; 30 s is a typical probe interval.",
    changes: "How many requests fail at the start and end of a regional outage.",
  },
  {
    name: "network.interRegion",
    kind: "absolute",
    onlyWhenUnset: false,
    scope: "network",
    key: "latency.interRegion",
    default: 0.08,
    low: 0.04,
    high: 0.15,
    unit: "s",
    evidence:
      "The round trip between two regions that Microsoft's published round-trip table [S61] does not cover and no `pairs` entry gives: a transatlantic order of magnitude.",
    changes: "The latency of calls that cross regions through a gateway or a direct call.",
  },
  {
    name: "workload.maxTokens",
    kind: "absolute",
    onlyWhenUnset: true,
    scope: "workload",
    key: "maxTokens",
    default: 4096,
    low: 1024,
    high: 16384,
    unit: "tokens",
    evidence:
      "What the service assumes when a request sets no max_tokens is not published; gpt-4o's default response size of 4,096 tokens [S7] is the only hint.",
    changes:
      "The capacity each request is charged at admission (PTU utilization and TPM) when the scenario sets no maxTokens.",
  },
  {
    name: "standard.limiter.window",
    scope: "standard",
    kind: "choice",
    onlyWhenUnset: false,
    key: "limiter.window",
    default: "sliding",
    low: "fixed",
    high: "sliding",
    unit: "",
    evidence:
      "quota.md says the token count \"is reset each minute\" [S6] without saying whether the minute is the clock's or the last 60 s. The only public measurements, x-ratelimit-remaining-tokens after each call of a 10K TPM deployment with the calls' times [S41], fit a sliding 60 s window: gpt-4o (2024-07-22, 10 calls at 12:51:44-12:52:52 counted 648 tokens each) kept falling across 12:52:00 and rose from 4,168 to 4,816 on the call made more than 60 s after the first two (8 calls counted); gpt-35-turbo completions (2024-07-25) freed exactly the calls that had turned 60 s old; gpt-35-turbo chat (2024-07-08, max_tokens 2,000, a call about every second) admitted five calls one by one after each lockout, each leaving 0 tokens, where a fixed window would have reset to 10,000. The RPM count slides too (remaining requests steady at 2, see standard.rpmWindow). Microsoft's emulator implements both as sliding windows [S42].",
    changes: "Whether a burst is refused until the clock's next minute or until its own tokens are 60 s old.",
  },
  {
    name: "standard.limiter.admission",
    scope: "standard",
    kind: "choice",
    onlyWhenUnset: false,
    key: "limiter.admission",
    default: "fits",
    low: "below-limit",
    high: "fits",
    unit: "",
    evidence:
      'The doc says only that once the limit "is reached, then further requests will receive a 429" [S6]. The measurements refuse a request whose estimate does not fit while the count is still below the limit [S41]: gpt-4o (2024-07-22, 10K TPM, max_tokens 2,000, counted 2,008 a call) got a 429 with 1,968 tokens remaining, and gpt-4 (2024-08-07, max_tokens 1,000, 1,008 a call) with 928 remaining. Microsoft\'s emulator refuses when the count plus the request exceeds the limit [S42].',
    changes: "Whether the last request of a full minute overshoots the limit or gets the 429.",
  },
  {
    name: "standard.limiter.countRejected",
    scope: "standard",
    kind: "choice",
    onlyWhenUnset: false,
    key: "limiter.countRejected",
    default: false,
    low: false,
    high: true,
    unit: "",
    evidence:
      '"Unsuccessful requests still count toward your per-minute rate limit" [S6] does not say which limit. In the measurements [S41] (gpt-35-turbo, 10K TPM, max_tokens 2,000, 100 calls about a second apart, 2024-07-08) 5 calls were admitted, 42 refused, 5 admitted, 42 refused: each lockout ended about 60 s after the admitted calls while the 429s went on, so a refused call adds no tokens (2,000 each would have kept the count full for good). The first call after a lockout had 1 request remaining: the refused calls counted toward RPM, as Spillway counts them. Microsoft\'s emulator adds only admitted calls [S42].',
    changes: "Whether a retry storm against a full deployment keeps it full (and starves the stream).",
  },
  {
    name: "gateway.stateScope",
    scope: "gateway",
    kind: "choice",
    onlyWhenUnset: false,
    key: "stateScope",
    default: "instance",
    low: "region",
    high: "instance",
    unit: "",
    evidence:
      '"Different instances of the gateway do not synchronize and will apply circuit breaker rules based on the information on the same instance" (backends.md, ms.date 2026-01-15) [MS-bk]; a region\'s units "work together to process requests and provide automatic load balancing", algorithm unpublished (reliability-api-management.md, ms.date 2026-09-09) [MS-r]. Spillway keeps one breaker and policy state per unit and hands each request to a unit chosen at random; a unit is two compute resources, and whether each keeps its own state is not said.',
    changes:
      "How many 429s a gateway region lets through before its breakers (or smart-lb marks) take a backend out: each unit learns on its own, or the region learns once. Only gateways with more than one unit.",
  },
  {
    name: "provisioned.latency.loadSlowdown",
    scope: "provisioned",
    kind: "absolute",
    onlyWhenUnset: false,
    key: "latency.loadSlowdown",
    default: 0,
    low: 0,
    high: 0.25,
    unit: "fraction",
    evidence:
      'The time per generated token "increases as the system load increases" [S9g], yet provisioned calls get "a consistent model processing time" [S1]: no figure is published, so 0 (load-independent) by default. Generation time is scaled by 1 + value x the utilization the call found in the bucket (the one the 429 rule reads), which stays near 0 until the offered load nears capacity. The high end, 0.25, slows a full deployment from the catalog\'s mean speed to about the published latency target (99% > 80-100 tokens/s for the gpt-4.1 family [S3], about 1.2 times slower than the mean).',
    changes:
      "How much longer a provisioned deployment takes to generate as it nears saturation (at the high end 25 % longer when full, about 1.5 % at 82 % of capacity).",
  },
  {
    name: "standard.latency.overTier",
    scope: "standard",
    kind: "absolute",
    onlyWhenUnset: false,
    key: "latency.overTier",
    default: 1,
    low: 1,
    high: 2,
    unit: "x",
    evidence:
      'Above a model\'s usage tier (tokens per month across the tenant) latency "may be more than two times higher" [S7u]; how often and how much is not published, so 1 (no slowdown) by default and 2 as the high end. A run extrapolates its own consumption of the model on standard deployments to a 730-hour month.',
    changes:
      "The latency of a standard deployment while the run's consumption of its model, extrapolated to a month, is above the usage tier.",
  },
  {
    name: "batch.turnaround",
    scope: "batch",
    kind: "absolute",
    onlyWhenUnset: false,
    key: "turnaround",
    default: 86400,
    low: 3600,
    high: 86400,
    unit: "s",
    evidence:
      'Batch has a "24-hour target turnaround" and jobs that take longer are not expired [S43]; how long requests take within the window is not published. A Batch request completes at a time drawn uniformly over (0, turnaround] after it is enqueued, and its input tokens count against the enqueued-token quota until then [S43]. The default spreads completions over the whole documented window (the cautious end for the quota); 1 h, a lightly loaded queue, is the low end.',
    changes:
      "How long Batch requests wait for their results, and so how many input tokens stay enqueued: when the enqueued-token quota refuses requests.",
  },
  {
    name: "standard.flex.unavailable",
    scope: "standard",
    kind: "absolute",
    onlyWhenUnset: false,
    key: "flexUnavailable",
    default: 0.05,
    low: 0,
    high: 0.3,
    unit: "fraction",
    evidence:
      'Flex requests "can return HTTP 429 when Flex capacity isn\'t available"; "Flex capacity is preemptible, so temporary unavailability is more likely during peak hours", and a request refused for capacity "isn\'t billed" [S45]. No rate is published: each request of a Flex deployment is refused with a 429 (no Retry-After, not billed, not counted against the quota) with this probability, 5 % by default, from none to 30 % at peak.',
    changes:
      "How many Flex requests get a 429 for want of Flex capacity, and so the retries and failures of a Flex workload.",
  },
  {
    name: "gateway.tokenLimit.admission",
    scope: "gateway",
    kind: "choice",
    onlyWhenUnset: false,
    key: "tokenLimit.admission",
    default: "fits",
    low: "exceeded",
    high: "fits",
    unit: "",
    evidence:
      'With estimate-prompt-tokens the policy counts the prompt "minimizing unnecessary requests to the backend if the limit is already exceeded" [S90]; whether a request whose estimate would take the count past tokens-per-minute is refused, or only one arriving once the count has reached it, is not said. The default refuses what does not fit, as Azure OpenAI\'s own limiter is measured to do (standard.limiter.admission [S41]); without an estimate there is nothing to fit and only a count at the limit refuses ("all succeeding requests will be blocked ... until the token limit resets" [S90]).',
    changes:
      "Whether the last request of a full minute overshoots the gateway's token limit or gets the gateway's 429. Only gateways with tokenLimit and estimatePromptTokens.",
  },
  {
    name: "gateway.tokenLimit.bucket",
    scope: "gateway",
    kind: "absolute",
    onlyWhenUnset: false,
    key: "tokenLimit.bucket",
    default: 60,
    low: 10,
    high: 60,
    unit: "s",
    evidence:
      'Classic tiers rate-limit over a sliding window, "v2 tiers use a token bucket algorithm" (api-management-sample-flexible-throttling.md, ms.date 2025-11-11) [S91], whose depth and refill are not published. Spillway refills tokens-per-minute / 60 a second into a bucket one minute deep (a full minute of tokens at once, as the sliding window allows); 10 s is the shallow end.',
    changes:
      "How large a burst a v2-tier gateway's token limit lets through at once before its 429s begin. Only v2-tier gateways with tokenLimit.",
  },
  {
    name: "gateway.semanticCache.lookupLatency",
    scope: "gateway",
    kind: "absolute",
    onlyWhenUnset: false,
    key: "semanticCache.lookupLatency",
    default: 0.1,
    low: 0.03,
    high: 0.3,
    unit: "s",
    evidence:
      "Every lookup embeds the prompt with a call to the embeddings backend and searches the external cache by vector proximity [S93]; Microsoft publishes no duration for either. 100 ms stands for an embeddings call in the same region plus a Redis vector search; 30-300 ms is the plausible range.",
    changes:
      "The latency of the requests the semantic cache answers, and the time every miss spends before it is forwarded. Only gateways with semanticCache.",
  },
] as const satisfies readonly Knob[];

/** A knob's name. */
export type KnobName = (typeof KNOBS)[number]["name"];

/** The knob of a name (own entries only). */
export function knob(name: string): Knob | undefined {
  return KNOBS.find((k) => k.name === name);
}

/** The default of a knob whose values are numbers (seconds, fractions, tokens). */
export function numericDefault(name: KnobName): number {
  const value = (knob(name) as Knob).default;
  if (typeof value !== "number") throw new Error(`knob ${name} is not numeric`);
  return value;
}

/** The default of a choice knob. */
export function choiceDefault(name: KnobName): string | boolean {
  const value = (knob(name) as Knob).default;
  if (typeof value === "number") throw new Error(`knob ${name} is not a choice`);
  return value;
}
