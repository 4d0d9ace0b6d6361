/**
 * `spillway plan --merge`: shard plan.json files are checked before anything is written. The merged plan's default
 * folder is named after the shards' scenario.name, so a name like `../../../x` must be refused, not followed.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { InputError } from "../../src/cli/io.js";
import { planCommand } from "../../src/cli/plan-command.js";
import { PLAN_METRICS } from "../../src/plan/evaluate.js";
import { type MetricSummary, PLAN_SCHEMA_VERSION, type Plan } from "../../src/plan/plan.js";
import { parsePlan } from "../../src/plan/plan-schema.js";
import { VERSION } from "../../src/version.js";
import { deleteAt, setAt } from "../report/json-edit.js";

let root: string;
let cwd: string;
const startDir = process.cwd();

beforeEach(() => {
  // The command runs four folders deep inside a temp root, so `../../../x` would land inside the root: visible.
  root = mkdtempSync(join(tmpdir(), "spillway-merge-"));
  cwd = join(root, "1", "2", "3", "4");
  mkdirSync(cwd, { recursive: true });
  process.chdir(cwd);
  vi.spyOn(process.stdout, "write").mockImplementation(() => true);
});

afterEach(() => {
  process.chdir(startDir);
  vi.restoreAllMocks();
  rmSync(root, { recursive: true, force: true });
});

/** Every file and folder under the temp root, relative to it. */
function tree(dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return [relative(root, path), ...(e.isDirectory() ? tree(path) : [])];
  });
}

/** Shard `index` of 2 of a two-point plan, as `spillway plan --shard` writes it. */
function shard(index: number, name: string): Plan {
  const summary = (): MetricSummary => ({ mean: 1000, ci95: [1000, 1000], min: 1000, max: 1000 });
  return {
    schemaVersion: PLAN_SCHEMA_VERSION,
    tool: { name: "spillway", version: VERSION },
    scenario: { name, hash: "a".repeat(64) },
    vary: [{ path: "accounts.a.deployments.ptu.capacity", values: [15, 25] }],
    replications: { count: 1, seeds: [5] },
    search: "grid",
    shard: { index, count: 2 },
    points: [
      {
        index: index - 1,
        values: { "accounts.a.deployments.ptu.capacity": [15, 25][index - 1] },
        replications: [{ seed: 5, hash: "b".repeat(64) }],
        metrics: Object.fromEntries(PLAN_METRICS.map((m) => [m, summary()])),
        slo: [{ expression: "throttle.client.rate < 0.01", level: "error", passed: 1, of: 1 }],
        meetsSlo: true,
      },
    ],
    recommended: null,
  };
}

/** Writes shard files into the root and returns their folders. */
function shards(...plans: Plan[]): string[] {
  return plans.map((plan, i) => {
    const dir = join(root, `shard-${i + 1}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "plan.json"), `${JSON.stringify(plan, null, 2)}\n`);
    return dir;
  });
}

const merge = (dirs: string[], out?: string) =>
  planCommand({
    merge: dirs,
    vary: [],
    replications: 1,
    workers: 1,
    search: "grid",
    sets: [],
    cache: false,
    quiet: true,
    out,
  });

describe("plan --merge refuses a scenario name that is not a name", () => {
  it("control: valid shards merge into reports/<name>-plan under the working folder", async () => {
    const dirs = shards(shard(1, "ok"), shard(2, "ok"));
    expect(await merge(dirs)).toBe(0);
    expect(tree()).toContain(join("1", "2", "3", "4", "reports", "ok-plan", "plan.json"));
  });

  it.each(["../../../x", "..", "a/b", "x\u001b[2J", ""])(
    "name %j: exit 2, one line naming the file and scenario.name; nothing written anywhere",
    async (name) => {
      const dirs = shards(shard(1, name), shard(2, name));
      const before = tree();
      const error = await merge(dirs).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      const message = (error as Error).message;
      expect(message).not.toContain("\n");
      expect(message).not.toContain("\u001b");
      expect(message.startsWith(`${join(dirs[0], "plan.json")}: scenario.name is the string `)).toBe(true);
      expect(message).toMatch(/expected a scenario name \(letters, digits, _ and -\); pass the plan\.json/);
      expect(tree()).toEqual(before);
    },
  );

  it("also with --out given (the name is still refused: it is printed and reused)", async () => {
    const dirs = shards(shard(1, "../../../x"), shard(2, "../../../x"));
    const before = tree();
    await expect(merge(dirs, join(root, "out"))).rejects.toThrow(InputError);
    expect(tree()).toEqual(before);
  });

  it("shards naming different scenarios are refused", async () => {
    const dirs = shards(shard(1, "one"), shard(2, "two"));
    await expect(merge(dirs)).rejects.toThrow(
      /shard-2\/plan\.json: scenario\.name is "two", but .* has "one"/,
    );
  });
});

describe("a malformed shard is one line, exit 2, naming the file and the JSON path", () => {
  it.each<[string, (p: Plan) => void, string]>([
    [
      "a null metric",
      (p) => setAt(p, ["points", 0, "metrics", "latency.e2e.p95", "mean"], null),
      'points[0].metrics["latency.e2e.p95"].mean is null, expected a finite number',
    ],
    [
      "a missing metric",
      (p) => deleteAt(p, ["points", 0, "metrics", "spillover.rate"]),
      'points[0].metrics["spillover.rate"] is missing, expected every plan metric',
    ],
    ["no points", (p) => deleteAt(p, ["points"]), "points is missing, expected a list"],
    [
      "a string count",
      (p) => setAt(p, ["replications", "count"], "1"),
      'replications.count is the string "1", expected a whole number ≥ 1',
    ],
    [
      "seeds that disagree with the count",
      (p) => p.replications.seeds.push(6),
      "replications.seeds has 2 seed(s), expected replications.count = 1",
    ],
    [
      "a shard beyond the split",
      (p) => setAt(p, ["shard", "index"], 3),
      "shard.index is 3, expected at most shard.count = 2",
    ],
    [
      "a point without its --vary value",
      (p) => (p.points[0].values = {}),
      'points[0].values["accounts.a.deployments.ptu.capacity"] is missing, expected a value for every --vary path',
    ],
    [
      "a ci95 of one number",
      (p) => setAt(p, ["points", 0, "metrics", "cost.monthly.total", "ci95"], [1]),
      'points[0].metrics["cost.monthly.total"].ci95 is a list of 1, expected a list of two numbers',
    ],
    [
      "an unknown search",
      (p) => setAt(p, ["search"], "random"),
      'search is the string "random", expected one of "grid", "bisect"',
    ],
  ])("%s", async (_, damage, problem) => {
    const bad = shard(2, "ok");
    damage(bad);
    const dirs = shards(shard(1, "ok"), bad);
    const error = await merge(dirs).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(
      `${join(dirs[1], "plan.json")}: ${problem}; pass the plan.json that spillway plan --shard wrote`,
    );
  });

  it("a __proto__ key is refused", () => {
    const text = JSON.stringify(shard(1, "ok")).replace('"values":{', '"values":{"__proto__":{"x":1},');
    const parsed = parsePlan(JSON.parse(text));
    expect(parsed.ok ? [] : parsed.problems).toEqual([
      'points[0].values.__proto__ is a reserved key; "__proto__", "constructor" and "prototype" are never names',
    ]);
  });

  it("a shard as spillway writes it parses", () => {
    expect(parsePlan(shard(1, "ok"))).toEqual({ ok: true, value: shard(1, "ok") });
  });
});
