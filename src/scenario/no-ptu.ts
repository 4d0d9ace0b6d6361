/**
 * `capacity: 0` on a provisioned deployment means "no PTU deployment": pure pay-as-you-go, so that `spillway plan
 * --vary ...capacity=0,50,100` can include the design without PTUs. The deployment is taken out of the run before it
 * starts, as if the scenario did not declare it, so it costs nothing and receives no call:
 * - a workload that calls it directly calls its native spillover deployment instead (where Azure would have sent its
 *   429s); without one nothing would serve the workload, which is refused;
 * - a gateway pool or a client router goes straight on to its other deployments (one left with none is refused);
 * - its outage windows go with it, and an SLO on its own metrics is refused (there are none to read).
 * Only provisioned deployments may be 0: a standard or Batch deployment of 0 TPM is a quota of nothing, not a design.
 */
import type { SloExpression } from "../metrics/slo-expression.js";
import type { ResolvedDeployment, ResolvedGateway, ResolvedOutage, ResolvedWorkload } from "./resolve.js";
import type { ResolvedRouter } from "./routers.js";

/** The parts of a resolved scenario a deployment is named in (arrays in file order, edited in place). */
export interface DeploymentUsers {
  /** Deployments. */
  deployments: ResolvedDeployment[];
  /** Workloads, in `traffic:` order. */
  workloads: ResolvedWorkload[];
  /** Gateways, in `gateways:` order. */
  gateways: ResolvedGateway[];
  /** Client routers, in `routers:` order. */
  routers: ResolvedRouter[];
  /** Outage windows. */
  outages: ResolvedOutage[];
  /** Parsed SLOs, in `slo:` order. */
  slo: SloExpression[];
}

/** Whether a resolved deployment is "no PTU deployment" (provisioned, capacity 0). */
export function isNoPtuDeployment(d: ResolvedDeployment): boolean {
  return d.kind === "provisioned" && d.capacity === 0;
}

/**
 * Removes every provisioned deployment of capacity 0 and the references to it (see the file header), in place;
 * reports what cannot go on without it through `problem`.
 */
export function dropNoPtuDeployments(
  users: DeploymentUsers,
  problem: (path: (string | number)[], message: string) => void,
): void {
  const gone = new Map<string, string | null>();
  for (const d of users.deployments) {
    if (d.kind === "provisioned" && isNoPtuDeployment(d)) gone.set(d.id, d.spilloverTo);
  }
  if (gone.size === 0) return;
  const why = (id: string) => `"${id}" has capacity 0 (no PTU deployment)`;
  const keep = <T>(list: T[], pred: (x: T) => boolean) => {
    const kept = list.filter(pred);
    list.splice(0, list.length, ...kept);
  };
  keep(users.deployments, (d) => !gone.has(d.id));
  users.workloads.forEach((w, i) => {
    if (w.via.kind !== "deployment" || !gone.has(w.via.id)) return;
    const spill = gone.get(w.via.id);
    if (spill === null || spill === undefined) {
      problem(
        ["traffic", i, "via"],
        `${why(w.via.id)} and no spilloverDeploymentName, so nothing would serve workload "${w.name}"; give it a spillover deployment, route the workload through a gateway, or call a pay-as-you-go deployment`,
      );
      return;
    }
    w.via = { kind: "deployment", id: spill };
  });
  users.gateways.forEach((g, i) => {
    const before = g.backends.length;
    keep(g.backends, (b) => !gone.has(b.deployment));
    if (before > 0 && g.backends.length === 0) {
      problem(
        ["gateways", i, "backends"],
        `every backend of gateway "${g.name}" has capacity 0 (no PTU deployment); keep one deployment with capacity`,
      );
    }
  });
  users.routers.forEach((r, i) => {
    const kept = r.deploymentIds
      .map((id, k) => ({ id, settings: r.deployments[k] }))
      .filter((x) => !gone.has(x.id));
    if (kept.length === r.deploymentIds.length) return;
    if (kept.length === 0) {
      problem(
        ["routers", i, "deployments"],
        `every deployment of router "${r.name}" has capacity 0 (no PTU deployment); keep one deployment with capacity`,
      );
    }
    r.deploymentIds = kept.map((x) => x.id);
    r.deployments = kept.map((x) => x.settings);
  });
  keep(users.outages, (o) => !(o.kind === "deployment" && gone.has(o.target)));
  users.slo.forEach((s) => {
    const path = s.path.join(".");
    for (const id of gone.keys()) {
      if (path.startsWith(`deployments.${id}.`)) {
        problem(
          ["slo"],
          `${s.expression}: ${why(id)}, so it has no metrics to check; drop this SLO or give the deployment PTUs`,
        );
      }
    }
  });
}
