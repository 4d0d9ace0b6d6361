/**
 * `spillway sensitivity`: the command line of src/plan/sensitivity.ts. It gives the analysis this machine's files and
 * the planner's worker threads, writes sensitivity.json, sensitivity.md, sensitivity.html and the tornado chart as one
 * output set, prints the compact table and returns the exit code (0: the analysis reports, it judges nothing).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { prepareSensitivity, type Sensitivity } from "../plan/sensitivity.js";
import { createTaskRunner } from "../plan/worker-pool.js";
import { OutputSet } from "./files.js";
import { ExitCode, InputError, parseMaxRequests } from "./io.js";
import { parseWorkers, plannerIo } from "./plan-command.js";

/** Parsed options of `spillway sensitivity`. */
export interface SensitivityOptions {
  /** Scenario file. */
  scenario: string;
  /** Output folder (default reports/<name>-sensitivity/). */
  out?: string;
  /** Worker threads (0 = one per core, 1 = in this thread). */
  workers: number;
  /** Replications per run. */
  replications: number;
  /** `--set` applied to every run. */
  sets: string[];
  /** Refuse runs simulating more requests than this (default 100 million). */
  maxRequests?: number;
  /** Print nothing but errors. */
  quiet: boolean;
}

/** Runs the command; returns the exit code. */
export async function sensitivityCommand(options: SensitivityOptions): Promise<number> {
  if (options.scenario === undefined) throw new InputError("sensitivity needs a scenario file");
  const workers = parseWorkers(options.workers);
  const maxRequests = parseMaxRequests(options.maxRequests);
  const file = options.scenario;
  const runner = createTaskRunner(workers, (path) => readFileSync(path, "utf8"));
  try {
    const prepared = prepareSensitivity(
      { file, sets: options.sets, replications: options.replications, maxRequests },
      plannerIo(file, options, runner, "sensitivity"),
    );
    const out = options.out ?? join("reports", `${prepared.name}-sensitivity`);
    const started = Date.now();
    // The folder is checked (and staged) before the runs: a bad --out must not cost the analysis.
    const set = new OutputSet(out);
    let result: Sensitivity;
    try {
      result = await prepared.run();
      await writeSensitivity(set, result);
      set.commit();
    } finally {
      set.abort();
    }
    if (!options.quiet) {
      const { renderSensitivityTerminal } = await import("../plan/sensitivity-report.js");
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      process.stdout.write(
        `${renderSensitivityTerminal(result)}\nwrote sensitivity.json, sensitivity.md, sensitivity.html, charts/sensitivity.png to ${out}/ (${result.runs} runs on ${workers} worker(s), ${seconds} s)\n`,
      );
    }
    return ExitCode.Ok;
  } finally {
    await runner.close();
  }
}

/** Renders every output of the analysis into `set` (not yet committed). */
async function writeSensitivity(set: OutputSet, s: Sensitivity): Promise<void> {
  const report = await import("../plan/sensitivity-report.js");
  const { renderStackedPng } = await import("../report/sensitivity-png.js");
  const defs = report.sensitivityCharts(s);
  const { pngs, stacked } = renderStackedPng(
    defs.map((def) => ({ def, height: report.tornadoHeight(def.config.data.labels.length) })),
  );
  set.write("sensitivity.json", `${JSON.stringify(s, null, 2)}\n`);
  set.write("sensitivity.md", report.renderSensitivityMarkdown(s));
  set.write("charts/sensitivity.png", stacked);
  set.write(
    "sensitivity.html",
    report.renderSensitivityHtml(
      s,
      defs.map((def, k) => ({ def, png: pngs[k] })),
    ),
  );
}
