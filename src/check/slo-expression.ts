/**
 * The SLO grammar of a scenario's `slo:` list, evaluated against report.json:
 *
 *   assertion := path ws* op ws* value
 *   path      := segment ("." segment)*        e.g. latency.e2e.p95, deployments.acct/ptu.utilization.max
 *   op        := "<=" | ">=" | "==" | "!=" | "<" | ">"   (two-character operators are tried first so "<=" is not "<")
 *   value     := number | number "%" | duration         ("8s", "250ms": report times are milliseconds)
 */
import { parseDuration } from "../scenario/units.js";

/** Comparison operators, longest first so that `<=` is never read as `<`. */
export const OPERATORS = ["<=", ">=", "==", "!=", "<", ">"] as const;
/** A comparison operator. */
export type Operator = (typeof OPERATORS)[number];

/** A parsed assertion. */
export interface SloExpression {
  /** The text as written. */
  expression: string;
  /** Path segments into report.json. */
  path: string[];
  /** Comparison. */
  op: Operator;
  /** Threshold in report units (ms for durations, fractions for percentages). */
  value: number;
  /** `error` fails the run (exit 1); `warn` is reported only (Lighthouse CI's assertion levels). */
  level: "error" | "warn";
}

/** Parses one assertion (level `error` unless given), or returns a message saying what is wrong. */
export function parseSlo(expression: string, level: "error" | "warn" = "error"): SloExpression | string {
  const text = expression.trim();
  for (const op of OPERATORS) {
    const at = text.indexOf(op);
    if (at <= 0) continue;
    const pathText = text.slice(0, at).trim();
    const valueText = text.slice(at + op.length).trim();
    if (!/^[A-Za-z0-9_./-]+$/.test(pathText) || pathText.startsWith(".") || pathText.endsWith(".")) {
      return `"${pathText}" is not a report path such as latency.e2e.p95`;
    }
    const value = parseThreshold(valueText);
    if (value === undefined) {
      return `"${valueText}" is not a number, a percentage ("1%") or a duration ("8s", "250ms")`;
    }
    return { expression: text, path: pathText.split("."), op, value, level };
  }
  return `"${text}" has no comparison: write "<path> <op> <value>" with one of ${OPERATORS.join(" ")}`;
}

function parseThreshold(text: string): number | undefined {
  if (text === "") return undefined;
  const plain = Number(text);
  if (Number.isFinite(plain)) return plain;
  const percent = /^(-?\d+(?:\.\d+)?)\s*%$/.exec(text);
  if (percent !== null) return Number(percent[1]) / 100;
  const seconds = parseDuration(text);
  return seconds === undefined ? undefined : seconds * 1000;
}

/** Compares an actual value against a threshold with the operator. */
export function compare(actual: number, op: Operator, threshold: number): boolean {
  switch (op) {
    case "<":
      return actual < threshold;
    case "<=":
      return actual <= threshold;
    case ">":
      return actual > threshold;
    case ">=":
      return actual >= threshold;
    case "==":
      return actual === threshold;
    case "!=":
      return actual !== threshold;
  }
}

/** Looks a path up in a JSON value; undefined when any segment is missing. */
export function lookup(root: unknown, path: readonly string[]): unknown {
  let node = root;
  for (const segment of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}
