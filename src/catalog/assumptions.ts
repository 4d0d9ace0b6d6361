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
export type KnobScope = "provisioned" | "standard" | "gateway" | "workload" | "network";

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
      'The RPM limit "evaluates the rate of incoming requests over a small period of time, typically 1 or 10 seconds" [S6]: which one a deployment uses is not said.',
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
      "The round trip between two regions not in the built-in pair table (itself rounded from Microsoft's published latency statistics): a transatlantic order of magnitude.",
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
      "quota.md says the token count \"is reset each minute\" [S6] without saying whether the minute is the clock's or the last 60 s. The only public measurements of x-ratelimit-remaining-tokens (stuartleeks/aoai-testing, 2024) fit a sliding 60 s window, as Microsoft's own emulator (microsoft/aoai-api-simulator) implements it.",
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
      "Whether the request that would cross the TPM limit is still admitted is not documented; the same measurements (stuartleeks/aoai-testing, 2024) refuse a request whose estimate does not fit.",
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
      "Rejected requests count toward the per-minute request limit [S6]; whether a 429'd request also adds its tokens is not said. In the measurements a lockout ended within 60 s while 429s went on, so a rejected request does not add tokens.",
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
      "APIM gateway instances do not synchronize circuit-breaker and policy state [MS-bk]: each unit keeps its own, and requests are spread over a region's units.",
    changes: "How many 429s a gateway region's units each need to see before their breakers trip.",
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
