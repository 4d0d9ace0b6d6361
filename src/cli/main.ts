/**
 * The `spillway` command line as a function: `runCli(args)` parses the arguments, runs one command and returns its
 * exit code, so tests drive it in-process; src/cli/bin.ts is the executable around it. Command modules are imported
 * only when their command runs, so `spillway run` does not pay for what it does not use (start-up time counts in
 * every CI job and in the SimPy comparison).
 */
import yargs from "yargs";
import { SIZING_LIMITS } from "../catalog/sizing.js";
import { PROVISIONED_SKUS } from "../catalog/skus.js";
import { ExitCode, printable, SpillwayError } from "../errors.js";
import { VERSION } from "../version.js";
import { catalogCommandModule } from "./catalog-command.js";
import { fileSystemError, isFileSystemError } from "./files.js";
import { forecastCommandModule } from "./forecast-command.js";
import { pricesCommand } from "./prices-command.js";
import { runManyOptions } from "./run-many-options.js";

/** Longest line of an error message printed (a message quoting a file never floods a CI log). */
const MAX_MESSAGE_LINE = 1000;
/** Most lines of one error message printed (the count of the rest is given). */
const MAX_MESSAGE_LINES = 50;

/** Prints a message the user can act on — control characters made visible, lines and length bounded. */
function printFailure(message: string): void {
  const lines = message.split("\n");
  const shown = lines.slice(0, MAX_MESSAGE_LINES).map((line) => {
    const safe = printable(line);
    return safe.length > MAX_MESSAGE_LINE ? `${safe.slice(0, MAX_MESSAGE_LINE)}… (line cut)` : safe;
  });
  if (lines.length > MAX_MESSAGE_LINES) shown.push(`  … and ${lines.length - MAX_MESSAGE_LINES} more lines`);
  process.stderr.write(`spillway: ${shown.join("\n")}\n`);
}

/** Verbs for the file-system call that failed, for a message nobody has to decode. */
const DOING: Record<string, string> = {
  open: "open",
  read: "read",
  write: "write",
  mkdir: "create the folder",
  rename: "write",
  scandir: "list the folder",
  stat: "read",
  unlink: "remove",
};

/**
 * The exit code of a failed command, after printing why. A {@link SpillwayError} carries its own; a file-system error
 * that a command did not name itself becomes one line with its path (exit 2); anything else is a bug (exit 3).
 */
export function failureCode(error: unknown): number {
  if (error instanceof SpillwayError) {
    printFailure(error.message);
    return error.exitCode;
  }
  if (isFileSystemError(error) && typeof error.path === "string") {
    const doing = DOING[error.syscall ?? ""] ?? "use";
    printFailure(fileSystemError(error, error.path, doing).message);
    return ExitCode.InvalidInput;
  }
  if (process.env.SPILLWAY_DEBUG === "1") throw error;
  printFailure(
    `internal error: ${(error as Error)?.message ?? String(error)} — this is a bug in spillway ${VERSION}; please report it with the command you ran (SPILLWAY_DEBUG=1 shows the stack)`,
  );
  return ExitCode.Internal;
}

/** Options every `trace` subcommand takes. */
function traceOptions<T>(y: import("yargs").Argv<T>) {
  return y
    .positional("file", { type: "string", demandOption: true, describe: "trace file" })
    .option("format", {
      alias: "f",
      type: "string",
      default: "azure-llm",
      describe: "azure-llm | csv | jsonl | aoai-log | apim-llm-log",
    })
    .option("columns", {
      type: "string",
      describe: "column mapping for csv/jsonl: time=...,timeUnit=ms,prompt=...,completion=...[,cached=...]",
    })
    .option("on-bad-row", { type: "string", default: "error", describe: "error (exit 2) or skip bad rows" })
    .option("tag", {
      type: "string",
      describe:
        "keep only rows whose tag column (columns tag=..., or DeploymentName in Azure logs) equals this",
    });
}

/** Runs the command line `args` (without node and the script); returns the exit code. */
export async function runCli(args: readonly string[]): Promise<number> {
  let code: number = ExitCode.Ok;
  /** Runs a command body and keeps its exit code, or the code of its failure. */
  const guarded = async (body: () => Promise<number>): Promise<void> => {
    try {
      code = await body();
    } catch (error) {
      code = failureCode(error);
    }
  };
  const parser = yargs([...args])
    .scriptName("spillway")
    .usage(
      "$0 <command> [options]\n\nSimulate Azure OpenAI estates (PTU, pay-as-you-go, spillover, API Management): latency, 429s and cost.",
    )
    .command(
      "run <scenario>",
      "simulate a scenario; print a summary and write report.json, summary.md, report.html and charts",
      (y) =>
        y
          .positional("scenario", {
            type: "string",
            demandOption: true,
            describe: "scenario file (YAML or JSON)",
          })
          .option("out", {
            alias: "o",
            type: "string",
            describe: "output folder (default reports/<scenario name>/)",
          })
          .option("seed", { type: "number", describe: "override the scenario's seed" })
          .option("set", {
            alias: "s",
            type: "string",
            array: true,
            describe: "override a value: path=value (repeatable), e.g. traffic.chat.arrival.rate=30/s",
          })
          .option("format", {
            alias: "f",
            type: "string",
            default: "json,md,html,png",
            describe: "outputs to write, any of json,md,html,png,csv,focus (costs.focus.csv)",
          })
          .option("requests-log", {
            type: "boolean",
            default: false,
            describe: "also write requests.csv, one row per request",
          })
          .option("max-requests", {
            type: "number",
            describe: "refuse runs simulating more requests than this (default 100,000,000)",
          })
          .option("quiet", {
            alias: "q",
            type: "boolean",
            default: false,
            describe: "print nothing but errors",
          })
          .option("chart-workload", {
            type: "string",
            describe:
              "also chart this workload's requests, 429s and failures per step (charts/workload-NAME.png)",
          })
          .example("$0 run scenarios/ptu-native-spillover.yaml", "run an example")
          .example(
            "$0 run s.yaml --set accounts.aoai.deployments.ptu.capacity=200 --seed 7",
            "change a value and the seed",
          ),
      (argv) =>
        guarded(async () => {
          const { runCommand } = await import("./run-command.js");
          return runCommand({
            scenario: argv.scenario,
            out: argv.out,
            seed: argv.seed,
            sets: argv.set ?? [],
            format: argv.format,
            requestsLog: argv["requests-log"],
            quiet: argv.quiet,
            maxRequests: argv["max-requests"],
            chartWorkload: argv["chart-workload"],
          });
        }),
    )
    .command(
      "validate <scenarios..>",
      "check scenario files without running them (every problem, with its line)",
      (y) =>
        y
          .positional("scenarios", {
            type: "string",
            array: true,
            demandOption: true,
            describe: "scenario files",
          })
          .option("set", {
            alias: "s",
            type: "string",
            array: true,
            describe: "override a value: path=value (repeatable)",
          })
          .option("max-requests", {
            type: "number",
            describe: "refuse runs simulating more requests than this (default 100,000,000)",
          })
          .option("quota", {
            type: "boolean",
            default: false,
            describe: "also list the quota each pool of the estate needs against the default or stated quota",
          })
          .example("$0 validate s.yaml --quota", "what the estate needs against Azure's default quotas"),
      (argv) =>
        guarded(async () => {
          const { validateCommand } = await import("./validate-command.js");
          return validateCommand(argv.scenarios as string[], argv.set ?? [], argv["max-requests"], {
            quota: argv.quota,
          });
        }),
    )
    .command(
      "report <report>",
      "re-render summary.md, report.html, charts and CSV from a report.json, without simulating",
      (y) =>
        y
          .positional("report", {
            type: "string",
            demandOption: true,
            describe: "a report.json written by spillway run",
          })
          .option("out", {
            alias: "o",
            type: "string",
            describe: "output folder (default: the report's folder)",
          })
          .option("format", {
            alias: "f",
            type: "string",
            default: "md,html,png",
            describe: "outputs, any of json,md,html,png,csv,focus (costs.focus.csv)",
          })
          .option("chart-workload", {
            type: "string",
            describe: "also chart this workload's requests, 429s and failures per step",
          })
          .example(
            "$0 report reports/dr/report.json --chart-workload east-users",
            "add one workload's chart",
          ),
      (argv) =>
        guarded(async () => {
          const { reportCommand } = await import("./report-command.js");
          return reportCommand(argv.report as string, argv.out, argv.format, argv["chart-workload"]);
        }),
    )
    .command(
      "plan [scenario]",
      "sweep --vary values with replications on all cores; recommend the cheapest point meeting the SLOs",
      (y) =>
        y
          .positional("scenario", { type: "string", describe: "scenario file" })
          .option("vary", {
            type: "string",
            array: true,
            default: [],
            describe: "PATH=FROM..TO[:STEP] or PATH=a,b,c (repeatable)",
          })
          .option("replications", {
            type: "number",
            default: 3,
            describe: "seeds per point (scenario seed + 0..N-1)",
          })
          .option("workers", { type: "number", default: 0, describe: "worker threads (0 = one per core)" })
          .option("search", {
            type: "string",
            default: "auto",
            describe: "grid | bisect (one capacity dimension) | auto",
          })
          .option("out", {
            alias: "o",
            type: "string",
            describe: "output folder (default reports/<name>-plan/)",
          })
          .option("shard", {
            type: "string",
            describe: "evaluate slice I of N of the grid (I/N), for CI matrices",
          })
          .option("merge", {
            type: "string",
            array: true,
            default: [],
            describe: "combine the plan.json of these shard folders",
          })
          .option("set", {
            alias: "s",
            type: "string",
            array: true,
            describe: "override a value for every point: path=value",
          })
          .option("cache", {
            type: "boolean",
            default: true,
            describe: "reuse cached runs; --no-cache to recompute",
          })
          .option("cache-dir", {
            type: "string",
            default: "reports/.plan-cache",
            describe: "where cached runs live",
          })
          .option("max-requests", {
            type: "number",
            describe: "refuse runs simulating more requests than this (default 100,000,000)",
          })
          .option("robust", {
            type: "boolean",
            default: false,
            describe:
              "a point passes only if it meets the SLOs at its own values and at the low and the high end of every undocumented knob it uses (see spillway sensitivity); up to points x replications x (1 + 2 x knobs) runs, held to the grid-size limit and --max-requests like any plan",
          })
          .option("quiet", {
            alias: "q",
            type: "boolean",
            default: false,
            describe: "print nothing but errors",
          })
          .example(
            "$0 plan scenarios/ptu-native-spillover.yaml --vary accounts.aoai-eastus.deployments.gpt41-ptu.capacity=50..300:25",
            "size the PTUs",
          )
          .example(
            "$0 plan s.yaml --vary ...=50..300:25 --shard 2/4 --out shard-2",
            "one slice of a CI matrix",
          ),
      (argv) =>
        guarded(async () => {
          const { planCommand } = await import("./plan-command.js");
          return planCommand({
            scenario: argv.scenario,
            vary: argv.vary as string[],
            replications: argv.replications,
            workers: argv.workers,
            search: argv.search,
            out: argv.out,
            shard: argv.shard,
            merge: argv.merge as string[],
            sets: argv.set ?? [],
            cache: argv.cache,
            cacheDir: argv["cache-dir"],
            quiet: argv.quiet,
            maxRequests: argv["max-requests"],
            robust: argv.robust,
          });
        }),
    )
    .command(
      "sensitivity <scenario>",
      "run a scenario at the low and high end of each undocumented knob it uses, one at a time; write sensitivity.json, .md, .html and a tornado chart",
      (y) =>
        runManyOptions(
          y
            .positional("scenario", {
              type: "string",
              demandOption: true,
              describe: "scenario file (YAML or JSON)",
            })
            .option("out", {
              alias: "o",
              type: "string",
              describe: "output folder (default reports/<name>-sensitivity/)",
            }),
          "seeds per run (scenario seed + 0..N-1); values are their means",
        ).example(
          "$0 sensitivity scenarios/ptu-native-spillover.yaml",
          "which unpublished behaviour moves 429s, spillover, latency and cost most",
        ),
      (argv) =>
        guarded(async () => {
          const { sensitivityCommand } = await import("./sensitivity-command.js");
          return sensitivityCommand({
            scenario: argv.scenario as string,
            out: argv.out,
            workers: argv.workers,
            replications: argv.replications,
            sets: argv.set ?? [],
            maxRequests: argv["max-requests"],
            quiet: argv.quiet,
          });
        }),
    )
    .command(
      "size",
      "PTUs from Microsoft's sizing formula, for a call rate and token sizes or for a trace",
      (y) =>
        y
          .option("model", {
            type: "string",
            describe: "catalog model (optional with --input-tpm-per-ptu and --output-weight)",
          })
          .option("sku", {
            type: "string",
            default: PROVISIONED_SKUS[0],
            describe: "provisioned SKU (minimum and increment)",
          })
          .option("rpm", { type: "number", describe: SIZING_LIMITS.rpm.help })
          .option("prompt-tokens", { type: "number", describe: SIZING_LIMITS.promptTokens.help })
          .option("completion-tokens", { type: "number", describe: SIZING_LIMITS.completionTokens.help })
          .option("cache-rate", { type: "number", describe: SIZING_LIMITS.cacheRate.help })
          .option("input-tpm-per-ptu", { type: "number", describe: SIZING_LIMITS.inputTpmPerPtu.help })
          .option("output-weight", { type: "number", describe: SIZING_LIMITS.outputWeight.help })
          .option("trace", {
            type: "string",
            describe: "size a trace at its mean and its peak minute instead",
          })
          .option("format", {
            alias: "f",
            type: "string",
            default: "azure-llm",
            describe: "trace format (with --trace)",
          })
          .option("columns", {
            type: "string",
            describe: "trace column mapping for csv/jsonl (with --trace)",
          })
          .option("json", {
            type: "boolean",
            default: false,
            describe: "print JSON: { ptu, rawPtu, normalizedTpm, ... }",
          })
          .example(
            "$0 size --model gpt-4o-mini --rpm 1000 --prompt-tokens 5000 --completion-tokens 50",
            "145 PTU",
          ),
      (argv) =>
        guarded(async () => {
          const { sizeCommand } = await import("./size-command.js");
          return sizeCommand({
            model: argv.model,
            sku: argv.sku,
            rpm: argv.rpm,
            promptTokens: argv["prompt-tokens"],
            completionTokens: argv["completion-tokens"],
            cacheRate: argv["cache-rate"],
            inputTpmPerPtu: argv["input-tpm-per-ptu"],
            outputWeight: argv["output-weight"],
            trace: argv.trace,
            format: argv.format,
            columns: argv.columns,
            json: argv.json,
          });
        }),
    )
    .command(
      "compare <inputs..>",
      "compare reports or scenarios side by side: requests, 429s, spillover, latency, cost, deltas vs the first",
      (y) =>
        y
          .positional("inputs", {
            type: "string",
            array: true,
            demandOption: true,
            describe: "report.json or scenario files",
          })
          .option("out", {
            alias: "o",
            type: "string",
            describe: "write compare.md, compare.html and charts/compare-cost.png here",
          })
          .option("format", {
            alias: "f",
            type: "string",
            default: "md,html,png",
            describe: "outputs with --out: md,html,png",
          })
          .option("label", {
            type: "string",
            array: true,
            describe:
              "column name for each input, in order (repeatable), e.g. --label 'PTU 100' --label 'pay-as-you-go'",
          })
          .option("set", {
            alias: "s",
            type: "string",
            array: true,
            describe: "override a value in every scenario: path=value",
          })
          .option("seed", { type: "number", describe: "override every scenario's seed" })
          .option("max-requests", {
            type: "number",
            describe: "refuse runs simulating more requests than this (default 100,000,000)",
          }),
      (argv) =>
        guarded(async () => {
          const { compareCommand } = await import("./compare-command.js");
          return compareCommand(argv.inputs as string[], {
            out: argv.out,
            format: argv.format,
            labels: argv.label,
            sets: argv.set ?? [],
            seed: argv.seed,
            maxRequests: argv["max-requests"],
          });
        }),
    )
    .command(
      "check <inputs..>",
      "run scenarios as CI checks: SLOs (error/warn), baselines with tolerances, Markdown and JUnit",
      (y) =>
        y
          .positional("inputs", {
            type: "string",
            array: true,
            demandOption: true,
            describe: "scenario files or folders",
          })
          .option("baseline", {
            alias: "b",
            type: "string",
            describe: "folder of baselines (<name>.report.json)",
          })
          .option("update-baseline", {
            type: "boolean",
            default: false,
            describe: "write the baselines instead of comparing",
          })
          .option("junit", { type: "string", describe: "write JUnit XML to this file" })
          .option("out", {
            alias: "o",
            type: "string",
            describe: "reports and check.md go here (default reports/check/)",
          })
          .option("set", {
            alias: "s",
            type: "string",
            array: true,
            describe: "override a value in every scenario: path=value",
          })
          .option("tolerance", {
            type: "string",
            array: true,
            describe: "KEY=TOLERANCE, e.g. latency=15%, cost=10%, rates=0.01, latency.e2e.p95=20%",
          })
          .option("max-requests", {
            type: "number",
            describe: "refuse runs simulating more requests than this (default 100,000,000)",
          })
          .example(
            "$0 check scenarios/regression --baseline reports/baselines --junit junit.xml",
            "CI regression suite",
          ),
      (argv) =>
        guarded(async () => {
          const { checkCommand } = await import("./check-command.js");
          return checkCommand({
            inputs: argv.inputs as string[],
            baseline: argv.baseline,
            updateBaseline: argv["update-baseline"],
            junit: argv.junit,
            out: argv.out,
            sets: argv.set ?? [],
            tolerance: argv.tolerance ?? [],
            maxRequests: argv["max-requests"],
          });
        }),
    )
    .command(catalogCommandModule(guarded))
    .command(forecastCommandModule(guarded))
    .command(
      "schema",
      "print the scenario's JSON Schema (for editor completion)",
      (y) =>
        y.option("out", {
          alias: "o",
          type: "string",
          describe: "write it to this file instead of stdout",
        }),
      (argv) =>
        guarded(async () => {
          const { schemaCommand } = await import("./schema-command.js");
          return schemaCommand(argv.out);
        }),
    )
    .command(pricesCommand(guarded))
    .command("trace", "inspect a trace file: stats, fit", (y) =>
      y
        .command(
          "stats <file>",
          "rows, rates, token distributions, burstiness and the PTUs the sizing formula gives",
          (t) =>
            traceOptions(t)
              .option("json", {
                type: "boolean",
                default: false,
                describe: "print JSON (fields: rows, durationSeconds, promptTokens.sum, ...)",
              })
              .option("model", { type: "string", default: "gpt-4.1", describe: "model for PTU sizing" })
              .option("sku", {
                type: "string",
                default: PROVISIONED_SKUS[0],
                describe: "provisioned SKU for minimum/increment",
              })
              .example("$0 trace stats traces/conv.csv --model gpt-4o", "summarize an Azure LLM trace"),
          (argv) =>
            guarded(async () => {
              const { traceStatsCommand } = await import("./trace-command.js");
              return traceStatsCommand({
                file: argv.file as string,
                format: argv.format,
                columns: argv.columns,
                onBadRow: argv["on-bad-row"],
                tag: argv.tag,
                json: argv.json,
                model: argv.model,
                sku: argv.sku,
              });
            }),
        )
        .command(
          "fit <file>",
          "print a traffic block (rate profile, token sizes) that reproduces the trace's shape",
          (t) =>
            traceOptions(t)
              .option("step", {
                type: "string",
                default: "1m",
                describe: "rate profile step (whole minutes)",
              })
              .option("tokens", {
                type: "string",
                default: "empirical",
                describe: "token sizes: empirical (100 quantiles) or lognormal",
              })
              .option("name", { type: "string", default: "fitted", describe: "workload name" }),
          (argv) =>
            guarded(async () => {
              const { traceFitCommand } = await import("./trace-command.js");
              return traceFitCommand({
                file: argv.file as string,
                format: argv.format,
                columns: argv.columns,
                onBadRow: argv["on-bad-row"],
                tag: argv.tag,
                step: argv.step,
                tokens: argv.tokens,
                name: argv.name,
              });
            }),
        )
        .demandCommand(1, "name a trace command: stats or fit"),
    )
    .demandCommand(
      1,
      "name a command: run, validate, report, plan, sensitivity, forecast, size, compare, check, catalog, prices, trace or schema",
    )
    .strict()
    .help()
    .alias("h", "help")
    .version(VERSION)
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .exitProcess(false)
    .fail((message, error) => {
      if (error !== undefined && error !== null) throw error;
      // Throwing ends the parse: with exitProcess(false) yargs would otherwise go on to run the command.
      throw new SpillwayError("", [{ path: "", message: `${message} (run "spillway --help" for usage)` }]);
    });

  try {
    await parser.parseAsync();
  } catch (error) {
    code = failureCode(error);
  }
  return code;
}
