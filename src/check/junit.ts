/**
 * JUnit XML of `spillway check`, the format every CI test tab reads (GitHub test reporters, Azure Pipelines'
 * PublishTestResults, GitLab). One `<testsuite>` per scenario, one `<testcase>` per SLO (classname `slo`) and per
 * tracked metric of the baseline comparison (classname `regression`). Failed error-level SLOs and regressions are
 * `<failure>`s; a failed warn-level SLO is `<skipped>`, which CI tabs show apart from passes without failing the
 * build (Lighthouse CI's warn level). No timestamps or durations: the file is as deterministic as report.json.
 */
import { printable } from "../errors.js";
import { formatMetricValue } from "../report/compare.js";
import { checkFailed, type ScenarioCheck } from "./check-result.js";
import { changedKeyLines, deltaText, sloActualText, toleranceText } from "./markdown.js";

/**
 * Escapes text for XML content and attribute values. Control characters (which XML 1.0 cannot hold, or which a CI
 * log would pass to a terminal) are shown as visible escapes; the two non-characters XML forbids are dropped.
 */
export function xmlEscape(text: string): string {
  return printable(String(text), true)
    .replace(/[\uFFFE\uFFFF]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** One test case before rendering. */
interface Case {
  classname: "slo" | "regression";
  name: string;
  outcome: { kind: "pass" } | { kind: "failure"; message: string } | { kind: "skipped"; message: string };
  out: string;
}

/** The test cases of one scenario. */
function casesOf(check: ScenarioCheck): Case[] {
  const currency = check.report.cost.currency;
  const cases: Case[] = check.report.slo.map((s) => {
    const actual = sloActualText(s, currency);
    const detail = `${s.expression}: actual ${actual} (level ${s.level})`;
    if (s.passed) return { classname: "slo", name: s.expression, outcome: { kind: "pass" }, out: detail };
    const message = `${s.expression} failed: actual ${actual}`;
    return {
      classname: "slo",
      name: s.expression,
      outcome:
        s.level === "warn" ? { kind: "skipped", message: `warn: ${message}` } : { kind: "failure", message },
      out: detail,
    };
  });
  const b = check.baseline;
  if (b.status === "missing" || b.status === "incompatible") {
    const why =
      b.status === "missing" ? `no baseline at ${b.path}` : `unusable baseline at ${b.path}: ${b.reason}`;
    cases.push({
      classname: "regression",
      name: "baseline",
      outcome: {
        kind: "failure",
        message: `${why}; run spillway check with --update-baseline and commit it`,
      },
      out: why,
    });
  }
  const diff = b.status === "compared" ? b.diff : undefined;
  for (const row of diff?.rows ?? []) {
    const detail =
      `baseline ${formatMetricValue(row.unit, row.baseline, currency)}, now ${formatMetricValue(row.unit, row.now, currency)}, ` +
      `delta ${deltaText(row, currency)}, ${row.verdict === "changed" ? "changed (reported only)" : row.verdict}`;
    const tolerance =
      row.tolerance === undefined
        ? "informational"
        : `tolerance ${toleranceText(row.tolerance, row.unit, row.direction === "higher", currency)} (${row.tolerance.source} ${row.tolerance.key})`;
    cases.push({
      classname: "regression",
      name: row.metric,
      outcome:
        row.verdict === "regression"
          ? { kind: "failure", message: `${row.metric} regressed: ${detail}; ${tolerance}` }
          : { kind: "pass" },
      out: `${detail}; ${tolerance}`,
    });
  }
  return cases;
}

/** Renders the check as a JUnit XML document. */
export function renderJunit(checks: readonly ScenarioCheck[]): string {
  const suites = checks.map((check) => ({ check, cases: casesOf(check) }));
  const count = (cases: Case[], kind: string) => cases.filter((c) => c.outcome.kind === kind).length;
  const all = suites.flatMap((s) => s.cases);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="spillway check" tests="${all.length}" failures="${count(all, "failure")}" errors="0" skipped="${count(all, "skipped")}">`,
  ];
  for (const { check, cases } of suites) {
    lines.push(
      `  <testsuite name="${xmlEscape(check.scenario)}" tests="${cases.length}" failures="${count(cases, "failure")}" errors="0" skipped="${count(cases, "skipped")}">`,
      "    <properties>",
      `      <property name="file" value="${xmlEscape(check.file)}"/>`,
      `      <property name="scenarioHash" value="${xmlEscape(check.report.scenario.hash)}"/>`,
      `      <property name="seed" value="${xmlEscape(String(check.report.seed))}"/>`,
      `      <property name="baseline" value="${xmlEscape(check.baseline.status)}"/>`,
      "    </properties>",
    );
    for (const c of cases) {
      lines.push(`    <testcase classname="${c.classname}" name="${xmlEscape(c.name)}">`);
      if (c.outcome.kind === "failure") {
        lines.push(`      <failure message="${xmlEscape(c.outcome.message)}" type="${c.classname}"/>`);
      } else if (c.outcome.kind === "skipped") {
        lines.push(`      <skipped message="${xmlEscape(c.outcome.message)}"/>`);
      }
      lines.push(`      <system-out>${xmlEscape(c.out)}</system-out>`, "    </testcase>");
    }
    const diff = check.baseline.status === "compared" ? check.baseline.diff : undefined;
    const notes = [
      ...(diff?.notes ?? []),
      ...changedKeyLines(diff?.changedKeys ?? []).map((line) => `  ${line}`),
      ...check.report.warnings.map((w) => `warning [${w.code}]: ${w.message}`),
      checkFailed(check) ? "check failed" : "check passed",
    ];
    lines.push(`    <system-out>${xmlEscape(notes.join("\n"))}</system-out>`, "  </testsuite>");
  }
  lines.push("</testsuites>");
  return `${lines.join("\n")}\n`;
}
