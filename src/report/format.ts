/**
 * Number formatting shared by the renderers (terminal, Markdown, and report.html, which inlines these functions' own
 * source: so each stays self-contained — no reference to anything outside its body but its parameters).
 */
import type { BillingReport } from "./report-types.js";

/** An integer with thousands separators. */
export function count(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** A fraction as a percentage with sensible precision. */
export function percent(fraction: number): string {
  const p = fraction * 100;
  if (p === 0) return "0%";
  if (Math.abs(p) < 0.01) return "<0.01%";
  return `${p < 10 ? p.toFixed(2) : p.toFixed(1)}%`;
}

/** Milliseconds as ms or s. */
export function millis(ms: number): string {
  if (ms > 0 && ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** USD with cents, thousands separators. */
export function usd(value: number): string {
  return `$${value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** Seconds as a short duration. */
export function seconds(s: number): string {
  if (s >= 86400 && s % 3600 === 0) return `${s / 3600} h`;
  if (s >= 3600) return `${(s / 3600).toFixed(s % 3600 === 0 ? 0 : 2)} h`;
  if (s >= 60) return `${(s / 60).toFixed(s % 60 === 0 ? 0 : 1)} min`;
  return `${s} s`;
}

/** A value for a Markdown table cell: escapes pipes, backslashes, HTML and line breaks so user text stays text. */
export function mdCell(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[\r\n]+/g, " ")
    .replace(/([*_`[\]#])/g, "\\$1");
}

/**
 * The rows of a provisioned deployment's "Billing options" table (billing, 730-hour month, break-even utilization),
 * shared by summary.md and report.html; formatters come in as parameters so the page can inline this function.
 */
export function billingRows(
  b: BillingReport,
  money: (v: number) => string,
  share: (v: number) => string,
): string[][] {
  const breakEven = (v: number | null) => (v === null ? "never" : share(v));
  return [
    ["hourly", money(b.monthly.hourly), breakEven(b.breakEvenUtilization.hourly)],
    [
      "1-month reservation",
      money(b.monthly.reservationMonthly),
      breakEven(b.breakEvenUtilization.reservationMonthly),
    ],
    [
      "1-year reservation",
      money(b.monthly.reservationYearly),
      breakEven(b.breakEvenUtilization.reservationYearly),
    ],
    ["this scenario's billing", money(b.monthly.current), "—"],
    ["pay-as-you-go at the mean utilization", money(b.payAsYouGoMonthlyAtMeanUtilization), "—"],
  ];
}
