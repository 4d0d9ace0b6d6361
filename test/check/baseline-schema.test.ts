/**
 * `spillway check --baseline`: a damaged baseline is refused as one line naming the file and the JSON path (exit 2),
 * never diffed or rendered; --update-baseline still rewrites it, and a missing one is still a failed check.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type CheckOptions, checkCommand } from "../../src/cli/check-command.js";
import { InputError } from "../../src/cli/io.js";
import { deleteAt, getAt, setAt } from "../report/json-edit.js";
import { tinyScenario } from "./fixtures.js";

const SCENARIO = tinyScenario("ok");

let dir: string;
let scenario: string;
let baseline: string;
let stored: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "spillway-baseline-"));
  vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  scenario = join(dir, "ok.yaml");
  writeFileSync(scenario, SCENARIO);
  baseline = join(dir, "baselines");
  expect(await check({ updateBaseline: true })).toBe(0);
  stored = join(baseline, "ok.report.json");
});

afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

function check(options: Partial<CheckOptions> = {}): Promise<number> {
  return checkCommand({
    inputs: [scenario],
    baseline,
    updateBaseline: false,
    sets: [],
    tolerance: [],
    out: join(dir, "out"),
    ...options,
  });
}

/** Rewrites the stored baseline through `edit`, on its parsed JSON. */
function damage(edit: (report: unknown) => void): void {
  const report = JSON.parse(readFileSync(stored, "utf8"));
  edit(report);
  writeFileSync(stored, JSON.stringify(report, null, 2));
}

describe("a damaged baseline", () => {
  it.each([
    [
      "a null percentile",
      (r: unknown) => setAt(r, ["latency", "ttft", "p90"], null),
      "latency.ttft.p90 is null, expected a finite number ≥ 0",
    ],
    [
      "a truncated series",
      (r: unknown) => (getAt(r, ["timeseries", "arrivals"]) as unknown[]).pop(),
      "timeseries.arrivals has 1 value, expected 2 (one per step of timeseries.t)",
    ],
    [
      "a count as a string",
      (r: unknown) => setAt(r, ["deployments", "aoai/paygo", "served"], "120"),
      'deployments.aoai/paygo.served is the string "120", expected a whole number ≥ 0',
    ],
    [
      "a missing section",
      (r: unknown) => deleteAt(r, ["timeseries"]),
      "timeseries is missing, expected an object",
    ],
    [
      "a scenario name that climbs folders",
      (r: unknown) => setAt(r, ["scenario", "name"], "../../x"),
      'scenario.name is the string "../../x", expected a name (letters, digits, _ and -)',
    ],
  ])("%s: exit 2, one line naming the file and the path", async (_, edit, problem) => {
    damage(edit);
    const error = await check().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(
      `${stored}: ${problem}; restore the baseline, or rewrite it with spillway check --update-baseline`,
    );
  });

  it("a __proto__ key is refused, not merged into the report's prototype", async () => {
    writeFileSync(
      stored,
      readFileSync(stored, "utf8").replace('"gateways": {', '"gateways": {"__proto__": {"tier": "x"}'),
    );
    await expect(check()).rejects.toThrow(/^.*ok\.report\.json: gateways\.__proto__ is a reserved key/);
  });

  it("--update-baseline rewrites it; the rewritten one compares cleanly", async () => {
    damage((r) => setAt(r, ["latency", "ttft", "p90"], null));
    expect(await check({ updateBaseline: true })).toBe(0);
    expect(await check()).toBe(0);
  });

  it("keeps the baseline statuses: missing is a failed check (1), another version is unusable (1)", async () => {
    damage((r) => setAt(r, ["schemaVersion"], 99));
    expect(await check()).toBe(1);
    expect(await check({ baseline: join(dir, "nowhere") })).toBe(1);
  });
});
