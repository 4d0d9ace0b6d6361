/** Microsoft's PTU sizing formula [S3] and `spillway size`, checked against Microsoft's own worked examples. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MODELS } from "../../src/catalog/index.js";
import { defaultPtuSizing, SIZING_LIMITS, sizePtu, sizingParams } from "../../src/catalog/sizing.js";
import { sizeFromOptions as computeSize, sizeCommand } from "../../src/cli/size-command.js";
import { SpillwayError } from "../../src/errors.js";
import type { SizeResult } from "../../src/plan/size.js";
import { findNonFinite } from "../../src/workload/trace-stats.js";

/** gpt-5.2 Data Zone, as in [S3]'s worked example, its figures given (test/catalog/models.test.ts sizes it from the catalog). */
const GPT_52_DZ = { inputTpmPerPtu: 3400, outputWeight: 8, minimum: 15, increment: 5 };

describe("sizePtu (the documented formula [S3])", () => {
  it("reproduces [S3]'s gpt-5.2 Data Zone example: 1,000 RPM, 200 in / 20 out → 360,000 → 105.88 → 110 PTU", () => {
    const e = sizePtu(GPT_52_DZ, 1000, 200, 20, 0);
    expect(e.normalizedTpm).toBe(360_000);
    expect(e.raw).toBeCloseTo(105.88, 2);
    expect(e.ptu).toBe(110);
  });

  it("and with a 50% cache rate: 100,000 + 160,000 = 260,000 → 76.5 → 80 PTU", () => {
    const e = sizePtu(GPT_52_DZ, 1000, 200, 20, 0.5);
    expect(e.normalizedTpm).toBe(260_000);
    expect(e.ptu).toBe(80);
  });

  it("sizes [S9]'s gpt-4o-mini examples with the current PTU table's output weight 4 [S3]", () => {
    const facts = MODELS["gpt-4o-mini"];
    expect(facts.outputWeight).toBe(4);
    const params = sizingParams(facts, "GlobalProvisionedManaged");
    // 800 in / 150 out at 30 RPM is ~1 PTU: the 15-PTU minimum applies.
    expect(sizePtu(params, 30, 800, 150, 0).ptu).toBe(15);
    // 5,200,000 / 37,000 = 140.5 → 145. Microsoft's example [S9] says 140 PTU, which only an output weight in
    // (2.83, 3.6] gives (the older table's 3 [S1b]: 5,150,000 / 37,000 = 139.2 → 140).
    expect(sizePtu(params, 1000, 5000, 50, 0).ptu).toBe(145);
    expect(sizePtu({ ...params, outputWeight: 3 }, 1000, 5000, 50, 0).ptu).toBe(140);
    // 1,100,000 / 37,000 = 29.7 → 30, as [S9] says (with 3: 950,000 / 37,000 = 25.7 → 30 as well).
    expect(sizePtu(params, 500, 1000, 300, 0).ptu).toBe(30);
  });

  it("does not round an exact multiple up an increment", () => {
    expect(
      sizePtu({ inputTpmPerPtu: 3000, outputWeight: 4, minimum: 15, increment: 5 }, 1, 60_000, 0, 0).ptu,
    ).toBe(20);
  });

  it("defaults deployable sizes by SKU: Global/Data Zone 15 / 5, regional 25 / 25", () => {
    expect(defaultPtuSizing("GlobalProvisionedManaged")).toEqual({ minimum: 15, increment: 5 });
    expect(defaultPtuSizing("DataZoneProvisionedManaged")).toEqual({ minimum: 15, increment: 5 });
    expect(defaultPtuSizing("ProvisionedManaged")).toEqual({ minimum: 25, increment: 25 });
  });
});

describe("spillway size", () => {
  const write = process.stdout.write;
  afterEach(() => {
    process.stdout.write = write;
  });

  /** Runs sizeCommand and returns its exit code and what it printed. */
  async function capture(options: Parameters<typeof sizeCommand>[0]) {
    let out = "";
    process.stdout.write = ((chunk: string | Uint8Array) => {
      out += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
      return true;
    }) as typeof process.stdout.write;
    try {
      const code = await sizeCommand(options);
      return { code, out };
    } finally {
      process.stdout.write = write;
    }
  }

  const gpt52 = {
    model: "gpt-5.2",
    sku: "DataZoneProvisionedManaged",
    rpm: 1000,
    promptTokens: 200,
    completionTokens: 20,
    inputTpmPerPtu: 3400,
    outputWeight: 8,
    format: "azure-llm",
    json: true,
  };

  it("--json prints the parameters and the sizing of [S3]'s example", async () => {
    const { code, out } = await capture({ ...gpt52, cacheRate: 0 });
    expect(code).toBe(0);
    const r = JSON.parse(out) as SizeResult;
    expect(r).toMatchObject({
      model: "gpt-5.2",
      sku: "DataZoneProvisionedManaged",
      inputTpmPerPtu: 3400,
      outputWeight: 8,
      minimum: 15,
      increment: 5,
      source: "options",
      cacheRate: 0,
      rpm: 1000,
      inputTpm: 200_000,
      outputTpm: 20_000,
      normalizedTpm: 360_000,
      ptu: 110,
      trace: null,
    });
    expect(r.rawPtu).toBeCloseTo(105.88, 2);
    expect((await capture({ ...gpt52, cacheRate: 0.5 })).out).toMatch(/"ptu": 80/);
  });

  it("prints a readable result", async () => {
    const { code, out } = await capture({ ...gpt52, cacheRate: 0.5, json: false });
    expect(code).toBe(0);
    expect(out).toMatch(/gpt-5\.2, DataZoneProvisionedManaged/);
    expect(out).toMatch(/normalized TPM +260,000/);
    expect(out).toMatch(/PTUs +80 \(raw 76\.47\)/);
    expect(out).toMatch(/cache rate +50%/);
  });

  it("uses the catalog for a known model, with its SKU's deployable sizes", () => {
    const r = computeSize({
      model: "gpt-4o-mini",
      sku: "ProvisionedManaged",
      rpm: 500,
      promptTokens: 1000,
      completionTokens: 300,
      cacheRate: 0,
      format: "azure-llm",
      json: true,
    });
    expect(r).toMatchObject({ inputTpmPerPtu: 37_000, outputWeight: 4, minimum: 25, increment: 25, ptu: 50 });
    expect(r.source).toBe("catalog");
    // One override keeps the other catalog figure: the older weight 3 gives [S9]'s published 140 PTU.
    const o = computeSize({
      model: "gpt-4o-mini",
      sku: "GlobalProvisionedManaged",
      rpm: 1000,
      promptTokens: 5000,
      completionTokens: 50,
      outputWeight: 3,
      cacheRate: 0,
      format: "azure-llm",
      json: true,
    });
    expect(o).toMatchObject({ inputTpmPerPtu: 37_000, outputWeight: 3, ptu: 140, source: "catalog+options" });
  });

  it("sizes without a model from the overrides, with the SKU's default sizes", () => {
    const r = computeSize({
      sku: "ProvisionedManaged",
      rpm: 10,
      promptTokens: 100,
      completionTokens: 10,
      inputTpmPerPtu: 1000,
      outputWeight: 4,
      cacheRate: 0,
      format: "azure-llm",
      json: true,
    });
    expect(r).toMatchObject({ model: null, minimum: 25, increment: 25, ptu: 25 });
  });

  it("rejects bad and missing input with an InputError", () => {
    const base = { ...gpt52, cacheRate: 0 };
    expect(() => computeSize({ ...base, cacheRate: 1.5 })).toThrow(SpillwayError);
    expect(() => computeSize({ ...base, cacheRate: -0.1 })).toThrow(/--cache-rate/);
    expect(() => computeSize({ ...base, cacheRate: Number.NaN })).toThrow(/--cache-rate/);
    expect(() => computeSize({ ...base, rpm: undefined })).toThrow(/missing --rpm/);
    expect(() => computeSize({ ...base, promptTokens: -1 })).toThrow(/--prompt-tokens/);
    expect(() => computeSize({ ...base, sku: "GlobalStandard" })).toThrow(/not a provisioned SKU/);
    expect(() => computeSize({ ...base, model: "gpt-9", outputWeight: undefined })).toThrow(
      /not in the catalog/,
    );
    expect(() => computeSize({ ...base, model: undefined, outputWeight: undefined })).toThrow(
      /give --model .* or both/,
    );
    expect(() => computeSize({ ...base, inputTpmPerPtu: 0 })).toThrow(/--input-tpm-per-ptu/);
  });

  it("refuses calls the model cannot serve: over a 128K PTU prompt limit, or past the context window", () => {
    const call = { ...gpt52, inputTpmPerPtu: undefined, outputWeight: undefined, rpm: 10, cacheRate: 0 };
    expect(() => computeSize({ ...call, model: "gpt-5.4", promptTokens: 200_000 })).toThrow(
      /gpt-5\.4 refuses prompts over 128,000 tokens on provisioned deployments \(HTTP 400\)/,
    );
    // At the limit it sizes.
    expect(computeSize({ ...call, model: "gpt-5.4", promptTokens: 128_000 }).ptu).toBeGreaterThan(0);
    // gpt-4o has no PTU prompt limit of its own, only its 128K context window.
    const window = MODELS["gpt-4o"].contextWindow;
    expect(() => computeSize({ ...call, model: "gpt-4o", promptTokens: window })).toThrow(
      /past gpt-4o's context window of 128,000/,
    );
  });

  it('bounds every numeric option, naming it and its range (1e308 RPM printed "ptu": null)', () => {
    const base = { ...gpt52, cacheRate: 0 };
    expect(() => computeSize({ ...base, rpm: 1e308 })).toThrow(
      "--rpm: 1e+308 is out of range; give 0 to 100,000,000 (100 million a minute is far beyond any deployment's quota)",
    );
    for (const [key, limit] of Object.entries(SIZING_LIMITS)) {
      for (const value of [limit.max * 1.5, -1, Number.POSITIVE_INFINITY, Number.NaN]) {
        expect(() => computeSize({ ...base, [key]: value }), `${key} ${value}`).toThrow(SpillwayError);
        expect(() => computeSize({ ...base, [key]: value }), `${key} ${value}`).toThrow(
          `${limit.flag}: ${value}`,
        );
      }
      expect(limit.help).toContain(
        `${limit.min.toLocaleString("en-US")} to ${limit.max.toLocaleString("en-US")}`,
      );
    }
    // At every limit at once the figures are huge but finite: JSON prints them, never null.
    const extreme = computeSize({
      sku: "GlobalProvisionedManaged",
      rpm: SIZING_LIMITS.rpm.max,
      promptTokens: SIZING_LIMITS.promptTokens.max,
      completionTokens: SIZING_LIMITS.completionTokens.max,
      inputTpmPerPtu: SIZING_LIMITS.inputTpmPerPtu.min,
      outputWeight: SIZING_LIMITS.outputWeight.max,
      cacheRate: 0,
      format: "azure-llm",
      json: true,
    });
    expect(findNonFinite(extreme)).toBeUndefined();
    expect(extreme.ptu).toBeGreaterThan(1e18);
  });

  it("--trace sizes at the trace's mean rate and at its busiest minute", () => {
    const dir = mkdtempSync(join(tmpdir(), "spillway-size-"));
    const file = join(dir, "t.csv");
    // Minute 0: 4 calls, then one at 60 s and one at 120 s (ending the 2-minute trace). 1,000 in / 100 out,
    // 250 cached tokens each: the trace's own cache rate is 25%.
    const rows = [0, 10, 20, 30, 60, 120].map((t) => `${t},1000,100,250`);
    writeFileSync(file, `t,in,out,cached\n${rows.join("\n")}\n`);
    const options = {
      model: "gpt-4.1",
      sku: "GlobalProvisionedManaged",
      trace: file,
      format: "csv",
      columns: "time=t,prompt=in,completion=out,cached=cached",
      json: true,
    };
    const r = computeSize(options);
    expect(r.trace?.rows).toBe(6);
    expect(r.trace?.cacheRateSource).toBe("trace");
    expect(r.cacheRate).toBeCloseTo(0.25, 12);
    // Mean: 6 calls over 2 minutes = 3 RPM; peak minute: 4 calls.
    expect(r.trace?.atMean.rpm).toBe(3);
    expect(r.trace?.atPeakMinute.rpm).toBe(4);
    // Peak: 4 × 1,000 × 0.75 + 4 × 4 × 100 = 4,600 normalized TPM; the headline is the peak.
    expect(r.normalizedTpm).toBeCloseTo(4600, 9);
    expect(r.ptu).toBe(15);
    // An explicit --cache-rate wins over the trace's.
    expect(computeSize({ ...options, cacheRate: 0 }).trace?.atPeakMinute.normalizedTpm).toBeCloseTo(5600, 9);
    expect(() => computeSize({ ...options, rpm: 10 })).toThrow(/--rpm: the trace gives/);
    expect(() => computeSize({ ...options, columns: undefined })).toThrow(/needs --columns/);
  });
});
