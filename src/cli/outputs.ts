/**
 * Writes the outputs a user asked for, all rendered from report.json alone: report.json, summary.md, report.html,
 * charts/*.png, timeseries.csv and costs.focus.csv (the cost in FOCUS, src/report/focus.ts). Renderers are imported only for the formats requested (PNG drawing loads a native
 * canvas and fonts; a `--format json` run should not pay for it).
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ExitCode, SpillwayError } from "../errors.js";
import type { Report } from "../report/report-types.js";
import { nearestKey } from "../scenario/suggest.js";
import { OutputSet } from "./files.js";
import { InputError } from "./io.js";

/** Every output `--format` accepts. */
export const OUTPUT_FORMATS = ["json", "md", "html", "png", "csv", "focus"] as const;
/** An output format. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
/** What `run` and `report` write when `--format` is not given. */
export const DEFAULT_FORMATS = "json,md,html,png";

/** Parses `--format json,md,...`, rejecting unknown outputs with the list of known ones. */
export function parseFormats(text: string): Set<OutputFormat> {
  const formats = text
    .split(",")
    .map((f) => f.trim())
    .filter((f) => f !== "");
  const unknown = formats.filter((f) => !(OUTPUT_FORMATS as readonly string[]).includes(f));
  if (unknown.length > 0 || formats.length === 0) {
    throw new InputError(
      `--format: unknown output "${unknown.join(",")}"; choose from ${OUTPUT_FORMATS.join(",")}`,
    );
  }
  return new Set(formats as OutputFormat[]);
}

/** Chart.js's browser build, inlined into report.html so it opens with no network. */
export function chartJsSource(): string {
  const require = createRequire(import.meta.url);
  return readFileSync(join(dirname(require.resolve("chart.js")), "chart.umd.min.js"), "utf8");
}

/** The file the build bundles report.html's page script into (src/report/page/bundle.config.mjs). */
export const REPORT_PAGE_FILE = join("dist", "report-page.js");

/**
 * report.html's page script, as the build bundled it. Found from this module up to the package root, so it is found
 * from the bundled CLI (dist/spillway.mjs, beside it), from the compiled library (dist/src/cli/) and from the sources
 * (src/cli/, as the tests run them: `npm test` builds first).
 */
export function reportPageSource(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    for (const file of [join(dir, "report-page.js"), join(dir, REPORT_PAGE_FILE)]) {
      if (existsSync(file)) return readFileSync(file, "utf8");
    }
    if (existsSync(join(dir, "package.json")) || dirname(dir) === dir) break;
  }
  throw new SpillwayError(
    "report.html",
    [{ path: "", message: `the page script ${REPORT_PAGE_FILE} is missing: run \`npm run build\`` }],
    ExitCode.Internal,
  );
}

/** Options of {@link writeOutputs}. */
export interface RenderOptions {
  /** Also chart this workload's series (`--chart-workload NAME`): `charts/workload-NAME.png`, in summary.md and report.html. */
  chartWorkload?: string;
}

/**
 * Refuses a `--chart-workload` that names no workload of `known` (the scenario's or the report's), with the nearest
 * name when it looks like a typo, so a bad flag costs no run.
 */
export function checkChartWorkload(name: string | undefined, known: readonly string[]): void {
  // Known names are checked names (the scenario's, or a report that passed its schema): safe in a file name.
  if (name === undefined || known.includes(name)) return;
  const near = nearestKey(name, known);
  throw new InputError(
    `--chart-workload: no workload "${name}"${near === undefined ? "" : `; did you mean "${near}"?`} ` +
      `(workloads: ${known.length === 0 ? "none" : known.join(", ")})`,
  );
}

/** Where rendered outputs go: an {@link OutputSet}, or a view of one (a subfolder of a check's set). */
export interface OutputSink {
  /** Adds a whole file, by name relative to the sink. */
  write(name: string, data: string | Uint8Array): void;
}

/**
 * Renders the requested outputs into an output set (not yet committed), or into folder `out` as a set of its own that
 * keeps the folder's other files (`spillway report` re-renders beside the report.json it read). Returns the names
 * written, relative to the folder.
 */
export async function writeOutputs(
  report: Report,
  out: string | OutputSink,
  formats: Set<OutputFormat>,
  options: RenderOptions = {},
): Promise<string[]> {
  const chartWorkload = options.chartWorkload;
  checkChartWorkload(chartWorkload, Object.keys(report.timeseries.workloads ?? {}));
  // A folder named by its path is a set of its own, committed here; a sink belongs to the caller.
  const owned = typeof out === "string" ? new OutputSet(out, true) : undefined;
  const set: OutputSink = owned ?? (out as OutputSink);
  const written: string[] = [];
  const write = (name: string, data: string | Uint8Array) => {
    set.write(name, data);
    written.push(name);
  };
  try {
    if (formats.has("json")) write("report.json", `${JSON.stringify(report, null, 2)}\n`);
    if (formats.has("png")) {
      const { renderAllPngs } = await import("../report/png.js");
      for (const chart of renderAllPngs(report, { chartWorkload }))
        write(join("charts", `${chart.name}.png`), chart.png);
    }
    if (formats.has("md")) {
      const { renderMarkdown } = await import("../report/markdown.js");
      write("summary.md", renderMarkdown(report, { charts: formats.has("png"), chartWorkload }));
    }
    if (formats.has("html")) {
      const { renderHtml } = await import("../report/html.js");
      write(
        "report.html",
        renderHtml(report, { chartJs: chartJsSource(), pageScript: reportPageSource(), chartWorkload }),
      );
    }
    if (formats.has("csv")) {
      const { renderTimeseriesCsv } = await import("../report/csv.js");
      write("timeseries.csv", renderTimeseriesCsv(report));
    }
    if (formats.has("focus")) {
      const { renderFocusCsv } = await import("../report/focus.js");
      write("costs.focus.csv", renderFocusCsv(report));
    }
    owned?.commit();
  } finally {
    owned?.abort();
  }
  return written;
}
