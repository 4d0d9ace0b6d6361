/** `spillway report REPORT.json`: re-renders the outputs from a report without simulating again. */
import { dirname } from "node:path";
import { excerpt } from "../errors.js";
import { describeValue, parseReport, problemLine } from "../report/report-schema.js";
import { REPORT_SCHEMA_VERSION, type Report } from "../report/report-types.js";
import { readTextFile } from "./files.js";
import { ExitCode, InputError } from "./io.js";
import { parseFormats, writeOutputs } from "./outputs.js";

/**
 * Reads a report.json and checks it against the report schema, so nothing downstream renders a damaged or
 * hand-edited file; throws InputError naming the file and the JSON path of the first problem.
 */
export function readReport(file: string): Report {
  const text = readTextFile(file, "report");
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `${file}: not JSON (${excerpt((error as Error).message, 120)}); pass the report.json that spillway run wrote`,
    );
  }
  const version = (data as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (data === null || typeof data !== "object" || version !== REPORT_SCHEMA_VERSION) {
    throw new InputError(
      `${file}: schemaVersion is ${describeValue(version)}, this spillway renders version ${REPORT_SCHEMA_VERSION}; re-run the scenario`,
    );
  }
  const parsed = parseReport(data);
  if (!parsed.ok) {
    throw new InputError(problemLine(file, parsed.problems, "pass the report.json that spillway run wrote"));
  }
  return parsed.value;
}

/** Runs the command; returns the exit code. */
export async function reportCommand(
  file: string,
  out: string | undefined,
  format: string,
  chartWorkload?: string,
): Promise<number> {
  const formats = parseFormats(format);
  const report = readReport(file);
  const dir = out ?? dirname(file);
  const written = await writeOutputs(report, dir, formats, { chartWorkload });
  process.stdout.write(`wrote ${written.join(", ")} to ${dir}/\n`);
  return ExitCode.Ok;
}
