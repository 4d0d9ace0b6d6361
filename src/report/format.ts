/**
 * Number formatting shared by the view model (and so by every human output) and the page script of report.html, which
 * bundles what it uses from here; and the Markdown escapes for text that came from a file. The number formatters
 * coerce with Number() first: report.json is user input, and a string where a number belongs must come out as "NaN",
 * never as the string.
 */
import { printable } from "../errors.js";

// One formatter each, made on first use: Number.prototype.toLocaleString builds a new one per call, which a report of
// thousands of deployments (tens of thousands of cells) would feel; and making them when the module loads would cost
// every command ICU's start-up, even one that prints no number. Same locale and options, same text.
/** A number formatter made on first use. */
function lazyFormat(options?: Intl.NumberFormatOptions): { format(n: number): string } {
  let made: Intl.NumberFormat | undefined;
  return {
    format(n) {
      if (made === undefined) made = new Intl.NumberFormat("en-US", options);
      return made.format(n);
    },
  };
}
const INTEGER = lazyFormat();
const CENTS = lazyFormat({ minimumFractionDigits: 2, maximumFractionDigits: 2 });
const DECIMAL = lazyFormat({ maximumFractionDigits: 2 });
const WHOLE = lazyFormat({ maximumFractionDigits: 0 });

/** An integer with thousands separators. */
export function count(n: number): string {
  return INTEGER.format(Math.round(n));
}

/** A fraction as a percentage with sensible precision. */
export function percent(fraction: number): string {
  const p = Number(fraction) * 100;
  if (p === 0) return "0%";
  if (Math.abs(p) < 0.01) return "<0.01%";
  return `${p < 10 ? p.toFixed(2) : p.toFixed(1)}%`;
}

/** Milliseconds as ms, s, min (from a minute) or h (from an hour): a Batch turnaround reads "21.2 h", not "76188.3 s". */
export function millis(ms: number): string {
  const v = Number(ms);
  if (v > 0 && v < 10) return `${v.toFixed(1)} ms`;
  if (v < 1000) return `${Math.round(v)} ms`;
  if (v >= 3_600_000) return `${(v / 3_600_000).toFixed(1)} h`;
  if (v >= 60_000) return `${(v / 60_000).toFixed(1)} min`;
  return `${(v / 1000).toFixed(v < 10_000 ? 2 : 1)} s`;
}

/** Minor-unit digits of each currency seen (2 for EUR, 0 for JPY, 3 for KWD), and a formatter for that many. */
const MINOR_DIGITS = new Map<string, { format(n: number): string }>();

/** A formatter with the currency's own number of decimals (ISO 4217, as the runtime's ICU data gives them). */
function currencyFormat(currency: string): { format(n: number): string } {
  let made = MINOR_DIGITS.get(currency);
  if (made === undefined) {
    let digits = 2;
    try {
      digits =
        new Intl.NumberFormat("en-US", { style: "currency", currency }).resolvedOptions()
          .maximumFractionDigits ?? 2;
    } catch {
      // A code the runtime does not know (report.json is user input): cents, as for most currencies.
    }
    made = lazyFormat({ minimumFractionDigits: digits, maximumFractionDigits: digits });
    MINOR_DIGITS.set(currency, made);
  }
  return made;
}

/**
 * Money with thousands separators in the report's currency: `$1,234.56` for USD (as every report always printed it),
 * the ISO code before the amount otherwise (`EUR 1,234.56`, `JPY 1,235`), with the currency's own decimals. A code
 * says which currency unambiguously where a symbol would not ("$" is also CAD's and AUD's).
 */
export function money(value: number, currency = "USD"): string {
  const amount = (currency === "USD" ? CENTS : currencyFormat(currency)).format(Number(value));
  return `${moneyPrefix(currency)}${amount}`;
}

/** Whole units of money, for plan tables: `$12,346`, `EUR 12,346`. */
export function wholeMoney(value: number, currency = "USD"): string {
  return `${moneyPrefix(currency)}${WHOLE.format(Number(value))}`;
}

/** What goes before an amount of money: `$` for USD, else the ISO code and a space (`EUR `). */
export function moneyPrefix(currency = "USD"): string {
  return currency === "USD" ? "$" : `${printable(String(currency))} `;
}

/** A number as the chart tables show it: grouped, at most two decimals. */
export function decimal(n: number): string {
  return DECIMAL.format(Number(n));
}

/** Milliseconds from the horizon start as h:mm:ss. */
export function clock(ms: number): string {
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  return `${h}:${String(m).padStart(2, "0")}:${String(sec).padStart(2, "0")}`;
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
 * A knob value in its unit (src/catalog/assumptions.ts), as every output prints it: `10 s`, `80 ms`, `10.0%`, `x0.25`,
 * `4,096 tokens`; a choice as its name.
 */
export function knobText(value: number | string | boolean, unit: string): string {
  if (typeof value !== "number") return String(value);
  switch (unit) {
    case "s":
      // Seconds stay seconds (`120 s`, not `2 min`): the evidence and the scenario file speak of them so.
      return value > 0 && value < 1 ? millis(value * 1000) : `${decimal(value)} s`;
    case "ms":
      return millis(value);
    case "fraction":
      return percent(value);
    case "x":
      return `x${decimal(value)}`;
    case "requests":
    case "tokens":
      return `${count(value)} ${unit}`;
    default:
      return decimal(value);
  }
}

/**
 * Markdown text (from a file, or formatted), for a table cell or running text: escapes pipes, backslashes, HTML and
 * the characters that start emphasis, code, links and headings, joins lines, and makes control characters visible
 * (`\u001b`).
 */
export function mdCell(text: string): string {
  return printable(
    String(text)
      .replace(/\\/g, "\\\\")
      .replace(/\|/g, "\\|")
      .replace(/&/g, "&amp;")
      // "<" before a digit starts no tag, comment or autolink: "<0.01%" stays as percent() wrote it.
      .replace(/<(?!\d)/g, "&lt;")
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
