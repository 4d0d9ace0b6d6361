/**
 * The undocumented knobs (src/catalog/assumptions.ts) as one resolved scenario uses them: which components each knob
 * applies to and the value each uses (report.json `assumptions`), and the `--set` assignments that move a knob on
 * every component it applies to (`spillway sensitivity`, `plan --robust`). One accessor per knob: adding a knob is its
 * declaration in the catalog plus one line here.
 */
import { KNOBS, type Knob, type KnobName } from "../catalog/assumptions.js";
import type { ResolvedScenario } from "./resolve.js";
import { pairsOnInterRegion } from "./scenario-warnings.js";

/** One component's use of a knob. */
export interface KnobUse {
  /** The component: `account/deployment`, a gateway or workload name, or `network`. */
  component: string;
  /** The `--set` path of the component's entry (`accounts.acct.deployments.ptu`, `gateways.apim`, `network`). */
  entry: string;
  /** The value the run uses. */
  value: number | string | boolean;
  /** Whether the scenario left the key unset, so the assumption's default applies. */
  unset: boolean;
}

/** The components of a scenario a knob applies to, with their values. */
type Accessor = (s: ResolvedScenario) => KnobUse[];

const provisioned = (s: ResolvedScenario) => s.deployments.filter((d) => d.kind === "provisioned");
const standard = (s: ResolvedScenario) => s.deployments.filter((d) => d.kind === "standard");
const deploymentEntry = (d: { account: string; name: string }) =>
  `accounts.${d.account}.deployments.${d.name}`;

/** How each knob reads its values from a resolved scenario. */
const ACCESSORS: Record<KnobName, Accessor> = {
  "provisioned.bucket.window": (s) =>
    provisioned(s).map((d) => ({
      component: d.id,
      entry: deploymentEntry(d),
      value: d.kind === "provisioned" ? d.bucket.window : 0,
      unset: d.kind === "provisioned" && d.unset.has("bucket.window"),
    })),
  "provisioned.bucket.burst": (s) =>
    provisioned(s).map((d) => ({
      component: d.id,
      entry: deploymentEntry(d),
      value: d.kind === "provisioned" ? d.bucket.burst : 0,
      unset: d.kind === "provisioned" && d.unset.has("bucket.burst"),
    })),
  "standard.rpmWindow": (s) =>
    standard(s).map((d) => ({
      component: d.id,
      entry: deploymentEntry(d),
      value: d.kind === "standard" ? d.limits.rpmWindow : 0,
      unset: d.kind === "standard" && d.unset.has("rateLimits.rpmWindow"),
    })),
  "standard.limiter.window": (s) =>
    standard(s).map((d) => ({
      component: d.id,
      entry: deploymentEntry(d),
      value: d.kind === "standard" ? d.limiter.window : "",
      unset: d.kind === "standard" && d.unset.has("limiter.window"),
    })),
  "standard.limiter.admission": (s) =>
    standard(s).map((d) => ({
      component: d.id,
      entry: deploymentEntry(d),
      value: d.kind === "standard" ? d.limiter.admission : "",
      unset: d.kind === "standard" && d.unset.has("limiter.admission"),
    })),
  "standard.limiter.countRejected": (s) =>
    standard(s).map((d) => ({
      component: d.id,
      entry: deploymentEntry(d),
      value: d.kind === "standard" ? d.limiter.countRejected : false,
      unset: d.kind === "standard" && d.unset.has("limiter.countRejected"),
    })),
  "provisioned.latency.loadSlowdown": (s) =>
    provisioned(s).map((d) => ({
      component: d.id,
      entry: deploymentEntry(d),
      value: d.latency.loadSlowdown,
      unset: d.unset.has("latency.loadSlowdown"),
    })),
  // Only deployments whose model has a usage tier can be above it.
  "standard.latency.overTier": (s) =>
    standard(s)
      .filter((d) => d.latency.usageTier !== null)
      .map((d) => ({
        component: d.id,
        entry: deploymentEntry(d),
        value: d.latency.overTier,
        unset: d.unset.has("latency.overTier"),
      })),
  "standard.flex.unavailable": (s) =>
    standard(s)
      .filter((d) => d.kind === "standard" && d.processing === "flex")
      .map((d) => ({
        component: d.id,
        entry: deploymentEntry(d),
        value: d.kind === "standard" ? d.flexUnavailable : 0,
        unset: d.unset.has("flexUnavailable"),
      })),
  "batch.turnaround": (s) =>
    s.deployments.flatMap((d) =>
      d.kind === "batch"
        ? [
            {
              component: d.id,
              entry: deploymentEntry(d),
              value: d.turnaround,
              unset: d.unset.has("turnaround"),
            },
          ]
        : [],
    ),
  "gateway.queueLimit": (s) =>
    s.gateways
      .filter((g) => Number.isFinite(g.capacityPerSecond))
      .map((g) => ({
        component: g.name,
        entry: `gateways.${g.name}`,
        value: g.queueLimit,
        unset: g.unset.has("queueLimit"),
      })),
  "gateway.overhead": (s) =>
    s.gateways.map((g) => ({
      component: g.name,
      entry: `gateways.${g.name}`,
      value: g.overhead,
      unset: g.unset.has("overhead"),
    })),
  "gateway.failover.detection": (s) =>
    s.gateways
      .filter((g) => g.regions.length > 1)
      .map((g) => ({
        component: g.name,
        entry: `gateways.${g.name}`,
        value: g.failoverDetection,
        unset: g.unset.has("failover.detection"),
      })),
  "gateway.stateScope": (s) =>
    s.gateways
      .filter((g) => g.units > 1 && g.tierFacts.maxUnits !== null)
      .map((g) => ({
        component: g.name,
        entry: `gateways.${g.name}`,
        value: g.stateScope,
        unset: g.unset.has("stateScope"),
      })),
  "gateway.tokenLimit.admission": (s) =>
    s.gateways
      .filter((g) => g.tokenLimit?.estimatePromptTokens === true)
      .map((g) => ({
        component: g.name,
        entry: `gateways.${g.name}`,
        value: g.tokenLimit?.admission ?? "",
        unset: g.unset.has("tokenLimit.admission"),
      })),
  "gateway.tokenLimit.bucket": (s) =>
    s.gateways
      .filter((g) => g.tokenLimit?.algorithm === "bucket")
      .map((g) => ({
        component: g.name,
        entry: `gateways.${g.name}`,
        value: g.tokenLimit?.bucketSeconds ?? 0,
        unset: g.unset.has("tokenLimit.bucket"),
      })),
  "gateway.semanticCache.lookupLatency": (s) =>
    s.gateways
      .filter((g) => g.semanticCache !== null)
      .map((g) => ({
        component: g.name,
        entry: `gateways.${g.name}`,
        value: g.semanticCache?.lookupLatency ?? 0,
        unset: g.unset.has("semanticCache.lookupLatency"),
      })),
  "network.interRegion": (s) =>
    crossesRegions(s)
      ? [
          {
            component: "network",
            entry: "network",
            value: s.network.interRegion,
            unset: s.network.interRegionUnset,
          },
        ]
      : [],
  "workload.maxTokens": (s) =>
    s.workloads.map((w) => ({
      component: w.name,
      entry: `traffic.${w.name}`,
      value: w.maxTokens,
      unset: w.maxTokensUnset,
    })),
};

/**
 * Whether some call of the scenario crosses a region pair that neither its `pairs` nor Microsoft's published table
 * gives: only then does the inter-region default shape a figure (a run whose pairs are all published never uses it).
 */
function crossesRegions(s: ResolvedScenario): boolean {
  return pairsOnInterRegion(s.network.pairs, s.deployments, s.gateways, s.workloads, s.routers).length > 0;
}

/** The uses of one knob in a scenario (components that set the key themselves excluded when it says so). */
export function knobUses(scenario: ResolvedScenario, k: Knob): KnobUse[] {
  const uses = ACCESSORS[k.name as KnobName](scenario);
  return k.onlyWhenUnset ? uses.filter((u) => u.unset) : uses;
}

/** One knob as a run used it (report.json `assumptions`). */
export interface AssumptionUse {
  /** The knob's name. */
  name: string;
  /** The value the run used (one entry per distinct value). */
  value: number | string | boolean;
  /** Always false: documented rules are not knobs. */
  documented: false;
  /** Whether this is the knob's default (true) or a value the scenario set (false). */
  isDefault: boolean;
  /** The components that used this value. */
  components: string[];
  /** The evidence for the default and range. */
  source: string;
}

/** Every knob the scenario uses, one entry per distinct value, in knob order. */
export function usedAssumptions(scenario: ResolvedScenario): AssumptionUse[] {
  const out: AssumptionUse[] = [];
  for (const k of KNOBS) {
    const byValue = new Map<string, AssumptionUse>();
    for (const use of knobUses(scenario, k)) {
      const key = JSON.stringify([use.value, use.unset]);
      let entry = byValue.get(key);
      if (entry === undefined) {
        entry = {
          name: k.name,
          value: use.value,
          documented: false,
          isDefault: use.unset,
          components: [],
          source: k.evidence,
        };
        byValue.set(key, entry);
        out.push(entry);
      }
      entry.components.push(use.component);
    }
  }
  return out;
}

/**
 * The `--set` assignments that give knob `k` the value `at` ("low", "high" or "default") on every component it
 * applies to; an empty list when the scenario does not use it. A relative knob scales each component's own value.
 */
export function knobAssignments(
  scenario: ResolvedScenario,
  k: Knob,
  at: "low" | "high" | "default",
): string[] {
  const target = k[at];
  return knobUses(scenario, k).map((use) => {
    let value = target;
    if (k.kind === "relative" && typeof target === "number" && typeof use.value === "number") {
      // Scale what the component resolved to (its default depends on it), never below one.
      value = Math.max(1, Math.ceil(use.value * target));
    }
    return `${use.entry}.${k.key}=${typeof value === "string" ? value : JSON.stringify(value)}`;
  });
}
