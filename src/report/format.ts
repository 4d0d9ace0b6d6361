/**
 * Number formatting shared by the renderers (terminal, Markdown, and report.html, which inlines these functions' own
 * source: so each stays self-contained — no reference to anything outside its body but its parameters), and the
 * Markdown escapes for text that came from a file. The number formatters coerce with Number() first: report.json is
 * user input, and a string where a number belongs must come out as "NaN", never as the string.
 */
import { printable } from "../errors.js";
import type { BillingReport } from "./report-types.js";

/** An integer with thousands separators. */
export function count(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** A fraction as a percentage with sensible precision. */
export function percent(fraction: number): string {
  const p = Number(fraction) * 100;
  if (p === 0) return "0%";
  if (Math.abs(p) < 0.01) return "<0.01%";
  return `${p < 10 ? p.toFixed(2) : p.toFixed(1)}%`;
}

/** Milliseconds as ms or s. */
export function millis(ms: number): string {
  const v = Number(ms);
  if (v > 0 && v < 10) return `${v.toFixed(1)} ms`;
  if (v < 1000) return `${Math.round(v)} ms`;
  return `${(v / 1000).toFixed(v < 10_000 ? 2 : 1)} s`;
}

/** USD with cents, thousands separators. */
export function usd(value: number): string {
  return `$${Number(value).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** Seconds as a short duration. */
export function seconds(s: number): string {
  const v = Number(s);
  if (v >= 86400 && v % 3600 === 0) return `${v / 3600} h`;
  if (v >= 3600) return `${(v / 3600).toFixed(v % 3600 === 0 ? 0 : 2)} h`;
  if (v >= 60) return `${(v / 60).toFixed(v % 60 === 0 ? 0 : 1)} min`;
  return `${v} s`;
}

/**
 * Markdown text from a file, for a table cell or running text: escapes pipes, backslashes, HTML and the characters
 * that start emphasis, code, links and headings, joins lines, and makes control characters visible (`\u001b`).
 */
export function mdCell(text: string): string {
  return printable(
    String(text)
      .replace(/\\/g, "\\\\")
      .replace(/\|/g, "\\|")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/[\r\n]+/g, " ")
      .replace(/([*_`[\]#])/g, "\\$1"),
  );
}

/**
 * Text from a file for the inside of a Markdown code span (the caller adds the backticks): a backtick would end the
 * span, a pipe the table cell and a line break the row; inside the span nothing else is markup.
 */
export function mdCode(text: string): string {
  return printable(
    String(text)
      .replace(/`/g, "'")
      .replace(/\|/g, "\\|")
      .replace(/[\r\n]+/g, " "),
  );
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
