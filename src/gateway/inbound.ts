/**
 * The inbound policies a gateway region runs before its routing policy forwards a request, registered in one place
 * like the routing policies (policies.ts): each entry names the gateway key that turns it on and builds one instance
 * per gateway region. They run in registry order, the order Microsoft's AI-Gateway "zero to production" policy puts
 * them [S95]: the semantic-cache lookup first (a hit returns before anything else runs), then the token limit. Their
 * state is the region's: APIM keeps token-limit counters per regional gateway [S92], and a region reaches its own
 * external cache. Plain numbers only; the simulator calls {@link InboundPipeline.run} once per client attempt and
 * {@link InboundPipeline.usage} when a backend's answer carries token usage (src/sim/gateway-flow.ts).
 */
import type { RoutedRequest } from "./routing-policy.js";
import { SemanticCache, type SemanticCacheSettings } from "./semantic-cache.js";
import { TokenLimit, type TokenLimitSettings } from "./token-limit.js";

/** What an inbound policy reads of a request: the routed fields, its attempt and its completion tokens. */
export interface InboundRequest extends RoutedRequest {
  /** The client attempt's serial (a retry by the SDK is a new attempt that passes inbound again). */
  readonly attempt: number;
  /** Completion tokens the backend generates for it (reported in the response's usage). */
  readonly completion: number;
}

/** {@link InboundVerdict.status} when the request goes on to the routing policy. */
export const FORWARD = 0;

/** What the inbound policies decided for one attempt; one object per pipeline, refilled on every run. */
export class InboundVerdict {
  /** {@link FORWARD}, or the status the gateway answers with itself (200 from the cache, 429 from the limit). */
  status = FORWARD;
  /** Seconds the inbound policies took before the answer or the forward (the cache lookup). */
  delay = 0;
  /** A 429's Retry-After, s (0 otherwise). */
  retryAfter = 0;
  /** The semantic-cache lookup's outcome: -1 no lookup, 0 a miss, 1 a hit. */
  lookup = -1;

  /** Back to "forward at once, nothing looked up". */
  reset(): void {
    this.status = FORWARD;
    this.delay = 0;
    this.retryAfter = 0;
    this.lookup = -1;
  }
}

/** One inbound policy instance of one gateway region. */
export interface InboundPolicy {
  /**
   * Inbound at `now` (after the delay the earlier policies took): answers by setting `verdict.status`, or leaves it
   * {@link FORWARD}, adding any time it takes to `verdict.delay`.
   */
  inbound(now: number, request: InboundRequest, verdict: InboundVerdict): void;
  /** A backend's successful answer to `request` reaches the gateway at `at` (s) with its token usage. */
  usage(at: number, request: InboundRequest): void;
}

/** The settings the inbound policies are built from (times in seconds); a null entry is off. */
export interface InboundSettings {
  /** APIM `azure-openai-semantic-cache-lookup` / `-store`. */
  semanticCache: SemanticCacheSettings | null;
  /** APIM `llm-token-limit` / `azure-openai-token-limit`. */
  tokenLimit: TokenLimitSettings | null;
}

/** One registered inbound policy. */
export interface InboundPolicyDefinition {
  /** The gateway key that turns it on. */
  key: keyof InboundSettings;
  /** One line for the docs. */
  description: string;
  /** One instance for one gateway region whose settings turn it on; `uniform` is its own seeded stream in [0, 1). */
  create(settings: InboundSettings, uniform: () => number): InboundPolicy;
}

/** Every inbound policy, in the order a request meets them. */
export const INBOUND_POLICIES: readonly InboundPolicyDefinition[] = [
  {
    key: "semanticCache",
    description: "semantic cache lookup: a share of requests answered from the cache, the rest forwarded",
    create: (s, uniform) => new SemanticCache(s.semanticCache as SemanticCacheSettings, uniform),
  },
  {
    key: "tokenLimit",
    description: "token limit: tokens per minute per counter key, 429 with Retry-After when exceeded",
    create: (s) => new TokenLimit(s.tokenLimit as TokenLimitSettings),
  },
];

/** A gateway region's inbound policies, run in order; null from {@link inboundPipeline} when there are none. */
export class InboundPipeline {
  private readonly verdict = new InboundVerdict();
  /** The attempt each request last passed inbound with: a delayed forward must not run the policies again. */
  private readonly passed = new WeakMap<InboundRequest, number>();

  /** @param policies the region's policy instances, in {@link INBOUND_POLICIES} order */
  constructor(readonly policies: readonly InboundPolicy[]) {}

  /**
   * Runs the policies for `request`'s attempt at `now`, once per attempt: an attempt that already passed (its forward
   * was delayed by the lookup) is forwarded at once. The verdict is the pipeline's own object, valid until the next run.
   */
  run(now: number, request: InboundRequest): InboundVerdict {
    const verdict = this.verdict;
    verdict.reset();
    if (this.passed.get(request) === request.attempt) return verdict;
    this.passed.set(request, request.attempt);
    for (const policy of this.policies) {
      policy.inbound(now + verdict.delay, request, verdict);
      if (verdict.status !== FORWARD) break;
    }
    return verdict;
  }

  /** A backend's successful answer to `request` reaches the gateway at `at`: every policy hears its usage. */
  usage(at: number, request: InboundRequest): void {
    for (const policy of this.policies) policy.usage(at, request);
  }
}

/** The pipeline of one gateway region, or null when the gateway runs no inbound policy. */
export function inboundPipeline(
  settings: InboundSettings,
  uniform: (key: keyof InboundSettings) => () => number,
): InboundPipeline | null {
  // A stream is asked for only when its policy is on, so a gateway without one draws exactly as before.
  const policies = INBOUND_POLICIES.flatMap((d) =>
    settings[d.key] === null ? [] : [d.create(settings, uniform(d.key))],
  );
  return policies.length === 0 ? null : new InboundPipeline(policies);
}
