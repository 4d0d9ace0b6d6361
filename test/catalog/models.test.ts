/**
 * The model catalog against Microsoft's PTU table, the GPT-5 family and o1, standard-only gpt-5-nano, gpt-5.4's
 * 128K prompt limit on PTU, and Microsoft's worked sizing example sized from the catalog alone.
 */
import { describe, expect, it } from "vitest";
import { ProvisionedModel } from "../../src/azure/provisioned-deployment.js";
import { offeredSkus } from "../../src/catalog/fact-sources.js";
import { MODELS, PROVISIONED_SKUS } from "../../src/catalog/index.js";
import { modelVersionProblem } from "../../src/catalog/models.js";
import { ptuSkuProblem, sizingParams } from "../../src/catalog/sizing.js";
import { SpillwayError } from "../../src/errors.js";
import { cli } from "../cli/run-cli.js";

/**
 * The PTU table of provisioned-throughput-sizing.md [S3] (ms.date 2026-05-22; the onboarding page [S2] of 2026-04-07
 * has the same rows): input TPM per PTU, output-to-input ratio, regional minimum and increment, latency target
 * (99 % > N TPS). Global and data zone are 15 / 5 for every model. Copied by hand from the page, not from the catalog.
 */
const PTU_TABLE: [string, number, number, number, number, number][] = [
  ["gpt-5.4", 2400, 6, 50, 50, 50],
  ["gpt-5.3-codex", 3400, 8, 50, 50, 50],
  ["gpt-5.2", 3400, 8, 50, 50, 50],
  ["gpt-5.2-codex", 3400, 8, 50, 50, 50],
  ["gpt-5.1", 4750, 8, 50, 50, 50],
  ["gpt-5.1-codex", 4750, 8, 50, 50, 50],
  ["gpt-5", 4750, 8, 50, 50, 50],
  ["gpt-5-mini", 23750, 8, 25, 25, 80],
  ["gpt-4.1", 3000, 4, 50, 50, 80],
  ["gpt-4.1-mini", 14900, 4, 25, 25, 90],
  ["gpt-4.1-nano", 59400, 4, 25, 25, 100],
  ["o3", 3000, 4, 50, 50, 80],
  ["o4-mini", 5400, 4, 25, 25, 90],
  // "Previous Azure OpenAI models"
  ["gpt-4o", 2500, 4, 50, 50, 25],
  ["gpt-4o-mini", 37000, 4, 25, 25, 33],
  ["o3-mini", 2500, 4, 25, 25, 66],
  ["o1", 230, 4, 25, 50, 25],
];

describe("the catalog against Microsoft's PTU table [S3, S2]", () => {
  it.each(PTU_TABLE)(
    "%s: %d input TPM per PTU, weight %d, regional %d / %d, %d TPS",
    (name, tpm, weight, min, inc, tps) => {
      const facts = MODELS[name];
      expect(facts, name).toBeDefined();
      expect(facts.ptuInputTpm).toBe(tpm);
      expect(facts.outputWeight).toBe(weight);
      expect(facts.ptuSizing.ProvisionedManaged).toEqual({ minimum: min, increment: inc });
      expect(facts.ptuSizing.GlobalProvisionedManaged).toEqual({ minimum: 15, increment: 5 });
      expect(facts.ptuSizing.DataZoneProvisionedManaged).toEqual({ minimum: 15, increment: 5 });
      expect(facts.ptuTargetTokensPerSecond).toBe(tps);
    },
  );

  it("has every model of the table, and gpt-5-nano, which the table lacks", () => {
    expect(Object.keys(MODELS).sort()).toEqual([...PTU_TABLE.map(([name]) => name), "gpt-5-nano"].sort());
  });

  it("refuses prompts above 128K tokens on PTU exactly for gpt-5.4 and the gpt-4.1 family (the table's note)", () => {
    const limited = Object.keys(MODELS).filter((m) => MODELS[m].ptuMaxPromptTokens !== null);
    expect(limited.sort()).toEqual(["gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "gpt-5.4"]);
    expect(MODELS["gpt-5.4"].ptuMaxPromptTokens).toBe(128_000);
  });

  it("weighs output as the Global Standard price ratio, as the table says for gpt-4.1 and later", () => {
    for (const name of Object.keys(MODELS).filter((m) => /^(gpt-4\.1|gpt-5|o1$|o3|o4)/.test(m))) {
      const gs = MODELS[name].prices.GlobalStandard;
      expect(gs, name).toBeDefined();
      expect((gs?.output ?? 0) / (gs?.input ?? 1), name).toBeCloseTo(MODELS[name].outputWeight, 6);
    }
  });
});

describe("the GPT-5 family and o1", () => {
  it("takes RPM per 1K TPM from the tier-1 table [S80] and o1's 1 RPM per 6,000 TPM [S6]", () => {
    expect(MODELS["gpt-5.2"].rpmPer1kTpm).toMatchObject({ GlobalStandard: 10, DataZoneStandard: 10 });
    expect(MODELS["gpt-5-mini"].rpmPer1kTpm).toMatchObject({ GlobalStandard: 1, DataZoneStandard: 1 });
    expect(MODELS["gpt-5.4"].rpmPer1kTpm).toMatchObject({ GlobalStandard: 10, DataZoneStandard: 1 });
    expect(MODELS["gpt-5.1-codex"].rpmPer1kTpm).toMatchObject({ GlobalStandard: 1, DataZoneStandard: 10 });
    expect(MODELS.o1.rpmPer1kTpm.GlobalStandard * 6).toBeCloseTo(1, 9);
  });

  it("prices Global and Data Zone Standard from the meters [S20], and leaves regional Standard unpriced", () => {
    expect(MODELS["gpt-5.2"].prices.GlobalStandard).toEqual({ input: 1.75, cachedInput: 0.175, output: 14 });
    expect(MODELS["gpt-5.2"].prices.DataZoneStandard).toEqual({
      input: 1.925,
      cachedInput: 0.1925,
      output: 15.4,
    });
    expect(MODELS["gpt-5"].prices.Standard).toBeUndefined();
    expect(MODELS.o1.prices.GlobalStandard).toEqual({ input: 15, cachedInput: 7.5, output: 60 });
    // PTU prices are the SKU's list price (the resolver's fallback), the same for every model.
    for (const sku of PROVISIONED_SKUS) expect(MODELS["gpt-5.2"].prices[sku]).toBeUndefined();
  });

  it("lists each model's versions, and names them when another is asked for", () => {
    expect(MODELS["gpt-4.1"].versions).toEqual(["2025-04-14"]);
    expect(MODELS["gpt-5.2"].versions).toEqual(["2025-12-11"]);
    expect(modelVersionProblem("gpt-4.1", "2025-04-14")).toBeUndefined();
    expect(modelVersionProblem("gpt-4o", "2024-13-01")).toBe(
      'gpt-4o has no version "2024-13-01": the catalog knows "2024-05-13", "2024-08-06", "2024-11-20" (one set of ' +
        "figures covers them all); write one of these, or leave version out",
    );
    expect(modelVersionProblem("my-model", "1")).toBeUndefined();
  });
});

describe("gpt-5-nano is standard only", () => {
  const nano = MODELS["gpt-5-nano"];

  it("has no PTU row and is deployable on the standard (and Batch) SKUs it is priced for", () => {
    expect(nano.ptuSizing).toEqual({});
    expect(offeredSkus(nano)).toEqual(["GlobalStandard", "DataZoneStandard", "GlobalBatch", "DataZoneBatch"]);
  });

  it("is refused on every provisioned SKU with the SKUs it has", () => {
    for (const sku of PROVISIONED_SKUS) {
      expect(ptuSkuProblem("gpt-5-nano", nano, sku)).toBe(
        "gpt-5-nano has no provisioned (PTU) deployment: Microsoft's PTU table has no row for it, so it is standard " +
          "only; use one of the SKUs it has: GlobalStandard, DataZoneStandard, GlobalBatch, DataZoneBatch",
      );
      expect(() => sizingParams(nano, sku, "gpt-5-nano")).toThrow(SpillwayError);
    }
    expect(ptuSkuProblem("gpt-5", MODELS["gpt-5"], "DataZoneProvisionedManaged")).toBeUndefined();
  });
});

describe("gpt-5.4's 128K prompt limit on PTU", () => {
  it("refuses a longer prompt with HTTP 400 before it uses any capacity, and admits one at the limit", () => {
    const f = MODELS["gpt-5.4"];
    const ptu = new ProvisionedModel(15 * f.ptuInputTpm, f.outputWeight, f.ptuMaxPromptTokens, 60, 0, 0);
    expect(ptu.admit(0, 128_001, 0, 100)).toBe(400);
    // The refused request left the bucket empty: a request that fits is admitted.
    expect(ptu.admit(0, 1000, 0, 100)).toBe(200);
    const fresh = new ProvisionedModel(1000 * f.ptuInputTpm, f.outputWeight, f.ptuMaxPromptTokens, 60, 0, 0);
    expect(fresh.admit(0, 128_000, 0, 100)).toBe(200);
  });
});

describe("spillway size from the catalog alone: Microsoft's worked example [S3]", () => {
  const example = [
    "size",
    "--model",
    "gpt-5.2",
    "--sku",
    "DataZoneProvisionedManaged",
    "--rpm",
    "1000",
    "--prompt-tokens",
    "200",
    "--completion-tokens",
    "20",
  ];

  it("prints 110 PTU (360,000 normalized TPM / 3,400 = 105.88)", async () => {
    const { code, stdout } = await cli(example);
    expect(code).toBe(0);
    expect(stdout).toMatch(/input TPM per PTU +3,400 \(catalog\)/);
    expect(stdout).toMatch(/output weight +8 \(catalog\)/);
    expect(stdout).toMatch(/normalized TPM +360,000/);
    expect(stdout).toMatch(/PTUs +110 \(raw 105\.88\)/);
  });

  it("prints 80 PTU with --cache-rate 0.5: cached tokens are deducted 100 % (260,000 / 3,400 = 76.47)", async () => {
    const { code, stdout } = await cli([...example, "--cache-rate", "0.5"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/normalized TPM +260,000/);
    expect(stdout).toMatch(/PTUs +80 \(raw 76\.47\)/);
  });

  it("refuses gpt-5-nano on a provisioned SKU, naming the SKUs it has (exit 2)", async () => {
    const { code, stderr } = await cli([...example.slice(0, 2), "gpt-5-nano", ...example.slice(3)]);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /gpt-5-nano has no provisioned \(PTU\) deployment.*GlobalStandard, DataZoneStandard/,
    );
  });

  it("suggests the catalog model a near miss means", async () => {
    const { code, stderr } = await cli([...example.slice(0, 2), "GPT-5.2", ...example.slice(3)]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/"GPT-5\.2" is not in the catalog; did you mean "gpt-5\.2"\?/);
  });
});
