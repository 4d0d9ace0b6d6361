/**
 * The published binary end to end (dist/spillway.mjs, what `npx spillway` runs; npm test builds it first): it
 * starts, answers --version and --help, returns exit codes through a real process, runs a scenario, and plans on
 * real worker threads. Everything else about the command line is tested in process (cli.test.ts and others).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CAPACITY, ptuScenario } from "../plan/fixtures.js";
import { cli } from "./run-cli.js";

const root = join(import.meta.dirname, "../..");
const bin = join(root, "dist/spillway.mjs");
const tmp = () => mkdtempSync(join(tmpdir(), "spillway-bin-"));

function spillway(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, CI: "true" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("the spillway binary", () => {
  it("has been built (npm test builds first), with its build identity", () => {
    expect(existsSync(bin)).toBe(true);
    expect(existsSync(join(root, "dist/build-id.json"))).toBe(true);
  });

  it("--version matches package.json; --help lists every command", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    const v = spillway(["--version"]);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toBe(pkg.version);
    const h = spillway(["--help"]);
    expect(h.code).toBe(0);
    for (const command of [
      "run",
      "validate",
      "report",
      "plan",
      "size",
      "compare",
      "check",
      "trace",
      "schema",
      "catalog",
      "prices",
      "sensitivity",
    ]) {
      expect(h.stdout).toContain(`spillway ${command}`);
    }
  });

  it("run: exit 0 with the library's report.json; exit 1 for a failed SLO; exit 2 with one line for bad input", () => {
    const out = tmp();
    const ok = spillway(["run", "scenarios/ptu-native-spillover.yaml", "--out", out, "--format", "json"]);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toMatch(/^ptu-native-spillover: simulating about [\d,]+ requests/);
    expect(ok.stdout).toMatch(/caller 429 rate/);
    // The bundle computes what the sources compute (the golden test pins the library).
    expect(readFileSync(join(out, "report.json"), "utf8")).toBe(
      readFileSync(join(root, "test/golden/ptu-native-spillover.report.json"), "utf8"),
    );
    const failed = spillway([
      "run",
      "scenarios/ptu-only.yaml",
      "--out",
      tmp(),
      "--format",
      "json",
      "--set",
      "traffic.chat.arrival.rate=6/s",
      "--quiet",
    ]);
    expect(failed.code).toBe(1);
    const missing = spillway(["run", "nope.yaml"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("spillway: nope.yaml: cannot read the scenario: no such file or folder\n");
  });

  it("plan on two worker threads writes the plan.json of one thread", async () => {
    const dir = tmp();
    const file = join(dir, "p.yaml");
    writeFileSync(file, ptuScenario({ name: "p", duration: "5m" }));
    const args = (out: string, workers: string) => [
      "plan",
      file,
      "--vary",
      `${CAPACITY}=15..75:20`,
      "--replications",
      "2",
      "--search",
      "grid",
      "--no-cache",
      "--quiet",
      "--workers",
      workers,
      "--out",
      out,
    ];
    const threads = join(dir, "threads");
    const r = spillway(args(threads, "2"));
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const one = join(dir, "one");
    expect((await cli(args(one, "1"))).code).toBe(0);
    expect(readFileSync(join(threads, "plan.json"), "utf8")).toBe(
      readFileSync(join(one, "plan.json"), "utf8"),
    );
  });
});
