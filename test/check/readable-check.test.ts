/**
 * check output a reviewer reads at a glance: values in their units (Markdown, JUnit, the terminal), the scenario keys
 * that changed since the baseline, `regression.report` / `regression.regress` rules, paths relative to the working
 * folder.
 */
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ScenarioCheck } from "../../src/check/check-result.js";
import { renderJunit } from "../../src/check/junit.js";
import { MAX_CHANGED_KEYS, renderCheckMarkdown, sloActualText } from "../../src/check/markdown.js";
import {
  checkRegressionRules,
  diffReports,
  isReportOnly,
  TRACKED_METRICS,
} from "../../src/check/regression.js";
import { changedScenarioKeys } from "../../src/check/scenario-diff.js";
import { shownPath } from "../../src/cli/check-command.js";
import type { Report, SloResult } from "../../src/report/report-types.js";
import { canonicalJson } from "../../src/scenario/resolve.js";
import { cli } from "../cli/run-cli.js";
import { makeReport, tinyScenario } from "./fixtures.js";

const slo = (expression: string, actual: number, passed = false): SloResult => ({
  expression,
  actual,
  passed,
  level: "error",
});

/** A report in `currency` with the SLO results given. */
function withSlos(slos: SloResult[], currency = "USD"): Report {
  const report = makeReport({}, { slo: slos });
  return { ...report, cost: { ...report.cost, currency } };
}

describe("values with units", () => {
  const slos = [
    slo("throttle.client.rate < 1%", 0.200496),
    slo("latency.e2e.p95 < 5s", 7139.196),
    slo("cost.monthly.total < 1000", 1234.5678),
  ];
  const check: ScenarioCheck = {
    scenario: "units",
    file: "scenarios/units.yaml",
    report: withSlos(slos, "EUR"),
    baseline: { status: "none" },
  };

  it("shows a fraction as a percentage, a latency in seconds and money in the report's currency", () => {
    expect(slos.map((s) => sloActualText(s, "EUR"))).toEqual(["20.0%", "7.14 s", "EUR 1,234.57"]);
    expect(sloActualText(slos[2])).toBe("$1,234.57");
  });

  it("puts them in check.md (which the terminal prints) and in JUnit, never the raw numbers", () => {
    const md = renderCheckMarkdown([check]);
    expect(md).toContain("| `throttle.client.rate < 1%` | error | 20.0% | ❌ **fail** |");
    expect(md).toContain("| `latency.e2e.p95 < 5s` | error | 7.14 s | ❌ **fail** |");
    expect(md).toContain("| `cost.monthly.total < 1000` | error | EUR 1,234.57 | ❌ **fail** |");
    const xml = renderJunit([check]);
    expect(xml).toContain('message="throttle.client.rate &lt; 1% failed: actual 20.0%"');
    expect(xml).toContain("actual 7.14 s");
    expect(xml).toContain("actual EUR 1,234.57");
    for (const raw of ["0.200496", "7139.196", "1234.5678"]) {
      expect(md).not.toContain(raw);
      expect(xml).not.toContain(raw);
    }
  });

  it("adds the exact value when rounding would make a failure read as the threshold", () => {
    expect(sloActualText(slo("requests.successRate >= 99.9%", 0.99895))).toBe("99.9% (0.99895)");
    expect(sloActualText(slo("requests.successRate >= 99.9%", 0.999, true))).toBe("99.9%");
  });
});

/** A report whose `scenario.validated` is `validated`, hashed as build-report does. */
function ranWith(validated: Record<string, unknown> | undefined, metrics = {}): Report {
  const hash =
    validated === undefined
      ? "c".repeat(64)
      : createHash("sha256").update(canonicalJson(validated)).digest("hex");
  const report = makeReport(metrics, { hash });
  return { ...report, scenario: { ...report.scenario, validated } };
}

const scenarioOf = (capacity: number, rate: number, extra: Record<string, unknown> = {}) => ({
  name: "s",
  accounts: [
    {
      name: "aoai",
      deployments: [
        { name: "ptu", capacity },
        { name: "paygo", capacity: 300 },
      ],
    },
  ],
  traffic: [{ name: "chat", arrival: { rate } }],
  ...extra,
});

describe("changed scenario keys", () => {
  it("lists each changed key by the path --set uses, named items by name", () => {
    expect(changedScenarioKeys(scenarioOf(100, 1), scenarioOf(150, 2, { seed: 7 }))).toEqual([
      { path: "accounts.aoai.deployments.ptu.capacity", before: "100", after: "150" },
      { path: "seed", before: "(unset)", after: "7" },
      { path: "traffic.chat.arrival.rate", before: "1", after: "2" },
    ]);
  });

  it("names them under the baseline note in check.md and JUnit", () => {
    const diff = diffReports(ranWith(scenarioOf(100, 1)), ranWith(scenarioOf(150, 1)));
    expect(diff.changedKeys).toHaveLength(1);
    expect(diff.notes[0]).toMatch(/the scenario changed since the baseline \(hash .*; 1 key changed\)/);
    const check: ScenarioCheck = {
      scenario: "s",
      file: "s.yaml",
      report: ranWith(scenarioOf(150, 1)),
      baseline: { status: "compared", path: "b/s.report.json", diff },
    };
    expect(renderCheckMarkdown([check])).toContain("- accounts.aoai.deployments.ptu.capacity: 100 → 150");
    expect(renderJunit([check])).toContain("accounts.aoai.deployments.ptu.capacity: 100 → 150");
  });

  it("lists at most a readable number and counts the rest", () => {
    const many = (v: number) => Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`k${i}`, v]));
    const diff = diffReports(ranWith(many(1)), ranWith(many(2)));
    const md = renderCheckMarkdown([
      {
        scenario: "s",
        file: "s.yaml",
        report: ranWith(many(2)),
        baseline: { status: "compared", path: "b", diff },
      },
    ]);
    expect(md.match(/^- k\d+: 1 → 2$/gm)).toHaveLength(MAX_CHANGED_KEYS);
    expect(md).toContain(`- … and ${25 - MAX_CHANGED_KEYS} more`);
  });

  it("says the keys are unknown when the baseline does not record its scenario", () => {
    const diff = diffReports(ranWith(undefined), ranWith(scenarioOf(150, 1)));
    expect(diff.changedKeys).toEqual([]);
    expect(diff.notes[0]).toMatch(/does not record its scenario/);
  });
});

describe("regression.report and regression.regress", () => {
  const rules = { report: ["cost"], regress: ["cost.monthly.total"] };
  const metric = (path: string) => TRACKED_METRICS.find((m) => m.path === path) ?? TRACKED_METRICS[0];

  it("a path beats its group; nothing listed regresses", () => {
    expect(isReportOnly(metric("cost.monthly.tokens"), rules)).toBe(true);
    expect(isReportOnly(metric("cost.monthly.total"), rules)).toBe(false);
    expect(isReportOnly(metric("latency.e2e.p95"), rules)).toBe(false);
    expect(isReportOnly(metric("latency.e2e.p95"), { report: ["latency"] })).toBe(true);
  });

  it("a worsened component is 'changed (reported only)', while the total still fails when it worsens", () => {
    const base = makeReport();
    // Tokens +119.5% but the total within 5%: reported, the check passes.
    const cheaper = diffReports(base, makeReport({ costTokens: 13_170, costTotal: 83_000 }), { rules });
    const tokens = cheaper.rows.find((r) => r.metric === "cost.monthly.tokens");
    expect(tokens).toMatchObject({ verdict: "changed", reportOnly: true });
    expect(cheaper.regressions).toBe(0);
    const md = renderCheckMarkdown([
      {
        scenario: "s",
        file: "s.yaml",
        report: base,
        baseline: { status: "compared", path: "b", diff: cheaper },
      },
    ]);
    expect(md).toMatch(/\| monthly cost, tokens.*⚠️ changed \(reported only\) \|/);
    expect(md).toContain("1 changed (reported only)");
    expect(md).toContain("✅ 1 scenario passed");
    // The total worsens beyond tolerance: a regression, as before.
    const dearer = diffReports(base, makeReport({ costTokens: 13_170, costTotal: 90_000 }), { rules });
    expect(dearer.rows.find((r) => r.metric === "cost.monthly.total")?.verdict).toBe("regression");
    expect(dearer.regressions).toBe(1);
    // Without the rule the component fails too.
    expect(diffReports(base, makeReport({ costTokens: 13_170, costTotal: 83_000 })).regressions).toBe(1);
  });

  it("refuses unknown keys (with the one meant) and a key in both lists", () => {
    expect(checkRegressionRules(rules)).toEqual([]);
    const problems = checkRegressionRules({ report: ["cots", "cost"], regress: ["cost"] });
    expect(problems).toEqual([
      { path: "report[0]", message: expect.stringMatching(/did you mean "cost"\?/) },
      { path: "regress[0]", message: '"cost" is also in regression.report; list it in one of the two' },
    ]);
  });
});

describe("spillway check end to end", () => {
  let dir: string;
  const start = process.cwd();
  beforeEach(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), "spillway-readable-")));
  });
  afterEach(() => {
    process.chdir(start);
  });

  const scenario = (extra = "") => tinyScenario("rules", undefined, extra);

  it("lists the changed keys, honours the rules and prints paths relative to the working folder", async () => {
    mkdirSync(join(dir, "scenarios"));
    const file = join(dir, "scenarios", "rules.yaml");
    writeFileSync(file, scenario("regression:\n  report: [cost]\n  regress: [cost.monthly.total]\n"));
    process.chdir(dir);
    const common = [
      "--baseline",
      join(dir, "baselines"),
      "--out",
      join(dir, "out"),
      "--tolerance",
      "latency=500%",
    ];
    expect((await cli(["check", file, ...common, "--update-baseline"])).code).toBe(0);
    const twice = await cli(["check", file, ...common, "--set", "traffic.chat.arrival.rate=2/s"]);
    expect(twice.code).toBe(1);
    const md = readFileSync(join(dir, "out", "check.md"), "utf8");
    expect(md).toContain("- traffic.chat.arrival.rate: 1 → 2");
    expect(md).toMatch(/\| monthly cost, tokens.*⚠️ changed \(reported only\) \|/);
    expect(md).toMatch(/\| monthly cost, total.*❌ \*\*regression\*\*/);
    expect(md).toContain("`scenarios/rules.yaml` · ");
    expect(md).toContain("Compared with `baselines/rules.report.json`.");
    expect(md).not.toContain(dir);
    expect(twice.stdout).toBe(md);
  });

  it("refuses a bad rule key before running, naming the file and the path", async () => {
    const file = join(dir, "bad.yaml");
    writeFileSync(file, scenario("regression:\n  report: [cots]\n"));
    const result = await cli(["check", file, "--out", join(dir, "out")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bad\.yaml.*regression\.report\[0\]: "cots" .* did you mean "cost"\?/s);
  });

  it("shows a path inside the working folder relative to it, any other as given", () => {
    expect(shownPath("/w/repo/scenarios/a.yaml", "/w/repo")).toBe("scenarios/a.yaml");
    expect(shownPath("/elsewhere/a.yaml", "/w/repo")).toBe("/elsewhere/a.yaml");
    expect(shownPath("scenarios/a.yaml", "/w/repo")).toBe("scenarios/a.yaml");
    expect(shownPath("/w/repo/..x/a.yaml", "/w/repo")).toBe("..x/a.yaml");
  });
});

describe("report.json records the scenario as run", () => {
  it("as canonical JSON whose sha256 is scenario.hash", async () => {
    const dir = mkdtempSync(join(tmpdir(), "spillway-validated-"));
    const run = await cli(["run", "scenarios/ptu-only.yaml", "--quiet", "--format", "json", "--out", dir]);
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as Report;
    const validated = report.scenario.validated;
    expect(validated).toMatchObject({ name: "ptu-only" });
    expect(createHash("sha256").update(canonicalJson(validated)).digest("hex")).toBe(report.scenario.hash);
  });
});
