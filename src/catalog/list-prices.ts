/**
 * List PTU prices per provisioned SKU: what a PTU costs whatever the Azure OpenAI model deployed on it. PTUs are
 * "generic units of model processing capacity", billed on "the number of Provisioned Throughput Units (PTUs) you
 * deploy"; PTU quota and reservations are "model-independent" ([S13], "How PTU billing works" and "Key reservation
 * facts", revision of ms.date 2026-05-22, commit 24dcd56), and the hourly meters name a deployment type, never a model:
 * "Provisioned Managed Global Unit", "... Data Zone Unit", "... Regional Unit" [S20]. So a model the catalog does not
 * price for a provisioned SKU, or one defined under `models:` without prices, costs these prices, never $0. Other
 * model families (Grok, Llama, DeepSeek) have meters of their own [S13, S20]; a scenario overrides these per model.
 *
 * The figures are those of eastus (a region's own price may differ: `spillway prices import` reads them):
 *
 * Global: hourly $1.00 per PTU-hour, [S20] meter "Provisioned Managed Global Unit" (eastus and 32 other regions,
 * effective 2024-11-01; data as of 2026-07-31). Reservations $260 per PTU for 1 month and $2,652 per PTU for 1 year
 * (= $221 a month); several sources agree: [S21] the Packt book; [S23] Redress, June 2026 ("$221/mo annual, 70
 * percent"); [S24] Archera, March 2026 (~64 % and ~70 % off the hourly price); [S25]. Microsoft publishes no
 * reservation price in the docs we read ([S12], [S13]).
 *
 * Data Zone: hourly $1.10 per PTU-hour, [S20] meter "Provisioned Managed Data Zone Unit" in the US/EU zones (effective
 * 2024-11-01; data as of 2026-07-31); indonesiacentral ($1.20) and usgov ($2.50) cost more. Reservations $286 per PTU
 * per month and $2,916 per PTU per year come from ONE third-party source, [S25] (LOW confidence); kept because they
 * give the same discount as Global (~64 % and ~69 % off $1.10). Verify before relying on them.
 *
 * Regional: hourly $2.00 per PTU-hour, [S20] meter "Provisioned Managed Regional Unit" in eastus, eastus2, westus and
 * others (effective 2024-04-01); several European and Asian regions cost $2.20–$2.40. Reservations: the sources
 * CONFLICT ([S25]: $286 a month, $2,916 a year; [S21], from before December 2024: $260 a month, $221 a month on an
 * annual term). We take $260 and $2,652 (12 × $221): [S26] gives the regional discount as "up to 82 to 85%" off the
 * $2.00 hourly price, and at 730 h $260 is 82.2 % off and $221 84.9 % off, where $286 would be 80.4 %.
 */
import type { ProvisionedSku } from "./skus.js";
import type { PtuPrices } from "./types.js";

/** The list price of a PTU per provisioned SKU, USD, the same for every Azure OpenAI model (see above). */
export const PTU_LIST_PRICES: Readonly<Record<ProvisionedSku, Readonly<PtuPrices>>> = {
  GlobalProvisionedManaged: { hourly: 1.0, reservationMonthly: 260, reservationYearly: 2652 },
  DataZoneProvisionedManaged: { hourly: 1.1, reservationMonthly: 286, reservationYearly: 2916 },
  ProvisionedManaged: { hourly: 2.0, reservationMonthly: 260, reservationYearly: 2652 },
};

/** A model's PTU prices for a provisioned SKU: its own where it has them, else the SKU's list price. */
export function ptuPricesOf(prices: { [S in ProvisionedSku]?: PtuPrices }, sku: ProvisionedSku): PtuPrices {
  return prices[sku] ?? PTU_LIST_PRICES[sku];
}
