/**
 * `spillway check` end to end, in process: exit codes, files written, baselines, byte-identical unchanged runs; the
 * command line around it through test/cli/run-cli.ts (the binary's exit codes are in test/cli/binary.test.ts).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from "vitest";
import { type CheckOptions, checkCommand, expandInputs } from "../../src/cli/check-command.js";
import { InputError } from "../../src/cli/io.js";
import { cli } from "../cli/run-cli.js";
import { tinyScenario } from "./fixtures.js";

const scenario = tinyScenario;

let dir: string;
let stdout: MockInstance;
let stderr: MockInstance;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "spillway-check-"));
  // checkCommand prints the Markdown; keep the test log readable and let tests read what was printed.
  stdout = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Writes a scenario file into the temp folder and returns its path. */
function file(name: string, text: string, folder = dir): string {
  mkdirSync(folder, { recursive: true });
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}

function check(inputs: string[], options: Partial<CheckOptions> = {}): Promise<number> {
  return checkCommand({
    inputs,
    updateBaseline: false,
    sets: [],
    tolerance: [],
    out: join(dir, "out"),
    ...options,
  });
}

const printed = (spy: MockInstance) => spy.mock.calls.map((c) => String(c[0])).join("");

describe("spillway check: exit codes", () => {
  it("0 when every SLO holds; writes the report, check.md and prints the Markdown", async () => {
    const s = file("ok.yaml", scenario("ok"));
    expect(await check([s])).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, "out/ok/report.json"), "utf8"));
    expect(report.scenario.name).toBe("ok");
    const md = readFileSync(join(dir, "out/check.md"), "utf8");
    expect(md).toMatch(/✅ 1 scenario passed/);
    expect(printed(stdout)).toBe(md);
  });

  it("1 when an error-level SLO fails", async () => {
    const s = file("slow.yaml", scenario("slow", ['"latency.e2e.p95 < 1ms"']));
    expect(await check([s])).toBe(1);
    expect(printed(stdout)).toMatch(/❌ \*\*fail\*\*/);
  });

  it("0 when only a warn-level SLO fails (reported, never fatal)", async () => {
    const s = file(
      "warned.yaml",
      scenario("warned", ['{ expression: "latency.e2e.p95 < 1ms", level: warn }']),
    );
    expect(await check([s])).toBe(0);
    expect(printed(stdout)).toMatch(/⚠️ warn/);
  });

  it("2 (InputError) for a bad --tolerance, before anything runs", async () => {
    const s = file("ok.yaml", scenario("ok"));
    await expect(check([s], { tolerance: ["latency=fast"] })).rejects.toThrow(InputError);
    await expect(check([s], { tolerance: ["latncy=5%"] })).rejects.toThrow(/not a metric group/);
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  it("2 (ScenarioError) for a bad SLO expression in any scenario, before the first one runs", async () => {
    const good = file("a-good.yaml", scenario("good"));
    const bad = file("b-bad.yaml", scenario("bad", ['"latency.e2e.p95 => 8s"']));
    await expect(check([good, bad])).rejects.toMatchObject({
      name: "ScenarioError",
      message: expect.stringMatching(/slo\[0\]: "=>" .* is not an operator/),
    });
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  it("2 (ScenarioError) for an unknown key in the scenario's regression block, naming the key meant", async () => {
    const s = file("r.yaml", scenario("r", undefined, "regression:\n  tolerances:\n    latncy: 10%\n"));
    await expect(check([s])).rejects.toThrow(
      /regression\.tolerances\.latncy: "latncy" is not a metric group or tracked metric; did you mean "latency"\?/,
    );
    const p99 = file(
      "p.yaml",
      scenario("p", undefined, "regression:\n  tolerances:\n    latency.e2e.p59: 10%\n"),
    );
    await expect(check([p99])).rejects.toThrow(/"latency\.e2e\.p59" .* did you mean "latency\.e2e\.p95"\?/);
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  it("2 (ScenarioError) for an SLO path that is no report metric, before any scenario runs", async () => {
    const good = file("a-good.yaml", scenario("good"));
    const bad = file("b-bad.yaml", scenario("bad", ['"latency.e2e.p59 < 8s"']));
    await expect(check([good, bad])).rejects.toMatchObject({
      name: "ScenarioError",
      message: expect.stringMatching(
        /slo\[0\]: "latency\.e2e\.p59" is not a report metric; did you mean "latency\.e2e\.p95"\?/,
      ),
    });
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  it("2 (InputError) for --update-baseline without --baseline, a missing input, or two scenarios with one name", async () => {
    const s = file("ok.yaml", scenario("ok"));
    await expect(check([s], { updateBaseline: true })).rejects.toThrow(/--update-baseline needs --baseline/);
    await expect(check([join(dir, "nope.yaml")])).rejects.toThrow(/no such scenario file or folder/);
    const twin = file("twin.yaml", scenario("ok"));
    await expect(check([s, twin])).rejects.toThrow(/scenario name "ok" is also used by/);
  });
});

describe("spillway check --baseline", () => {
  it("fails with a hint when there is no baseline; --update-baseline writes it and exits 0", async () => {
    const s = file("ok.yaml", scenario("ok"));
    const baseline = join(dir, "baselines");
    expect(await check([s], { baseline })).toBe(1);
    expect(printed(stderr)).toMatch(
      /ok: no baseline at .*ok\.report\.json; run spillway check with --update-baseline/,
    );
    expect(printed(stdout)).toMatch(/\*\*No baseline\*\*/);

    expect(await check([s], { baseline, updateBaseline: true })).toBe(0);
    expect(existsSync(join(baseline, "ok.report.json"))).toBe(true);
    expect(printed(stdout)).toMatch(/Baseline written to/);
    // Updating again shows what the update moves against the baseline it replaces.
    stdout.mockClear();
    expect(await check([s], { baseline, updateBaseline: true })).toBe(0);
    expect(printed(stdout)).toMatch(/Baseline updated at .*the table compares with the one it replaced/);
    expect(printed(stdout)).toContain("| metric | baseline | now | delta | verdict |");
  });

  it("an unchanged scenario passes against its own baseline, byte for byte, and check.md is stable", async () => {
    const s = file("ok.yaml", scenario("ok"));
    const baseline = join(dir, "baselines");
    const junit = join(dir, "junit.xml");
    expect(await check([s], { baseline, updateBaseline: true })).toBe(0);
    expect(await check([s], { baseline, junit })).toBe(0);
    const stored = readFileSync(join(baseline, "ok.report.json"), "utf8");
    expect(readFileSync(join(dir, "out/ok/report.json"), "utf8")).toBe(stored);
    const md = readFileSync(join(dir, "out/check.md"), "utf8");
    expect(md).toMatch(/no regression/);
    expect(md).not.toMatch(/regression\*\*|improvement/);
    expect(await check([s], { baseline, junit })).toBe(0);
    expect(readFileSync(join(dir, "out/check.md"), "utf8")).toBe(md);
    const xml = readFileSync(junit, "utf8");
    expect(xml).toMatch(/<testsuite name="ok" tests="15" failures="0" errors="0" skipped="0">/);
  });

  it("1 on a regression against a perturbed baseline, 0 on an improvement; JUnit names the metric", async () => {
    const s = file("ok.yaml", scenario("ok"));
    const baseline = join(dir, "baselines");
    await check([s], { baseline, updateBaseline: true });
    const path = join(baseline, "ok.report.json");
    const original = JSON.parse(readFileSync(path, "utf8"));

    // A baseline 20% faster than now: the current run is 25% slower, beyond the default +10%.
    const faster = structuredClone(original);
    faster.latency.e2e.p95 = original.latency.e2e.p95 * 0.8;
    writeFileSync(path, JSON.stringify(faster));
    const junit = join(dir, "junit.xml");
    expect(await check([s], { baseline, junit })).toBe(1);
    expect(readFileSync(junit, "utf8")).toMatch(
      /<testcase classname="regression" name="latency\.e2e\.p95">\n\s*<failure message="latency\.e2e\.p95 regressed/,
    );
    // ...unless the tolerance says 30% is fine.
    expect(await check([s], { baseline, tolerance: ["latency.e2e.p95=30%"] })).toBe(0);

    // A baseline twice as slow: now is an improvement, which never fails.
    const slower = structuredClone(original);
    slower.latency.e2e.p95 = original.latency.e2e.p95 * 2;
    writeFileSync(path, JSON.stringify(slower));
    stdout.mockClear();
    expect(await check([s], { baseline })).toBe(0);
    expect(printed(stdout)).toMatch(/`latency\.e2e\.p95`.*✅ improvement/);

    // Higher is better for success: a baseline with fewer successes makes now an improvement too.
    const worse = structuredClone(original);
    worse.requests.succeeded = Math.floor(original.requests.arrived * 0.9);
    worse.requests.successRate = worse.requests.succeeded / original.requests.arrived;
    writeFileSync(path, JSON.stringify(worse));
    stdout.mockClear();
    expect(await check([s], { baseline })).toBe(0);
    expect(printed(stdout)).toMatch(/`requests\.successRate`.*\+10\.\d\d pp \| ✅ improvement/);
  });

  it("compares with a baseline written before report.json had requests.successRate, reading the rate from its counts", async () => {
    const s = file("ok.yaml", scenario("ok"));
    const baseline = join(dir, "baselines");
    await check([s], { baseline, updateBaseline: true });
    const path = join(baseline, "ok.report.json");
    const older = JSON.parse(readFileSync(path, "utf8"));
    delete older.requests.successRate;
    older.requests.succeeded = Math.floor(older.requests.arrived * 0.9);
    writeFileSync(path, JSON.stringify(older));
    stdout.mockClear();
    expect(await check([s], { baseline })).toBe(0);
    expect(printed(stdout)).toMatch(
      /\| success rate \(`requests\.successRate`\) \| 89\.8% \| 100\.0% \| \+\d+\.\d\d pp \| ✅ improvement \|/,
    );
  });

  it("notes a changed scenario without failing on it", async () => {
    const s = file("ok.yaml", scenario("ok"));
    const baseline = join(dir, "baselines");
    await check([s], { baseline, updateBaseline: true });
    stdout.mockClear();
    // A new description changes the scenario hash but none of the tracked metrics.
    expect(await check([s], { baseline, sets: ["description=renamed"] })).toBe(0);
    expect(printed(stdout)).toMatch(/> Note: the scenario changed since the baseline/);
  });

  it("1 for the baseline of another scenario (it is never diffed)", async () => {
    const s = file("ok.yaml", scenario("ok"));
    const baseline = join(dir, "baselines");
    await check([s], { baseline, updateBaseline: true });
    const path = join(baseline, "ok.report.json");
    const other = JSON.parse(readFileSync(path, "utf8"));
    writeFileSync(path, JSON.stringify({ ...other, scenario: { ...other.scenario, name: "someone-else" } }));
    stdout.mockClear();
    expect(await check([s], { baseline })).toBe(1);
    expect(printed(stdout)).toMatch(/baseline of scenario "someone-else", not "ok"/);
  });

  it("1 for a baseline of another report.json version; 2 for a file that is not a report, until updated", async () => {
    const s = file("ok.yaml", scenario("ok"));
    const baseline = join(dir, "baselines");
    await check([s], { baseline, updateBaseline: true });
    const path = join(baseline, "ok.report.json");
    writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, "utf8")), schemaVersion: 0 }));
    expect(await check([s], { baseline })).toBe(1);
    expect(printed(stdout)).toMatch(/Unusable baseline.*version 0/);
    writeFileSync(path, "{ not json");
    await expect(check([s], { baseline })).rejects.toThrow(/the baseline is not JSON/);
    writeFileSync(path, JSON.stringify({ schemaVersion: 1 }));
    await expect(check([s], { baseline })).rejects.toThrow(/the baseline lacks latency\.e2e\.p50/);
    // --update-baseline repairs it rather than refusing it.
    expect(await check([s], { baseline, updateBaseline: true })).toBe(0);
    expect(await check([s], { baseline })).toBe(0);
  });
});

describe("inputs", () => {
  it("expands a folder to its scenario files, sorted, not recursing", () => {
    const folder = join(dir, "suite");
    file("b.yml", "", folder);
    file("a.yaml", "", folder);
    file("c.json", "", folder);
    file("notes.md", "", folder);
    file("deeper.yaml", "", join(folder, "sub"));
    expect(expandInputs([folder]).map((p) => p.slice(folder.length + 1))).toEqual([
      "a.yaml",
      "b.yml",
      "c.json",
    ]);
    expect(() => expandInputs([])).toThrow(InputError);
    mkdirSync(join(dir, "empty"));
    expect(() => expandInputs([join(dir, "empty")])).toThrow(/no \*\.yaml, \*\.yml or \*\.json scenarios/);
  });
});

describe("spillway check on the command line", () => {
  it("exits 2 for a bad --tolerance and 1 for a failed SLO, printing the check", async () => {
    stdout.mockRestore();
    stderr.mockRestore();
    const s = file("slow.yaml", scenario("slow", ['"latency.e2e.p95 < 1ms"']));
    const bad = await cli(["check", s, "--tolerance", "latency=fast", "--out", join(dir, "out")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^spillway: --tolerance "latency=fast"[^\n]*\n$/);
    const failed = await cli(["check", s, "--out", join(dir, "out")]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/## Spillway check/);
  });
});
