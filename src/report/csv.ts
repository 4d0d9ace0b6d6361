/** CSV renderers (RFC 4180): the per-step series of report.json, and the per-request log's rows. */

import { printable } from "../errors.js";
import type { RequestLogRow } from "../metrics/request-log.js";
import { failedSeries } from "./charts.js";
import type { Report } from "./report-types.js";

/**
 * Quotes a CSV field when it needs it (comma, quote, CR/LF), doubling inner quotes. Other control characters are
 * shown as escapes: names come from files, and a CSV is also read with `cat` and `head`.
 */
export function csvField(value: string | number | boolean): string {
  const text = typeof value === "string" ? printable(value, true) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line (CRLF-terminated, as RFC 4180 says). */
export function csvLine(values: (string | number | boolean)[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

/** timeseries.csv: one row per step with every series of report.timeseries. */
export function renderTimeseriesCsv(report: Report): string {
  const ts = report.timeseries;
  const deployments = Object.keys(ts.served);
  const regions = Object.keys(ts.regions);
  // Provisioned deployments only (none in reports written before the series).
  const buckets = Object.keys(ts.bucketLevel ?? {});
  const gatewayRegions = Object.keys(ts.gatewayRegions);
  const failed = failedSeries(report);
  const header = [
    "t_ms",
    "arrivals",
    "succeeded",
    "throttled",
    "failed",
    "backend_throttled",
    "latency_p95_ms",
    ...deployments.map((d) => `served:${d}`),
    ...deployments.map((d) => `utilization:${d}`),
    ...buckets.map((d) => `bucket_level:${d}`),
    ...regions.map((r) => `served_in_region:${r}`),
    ...gatewayRegions.map((g) => `gateway_requests:${g}`),
    "outage",
  ];
  const step = ts.stepSeconds * 1000;
  let out = csvLine(header);
  ts.t.forEach((t, k) => {
    const outages = ts.outages.filter((o) => o.startMs < t + step && o.endMs > t).map((o) => o.target);
    out += csvLine([
      t,
      ts.arrivals[k],
      ts.succeeded[k],
      ts.throttled[k],
      failed[k],
      ts.backendThrottled[k],
      ts.latencyP95[k],
      ...deployments.map((d) => ts.served[d][k]),
      ...deployments.map((d) => ts.utilization[d][k]),
      ...buckets.map((d) => ts.bucketLevel[d][k]),
      ...regions.map((r) => ts.regions[r][k]),
      ...gatewayRegions.map((g) => ts.gatewayRegions[g][k]),
      outages.join(" + "),
    ]);
  });
  return out;
}

/** Columns of requests.csv, in order. */
export const REQUEST_LOG_COLUMNS = [
  "id",
  "workload",
  "arrival_ms",
  "outcome",
  "status",
  "e2e_ms",
  "ttft_ms",
  "attempts",
  "served_by",
  "spillover",
  "prompt_tokens",
  "cached_prompt_tokens",
  "completion_tokens",
] as const;

/** One requests.csv line. */
export function requestLogLine(row: RequestLogRow): string {
  const ms = (v: number | null) => (v === null ? "" : Math.round(v * 1000) / 1000);
  return csvLine([
    row.id,
    row.workload,
    ms(row.arrivalMs),
    row.outcome,
    row.status,
    ms(row.e2eMs),
    ms(row.ttftMs),
    row.attempts,
    row.servedBy,
    row.spillover,
    row.prompt,
    row.cached,
    row.completion,
  ]);
}
