/** `spillway run`: load, size, simulate, write the outputs as one set, print the summary, exit 1 if an SLO failed. */
import { join } from "node:path";
import { csvLine, REQUEST_LOG_COLUMNS, requestLogLine } from "../report/csv.js";
import { runScenario } from "../run/run-scenario.js";
import { describeEstimate } from "../sim/estimate.js";
import { showProgress } from "./ansi.js";
import { OutputSet } from "./files.js";
import { ExitCode, InputError, loadSizedScenario, parseMaxRequests } from "./io.js";
import { checkChartWorkload, parseFormats, writeOutputs } from "./outputs.js";

/** Parsed options of `spillway run`. */
export interface RunOptions {
  /** Scenario file. */
  scenario: string;
  /** Output folder. */
  out?: string;
  /** Seed override. */
  seed?: number;
  /** `path=value` overrides. */
  sets: string[];
  /** Comma-separated outputs. */
  format: string;
  /** Also write requests.csv, one row per request. */
  requestsLog: boolean;
  /** Print nothing but errors. */
  quiet: boolean;
  /** Refuse runs that would simulate more requests than this (default 100 million). */
  maxRequests?: number;
  /** Also chart this workload's series. */
  chartWorkload?: string;
}

/** Runs the command; returns the exit code. */
export async function runCommand(options: RunOptions): Promise<number> {
  const formats = parseFormats(options.format);
  if (options.seed !== undefined && (!Number.isInteger(options.seed) || options.seed < 0)) {
    throw new InputError(`--seed: ${options.seed} is not a non-negative integer`);
  }
  const maxRequests = parseMaxRequests(options.maxRequests);
  const started = process.hrtime.bigint();
  const { scenario, estimate } = loadSizedScenario(options.scenario, {
    sets: options.sets,
    seed: options.seed,
    maxRequests,
  });
  checkChartWorkload(
    options.chartWorkload,
    scenario.workloads.map((w) => w.name),
  );
  // The folder is checked (and staged) before the simulation: a bad --out must not cost a run.
  const out = options.out ?? join("reports", scenario.name);
  const set = new OutputSet(out);
  try {
    let requestLog: ((line: string) => void) | undefined;
    if (options.requestsLog) {
      const file = set.stream("requests.csv");
      file.write(csvLine([...REQUEST_LOG_COLUMNS]));
      requestLog = (line) => file.write(line);
    }
    if (!options.quiet) process.stderr.write(`${describeEstimate(scenario.name, estimate)}\n`);
    const progress = showProgress(options.quiet) ? await createProgress() : undefined;
    const simStarted = process.hrtime.bigint();
    const log = requestLog;
    const { report, aggregates } = runScenario(scenario, {
      onProgress: progress?.update,
      onRequest: log === undefined ? undefined : (row) => log(requestLogLine(row)),
    });
    const simSeconds = Number(process.hrtime.bigint() - simStarted) / 1e9;
    progress?.stop();

    await writeOutputs(report, set, formats, { chartWorkload: options.chartWorkload });
    const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    // Run facts are not deterministic, so they live beside the report, never in it.
    const runFacts = {
      scenarioFile: options.scenario,
      wallSeconds,
      simulationSeconds: simSeconds,
      events: aggregates.events,
      simulatedRequests: aggregates.simulatedRequests,
      eventsPerSecond: simSeconds > 0 ? aggregates.events / simSeconds : 0,
      requestsPerSecond: simSeconds > 0 ? aggregates.simulatedRequests / simSeconds : 0,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      node: process.version,
    };
    set.write("run.json", `${JSON.stringify(runFacts, null, 2)}\n`);
    const written = set.commit();

    if (!options.quiet) {
      const { renderTerminalSummary } = await import("../report/terminal.js");
      process.stdout.write(renderTerminalSummary(report));
      // run.json is a by-product (timings); requests.csv is listed last, as users look for it after the report.
      const shown = written.filter((n) => n !== "run.json" && n !== "requests.csv");
      if (options.requestsLog) shown.push("requests.csv");
      process.stdout.write(`  wrote ${shown.join(", ")} to ${out}/\n`);
    }
    // A failed `warn` assertion is reported, never fatal (Lighthouse CI's levels).
    return report.slo.every((s) => s.passed || s.level === "warn") ? ExitCode.Ok : ExitCode.CheckFailed;
  } finally {
    set.abort();
  }
}

/** A progress bar on stderr (only when stderr is a terminal; CI logs stay clean). */
async function createProgress(): Promise<{ update: (fraction: number) => void; stop: () => void }> {
  const { SingleBar, Presets } = await import("cli-progress");
  const bar = new SingleBar(
    {
      format: "simulating [{bar}] {percentage}%",
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
    },
    Presets.shades_classic,
  );
  bar.start(100, 0);
  return {
    update: (fraction) => bar.update(Math.floor(fraction * 100)),
    stop: () => bar.stop(),
  };
}
