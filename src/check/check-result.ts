/**
 * What `spillway check` found for one scenario, the input of the Markdown and JUnit renderers. Kept apart from the
 * command so the renderers stay pure and testable without running anything.
 */
import type { Report, SloResult } from "../report/report-types.js";
import type { ReportDiff } from "./regression.js";

/** The baseline side of a scenario's check. */
export type BaselineOutcome =
  /** No --baseline given: SLOs only. */
  | { status: "none" }
  /** Compared with the stored report. */
  | { status: "compared"; path: string; diff: ReportDiff }
  /** No stored report for this scenario: a failure until `--update-baseline` writes one. */
  | { status: "missing"; path: string }
  /** A stored report of another report.json version: a failure until `--update-baseline` rewrites it. */
  | { status: "incompatible"; path: string; reason: string }
  /** `--update-baseline` wrote it; `diff` is against the one it replaced, when there was one (for the record). */
  | { status: "updated"; path: string; diff: ReportDiff | undefined };

/** One scenario's check. */
export interface ScenarioCheck {
  /** The scenario's name (keys its report folder and baseline file). */
  scenario: string;
  /** The scenario file as the user named it. */
  file: string;
  /** The report of this run. */
  report: Report;
  /** Baseline outcome. */
  baseline: BaselineOutcome;
}

/** Failed error-level SLOs: each fails the check. */
export function failedSlos(check: ScenarioCheck): SloResult[] {
  return check.report.slo.filter((s) => !s.passed && s.level !== "warn");
}

/** Failed warn-level SLOs: reported, never a failure. */
export function warnedSlos(check: ScenarioCheck): SloResult[] {
  return check.report.slo.filter((s) => !s.passed && s.level === "warn");
}

/** Whether the baseline side fails the check: a regression, or no usable baseline to compare with. */
export function baselineFailed(outcome: BaselineOutcome): boolean {
  switch (outcome.status) {
    case "compared":
      return outcome.diff.regressions > 0;
    case "missing":
    case "incompatible":
      return true;
    case "none":
    case "updated":
      return false;
  }
}

/** Whether the scenario fails the check (exit 1). */
export function checkFailed(check: ScenarioCheck): boolean {
  return failedSlos(check).length > 0 || baselineFailed(check.baseline);
}
