import { readFileSync } from "node:fs";
/** `spillway compare A B ...`: reports or scenarios side by side, each against the first; Markdown on stdout. */
import { basename, join } from "node:path";
import { buildComparison, renderComparisonHtml, renderComparisonMarkdown } from "../report/compare.js";
import type { Report } from "../report/report-types.js";
import { runScenario } from "../simulate/run-scenario.js";
import { ExitCode, InputError, loadScenarioFile, writeFileAtomic } from "./io.js";
import { readReport } from "./report-command.js";

/** Outputs `compare --format` accepts. */
const COMPARE_FORMATS = ["md", "html"] as const;
type CompareFormat = (typeof COMPARE_FORMATS)[number];

/** Parsed options of `spillway compare`. */
export interface CompareOptions {
  /** Folder for compare.md and compare.html (nothing is written without it). */
  out?: string;
  /** Comma-separated outputs written to `out`: md, html. */
  format: string;
  /** `path=value` overrides applied to every scenario input (not to report.json inputs: they are already run). */
  sets: string[];
  /** Seed override for every scenario input. */
  seed?: number;
}

function parseCompareFormats(text: string): Set<CompareFormat> {
  const formats = text
    .split(",")
    .map((f) => f.trim())
    .filter((f) => f !== "");
  const unknown = formats.filter((f) => !(COMPARE_FORMATS as readonly string[]).includes(f));
  if (unknown.length > 0 || formats.length === 0) {
    throw new InputError(
      `--format: unknown output "${unknown.join(",")}"; compare writes ${COMPARE_FORMATS.join(",")}`,
    );
  }
  return new Set(formats as CompareFormat[]);
}

/** Whether a JSON file is a report (it carries schemaVersion) rather than a scenario. */
function isReportFile(path: string): boolean {
  try {
    const data = JSON.parse(readFileSync(path, "utf8")) as { schemaVersion?: unknown } | null;
    return data !== null && typeof data === "object" && "schemaVersion" in data;
  } catch {
    return true; // unreadable or not JSON: readReport says why
  }
}

/** Reads a report.json, or loads and runs a scenario file. */
function reportOf(input: string, options: CompareOptions): Report {
  // A .json input is a report when it says so (schemaVersion); a JSON scenario is loaded like a YAML one.
  if (input.toLowerCase().endsWith(".json") && isReportFile(input)) return readReport(input);
  return runScenario(loadScenarioFile(input, { sets: options.sets, seed: options.seed })).report;
}

/**
 * Column labels: the scenario name, then for names shared by several inputs the file name, then the path as given
 * (two report.json files in different folders share their file name), then a position, so every header is unique.
 */
export function compareLabels(inputs: { file: string; name: string }[]): string[] {
  const unique = (labels: string[]) => (label: string) => labels.filter((l) => l === label).length === 1;
  let labels = inputs.map((i) => i.name);
  labels = labels.map((l, k) => (unique(labels)(l) ? l : `${inputs[k].name} (${basename(inputs[k].file)})`));
  labels = labels.map((l, k) => (unique(labels)(l) ? l : `${inputs[k].name} (${inputs[k].file})`));
  labels = labels.map((l, k) => (unique(labels)(l) ? l : `${l} #${k + 1}`));
  return labels;
}

/** Runs the command: prints the Markdown comparison, writes the requested files; exits 0 (a report, not a check). */
export async function compareCommand(inputs: string[], options: CompareOptions): Promise<number> {
  if (inputs.length < 2) {
    throw new InputError(
      `compare needs at least two inputs (report.json or scenario files), got ${inputs.length}`,
    );
  }
  // Check the cheap things before simulating anything: a typo should not cost a run.
  const formats = parseCompareFormats(options.format);
  if (options.seed !== undefined && (!Number.isInteger(options.seed) || options.seed < 0)) {
    throw new InputError(`--seed: ${options.seed} is not a non-negative integer`);
  }
  const reports = inputs.map((input) => reportOf(input, options));
  const labels = compareLabels(reports.map((r, i) => ({ file: inputs[i], name: r.scenario.name })));
  const comparison = buildComparison(reports.map((report, i) => ({ label: labels[i], report })));
  const markdown = renderComparisonMarkdown(comparison);
  process.stdout.write(markdown);
  if (options.out !== undefined) {
    const written: string[] = [];
    if (formats.has("md")) {
      writeFileAtomic(join(options.out, "compare.md"), markdown);
      written.push("compare.md");
    }
    if (formats.has("html")) {
      writeFileAtomic(join(options.out, "compare.html"), renderComparisonHtml(comparison));
      written.push("compare.html");
    }
    // stderr: stdout is the Markdown itself, ready to pipe into a PR comment.
    process.stderr.write(`wrote ${written.join(", ")} to ${options.out}/\n`);
  }
  return ExitCode.Ok;
}
