/**
 * `routers:`: LiteLLM-style routers in the calling application (src/client/client-router.ts). Checks each entry's
 * references and turns it into the settings the router is built from.
 */
import { DEFAULT_COOLDOWN_SECONDS } from "../client/client-router.js";
import type { RouterDeploymentSettings, RouterStrategyName } from "../client/router-strategies.js";
import type { RouterSpec } from "./schema.js";
import { nearestKey } from "./suggest.js";

/** A router ready to run (times in seconds). */
export interface ResolvedRouter {
  /** Router name (what traffic names in `via`). */
  name: string;
  /** Strategy name. */
  strategy: RouterStrategyName;
  /** `account/deployment` of each deployment, in file order. */
  deploymentIds: string[];
  /** Each deployment's router settings, in the same order. */
  deployments: RouterDeploymentSettings[];
  /** `allowed_fails`, or null for LiteLLM's default rules. */
  allowedFails: number | null;
  /** `cooldown_time`. */
  cooldown: number;
  /** `num_retries`. */
  numRetries: number;
  /** `retry_after`. */
  retryAfter: number;
  /** latency-based `lowest_latency_buffer`. */
  latencyBuffer: number;
}

/** " (did you mean "x"?)" when `value` is a near miss of one of `known`, else "". */
export function didYouMean(value: string, known: Iterable<string>): string {
  const near = nearestKey(value, known);
  return near === undefined ? "" : ` (did you mean "${near}"?)`;
}

/**
 * Resolves `routers:`. A router's name must not be a gateway's (a workload's `via` names either), nor repeat; each
 * deployment must exist, once.
 */
export function resolveRouters(
  specs: readonly RouterSpec[],
  deploymentIds: ReadonlySet<string>,
  gatewayNames: ReadonlySet<string>,
  problem: (path: (string | number)[], message: string) => void,
  batchIds: ReadonlySet<string> = new Set(),
): ResolvedRouter[] {
  const names = new Set<string>();
  return specs.map((r, ri) => {
    const path: (string | number)[] = ["routers", ri];
    if (gatewayNames.has(r.name))
      problem(
        [...path, "name"],
        `router "${r.name}" has the name of a gateway, so via: ${r.name} would be ambiguous; rename one of them`,
      );
    if (names.has(r.name)) problem([...path, "name"], `duplicate router name "${r.name}"`);
    names.add(r.name);
    const seen = new Set<string>();
    r.deployments.forEach((d, di) => {
      const at = [...path, "deployments", di, "deployment"];
      if (!deploymentIds.has(d.deployment))
        problem(
          at,
          `"${d.deployment}" is not a deployment${didYouMean(d.deployment, deploymentIds)}; write account/deployment, one of ${[...deploymentIds].join(", ")}`,
        );
      if (batchIds.has(d.deployment))
        problem(
          at,
          `"${d.deployment}" is a Batch deployment, which takes jobs, not routed calls; have the offline workload call it directly (via: ${d.deployment})`,
        );
      if (seen.has(d.deployment)) problem(at, `"${d.deployment}" is in router "${r.name}" twice`);
      seen.add(d.deployment);
    });
    return {
      name: r.name,
      strategy: r.strategy,
      deploymentIds: r.deployments.map((d) => d.deployment),
      deployments: r.deployments.map((d) => ({
        order: d.order ?? null,
        weight: d.weight ?? null,
        tpm: d.tpm ?? null,
        rpm: d.rpm ?? null,
        cooldown: d.cooldown ?? null,
      })),
      allowedFails: r.allowedFails ?? null,
      // LiteLLM: `cooldown_time or DEFAULT_COOLDOWN_TIME_SECONDS`, so 0 is the default too [S101].
      cooldown: r.cooldown === 0 ? DEFAULT_COOLDOWN_SECONDS : r.cooldown,
      numRetries: r.numRetries,
      retryAfter: r.retryAfter,
      latencyBuffer: r.latencyBuffer,
    };
  });
}
