/**
 * The SLO grammar of a scenario's `slo:` list, evaluated against report.json. It is k6's threshold syntax
 * (`<metric> <operator> <value>`) with a report.json path as the metric; docs/ci/README.md repeats it for users.
 *
 *   assertion ::= ws* path ws* operator ws* value ws*
 *   path      ::= segment ( "." segment )*         latency.e2e.p95, deployments.acct/ptu.utilization.max
 *   segment   ::= ( letter | digit | "_" | "-" | "/" )+   "/": deployments are keyed `account/deployment`
 *   operator  ::= "<=" | ">=" | "==" | "!=" | "<" | ">"
 *   value     ::= number | number ws* "%" | number ws* unit | iso-duration
 *   number    ::= "-"? digit+ ( "." digit+ )? ( ( "e" | "E" ) ( "+" | "-" )? digit+ )?
 *   unit      ::= "ms" | "s" | "m" | "min" | "h" | "d"      a duration, compared in ms
 *   iso-duration ::= "P" [ n "D" ] [ "T" [ n "H" ] [ n "M" ] [ n "S" ] ]   e.g. PT8S, compared in ms
 *
 * Units: a plain number is in the report's own unit (ms for latency, a fraction for rates, USD for cost), "1%" is
 * 0.01, and "8s" and "250ms" are 8000 and 250 because report times are milliseconds. The path must name a metric of
 * the registry (metric-registry.ts, listed in docs/metrics.md): scenario/resolve.ts checks it before any run, against
 * the registry's templates expanded with the scenario's own deployment, gateway and region names, and names the
 * nearest metric of a typo (exit 2). Levels: `error` (the default) fails the run with exit 1; `warn` is reported and
 * never fails, as Lighthouse CI's assertion levels.
 */
import { parseDuration } from "../units.js";

/** Comparison operators, longest first so that `<=` is never read as `<`. */
export const OPERATORS = ["<=", ">=", "==", "!=", "<", ">"] as const;
/** A comparison operator. */
export type Operator = (typeof OPERATORS)[number];

/** SLO levels: `error` fails the run, `warn` is reported only. */
export const SLO_LEVELS = ["error", "warn"] as const;
/** An SLO level. */
export type SloLevel = (typeof SLO_LEVELS)[number];

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
  level: SloLevel;
}

// The operator is the first run of comparison characters, so "=>" or "=<" is reported as an unknown operator
// rather than as a strange path or value.
const SHAPE = /^([^<>=!]*)([<>=!]+)(.*)$/s;
const PATH = /^[A-Za-z0-9_/-]+(?:\.[A-Za-z0-9_/-]+)*$/;
// Decimal only: Number() would also take "0x10", "0b1" and "" (as 0), none of which anyone means as a threshold.
const NUMBER = /^-?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i;
const PERCENT = /^(-?\d+(?:\.\d+)?)\s*%$/;
const WITH_UNIT = /^-?\d+(?:\.\d+)?(?:e[+-]?\d+)?\s*[a-z]+$/i;
const ISO = /^P/i;

/** Parses one assertion (level `error` unless given), or returns a message saying what is wrong. */
export function parseSlo(expression: string, level: SloLevel = "error"): SloExpression | string {
  const text = expression.trim();
  const shape = SHAPE.exec(text);
  if (shape === null) {
    return `"${text}" has no comparison: write "<path> <op> <value>" with one of ${OPERATORS.join(" ")}`;
  }
  const pathText = shape[1].trim();
  const opText = shape[2];
  const valueText = shape[3].trim();
  if (!(OPERATORS as readonly string[]).includes(opText)) {
    return `"${opText}" in "${text}" is not an operator: use one of ${OPERATORS.join(" ")}`;
  }
  if (pathText === "") return `"${text}" has no report path before "${opText}" (e.g. latency.e2e.p95 < 8s)`;
  if (!PATH.test(pathText)) {
    return `"${pathText}" is not a report path such as latency.e2e.p95 (dot-separated letters, digits, _ - /)`;
  }
  const value = parseThreshold(valueText);
  if (value === undefined) {
    return `"${valueText}" is not a number, a percentage ("1%") or a duration ("8s", "250ms")`;
  }
  return { expression: text, path: pathText.split("."), op: opText as Operator, value, level };
}

/** A threshold in report units, or undefined when the text is none of number, percentage or duration. */
function parseThreshold(text: string): number | undefined {
  if (NUMBER.test(text)) return Number(text);
  const percent = PERCENT.exec(text);
  if (percent !== null) return Number(percent[1]) / 100;
  if (!WITH_UNIT.test(text) && !ISO.test(text)) return undefined;
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
