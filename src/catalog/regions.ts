/**
 * The Azure public regions, by the name ARM gives them (`eastus`, `swedencentral`, `westus3`): the only spelling a
 * scenario accepts, so a typo or a display name ("East US") is caught before it silently falls back to the default
 * round trip. Round trips between them are in `region-latency.ts`.
 *
 * Sources (rows in docs/sources.md):
 * - [S60] "Azure regions list", `MicrosoftDocs/reliability-docs` `articles/reliability/regions-list.md`,
 *   https://learn.microsoft.com/azure/reliability/regions-list, ms.date 2025-09-23, table as of commit c7803c5
 *   (2026-07-28, "India South Central GA"). Every row of its "All" tab: display name, programmatic (ARM) name,
 *   geography, physical location, paired region, and the restricted-access icon; the area is the tab that lists
 *   the region (Americas, Europe, Middle East, Africa, Asia Pacific). `az account list-locations` prints the same
 *   names (`name`, `displayName`).
 * - [S61] "Azure network round-trip latency statistics" (see region-latency.ts) names one region [S60] does not
 *   list: Jio India West.
 * - [S62] "Deployment types for Microsoft Foundry Models", `MicrosoftDocs/azure-ai-docs`
 *   `articles/foundry/foundry-models/concepts/deployment-types.md` (ms.date 2026-08-06, commit 07ee308) and its
 *   include `articles/foundry/foundry-models/includes/concepts-deployment-types-content.md` (ms.date 2026-05-08):
 *   two data zones, "United States: Data processed anywhere within the US" and the EU zone, which "As of May 2026
 *   [...] includes regions in: France, Germany, Italy, Netherlands, Norway, Poland, Spain, Sweden, and
 *   Switzerland". A region of those countries (by its geography, or its location for West Europe) is in the EU zone
 *   here; Ireland (North Europe), Austria, Belgium, Denmark and the UK are not in that list, so they have none.
 *
 * Not here: sovereign clouds (US Government, China), and regions neither page names (Jio India Central, the
 * EUAP and staging regions of `az account list-locations`).
 */

/** The tab of [S60] that lists a region. */
export type RegionArea = "Americas" | "Europe" | "Middle East" | "Africa" | "Asia Pacific";

/** An Azure OpenAI data zone: where a Data Zone deployment processes data [S62]. */
export type DataZone = "US" | "EU";

/** What Spillway knows of one Azure region. */
export interface RegionFacts {
  /** ARM name (`az account list-locations` `name`): lower-case letters and digits. */
  name: string;
  /** Display name, as the portal and the latency page write it: "East US 2". */
  displayName: string;
  /** Geography, as [S60] gives it ("United States", "Europe", "Sweden"). */
  geography: string;
  /** Physical location [S60]; absent where no page gives it. */
  location?: string;
  /** The [S60] tab that lists it. */
  area: RegionArea;
  /** The data zone whose processing regions include it [S62]; absent where none is published. */
  dataZone?: DataZone;
  /** ARM name of its paired region [S60]; absent for a region without one ("N/A"). */
  paired?: string;
  /** Access is restricted to specific customer scenarios such as disaster recovery [S60]. */
  restricted?: true;
}

/** Date of the newest source behind the region list ([S60] commit c7803c5; the latency page is dated apart). */
export const REGIONS_DATE = "2026-07-28";

/** Every public Azure region Spillway knows, in [S60]'s order (alphabetical by display name). */
export const REGIONS: readonly RegionFacts[] = [
  {
    name: "australiacentral",
    displayName: "Australia Central",
    geography: "Australia",
    location: "Canberra",
    area: "Asia Pacific",
    paired: "australiacentral2",
  },
  {
    name: "australiacentral2",
    displayName: "Australia Central 2",
    geography: "Australia",
    location: "Canberra",
    area: "Asia Pacific",
    paired: "australiacentral",
    restricted: true,
  },
  {
    name: "australiaeast",
    displayName: "Australia East",
    geography: "Australia",
    location: "New South Wales",
    area: "Asia Pacific",
    paired: "australiasoutheast",
  },
  {
    name: "australiasoutheast",
    displayName: "Australia Southeast",
    geography: "Australia",
    location: "Victoria",
    area: "Asia Pacific",
    paired: "australiaeast",
  },
  {
    name: "austriaeast",
    displayName: "Austria East",
    geography: "Austria",
    location: "Vienna",
    area: "Europe",
  },
  {
    name: "belgiumcentral",
    displayName: "Belgium Central",
    geography: "Belgium",
    location: "Brussels",
    area: "Europe",
  },
  {
    name: "brazilsouth",
    displayName: "Brazil South",
    geography: "Brazil",
    location: "Sao Paulo State",
    area: "Americas",
    paired: "southcentralus",
  },
  {
    name: "brazilsoutheast",
    displayName: "Brazil Southeast",
    geography: "Brazil",
    location: "Rio",
    area: "Americas",
    paired: "brazilsouth",
    restricted: true,
  },
  {
    name: "canadacentral",
    displayName: "Canada Central",
    geography: "Canada",
    location: "Toronto",
    area: "Americas",
    paired: "canadaeast",
  },
  {
    name: "canadaeast",
    displayName: "Canada East",
    geography: "Canada",
    location: "Quebec",
    area: "Americas",
    paired: "canadacentral",
  },
  {
    name: "centralindia",
    displayName: "Central India",
    geography: "India",
    location: "Pune",
    area: "Asia Pacific",
    paired: "southindia",
  },
  {
    name: "centralus",
    displayName: "Central US",
    geography: "United States",
    location: "Iowa",
    area: "Americas",
    dataZone: "US",
    paired: "eastus2",
  },
  {
    name: "chilecentral",
    displayName: "Chile Central",
    geography: "Chile",
    location: "Santiago",
    area: "Americas",
  },
  {
    name: "denmarkeast",
    displayName: "Denmark East",
    geography: "Denmark",
    location: "Copenhagen",
    area: "Europe",
  },
  {
    name: "eastasia",
    displayName: "East Asia",
    geography: "Asia Pacific",
    location: "Hong Kong",
    area: "Asia Pacific",
    paired: "southeastasia",
  },
  {
    name: "eastus",
    displayName: "East US",
    geography: "United States",
    location: "Virginia",
    area: "Americas",
    dataZone: "US",
    paired: "westus",
  },
  {
    name: "eastus2",
    displayName: "East US 2",
    geography: "United States",
    location: "Virginia",
    area: "Americas",
    dataZone: "US",
    paired: "centralus",
  },
  {
    name: "francecentral",
    displayName: "France Central",
    geography: "France",
    location: "Paris",
    area: "Europe",
    dataZone: "EU",
    paired: "francesouth",
  },
  {
    name: "francesouth",
    displayName: "France South",
    geography: "France",
    location: "Marseille",
    area: "Europe",
    dataZone: "EU",
    paired: "francecentral",
    restricted: true,
  },
  {
    name: "germanynorth",
    displayName: "Germany North",
    geography: "Germany",
    location: "Berlin",
    area: "Europe",
    dataZone: "EU",
    paired: "germanywestcentral",
    restricted: true,
  },
  {
    name: "germanywestcentral",
    displayName: "Germany West Central",
    geography: "Germany",
    location: "Frankfurt",
    area: "Europe",
    dataZone: "EU",
    paired: "germanynorth",
  },
  {
    name: "indiasouthcentral",
    displayName: "India South Central",
    geography: "India",
    location: "Hyderabad",
    area: "Asia Pacific",
    paired: "centralindia",
  },
  {
    name: "indonesiacentral",
    displayName: "Indonesia Central",
    geography: "Indonesia",
    location: "Jakarta",
    area: "Asia Pacific",
  },
  {
    name: "israelcentral",
    displayName: "Israel Central",
    geography: "Israel",
    location: "Israel",
    area: "Middle East",
  },
  {
    name: "italynorth",
    displayName: "Italy North",
    geography: "Italy",
    location: "Milan",
    area: "Europe",
    dataZone: "EU",
  },
  {
    name: "japaneast",
    displayName: "Japan East",
    geography: "Japan",
    location: "Tokyo, Saitama",
    area: "Asia Pacific",
    paired: "japanwest",
  },
  {
    name: "japanwest",
    displayName: "Japan West",
    geography: "Japan",
    location: "Osaka",
    area: "Asia Pacific",
    paired: "japaneast",
  },
  // Not in [S60]: named by the latency page [S61] (its "India" tab, under Asia-Pacific); ARM name by ARM's rule
  // (the display name in lower case without spaces, as every row of [S60] has it).
  { name: "jioindiawest", displayName: "Jio India West", geography: "India", area: "Asia Pacific" },
  {
    name: "koreacentral",
    displayName: "Korea Central",
    geography: "Korea",
    location: "Seoul",
    area: "Asia Pacific",
    paired: "koreasouth",
  },
  {
    name: "koreasouth",
    displayName: "Korea South",
    geography: "Korea",
    location: "Busan",
    area: "Asia Pacific",
    paired: "koreacentral",
  },
  {
    name: "malaysiawest",
    displayName: "Malaysia West",
    geography: "Malaysia",
    location: "Kuala Lumpur",
    area: "Asia Pacific",
  },
  {
    name: "mexicocentral",
    displayName: "Mexico Central",
    geography: "Mexico",
    location: "Querétaro State",
    area: "Americas",
  },
  {
    name: "newzealandnorth",
    displayName: "New Zealand North",
    geography: "New Zealand",
    location: "Auckland",
    area: "Asia Pacific",
  },
  {
    name: "northcentralus",
    displayName: "North Central US",
    geography: "United States",
    location: "Illinois",
    area: "Americas",
    dataZone: "US",
    paired: "southcentralus",
  },
  {
    name: "northeurope",
    displayName: "North Europe",
    geography: "Europe",
    location: "Ireland",
    area: "Europe",
    paired: "westeurope",
  },
  {
    name: "norwayeast",
    displayName: "Norway East",
    geography: "Norway",
    location: "Norway",
    area: "Europe",
    dataZone: "EU",
    paired: "norwaywest",
  },
  {
    name: "norwaywest",
    displayName: "Norway West",
    geography: "Norway",
    location: "Norway",
    area: "Europe",
    dataZone: "EU",
    paired: "norwayeast",
    restricted: true,
  },
  {
    name: "polandcentral",
    displayName: "Poland Central",
    geography: "Poland",
    location: "Warsaw",
    area: "Europe",
    dataZone: "EU",
  },
  {
    name: "qatarcentral",
    displayName: "Qatar Central",
    geography: "Qatar",
    location: "Doha",
    area: "Middle East",
  },
  {
    name: "southafricanorth",
    displayName: "South Africa North",
    geography: "South Africa",
    location: "Johannesburg",
    area: "Africa",
    paired: "southafricawest",
  },
  {
    name: "southafricawest",
    displayName: "South Africa West",
    geography: "South Africa",
    location: "Cape Town",
    area: "Africa",
    paired: "southafricanorth",
    restricted: true,
  },
  {
    name: "southcentralus",
    displayName: "South Central US",
    geography: "United States",
    location: "Texas",
    area: "Americas",
    dataZone: "US",
    paired: "northcentralus",
  },
  {
    name: "southindia",
    displayName: "South India",
    geography: "India",
    location: "Chennai",
    area: "Asia Pacific",
    paired: "centralindia",
  },
  {
    name: "southeastasia",
    displayName: "Southeast Asia",
    geography: "Asia Pacific",
    location: "Singapore",
    area: "Asia Pacific",
    paired: "eastasia",
  },
  {
    name: "spaincentral",
    displayName: "Spain Central",
    geography: "Spain",
    location: "Madrid",
    area: "Europe",
    dataZone: "EU",
  },
  {
    name: "swedencentral",
    displayName: "Sweden Central",
    geography: "Sweden",
    location: "Gävle",
    area: "Europe",
    dataZone: "EU",
    paired: "swedensouth",
  },
  // Not a row of [S60]: named there only as Sweden Central's restricted pair. Geography and data zone (Sweden, EU
  // [S62]) are read from its name, not published for it.
  {
    name: "swedensouth",
    displayName: "Sweden South",
    geography: "Sweden",
    area: "Europe",
    dataZone: "EU",
    paired: "swedencentral",
    restricted: true,
  },
  {
    name: "switzerlandnorth",
    displayName: "Switzerland North",
    geography: "Switzerland",
    location: "Zurich",
    area: "Europe",
    dataZone: "EU",
    paired: "switzerlandwest",
  },
  {
    name: "switzerlandwest",
    displayName: "Switzerland West",
    geography: "Switzerland",
    location: "Geneva",
    area: "Europe",
    dataZone: "EU",
    paired: "switzerlandnorth",
    restricted: true,
  },
  {
    name: "uaecentral",
    displayName: "UAE Central",
    geography: "UAE",
    location: "Abu Dhabi",
    area: "Middle East",
    paired: "uaenorth",
    restricted: true,
  },
  {
    name: "uaenorth",
    displayName: "UAE North",
    geography: "UAE",
    location: "Dubai",
    area: "Middle East",
    paired: "uaecentral",
  },
  {
    name: "uksouth",
    displayName: "UK South",
    geography: "United Kingdom",
    location: "London",
    area: "Europe",
    paired: "ukwest",
  },
  {
    name: "ukwest",
    displayName: "UK West",
    geography: "United Kingdom",
    location: "Cardiff",
    area: "Europe",
    paired: "uksouth",
  },
  {
    name: "westcentralus",
    displayName: "West Central US",
    geography: "United States",
    location: "Wyoming",
    area: "Americas",
    dataZone: "US",
    paired: "westus2",
  },
  {
    name: "westeurope",
    displayName: "West Europe",
    geography: "Europe",
    location: "Netherlands",
    area: "Europe",
    dataZone: "EU",
    paired: "northeurope",
  },
  {
    name: "westindia",
    displayName: "West India",
    geography: "India",
    location: "Mumbai",
    area: "Asia Pacific",
    paired: "southindia",
  },
  {
    name: "westus",
    displayName: "West US",
    geography: "United States",
    location: "California",
    area: "Americas",
    dataZone: "US",
    paired: "eastus",
  },
  {
    name: "westus2",
    displayName: "West US 2",
    geography: "United States",
    location: "Washington",
    area: "Americas",
    dataZone: "US",
    paired: "westcentralus",
  },
  {
    name: "westus3",
    displayName: "West US 3",
    geography: "United States",
    location: "Phoenix",
    area: "Americas",
    dataZone: "US",
    paired: "eastus",
  },
];

const BY_NAME = new Map(REGIONS.map((r) => [r.name, r]));

/** A display name as compared: lower case, single spaces ("east  US 2" is "east us 2"). */
const displayKey = (text: string) => text.trim().replace(/\s+/g, " ").toLowerCase();

const BY_DISPLAY_NAME = new Map(REGIONS.map((r) => [displayKey(r.displayName), r]));

/** The facts of the region with this ARM name, if Spillway knows it. */
export function regionFacts(name: string): RegionFacts | undefined {
  return BY_NAME.get(name);
}

/** The region whose display name this is ("East US", "east us 2"), if any. */
export function regionByDisplayName(text: string): RegionFacts | undefined {
  return BY_DISPLAY_NAME.get(displayKey(text));
}
