/**
 * spillway plan: the pure building blocks, then the command in process (real simulations, one thread): files
 * written as one output set, exit codes, messages, the cache folder, shards and --merge. The search rules are
 * checked on the planner core with fake I/O (planner.test.ts); real worker threads in test/cli/binary.test.ts.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nextBisection, summarize } from "../../src/plan/plan.js";
import { gridPoints, parseVary } from "../../src/plan/vary.js";
import { cli } from "../cli/run-cli.js";
import { CAPACITY, ptuScenario } from "./fixtures.js";

const tmp = () => mkdtempSync(join(tmpdir(), "spillway-plan-"));

function scenarioFile(): string {
  const file = join(tmp(), "plan-test.yaml");
  writeFileSync(file, ptuScenario());
  return file;
}

const VARY = `${CAPACITY}=15..75:10`;
/** Four points, the last meeting the SLO: enough for the rules the command adds to the planner's. */
const SHORT = `${CAPACITY}=15..75:20`;

/** `spillway plan FILE --vary SHORT --search grid` with one replication, on one thread, then `extra`. */
function plan(file: string, out: string, extra: string[] = [], replications = 1, vary = SHORT) {
  return cli([
    "plan",
    file,
    "--vary",
    vary,
    "--replications",
    String(replications),
    "--search",
    "grid",
    "--workers",
    "1",
    "--out",
    out,
    ...extra,
  ]);
}

/** Every file under `dir`, relative, sorted. */
function listAll(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import("node:fs").Dirent[])
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

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
  it("sweeps capacity monotonically, recommends the cheapest point meeting the SLO, and writes one output set", async () => {
    const out = tmp();
    const r = await plan(scenarioFile(), out, ["--no-cache"], 2, VARY);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\*\*Recommended:\*\* `accounts\.a\.deployments\.ptu\.capacity=\d+`/);
    expect(r.stdout).toContain(`wrote plan.json, plan.md, plan.html, charts to ${out}/`);
    const json = JSON.parse(readFileSync(join(out, "plan.json"), "utf8"));
    expect(json.points).toHaveLength(7);
    expect(json.replications.seeds).toEqual([5, 6]);
    const throttle = json.points.map(
      (p: { metrics: Record<string, { mean: number }> }) => p.metrics["throttle.client.rate"].mean,
    );
    const cost = json.points.map(
      (p: { metrics: Record<string, { mean: number }> }) => p.metrics["cost.monthly.total"].mean,
    );
    for (let i = 1; i < throttle.length; i++) {
      expect(throttle[i]).toBeLessThanOrEqual(throttle[i - 1] + 1e-9);
      expect(cost[i]).toBeGreaterThan(cost[i - 1]);
    }
    const passing = json.points.filter((p: { meetsSlo: boolean }) => p.meetsSlo);
    expect(passing.length).toBeGreaterThan(0);
    expect(passing.length).toBeLessThan(7);
    expect(json.recommended.index).toBe(passing[0].index);
    expect(listAll(out)).toEqual([
      ".spillway-outputs.json",
      "charts/plan-cost.png",
      "charts/plan-slo-metrics.png",
      "plan.html",
      "plan.json",
      "plan.md",
    ]);
    expect(readFileSync(join(out, "plan.html"), "utf8")).toContain("Recommended");
  });

  it("a plan fills the cache folder, one entry per run, and a plan from it writes the same plan.json", async () => {
    const file = scenarioFile();
    const cache = tmp();
    const cold = tmp();
    expect((await plan(file, cold, ["--no-cache"])).code).toBe(0);
    const first = tmp();
    expect((await plan(file, first, ["--cache-dir", cache])).code).toBe(0);
    expect(readdirSync(cache)).toHaveLength(4);
    // That the warm plan reads the entries (and trusts only sound ones) is pinned in plan-cache.test.ts.
    const warm = tmp();
    expect((await plan(file, warm, ["--cache-dir", cache])).code).toBe(0);
    const text = readFileSync(join(cold, "plan.json"), "utf8");
    expect(readFileSync(join(first, "plan.json"), "utf8")).toBe(text);
    expect(readFileSync(join(warm, "plan.json"), "utf8")).toBe(text);
  });

  it("bad --vary, --shard, --workers and paths: exit 2, one line, no output folder", async () => {
    const file = scenarioFile();
    const dir = tmp();
    const out = join(dir, "p");
    for (const [args, message] of [
      [["--vary", "x=5..1"], /FROM must not exceed TO/],
      [["--vary", VARY, "--shard", "3/2"], /--shard: "3\/2" is not I\/N/],
      [["--vary", VARY, "--workers", "-1"], /--workers: -1 is not a positive whole number/],
      [["--vary", "accounts.nope.deployments.ptu.capacity=15..25:10"], /no entry "nope"/],
      [["--vary", VARY, "--vary", VARY], /is given twice/],
      [[], /plan needs at least one --vary/],
    ] as const) {
      const r = await cli(["plan", file, ...args, "--out", out]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/^spillway: [^\n]+\n$/);
      expect(r.stderr).toMatch(message);
    }
    expect((await cli(["plan", "--vary", VARY])).stderr).toMatch(/plan needs a scenario file/);
    expect(existsSync(out)).toBe(false);
  });

  it("exits 1 when no point meets the SLOs", async () => {
    const r = await cli([
      "plan",
      scenarioFile(),
      "--vary",
      `${CAPACITY}=15..25:10`,
      "--replications",
      "1",
      "--workers",
      "1",
      "--out",
      tmp(),
      "--no-cache",
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Recommended:\*\* none/);
  });
});

describe("shards and --merge", () => {
  it("shards merged give the plan of the whole grid; only a complete set of one split merges", async () => {
    const file = scenarioFile();
    const whole = tmp();
    expect((await plan(file, whole, ["--no-cache"])).code).toBe(0);
    const shard = async (s: string, out = tmp()) => {
      const r = await plan(file, out, ["--shard", s, "--no-cache"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("merge the shards for plan.html and charts");
      return out;
    };
    const one = await shard("1/2");
    const two = await shard("2/2");
    const merged = tmp();
    const m = await cli(["plan", "--merge", one, two, "--out", merged]);
    expect(m.code).toBe(0);
    expect(m.stdout).toContain(`merged 2 shard(s) into ${merged}/`);
    expect(readFileSync(join(merged, "plan.json"), "utf8")).toBe(
      readFileSync(join(whole, "plan.json"), "utf8"),
    );
    expect(existsSync(join(merged, "plan.html"))).toBe(true);

    const missing = await cli(["plan", "--merge", one, "--out", tmp()]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing 2/);
    const mixed = await cli(["plan", "--merge", one, await shard("2/3"), "--out", tmp()]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/same N/);
  });

  it("a shard written over a whole plan replaces its set: no stale plan.html or charts stay", async () => {
    const file = scenarioFile();
    const out = tmp();
    expect((await plan(file, out, ["--no-cache", "--quiet"])).code).toBe(0);
    expect(existsSync(join(out, "plan.html"))).toBe(true);
    expect((await plan(file, out, ["--no-cache", "--quiet", "--shard", "1/2"])).code).toBe(0);
    expect(listAll(out)).toEqual([".spillway-outputs.json", "plan.json", "plan.md"]);
  });
});
