/**
 * Quota: an estate whose deployments need more quota than Azure grants by default (or than the scenario's `quota:`
 * says was granted) earns a `quota` warning naming the pool; a stated grant replaces the default; bad `quota:`
 * entries are one line with their path and the fix (exit 2).
 */
import { describe, expect, it } from "vitest";
import { defaultQuota, quotaPools, STANDARD_QUOTAS } from "../../src/catalog/quotas.js";
import { SpillwayError } from "../../src/errors.js";
import { loadScenario } from "../../src/scenario/load.js";

/**
 * Two accounts in eastus, gpt-4.1 GlobalStandard 600K TPM each (the tier-1 default is 1M TPM per subscription and
 * region, so together they need 1.2M), plus `extra` YAML (account fields, `quota:`) where the test needs it.
 */
function scenario(options: { quota?: string; westSubscription?: string; sku?: string } = {}): string {
  const sub = options.westSubscription === undefined ? "" : `\n    subscription: ${options.westSubscription}`;
  return `name: quota
duration: 5m
accounts:
  - name: east
    region: eastus
    deployments: [{ name: d, model: gpt-4.1, sku: GlobalStandard, capacity: 600 }]
  - name: west
    region: eastus${sub}
    deployments: [{ name: d, model: gpt-4.1, sku: ${options.sku ?? "GlobalStandard"}, capacity: 600 }]
traffic:
  - name: chat
    via: east/d
    arrival: { type: constant, rate: 1/s }
    promptTokens: 100
    completionTokens: 10
    maxTokens: 50
${options.quota ?? ""}`;
}

/** The `quota` warnings of a scenario that loads. */
function quotaWarnings(yaml: string): string[] {
  return loadScenario(yaml, "s.yaml")
    .warnings.filter((w) => w.code === "quota")
    .map((w) => w.message);
}

/** The message of a scenario that fails to load (exit 2). */
function failure(yaml: string): string {
  try {
    loadScenario(yaml, "s.yaml");
  } catch (error) {
    if (!(error instanceof SpillwayError)) throw error;
    expect(error.exitCode).toBe(2);
    return error.message;
  }
  throw new Error("the scenario loaded");
}

describe("default quotas", () => {
  it("are the tier-1 figures, per model and standard SKU, and none for PTUs", () => {
    // Quota tier 1 [S80]: gpt-4.1 GlobalStandard 1,000,000 TPM, DataZoneStandard 300,000; gpt-4.1-mini Standard 6M.
    expect(defaultQuota("GlobalStandard", "gpt-4.1")).toBe(1_000_000);
    expect(defaultQuota("DataZoneStandard", "gpt-4.1")).toBe(300_000);
    expect(defaultQuota("Standard", "gpt-4.1-mini")).toBe(6_000_000);
    // No published row: unknown, not 0.
    expect(defaultQuota("Standard", "gpt-4.1")).toBeNull();
    expect(defaultQuota("GlobalStandard", "a-model-nobody-knows")).toBeNull();
    // PTU quota default is not published [S82, S2].
    expect(defaultQuota("GlobalProvisionedManaged", "gpt-4.1")).toBeNull();
    // Batch quota in enqueued tokens, the "Default" column [S43].
    expect(defaultQuota("GlobalBatch", "gpt-4.1")).toBe(200_000_000);
  });

  it("hold only whole, positive figures", () => {
    for (const quotas of Object.values(STANDARD_QUOTAS)) {
      for (const tpm of Object.values(quotas)) expect(Number.isInteger(tpm) && tpm > 0).toBe(true);
    }
  });

  it("pool PTUs of every model, and standard capacity per model", () => {
    const claim = { subscription: "s", region: "eastus", capacity: 100 };
    const pools = quotaPools(
      [
        { ...claim, deployment: "a/1", model: "gpt-4.1", sku: "GlobalProvisionedManaged" },
        { ...claim, deployment: "a/2", model: "gpt-4o", sku: "GlobalProvisionedManaged" },
        { ...claim, deployment: "a/3", model: "gpt-4.1", sku: "GlobalStandard" },
        { ...claim, deployment: "a/4", model: "gpt-4o", sku: "GlobalStandard" },
      ],
      [{ subscription: "s", region: "eastus", sku: "GlobalProvisionedManaged", model: null, limit: 150 }],
    );
    expect(pools.map((p) => [p.sku, p.model, p.needed, p.limit, p.over])).toEqual([
      ["GlobalProvisionedManaged", null, 200, 150, true],
      ["GlobalStandard", "gpt-4.1", 100_000, 1_000_000, false],
      ["GlobalStandard", "gpt-4o", 100_000, 450_000, false],
    ]);
  });

  it("counts Batch capacity in enqueued tokens against the Batch default", () => {
    const claim = { subscription: "s", region: "eastus", model: "gpt-4.1", sku: "GlobalBatch" as const };
    const [pool] = quotaPools(
      [
        { ...claim, deployment: "a/1", capacity: 150_000 },
        { ...claim, deployment: "b/1", capacity: 100_000 },
      ],
      [],
    );
    // 250,000 thousand enqueued tokens against gpt-4.1's GlobalBatch default of 200M [S43].
    expect(pool).toMatchObject({
      unit: "enqueued tokens",
      needed: 250_000_000,
      limit: 200_000_000,
      over: true,
    });
  });
});

describe("the quota warning", () => {
  it("names the pool, what it needs and the default when the estate needs more than the default", () => {
    const warnings = quotaWarnings(scenario());
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("gpt-4.1 GlobalStandard in eastus (subscription default)");
    expect(warnings[0]).toContain("needs 1,200,000 TPM (east/d, west/d)");
    expect(warnings[0]).toContain("1,000,000 TPM Azure grants by default (quota tier 1)");
  });

  it("is silent within the default", () => {
    expect(quotaWarnings(scenario().replaceAll("capacity: 600", "capacity: 500"))).toEqual([]);
  });

  it("is silenced by a stated grant that covers the need", () => {
    const quota = `quota:
  - { region: eastus, sku: GlobalStandard, model: gpt-4.1, tpm: 2000000 }
`;
    expect(quotaWarnings(scenario({ quota }))).toEqual([]);
  });

  it("holds a pool to its stated grant, below the default too", () => {
    const quota = `quota:
  - { region: eastus, sku: GlobalStandard, model: gpt-4.1, tpm: 1100000 }
`;
    const warnings = quotaWarnings(scenario({ quota }));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("the 1,100,000 TPM its quota: entry states");
  });

  it("counts each subscription's pool on its own", () => {
    expect(quotaWarnings(scenario({ westSubscription: "prod-2" }))).toEqual([]);
  });

  it("counts each SKU's pool on its own", () => {
    // 600K GlobalStandard fits 1M; 600K DataZoneStandard does not fit its 300K.
    const warnings = quotaWarnings(scenario({ sku: "DataZoneStandard" }));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("gpt-4.1 DataZoneStandard in eastus");
  });

  it("warns PTUs only against a stated grant (no default is published)", () => {
    const ptu = scenario()
      .replace("sku: GlobalStandard, capacity: 600", "sku: GlobalProvisionedManaged, capacity: 300")
      .replace("sku: GlobalStandard, capacity: 600", "sku: GlobalStandard, capacity: 100");
    expect(quotaWarnings(ptu)).toEqual([]);
    const quota = `quota:
  - { region: eastus, sku: GlobalProvisionedManaged, ptu: 200 }
`;
    const warnings = quotaWarnings(ptu + quota);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(
      "GlobalProvisionedManaged PTUs in eastus (subscription default) needs 300 PTU",
    );
  });
});

describe("bad quota entries", () => {
  const cases: [string, string, string][] = [
    ["tpm for PTUs", "{ region: eastus, sku: GlobalProvisionedManaged, tpm: 5 }", "quota[0].ptu"],
    [
      "ptu for tokens",
      "{ region: eastus, sku: GlobalStandard, model: gpt-4.1, ptu: 5 }",
      "write tpm, not ptu",
    ],
    [
      "a model on PTU quota",
      "{ region: eastus, sku: ProvisionedManaged, model: gpt-4.1, ptu: 50 }",
      "remove model",
    ],
    ["no model", "{ region: eastus, sku: GlobalStandard, tpm: 5 }", "granted per model: add model"],
    [
      "a misspelt model",
      "{ region: eastus, sku: GlobalStandard, model: gpt-4.2, tpm: 5 }",
      'did you mean "gpt-4.1"',
    ],
    [
      "a misspelt region",
      "{ region: eastuss, sku: GlobalStandard, model: gpt-4.1, tpm: 5 }",
      'did you mean "eastus"',
    ],
    ["a negative amount", "{ region: eastus, sku: GlobalStandard, model: gpt-4.1, tpm: -1 }", "quota[0].tpm"],
    [
      "tpm for Batch",
      "{ region: eastus, sku: GlobalBatch, model: gpt-4.1, tpm: 5 }",
      "write enqueuedTokens, not tpm",
    ],
    ["an unknown SKU", "{ region: eastus, sku: GlobalStandart, model: gpt-4.1, tpm: 5 }", "quota[0].sku"],
    [
      "an unknown subscription",
      "{ subscription: prod, region: eastus, sku: GlobalStandard, model: gpt-4.1, tpm: 5 }",
      'no account is in subscription "prod"',
    ],
  ];
  for (const [what, entry, expected] of cases) {
    it(`refuses ${what}`, () => {
      const message = failure(scenario({ quota: `quota:\n  - ${entry}\n` }));
      expect(message).toContain(expected);
      expect(message).toContain("s.yaml");
    });
  }

  it("refuses the same pool twice", () => {
    const entry = "{ region: eastus, sku: GlobalStandard, model: gpt-4.1, tpm: 5 }";
    expect(failure(scenario({ quota: `quota:\n  - ${entry}\n  - ${entry}\n` }))).toContain(
      "quota[0] already states this pool's quota",
    );
  });

  it("asks which subscription when every account names one", () => {
    const yaml = scenario({
      westSubscription: "prod-2",
      quota: "quota:\n  - { region: eastus, sku: GlobalStandard, model: gpt-4.1, tpm: 5 }\n",
    }).replace(
      "  - name: east\n    region: eastus",
      "  - name: east\n    region: eastus\n    subscription: prod-1",
    );
    expect(failure(yaml)).toContain("add subscription:");
  });
});
