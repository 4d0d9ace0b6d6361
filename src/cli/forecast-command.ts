/**
 * `spillway forecast`: the command line of src/plan/forecast.ts. It gives the forecast this machine's files and the
 * planner's worker threads, writes forecast.json, forecast.md, forecast.html and the charts as one output set (all or
 * none), prints the forecast and returns the exit code (0: a forecast reports, it judges nothing). The planner's
 * modules load only when the command runs.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import type { Forecast } from "../plan/forecast.js";
import { OutputSet } from "./files.js";
import { ExitCode, parseMaxRequests } from "./io.js";
import { runManyOptions } from "./run-many-options.js";

/** Parsed options of `spillway forecast`. */
export interface ForecastOptions {
  /** Scenario file. */
  scenario: string;
  /** Months to forecast. */
  months: number;
  /** Monthly growth rate (`5%`) or one factor per month (`1,1.05,1.1`). */
  growth: string;
  /** Output folder (default reports/<name>-forecast/). */
  out?: string;
  /** Worker threads (0 = one per core, 1 = in this thread). */
  workers: number;
  /** Replications per run. */
  replications: number;
  /** `--set` applied to every run. */
  set?: string[];
  /** Refuse runs simulating more requests than this (default 100 million). */
  maxRequests?: number;
  /** Print nothing but errors. */
  quiet: boolean;
}

/** Runs the command; returns the exit code. */
export async function forecastCommand(options: ForecastOptions): Promise<number> {
  const { parseWorkers, plannerIo } = await import("./plan-command.js");
  const { prepareForecast } = await import("../plan/forecast.js");
  const { createTaskRunner } = await import("../plan/worker-pool.js");
  const workers = parseWorkers(options.workers);
  const maxRequests = parseMaxRequests(options.maxRequests);
  const file = options.scenario;
  const runner = createTaskRunner(workers, (path) => readFileSync(path, "utf8"));
  try {
    const prepared = prepareForecast(
      {
        file,
        months: options.months,
        growth: options.growth,
        replications: options.replications,
        sets: options.set ?? [],
        maxRequests,
      },
      plannerIo(file, options, runner, "forecasting"),
    );
    const out = options.out ?? join("reports", `${prepared.name}-forecast`);
    // The folder is checked (and staged) before the runs: a bad --out must not cost the forecast.
    const set = new OutputSet(out);
    let forecast: Forecast;
    try {
      forecast = await prepared.run();
      await writeForecast(set, forecast);
      set.commit();
    } finally {
      set.abort();
    }
    if (!options.quiet) {
      const { renderForecastMarkdown } = await import("../plan/forecast-report.js");
      process.stdout.write(
        `${renderForecastMarkdown(forecast)}\nwrote forecast.json, forecast.md, forecast.html, charts to ${out}/\n`,
      );
    }
    return ExitCode.Ok;
  } finally {
    await runner.close();
  }
}

/** Renders every output of the forecast into `set` (not yet committed). */
async function writeForecast(set: OutputSet, f: Forecast): Promise<void> {
  const report = await import("../plan/forecast-report.js");
  const { renderChartPng } = await import("../report/png.js");
  const charts = report.forecastCharts(f).map((def) => ({ def, png: renderChartPng(def) }));
  set.write("forecast.json", `${JSON.stringify(f, null, 2)}\n`);
  set.write("forecast.md", report.renderForecastMarkdown(f));
  for (const c of charts) set.write(`charts/${c.def.name}.png`, c.png);
  set.write("forecast.html", report.renderForecastHtml(f, charts));
}

/** The `forecast` command for the CLI's parser; `run` is its guard, which keeps the exit code of the body. */
export function forecastCommandModule(
  run: (body: () => Promise<number>) => Promise<void>,
): CommandModule<object, ForecastOptions> {
  return {
    command: "forecast <scenario>",
    describe:
      "the scenario month by month under traffic growth: 429s, latency, cost under each billing plan, when the SLOs break, and the cheapest schedule of PTUs and reservations; write forecast.json, .md, .html and charts",
    builder: (y: Argv) =>
      runManyOptions(
        y
          .positional("scenario", {
            type: "string",
            demandOption: true,
            describe: "scenario file (YAML or JSON)",
          })
          .option("months", { type: "number", default: 12, describe: "months to forecast (1 to 60)" })
          .option("growth", {
            type: "string",
            default: "0%",
            describe:
              "traffic growth: a monthly rate compounding from month 1 as written (5%; a decline as --growth=-5%, with the =), or one factor per month (1,1.05,1.1,...)",
          })
          .option("out", {
            alias: "o",
            type: "string",
            describe: "output folder (default reports/<name>-forecast/)",
          }),
        "seeds per run (scenario seed + 0..N-1); values are their means, SLOs must hold in all",
      )
        .example(
          "$0 forecast scenarios/ptu-native-spillover.yaml --months 12 --growth 5%",
          "a year at 5% more traffic a month: when to add PTUs, and when to reserve them",
        )
        .example(
          "$0 forecast scenarios/paygo-only.yaml --months 3 --growth 1,1.2,1.5",
          "three months with the traffic factors given",
        ) as unknown as Argv<ForecastOptions>,
    handler: (argv: ArgumentsCamelCase<ForecastOptions>) =>
      run(() =>
        forecastCommand({
          scenario: argv.scenario,
          months: argv.months,
          growth: String(argv.growth),
          out: argv.out,
          workers: argv.workers,
          replications: argv.replications,
          set: (argv.set ?? []).map(String),
          maxRequests: argv.maxRequests,
          quiet: argv.quiet,
        }),
      ),
  };
}
