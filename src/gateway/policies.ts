/**
 * The routing policies a gateway can run, registered in one place: each entry has its scenario name (`policy:`), a
 * one-line description, a check of the gateway settings it needs or refuses, and a constructor. Adding a policy is a
 * new file beside this one plus one line in {@link ROUTING_POLICIES}; the scenario schema, validation and the
 * simulator read this table.
 */
import { BackendPool, type PoolRetry } from "./backend-pool.js";
import type { CircuitBreakerRule } from "./circuit-breaker.js";
import type { RoutingPolicy } from "./routing-policy.js";
import { SmartLoadBalancer } from "./smart-lb.js";

/** The gateway settings a policy is built from (times in seconds). */
export interface PolicySettings {
  /** The pool in configuration order. */
  backends: readonly { priority: number; weight: number }[];
  /** The circuit-breaker rule applied to each backend, or null. */
  circuitBreaker: CircuitBreakerRule | null;
  /** `<retry>` around forward-request, or null. */
  retry: PoolRetry | null;
}

/** One registered routing policy. */
export interface RoutingPolicyDefinition {
  /** One line for `spillway schema` and the docs. */
  description: string;
  /** Settings this policy refuses, with why (keys of the gateway entry). */
  check(settings: PolicySettings): { key: string; message: string }[];
  /** One instance for one gateway instance (or region); `uniform` is that instance's own seeded stream in [0, 1). */
  create(settings: PolicySettings, uniform: () => number): RoutingPolicy;
}

/**
 * A pool member's priority in one gateway region: one number for every region, or a number per region (the
 * multi-region "use the backends of my own region first", which APIM deployments write with
 * `context.Deployment.Region` [S96]).
 */
export function priorityIn(priority: number | Readonly<Record<string, number>>, region: string): number {
  return typeof priority === "number" ? priority : (priority[region] as number);
}

/** APIM's native load-balanced backend pool with per-backend circuit breakers and `<retry>`. */
const backendPool: RoutingPolicyDefinition = {
  description: "APIM's native load-balanced pool: priority groups, weights, circuit breaker, <retry>",
  check: (settings) =>
    settings.retry?.target === "next" && settings.backends.length < 2
      ? [
          {
            key: "retry.target",
            message:
              "target: next forwards a failed request to the next backend in priority order, and the pool has one backend; add the backend to go to (pay-as-you-go) or remove target",
          },
        ]
      : [],
  create: (settings) => new BackendPool(settings.backends, settings.circuitBreaker, settings.retry),
};

/** The openai-apim-lb priority policy: throttling marks from Retry-After and its own retries. */
const smartLb: RoutingPolicyDefinition = {
  description:
    "the openai-apim-lb smart load-balancing policy: priorities, Retry-After marks, its own retries",
  check: (settings) =>
    (["circuitBreaker", "retry"] as const)
      .filter((key) => settings[key] !== null)
      .map((key) => ({
        key,
        message: `smart-lb marks throttled backends and retries by itself (up to 50 times); remove ${key} or use policy: backend-pool`,
      })),
  create: (settings, uniform) => new SmartLoadBalancer(settings.backends, uniform),
};

/** Every routing policy by its scenario name; the first is the default. */
export const ROUTING_POLICIES = {
  "backend-pool": backendPool,
  "smart-lb": smartLb,
} as const satisfies Record<string, RoutingPolicyDefinition>;

/** A routing policy's scenario name. */
export type RoutingPolicyName = keyof typeof ROUTING_POLICIES;

/** The policy names, default first (for the schema's enum). */
export const ROUTING_POLICY_NAMES = Object.keys(ROUTING_POLICIES) as [
  RoutingPolicyName,
  ...RoutingPolicyName[],
];
