/** `spillway run`: load, simulate, write the outputs, print the summary, exit 1 if an SLO failed. */
import { closeSync, mkdirSync, openSync, renameSync, writeSync } from "node:fs";
import { join } from "node:path";
import { csvLine, REQUEST_LOG_COLUMNS, type RequestLogRow, requestLogLine } from "../report/csv.js";
import { runScenario } from "../simulate/run-scenario.js";
import { ExitCode, InputError, loadScenarioFile, writeFileAtomic } from "./io.js";
import { parseFormats, writeOutputs } from "./outputs.js";

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
}

/** A buffered, atomically renamed writer for requests.csv (it can hold millions of rows: never in memory at once). */
class RequestLogWriter {
  private readonly fd: number;
  private readonly temp: string;
  private buffer = "";

  /** @param path final path of requests.csv */
  constructor(private readonly path: string) {
    this.temp = `${path}.${process.pid}.tmp`;
    this.fd = openSync(this.temp, "w");
    this.buffer = csvLine([...REQUEST_LOG_COLUMNS]);
  }

  /** Appends a row. */
  write(row: RequestLogRow): void {
    this.buffer += requestLogLine(row);
    if (this.buffer.length > 1 << 20) this.flush();
  }

  /** Flushes, closes and renames into place. */
  finish(): void {
    this.flush();
    closeSync(this.fd);
    renameSync(this.temp, this.path);
  }

  private flush(): void {
    if (this.buffer.length > 0) writeSync(this.fd, this.buffer);
    this.buffer = "";
  }
}

/** Runs the command; returns the exit code. */
export async function runCommand(options: RunOptions): Promise<number> {
  const formats = parseFormats(options.format);
  if (options.seed !== undefined && (!Number.isInteger(options.seed) || options.seed < 0)) {
    throw new InputError(`--seed: ${options.seed} is not a non-negative integer`);
  }
  const started = process.hrtime.bigint();
  const scenario = loadScenarioFile(options.scenario, { sets: options.sets, seed: options.seed });
  const out = options.out ?? join("reports", scenario.name);
  mkdirSync(out, { recursive: true });
  const requestLog = options.requestsLog ? new RequestLogWriter(join(out, "requests.csv")) : undefined;
  const progress = !options.quiet && process.stderr.isTTY ? await createProgress() : undefined;
  const simStarted = process.hrtime.bigint();
  const { report, aggregates } = runScenario(scenario, {
    onProgress: progress?.update,
    onRequest: requestLog === undefined ? undefined : (row) => requestLog.write(row),
  });
  const simSeconds = Number(process.hrtime.bigint() - simStarted) / 1e9;
  progress?.stop();
  requestLog?.finish();

  const written = await writeOutputs(report, out, formats);
  if (requestLog !== undefined) written.push("requests.csv");
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
  writeFileAtomic(join(out, "run.json"), `${JSON.stringify(runFacts, null, 2)}\n`);

  if (!options.quiet) {
    const { renderTerminalSummary } = await import("../report/terminal.js");
    process.stdout.write(renderTerminalSummary(report));
    process.stdout.write(`  wrote ${written.join(", ")} to ${out}/\n`);
  }
  // A failed `warn` assertion is reported, never fatal (Lighthouse CI's levels).
  return report.slo.every((s) => s.passed || s.level === "warn") ? ExitCode.Ok : ExitCode.CheckFailed;
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
