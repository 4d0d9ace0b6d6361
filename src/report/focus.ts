/**
 * costs.focus.csv: the run's cost in the FinOps Open Cost and Usage Specification (FOCUS 1.2) [S130], so a FinOps
 * tool loads a design's bill beside the real one. Rendered from report.json alone, like every output.
 *
 * - One row per charge, per day (UTC) of the horizon, per workload. A charge is a deployment's PTU hours (hourly and,
 *   for a reservation, the reserved part), a standard deployment's tokens, or a gateway region's API Management.
 * - Days are counted from the calendar start (time 0 of the run: the scenario's `calendar.start`, else the default
 *   Monday 00:00 UTC of src/workload/calendar.ts, as the charts use). Dates are `YYYY-MM-DDTHH:mm:ssZ`, UTC, the end
 *   exclusive [S131].
 * - BilledCost and EffectiveCost [S132] are the report's figures (after the scenario's `billing:` discount, in its
 *   currency: BillingCurrency). ListCost [S133] is the same quantity at list price (the discount added back). A
 *   reservation's share of the horizon appears twice, as FOCUS books a prepaid commitment: a Purchase row carries it
 *   as BilledCost (EffectiveCost 0), and the Usage row it covers carries it as EffectiveCost (BilledCost 0, ListCost
 *   at the hourly list price) [S132, S134]. So BilledCost and EffectiveCost each sum to `cost.horizon.total` exactly:
 *   the report's total is apportioned over the charges, each charge over its days and each day over the workloads in
 *   whole 0.0001 units (largest remainder, ties to the earlier row).
 * - Fixed charges (PTU hours, API Management) are spread over the days by time; tokens by the requests the deployment
 *   served in each day. The workload tag [S135] splits a charge by its own line's weights (report.json `shares`: per
 *   deployment and per gateway, the weights `workloads.*.cost` is split by), so a workload gets rows only for the
 *   deployments and gateways it used. A report written before `shares` existed falls back to the workload's share of
 *   the whole cost category (`workloads.*.cost`: PTUs, tokens, gateway), which, with several deployments of a
 *   category, charges a workload for ones it never used. Several gateways share the gateway cost by their built-in
 *   tier prices.
 * - Units follow the FOCUS unit format [S136]: `PTU-Hours`, `1000000 Tokens` (priced per 1M) / `Tokens`, `Unit-Hours`.
 */
import { APIM_TIERS } from "../catalog/apim-tiers.js";
import type { ApimTier } from "../catalog/types.js";
import { apportion } from "../cost/workload-shares.js";
import { parseCalendarStart } from "../workload/calendar.js";
import { reportCalendar } from "./chart-series.js";
import { csvLine } from "./csv.js";
import type { CostTotals, Report, ReportShares } from "./report-types.js";

/** The columns of costs.focus.csv, in order (FOCUS 1.2 column ids [S130]). */
export const FOCUS_COLUMNS = [
  "BillingCurrency",
  "ChargePeriodStart",
  "ChargePeriodEnd",
  "ChargeCategory",
  "ChargeDescription",
  "BilledCost",
  "EffectiveCost",
  "ListCost",
  "PricingQuantity",
  "PricingUnit",
  "ConsumedQuantity",
  "ConsumedUnit",
  "ResourceId",
  "ResourceName",
  "ResourceType",
  "ServiceCategory",
  "ServiceName",
  "SkuId",
  "RegionId",
  "Tags",
] as const;

/** One row of costs.focus.csv; null is an empty cell (FOCUS null [S130]). */
export interface FocusRow {
  /** ISO 4217 code of the report's money. */
  BillingCurrency: string;
  /** Inclusive start, `YYYY-MM-DDTHH:mm:ssZ`. */
  ChargePeriodStart: string;
  /** Exclusive end. */
  ChargePeriodEnd: string;
  /** `Usage` or `Purchase` [S134]. */
  ChargeCategory: "Usage" | "Purchase";
  /** What the charge is, in words. */
  ChargeDescription: string;
  /** Invoiced amount, after the discount. */
  BilledCost: number;
  /** Amortized amount (a reservation's share on the usage it covers). */
  EffectiveCost: number;
  /** The same quantity at list price. */
  ListCost: number;
  /** Quantity in {@link PricingUnit}. */
  PricingQuantity: number;
  /** Unit prices are per this. */
  PricingUnit: string;
  /** Quantity consumed (null on Purchase rows [S130]). */
  ConsumedQuantity: number | null;
  /** Unit of {@link ConsumedQuantity}. */
  ConsumedUnit: string | null;
  /** `account/deployment`, or `gateway/region`. */
  ResourceId: string;
  /** The deployment's or gateway's name. */
  ResourceName: string;
  /** `Azure OpenAI deployment` or `API Management`. */
  ResourceType: string;
  /** FOCUS service category. */
  ServiceCategory: string;
  /** The Azure service. */
  ServiceName: string;
  /** ARM SKU name, or APIM tier. */
  SkuId: string;
  /** ARM region name. */
  RegionId: string;
  /** JSON object: `{"workload": NAME}` (null for a report without workloads). */
  Tags: string | null;
}

/** Options of {@link focusRows}. */
export interface FocusOptions {
  /** Time 0 as `calendar.start` writes it (UTC, e.g. `2026-12-07T09:00`); the report's calendar start by default. */
  start?: string;
}

type Category = Exclude<keyof CostTotals, "total">;

/** A charge before it is spread over days and workloads. */
interface Charge {
  /** Its unrounded cost: the weight the report's total is apportioned by. */
  raw: number;
  category: Category;
  /** A reservation's share: booked as Purchase + covered Usage. */
  reserved: boolean;
  /** List price of one pricing unit (reserved: the hourly list price the Usage row is valued at). */
  listPerUnit: number | null;
  /** Pricing and consumed quantities over the whole horizon. */
  pricing: number;
  pricingUnit: string;
  consumed: number;
  consumedUnit: string;
  description: string;
  resourceId: string;
  resourceName: string;
  resourceType: string;
  serviceName: string;
  sku: string;
  region: string;
  /** Per-step weights (tokens: requests served); null to spread by time. */
  steps: readonly number[] | null;
  /** The line of the bill it is part of, whose share weights in `report.shares` split it among workloads. */
  line: { kind: keyof ReportShares; key: string };
}

const DAY_MS = 86_400_000;

/** Rounds to 4 decimals, no -0. */
function money(v: number): number {
  const r = Number(v.toFixed(4));
  return r === 0 ? 0 : r;
}

/** Rounds a quantity to 6 decimals, no -0. */
function quantity(v: number): number {
  const r = Number(v.toFixed(6));
  return r === 0 ? 0 : r;
}

/** Parses `--start`-style text as the calendar does (UTC, no offset). */
function startMs(text: string): number {
  const calendar = parseCalendarStart(text);
  if (typeof calendar === "string") throw new Error(calendar);
  return calendar.epochMs;
}

/** UTC parts of a moment, without constructing a Date (the core does not: test/engine/determinism-sources.test.ts). */
const UTC_PARTS = new Intl.DateTimeFormat("en-CA", {
  timeZone: "UTC",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

/** `YYYY-MM-DDTHH:mm:ssZ` [S131]. */
function focusDate(ms: number): string {
  const p = Object.fromEntries(UTC_PARTS.formatToParts(ms).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}Z`;
}

/** The charges of the report's bill, deployments in report order, then gateways. */
function charges(report: Report): Charge[] {
  const hours = report.horizon.durationSeconds / 3600;
  const discount = report.cost.terms?.discount ?? 0;
  const out: Charge[] = [];
  for (const [id, d] of Object.entries(report.deployments)) {
    const cost = report.cost.byDeployment[id]?.horizon ?? 0;
    const name = id.slice(id.indexOf("/") + 1);
    const base = {
      resourceId: id,
      resourceName: name,
      resourceType: "Azure OpenAI deployment",
      serviceName: "Azure OpenAI",
      sku: d.sku,
      region: d.region,
      line: { kind: "deployments" as const, key: id },
    };
    const billing = report.cost.billing[id];
    if (d.billing !== null && billing !== undefined) {
      const { capacity, reservedCapacity: reserved } = billing;
      if (capacity <= 0) continue;
      // Per PTU-hour, under the terms (discounted) and at list: the hourly plan's month / capacity / 730 h.
      const hourlyRate = billing.monthly.hourly / capacity / 730;
      const listRate = hourlyRate / (1 - discount);
      const current = billing.monthly.current;
      // The reserved part is what the scenario's plan costs beyond its hourly PTUs, in the report's own proportion.
      const reservedPart =
        current > 0
          ? (cost * (current - ((capacity - reserved) * billing.monthly.hourly) / capacity)) / current
          : 0;
      const plan = d.billing === "reservation-yearly" ? "1-year" : "1-month";
      if (capacity - reserved > 0) {
        out.push({
          ...base,
          raw: cost - reservedPart,
          category: "provisioned",
          reserved: false,
          listPerUnit: listRate,
          pricing: (capacity - reserved) * hours,
          pricingUnit: "PTU-Hours",
          consumed: (capacity - reserved) * hours,
          consumedUnit: "PTU-Hours",
          description: `${d.model} ${d.sku}: ${capacity - reserved} PTU billed hourly`,
          steps: null,
        });
      }
      if (reserved > 0) {
        out.push({
          ...base,
          raw: reservedPart,
          category: "provisioned",
          reserved: true,
          listPerUnit: listRate,
          pricing: reserved * hours,
          pricingUnit: "PTU-Hours",
          consumed: reserved * hours,
          consumedUnit: "PTU-Hours",
          description: `${d.model} ${d.sku}: ${reserved} PTU under a ${plan} reservation`,
          steps: null,
        });
      }
      continue;
    }
    const tokens = d.tokens.prompt + d.tokens.completion;
    out.push({
      ...base,
      raw: cost,
      category: "tokens",
      reserved: false,
      listPerUnit: null,
      pricing: tokens / 1e6,
      pricingUnit: "1000000 Tokens",
      consumed: tokens,
      consumedUnit: "Tokens",
      description: `${d.model} ${d.sku}${d.processing === undefined ? "" : ` (${d.processing})`}: tokens`,
      steps: report.timeseries.served[id] ?? null,
    });
  }
  const gateways = Object.entries(report.gateways);
  // The report has one gateway figure: several gateways share it by their built-in tier prices (units × regions).
  const weights = gateways.map(([, g]) => {
    const tier = APIM_TIERS[g.tier as ApimTier];
    const regions = Math.max(1, Object.keys(g.regions).length);
    return (
      g.units * regions * (tier?.pricePerUnitMonthly ?? 0) +
      (g.requests * (tier?.pricePerMillionCalls ?? 0)) / 1e6
    );
  });
  const sum = weights.reduce((a, b) => a + b, 0);
  gateways.forEach(([name, g], i) => {
    const share = sum > 0 ? weights[i] / sum : 1 / gateways.length;
    const regions = Object.keys(g.regions);
    for (const region of regions) {
      out.push({
        raw: (report.cost.horizon.gateway * share) / regions.length,
        category: "gateway",
        reserved: false,
        listPerUnit: null,
        pricing: g.units * hours,
        pricingUnit: "Unit-Hours",
        consumed: g.units * hours,
        consumedUnit: "Unit-Hours",
        description: `API Management ${g.tier}: ${g.units} unit(s) in ${region}`,
        resourceId: `${name}/${region}`,
        resourceName: name,
        resourceType: "API Management",
        serviceName: "API Management",
        sku: g.tier,
        region,
        steps: null,
        line: { kind: "gateways", key: name },
      });
    }
  });
  return out;
}

/** The days of the horizon: [start, end) in ms since the epoch, cut at UTC midnights. */
function days(start: number, durationMs: number): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = [];
  const end = start + durationMs;
  for (let from = start; from < end; ) {
    const to = Math.min(end, (Math.floor(from / DAY_MS) + 1) * DAY_MS);
    out.push({ from, to });
    from = to;
  }
  return out;
}

/** The rows of costs.focus.csv (see the file header). */
export function focusRows(report: Report, options: FocusOptions = {}): FocusRow[] {
  const t0 = options.start === undefined ? reportCalendar(report).epochMs : startMs(options.start);
  const periods = days(t0, report.horizon.durationSeconds * 1000);
  const discount = report.cost.terms?.discount ?? 0;
  const list = charges(report);
  const amounts = apportion(
    report.cost.horizon.total,
    list.map((c) => c.raw),
  );
  const workloads = Object.entries(report.workloads ?? {});
  const rows: FocusRow[] = [];
  list.forEach((c, k) => {
    // The line's own weights; a report written before `shares` falls back to each workload's share of the whole
    // category, which charges a workload for lines of that category it never used (as those exports did).
    const byLine = report.shares?.[c.line.kind];
    const lineWeights =
      byLine !== undefined && Object.hasOwn(byLine, c.line.key) ? byLine[c.line.key] : undefined;
    // Each day's weight: its requests served (tokens), else its length.
    const dayWeights = periods.map((p): number => {
      if (c.steps === null) return p.to - p.from;
      let w = 0;
      report.timeseries.t.forEach((t, s) => {
        const at = t0 + t;
        if (at >= p.from && at < p.to) w += c.steps?.[s] ?? 0;
      });
      return w;
    });
    if (c.steps !== null && !dayWeights.some((w) => w > 0)) {
      periods.forEach((p, i) => {
        dayWeights[i] = p.to - p.from;
      });
    }
    const daySum = dayWeights.reduce((a, b) => a + b, 0);
    const perDay = apportion(amounts[k], dayWeights);
    periods.forEach((p, i) => {
      const dayShare = daySum > 0 ? dayWeights[i] / daySum : 1 / periods.length;
      const shares: { tags: string | null; weight: number }[] =
        workloads.length === 0
          ? [{ tags: null, weight: 1 }]
          : workloads.map(([name, w]) => ({
              tags: JSON.stringify({ workload: name }),
              weight:
                lineWeights === undefined
                  ? w.cost.horizon[c.category]
                  : Object.hasOwn(lineWeights, name)
                    ? lineWeights[name]
                    : 0,
            }));
      const total = shares.reduce((a, s) => a + s.weight, 0);
      const parts = apportion(
        perDay[i],
        shares.map((s) => s.weight),
      );
      shares.forEach((s, w) => {
        const share = dayShare * (total > 0 ? s.weight / total : 1 / shares.length);
        // A workload with no part of this category gets no row (unless nobody has one: then all share it).
        if (total > 0 && s.weight === 0) return;
        const amount = money(parts[w]);
        const pricing = quantity(c.pricing * share);
        const consumption = money(c.listPerUnit === null ? amount / (1 - discount) : c.listPerUnit * pricing);
        const row: FocusRow = {
          BillingCurrency: report.cost.currency,
          ChargePeriodStart: focusDate(p.from),
          ChargePeriodEnd: focusDate(p.to),
          ChargeCategory: "Usage",
          ChargeDescription: c.description,
          BilledCost: c.reserved ? 0 : amount,
          EffectiveCost: amount,
          ListCost: consumption,
          PricingQuantity: pricing,
          PricingUnit: c.pricingUnit,
          ConsumedQuantity: quantity(c.consumed * share),
          ConsumedUnit: c.consumedUnit,
          ResourceId: c.resourceId,
          ResourceName: c.resourceName,
          ResourceType: c.resourceType,
          ServiceCategory: "AI and Machine Learning",
          ServiceName: c.serviceName,
          SkuId: c.sku,
          RegionId: c.region,
          Tags: s.tags,
        };
        rows.push(row);
        if (c.reserved) {
          // The prepaid commitment's share of this period: billed here, amortized on the usage row above [S132].
          rows.push({
            ...row,
            ChargeCategory: "Purchase",
            ChargeDescription: `${c.description} (this period's share of the purchase)`,
            BilledCost: amount,
            EffectiveCost: 0,
            ListCost: amount,
            ConsumedQuantity: null,
            ConsumedUnit: null,
          });
        }
      });
    });
  });
  return rows;
}

/**
 * A CSV cell that a spreadsheet will not run: text starting with = + - @ (or a tab / CR) is prefixed with an
 * apostrophe (OWASP's CSV-injection advice); numbers are written as they are.
 */
function safeCell(value: string | number | null): string | number {
  if (value === null) return "";
  if (typeof value === "number") return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** costs.focus.csv (RFC 4180, CRLF): {@link FOCUS_COLUMNS} then one line per {@link focusRows} row. */
export function renderFocusCsv(report: Report, options: FocusOptions = {}): string {
  let out = csvLine([...FOCUS_COLUMNS]);
  for (const row of focusRows(report, options)) out += csvLine(FOCUS_COLUMNS.map((c) => safeCell(row[c])));
  return out;
}
