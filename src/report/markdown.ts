/**
 * summary.md: a pure function of report.json. Every value that came from the file goes through mdCell (text) or
 * mdCode (inside backticks), numbers through the formatters: report.json may be hostile, and summary.md is often
 * posted as a pull-request comment.
 */

import { capacityText } from "../catalog/index.js";
import { chartDefinitions } from "./charts.js";
import { billingRows, count, mdCell, mdCode, millis, percent, seconds, usd } from "./format.js";
import type { Report } from "./report-types.js";

function table(header: string[], rows: string[][], align?: ("l" | "r")[]): string {
  const sep = header.map((_, i) => ((align?.[i] ?? "l") === "r" ? "---:" : "---"));
  return [header, sep, ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");
}

/** Milliseconds from the horizon start as h:mm:ss. */
function clock(ms: number): string {
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  return `${h}:${String(m).padStart(2, "0")}:${String(sec).padStart(2, "0")}`;
}

/** Options of {@link renderMarkdown}. */
export interface MarkdownOptions {
  /** Embed the charts as `![title](charts/NAME.png)` (when the PNGs are written beside summary.md). */
  charts?: boolean;
}

/** Renders summary.md from a report. */
export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const r = report.requests;
  const out: string[] = [];
  out.push(`# ${mdCell(report.scenario.name)}`);
  if (report.scenario.description !== "") out.push("", mdCell(report.scenario.description));
  out.push(
    "",
    `Spillway ${mdCell(report.tool.version)} · seed ${mdCell(String(report.seed))} · horizon ${seconds(report.horizon.durationSeconds)}` +
      (report.horizon.warmupSeconds > 0 ? ` after ${seconds(report.horizon.warmupSeconds)} warmup` : "") +
      ` · scenario \`${mdCode(String(report.scenario.hash).slice(0, 12))}\``,
  );

  const sloFailed = report.slo.filter((s) => !s.passed && s.level !== "warn").length;
  out.push("", "## Headline", "");
  out.push(
    table(
      ["metric", "value"],
      [
        ["requests arrived", count(r.arrived)],
        ["succeeded", `${count(r.succeeded)} (${percent(r.arrived === 0 ? 0 : r.succeeded / r.arrived)})`],
        ["throttled (caller saw 429)", `${count(r.throttled)} (${percent(report.throttle.client.rate)})`],
        ["timed out", count(r.timedOut)],
        ["errored", count(r.errored)],
        ["client retries", count(r.retries)],
        ["backend 429 rate (per attempt)", percent(report.throttle.backend.rate)],
        ["served by spillover", `${count(report.spillover.requests)} (${percent(report.spillover.rate)})`],
        [
          "latency e2e p50 / p95 / p99",
          `${millis(report.latency.e2e.p50)} / ${millis(report.latency.e2e.p95)} / ${millis(report.latency.e2e.p99)}`,
        ],
        [
          "time to first token p50 / p95",
          `${millis(report.latency.ttft.p50)} / ${millis(report.latency.ttft.p95)}`,
        ],
        ["cost, 730-hour month", usd(report.cost.monthly.total)],
        [
          "SLOs",
          report.slo.length === 0
            ? "none"
            : sloFailed === 0
              ? `${report.slo.length - report.slo.filter((s) => !s.passed).length} of ${report.slo.length} passed, none failed`
              : `${sloFailed} of ${report.slo.length} failed`,
        ],
      ],
      ["l", "r"],
    ),
  );

  if (options.charts === true) {
    out.push("", "## Charts");
    for (const chart of chartDefinitions(report)) {
      out.push(
        "",
        `![${mdCell(chart.title)}](charts/${chart.name}.png)`,
        "",
        `*${mdCell(chart.description)}*`,
      );
    }
  }

  out.push("", "## Deployments", "");
  out.push(
    table(
      [
        "deployment",
        "model",
        "sku",
        "capacity",
        "served",
        "spillover in",
        "429s",
        "errors",
        "util mean",
        "util p95",
        "util max",
      ],
      Object.entries(report.deployments).map(([id, d]) => [
        mdCell(id),
        mdCell(d.model),
        mdCell(d.sku),
        capacityText(String(d.sku), count(d.capacity)),
        count(d.served),
        count(d.spilloverServed),
        count(d.throttled),
        count(d.errored),
        percent(d.utilization.mean),
        percent(d.utilization.p95),
        percent(d.utilization.max),
      ]),
      ["l", "l", "l", "r", "r", "r", "r", "r", "r", "r", "r"],
    ),
  );

  const gateways = Object.entries(report.gateways);
  if (gateways.length > 0) {
    out.push("", "## Gateways", "");
    out.push(
      table(
        [
          "gateway",
          "tier",
          "policy",
          "units",
          "capacity",
          "requests",
          "rejected (503)",
          "breaker trips / marks",
        ],
        gateways.map(([name, g]) => [
          mdCell(name),
          mdCell(g.tier),
          mdCell(g.policy),
          mdCell(String(g.units)),
          g.capacityPerSecond === null ? "serverless" : `${count(g.capacityPerSecond)} req/s per region`,
          count(g.requests),
          count(g.rejected),
          Object.entries(g.circuitBreakerTrips)
            .filter(([, n]) => n > 0)
            .map(([id, n]) => `${mdCell(id)}: ${count(n)}`)
            .join(", ") || "none",
        ]),
        ["l", "l", "l", "r", "r", "r", "r", "l"],
      ),
    );
    out.push(
      "",
      table(
        [
          "gateway region",
          "requests",
          "pool exhausted",
          "queue full",
          "failed (outage)",
          "queued",
          "mean / max wait",
        ],
        gateways.flatMap(([name, g]) =>
          Object.entries(g.regions).map(([region, r]) => [
            `${mdCell(name)} / ${mdCell(region)}`,
            count(r.requests),
            count(r.poolExhausted),
            count(r.queueFull),
            count(r.failedByOutage),
            count(r.queued),
            r.queued === 0 ? "—" : `${millis(r.meanQueueWaitMs)} / ${millis(r.maxQueueWaitMs)}`,
          ]),
        ),
        ["l", "r", "r", "r", "r", "r", "r"],
      ),
    );
  }

  const outages = report.timeseries.outages;
  if (outages.length > 0) {
    out.push("", "## Outages", "");
    out.push(
      table(
        [
          "what failed",
          "from",
          "to",
          "mode",
          "share of calls failed",
          "requests arriving then",
          "of which failed",
        ],
        outages.map((o) => {
          const first = Math.floor(o.startMs / (report.timeseries.stepSeconds * 1000));
          const last = Math.ceil(o.endMs / (report.timeseries.stepSeconds * 1000));
          const arrivals = report.timeseries.arrivals.slice(first, last).reduce((a, b) => a + b, 0);
          const succeeded = report.timeseries.succeeded.slice(first, last).reduce((a, b) => a + b, 0);
          return [
            mdCell(o.target),
            clock(o.startMs),
            clock(o.endMs),
            mdCell(o.mode),
            percent(o.errorRate),
            count(arrivals),
            `${count(arrivals - succeeded)} (${percent(arrivals === 0 ? 0 : (arrivals - succeeded) / arrivals)})`,
          ];
        }),
        ["l", "r", "r", "l", "r", "r", "r"],
      ),
    );
    out.push(
      "",
      `Times are from the start of the horizon; "requests arriving then" counts whole ${mdCell(String(report.timeseries.stepSeconds))}-second steps that overlap the window.`,
    );
  }

  const c = report.cost;
  out.push("", "## Cost (USD)", "");
  out.push(
    table(
      ["", "horizon", "730-hour month"],
      [
        ["provisioned (PTU)", usd(c.horizon.provisioned), usd(c.monthly.provisioned)],
        ["tokens (pay-as-you-go)", usd(c.horizon.tokens), usd(c.monthly.tokens)],
        ["gateway (APIM)", usd(c.horizon.gateway), usd(c.monthly.gateway)],
        ["**total**", `**${usd(c.horizon.total)}**`, `**${usd(c.monthly.total)}**`],
      ],
      ["l", "r", "r"],
    ),
  );
  out.push(
    "",
    table(
      ["deployment", "horizon", "730-hour month"],
      Object.entries(c.byDeployment).map(([id, p]) => [mdCell(id), usd(p.horizon), usd(p.monthly)]),
      ["l", "r", "r"],
    ),
  );

  const billing = Object.entries(c.billing ?? {});
  if (billing.length > 0) {
    out.push("", "## Billing options", "");
    out.push(
      "Each provisioned deployment's PTUs for a 730-hour month under each plan, and the utilization above which the " +
        "plan costs less than sending the same normalized tokens to pay-as-you-go.",
    );
    for (const [id, b] of billing) {
      const plan =
        b.reservedCapacity === 0
          ? "billed hourly"
          : b.reservedCapacity >= b.capacity
            ? `${count(b.reservedCapacity)} PTU reserved`
            : `${count(b.reservedCapacity)} PTU reserved, ${count(b.capacity - b.reservedCapacity)} hourly`;
      out.push(
        "",
        `**${mdCell(id)}**: ${count(b.capacity)} PTU (${plan}), mean utilization ${percent(b.meanUtilization)}. ` +
          `Pay-as-you-go (${mdCell(b.payAsYouGoSku)}) costs ${usd(b.payAsYouGoPerMillionNormalizedTokens)} per 1M normalized tokens ` +
          `(${b.tokenMix === "observed" ? "the deployment's served token mix" : "assumed mix: 1 output per 10 input tokens, no cache"}). ` +
          `Cheapest at the mean utilization: **${mdCell(b.cheapest)}**.`,
        "",
        table(["billing", "730-hour month", "break-even utilization"], billingRows(b, usd, percent), [
          "l",
          "r",
          "r",
        ]),
      );
    }
  }

  if (report.slo.length > 0) {
    out.push("", "## SLOs", "");
    out.push(
      table(
        ["assertion", "actual", "result"],
        report.slo.map((s) => [
          `\`${mdCode(s.expression)}\``,
          mdCell(String(s.actual)),
          s.passed ? "pass" : s.level === "warn" ? "warn" : "**FAIL**",
        ]),
        ["l", "r", "l"],
      ),
    );
  }
  if (report.warnings.length > 0) {
    out.push("", "## Warnings", "", ...report.warnings.map((w) => `- ${mdCell(w)}`));
  }
  return `${out.join("\n")}\n`;
}
