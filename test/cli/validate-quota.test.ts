/**
 * `spillway validate --quota`: after the usual line, one row per quota pool the estate draws on (subscription,
 * region, SKU, model, what it needs, the quota that applies and the verdict), in-process.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "spillway-quota-"));

/**
 * Writes a scenario: PTUs and gpt-4.1 pay-as-you-go in eastus (and `deployments`, lines of its list), gpt-4.1 Data
 * Zone in swedencentral, plus `extra`.
 */
function scenarioFile(name: string, extra = "", deployments = ""): string {
  const file = join(dir, name);
  writeFileSync(
    file,
    `name: quota-table
duration: 5m
accounts:
  - name: east
    region: eastus
    deployments:
      - { name: ptu, model: gpt-4.1, sku: GlobalProvisionedManaged, capacity: 100 }
      - { name: paygo, model: gpt-4.1, sku: GlobalStandard, capacity: 800 }
${deployments}  - name: east2
    region: eastus
    deployments: [{ name: paygo, model: gpt-4.1, sku: GlobalStandard, capacity: 400 }]
  - name: sweden
    region: swedencentral
    deployments: [{ name: dz, model: gpt-4.1, sku: DataZoneStandard, capacity: 200 }]
traffic:
  - name: chat
    via: east/ptu
    arrival: { type: constant, rate: 1/s }
    promptTokens: 100
    completionTokens: 10
    maxTokens: 50
${extra}`,
  );
  return file;
}

/** The table rows of `validate --quota` output, split into cells (two or more spaces apart). */
function rows(stdout: string): string[][] {
  return stdout
    .split("\n")
    .filter((line) => line.startsWith("  ") && !line.includes("quota pool(s)"))
    .map((line) => line.trim().split(/ {2,}/));
}

describe("spillway validate --quota", () => {
  it("lists each pool with its need, the default quota and the verdict", async () => {
    const { code, stdout, stderr } = await cli(["validate", scenarioFile("a.yaml"), "--quota"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(rows(stdout)).toEqual([
      ["subscription", "region", "SKU", "model", "needs", "quota", "verdict", "deployments"],
      [
        "default",
        "eastus",
        "GlobalProvisionedManaged",
        "(any model)",
        "100 PTU",
        "default not published: state it under quota:",
        "unknown",
        "east/ptu",
      ],
      [
        "default",
        "eastus",
        "GlobalStandard",
        "gpt-4.1",
        "1,200,000 TPM",
        "1,000,000 TPM (default, tier 1)",
        "OVER by 200,000 TPM",
        "east/paygo, east2/paygo",
      ],
      [
        "default",
        "swedencentral",
        "DataZoneStandard",
        "gpt-4.1",
        "200,000 TPM",
        "300,000 TPM (default, tier 1)",
        "ok",
        "sweden/dz",
      ],
    ]);
    expect(stdout).toContain("3 quota pool(s): 1 over quota, 1 without a known quota.");
  });

  it("uses the quota a scenario states", async () => {
    const file = scenarioFile(
      "b.yaml",
      `quota:
  - { region: eastus, sku: GlobalStandard, model: gpt-4.1, tpm: 1500000 }
  - { region: eastus, sku: GlobalProvisionedManaged, ptu: 300 }
`,
    );
    const { code, stdout } = await cli(["validate", file, "--quota"]);
    expect(code).toBe(0);
    const table = rows(stdout);
    expect(table[1].slice(4, 7)).toEqual(["100 PTU", "300 PTU (stated)", "ok"]);
    expect(table[2].slice(4, 7)).toEqual(["1,200,000 TPM", "1,500,000 TPM (stated)", "ok"]);
    expect(stdout).toContain("3 quota pool(s): 0 over quota, 0 without a known quota.");
  });

  it("labels a Batch default as the default, not a tier's", async () => {
    const file = scenarioFile(
      "batch.yaml",
      "",
      "      - { name: batch, model: gpt-4.1, sku: GlobalBatch, capacity: 100000 }\n",
    );
    const { code, stdout } = await cli(["validate", file, "--quota"]);
    expect(code).toBe(0);
    const table = rows(stdout);
    // Batch defaults are one published column [S43]; standard ones are the tier's.
    expect(table.find((r) => r[2] === "GlobalBatch")?.[5]).toBe("200,000,000 enqueued tokens (default)");
    expect(table.find((r) => r[2] === "GlobalStandard")?.[5]).toBe("1,000,000 TPM (default, tier 1)");
  });

  it("prints no table without --quota", async () => {
    const { stdout } = await cli(["validate", scenarioFile("c.yaml")]);
    expect(stdout).not.toContain("quota pool");
  });

  it("exits 2 on a bad quota entry, naming the file and the path", async () => {
    const file = scenarioFile(
      "d.yaml",
      "quota:\n  - { region: eastus, sku: GlobalStandard, model: gpt-4.1, ptu: 5 }\n",
    );
    const { code, stdout, stderr } = await cli(["validate", file, "--quota"]);
    expect(code).toBe(2);
    expect(stdout).not.toContain("quota pool");
    expect(stderr).toContain("d.yaml");
    expect(stderr).toContain("quota[0].ptu");
  });
});
