/**
 * The region catalog and the published round trips: ARM names as ARM writes them, pairs that resolve, data zones as
 * the deployment-types page lists them, and the latency table's figures for the pairs plans use.
 */
import { describe, expect, it } from "vitest";
import {
  LATENCY_DATE,
  PUBLISHED_ROUND_TRIPS,
  pairKey,
  publishedRoundTrip,
  REGIONS,
  regionByDisplayName,
  regionFacts,
} from "../../src/catalog/index.js";

/** The main US, EU and APAC regions, and every region the shipped examples and tests use. */
const MAIN = [
  ...["eastus", "eastus2", "centralus", "northcentralus", "southcentralus", "westcentralus"],
  ...["westus", "westus2", "westus3", "canadacentral", "canadaeast", "brazilsouth", "mexicocentral"],
  ...[
    "westeurope",
    "northeurope",
    "swedencentral",
    "francecentral",
    "germanywestcentral",
    "uksouth",
    "ukwest",
  ],
  ...["switzerlandnorth", "norwayeast", "polandcentral", "italynorth", "spaincentral"],
  ...["japaneast", "japanwest", "australiaeast", "southeastasia", "eastasia", "koreacentral", "centralindia"],
  ...["southindia", "uaenorth"],
];

describe("region catalog", () => {
  it("names every region as ARM does: its display name in lower case without spaces, each once", () => {
    expect(REGIONS.length).toBeGreaterThanOrEqual(59);
    for (const r of REGIONS) {
      expect(r.name).toMatch(/^[a-z0-9]+$/);
      expect(r.name).toBe(r.displayName.toLowerCase().replaceAll(" ", ""));
    }
    expect(new Set(REGIONS.map((r) => r.name)).size).toBe(REGIONS.length);
  });

  it("resolves paired regions and display names", () => {
    for (const r of REGIONS) if (r.paired !== undefined) expect(regionFacts(r.paired), r.name).toBeDefined();
    expect(regionFacts("swedencentral")?.paired).toBe("swedensouth");
    expect(regionFacts("swedensouth")?.restricted).toBe(true);
    expect(regionByDisplayName("East US 2")?.name).toBe("eastus2");
    expect(regionByDisplayName("  east   us ")?.name).toBe("eastus");
    expect(regionByDisplayName("eastus")).toBeUndefined();
    expect(regionFacts("__proto__")).toBeUndefined();
    expect(regionFacts("East US")).toBeUndefined();
  });

  it("puts US regions in the US data zone and the listed countries' regions in the EU zone, as [S62] does", () => {
    const zone = (name: string) => regionFacts(name)?.dataZone;
    expect(["eastus", "eastus2", "westus3", "southcentralus"].map(zone)).toEqual(["US", "US", "US", "US"]);
    expect(["swedencentral", "westeurope", "germanywestcentral", "francecentral"].map(zone)).toEqual([
      "EU",
      "EU",
      "EU",
      "EU",
    ]);
    // Not in the page's list of EU data-zone countries, or outside the US and EU.
    for (const name of ["northeurope", "uksouth", "japaneast", "canadacentral", "brazilsouth"]) {
      expect(zone(name), name).toBeUndefined();
    }
    expect(regionFacts("westeurope")).toMatchObject({
      geography: "Europe",
      location: "Netherlands",
      area: "Europe",
    });
  });
});

describe("published round trips [S61]", () => {
  it("covers every pair of the 54 regions the table lists, each region a catalog region", () => {
    expect(LATENCY_DATE).toBe("2026-07-30");
    expect(PUBLISHED_ROUND_TRIPS.size).toBe((54 * 53) / 2);
    for (const key of PUBLISHED_ROUND_TRIPS.keys()) {
      const [a, b] = key.split("~");
      expect(regionFacts(a), key).toBeDefined();
      expect(regionFacts(b), key).toBeDefined();
      expect(a < b, key).toBe(true);
    }
  });

  it("has a figure for every pair of the main regions, between 1 ms and 350 ms", () => {
    for (const a of MAIN) {
      expect(regionFacts(a), a).toBeDefined();
      for (const b of MAIN) {
        if (a === b) continue;
        const s = publishedRoundTrip(a, b);
        expect(s, `${a}~${b}`).toBeGreaterThan(0.001);
        expect(s, `${a}~${b}`).toBeLessThan(0.35);
      }
    }
  });

  it("gives the examples' pairs the mean of the two published directions, in either order", () => {
    // East US -> East US 2 8 ms, back 9 ms; East US -> West Europe 83, back 85; Sweden Central 100 both ways.
    expect(publishedRoundTrip("eastus", "eastus2")).toBeCloseTo(0.0085, 9);
    expect(publishedRoundTrip("eastus2", "eastus")).toBeCloseTo(0.0085, 9);
    expect(publishedRoundTrip("westeurope", "eastus")).toBeCloseTo(0.084, 9);
    expect(publishedRoundTrip("eastus", "swedencentral")).toBeCloseTo(0.1, 9);
    // The most asymmetric pair: Germany West Central -> UAE North 118 ms, back 100 ms.
    expect(publishedRoundTrip("uaenorth", "germanywestcentral")).toBeCloseTo(0.109, 9);
    expect(pairKey("westeurope", "eastus")).toBe("eastus~westeurope");
  });

  it("has no figure within a region, nor for a region the table does not cover", () => {
    expect(publishedRoundTrip("eastus", "eastus")).toBeUndefined();
    expect(publishedRoundTrip("chilecentral", "eastus")).toBeUndefined();
    expect(publishedRoundTrip("eastus", "mars")).toBeUndefined();
  });
});
