/** The price rules of the processing options [S43, S44, S45], by hand against the catalog's list prices. */
import { describe, expect, it } from "vitest";
import { MODELS } from "../../src/catalog/index.js";
import { processingPrices, tokenCost } from "../../src/cost/cost-model.js";
import { load } from "../helpers.js";

/** A one-deployment scenario (JSON is YAML) whose deployment is `spec`. */
const scenario = (spec: object) =>
  JSON.stringify({
    name: "prices",
    duration: "10m",
    accounts: [{ name: "a", region: "eastus", deployments: [{ name: "d", ...spec }] }],
    traffic: [
      {
        name: "w",
        via: "a/d",
        arrival: { type: "poisson", rate: "1/s" },
        promptTokens: 1000,
        completionTokens: 100,
      },
    ],
  });

/** The resolved deployment of a one-deployment scenario. */
function deployment(spec: object) {
  const d = load(scenario(spec)).deployments[0];
  if (d.kind === "provisioned") throw new Error("expected a pay-as-you-go deployment");
  return d;
}

describe("processing option prices", () => {
  const globalStandard = MODELS["gpt-4.1"].prices.GlobalStandard;
  const dataZoneStandard = MODELS["gpt-4.1"].prices.DataZoneStandard;
  if (globalStandard === undefined || dataZoneStandard === undefined)
    throw new Error("catalog lacks gpt-4.1 prices");

  it("prices Batch at half its standard SKU, for the same tokens", () => {
    const global = processingPrices(
      deployment({ model: "gpt-4.1", sku: "GlobalBatch", capacity: 1000 }),
      globalStandard,
    );
    // 1M uncached input, 200K cached input, 300K output: half what Global Standard charges.
    expect(tokenCost(global, 1_200_000, 200_000, 300_000)).toBeCloseTo(
      tokenCost(globalStandard, 1_200_000, 200_000, 300_000) / 2,
      12,
    );
    // gpt-4.1 Global Batch meters: $1.00 in, $4.00 out [S20].
    expect(global.input).toBe(1);
    expect(global.output).toBe(4);
    const dataZone = processingPrices(
      deployment({ model: "gpt-4.1", sku: "DataZoneBatch", capacity: 1000 }),
      dataZoneStandard,
    );
    expect(dataZone.input).toBeCloseTo(1.1, 12);
    expect(dataZone.output).toBeCloseTo(4.4, 12);
  });

  it("prices Flex at half and Priority at the model's priority meters", () => {
    const flex = processingPrices(
      deployment({ model: "gpt-4.1", sku: "GlobalStandard", capacity: 100, processing: "flex" }),
      globalStandard,
    );
    expect(flex).toEqual({
      input: globalStandard.input / 2,
      cachedInput: globalStandard.cachedInput / 2,
      output: globalStandard.output / 2,
    });
    const priority = processingPrices(
      deployment({ model: "gpt-4.1", sku: "DataZoneStandard", capacity: 100, processing: "priority" }),
      dataZoneStandard,
    );
    // "4.1 pp inp Dz" $0.00385 and "4.1 pp opt Dz" $0.0154 per 1K tokens [S20].
    expect(priority).toEqual({ input: 3.85, cachedInput: 0.963, output: 15.4 });
    const standard = processingPrices(
      deployment({ model: "gpt-4.1", sku: "GlobalStandard", capacity: 100 }),
      globalStandard,
    );
    expect(standard).toBe(globalStandard);
  });
});
