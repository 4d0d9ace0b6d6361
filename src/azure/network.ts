/**
 * Latency between Azure regions. Every hop of a request (caller → gateway region, gateway region → deployment,
 * caller → deployment when called directly) adds the round-trip time between the two regions to the answer.
 *
 * The built-in pairs are ASSUMPTIONS of the right order of magnitude, rounded from Microsoft's published "Azure
 * network round-trip latency statistics" (learn.microsoft.com/azure/networking/azure-network-latency, monthly P50
 * figures, read 2026): they are not a source of truth and a scenario's `network.latency.pairs` overrides them.
 * Same region defaults to 2 ms and any other pair to 80 ms (a transatlantic order of magnitude), both parameters.
 */

/** Default round trip within one region, seconds. */
export const DEFAULT_SAME_REGION = 0.002;
/** Default round trip between regions not in the table, seconds. */
export const DEFAULT_INTER_REGION = 0.08;

/** Approximate round-trip times between common region pairs, seconds (ASSUMPTIONS, see the file header). */
export const BUILT_IN_PAIRS: Readonly<Record<string, number>> = {
  "eastus~eastus2": 0.007,
  "eastus~centralus": 0.024,
  "eastus~southcentralus": 0.033,
  "eastus~westus": 0.066,
  "eastus~westus3": 0.058,
  "eastus2~centralus": 0.024,
  "eastus2~westus": 0.066,
  "westus~westus3": 0.018,
  "eastus~northeurope": 0.068,
  "eastus~westeurope": 0.08,
  "eastus~swedencentral": 0.097,
  "eastus~uksouth": 0.074,
  "westeurope~northeurope": 0.018,
  "westeurope~swedencentral": 0.028,
  "westeurope~francecentral": 0.011,
  "westeurope~uksouth": 0.01,
  "westeurope~germanywestcentral": 0.008,
  "francecentral~swedencentral": 0.032,
  "northeurope~uksouth": 0.012,
  "japaneast~eastus": 0.155,
  "australiaeast~eastus": 0.2,
};

/** The key of an unordered region pair (`a~b` with a < b). */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}~${b}` : `${b}~${a}`;
}

/** Round-trip latencies between regions, with scenario overrides over the built-in table. */
export class NetworkModel {
  private readonly pairs = new Map<string, number>();

  /**
   * @param sameRegion round trip within a region, seconds
   * @param interRegion round trip between regions with no pair entry, seconds
   * @param pairs `a~b` → seconds, overriding the built-in table (either order)
   */
  constructor(
    readonly sameRegion = DEFAULT_SAME_REGION,
    readonly interRegion = DEFAULT_INTER_REGION,
    pairs: Readonly<Record<string, number>> = {},
  ) {
    for (const [key, value] of Object.entries(BUILT_IN_PAIRS)) {
      const [a, b] = key.split("~");
      this.pairs.set(pairKey(a, b), value);
    }
    for (const [key, value] of Object.entries(pairs)) {
      const [a, b] = key.split("~");
      this.pairs.set(pairKey(a, b), value);
    }
  }

  /** Round-trip time between two regions, seconds. */
  roundTrip(a: string, b: string): number {
    if (a === b) return this.sameRegion;
    return this.pairs.get(pairKey(a, b)) ?? this.interRegion;
  }
}
