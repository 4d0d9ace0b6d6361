/** `spillway trace stats` and `spillway trace fit`: one streaming pass over a trace file. */
import { Document, isScalar, isSeq, visit } from "yaml";
import { isProvisioned, MODELS, PROVISIONED_SKUS } from "../catalog/index.js";
import { parseDuration } from "../units.js";
import { openTrace } from "../workload/trace/open-trace.js";
import {
  TRACE_FORMATS,
  type TraceColumns,
  type TraceFormat,
  type TraceSource,
} from "../workload/trace/trace-types.js";
import {
  findNonFinite,
  fitTraffic,
  profileTrace,
  type SizingModel,
  type TraceStats,
} from "../workload/trace-stats.js";
import { ExitCode, InputError } from "./io.js";

/** Options shared by both subcommands. */
export interface TraceReadOptions {
  /** Trace file. */
  file: string;
  /** Format name. */
  format: string;
  /** `key=value,...` column mapping. */
  columns?: string;
  /** Bad rows: error or skip. */
  onBadRow: string;
  /** Keep only rows whose tag column equals this. */
  tag?: string;
}

/** Parses `time=arrived_at,timeUnit=ms,prompt=in,completion=out` into a column mapping. */
export function parseColumns(text: string | undefined): Partial<TraceColumns> {
  if (text === undefined || text.trim() === "") return {};
  const allowed = ["time", "timeUnit", "prompt", "completion", "cached", "tag"];
  const out: Record<string, string> = {};
  for (const part of text.split(",")) {
    const [key, value] = part.split("=").map((x) => x.trim());
    if (!allowed.includes(key) || value === undefined || value === "") {
      throw new InputError(
        `--columns: "${part}" is not key=value with key one of ${allowed.join(", ")} (e.g. time=arrived_at,timeUnit=ms,prompt=in,completion=out)`,
      );
    }
    if (key === "timeUnit" && !["s", "ms", "us"].includes(value)) {
      throw new InputError(`--columns: timeUnit must be s, ms or us, not "${value}"`);
    }
    out[key] = value;
  }
  return out as Partial<TraceColumns>;
}

/**
 * Opens a trace the way every trace-reading command does: `--format` and `--on-bad-row` checked, `--columns` parsed,
 * and csv/jsonl required to name their time, prompt and completion columns.
 */
export function openTraceFromOptions(options: TraceReadOptions): TraceSource {
  if (!(TRACE_FORMATS as readonly string[]).includes(options.format)) {
    throw new InputError(
      `--format: "${options.format}" is not a trace format; use one of ${TRACE_FORMATS.join(", ")}`,
    );
  }
  if (options.onBadRow !== "error" && options.onBadRow !== "skip") {
    throw new InputError(`--on-bad-row: use error or skip, not "${options.onBadRow}"`);
  }
  const format = options.format as TraceFormat;
  const columns = parseColumns(options.columns);
  if (
    (format === "csv" || format === "jsonl") &&
    (columns.time === undefined || columns.prompt === undefined || columns.completion === undefined)
  ) {
    throw new InputError(
      `--format ${format} needs --columns time=...,prompt=...,completion=... (and timeUnit=ms for milliseconds)`,
    );
  }
  return openTrace({
    path: options.file,
    displayPath: options.file,
    format,
    columns,
    onBadRow: options.onBadRow,
    reorderWindow: 10,
    tag: options.tag,
  });
}

/** `trace stats`: prints a summary (or JSON); returns the exit code. */
export async function traceStatsCommand(
  options: TraceReadOptions & { json: boolean; model: string; sku: string },
): Promise<number> {
  const facts = Object.hasOwn(MODELS, options.model) ? MODELS[options.model] : undefined;
  if (facts === undefined) {
    throw new InputError(
      `--model: "${options.model}" is not in the catalog; use one of ${Object.keys(MODELS).join(", ")}`,
    );
  }
  if (!isProvisioned(options.sku)) {
    throw new InputError(`--sku: use one of ${PROVISIONED_SKUS.join(", ")}`);
  }
  const model: SizingModel = { name: options.model, facts, sku: options.sku };
  const { stats } = profileTrace(openTraceFromOptions(options), model);
  process.stdout.write(
    options.json ? `${JSON.stringify(stats, null, 2)}\n` : renderStats(options.file, stats),
  );
  return ExitCode.Ok;
}

/** `trace fit`: prints a `traffic:` block as YAML; returns the exit code. */
export async function traceFitCommand(
  options: TraceReadOptions & { step: string; tokens: string; name: string },
): Promise<number> {
  const step = parseDuration(options.step);
  if (step === undefined || step < 60 || step % 60 !== 0) {
    throw new InputError(`--step: "${options.step}" must be whole minutes (60s, 5m, 1h)`);
  }
  if (options.tokens !== "empirical" && options.tokens !== "lognormal") {
    throw new InputError(`--tokens: use empirical or lognormal, not "${options.tokens}"`);
  }
  const profile = profileTrace(openTraceFromOptions(options));
  const traffic = fitTraffic(profile, { name: options.name, step, tokens: options.tokens });
  // profileTrace has checked the statistics; the fitted block is derived from them, and YAML would print .inf.
  const notFinite = findNonFinite(traffic);
  if (notFinite !== undefined) {
    throw new InputError(
      `${options.file}: the fitted ${notFinite} is not a finite number; check the trace's columns`,
    );
  }
  const s = profile.stats;
  const header = [
    `# Fitted by spillway trace fit from ${options.file}: ${s.rows} rows over ${Math.round(s.durationSeconds)} s,`,
    `# mean ${s.ratePerSecond.mean.toFixed(3)} req/s, peak minute ${s.ratePerMinute.peak} requests (burstiness ${s.burstiness.toFixed(2)}).`,
    "# Paste under `traffic:` and set `via`; arrival times and token sizes keep the trace's shape, not its rows.",
  ];
  const doc = new Document([traffic]);
  // Number lists (rates, quantiles) read best on one line each; everything else stays in block style.
  visit(doc, {
    Seq(_, node) {
      if (isSeq(node) && node.items.every((item) => isScalar(item))) node.flow = true;
    },
  });
  process.stdout.write(`${header.join("\n")}\n${doc.toString({ lineWidth: 0 })}`);
  return ExitCode.Ok;
}

function renderStats(file: string, s: TraceStats): string {
  const n = (x: number, d = 0) =>
    x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
  const tokens = (t: TraceStats["promptTokens"]) =>
    `sum ${n(t.sum)}, mean ${n(t.mean, 1)}, p50 ${n(t.p50)}, p95 ${n(t.p95)}, p99 ${n(t.p99)}, max ${n(t.max)}`;
  const lines = [
    `${file}`,
    `  rows               ${n(s.rows)}${s.skipped > 0 ? ` (${n(s.skipped)} bad rows skipped)` : ""}`,
    `  duration           ${n(s.durationSeconds, 1)} s`,
    `  rate per second    mean ${n(s.ratePerSecond.mean, 2)}, peak ${n(s.ratePerSecond.peak)}`,
    `  rate per minute    mean ${n(s.ratePerMinute.mean, 1)}, peak ${n(s.ratePerMinute.peak)}`,
    `  burstiness         ${n(s.burstiness, 2)} (peak minute / mean minute)`,
    `  prompt tokens      ${tokens(s.promptTokens)}`,
    `  completion tokens  ${tokens(s.completionTokens)}`,
  ];
  if (s.cachedPromptTokens !== null) lines.push(`  cached prompt      sum ${n(s.cachedPromptTokens.sum)}`);
  if (s.ptu !== null) {
    const p = s.ptu;
    lines.push(
      `  PTUs (${p.model}, ${p.sku}, sizing formula [S3])`,
      `    at the mean        ${n(p.atMean.ptu)} PTU (raw ${n(p.atMean.raw, 1)}; ${n(p.atMean.rpm, 1)} RPM, ${n(p.atMean.normalizedTpm)} normalized TPM)`,
      `    at the peak minute ${n(p.atPeakMinute.ptu)} PTU (raw ${n(p.atPeakMinute.raw, 1)}; ${n(p.atPeakMinute.rpm)} RPM)`,
    );
  }
  return `${lines.join("\n")}\n`;
}
