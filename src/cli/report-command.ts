/** `spillway report REPORT.json`: re-renders the outputs from a report without simulating again. */
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Report } from "../report/report-types.js";
import { REPORT_SCHEMA_VERSION } from "../report/report-types.js";
import { ExitCode, InputError } from "./io.js";
import { parseFormats, writeOutputs } from "./outputs.js";

/** Reads and checks a report.json well enough to render it; throws InputError naming the file and the problem. */
export function readReport(file: string): Report {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      `${file}: cannot read the report (${code === "ENOENT" ? "no such file" : (error as Error).message})`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `${file}: not JSON (${(error as Error).message}); pass the report.json that spillway run wrote`,
    );
  }
  const report = data as Partial<Report>;
  if (report === null || typeof report !== "object" || report.schemaVersion !== REPORT_SCHEMA_VERSION) {
    throw new InputError(
      `${file}: schemaVersion is ${JSON.stringify(report?.schemaVersion)}, this spillway renders version ${REPORT_SCHEMA_VERSION}; re-run the scenario`,
    );
  }
  for (const key of [
    "scenario",
    "requests",
    "latency",
    "deployments",
    "cost",
    "timeseries",
    "slo",
  ] as const) {
    if (report[key] === undefined)
      throw new InputError(`${file}: "${key}" is missing; pass the report.json that spillway run wrote`);
  }
  return report as Report;
}

/** Runs the command; returns the exit code. */
export async function reportCommand(file: string, out: string | undefined, format: string): Promise<number> {
  const formats = parseFormats(format);
  const report = readReport(file);
  const dir = out ?? dirname(file);
  const written = await writeOutputs(report, dir, formats);
  process.stdout.write(`wrote ${written.join(", ")} to ${dir}/\n`);
  return ExitCode.Ok;
}
