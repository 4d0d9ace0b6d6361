/**
 * Latency between Azure regions. Every hop of a request (caller → gateway region, gateway region → deployment,
 * caller → deployment when called directly) adds the round-trip time between the two regions to the answer.
 *
 * A round trip is, in order: `network.latency.sameRegion` within one region (2 ms by default: no figure is
 * published); the scenario's `network.latency.pairs`; Microsoft's published median round trip of the pair
 * (src/catalog/region-latency.ts, [S61], dataset of 2026-07-30); else `network.latency.interRegion`, whose 80 ms
 * default is an assumption (the `network-default` warning names every pair that falls back to it).
 */
import { pairKey, publishedRoundTrip } from "../catalog/region-latency.js";

export { pairKey };

/** Default round trip within one region, seconds. */
export const DEFAULT_SAME_REGION = 0.002;
/** Default round trip between regions with no published or scenario figure, seconds. */
export const DEFAULT_INTER_REGION = 0.08;

/** Round-trip latencies between regions: scenario pairs over the published table over the default. */
export class NetworkModel {
  private readonly pairs = new Map<string, number>();

  /**
   * @param sameRegion round trip within a region, seconds
   * @param interRegion round trip between regions with neither a pair entry nor a published figure, seconds
   * @param pairs `a~b` → seconds, overriding the published table (either order)
   */
  constructor(
    readonly sameRegion = DEFAULT_SAME_REGION,
    readonly interRegion = DEFAULT_INTER_REGION,
    pairs: Readonly<Record<string, number>> = {},
  ) {
    for (const [key, value] of Object.entries(pairs)) {
      const [a, b] = key.split("~");
      this.pairs.set(pairKey(a, b), value);
    }
  }

  /** Round-trip time between two regions, seconds. */
  roundTrip(a: string, b: string): number {
    if (a === b) return this.sameRegion;
    return this.pairs.get(pairKey(a, b)) ?? publishedRoundTrip(a, b) ?? this.interRegion;
  }
}
