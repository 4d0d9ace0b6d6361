/**
 * The edges a hostile or careless user hits (issue 10's reproducers): every one ends with one line naming the file,
 * path or flag, exit 2, nothing written outside the output folder, and outputs that are whole or absent.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SpillwayError } from "../../src/errors.js";
import { runScenario } from "../../src/run/run-scenario.js";
import { DEFAULT_MAX_REQUESTS } from "../../src/scenario/limits.js";
import { loadScenario } from "../../src/scenario/load.js";
import { checkEstimate, estimateRun } from "../../src/sim/estimate.js";
import { cli } from "./run-cli.js";

const root = join(import.meta.dirname, "../..");
const tmp = () => mkdtempSync(join(tmpdir(), "spillway-hard-"));

/** A small, fast scenario (a few hundred requests). */
const SMALL = `
name: small
seed: 3
duration: 5m
accounts:
  - name: a
    region: eastus
    deployments:
      - { name: ptu, model: gpt-4.1, sku: GlobalProvisionedManaged, capacity: 50 }
traffic:
  - name: chat
    via: a/ptu
    arrival: { type: poisson, rate: 1/s }
    promptTokens: 1000
    completionTokens: 100
    maxTokens: 200
`;

function scenarioFile(dir: string, text = SMALL, name = "s.yaml"): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Loads YAML text; returns the ScenarioError's message (or "ok"). */
function problemsOf(text: string, sets: string[] = []): string {
  try {
    loadScenario(text, "s.yaml", { sets });
    return "ok";
  } catch (error) {
    if (!(error instanceof SpillwayError)) throw error;
    expect(error.exitCode).toBe(2);
    return error.message;
  }
}

/** The stderr of a failed command must be exactly one line, starting "spillway: ", with no stack trace. */
function expectOneLine(stderr: string): void {
  expect(stderr).toMatch(/^spillway: [^\n]+\n$/);
  expect(stderr).not.toMatch(/\n\s+at |Error:|node:internal/);
}

/** Every file under `dir`, relative paths, recursively. */
function listAll(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(entry.parentPath ?? dir, entry.name);
    if (entry.isDirectory()) out.push(...listAll(path).map((p) => join(entry.name, p)));
    else out.push(entry.name);
  }
  return out.sort();
}

describe("bounded numbers: inputs that would give Infinity, NaN or null are refused with their path", () => {
  it("a price of 1e307, an output weight of 1e308 and a horizon of 5e-324 s", () => {
    const price = problemsOf(
      `${SMALL}models:\n  gpt-4.1:\n    prices: { GlobalProvisionedManaged: { hourly: 1e307 } }\n`,
    );
    expect(price).toMatch(
      /models\.gpt-4\.1\.prices\.GlobalProvisionedManaged\.hourly: value 1e\+307 must be <= 1000/,
    );
    expect(problemsOf(`${SMALL}models:\n  gpt-4.1: { outputWeight: 1e308 }\n`)).toMatch(
      /models\.gpt-4\.1\.outputWeight: value 1e\+308 must be <= 1000/,
    );
    expect(problemsOf(SMALL, ["duration=5e-324"])).toMatch(/duration: .* is too short: at least 1s/);
  });

  it("a rate of 1e308/s, a horizon of 1e20 s and a warmup of 1e300 s", () => {
    expect(problemsOf(SMALL, ["traffic.chat.arrival.rate=1e308/s"])).toMatch(
      /traffic\[0\]\.arrival\.rate: .* is above 1,000,000 requests\/s/,
    );
    expect(problemsOf(SMALL, ["duration=1e20"])).toMatch(/duration: .* is too long: at most 366d/);
    expect(problemsOf(SMALL, ["warmup=1e300"])).toMatch(/warmup: .* is too long: at most 7d/);
  });

  it("a wrong type says what was expected and what was found (not 'required')", () => {
    expect(problemsOf(SMALL, ["seed=1.5"])).toBe("s.yaml: line 3: seed: expected a whole number, got 1.5");
    expect(problemsOf(SMALL, ["duration=true"])).toMatch(/duration: .*true/);
    expect(problemsOf(SMALL.replace("name: small", "name: [a, b]"))).toMatch(
      /name: expected text, got a list of 2/,
    );
  });

  it("a non-finite number the bounds let through is exit 2 naming the deployment, never null in report.json", () => {
    const scenario = loadScenario(SMALL, "s.yaml");
    // Reach past the schema as a library user could: a catalog price of Infinity.
    scenario.deployments[0].facts = {
      ...scenario.deployments[0].facts,
      prices: {
        ...scenario.deployments[0].facts.prices,
        GlobalProvisionedManaged: {
          hourly: Number.POSITIVE_INFINITY,
          reservationMonthly: 1,
          reservationYearly: 1,
        },
      },
    };
    expect(() => runScenario(scenario)).toThrow(
      /non-finite number at report\.json cost\..*; check deployment a\/ptu: its capacity, prices/,
    );
  });
});

describe("bounded runs: the size is stated first and runaway runs are refused", () => {
  it("a diurnal peak of 1,000,000/s for 20 minutes is refused with the figures and the flag that raises the cap", () => {
    const s = loadScenario(SMALL, "s.yaml", {
      sets: ["duration=20m", "traffic.chat.arrival={type: diurnal, peak: 1000000, trough: 0, period: 40m}"],
    });
    const e = estimateRun(s);
    // Half a raised cosine from peak to trough: mean = peak / 2.
    expect(e.requests).toBeCloseTo(1_000_000 * 1200 * 0.5, -6);
    expect(e.draws).toBe(1_000_000 * 1200);
    const refusal = checkEstimate("s.yaml", e, DEFAULT_MAX_REQUESTS);
    expect(refusal?.message).toMatch(
      /^s\.yaml: about 600,000,000 requests would be simulated and 1,200,000,000 candidate arrivals .*above the limit of 100,000,000.*--max-requests \d+$/,
    );
    expect(checkEstimate("s.yaml", e, 2e9)).toBeUndefined();
  });

  it("the estimate of a Poisson run is its rate times its span, warmup included", () => {
    const s = loadScenario(SMALL, "s.yaml", { sets: ["warmup=1m"] });
    expect(estimateRun(s).requests).toBe(360);
    const arrived = runScenario(s).aggregates.simulatedRequests;
    expect(Math.abs(arrived - 360)).toBeLessThan(4 * Math.sqrt(360));
  });

  it("run refuses above --max-requests before writing anything, and states the size when it runs", async () => {
    const dir = tmp();
    const file = scenarioFile(dir);
    const out = join(dir, "out");
    const refused = await cli(["run", file, "--out", out, "--max-requests", "100"]);
    expect(refused.code).toBe(2);
    expectOneLine(refused.stderr);
    expect(refused.stderr).toMatch(/about 300 requests would be simulated .* above the limit of 100/);
    expect(existsSync(out)).toBe(false);
    const ok = await cli(["run", file, "--out", out, "--format", "json"]);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toBe("small: simulating about 300 requests (under a second)\n");
  });

  it("validate states each run's size and refuses a runaway one", async () => {
    const dir = tmp();
    const file = scenarioFile(dir);
    const ok = await cli(["validate", file]);
    expect(ok.stdout).toMatch(/ok .*s\.yaml: small .* about 300 requests to simulate \(under a second\)/);
    const big = await cli([
      "validate",
      file,
      "--set",
      "traffic.chat.arrival.rate=500000/s",
      "--set",
      "duration=1h",
    ]);
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(/about 1,800,000,000 requests would be simulated/);
  });
});

describe("--vary and grids are counted before they are built", () => {
  it("a range of 200 billion values is refused with its count; a 1,000 x 1,000 grid with its size", async () => {
    const dir = tmp();
    const file = scenarioFile(dir);
    const path = "accounts.a.deployments.ptu.capacity";
    const range = await cli(["plan", file, "--vary", `${path}=15..1000000000000:5`, "--out", join(dir, "p")]);
    expect(range.code).toBe(2);
    expectOneLine(range.stderr);
    expect(range.stderr).toMatch(/199,999,999,998 values is too many \(at most 10,000\); raise the step/);
    const grid = await cli([
      "plan",
      file,
      "--vary",
      `${path}=50..5045:5`,
      "--vary",
      "traffic.chat.maxTokens=1..1000",
      "--out",
      join(dir, "p"),
    ]);
    expect(grid.code).toBe(2);
    expect(grid.stderr).toMatch(/the grid has 1,000,000 points \(1000 x 1000\), above 10,000/);
    expect(existsSync(join(dir, "p"))).toBe(false);
  });
});

describe("YAML aliases", () => {
  it("an alias without its anchor names its line", () => {
    expect(problemsOf(`${SMALL}description: *nope\n`)).toMatch(
      /^s\.yaml: line 17: invalid YAML: the alias \*nope has no anchor &nope before it/,
    );
  });

  it("too many aliases (a 'billion laughs' file) is a problem, not a hang or a crash", () => {
    let text = `${SMALL}x0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n`;
    for (let i = 1; i < 9; i++)
      text += `x${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(", ")}]\n`;
    expect(problemsOf(text)).toMatch(/invalid YAML: .*alias/i);
  });

  it("--set with a self-referencing alias is refused", () => {
    expect(problemsOf(SMALL, ["description=&a [1, *a]"])).toMatch(
      /description: --set: a value cannot use YAML aliases/,
    );
  });
});

describe("keys that reach JavaScript internals", () => {
  it("__proto__ under models: or anywhere else is refused, not silently dropped", () => {
    expect(problemsOf(`${SMALL}models:\n  __proto__: { outputWeight: 2 }\n`)).toMatch(
      /models\.__proto__: the key "__proto__" is not allowed/,
    );
    expect(problemsOf(`${SMALL}network: { latency: { pairs: { constructor: 5ms } } }\n`)).toMatch(
      /network\.latency\.pairs\.constructor: the key "constructor" is not allowed/,
    );
  });
});

describe("names that reach JavaScript internals (found by the fuzz campaign)", () => {
  it("a region named __proto__ is refused, and report building never writes to Object.prototype", async () => {
    // Only the catalog's Azure regions are accepted, so an object-internals name is one more unknown region.
    const hint =
      'write a region\'s ARM name, as `az account list-locations -o table` lists it (e.g. "eastus", "swedencentral")';
    for (const name of ["__proto__", "constructor"]) {
      expect(problemsOf(SMALL.replace("region: eastus", `region: ${name}`))).toBe(
        `s.yaml: line 7: accounts[0].region: unknown Azure region "${name}": ${hint}`,
      );
    }
    expect(problemsOf(SMALL.replace("region: eastus", 'region: "East US"'))).toBe(
      's.yaml: line 7: accounts[0].region: a region is written as ARM names it: "eastus", not "East US"',
    );
    const r = await cli([
      "validate",
      scenarioFile(tmp(), SMALL.replace("region: eastus", "region: __proto__")),
    ]);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr);
    expect(r.stderr).toMatch(
      /accounts\[0\]\.region: unknown Azure region "__proto__": write a region's ARM name/,
    );
    // Past the schema (as a library user could), the report still keeps regions in a map of their own.
    const scenario = loadScenario(SMALL, "s.yaml");
    scenario.deployments[0].region = "__proto__";
    const { report } = runScenario(scenario);
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain("0");
    expect(Object.hasOwn(report.timeseries.regions, "__proto__")).toBe(true);
  });

  it("a model named __proto__ or toString is an unknown model, not Object.prototype's member", () => {
    for (const model of ["__proto__", "toString", "constructor"]) {
      expect(problemsOf(SMALL.replace("model: gpt-4.1", `model: ${model}`))).toMatch(
        new RegExp(`model: unknown model "${model}"`),
      );
    }
  });
});

describe("files a scenario names (empirical token samples)", () => {
  const empirical = (file: string) =>
    SMALL.replace("promptTokens: 1000", `promptTokens: { type: empirical, file: ${JSON.stringify(file)} }`);

  it("a device such as /dev/zero is refused (not read to the end of memory)", async () => {
    const r = await cli(["validate", scenarioFile(tmp(), empirical("/dev/zero"))]);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr);
    expect(r.stderr).toMatch(/promptTokens\.file: cannot read "\/dev\/zero": it is not a regular file/);
  });

  it("an absolute path is read as given; a relative one from the scenario's folder", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "tokens.txt"), "100\n200\n300\n");
    const abs = await cli(["validate", scenarioFile(dir, empirical(join(dir, "tokens.txt")))]);
    expect(abs.code).toBe(0);
    mkdirSync(join(dir, "sub"));
    const rel = await cli(["validate", scenarioFile(join(dir, "sub"), empirical("../tokens.txt"))]);
    expect(rel.code).toBe(0);
  });

  it("an error quotes a short, escaped excerpt of the file, never a whole line of it", async () => {
    const dir = tmp();
    const secret = `root:x:0:0:${"r".repeat(300)}\x1b]8;;http://evil\x07:/bin/bash`;
    writeFileSync(join(dir, "passwd"), `header\n${secret}\n`);
    const r = await cli(["validate", scenarioFile(dir, empirical(join(dir, "passwd")))]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain("\x1b");
    expect(r.stderr).not.toContain("/bin/bash");
    expect(r.stderr).toMatch(/line 2: "root:x:0:0:r+… \(\d+ characters\)" is not a non-negative token count/);
  });
});

describe("file-system errors: one line naming the path, exit 2", () => {
  it("--out naming a file fails before simulating", async () => {
    const dir = tmp();
    const file = scenarioFile(dir);
    const r = await cli(["run", file, "--out", file]);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr);
    expect(r.stderr).toContain(`${file}: cannot create the output folder: it exists and is not a folder`);
  });

  it("--out with a 300-character name (ENAMETOOLONG)", async () => {
    const dir = tmp();
    const r = await cli(["run", scenarioFile(dir), "--out", join(dir, "x".repeat(300))]);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr);
    expect(r.stderr).toMatch(/a name in the path is too long/);
  });

  it("--junit naming a folder", async () => {
    const dir = tmp();
    const r = await cli(["check", scenarioFile(dir), "--out", join(dir, "check"), "--junit", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^spillway: .*: cannot write the JUnit file: it is a folder; name a file\n$/m);
  });

  it("plan with a missing trace fails before any run", async () => {
    const dir = tmp();
    const file = scenarioFile(
      dir,
      SMALL.replace(
        "arrival: { type: poisson, rate: 1/s }",
        "arrival: { type: trace, file: missing.csv, format: azure-llm }",
      )
        .replace("    promptTokens: 1000\n", "")
        .replace("    completionTokens: 100\n", ""),
    );
    const r = await cli([
      "plan",
      file,
      "--vary",
      "accounts.a.deployments.ptu.capacity=50,100",
      "--out",
      join(dir, "p"),
    ]);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr);
    expect(r.stderr).toMatch(/missing\.csv: cannot read the trace .*no such file/);
  });
});

describe("outputs are whole or absent", () => {
  it("a set replaces the previous one as a whole: --format json removes the previous run's summary, page and charts", async () => {
    const dir = tmp();
    const file = scenarioFile(dir);
    const out = join(dir, "out");
    expect((await cli(["run", file, "--out", out, "--format", "json,md,html,csv"])).code).toBe(0);
    writeFileSync(join(out, "notes.txt"), "mine");
    expect((await cli(["run", file, "--out", out, "--format", "json"])).code).toBe(0);
    // The user's own file stays; the stale renders of the previous report go; no temporary file is left.
    expect(listAll(out)).toEqual([".spillway-outputs.json", "notes.txt", "report.json", "run.json"]);
  });

  it("spillway report re-renders beside the report and keeps it", async () => {
    const dir = tmp();
    const out = join(dir, "out");
    expect((await cli(["run", scenarioFile(dir), "--out", out, "--format", "json"])).code).toBe(0);
    expect((await cli(["report", join(out, "report.json"), "--format", "md"])).code).toBe(0);
    expect(listAll(out)).toEqual([".spillway-outputs.json", "report.json", "run.json", "summary.md"]);
  });

  it("kill -9 during a run leaves the previous set untouched; the next run removes the stale staging", async () => {
    const dir = tmp();
    const file = scenarioFile(dir);
    const out = join(dir, "out");
    expect((await cli(["run", file, "--out", out, "--format", "json,md"])).code).toBe(0);
    const before = readFileSync(join(out, "report.json"), "utf8");
    // A run of a few seconds writing requests.csv as it goes, killed once its staging holds data.
    const child = spawn(process.execPath, [
      join(root, "dist/spillway.mjs"),
      "run",
      file,
      "--out",
      out,
      "--requests-log",
      "--set",
      "traffic.chat.arrival.rate=20000/s",
      "--set",
      "duration=10m",
      "--set",
      "accounts.a.deployments.ptu.capacity=100000",
    ]);
    const staging = await new Promise<string>((resolve, reject) => {
      const started = process.hrtime.bigint();
      const poll = setInterval(() => {
        const found = readdirSync(out).find((n) => n.startsWith(".spillway-tmp-"));
        if (found !== undefined && existsSync(join(out, found, "requests.csv"))) {
          const size = readFileSync(join(out, found, "requests.csv")).length;
          if (size > 1 << 20) {
            clearInterval(poll);
            child.kill("SIGKILL");
            resolve(found);
          }
        }
        if (process.hrtime.bigint() - started > 50_000_000_000n) {
          clearInterval(poll);
          child.kill("SIGKILL");
          reject(new Error("the run never staged requests.csv"));
        }
      }, 20);
    });
    await new Promise((resolve) => child.on("exit", resolve));
    expect(readFileSync(join(out, "report.json"), "utf8")).toBe(before);
    expect(existsSync(join(out, "requests.csv"))).toBe(false);
    expect(existsSync(join(out, staging))).toBe(true);
    expect((await cli(["run", file, "--out", out, "--format", "json"])).code).toBe(0);
    expect(readdirSync(out).filter((n) => n.startsWith(".spillway-tmp-"))).toEqual([]);
  }, 60_000);
});

/** Whether this machine lets the test mount a small tmpfs (root in a sandbox that allows mounts). */
function canMount(): boolean {
  if (process.getuid?.() !== 0) return false;
  const dir = tmp();
  const r = spawnSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", dir]);
  if (r.status !== 0) return false;
  spawnSync("umount", [dir]);
  return true;
}

describe.skipIf(!canMount())("a full or read-only disk (a small tmpfs)", () => {
  const mount = (size: string) => {
    const dir = tmp();
    expect(spawnSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir]).status).toBe(0);
    return dir;
  };

  it("a full disk during --requests-log: one line, exit 2, no requests.csv, no temporary file, the old set intact", async () => {
    const disk = mount("512k");
    try {
      const file = scenarioFile(tmp());
      const out = join(disk, "out");
      expect((await cli(["run", file, "--out", out, "--format", "json"])).code).toBe(0);
      const before = readFileSync(join(out, "report.json"), "utf8");
      const r = await cli([
        "run",
        file,
        "--out",
        out,
        "--requests-log",
        "--format",
        "json",
        "--set",
        "traffic.chat.arrival.rate=100/s",
      ]);
      expect(r.code).toBe(2);
      expectOneLine(r.stderr.replace(/^small: simulating[^\n]*\n/, ""));
      expect(r.stderr).toMatch(/requests\.csv: cannot write requests\.csv: no space left on the device/);
      expect(listAll(out)).toEqual([".spillway-outputs.json", "report.json", "run.json"]);
      expect(readFileSync(join(out, "report.json"), "utf8")).toBe(before);
    } finally {
      spawnSync("umount", [disk]);
    }
  });

  it("a read-only output folder: one line, exit 2, before simulating", async () => {
    const disk = mount("64k");
    try {
      expect(spawnSync("mount", ["-o", "remount,ro", disk]).status).toBe(0);
      const r = await cli(["run", scenarioFile(tmp()), "--out", join(disk, "out")]);
      expect(r.code).toBe(2);
      expectOneLine(r.stderr);
      expect(r.stderr).toMatch(
        /cannot create the output folder: the file system is read-only; choose a folder you can write to/,
      );
    } finally {
      spawnSync("umount", [disk]);
    }
  });
});
