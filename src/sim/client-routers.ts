/**
 * The caller's side of each workload in the run: the client policy (src/client/) that picks the deployment of each
 * attempt and decides its retries. A workload that calls a deployment keeps the SDK's policy, with that one
 * deployment; one with `via: <router>` shares its router's instance (one Router object per `routers:` entry, as in
 * one process) and calls the router's deployments. Each router draws from its own streams, named after it, so adding a
 * router changes no number another component sees.
 */
import type { NetworkModel } from "../azure/network.js";
import { ClientRouter } from "../client/client-router.js";
import { ROUTER_STRATEGIES } from "../client/router-strategies.js";
import type { RandomStreams } from "../engine/rng.js";
import type { ResolvedRouter } from "../scenario/routers.js";
import type { DeploymentRuntime, WorkloadRuntime } from "./world.js";

/** A router in the run: its instance and its deployments, in the router's order. */
export interface RouterRuntime {
  /** The resolved router. */
  spec: ResolvedRouter;
  /** Its policy instance (shared by the workloads that name it). */
  router: ClientRouter;
  /** Its deployments, indexed as the router indexes them. */
  deployments: DeploymentRuntime[];
}

/** Builds each router of the scenario. */
export function buildRouters(
  routers: readonly ResolvedRouter[],
  byId: ReadonlyMap<string, DeploymentRuntime>,
  streams: RandomStreams,
): RouterRuntime[] {
  return routers.map((r) => {
    const strategy = ROUTER_STRATEGIES[r.strategy].create(
      { deployments: r.deployments, latencyBuffer: r.latencyBuffer },
      streams.stream(`router:${r.name}:strategy`).uniform,
    );
    const router = new ClientRouter(
      {
        deployments: r.deployments,
        allowedFails: r.allowedFails,
        cooldown: r.cooldown,
        numRetries: r.numRetries,
        retryAfter: r.retryAfter,
      },
      strategy,
      streams.stream(`router:${r.name}:retry`).uniform,
    );
    return { spec: r, router, deployments: r.deploymentIds.map((id) => byId.get(id) as DeploymentRuntime) };
  });
}

/** Gives a workload the deployments it calls itself and, with `via: <router>`, the router's policy. */
export function connectClient(
  workload: WorkloadRuntime,
  routers: readonly RouterRuntime[],
  network: NetworkModel,
): void {
  const via = workload.spec.via;
  const router = via.kind === "router" ? routers.find((r) => r.spec.name === via.name) : undefined;
  const targets =
    router !== undefined ? router.deployments : workload.deployment !== null ? [workload.deployment] : [];
  workload.targets = targets;
  workload.targetRtt = targets.map((d) => network.roundTrip(workload.spec.region, d.spec.region));
  if (router !== undefined) workload.policy = router.router;
}
