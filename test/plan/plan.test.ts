/** spillway plan: monotone sweeps, determinism across workers and shards, the cache, bisection. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nextBisection, summarize } from "../../src/plan/plan.js";
import { gridPoints, parseVary } from "../../src/plan/vary.js";

const root = join(import.meta.dirname, "../..");
const bin = join(root, "dist/spillway.mjs");
const tmp = () => mkdtempSync(join(tmpdir(), "spillway-plan-"));

function spillway(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SCENARIO = `name: plan-test
seed: 5
duration: 10m
warmup: 1m
accounts:
  - name: a
    region: eastus
    deployments:
      - { name: ptu, model: gpt-4.1, sku: GlobalProvisionedManaged, capacity: 15 }
traffic:
  - { name: w, via: a/ptu, arrival: { type: poisson, rate: 2/s }, promptTokens: 1000, completionTokens: 150, maxTokens: 300 }
slo:
  - "throttle.client.rate < 0.01"
`;

function scenarioFile(): string {
  const dir = tmp();
  const file = join(dir, "plan-test.yaml");
  writeFileSync(file, SCENARIO);
  return file;
}

const VARY = "accounts.a.deployments.ptu.capacity=15..75:10";

describe("plan building blocks", () => {
  it("parses ranges and lists and orders the grid with the first dimension slowest", () => {
    expect(parseVary("x=50..100:25").values).toEqual([50, 75, 100]);
    expect(parseVary("x=0.1..0.3:0.1").values).toEqual([0.1, 0.2, 0.3]);
    expect(parseVary("b=hourly,reservation-yearly").values).toEqual(["hourly", "reservation-yearly"]);
    expect(() => parseVary("x=5..1")).toThrow(/FROM must not exceed TO/);
    expect(gridPoints([parseVary("a=1..2"), parseVary("b=x,y")])).toEqual([
      [1, "x"],
      [1, "y"],
      [2, "x"],
      [2, "y"],
    ]);
  });

  it("summarizes replications with a Student-t 95% interval", () => {
    const s = summarize([10, 12, 14]);
    expect(s.mean).toBe(12);
    // s = 2, t(0.975, 2) = 4.303: half-width 4.303 x 2 / sqrt(3).
    expect(s.ci95[1] - s.mean).toBeCloseTo((4.303 * 2) / Math.sqrt(3), 9);
    expect(summarize([7]).ci95).toEqual([7, 7]);
  });

  it("bisects to the smallest passing index of a monotone predicate", () => {
    for (const firstPass of [0, 1, 5, 9, 13]) {
      const known = new Map<number, boolean>();
      let steps = 0;
      for (let i = nextBisection(14, known); i !== null; i = nextBisection(14, known)) {
        known.set(i, i >= firstPass);
        steps++;
      }
      const passing = [...known].filter(([, ok]) => ok).map(([i]) => i);
      expect(Math.min(...passing)).toBe(firstPass);
      expect(steps).toBeLessThanOrEqual(6);
    }
  });
});

describe("spillway plan", () => {
  it("sweeps capacity monotonically and recommends the cheapest point meeting the SLO", () => {
    const out = tmp();
    const r = spillway([
      "plan",
      scenarioFile(),
      "--vary",
      VARY,
      "--replications",
      "2",
      "--workers",
      "1",
      "--out",
      out,
      "--no-cache",
      "--search",
      "grid",
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const plan = JSON.parse(readFileSync(join(out, "plan.json"), "utf8"));
    expect(plan.points).toHaveLength(7);
    const throttle = plan.points.map(
      (p: { metrics: Record<string, { mean: number }> }) => p.metrics["throttle.client.rate"].mean,
    );
    const cost = plan.points.map(
      (p: { metrics: Record<string, { mean: number }> }) => p.metrics["cost.monthly.total"].mean,
    );
    for (let i = 1; i < throttle.length; i++) {
      expect(throttle[i]).toBeLessThanOrEqual(throttle[i - 1] + 1e-9);
      expect(cost[i]).toBeGreaterThan(cost[i - 1]);
    }
    const passing = plan.points.filter((p: { meetsSlo: boolean }) => p.meetsSlo);
    expect(passing.length).toBeGreaterThan(0);
    expect(plan.recommended.index).toBe(passing[0].index);
    for (const f of ["plan.md", "plan.html", "charts/plan-cost.png", "charts/plan-slo-metrics.png"]) {
      expect(existsSync(join(out, f))).toBe(true);
    }
    expect(readFileSync(join(out, "plan.html"), "utf8")).toContain("Recommended");
  });

  it("gives the identical plan.json with one worker, two workers, shards merged, and from the cache", () => {
    const file = scenarioFile();
    const cache = tmp();
    const run = (extra: string[]) => {
      const out = tmp();
      const r = spillway([
        "plan",
        file,
        "--vary",
        VARY,
        "--replications",
        "2",
        "--search",
        "grid",
        "--out",
        out,
        ...extra,
      ]);
      expect(r.code).toBe(0);
      return { out, text: readFileSync(join(out, "plan.json"), "utf8") };
    };
    const one = run(["--workers", "1", "--no-cache"]);
    const two = run(["--workers", "2", "--no-cache"]);
    expect(two.text).toBe(one.text);
    const s1 = run(["--workers", "1", "--shard", "1/2", "--no-cache"]);
    const s2 = run(["--workers", "2", "--shard", "2/2", "--no-cache"]);
    const merged = tmp();
    expect(spillway(["plan", "--merge", s1.out, s2.out, "--out", merged]).code).toBe(0);
    expect(readFileSync(join(merged, "plan.json"), "utf8")).toBe(one.text);
    // First run fills the cache, the second reads every replication from it.
    const first = run(["--workers", "1", "--cache-dir", cache]);
    expect(readdirSync(cache).length).toBe(7 * 2);
    const again = run(["--workers", "1", "--cache-dir", cache]);
    expect(again.text).toBe(first.text);
    expect(first.text).toBe(one.text);
  });

  it("bisects one capacity dimension to the same answer as the grid, with fewer points", () => {
    const file = scenarioFile();
    const grid = tmp();
    const bisect = tmp();
    expect(
      spillway([
        "plan",
        file,
        "--vary",
        VARY,
        "--replications",
        "1",
        "--search",
        "grid",
        "--out",
        grid,
        "--no-cache",
      ]).code,
    ).toBe(0);
    expect(
      spillway([
        "plan",
        file,
        "--vary",
        VARY,
        "--replications",
        "1",
        "--search",
        "bisect",
        "--out",
        bisect,
        "--no-cache",
      ]).code,
    ).toBe(0);
    const g = JSON.parse(readFileSync(join(grid, "plan.json"), "utf8"));
    const b = JSON.parse(readFileSync(join(bisect, "plan.json"), "utf8"));
    expect(b.points.length).toBeLessThan(g.points.length);
    expect(b.recommended.values).toEqual(g.recommended.values);
  });

  it("rejects bad --vary, --shard and paths with exit 2", () => {
    const file = scenarioFile();
    expect(spillway(["plan", file, "--vary", "x=5..1"]).code).toBe(2);
    expect(spillway(["plan", file, "--vary", VARY, "--shard", "3/2"]).code).toBe(2);
    const badPath = spillway(["plan", file, "--vary", "accounts.nope.deployments.ptu.capacity=15..25:10"]);
    expect(badPath.code).toBe(2);
    expect(badPath.stderr).toMatch(/no entry "nope"/);
  });
});

describe("plan review findings, pinned", () => {
  it("auto search on a sweep with a cost ceiling falls back to the full grid and finds the same answer", () => {
    const vary = "accounts.aoai-eastus.deployments.gpt41-ptu.capacity=50..400:25";
    const auto = tmp();
    const grid = tmp();
    const scenario = "scenarios/ptu-native-spillover.yaml";
    expect(
      spillway(["plan", scenario, "--vary", vary, "--replications", "1", "--out", auto, "--no-cache"]).code,
    ).toBe(0);
    expect(
      spillway([
        "plan",
        scenario,
        "--vary",
        vary,
        "--replications",
        "1",
        "--search",
        "grid",
        "--out",
        grid,
        "--no-cache",
      ]).code,
    ).toBe(0);
    const a = JSON.parse(readFileSync(join(auto, "plan.json"), "utf8"));
    const g = JSON.parse(readFileSync(join(grid, "plan.json"), "utf8"));
    expect(a.recommended.values).toEqual(g.recommended.values);
  });

  it("recomputes a damaged cache entry instead of trusting it", () => {
    const file = scenarioFile();
    const cache = tmp();
    const run = () => {
      const out = tmp();
      expect(
        spillway([
          "plan",
          file,
          "--vary",
          VARY,
          "--replications",
          "1",
          "--search",
          "grid",
          "--out",
          out,
          "--cache-dir",
          cache,
        ]).code,
      ).toBe(0);
      return readFileSync(join(out, "plan.json"), "utf8");
    };
    const first = run();
    for (const entry of readdirSync(cache))
      writeFileSync(join(cache, entry), '{"key":"x","result":{"metrics":{"cost.monthly.total":1}}}');
    expect(run()).toBe(first);
  });

  it("merges only a complete set of shards of one split", () => {
    const file = scenarioFile();
    const shard = (s: string) => {
      const out = tmp();
      expect(
        spillway([
          "plan",
          file,
          "--vary",
          VARY,
          "--replications",
          "1",
          "--search",
          "grid",
          "--shard",
          s,
          "--out",
          out,
          "--no-cache",
        ]).code,
      ).toBe(0);
      return out;
    };
    const a = shard("1/2");
    const missing = spillway(["plan", "--merge", a, "--out", tmp()]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing 2/);
    const mixed = spillway(["plan", "--merge", a, shard("2/3"), "--out", tmp()]);
    expect(mixed.code).toBe(2);
  });

  it("exits 1 when no point meets the SLOs, and rejects a repeated --vary path", () => {
    const file = scenarioFile();
    const none = spillway([
      "plan",
      file,
      "--vary",
      "accounts.a.deployments.ptu.capacity=15..25:10",
      "--replications",
      "1",
      "--out",
      tmp(),
      "--no-cache",
    ]);
    expect(none.code).toBe(1);
    expect(none.stdout).toMatch(/Recommended:\*\* none/);
    expect(spillway(["plan", file, "--vary", VARY, "--vary", VARY, "--out", tmp()]).code).toBe(2);
  });
});
