/**
 * The warning registry: every code report.json `warnings` can hold, named and explained once. A warning is something
 * the user should know about a run that is not an error (allowed but suspicious input, an assumption that dominates a
 * figure, an approximation); it never changes an exit code. Codes are stable, so users and CI can match on them;
 * messages are for people and may be reworded. Scenario-time warnings are raised by the resolver (src/scenario/),
 * run-time ones by the simulator through the recorder (src/sim/) and by the report builder (src/report/); all three
 * sit below this floor, so the registry lives here.
 */

/** Where a warning is raised: resolving the scenario, during the run, or building the report from its aggregates. */
export type WarningStage = "scenario" | "run" | "report" | "read";

/** The codes, each with where it is raised and when. */
export const WARNING_CODES = {
  overload: {
    stage: "report",
    when:
      "At least OVERLOAD_THROTTLE_RATE (10 %) of the arrived requests got a 429 as their final answer (after their " +
      "SDK retries): the estate cannot serve the offered load, so the success-only latency (latency.e2e) describes " +
      "the ones that got through; the message gives latency.e2eAll beside it, over every request.",
  },
  "default-max-tokens": {
    stage: "scenario",
    when:
      "A workload leaves maxTokens unset, so the assumed default (knob workload.maxTokens) is sent with every " +
      "request and charged at admission; the message compares it with the workload's mean completion.",
  },
  "zero-price": {
    stage: "scenario",
    when:
      "A price a deployment is billed at is 0 (its model's token price on its SKU, or its PTU price for its billing " +
      "plan), or a gateway has no unit or call price: its cost counts as 0. A missing price never warns: PTUs then " +
      "cost the SKU's list price, and a standard deployment without token prices is refused.",
  },
  "network-default": {
    stage: "scenario",
    when:
      "A round trip the run makes is between two regions in neither Microsoft's published round-trip table nor " +
      "network.latency.pairs, and network.latency.interRegion is unset: the assumed default applies (knob " +
      "network.interRegion). One warning per pair, naming it.",
  },
  quota: {
    stage: "scenario",
    when:
      "The estate needs more quota than Azure grants by default, or than the scenario's quota: says was granted: " +
      "the standard capacities of one model and SKU in one region of one subscription add up to more TPM than the " +
      "tier-1 default (src/catalog/quotas.ts; Batch SKUs: enqueued tokens against the Batch default), or the PTUs of " +
      "one provisioned SKU in one region of one subscription to more than stated. Azure refuses a deployment past its quota, so request more before relying on the plan. " +
      "One warning per pool, naming it and its deployments; `spillway validate --quota` lists every pool.",
  },
  "short-horizon": {
    stage: "scenario",
    when:
      "The horizon is shorter than 7 days: the 730-hour month is extrapolated from it, as if every day of the month, " +
      "weekends included, were like the simulated day(s) (every hour like the horizon's, for a horizon under a day), " +
      "which overstates a business-hours run; workloads whose arrivals declare a `weekend` factor are extrapolated " +
      "by their weekly shape instead (src/cost/month.ts). The message says which applies.",
  },
  "gateway-zero-weights": {
    stage: "scenario",
    when: "Every backend of one priority of a gateway has weight 0; they share traffic evenly instead.",
  },
  "setting-ignored": {
    stage: "scenario",
    when:
      "A setting the scenario gives has no effect: requestsPerSecondPerUnit or queueLimit on a gateway tier that " +
      "scales by itself (Consumption), promptTokens or completionTokens on a workload that replays a trace.",
  },
  "outage-after-horizon": {
    stage: "scenario",
    when: "An outage starts after the horizon ends, so it has no effect.",
  },
  "trace-bad-rows": {
    stage: "run",
    when: "A replayed trace had rows that could not be read and were skipped (bad rows: skip); the first reasons are quoted.",
  },
  "trace-empty": {
    stage: "run",
    when: "A replayed trace has no rows in its replayed window: the workload sent nothing.",
  },
  "trace-ran-out": {
    stage: "run",
    when:
      "A replayed trace (without loop) ended more than a step before the horizon: the rest of the run has no " +
      "traffic from it.",
  },
  "no-arrivals": {
    stage: "report",
    when: "No request arrived in the horizon: every rate and latency is 0 and says nothing.",
  },
  "unfinished-requests": {
    stage: "report",
    when: "Some requests that arrived never reached a final outcome (a bug in Spillway: the counts do not add up).",
  },
  legacy: {
    stage: "read",
    when: "A warning read from a report written before warnings had codes: its text is kept as the message, unclassified.",
  },
} as const satisfies Record<string, { stage: WarningStage; when: string }>;

/** A warning code of {@link WARNING_CODES}. */
export type WarningCode = keyof typeof WARNING_CODES;

/**
 * One warning as report.json holds it. `code` is a string, not {@link WarningCode}: a report written by a newer
 * Spillway may carry a code this one does not know, and reading it must not fail.
 */
export interface RunWarning {
  /** Stable code (WARNING_CODES), for users and CI to match on. */
  code: string;
  /** What happened and what to do, for people. */
  message: string;
}

/** A warning with a registered code. */
export function warning(code: WarningCode, message: string): RunWarning {
  return { code, message };
}

/** The caller 429 rate (throttle.client.rate) at or above which a run is flagged `overload`. */
export const OVERLOAD_THROTTLE_RATE = 0.1;

/** A horizon shorter than this many seconds (7 days) is flagged `short-horizon`. */
export const SHORT_HORIZON_SECONDS = 7 * 24 * 3600;
