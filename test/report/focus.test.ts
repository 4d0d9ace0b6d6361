/** costs.focus.csv: FOCUS rows that add up to the report's cost, with the columns and values a FinOps tool reads. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scenarioFileReader, scenarioPathResolver } from "../../src/cli/io.js";
import { FOCUS_COLUMNS, type FocusRow, focusRows, renderFocusCsv } from "../../src/report/focus.js";
import { parseReport } from "../../src/report/report-schema.js";
import type { Report } from "../../src/report/report-types.js";
import { runScenario } from "../../src/run/run-scenario.js";
import { loadScenario } from "../../src/scenario/load.js";
import { cli } from "../cli/run-cli.js";

const goldenDir = join(import.meta.dirname, "../golden");
const goldens = readdirSync(goldenDir).filter((f) => f.endsWith(".report.json"));
const load = (file: string) => JSON.parse(readFileSync(join(goldenDir, file), "utf8")) as Report;
const scenarioDir = join(import.meta.dirname, "../../scenarios");
const examples = readdirSync(scenarioDir).filter((f) => f.endsWith(".yaml"));
/** A fresh run of an example (the golden files may predate `shares`), read back as `spillway report` reads it. */
function run(file: string): Report {
  const path = join(scenarioDir, file);
  const scenario = loadScenario(readFileSync(path, "utf8"), `scenarios/${file}`, {
    readFile: scenarioFileReader(path),
    resolvePath: scenarioPathResolver(path),
  });
  const parsed = parseReport(JSON.parse(JSON.stringify(runScenario(scenario).report)));
  if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
  return parsed.value;
}
const tagOf = (workload: string) => JSON.stringify({ workload });
/** Sum in whole 0.0001 units, so the comparison is exact. */
const units = (rows: FocusRow[], key: "BilledCost" | "EffectiveCost") =>
  rows.reduce((a, r) => a + Math.round(r[key] * 1e4), 0);

describe("FOCUS rows sum to cost.horizon.total", () => {
  it("covers every example scenario", () => expect(goldens.length).toBeGreaterThanOrEqual(14));
  for (const file of goldens) {
    it(file, () => {
      const report = load(file);
      const rows = focusRows(report);
      const total = Math.round(report.cost.horizon.total * 1e4);
      expect(units(rows, "BilledCost")).toBe(total);
      expect(units(rows, "EffectiveCost")).toBe(total);
      // Each deployment's rows carry its own cost (within the report's own rounding of the pieces).
      for (const [id, pair] of Object.entries(report.cost.byDeployment)) {
        const own = rows.filter((r) => r.ResourceId === id);
        expect(Math.abs(units(own, "EffectiveCost") - Math.round(pair.horizon * 1e4))).toBeLessThanOrEqual(
          Object.keys(report.cost.byDeployment).length + Object.keys(report.gateways).length,
        );
      }
      // And each workload its share of the category totals when there is one workload.
      if (Object.keys(report.workloads).length === 1) expect(new Set(rows.map((r) => r.Tags)).size).toBe(1);
    });
  }
});

describe("each workload is charged for the lines of the bill it used (report.json `shares`)", () => {
  it("batch-offline-share: chat only on the pay-as-you-go deployment, enrichment only on the Batch one", () => {
    const report = run("batch-offline-share.yaml");
    const rows = focusRows(report);
    const on = (workload: string) =>
      new Set(rows.filter((r) => r.Tags === tagOf(workload)).map((r) => r.ResourceId));
    expect(on("chat")).toEqual(new Set(["aoai-eastus/gpt41-paygo"]));
    expect(on("enrichment")).toEqual(new Set(["aoai-eastus/gpt41-batch"]));
  });

  it("smart-lb-vs-backend-pool: each workload only on its own gateway and deployments", () => {
    const rows = focusRows(run("smart-lb-vs-backend-pool.yaml"));
    const on = (workload: string) =>
      new Set(rows.filter((r) => r.Tags === tagOf(workload)).map((r) => r.ResourceName));
    expect(on("via-pool")).toEqual(new Set(["pool", "gpt41"]));
    expect(
      rows.filter((r) => r.Tags === tagOf("via-pool")).every((r) => r.ResourceId.startsWith("pool")),
    ).toBe(true);
    expect(
      rows.filter((r) => r.Tags === tagOf("via-smartlb")).every((r) => r.ResourceId.startsWith("smartlb")),
    ).toBe(true);
  });

  for (const file of examples) {
    it(`${file}: rows sum to the total, and each workload's rows to its cost share (within a cent)`, () => {
      const report = run(file);
      expect(report.shares).toBeDefined();
      const rows = focusRows(report);
      const total = Math.round(report.cost.horizon.total * 1e4);
      expect(units(rows, "BilledCost")).toBe(total);
      expect(units(rows, "EffectiveCost")).toBe(total);
      for (const [name, w] of Object.entries(report.workloads)) {
        const own = rows.filter((r) => r.Tags === tagOf(name));
        expect(Math.abs(units(own, "EffectiveCost") / 1e4 - w.cost.horizon.total)).toBeLessThanOrEqual(0.01);
      }
    });
  }

  it("a report written before `shares` still exports, split by each workload's share of the category", () => {
    const report = run("batch-offline-share.yaml");
    delete report.shares;
    expect(parseReport(report).ok).toBe(true);
    const rows = focusRows(report);
    expect(units(rows, "BilledCost")).toBe(Math.round(report.cost.horizon.total * 1e4));
    // The old approximation: both token deployments split by the workloads' shares of all tokens.
    expect(rows.some((r) => r.Tags === tagOf("chat") && r.ResourceId === "aoai-eastus/gpt41-batch")).toBe(
      true,
    );
  });
});

/**
 * Hand-worked: gpt-4.1 Global, 100 PTU of which 40 on a 1-month reservation, 20 % negotiated discount, 2 hours
 * from 23:00 so the horizon crosses midnight. List $2/PTU-hour → $1.60 after the discount; a 1-month reservation is
 * $260/PTU-month, not discounted. Hourly part: 60 PTU × $1.60 × 2 h = $192 (list 60 × $2 × 2 = $240). Reserved part:
 * 40 × $260 × 2 / 730 = $28.4932. Two workloads sharing the PTUs 3:1.
 */
function handWorked(): Report {
  const report = load("ptu-only.report.json");
  const id = "aoai-eastus/gpt41-ptu";
  const current = 40 * 260 + 60 * 1.6 * 730;
  const horizon = Number(((current * 2) / 730).toFixed(4));
  report.horizon.durationSeconds = 7200;
  report.deployments[id].billing = "reservation-monthly";
  report.cost.terms = { discount: 0.2, exchangeRate: 1 };
  report.cost.horizon = { total: horizon, provisioned: horizon, tokens: 0, gateway: 0 };
  report.cost.byDeployment[id] = { horizon, monthly: current };
  report.cost.billing[id] = {
    ...report.cost.billing[id],
    reservedCapacity: 40,
    monthly: { hourly: 100 * 1.6 * 730, reservationMonthly: 26000, reservationYearly: 22100, current },
  };
  const chat = report.workloads.chat;
  const share = (v: number) => ({ total: v, provisioned: v, tokens: 0, gateway: 0 });
  report.workloads = {
    chat: { ...chat, cost: { horizon: share(165.3699), monthly: share(0) } },
    batch: { ...chat, cost: { horizon: share(55.1233), monthly: share(0) } },
  };
  // The PTU line's own weights: what each workload consumed of it.
  report.shares = { deployments: { [id]: { chat: 0.75, batch: 0.25 } }, gateways: {} };
  return report;
}

describe("FOCUS columns and values (hand-worked)", () => {
  const rows = focusRows(handWorked(), { start: "2026-01-05T23:00" });
  const pick = (category: string, description: RegExp, day: string, workload: string) =>
    rows.filter(
      (r) =>
        r.ChargeCategory === category &&
        description.test(r.ChargeDescription) &&
        r.ChargePeriodStart.startsWith(day) &&
        r.Tags === JSON.stringify({ workload }),
    );

  it("splits the horizon at midnight, UTC, end exclusive", () => {
    expect([...new Set(rows.map((r) => `${r.ChargePeriodStart} ${r.ChargePeriodEnd}`))]).toEqual([
      "2026-01-05T23:00:00Z 2026-01-06T00:00:00Z",
      "2026-01-06T00:00:00Z 2026-01-06T01:00:00Z",
    ]);
  });

  it("prices the hourly PTUs after the discount, list before it", () => {
    const hourly = rows.filter((r) => /billed hourly/.test(r.ChargeDescription));
    expect(hourly.reduce((a, r) => a + r.BilledCost, 0)).toBeCloseTo(192, 4);
    expect(hourly.reduce((a, r) => a + r.ListCost, 0)).toBeCloseTo(240, 3);
    expect(hourly.reduce((a, r) => a + r.PricingQuantity, 0)).toBeCloseTo(120, 4);
    const one = pick("Usage", /billed hourly/, "2026-01-05", "chat")[0];
    expect(one).toMatchObject({
      BillingCurrency: "USD",
      ChargeCategory: "Usage",
      BilledCost: 72,
      EffectiveCost: 72,
      ListCost: 90,
      PricingQuantity: 45,
      PricingUnit: "PTU-Hours",
      ConsumedQuantity: 45,
      ConsumedUnit: "PTU-Hours",
      ResourceId: "aoai-eastus/gpt41-ptu",
      ResourceName: "gpt41-ptu",
      ServiceName: "Azure OpenAI",
      ServiceCategory: "AI and Machine Learning",
      SkuId: "GlobalProvisionedManaged",
      RegionId: "eastus",
    });
  });

  it("books the reservation as a Purchase (billed) and the usage it covers (effective)", () => {
    const purchase = rows.filter((r) => r.ChargeCategory === "Purchase");
    const covered = rows.filter(
      (r) => /reservation/.test(r.ChargeDescription) && r.ChargeCategory === "Usage",
    );
    expect(units(purchase, "BilledCost")).toBe(284932);
    expect(units(purchase, "EffectiveCost")).toBe(0);
    expect(units(covered, "EffectiveCost")).toBe(284932);
    expect(units(covered, "BilledCost")).toBe(0);
    // The covered usage at the hourly list price: 40 PTU × 2 h × $2.
    expect(covered.reduce((a, r) => a + r.ListCost, 0)).toBeCloseTo(160, 3);
    expect(purchase.every((r) => r.ConsumedQuantity === null && r.PricingUnit === "PTU-Hours")).toBe(true);
  });

  it("sums exactly to the total, and splits each charge 3:1 between the workloads", () => {
    expect(units(rows, "BilledCost")).toBe(2204932);
    expect(units(rows, "EffectiveCost")).toBe(2204932);
    const chat = rows.filter((r) => r.Tags === '{"workload":"chat"}');
    expect(units(chat, "EffectiveCost") / units(rows, "EffectiveCost")).toBeCloseTo(0.75, 3);
  });
});

describe("costs.focus.csv", () => {
  it("has the FOCUS header and neutralises cells a spreadsheet would run", () => {
    const report = load("ptu-only.report.json");
    const id = "aoai-eastus/gpt41-ptu";
    const evil = "=cmd/@SUM(1)";
    report.deployments = { [evil]: report.deployments[id] };
    report.cost.byDeployment = { [evil]: report.cost.byDeployment[id] };
    report.cost.billing = { [evil]: report.cost.billing[id] };
    const [header, first, end] = renderFocusCsv(report).split("\r\n");
    expect(header).toBe(FOCUS_COLUMNS.join(","));
    expect(first).toContain("USD,2024-01-01T00:00:00Z,2024-01-01T00:30:00Z,Usage,");
    expect(first).toContain(",'=cmd/@SUM(1),'@SUM(1),");
    expect(first.endsWith(',"{""workload"":""chat""}"')).toBe(true);
    expect(end).toBe("");
  });

  it("dates the rows from the scenario's calendar.start (time 0)", () => {
    const report = load("ptu-only.report.json");
    report.scenario.validated = {
      ...(report.scenario.validated ?? {}),
      calendar: { start: "2026-12-07T23:45" },
    };
    const rows = focusRows(report);
    expect(rows.map((r) => [r.ChargePeriodStart, r.ChargePeriodEnd])).toEqual([
      ["2026-12-07T23:45:00Z", "2026-12-08T00:00:00Z"],
      ["2026-12-08T00:00:00Z", "2026-12-08T00:15:00Z"],
    ]);
    // The PTU hours split by time: 15 minutes each, $25 each.
    expect(rows.map((r) => r.BilledCost)).toEqual([25, 25]);
  });

  it("is written by spillway report --format focus", async () => {
    const dir = mkdtempSync(join(tmpdir(), "focus-"));
    try {
      const r = await cli([
        "report",
        join(goldenDir, "ptu-only.report.json"),
        "--out",
        dir,
        "--format",
        "focus",
      ]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("costs.focus.csv");
      const csv = readFileSync(join(dir, "costs.focus.csv"), "utf8");
      expect(csv.startsWith("BillingCurrency,ChargePeriodStart")).toBe(true);
      expect(csv).toContain(",50,50,50,50,PTU-Hours,50,PTU-Hours,aoai-eastus/gpt41-ptu,gpt41-ptu,");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
