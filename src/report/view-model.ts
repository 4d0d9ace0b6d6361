/**
 * The human report as data: a pure function of report.json giving the header, the headline cards and every section in
 * order, each with its notes and tables whose cells are already formatted strings. summary.md, the terminal summary
 * and report.html all render from it, so the three show the same numbers the same way; report.html carries it as JSON
 * and its page script only builds the DOM. Text that came from the file stays raw here: each renderer escapes it for
 * its own format (mdCell, printable, textContent), so no caller can forget to.
 */
import { knob } from "../catalog/assumptions.js";
import { capacityText } from "../catalog/index.js";
import { breakEvenReachable } from "../cost/break-even.js";
import { type ChartDefinition, chartDefinitions } from "./charts.js";
import { clock, count, decimal, knobText, millis, money, percent, seconds } from "./format.js";
import type { BillingReport, Report } from "./report-types.js";
import { sloActualText } from "./slo-text.js";

/** Id of the JSON block of report.html holding report.json itself. */
export const REPORT_JSON_ID = "spillway-report";
/** Id of the JSON block of report.html holding the chart definitions. */
export const CHARTS_JSON_ID = "spillway-charts";
/** Id of the JSON block of report.html holding the view model. */
export const VIEW_JSON_ID = "spillway-view";

/**
 * Where a part is shown when not everywhere: "summary" — summary.md only (report.html shows the same facts its own
 * way, as cards); "page" — report.html only (details a pull-request comment does without).
 */
export type Only = "summary" | "page";

/** Inline text: plain, strong, or code (`title` is the page's tooltip). */
export type Run = string | { strong: string } | { code: string; title?: string };

/** A table cell with more than plain text. */
export interface RichCell {
  /** The text; a list puts one item a line on the page and joins them with ", " in Markdown. */
  text: string | string[];
  /** A smaller second line (the page only). */
  sub?: string;
  /** Code: a code span, and on the page a cell that may wrap. */
  code?: boolean;
  /** A check's verdict: a badge on the page, bold when it failed in Markdown. */
  verdict?: "pass" | "fail" | "warn";
}

/** A formatted table cell: plain text or a {@link RichCell}. */
export type Cell = string | RichCell;

/** A table column. */
export interface Column {
  /** Header text ("" for a corner above row labels). */
  label: string;
  /** Numbers go right. */
  align: "left" | "right";
  /** Shown only there, when not everywhere. */
  only?: Only;
}

/** A table: the first column labels the rows. */
export interface ViewTable {
  /** Block kind. */
  kind: "table";
  /** What the table is (the page's caption and region label). */
  caption: string;
  /** Columns, in order. */
  columns: Column[];
  /** Rows of cells, one per column. */
  rows: Cell[][];
  /** Per row: "total" for a totals row (bold), "" otherwise; absent when no row has a class. */
  rowClasses?: ("total" | "")[];
  /** Per row: a stable name, for a renderer that picks single rows (the terminal). */
  keys?: string[];
  /** Shown only there, when not everywhere. */
  only?: Only;
}

/** A paragraph. */
export interface Paragraph {
  /** Block kind. */
  kind: "paragraph";
  /** Its text. */
  text: Run[];
  /** An aside (smaller and muted on the page; a plain paragraph in Markdown). */
  note?: boolean;
  /** Shown only there, when not everywhere. */
  only?: Only;
}

/** A sub-heading inside a section. */
export interface Heading {
  /** Block kind. */
  kind: "heading";
  /** Its text. */
  text: string;
  /** Shown only there, when not everywhere. */
  only?: Only;
}

/**
 * Blocks of many rows that the page builds only when opened (laying out tens of thousands of rows at load would
 * freeze it for seconds); Markdown shows them as they are.
 */
export interface Fold {
  /** Block kind. */
  kind: "fold";
  /** The line shown while folded, e.g. "Deployments: 600 rows". */
  summary: string;
  /** What it holds. */
  blocks: Block[];
  /** Shown only there, when not everywhere. */
  only?: Only;
}

/** One headline card. */
export interface Card {
  /** A stable name (the terminal picks cards by it). */
  key: string;
  /** What it measures. */
  label: string;
  /** The figure. */
  value: string;
  /** A line of context under it. */
  sub?: string;
  /** Pass or fail, for a card that is a verdict. */
  state?: "pass" | "fail";
}

/** The headline cards. */
export interface Cards {
  /** Block kind. */
  kind: "cards";
  /** The cards, in order. */
  cards: Card[];
  /** Shown only there, when not everywhere. */
  only?: Only;
}

/** The charts, by the names of their definitions (chartDefinitions), with their titles and descriptions. */
export interface Charts {
  /** Block kind. */
  kind: "charts";
  /** The charts, in order. */
  charts: { name: string; title: string; description: string }[];
  /** Shown only there, when not everywhere. */
  only?: Only;
}

/** Outage windows drawn as bars over the horizon. */
export interface Timeline {
  /** Block kind. */
  kind: "timeline";
  /** What it shows (the page's label). */
  caption: string;
  /** One bar per window: what failed, when (formatted), and where the bar starts and ends in % of the horizon. */
  items: { what: string; when: string; from: number; to: number }[];
  /** Labels of the axis's two ends. */
  axis: [start: string, end: string];
  /** Shown only there, when not everywhere. */
  only?: Only;
}

/** Warnings, one item each. */
export interface Warnings {
  /** Block kind. */
  kind: "warnings";
  /** The warnings: each with its stable code (src/metrics/warnings.ts) and its message, raw from report.json. */
  items: { code: string; message: string }[];
  /** Shown only there, when not everywhere. */
  only?: Only;
}

/** A part of a section. */
export type Block = Paragraph | Heading | ViewTable | Fold | Cards | Charts | Timeline | Warnings;

/** A section of the report. */
export interface ViewSection {
  /** Anchor id. */
  id: string;
  /** Heading. */
  title: string;
  /** Its content, in order (empty when `empty` is set). */
  blocks: Block[];
  /** When there is nothing to show: what the page says instead; summary.md leaves the section out. */
  empty?: string;
  /**
   * A part of the section before it: the page shows it inside that section under a sub-heading (its table of
   * contents stays short); summary.md as a section of its own.
   */
  nested?: boolean;
}

/** The human report. */
export interface ReportView {
  /** The scenario's name. */
  title: string;
  /** The scenario's description ("" when none). */
  description: string;
  /** The line under the title: version, seed, horizon, scenario hash. */
  meta: Run[];
  /** The run's seed, as text. */
  seed: string;
  /** The sections, in order. */
  sections: ViewSection[];
}

/** Above this many rows the page folds a table (or a group of them) until opened. */
export const FOLD_ROWS = 500;

const left = (label: string, only?: Only): Column =>
  only ? { label, align: "left", only } : { label, align: "left" };
const right = (label: string, only?: Only): Column =>
  only ? { label, align: "right", only } : { label, align: "right" };
const table = (
  caption: string,
  columns: Column[],
  rows: Cell[][],
  extra: Partial<ViewTable> = {},
): ViewTable => ({
  kind: "table",
  caption,
  columns,
  rows,
  ...extra,
});
const note = (text: string, only?: Only): Paragraph =>
  only
    ? { kind: "paragraph", text: [text], note: true, only }
    : { kind: "paragraph", text: [text], note: true };

/** The blocks as they are, or folded when they hold more than {@link FOLD_ROWS} rows. */
function fold(what: string, rows: number, blocks: Block[], only?: Only): Block[] {
  if (rows <= FOLD_ROWS) return blocks;
  const folded: Fold = { kind: "fold", summary: `${what}: ${count(rows)} rows`, blocks };
  return [only ? { ...folded, only } : folded];
}

/** A share of a whole, 0 when the whole is. */
const share = (part: number, whole: number) => percent(whole === 0 ? 0 : part / whole);

/** Sum of a slice of a series (report.json is untrusted: the sum is whatever + makes of it, as in summary.md). */
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * The rows of a provisioned deployment's "Billing options" table: billing, 730-hour month, break-even utilization.
 */
function billingRows(b: BillingReport, currency: string): string[][] {
  const usd = (v: number) => money(v, currency);
  // Without a pay-as-you-go price there is nothing to break even with: say so rather than "never".
  const unpriced = b.payAsYouGoMonthlyAtMeanUtilization === null;
  // Above 100 % a plan never breaks even (src/cost/break-even.ts): "never", not "277.8%".
  const breakEven = (v: number | null) => (unpriced ? "—" : breakEvenReachable(v) ? percent(v) : "never");
  return [
    ["hourly", usd(b.monthly.hourly), breakEven(b.breakEvenUtilization.hourly)],
    [
      "1-month reservation",
      usd(b.monthly.reservationMonthly),
      breakEven(b.breakEvenUtilization.reservationMonthly),
    ],
    [
      "1-year reservation",
      usd(b.monthly.reservationYearly),
      breakEven(b.breakEvenUtilization.reservationYearly),
    ],
    ["this scenario's billing", usd(b.monthly.current), "—"],
    [
      // What these PTUs served, not the whole estate (compare's reference row prices that).
      "pay-as-you-go for the tokens these PTUs served",
      unpriced ? "no price" : usd(b.payAsYouGoMonthlyAtMeanUtilization ?? Number.NaN),
      "—",
    ],
  ];
}

/**
 * What turned list prices into the report's figures, for a report whose scenario set `billing:`; undefined
 * otherwise (list prices in USD, as the cost section says).
 */
function termsText(report: Report): string | undefined {
  const t = report.cost.terms;
  if (t === undefined) return undefined;
  const off =
    t.discount === 0
      ? "List prices"
      : `List prices less a ${percent(t.discount)} negotiated discount on consumption (PTU hours, tokens, API ` +
        "Management; reservations as listed)";
  const rate =
    report.cost.currency === "USD"
      ? ", in USD."
      : `, converted at ${decimal(t.exchangeRate)} ${report.cost.currency} per USD (Azure prices in USD).`;
  return `${off}${rate}`;
}

function headline(report: Report): ViewSection {
  const q = report.requests;
  const e2e = report.latency.e2e;
  const ttft = report.latency.ttft;
  const slo = report.slo;
  const failed = slo.filter((s) => !s.passed && s.level !== "warn");
  const card = (key: string, label: string, value: string, sub?: string, state?: "pass" | "fail"): Card => ({
    key,
    label,
    value,
    ...(sub === undefined ? {} : { sub }),
    ...(state === undefined ? {} : { state }),
  });
  const cards: Card[] = [
    card("arrived", "Requests arrived", count(q.arrived), `${count(q.retries)} client retries`),
    card("succeeded", "Succeeded", share(q.succeeded, q.arrived), `${count(q.succeeded)} requests`),
    card(
      "throttled",
      "Caller 429 rate",
      percent(report.throttle.client.rate),
      `${count(q.throttled)} requests; backend ${percent(report.throttle.backend.rate)} of attempts`,
    ),
    card(
      "failed",
      "Failed",
      count(q.failed),
      `429 ${count(q.throttled)} · timeout ${count(q.timedOut)} · error ${count(q.errored)}`,
    ),
    card(
      "spillover",
      "Spillover",
      percent(report.spillover.rate),
      `${count(report.spillover.requests)} served off first choice`,
    ),
    card("e2e-p50", "Latency e2e p50", millis(e2e.p50), `time to first token p50 ${millis(ttft.p50)}`),
    card("e2e-p95", "Latency e2e p95", millis(e2e.p95), `time to first token p95 ${millis(ttft.p95)}`),
    card("e2e-p99", "Latency e2e p99", millis(e2e.p99), `max ${millis(e2e.max)}`),
    card(
      "cost",
      "Cost, 730-hour month",
      money(report.cost.monthly.total, report.cost.currency),
      `${money(report.cost.horizon.total, report.cost.currency)} for the horizon`,
    ),
    slo.length === 0
      ? card("slo", "SLOs", "none", "the scenario states no SLO")
      : card(
          "slo",
          "SLOs",
          failed.length === 0 ? `all ${slo.length} passed` : `${failed.length} of ${slo.length} failed`,
          failed.length === 0 ? undefined : `failed: ${failed.map((s) => String(s.expression)).join("; ")}`,
          failed.length === 0 ? "pass" : "fail",
        ),
  ];
  const rows: [key: string, label: string, value: string][] = [
    ["arrived", "requests arrived", count(q.arrived)],
    ["succeeded", "succeeded", `${count(q.succeeded)} (${share(q.succeeded, q.arrived)})`],
    [
      "throttled",
      "throttled (caller saw 429)",
      `${count(q.throttled)} (${percent(report.throttle.client.rate)})`,
    ],
    ["timedOut", "timed out", count(q.timedOut)],
    ["errored", "errored", count(q.errored)],
    ["retries", "client retries", count(q.retries)],
    ["backend", "backend 429 rate (per attempt)", percent(report.throttle.backend.rate)],
    [
      "spillover",
      "served by spillover",
      `${count(report.spillover.requests)} (${percent(report.spillover.rate)})`,
    ],
    [
      "latency",
      "latency e2e p50 / p95 / p99",
      `${millis(e2e.p50)} / ${millis(e2e.p95)} / ${millis(e2e.p99)}`,
    ],
    ["ttft", "time to first token p50 / p95", `${millis(ttft.p50)} / ${millis(ttft.p95)}`],
    ["cost", "cost, 730-hour month", money(report.cost.monthly.total, report.cost.currency)],
    [
      "slo",
      "SLOs",
      slo.length === 0
        ? "none"
        : failed.length === 0
          ? `${slo.length - slo.filter((s) => !s.passed).length} of ${slo.length} passed, none failed`
          : `${failed.length} of ${slo.length} failed`,
    ],
  ];
  return {
    id: "headline",
    title: "Headline",
    blocks: [
      { kind: "cards", cards, only: "page" },
      table(
        "Headline",
        [left("metric"), right("value")],
        rows.map(([, label, value]) => [label, value]),
        { keys: rows.map(([key]) => key), only: "summary" },
      ),
    ],
  };
}

function chartsSection(report: Report, definitions: readonly ChartSummary[]): ViewSection {
  return {
    id: "charts",
    title: "Charts",
    blocks: [
      ...(report.timeseries.outages.length > 0
        ? [note("Shaded steps: an outage window overlaps them.", "page")]
        : []),
      {
        kind: "charts",
        charts: definitions.map(({ name, title, description }) => ({
          name,
          title,
          description,
        })),
      },
    ],
  };
}

function deployments(report: Report): ViewSection {
  const entries = Object.entries(report.deployments);
  // Own keys only: a deployment named like an Object.prototype member must not find one.
  const levels = new Map(Object.entries(report.timeseries.bucketLevel ?? {}));
  // Batch deployments refuse calls on their enqueued tokens, not on a minute's capacity: a column only when there is one.
  const batch = entries.some(([, d]) => d.enqueued !== undefined);
  return {
    id: "deployments",
    title: "Deployments",
    blocks: [
      ...fold("Deployments", entries.length, [
        table(
          "Deployments",
          [
            left("deployment"),
            left("model"),
            left("sku"),
            left("region", "page"),
            right("capacity"),
            right("attempts", "page"),
            right("served"),
            right("spillover in"),
            right("429s"),
            right("errors"),
            right("util mean", "summary"),
            right("util p95", "summary"),
            right("util max", "summary"),
            // The page has less room across: the three in one column.
            right("utilization mean / p95 / max", "page"),
            right("bucket peak"),
            ...(batch ? [right("enqueued mean / max")] : []),
          ],
          entries.map(([id, d]) => {
            const utilization = [d.utilization.mean, d.utilization.p95, d.utilization.max].map(percent);
            const bucket = levels.get(id);
            return [
              id,
              String(d.model),
              d.billing !== null
                ? { text: String(d.sku), sub: `billing: ${d.billing}` }
                : d.processing !== undefined
                  ? { text: String(d.sku), sub: `processing: ${d.processing}` }
                  : String(d.sku),
              String(d.region),
              capacityText(String(d.sku), count(d.capacity)),
              count(d.attempts),
              count(d.served),
              count(d.spilloverServed),
              count(d.throttled),
              count(d.errored),
              ...utilization,
              utilization.join(" / "),
              bucket === undefined ? "—" : percent(bucket.reduce((a, b) => Math.max(a, Number(b)), 0)),
              ...(batch
                ? [
                    d.enqueued === undefined
                      ? "—"
                      : `${percent(d.enqueued.mean)} / ${percent(d.enqueued.max)}`,
                  ]
                : []),
            ];
          }),
        ),
      ]),
      note(
        `Utilization is per ${report.timeseries.stepSeconds}-second step, the share of the deployment's per-minute ` +
          "capacity (PTU throughput or TPM limit) consumed. A provisioned deployment can pass 100% in a step with " +
          "no 429 while its bucket absorbs the burst: it refuses calls only while its bucket is over full. Bucket " +
          "peak is the highest level the bucket reached, as a share of its depth (provisioned deployments; 100% " +
          "minus it is the headroom left)." +
          (batch
            ? " A Batch deployment's utilization is the share of its enqueued-token quota enqueued in a step; what " +
              "refuses its calls is the tokens still enqueued (admitted, not yet completed): enqueued mean (over " +
              "the horizon) / max, as a share of the quota — a call whose prompt would take it past 100% gets a 429."
            : ""),
      ),
      { kind: "heading", text: "Tokens served", only: "page" },
      ...fold(
        "Tokens served",
        entries.length,
        [
          table(
            "Tokens served",
            [left("deployment"), right("prompt"), right("of which cached"), right("completion")],
            entries.map(([id, d]) => [
              id,
              count(d.tokens.prompt),
              count(d.tokens.cachedPrompt),
              count(d.tokens.completion),
            ]),
            { only: "page" },
          ),
        ],
        "page",
      ),
    ],
  };
}

/** Breaker trips or throttling marks per backend, the backends that had any. */
function trips(t: Record<string, number>): Cell {
  const lines = Object.entries(t)
    .filter(([, n]) => n > 0)
    .map(([id, n]) => `${id}: ${count(n)}`);
  return lines.length === 0 ? "none" : { text: lines };
}

function gateways(report: Report): ViewSection {
  const entries = Object.entries(report.gateways);
  const section = { id: "gateways", title: "Gateways" };
  if (entries.length === 0)
    return { ...section, blocks: [], empty: "No gateway: every workload calls its deployments directly." };
  return {
    ...section,
    blocks: [
      table(
        "Gateways",
        [
          left("gateway"),
          left("tier"),
          left("policy"),
          right("units"),
          right("capacity"),
          right("requests"),
          right("rejected (503)"),
          left("breaker trips / marks"),
        ],
        entries.map(([name, g]) => [
          name,
          String(g.tier),
          String(g.policy),
          String(g.units),
          g.capacityPerSecond === null ? "serverless" : `${count(g.capacityPerSecond)} req/s per region`,
          count(g.requests),
          count(g.rejected),
          trips(g.circuitBreakerTrips),
        ]),
      ),
      { kind: "heading", text: "Gateway regions", only: "page" },
      table(
        "Gateway regions",
        [
          left("gateway region"),
          right("requests"),
          right("pool exhausted"),
          right("queue full"),
          right("failed (outage)"),
          right("queued"),
          right("mean / max wait"),
          left("breaker trips / marks", "page"),
        ],
        entries.flatMap(([name, g]) =>
          Object.entries(g.regions).map(([region, r]) => [
            `${name} / ${region}`,
            count(r.requests),
            count(r.poolExhausted),
            count(r.queueFull),
            count(r.failedByOutage),
            count(r.queued),
            r.queued === 0 ? "—" : `${millis(r.meanQueueWaitMs)} / ${millis(r.maxQueueWaitMs)}`,
            trips(r.circuitBreakerTrips),
          ]),
        ),
      ),
      ...gatewayAnswers(entries),
    ],
  };
}

/**
 * What gateways answered themselves with their inbound policies (token-limit 429s, semantic-cache hits), per
 * region; nothing for gateways that run neither, so other reports keep their shape.
 */
function gatewayAnswers(entries: [string, Report["gateways"][string]][]): Block[] {
  const rows = entries
    .filter(([, g]) => g.tokenLimited !== undefined || g.semanticCache !== undefined)
    .flatMap(([name, g]) =>
      Object.entries(g.regions).map(([region, r]) => [
        `${name} / ${region}`,
        r.tokenLimited === undefined ? "—" : count(r.tokenLimited),
        r.cacheHits === undefined ? "—" : count(r.cacheHits),
      ]),
    );
  if (rows.length === 0) return [];
  return [
    { kind: "heading", text: "Answered by the gateway", only: "page" },
    table(
      "Answered by the gateway",
      [left("gateway region"), right("token-limit 429s"), right("semantic-cache hits")],
      rows,
    ),
  ];
}

/**
 * One row per workload: its requests' outcomes, latency and its share of the monthly cost (report.json `workloads`;
 * none in reports written before it was added).
 */
function workloads(report: Report): ViewSection[] {
  const entries = Object.entries(report.workloads ?? {});
  if (entries.length === 0) return [];
  const currency = report.cost.currency;
  const total = report.cost.monthly.total;
  return [
    {
      id: "workloads",
      title: "Workloads",
      blocks: [
        ...fold("Workloads", entries.length, [
          table(
            "Workloads",
            [
              left("workload"),
              right("arrived"),
              right("succeeded"),
              right("failed"),
              right("of which 429s"),
              right("timeouts"),
              right("errors"),
              right("e2e p50 / p95 / p99"),
              right("cost, 730-hour month"),
              right("share of cost"),
            ],
            entries.map(([name, w]) => {
              const q = w.requests;
              const l = w.latency.e2e;
              return [
                name,
                count(q.arrived),
                `${count(q.succeeded)} (${percent(q.successRate)})`,
                `${count(q.failed)} (${share(q.failed, q.arrived)})`,
                `${count(q.throttled)} (${percent(w.throttle.client.rate)})`,
                count(q.timedOut),
                count(q.errored),
                `${millis(l.p50)} / ${millis(l.p95)} / ${millis(l.p99)}`,
                money(w.cost.monthly.total, currency),
                share(w.cost.monthly.total, total),
              ];
            }),
            { keys: entries.map(([name]) => name) },
          ),
        ]),
        note(
          "Latency is end to end over each workload's successful requests. Cost shares: each provisioned " +
            "deployment's PTUs by the normalized tokens (uncached prompt + output-weighted completion) each " +
            "workload consumed on it, pay-as-you-go tokens at their price, gateways by the requests each workload " +
            "sent through them; a deployment or gateway nobody used is shared equally. The shares add up to the " +
            "total exactly.",
        ),
      ],
    },
  ];
}

/** Per outage window and workload, the requests that arrived in the window and how many of them failed. */
function outageLosses(report: Report): Block[] {
  const ts = report.timeseries;
  const rows = ts.outages.flatMap((o) =>
    Object.entries(o.workloads ?? {}).map(([name, l]): Cell[] => [
      `${String(o.target)} (${clock(o.startMs)} – ${clock(o.endMs)})`,
      name,
      count(l.arrived),
      `${count(l.failed)} (${share(l.failed, l.arrived)})`,
      count(l.throttled),
      count(l.timedOut),
      count(l.errored),
    ]),
  );
  if (rows.length === 0) return [];
  return [
    { kind: "heading", text: "What callers lost" },
    ...fold("What callers lost", rows.length, [
      table(
        "What callers lost per outage and workload",
        [
          left("outage"),
          left("workload"),
          right("requests sent in the window"),
          right("failed"),
          right("429s"),
          right("timeouts"),
          right("errors"),
        ],
        rows,
      ),
    ]),
    note(
      "Each workload's requests that arrived during the window, whenever they finished, and how many of them " +
        "failed in the end (after the SDK's retries and any gateway failover).",
    ),
  ];
}

function outages(report: Report): ViewSection {
  const ts = report.timeseries;
  const section = { id: "outages", title: "Outages" };
  if (ts.outages.length === 0) return { ...section, blocks: [], empty: "No outage in this scenario." };
  const horizonMs = report.horizon.durationSeconds * 1000;
  const stepMs = ts.stepSeconds * 1000;
  const at = (ms: number) => Math.min(100, Math.max(0, (ms / Math.max(1, horizonMs)) * 100));
  return {
    ...section,
    blocks: [
      {
        kind: "timeline",
        caption: "Outage timeline over the horizon",
        items: ts.outages.map((o) => ({
          what: String(o.target),
          when: `${clock(o.startMs)} – ${clock(o.endMs)} · ${o.mode}`,
          from: at(o.startMs),
          to: at(o.endMs),
        })),
        axis: [clock(0), clock(horizonMs)],
        only: "page",
      },
      table(
        "Outages",
        [
          left("what failed"),
          right("from"),
          right("to"),
          left("mode"),
          right("share of calls failed"),
          right("requests arriving then"),
          right("of which failed"),
        ],
        ts.outages.map((o) => {
          // Exact when the report counts each workload's requests in the window; whole steps in older reports.
          const losses = o.workloads === undefined ? undefined : Object.values(o.workloads);
          const first = Math.floor(o.startMs / stepMs);
          const last = Math.ceil(o.endMs / stepMs);
          const arrivals =
            losses === undefined ? sum(ts.arrivals.slice(first, last)) : sum(losses.map((l) => l.arrived));
          const failed =
            losses === undefined
              ? arrivals - sum(ts.succeeded.slice(first, last))
              : sum(losses.map((l) => l.failed));
          return [
            String(o.target),
            clock(o.startMs),
            clock(o.endMs),
            String(o.mode),
            percent(o.errorRate),
            count(arrivals),
            `${count(failed)} (${share(failed, arrivals)})`,
          ];
        }),
      ),
      note(
        ts.outages.every((o) => o.workloads !== undefined)
          ? 'Times are from the start of the horizon; "requests arriving then" are the requests that arrived ' +
              "during the window, and of those, the ones that finally failed."
          : `Times are from the start of the horizon; "requests arriving then" counts whole ${ts.stepSeconds}-second ` +
              "steps that overlap the window.",
      ),
      ...outageLosses(report),
    ],
  };
}

function cost(report: Report): ViewSection {
  const c = report.cost;
  const usd = (v: number) => money(v, c.currency);
  const byDeployment = Object.entries(c.byDeployment);
  const periods = [right("horizon"), right("730-hour month")];
  const terms = termsText(report);
  return {
    id: "cost",
    title: `Cost (${c.currency})`,
    blocks: [
      ...(terms === undefined ? [] : [note(terms)]),
      table(
        `Cost by category (${c.currency})`,
        [left(""), ...periods],
        [
          ["provisioned (PTU)", usd(c.horizon.provisioned), usd(c.monthly.provisioned)],
          ["tokens (pay-as-you-go)", usd(c.horizon.tokens), usd(c.monthly.tokens)],
          ["gateway (APIM)", usd(c.horizon.gateway), usd(c.monthly.gateway)],
          ["total", usd(c.horizon.total), usd(c.monthly.total)],
        ],
        { rowClasses: ["", "", "", "total"], keys: ["provisioned", "tokens", "gateway", "total"] },
      ),
      { kind: "heading", text: "By deployment", only: "page" },
      ...fold("Cost by deployment", byDeployment.length, [
        table(
          `Cost by deployment (${c.currency})`,
          [left("deployment"), ...periods],
          byDeployment.map(([id, p]) => [id, usd(p.horizon), usd(p.monthly)]),
        ),
      ]),
      note(
        `The horizon is ${seconds(report.horizon.durationSeconds)}; a billing month is 730 hours.`,
        "page",
      ),
    ],
  };
}

/** Billing options of each provisioned deployment; none when there is none (reports older than the field too). */
function billing(report: Report): ViewSection[] {
  const entries = Object.entries(report.cost.billing ?? {});
  if (entries.length === 0) return [];
  const currency = report.cost.currency;
  const options = entries.flatMap(([id, b]): Block[] => {
    const plan =
      b.reservedCapacity === 0
        ? "billed hourly"
        : b.reservedCapacity >= b.capacity
          ? `${count(b.reservedCapacity)} PTU reserved`
          : `${count(b.reservedCapacity)} PTU reserved, ${count(b.capacity - b.reservedCapacity)} hourly`;
    const mix =
      b.tokenMix === "observed"
        ? "the deployment's served token mix"
        : "assumed mix: 1 output per 10 input tokens, no cache";
    const perMillion = b.payAsYouGoPerMillionNormalizedTokens;
    const payg =
      perMillion === null
        ? `Pay-as-you-go (${b.payAsYouGoSku}) is not compared: the model has no ${b.payAsYouGoSku} token price ` +
          "(set it under models:). Cheapest PTU plan at the mean utilization: "
        : `Pay-as-you-go (${b.payAsYouGoSku}) costs ${money(perMillion, currency)} per 1M ` +
          `normalized tokens (${mix}). Cheapest at the mean utilization: `;
    return [
      {
        kind: "paragraph",
        text: [
          { strong: id },
          `: ${count(b.capacity)} PTU (${plan}), mean utilization ${percent(b.meanUtilization)}. ${payg}`,
          { strong: String(b.cheapest) },
          ".",
        ],
      },
      table(
        `Billing options of ${id} (${currency})`,
        [left("billing"), right("730-hour month"), right("break-even utilization")],
        billingRows(b, currency),
      ),
    ];
  });
  return [
    {
      id: "billing",
      title: "Billing options",
      nested: true,
      blocks: [
        note(
          "Each provisioned deployment's PTUs for a 730-hour month under each plan, and the utilization above which " +
            "the plan costs less than sending the same normalized tokens to pay-as-you-go.",
        ),
        // Five rows a deployment.
        ...fold("Billing options", entries.length * 5, options),
      ],
    },
  ];
}

function slos(report: Report): ViewSection {
  const section = { id: "slo", title: "SLOs" };
  if (report.slo.length === 0) return { ...section, blocks: [], empty: "The scenario states no SLO." };
  return {
    ...section,
    blocks: [
      table(
        "SLO assertions",
        [left("assertion"), right("actual"), left("result")],
        report.slo.map((s) => [
          { text: String(s.expression), code: true },
          // In the metric's unit ("6.31 s", "$77,758.13"), as check prints it.
          sloActualText(s, String(report.cost.currency ?? "USD")),
          s.passed
            ? { text: "pass", verdict: "pass" }
            : s.level === "warn"
              ? { text: "warn", verdict: "warn" }
              : { text: "FAIL", verdict: "fail" },
        ]),
      ),
    ],
  };
}

function warnings(report: Report): ViewSection {
  const section = { id: "warnings", title: "Warnings" };
  if (report.warnings.length === 0) return { ...section, blocks: [], empty: "None." };
  return {
    ...section,
    blocks: [
      {
        kind: "warnings",
        items: report.warnings.map((w) => ({ code: String(w.code), message: String(w.message) })),
      },
    ],
  };
}

/**
 * The latency table: end to end of the successes, end to end of every request (a row only when the report holds it:
 * older ones do not) and time to first token.
 */
function latency(report: Report): ViewSection {
  const l = report.latency;
  const rows: [key: string, label: string, stats: Report["latency"]["e2e"] | undefined][] = [
    ["e2e", "end to end, successful requests (latency.e2e)", l.e2e],
    ["e2eAll", "end to end, every request: failures at their time to failure (latency.e2eAll)", l.e2eAll],
    ["ttft", "time to first token, successful requests (latency.ttft)", l.ttft],
  ];
  const present = rows.filter((r): r is [string, string, Report["latency"]["e2e"]] => r[2] !== undefined);
  return {
    id: "latency",
    title: "Latency",
    blocks: [
      table(
        "Latency",
        [
          left("requests"),
          right("mean"),
          right("p50"),
          right("p90"),
          right("p95"),
          right("p99"),
          right("max"),
        ],
        present.map(([, label, s]) => [label, ...[s.mean, s.p50, s.p90, s.p95, s.p99, s.max].map(millis)]),
        { keys: present.map(([key]) => key) },
      ),
      note(
        "End to end is arrival to last token, SDK retries included. Failed requests count in the second row at the " +
          "time their caller got the final failure (a timeout at the deadline): when many fail, the success-only " +
          "figures describe the few that got through.",
        "page",
      ),
      // A report that has the enqueued gauge left Batch answers out of these figures (older ones did not).
      ...(Object.values(report.deployments).some((d) => d.enqueued !== undefined)
        ? [
            note(
              "Successes a Batch deployment answered are left out of these figures: a turnaround of up to 24 h is " +
                "no latency a caller waits on. Each workload's own latency (Workloads) includes them.",
            ),
          ]
        : []),
    ],
  };
}

/** A knob's value as its unit reads (a relative knob reports the component's own value, which has no unit here). */
function knobValue(name: string, value: number | string | boolean): string {
  const k = knob(name);
  if (typeof value !== "number" || k === undefined || k.kind === "relative") {
    return typeof value === "number" ? decimal(value) : String(value);
  }
  return knobText(value, k.unit);
}

/** The undocumented knobs the run used (report.json `assumptions`), with what each changes (src/catalog/assumptions.ts). */
function assumptions(report: Report): ViewSection {
  const section = { id: "assumptions", title: "Assumptions" };
  const used = report.assumptions ?? [];
  if (used.length === 0) {
    return {
      ...section,
      blocks: [],
      empty: "The run used no undocumented behaviour (no assumption applies).",
    };
  }
  const defaults = used.filter((a) => a.isDefault).length;
  return {
    ...section,
    blocks: [
      {
        kind: "paragraph",
        text: [
          `Behaviour Microsoft does not document, as this run assumed it: ${count(used.length)} value(s), ` +
            `${count(defaults)} of them Spillway's default. `,
          { code: "spillway sensitivity" },
          " runs the scenario at each end of their plausible ranges; README.md's Assumptions table gives the evidence.",
        ],
        note: true,
      },
      table(
        "Assumptions",
        [
          left("assumption"),
          right("value"),
          left("source of the value"),
          left("used by", "page"),
          left("what it changes"),
        ],
        used.map((a) => [
          { text: String(a.name), code: true },
          knobValue(String(a.name), a.value),
          a.isDefault ? "default" : "set by the scenario",
          { text: a.components.map(String) },
          knob(String(a.name))?.changes ?? "",
        ]),
      ),
    ],
  };
}

/** What the view model takes of a chart definition. */
export type ChartSummary = Pick<ChartDefinition, "name" | "title" | "description">;

/**
 * The human report of a report.json. `charts` are its chart definitions, for a caller that has them already
 * (report.html) or shows none (the terminal: `[]`); computing them is most of the work for a long run of many
 * deployments.
 */
export function reportView(
  report: Report,
  charts: readonly ChartSummary[] = chartDefinitions(report),
): ReportView {
  const h = report.horizon;
  return {
    title: String(report.scenario.name),
    description: String(report.scenario.description),
    meta: [
      `Spillway ${report.tool.version} · seed ${report.seed} · horizon ${seconds(h.durationSeconds)}` +
        (h.warmupSeconds > 0 ? ` after ${seconds(h.warmupSeconds)} warmup` : "") +
        " · scenario ",
      { code: String(report.scenario.hash).slice(0, 12), title: "sha256 of the validated scenario" },
    ],
    seed: String(report.seed),
    sections: [
      headline(report),
      latency(report),
      ...workloads(report),
      chartsSection(report, charts),
      deployments(report),
      gateways(report),
      outages(report),
      cost(report),
      ...billing(report),
      slos(report),
      warnings(report),
      assumptions(report),
    ],
  };
}
