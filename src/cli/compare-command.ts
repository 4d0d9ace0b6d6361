import { readFileSync } from "node:fs";
/** `spillway compare A B ...`: reports or scenarios side by side, each against the first; Markdown on stdout. */
import { basename } from "node:path";
import {
  buildComparison,
  comparisonCostChart,
  renderComparisonHtml,
  renderComparisonMarkdown,
} from "../report/compare.js";
import type { Report } from "../report/report-types.js";
import { runScenario } from "../run/run-scenario.js";
import type { ResolvedScenario } from "../scenario/resolve.js";
import { OutputSet } from "./files.js";
import { ExitCode, InputError, loadScenarioFile, parseMaxRequests } from "./io.js";
import { readReport } from "./report-command.js";

/** Outputs `compare --format` accepts (png: charts/compare-cost.png, which compare.html also embeds). */
const COMPARE_FORMATS = ["md", "html", "png"] as const;
type CompareFormat = (typeof COMPARE_FORMATS)[number];

/** Parsed options of `spillway compare`. */
export interface CompareOptions {
  /** Folder for compare.md, compare.html and charts/compare-cost.png (nothing is written without it). */
  out?: string;
  /** Comma-separated outputs written to `out`: md, html, png. */
  format: string;
  /** Column labels, one per input in order (`--label`, repeatable); derived from the scenario names when absent. */
  labels?: string[];
  /** `path=value` overrides applied to every scenario input (not to report.json inputs: they are already run). */
  sets: string[];
  /** Seed override for every scenario input. */
  seed?: number;
  /** Refuse scenario inputs whose runs would simulate more requests than this (default 100 million). */
  maxRequests?: number;
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

/** Reads a report.json, or loads (and sizes) a scenario file to run. */
function loadInput(input: string, options: CompareOptions, maxRequests: number): Report | ResolvedScenario {
  // A .json input is a report when it says so (schemaVersion); a JSON scenario is loaded like a YAML one.
  if (input.toLowerCase().endsWith(".json") && isReportFile(input)) return readReport(input);
  return loadScenarioFile(input, { sets: options.sets, seed: options.seed, maxRequests });
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
  const maxRequests = parseMaxRequests(options.maxRequests);
  const labels = options.labels ?? [];
  if (labels.length > 0) checkLabels(labels, inputs.length);
  // Every input is read (and every scenario sized) before anything runs, and the output folder is checked.
  const loaded = inputs.map((input) => loadInput(input, options, maxRequests));
  const set = options.out === undefined ? undefined : new OutputSet(options.out);
  try {
    return await compareLoaded(inputs, loaded, formats, set, labels);
  } finally {
    set?.abort();
  }
}

/** `--label` values: one per input, each non-empty and different from the others (they become column headers). */
function checkLabels(labels: string[], inputs: number): void {
  if (labels.length !== inputs) {
    throw new InputError(
      `--label: ${labels.length} label(s) for ${inputs} inputs; give one --label per input, in the same order`,
    );
  }
  const blank = labels.findIndex((l) => l.trim() === "");
  if (blank >= 0) throw new InputError(`--label: label ${blank + 1} is empty; name each input`);
  const twice = labels.find((l, k) => labels.indexOf(l) !== k);
  if (twice !== undefined)
    throw new InputError(`--label: "${twice}" is given twice; each column needs its own name`);
}

/** Runs the loaded scenarios and prints and writes the comparison. */
async function compareLoaded(
  inputs: string[],
  loaded: (Report | ResolvedScenario)[],
  formats: Set<CompareFormat>,
  set: OutputSet | undefined,
  given: string[],
): Promise<number> {
  const reports = loaded.map((input) => ("schemaVersion" in input ? input : runScenario(input).report));
  const labels =
    given.length > 0
      ? given
      : compareLabels(reports.map((r, i) => ({ file: inputs[i], name: r.scenario.name })));
  const comparison = buildComparison(reports.map((report, i) => ({ label: labels[i], report })));
  // The chart is drawn only for a file that shows it (charts/ and the HTML page); stdout stays plain Markdown.
  const chart = set === undefined ? null : comparisonCostChart(comparison);
  const wantsPng = formats.has("png") || formats.has("html");
  let png: Uint8Array | undefined;
  if (chart !== null && wantsPng) {
    const { renderChartPng } = await import("../report/png.js");
    png = renderChartPng(chart);
  }
  const markdown = renderComparisonMarkdown(comparison);
  process.stdout.write(markdown);
  if (set !== undefined) {
    const chartFile = png !== undefined && formats.has("png") ? "charts/compare-cost.png" : undefined;
    if (chartFile !== undefined && png !== undefined) set.write(chartFile, png);
    if (formats.has("md"))
      set.write("compare.md", renderComparisonMarkdown(comparison, { chart: chartFile }));
    if (formats.has("html")) set.write("compare.html", renderComparisonHtml(comparison, { chartPng: png }));
    const written = set.commit();
    // stderr: stdout is the Markdown itself, ready to pipe into a PR comment.
    process.stderr.write(`wrote ${written.join(", ")} to ${set.dir}/\n`);
  }
  return ExitCode.Ok;
}
