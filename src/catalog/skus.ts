/**
 * The deployment SKUs, in one registry that every other place reads: the scenario schema's `sku:` values and its
 * per-SKU price, sizing and RPM blocks, native spillover pairs, the pay-as-you-go SKU a PTU is priced against, and
 * the capacity unit renderers print. Adding a SKU is one entry here (plus its prices in models.ts, or a price rule:
 * a Batch SKU is priced from its standard SKU, src/catalog/processing.ts).
 *
 * Facts: Azure OpenAI deployment types (deployment-types.md, ms.date 2026-04-16): Global, Data Zone and regional
 * provisioned (PTUs) and standard (tokens per minute), and Global and Data Zone Batch. Native spillover sends a
 * provisioned deployment's overflow to a standard deployment of the same data-processing level (spillover.md, ms.date
 * 2026-05-02): Global provisioned to Global Standard, Data Zone provisioned to Data Zone Standard; regional
 * provisioned has none. Batch (how-to-batch-content.md, ms.date 2026-03-19 [S43]): "asynchronous groups of
 * requests with separate quota, with 24-hour target turnaround, at 50% less cost than global standard"; its quota is
 * in enqueued tokens, and the portal names the types `Global-Batch` and `Data Zone Batch` (ARM `GlobalBatch`,
 * `DataZoneBatch`). Processing options of standard deployments: Priority on Global Standard and Data Zone Standard
 * (US) only [S44]; Flex on Global Standard only [S45].
 */

/**
 * How a deployment is billed and throttled: provisioned (PTUs, utilization), standard (TPM/RPM quotas) or batch
 * (enqueued-token quota, results after a turnaround).
 */
export type DeploymentKind = "provisioned" | "standard" | "batch";

/**
 * How a standard deployment processes its requests (`service_tier`): standard (`default`), priority (a premium, a
 * latency target) or flex (a discount, refused when Flex capacity is short) [S44, S45].
 */
export type ProcessingOption = "standard" | "priority" | "flex";

/** Where a deployment may process data: anywhere, within a data zone, or in its own region. */
export type DataScope = "global" | "data-zone" | "regional";

/** What Spillway knows of one SKU. */
export interface SkuFacts {
  /** Provisioned (capacity in PTUs) or standard (capacity in thousands of TPM). */
  kind: DeploymentKind;
  /** Data-processing scope. */
  scope: DataScope;
  /**
   * The standard SKU of the same scope: for a provisioned SKU, what its pay-as-you-go price is compared with; for a
   * Batch SKU, the SKU its prices are derived from (a plain string here so the registry's own type does not depend on
   * itself; {@link payAsYouGoSku} types it).
   */
  payAsYouGo: string;
  /** Provisioned: whether native spillover exists for it (to {@link SkuFacts.payAsYouGo}). */
  spillover: boolean;
  /** The processing options besides `standard` a deployment of the SKU can take [S44, S45]. */
  options: readonly ProcessingOption[];
}

/** The registry, in the order the schema and the docs list SKUs. */
export const SKU_REGISTRY = {
  GlobalProvisionedManaged: {
    kind: "provisioned",
    scope: "global",
    payAsYouGo: "GlobalStandard",
    spillover: true,
    options: [],
  },
  DataZoneProvisionedManaged: {
    kind: "provisioned",
    scope: "data-zone",
    payAsYouGo: "DataZoneStandard",
    spillover: true,
    options: [],
  },
  ProvisionedManaged: {
    kind: "provisioned",
    scope: "regional",
    payAsYouGo: "Standard",
    spillover: false,
    options: [],
  },
  GlobalStandard: {
    kind: "standard",
    scope: "global",
    payAsYouGo: "GlobalStandard",
    spillover: false,
    options: ["priority", "flex"],
  },
  // Priority on Data Zone Standard in the US zone only ("doesn't support ... EU datazone standard" [S44]).
  DataZoneStandard: {
    kind: "standard",
    scope: "data-zone",
    payAsYouGo: "DataZoneStandard",
    spillover: false,
    options: ["priority"],
  },
  Standard: { kind: "standard", scope: "regional", payAsYouGo: "Standard", spillover: false, options: [] },
  // Batch: priced from the standard SKU of its scope [S43]; `payAsYouGo` names it.
  GlobalBatch: {
    kind: "batch",
    scope: "global",
    payAsYouGo: "GlobalStandard",
    spillover: false,
    options: [],
  },
  DataZoneBatch: {
    kind: "batch",
    scope: "data-zone",
    payAsYouGo: "DataZoneStandard",
    spillover: false,
    options: [],
  },
} as const satisfies Record<string, SkuFacts>;

/** A deployment SKU, spelled as ARM `sku.name`. */
export type Sku = keyof typeof SKU_REGISTRY;

/** The SKUs of one kind. */
type SkusOfKind<K extends DeploymentKind> = {
  [S in Sku]: (typeof SKU_REGISTRY)[S]["kind"] extends K ? S : never;
}[Sku];

/** A provisioned SKU (capacity in PTUs). */
export type ProvisionedSku = SkusOfKind<"provisioned">;
/** A standard (pay-as-you-go) SKU (capacity in thousands of TPM). */
export type StandardSku = SkusOfKind<"standard">;
/** A Batch SKU (capacity in thousands of enqueued tokens). */
export type BatchSku = SkusOfKind<"batch">;

/** Every SKU, in registry order. */
export const SKUS = Object.keys(SKU_REGISTRY) as Sku[];
/** The provisioned SKUs, in registry order. */
export const PROVISIONED_SKUS = SKUS.filter(
  (s) => SKU_REGISTRY[s].kind === "provisioned",
) as ProvisionedSku[];
/** The standard SKUs, in registry order. */
export const STANDARD_SKUS = SKUS.filter((s) => SKU_REGISTRY[s].kind === "standard") as StandardSku[];
/** The Batch SKUs, in registry order. */
export const BATCH_SKUS = SKUS.filter((s) => SKU_REGISTRY[s].kind === "batch") as BatchSku[];

/** The facts of a SKU, or undefined for a name the registry does not know (own keys only). */
export function skuFacts(sku: string): SkuFacts | undefined {
  return Object.hasOwn(SKU_REGISTRY, sku) ? SKU_REGISTRY[sku as Sku] : undefined;
}

/** Whether a SKU is provisioned (PTU) rather than standard (TPM). */
export function isProvisioned(sku: string): sku is ProvisionedSku {
  return skuFacts(sku)?.kind === "provisioned";
}

/** Whether a SKU is a Batch SKU (enqueued-token quota). */
export function isBatch(sku: string): sku is BatchSku {
  return skuFacts(sku)?.kind === "batch";
}

/**
 * A capacity as reports print it: `100 PTU` for provisioned SKUs, `450K TPM` for standard ones, `200000K enqueued
 * tokens` for Batch ones.
 */
export function capacityText(sku: string, amount: string): string {
  if (isBatch(sku)) return `${amount}K enqueued tokens`;
  return isProvisioned(sku) ? `${amount} PTU` : `${amount}K TPM`;
}

/** The standard SKU of the same data-processing scope (a provisioned SKU's pay-as-you-go comparison). */
export function payAsYouGoSku(sku: Sku): StandardSku {
  return SKU_REGISTRY[sku].payAsYouGo;
}

/** The native spillover target SKU of a provisioned SKU, or undefined when it has none. */
export function spilloverSku(sku: string): StandardSku | undefined {
  const facts = skuFacts(sku);
  return facts?.kind === "provisioned" && facts.spillover ? (facts.payAsYouGo as StandardSku) : undefined;
}

/** A record with one entry per SKU of `skus`, built by `value` (for catalog shapes and schema blocks). */
export function perSku<S extends Sku, V>(skus: readonly S[], value: (sku: S) => V): Record<S, V> {
  return Object.fromEntries(skus.map((s) => [s, value(s)])) as Record<S, V>;
}
