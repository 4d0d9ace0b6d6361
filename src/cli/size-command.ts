/**
 * `spillway size`: the sizing of src/plan/size.ts from the command line — the trace opened with its --format and
 * --columns, the result printed as text or JSON.
 */
import {
  computeSize,
  type SizePoint,
  type SizeRequest,
  type SizeResult,
  type SizeTraceOpener,
} from "../plan/size.js";
import { ExitCode } from "./io.js";
import { openTraceFromOptions } from "./trace-command.js";

/** Options of {@link sizeCommand}, as the CLI parses them. */
export interface SizeOptions extends SizeRequest {
  /** Trace format. */
  format: string;
  /** Trace column mapping, `key=value,...`. */
  columns?: string;
  /** Print JSON instead of text. */
  json: boolean;
}

/**
 * Opens a trace to size, the way `trace stats` does, with `--format` and `--columns` checked when it is opened (bad
 * rows are an error: sizing from a partly read file would mislead).
 */
export function sizeTraceOpener(format: string, columnsText: string | undefined): SizeTraceOpener {
  return (file) => openTraceFromOptions({ file, format, columns: columnsText, onBadRow: "error" });
}

function render(r: SizeResult): string {
  const n = (x: number, d = 0) =>
    x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
  // Call rates and token means from a trace are fractional; typed-in figures usually are not.
  const v = (x: number) => n(x, Number.isInteger(x) ? 0 : 1);
  const pct = (x: number) => `${n(x * 100, x * 100 === Math.round(x * 100) ? 0 : 1)}%`;
  const from = r.source === "catalog" ? "catalog" : r.source === "options" ? "given" : "catalog, overridden";
  const line = (label: string, p: SizePoint) =>
    `  ${label.padEnd(20)}${n(p.ptu)} PTU (raw ${n(p.rawPtu, 2)}; ${v(p.rpm)} RPM × ${v(p.promptTokens)} in / ${v(p.completionTokens)} out → ${n(p.normalizedTpm)} normalized TPM)`;
  const lines = [
    `PTU sizing${r.model === null ? "" : ` for ${r.model}`}, ${r.sku} (Microsoft's sizing formula [S3])`,
    `  input TPM per PTU   ${n(r.inputTpmPerPtu)} (${from})`,
    `  output weight       ${n(r.outputWeight, 2).replace(/\.?0+$/, "")} (${from})`,
    `  minimum / increment ${n(r.minimum)} / ${n(r.increment)} PTU`,
    `  cache rate          ${pct(r.cacheRate)}${r.trace === null ? "" : r.trace.cacheRateSource === "trace" ? " (from the trace)" : r.trace.cacheRateSource === "none" ? " (the trace has no cached tokens)" : ""}`,
  ];
  if (r.trace === null) {
    lines.push(
      `  input TPM           ${n(r.inputTpm)} (${v(r.rpm)} RPM × ${v(r.promptTokens)})`,
      `  output TPM          ${n(r.outputTpm)} (${v(r.rpm)} RPM × ${v(r.completionTokens)})`,
      `  normalized TPM      ${n(r.normalizedTpm)} (input × (1 − cache rate) + output weight × output)`,
      `  PTUs                ${n(r.ptu)} (raw ${n(r.rawPtu, 2)})`,
    );
  } else {
    lines.push(
      `  trace               ${r.trace.file}: ${n(r.trace.rows)} rows over ${n(r.trace.durationSeconds, 1)} s`,
      line("at the mean", r.trace.atMean),
      line("at the peak minute", r.trace.atPeakMinute),
    );
  }
  return `${lines.join("\n")}\n`;
}

/** The sizing the command's options ask for (the trace opened with their --format and --columns); prints nothing. */
export function sizeFromOptions(options: SizeOptions): SizeResult {
  return computeSize(options, sizeTraceOpener(options.format, options.columns));
}

/** `spillway size`: prints the sizing (text or JSON); returns the exit code. */
export async function sizeCommand(options: SizeOptions): Promise<number> {
  const result = sizeFromOptions(options);
  process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : render(result));
  return ExitCode.Ok;
}
