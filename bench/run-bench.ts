/**
 * `npm run bench`: times Spillway against a SimPy implementation of the same model (bench/simpy-model.py) on
 * bench/reference.yaml, both as whole processes, and reports the speed-up. A report, not a test: the exit code
 * is 0 whatever the ratio, and non-zero only when the benchmark itself cannot run.
 */

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** Speed-up over SimPy that the bench requires (whole-process wall time). */
export const REQUIRED_SPEEDUP = 5;
/** Speed-up over SimPy that we aim for. */
export const TARGET_SPEEDUP = 10;

const SPILLWAY_RUNS = 3;
const SIMPY_RUNS = 2;
const PYTHON = "/usr/bin/python3";
// A hung child should fail the bench loudly rather than stall CI forever.
const RUN_TIMEOUT_MS = 15 * 60 * 1000;

// Compiled to dist/bench/run-bench.js, so the repo root is two levels up; paths then work from any cwd.
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CLI = join(ROOT, "dist", "spillway.mjs");
const SCENARIO = join("bench", "reference.yaml");
const SIMPY_MODEL = join("bench", "simpy-model.py");
const OUT_DIR = join(ROOT, "bench", "out");

/** What the Spillway CLI writes to `<out>/run.json`. */
export interface RunStats {
  /** Wall time of the simulation itself, seconds (excludes process start-up). */
  wallSeconds: number;
  /** Events the engine processed. */
  events: number;
  /** Client requests simulated. */
  simulatedRequests: number;
  /** Peak resident set size, bytes. */
  peakRssBytes: number;
}

/** The figures written to bench/out/bench.json. */
export interface BenchReport {
  /** When the bench ran, ISO 8601. */
  date: string;
  /** Node version that ran Spillway. */
  node: string;
  /** Scenario file, relative to the repo root. */
  scenario: string;
  /** Spillway figures (medians over its runs). */
  spillway: {
    runs: number;
    processWallSeconds: number;
    simWallSeconds: number | null;
    events: number | null;
    simulatedRequests: number | null;
    requestsPerSecond: number | null;
    eventsPerSecond: number | null;
    peakRssBytes: number | null;
  };
  /** SimPy figures, or null when SimPy is not installed. */
  simpy: { runs: number; processWallSeconds: number; result: unknown } | null;
  /** simpy / spillway whole-process wall time, or null without SimPy. */
  speedup: number | null;
  /** Whether the speed-up meets REQUIRED_SPEEDUP, or null without SimPy. */
  pass: boolean | null;
  /** Trace replays: generated day-long (3M rows) and week-long (27M rows) traces. */
  traces: TraceBench[];
  /** Whole-process time of `spillway report` re-rendering a typical report (md, html, png, csv), s. */
  reportRenderSeconds: number;
}

/** A typical report (an hour-long example with a gateway and an outage) must render in under this, whole process. */
export const REPORT_RENDER_LIMIT_SECONDS = 2;

/** Times `spillway report` on the report of an example scenario with a gateway and an outage. */
function benchReportRender(): number {
  const out = mkdtempSync(join(tmpdir(), "spillway-bench-report-"));
  try {
    // timeProcess throws if the run fails, so the report below always has its input.
    timeProcess(process.execPath, [
      CLI,
      "run",
      join("scenarios", "dr-premium-two-regions.yaml"),
      "--format",
      "json",
      "--out",
      out,
      "--quiet",
    ]);
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      times.push(
        timeProcess(process.execPath, [
          CLI,
          "report",
          join(out, "report.json"),
          "--format",
          "md,html,png,csv",
        ]).seconds,
      );
    }
    return median(times);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** One trace-replay measurement. */
export interface TraceBench {
  /** Label. */
  label: string;
  /** Rows in the generated trace. */
  rows: number;
  /** Seconds to generate the file (not part of the replay). */
  generateSeconds: number;
  /** Whole-process wall time of the replay, s. */
  processWallSeconds: number;
  /** Rows replayed per second of process time. */
  rowsPerSecond: number;
  /** Peak RSS of the replay, bytes. */
  peakRssBytes: number | null;
  /** Peak RSS limit the figure is held to (600 MB for the day), or null. */
  rssLimitBytes: number | null;
}

/** Peak memory the day-long, 3M-row replay must stay under. */
export const DAY_TRACE_RSS_LIMIT = 600 * 1024 * 1024;

/** Generates (once) and replays a synthetic azure-llm trace; returns the figures. */
async function benchTrace(
  label: string,
  rows: number,
  days: number,
  rssLimit: number | null,
): Promise<TraceBench> {
  const { writeSyntheticTrace } = await import(
    join(ROOT, "dist", "src", "workload", "trace", "synthetic.js")
  );
  mkdirSync(OUT_DIR, { recursive: true });
  const file = join(OUT_DIR, `trace-${label}.csv`);
  let generateSeconds = 0;
  if (!existsSync(file)) {
    console.error(`generating ${rows.toLocaleString("en-US")} rows over ${days} day(s) into ${file} ...`);
    const started = process.hrtime.bigint();
    writeSyntheticTrace(file, rows, "azure-llm", { duration: days * 86_400, seed: 7 });
    generateSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  }
  const scenario = join(OUT_DIR, `trace-${label}.yaml`);
  // Enough capacity that the run exercises the replay, not a 429 storm: PTU first, spillover for the peaks.
  writeFileSync(
    scenario,
    [
      `name: bench-trace-${label}`,
      `duration: ${days * 24}h`,
      "accounts:",
      "  - name: aoai",
      "    region: eastus",
      "    deployments:",
      "      - { name: ptu, model: gpt-4o-mini, sku: GlobalProvisionedManaged, capacity: 500, spilloverDeploymentName: paygo }",
      "      - { name: paygo, model: gpt-4o-mini, sku: GlobalStandard, capacity: 200000 }",
      "traffic:",
      `  - { name: replay, via: aoai/ptu, maxTokens: 1000, arrival: { type: trace, file: trace-${label}.csv, format: azure-llm } }`,
      "",
    ].join("\n"),
  );
  const out = mkdtempSync(join(tmpdir(), "spillway-bench-trace-"));
  try {
    const timed = timeProcess(process.execPath, [
      CLI,
      "run",
      scenario,
      "--format",
      "json",
      "--out",
      out,
      "--quiet",
    ]);
    const stats = readRunStats(out);
    const peak = stats.peakRssBytes ?? null;
    console.error(
      `trace ${label}: ${timed.seconds.toFixed(1)} s, peak RSS ${peak === null ? "n/a" : (peak / 2 ** 20).toFixed(0)} MiB`,
    );
    return {
      label,
      rows,
      generateSeconds,
      processWallSeconds: timed.seconds,
      rowsPerSecond: rows / timed.seconds,
      peakRssBytes: peak,
      rssLimitBytes: rssLimit,
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Thrown for a condition the user must fix (missing build, failing run); printed without a stack. */
class BenchError extends Error {}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function medianOrNull(values: (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length === values.length && present.length > 0 ? median(present) : null;
}

interface Timed {
  seconds: number;
  stdout: string;
}

/** Runs a command to completion from the repo root and returns its whole-process wall time. */
function timeProcess(command: string, args: string[]): Timed {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    // Reports on stdout can be large; the default 1 MB would kill the child mid-run.
    maxBuffer: 256 * 1024 * 1024,
    timeout: RUN_TIMEOUT_MS,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.error) {
    throw new BenchError(`could not run ${command}: ${result.error.message}`);
  }
  if (result.status !== 0) {
    const tail = (result.stderr ?? "").trim().split("\n").slice(-15).join("\n");
    throw new BenchError(
      `${command} ${args.join(" ")} exited with ${result.status ?? result.signal}\n${tail}`,
    );
  }
  return { seconds, stdout: result.stdout ?? "" };
}

function numberField(data: Record<string, unknown>, key: string): number | null {
  const value = data[key];
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** Reads run.json leniently: a missing field becomes null so the timing still gets reported. */
function readRunStats(outDir: string): Partial<Record<keyof RunStats, number | null>> {
  const file = join(outDir, "run.json");
  if (!existsSync(file)) {
    console.warn(`warning: ${file} was not written; simulation figures will be n/a`);
    return {};
  }
  const data = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  return {
    wallSeconds: numberField(data, "wallSeconds"),
    events: numberField(data, "events"),
    simulatedRequests: numberField(data, "simulatedRequests"),
    peakRssBytes: numberField(data, "peakRssBytes"),
  };
}

function benchSpillway(): BenchReport["spillway"] {
  const walls: number[] = [];
  const stats: Partial<Record<keyof RunStats, number | null>>[] = [];
  for (let i = 0; i < SPILLWAY_RUNS; i++) {
    // A fresh output folder per run, so a stale run.json can never be read.
    const outDir = mkdtempSync(join(tmpdir(), "spillway-bench-"));
    try {
      const timed = timeProcess(process.execPath, [
        CLI,
        "run",
        SCENARIO,
        "--format",
        "json",
        "--out",
        outDir,
      ]);
      walls.push(timed.seconds);
      stats.push(readRunStats(outDir));
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
    console.error(`spillway run ${i + 1}/${SPILLWAY_RUNS}: ${walls[i].toFixed(3)} s`);
  }
  const simWall = medianOrNull(stats.map((s) => s.wallSeconds ?? null));
  const events = medianOrNull(stats.map((s) => s.events ?? null));
  const requests = medianOrNull(stats.map((s) => s.simulatedRequests ?? null));
  // Rates per run, then the median, so one slow run does not skew numerator and denominator separately.
  const rate = (key: "events" | "simulatedRequests"): number | null =>
    medianOrNull(
      stats.map((s) => {
        const n = s[key] ?? null;
        const w = s.wallSeconds ?? null;
        return n !== null && w !== null && w > 0 ? n / w : null;
      }),
    );
  return {
    runs: SPILLWAY_RUNS,
    processWallSeconds: median(walls),
    simWallSeconds: simWall,
    events,
    simulatedRequests: requests,
    requestsPerSecond: rate("simulatedRequests"),
    eventsPerSecond: rate("events"),
    peakRssBytes: medianOrNull(stats.map((s) => s.peakRssBytes ?? null)),
  };
}

function simpyAvailable(): boolean {
  const result = spawnSync(PYTHON, ["-c", "import simpy"], { stdio: "ignore" });
  return result.status === 0;
}

function benchSimpy(): BenchReport["simpy"] {
  const walls: number[] = [];
  let result: unknown = null;
  for (let i = 0; i < SIMPY_RUNS; i++) {
    const timed = timeProcess(PYTHON, [SIMPY_MODEL]);
    walls.push(timed.seconds);
    console.error(`simpy run ${i + 1}/${SIMPY_RUNS}: ${timed.seconds.toFixed(3)} s`);
    // The model prints one JSON line; keep it so the two simulators' outcomes can be compared by eye.
    const last = timed.stdout.trim().split("\n").pop() ?? "";
    try {
      result = JSON.parse(last);
    } catch {
      result = last;
    }
  }
  return { runs: SIMPY_RUNS, processWallSeconds: median(walls), result };
}

function fmt(value: number | null, digits = 0, unit = ""): string {
  if (value === null) return "n/a";
  return `${value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits })}${unit}`;
}

function printTable(rows: [string, string][]): void {
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) {
    console.log(`${label.padEnd(width)}  ${value}`);
  }
}

/** Writes via a temp file + rename so a reader never sees a half-written bench.json. */
function writeReport(report: BenchReport): string {
  mkdirSync(OUT_DIR, { recursive: true });
  const file = join(OUT_DIR, "bench.json");
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(report, null, 2)}\n`);
  renameSync(temp, file);
  return file;
}

async function main(): Promise<void> {
  if (!existsSync(CLI)) {
    throw new BenchError(`${CLI} not found: run npm run build first`);
  }
  if (!existsSync(join(ROOT, SCENARIO))) {
    throw new BenchError(`${join(ROOT, SCENARIO)} not found: the reference scenario is missing`);
  }

  const spillway = benchSpillway();
  let simpy: BenchReport["simpy"] = null;
  if (simpyAvailable()) {
    simpy = benchSimpy();
  } else {
    console.error(
      `hint: SimPy is not importable by ${PYTHON}; skipping the comparison. ` +
        "Install it with: sudo apt-get install python3-simpy3",
    );
  }
  const speedup = simpy ? simpy.processWallSeconds / spillway.processWallSeconds : null;
  const pass = speedup === null ? null : speedup >= REQUIRED_SPEEDUP;

  const rows: [string, string][] = [
    ["scenario", SCENARIO],
    ["spillway wall (process, median)", fmt(spillway.processWallSeconds, 3, " s")],
    ["spillway wall (simulation)", fmt(spillway.simWallSeconds, 3, " s")],
    ["simulated requests", fmt(spillway.simulatedRequests)],
    ["simulated requests/s", fmt(spillway.requestsPerSecond)],
    ["events", fmt(spillway.events)],
    ["events/s", fmt(spillway.eventsPerSecond)],
    [
      "peak RSS",
      fmt(spillway.peakRssBytes === null ? null : spillway.peakRssBytes / (1024 * 1024), 1, " MiB"),
    ],
  ];
  if (simpy && speedup !== null) {
    rows.push(
      ["simpy wall (process, median)", fmt(simpy.processWallSeconds, 3, " s")],
      ["speed-up (simpy / spillway)", fmt(speedup, 1, "x")],
      [
        `required >= ${REQUIRED_SPEEDUP}x`,
        `${pass ? "PASS" : "FAIL"} (aim ${TARGET_SPEEDUP}x: ${speedup >= TARGET_SPEEDUP ? "met" : "not yet"})`,
      ],
    );
  } else {
    rows.push(["speed-up (simpy / spillway)", "skipped (SimPy not installed)"]);
  }
  // Trace replays: the day must stay under 600 MB; the week (27M rows) must be practical. `--quick` skips the week.
  const traces: TraceBench[] = [await benchTrace("day", 3_000_000, 1, DAY_TRACE_RSS_LIMIT)];
  if (!process.argv.includes("--quick")) traces.push(await benchTrace("week", 27_000_000, 7, null));
  for (const t of traces) {
    const rss = t.peakRssBytes === null ? null : t.peakRssBytes / 2 ** 20;
    const limit =
      t.rssLimitBytes === null
        ? ""
        : ` (limit ${t.rssLimitBytes / 2 ** 20} MiB: ${t.peakRssBytes !== null && t.peakRssBytes < t.rssLimitBytes ? "PASS" : "FAIL"})`;
    rows.push(
      [`trace ${t.label}: rows`, fmt(t.rows)],
      [`trace ${t.label}: replay wall (process)`, fmt(t.processWallSeconds, 1, " s")],
      [`trace ${t.label}: rows/s`, fmt(t.rowsPerSecond)],
      [`trace ${t.label}: peak RSS`, `${fmt(rss, 0, " MiB")}${limit}`],
    );
  }
  const reportRenderSeconds = benchReportRender();
  rows.push([
    "report render (md, html, 6 png, csv)",
    `${fmt(reportRenderSeconds, 2, " s")} (limit ${REPORT_RENDER_LIMIT_SECONDS} s: ${reportRenderSeconds < REPORT_RENDER_LIMIT_SECONDS ? "PASS" : "FAIL"})`,
  ]);
  printTable(rows);

  const report: BenchReport = {
    date: new Date().toISOString(),
    node: process.version,
    scenario: SCENARIO,
    spillway,
    simpy,
    speedup,
    pass,
    traces,
    reportRenderSeconds,
  };
  const file = writeReport(report);
  console.log(`\nwrote ${file}`);
}

main().catch((error: unknown) => {
  if (error instanceof BenchError) {
    console.error(`bench: ${error.message}`);
    process.exitCode = 1;
  } else {
    throw error;
  }
});
