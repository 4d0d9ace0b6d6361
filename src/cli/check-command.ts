/**
 * `spillway check`: runs scenarios as a CI gate. Each scenario's error-level SLOs must hold and, with `--baseline`,
 * its tracked metrics must not regress beyond tolerance against the stored report of the same scenario name
 * (src/check/regression.ts). Prints check.md (a pull-request comment), writes each report, and JUnit on request.
 * Every scenario is loaded and every tolerance parsed before the first one runs, so bad input costs no run time.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { extname, isAbsolute, join, relative, sep } from "node:path";
import { type BaselineOutcome, checkFailed, type ScenarioCheck } from "../check/check-result.js";
import { renderJunit } from "../check/junit.js";
import { renderCheckMarkdown } from "../check/markdown.js";
import {
  checkRegressionRules,
  checkToleranceKey,
  diffReports,
  missingMetrics,
  parseTolerance,
  parseToleranceFlag,
  type RegressionRules,
  type Tolerance,
  type ToleranceOverrides,
} from "../check/regression.js";
import { parseReport, problemLine } from "../report/report-schema.js";
import { REPORT_SCHEMA_VERSION, type Report } from "../report/report-types.js";
import { runScenario } from "../run/run-scenario.js";
import { type Problem, ScenarioError } from "../scenario/problems.js";
import type { ResolvedScenario } from "../scenario/resolve.js";
import { OutputSet } from "./files.js";
import { ExitCode, InputError, loadScenarioFile, parseMaxRequests, writeFileAtomic } from "./io.js";
import { writeOutputs } from "./outputs.js";

/** Parsed options of `spillway check`. */
export interface CheckOptions {
  /** Scenario files and folders (a folder stands for its *.yaml, *.yml and *.json files). */
  inputs: string[];
  /** Folder of baselines, `<name>.report.json`. */
  baseline?: string;
  /** Write the baselines instead of comparing with them. */
  updateBaseline: boolean;
  /** Write JUnit XML to this file. */
  junit?: string;
  /** Output folder (default reports/check/). */
  out?: string;
  /** `path=value` overrides, applied to every scenario. */
  sets: string[];
  /** `KEY=TOLERANCE` overrides: `latency=15%`, `cost=10%`, `latency.e2e.p95=20%`, `rates=0.01`. */
  tolerance: string[];
  /** Refuse scenarios whose runs would simulate more requests than this (default 100 million). */
  maxRequests?: number;
}

/** Extensions of scenario files found in a folder. */
const SCENARIO_EXTENSIONS = new Set([".yaml", ".yml", ".json"]);

/** The default output folder. */
export const DEFAULT_CHECK_OUT = join("reports", "check");

/** Runs the command; returns the exit code. */
export async function checkCommand(options: CheckOptions): Promise<number> {
  const flags = parseToleranceFlags(options.tolerance);
  if (options.updateBaseline && options.baseline === undefined) {
    throw new InputError("--update-baseline needs --baseline DIR: the folder to write the baselines to");
  }
  const files = expandInputs(options.inputs);
  const maxRequests = parseMaxRequests(options.maxRequests);
  const loaded = files.map((file) => loadForCheck(file, options.sets, maxRequests));
  const byName = new Map<string, string>();
  for (const { file, scenario } of loaded) {
    const other = byName.get(scenario.name);
    if (other !== undefined) {
      throw new InputError(
        `${file}: scenario name "${scenario.name}" is also used by ${other}; reports and baselines are keyed by name, so names must differ`,
      );
    }
    byName.set(scenario.name, file);
  }

  const out = options.out ?? DEFAULT_CHECK_OUT;
  // The check's outputs are one set: each scenario's report.json and summary.md, and check.md.
  const set = new OutputSet(out);
  try {
    return await runChecks(options, loaded, set, flags);
  } finally {
    set.abort();
  }
}

/** Runs every loaded scenario, compares and writes; returns the exit code. */
async function runChecks(
  options: CheckOptions,
  loaded: ReturnType<typeof loadForCheck>[],
  set: OutputSet,
  flags: Record<string, Tolerance>,
): Promise<number> {
  const checks: ScenarioCheck[] = [];
  const newBaselines: { path: string; text: string }[] = [];
  for (const { file, scenario, tolerances, rules } of loaded) {
    const { report } = runScenario(scenario);
    const folder = {
      write: (name: string, data: string | Uint8Array) => set.write(join(scenario.name, name), data),
    };
    await writeOutputs(report, folder, new Set(["json", "md"]));
    let baseline: BaselineOutcome = { status: "none" };
    if (options.baseline !== undefined) {
      const path = join(options.baseline, `${scenario.name}.report.json`);
      const overrides = { flags, scenario: tolerances, rules };
      baseline = compareWithBaseline(path, report, overrides, options.updateBaseline);
      if (options.updateBaseline) newBaselines.push({ path, text: reportText(report) });
    }
    checks.push({ scenario: scenario.name, file: shownPath(file), report, baseline: shownOutcome(baseline) });
  }
  // Baselines are written only once every scenario has run, so a crash half-way leaves the old set intact.
  for (const b of newBaselines) writeFileAtomic(b.path, b.text);

  const markdown = renderCheckMarkdown(checks);
  set.write("check.md", markdown);
  if (options.junit !== undefined) writeFileAtomic(options.junit, renderJunit(checks), "JUnit file");
  set.commit();
  process.stdout.write(markdown);
  for (const c of checks) {
    if (c.baseline.status === "missing" || c.baseline.status === "incompatible") {
      process.stderr.write(
        `spillway check: ${c.scenario}: ${c.baseline.status === "missing" ? "no baseline" : "unusable baseline"} at ${c.baseline.path}; ` +
          "run spillway check with --update-baseline to write it, then commit it\n",
      );
    }
  }
  return checks.some(checkFailed) ? ExitCode.CheckFailed : ExitCode.Ok;
}

/**
 * A path as check.md, JUnit and the terminal show it: relative to the working folder when it lies inside it, so a
 * pull-request comment names `scenarios/a.yaml`, not the runner's checkout (`/home/runner/work/repo/repo/...`);
 * with forward slashes, as a repository shows paths.
 */
export function shownPath(path: string, cwd = process.cwd()): string {
  const inside = relative(cwd, path);
  const escapes = inside === ".." || inside.startsWith(`..${sep}`) || isAbsolute(inside);
  const shown = isAbsolute(path) && inside !== "" && !escapes ? inside : path;
  return shown.split(sep).join("/");
}

/** The outcome with its baseline path as {@link shownPath} gives it. */
function shownOutcome(outcome: BaselineOutcome): BaselineOutcome {
  return outcome.status === "none" ? outcome : { ...outcome, path: shownPath(outcome.path) };
}

/** The baseline side of one scenario's check: compared, missing, unusable, or (when updating) replaced. */
function compareWithBaseline(
  path: string,
  report: Report,
  overrides: ToleranceOverrides,
  update: boolean,
): BaselineOutcome {
  if (update) {
    // The replaced baseline is still worth a table: it shows what the update moves, for the commit message.
    // A broken one is simply replaced, since rewriting it is how the user repairs it.
    let stored: StoredBaseline | undefined;
    try {
      stored = readBaseline(path);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
    }
    const diff = stored?.status === "ok" ? diffReports(stored.report, report, overrides) : undefined;
    return { status: "updated", path, diff };
  }
  const stored = readBaseline(path);
  switch (stored.status) {
    case "ok":
      // A baseline of another scenario would compare unrelated numbers: refuse it rather than diff it.
      if (stored.report.scenario?.name !== report.scenario.name) {
        return {
          status: "incompatible",
          path,
          reason: `it is the baseline of scenario "${stored.report.scenario?.name}", not "${report.scenario.name}"`,
        };
      }
      return { status: "compared", path, diff: diffReports(stored.report, report, overrides) };
    case "missing":
      return { status: "missing", path };
    case "incompatible":
      return { status: "incompatible", path, reason: stored.reason };
  }
}

/** The `--tolerance` flags by key; a bad one is an input error (exit 2). */
function parseToleranceFlags(flags: readonly string[]): Record<string, Tolerance> {
  const parsed: Record<string, Tolerance> = {};
  for (const flag of flags) {
    const result = parseToleranceFlag(flag);
    if (typeof result === "string") throw new InputError(result);
    parsed[result.key] = result.tolerance;
  }
  return parsed;
}

/** Files named, and the scenario files of folders named (sorted, not recursive), in the order given. */
export function expandInputs(inputs: readonly string[]): string[] {
  if (inputs.length === 0) throw new InputError("check: name at least one scenario file or folder");
  const files: string[] = [];
  for (const input of inputs) {
    let isFolder: boolean;
    try {
      isFolder = statSync(input).isDirectory();
    } catch {
      throw new InputError(`${input}: no such scenario file or folder`);
    }
    if (!isFolder) {
      files.push(input);
      continue;
    }
    const found = readdirSync(input)
      .filter((name) => SCENARIO_EXTENSIONS.has(extname(name).toLowerCase()))
      .sort()
      .map((name) => join(input, name));
    if (found.length === 0)
      throw new InputError(`${input}: no *.yaml, *.yml or *.json scenarios in this folder`);
    files.push(...found);
  }
  return files;
}

/**
 * Loads a scenario and parses its `regression:` tolerances and rules; all fail with every problem before anything
 * runs.
 */
function loadForCheck(
  file: string,
  sets: string[],
  maxRequests: number,
): {
  file: string;
  scenario: ResolvedScenario;
  tolerances: Record<string, Tolerance>;
  rules: RegressionRules;
} {
  const scenario = loadScenarioFile(file, { sets, maxRequests });
  const tolerances: Record<string, Tolerance> = {};
  const rules: RegressionRules = {
    report: scenario.validated.regression?.report,
    regress: scenario.validated.regression?.regress,
  };
  const problems: Problem[] = checkRegressionRules(rules).map((p) => ({
    path: `regression.${p.path}`,
    message: p.message,
  }));
  for (const [key, raw] of Object.entries(scenario.validated.regression?.tolerances ?? {})) {
    const path = `regression.tolerances.${key}`;
    const keyProblem = checkToleranceKey(key);
    if (keyProblem !== undefined) {
      problems.push({ path, message: keyProblem });
      continue;
    }
    const tolerance = parseTolerance(raw);
    if (typeof tolerance === "string") problems.push({ path, message: tolerance });
    else tolerances[key] = tolerance;
  }
  if (problems.length > 0) throw new ScenarioError(file, problems);
  return { file, scenario, tolerances, rules };
}

/** report.json as `spillway run` writes it: the same bytes, so an unchanged run equals its baseline byte for byte. */
function reportText(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** A stored baseline, read and checked. */
type StoredBaseline =
  | { status: "ok"; report: Report }
  | { status: "missing" }
  | { status: "incompatible"; reason: string };

/**
 * Reads a baseline. Missing or of another report.json version: a check failure the user fixes with
 * --update-baseline. Not JSON, or not a valid report (the report schema): invalid input (exit 2), since a rewrite
 * would hide the cause.
 */
function readBaseline(path: string): StoredBaseline {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { status: "missing" };
    throw new InputError(`${path}: cannot read the baseline (${(error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${path}: the baseline is not JSON (${(error as Error).message})`);
  }
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (json === null || typeof json !== "object" || typeof version !== "number") {
    throw new InputError(`${path}: not a spillway report.json (no schemaVersion)`);
  }
  if (version !== REPORT_SCHEMA_VERSION) {
    return {
      status: "incompatible",
      reason: `it is report.json version ${version}, this spillway writes version ${REPORT_SCHEMA_VERSION}`,
    };
  }
  const missing = missingMetrics(json as Report);
  if (missing.length > 0) {
    throw new InputError(`${path}: the baseline lacks ${missing.join(", ")}; is it a spillway report.json?`);
  }
  // The tracked metrics are there; the rest is checked too, since check.md and JUnit render the baseline's fields.
  const parsed = parseReport(json);
  if (!parsed.ok) {
    throw new InputError(
      problemLine(
        path,
        parsed.problems,
        "restore the baseline, or rewrite it with spillway check --update-baseline",
      ),
    );
  }
  return { status: "ok", report: parsed.value };
}
