/** `spillway run`: load, simulate, write report.json (+ summary.md), print the summary, exit 1 if an SLO failed. */
import { join } from "node:path";
import { loadScenario } from "../scenario/load.js";
import { runScenario } from "../simulate/run-scenario.js";
import {
  checkTraces,
  ExitCode,
  InputError,
  readScenarioFile,
  scenarioFileReader,
  scenarioPathResolver,
  writeFileAtomic,
} from "./io.js";

/** Outputs `run` can write now. */
export const RUN_FORMATS = ["json", "md"] as const;

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
  /** Print nothing but errors. */
  quiet: boolean;
}

/** Parses `--format`, rejecting unknown outputs with the list of known ones. */
export function parseFormats(text: string): Set<string> {
  const formats = text
    .split(",")
    .map((f) => f.trim())
    .filter((f) => f !== "");
  const unknown = formats.filter((f) => !(RUN_FORMATS as readonly string[]).includes(f));
  if (unknown.length > 0 || formats.length === 0) {
    throw new InputError(
      `--format: unknown output "${unknown.join(",")}"; choose from ${RUN_FORMATS.join(",")}`,
    );
  }
  return new Set(formats);
}

/** Runs the command; returns the exit code. */
export async function runCommand(options: RunOptions): Promise<number> {
  const formats = parseFormats(options.format);
  if (options.seed !== undefined && (!Number.isInteger(options.seed) || options.seed < 0)) {
    throw new InputError(`--seed: ${options.seed} is not a non-negative integer`);
  }
  const started = process.hrtime.bigint();
  const text = readScenarioFile(options.scenario);
  const scenario = loadScenario(text, options.scenario, {
    sets: options.sets,
    seed: options.seed,
    readFile: scenarioFileReader(options.scenario),
    resolvePath: scenarioPathResolver(options.scenario),
  });
  checkTraces(scenario);
  const progress = !options.quiet && process.stderr.isTTY ? await createProgress() : undefined;
  const simStarted = process.hrtime.bigint();
  const { report, aggregates } = runScenario(scenario, { onProgress: progress?.update });
  const simSeconds = Number(process.hrtime.bigint() - simStarted) / 1e9;
  progress?.stop();

  const out = options.out ?? join("reports", scenario.name);
  if (formats.has("json")) writeFileAtomic(join(out, "report.json"), `${JSON.stringify(report, null, 2)}\n`);
  if (formats.has("md")) {
    const { renderMarkdown } = await import("../report/markdown.js");
    writeFileAtomic(join(out, "summary.md"), renderMarkdown(report));
  }
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
    process.stdout.write(
      `  wrote ${[...formats].map((f) => (f === "json" ? "report.json" : "summary.md")).join(", ")} to ${out}/\n`,
    );
  }
  return report.slo.every((s) => s.passed) ? ExitCode.Ok : ExitCode.CheckFailed;
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
