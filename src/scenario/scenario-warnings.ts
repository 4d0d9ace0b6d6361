/**
 * Warnings a scenario earns before it runs because an assumption or a gap in its facts shapes the figures
 * (src/metrics/warnings.ts has every code): a short horizon the month is extrapolated from, a max_tokens left to the
 * default, a price that is 0, a round trip that falls back to the default inter-region latency, an estate that needs
 * more quota than Azure grants by default (src/scenario/quota.ts). The resolver adds them after its own checks.
 */
import { pairKey } from "../azure/network.js";
import { numericDefault } from "../catalog/assumptions.js";
import { ptuPricesOf } from "../catalog/list-prices.js";
import { PUBLISHED_ROUND_TRIPS } from "../catalog/region-latency.js";
import { payAsYouGoSku } from "../catalog/skus.js";
import { type RunWarning, SHORT_HORIZON_SECONDS, warning } from "../metrics/warnings.js";
import { meanTokens } from "../workload/token-sizes.js";
import { estateQuota, quotaWarnings } from "./quota.js";
import type { ResolvedDeployment, ResolvedGateway, ResolvedWorkload } from "./resolve.js";
import type { Scenario } from "./schema.js";

/** Round trips named one warning each; beyond this many, one more warning counts the rest. */
export const MAX_NETWORK_WARNINGS = 10;

/**
 * A count as a message shows it, grouped by thousands as en-US does. Not toLocaleString: that loads ICU (about 15 ms),
 * which a quiet JSON run (CI, `plan` workers) otherwise never needs.
 */
const whole = (n: number) => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/** A duration in seconds as a message shows it: `45 s`, `30 min`, `2 h`, `3.5 days`. */
function span(s: number): string {
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Number((s / 60).toFixed(1))} min`;
  if (s < 86400) return `${Number((s / 3600).toFixed(2))} h`;
  const days = Number((s / 86400).toFixed(2));
  return days === 1 ? "1 day" : `${days} days`;
}

/** What the round-trip check needs of a client router: its name and the deployments it calls. */
export interface RouterHops {
  /** Router name, as traffic's `via` names it. */
  name: string;
  /** `account/deployment` of each deployment it routes to. */
  deploymentIds: readonly string[];
}

/** The scenario-time warnings about assumptions and missing facts, in the order above. */
export function scenarioWarnings(
  scenario: Scenario,
  deployments: readonly ResolvedDeployment[],
  gateways: readonly ResolvedGateway[],
  workloads: readonly ResolvedWorkload[],
  routers: readonly RouterHops[] = [],
): RunWarning[] {
  return [
    ...shortHorizon(scenario.duration, workloads),
    ...defaultMaxTokens(workloads),
    ...zeroPrices(deployments, gateways),
    ...networkDefaults(scenario, deployments, gateways, workloads, routers),
    ...quotaWarnings(estateQuota(scenario, deployments)),
  ];
}

/**
 * `short-horizon`: the month is extrapolated from less than a week (src/cost/month.ts), and what that assumes: every
 * day like the simulated one(s), weekends included — except workloads whose arrivals declare a weekend factor.
 */
function shortHorizon(duration: number, workloads: readonly ResolvedWorkload[]): RunWarning[] {
  if (duration >= SHORT_HORIZON_SECONDS || duration <= 0) return [];
  const factor = (730 * 3600) / duration;
  const shaped = workloads.filter((w) => w.arrival.type !== "trace" && w.arrival.weekend !== undefined);
  const days = duration >= 86400;
  const scaled =
    `monthly figures scale ${shaped.length === 0 ? "its" : "the other workloads'"} tokens and gateway calls by ` +
    `x${whole(factor)} (730 h / ${span(duration)}), ` +
    (days
      ? `as if every day of the month, weekends included, were like the simulated day${duration > 86400 ? "s" : ""}`
      : "as if every hour of the month, nights and weekends included, carried the horizon's traffic");
  const fix =
    shaped.length > 0
      ? ""
      : days
        ? " — a business-hours day overstates the month: give the arrivals a weekend factor (weekend: 0.3), or simulate a whole week"
        : " — a busy hour overstates the month: simulate whole days of a diurnal arrival with a weekend factor (weekend: 0.3), or a whole week";
  const shapedText =
    shaped.length === 0
      ? ""
      : `workload${shaped.length === 1 ? "" : "s"} ${shaped.map((w) => w.name).join(", ")} take${shaped.length === 1 ? "s" : ""} the month from the weekly shape of ${shaped.length === 1 ? "its" : "their"} arrivals (weekdays like the simulated hours, Saturdays and Sundays x the weekend factor, 730 h = 4.345 weeks)${shaped.length === workloads.length ? "" : `; ${scaled}`}`;
  return [
    warning(
      "short-horizon",
      `the horizon is ${span(duration)}, under 7 days: ${shaped.length === 0 ? `${scaled}${fix}` : shapedText}; ` +
        "PTUs and gateway units are priced for 730 h",
    ),
  ];
}

/** `default-max-tokens`: a workload sends the assumed max_tokens; how it compares with what it generates. */
function defaultMaxTokens(workloads: readonly ResolvedWorkload[]): RunWarning[] {
  return workloads
    .filter((w) => w.maxTokensUnset)
    .map((w) => {
      const assumed = whole(w.maxTokens);
      let comparison: string;
      if (w.completionTokens === null) {
        comparison = "its completions come from the trace and are cut at it";
      } else {
        const mean = meanTokens(w.completionTokens);
        comparison =
          mean >= w.maxTokens
            ? `its mean completion (${whole(mean)} tokens) is above it, so completions are cut at ${assumed}`
            : `that is ${Number((w.maxTokens / Math.max(mean, 1)).toFixed(1))} times its mean completion (${whole(mean)} tokens)`;
      }
      return warning(
        "default-max-tokens",
        `workload ${w.name}: maxTokens is unset, so the assumed ${assumed} is sent with every request and charged ` +
          `at admission (PTU utilization, TPM); ${comparison}; set maxTokens to what the application sends`,
      );
    });
}

/**
 * `zero-price`: a deployment or gateway that costs nothing because a price is 0. A price that is missing never gets
 * here: PTUs fall back to the SKU's list price and a standard deployment without token prices is refused, so a 0 is
 * one a scenario (or the catalog) set.
 */
function zeroPrices(
  deployments: readonly ResolvedDeployment[],
  gateways: readonly ResolvedGateway[],
): RunWarning[] {
  const out: RunWarning[] = [];
  for (const d of deployments) {
    const fix = `set models.${d.model}.prices.${d.sku}`;
    if (d.kind === "provisioned") {
      const p = ptuPricesOf(d.facts.prices, d.sku);
      const plans: [string, number][] = [];
      if (d.billing !== "hourly") {
        plans.push([
          d.billing,
          d.billing === "reservation-monthly" ? p.reservationMonthly : p.reservationYearly,
        ]);
      }
      // PTUs beyond the reservation (all of them when billed hourly) are billed hourly.
      if (d.billing === "hourly" || d.reservedCapacity < d.capacity) plans.push(["hourly", p.hourly]);
      const zero = plans.filter(([, price]) => price === 0).map(([plan]) => plan);
      if (zero.length > 0) {
        out.push(
          warning(
            "zero-price",
            `deployment ${d.id}: ${d.model}'s ${d.sku} price for ${zero.join(" and ")} billing is 0, so its PTUs ` +
              `cost nothing (${fix})`,
          ),
        );
      }
    } else {
      // A Batch SKU is priced from its standard SKU (src/catalog/processing.ts).
      const p = d.facts.prices[d.kind === "batch" ? payAsYouGoSku(d.sku) : d.sku];
      const zero = (["input", "output"] as const).filter((k) => p !== undefined && p[k] === 0);
      if (zero.length > 0) {
        out.push(
          warning(
            "zero-price",
            `deployment ${d.id}: ${d.model}'s ${d.sku} ${zero.join(" and ")} token price ${zero.length > 1 ? "are" : "is"} 0, ` +
              `so those tokens cost nothing (${fix})`,
          ),
        );
      }
    }
  }
  for (const g of gateways) {
    if (g.pricePerUnitMonthly === 0 && g.tierFacts.pricePerMillionCalls === 0) {
      out.push(
        warning(
          "zero-price",
          `gateway ${g.name}: ${g.tier} has no unit or call price here, so the gateway costs nothing (set pricePerUnitMonthly)`,
        ),
      );
    }
  }
  return out;
}

/**
 * `network-default`: round trips between regions that neither the published table (src/catalog/region-latency.ts)
 * nor the scenario's pairs give, when interRegion is the assumed default.
 */
function networkDefaults(
  scenario: Scenario,
  deployments: readonly ResolvedDeployment[],
  gateways: readonly ResolvedGateway[],
  workloads: readonly ResolvedWorkload[],
  routers: readonly RouterHops[],
): RunWarning[] {
  const latency = scenario.network.latency;
  if (latency.interRegion !== undefined) return [];
  const fallback = pairsOnInterRegion(latency.pairs, deployments, gateways, workloads, routers);
  const ms = `${whole(numericDefault("network.interRegion") * 1000)} ms`;
  const out = fallback.slice(0, MAX_NETWORK_WARNINGS).map((p) => {
    const [a, b] = p.split("~");
    return warning(
      "network-default",
      `no round trip is known between ${a} and ${b}: the assumed inter-region default (${ms}) applies; set ` +
        `network.latency.pairs "${p}" (or network.latency.interRegion)`,
    );
  });
  const more = fallback.length - MAX_NETWORK_WARNINGS;
  if (more > 0) {
    out.push(
      warning(
        "network-default",
        `${more} more region pair(s) use the assumed inter-region default (${ms}): ${fallback.slice(MAX_NETWORK_WARNINGS).join(", ")}`,
      ),
    );
  }
  return out;
}

/**
 * The region pairs (`a~b`, sorted) a run's calls cross whose round trip is `network.latency.interRegion`: neither
 * `pairs` nor the published table [S61] gives one. Empty when every hop stays in one region or is covered.
 */
export function pairsOnInterRegion(
  pairs: Readonly<Record<string, number>>,
  deployments: readonly ResolvedDeployment[],
  gateways: readonly ResolvedGateway[],
  workloads: readonly ResolvedWorkload[],
  routers: readonly RouterHops[] = [],
): string[] {
  const stated = new Set(
    Object.keys(pairs).map((key) => {
      const [a, b] = key.split("~");
      return pairKey(a, b);
    }),
  );
  const regionOf = new Map(deployments.map((d) => [d.id, d.region]));
  const used = new Set<string>();
  const hop = (a: string | undefined, b: string | undefined) => {
    if (a !== undefined && b !== undefined && a !== b) used.add(pairKey(a, b));
  };
  for (const w of workloads) {
    if (w.via.kind === "deployment") hop(w.region, regionOf.get(w.via.id));
    else if (w.via.kind === "router") {
      // A client router calls each of its deployments directly from the caller's region.
      const name = w.via.name;
      for (const id of routers.find((r) => r.name === name)?.deploymentIds ?? [])
        hop(w.region, regionOf.get(id));
    } else {
      const name = w.via.name;
      // Callers may use any region of their gateway (the nearest healthy one).
      for (const r of gateways.find((g) => g.name === name)?.regions ?? []) hop(w.region, r);
    }
  }
  for (const g of gateways) {
    for (const r of g.regions) for (const b of g.backends) hop(r, regionOf.get(b.deployment));
  }
  return [...used].filter((p) => !stated.has(p) && !PUBLISHED_ROUND_TRIPS.has(p)).sort();
}
