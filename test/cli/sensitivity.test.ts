/**
 * `spillway sensitivity` and `spillway plan --robust` on the command line, in process on one thread with real
 * simulations of a bursty PTU scenario: the files written as one output set, the terminal table, exit codes and
 * messages. The rules themselves are pinned on the cores (test/plan/sensitivity.test.ts, test/plan/robust.test.ts).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { BURSTY_CAPACITY, burstyPtuScenario } from "../plan/bursty-fixture.js";
import { cli } from "./run-cli.js";

const tmp = () => mkdtempSync(join(tmpdir(), "spillway-sensitivity-"));

/** The bursty scenario written to a fresh folder. */
function scenarioFile(): string {
  const file = join(tmp(), "bursty-ptu.yaml");
  writeFileSync(file, burstyPtuScenario());
  return file;
}

describe("spillway sensitivity", () => {
  it("writes sensitivity.json, .md, .html and the tornado as one set, and names what moves each metric most", async () => {
    const out = join(tmp(), "out");
    const r = await cli(["sensitivity", scenarioFile(), "--workers", "1", "--out", out]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect((readdirSync(out, { recursive: true }) as string[]).sort()).toEqual([
      ".spillway-outputs.json",
      "charts",
      "charts/sensitivity.png",
      "sensitivity.html",
      "sensitivity.json",
      "sensitivity.md",
    ]);
    const json = JSON.parse(readFileSync(join(out, "sensitivity.json"), "utf8"));
    expect(Object.keys(json)).toEqual(
      expect.arrayContaining(["scenario", "metrics", "base", "assumptions", "mostInfluential"]),
    );
    expect(json.scenario.name).toBe("bursty-ptu");
    expect(json.assumptions[0]).toMatchObject({
      name: "provisioned.bucket.window",
      base: 60,
      low: 10,
      high: 120,
    });
    // The terminal: a row per knob, then the knob that moves each headline metric most.
    expect(r.stdout).toMatch(/^provisioned\.bucket\.window +10 s … 120 s +0% … 0% +\d+\.\d% … 0%/m);
    expect(r.stdout).toContain("Moves most:");
    expect(r.stdout).toMatch(/^ {2}spillover rate: provisioned\.bucket\.window \(/m);
    expect(r.stdout).toMatch(/^ {2}caller 429 rate: no knob moves it/m);
    expect(r.stdout).toContain(`to ${out}/ (${json.runs} runs on 1 worker(s), `);
    const png = readFileSync(join(out, "charts/sensitivity.png"));
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join("")).toBe("PNG");
    const html = readFileSync(join(out, "sensitivity.html"), "utf8");
    expect(html).toContain("<img alt=");
    expect(html).not.toContain("<script");
  });

  it("refuses bad options with one line and exit 2, writing nothing", async () => {
    const out = join(tmp(), "out");
    const file = scenarioFile();
    for (const [args, message] of [
      [
        ["--replications", "0", "--workers", "1"],
        "spillway: --replications: 0 is not a whole number from 1 to 1000\n",
      ],
      [["--workers", "-1"], "spillway: --workers: -1 is not a positive whole number (0 = all cores)\n"],
    ] as const) {
      const r = await cli(["sensitivity", file, "--out", out, ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(message);
    }
    const missing = await cli(["sensitivity", join(tmp(), "nope.yaml"), "--out", out]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.yaml: cannot read the scenario: no such file or folder/);
    expect(existsSync(out)).toBe(false);
  });
});

describe("spillway plan --robust", () => {
  it("recommends the point that holds at every knob end and says which knob changed the recommendation", async () => {
    const out = join(tmp(), "out");
    const args = ["plan", scenarioFile(), "--vary", `${BURSTY_CAPACITY}=60,100`, "--replications", "1"];
    const r = await cli([
      ...args,
      "--search",
      "grid",
      "--workers",
      "1",
      "--no-cache",
      "--robust",
      "--out",
      out,
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const plan = JSON.parse(readFileSync(join(out, "plan.json"), "utf8"));
    expect(plan.robust.baseRecommended.values).toEqual({ [BURSTY_CAPACITY]: 60 });
    expect(plan.robust.changedBy).toEqual(["provisioned.bucket.window"]);
    expect(plan.recommended.values[BURSTY_CAPACITY]).toBeGreaterThan(60);
    const p60 = plan.points.find((p: { values: Record<string, number> }) => p.values[BURSTY_CAPACITY] === 60);
    expect(p60.meetsSlo).toBe(false);
    expect(p60.robust.failedBy).toEqual(["provisioned.bucket.window"]);
    expect(r.stdout).toContain(
      "**Without --robust:** accounts.a.deployments.ptu.capacity=60 ($43,800 per month); provisioned.bucket.window changes it",
    );
    expect(readFileSync(join(out, "plan.html"), "utf8")).toContain("<strong>Without --robust:</strong>");
  });

  it("says in --help what --robust costs", async () => {
    // yargs prints help through console.log.
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      expect((await cli(["plan", "--help"])).code).toBe(0);
      const help = log.mock.calls.flat().join("\n").replace(/\s+/g, " ");
      expect(help).toContain("up to points x replications x (1 + 2 x knobs) runs");
    } finally {
      log.mockRestore();
    }
  });
});
