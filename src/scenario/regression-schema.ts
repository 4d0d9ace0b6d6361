/**
 * The scenario's `regression:` block: per-scenario tolerances and rules for `spillway check --baseline`. Keys are
 * report paths (`latency.e2e.p95`) or metric groups (`latency`, `rates`, `cost`); tolerance values are a relative
 * tolerance ("10%") or an absolute one in the metric's unit (0.005 for rates = 0.5 percentage points).
 */
import { z } from "zod";

/** A tolerance: "10%" (relative) or a number (absolute, in the metric's unit). */
export const toleranceSchema = z
  .union([
    z.number().min(0),
    z.string().regex(/^\d+(\.\d+)?%$/, { message: 'write a tolerance as "10%" or a number' }),
  ])
  .describe('relative ("10%") or absolute (0.005) tolerance');

/**
 * A list of tolerance keys (report paths or metric groups) a rule applies to. Optional without a default: a default
 * would be written into every validated scenario with a `regression:` block and change its hash.
 */
const ruleKeys = (describe: string) => z.array(z.string().min(1)).optional().describe(describe);

/** `regression:` — tolerances and rules by report path or metric group. */
export const regressionSchema = z
  .strictObject({
    tolerances: z
      .record(z.string().min(1), toleranceSchema)
      .default({})
      .describe(
        'by report path or group: { latency: "10%", rates: 0.005, cost: "5%", "latency.ttft.p95": "20%" }',
      ),
    report: ruleKeys(
      'metrics (report paths or groups) whose worsening beyond tolerance is shown as "changed (reported only)" and never fails the check, e.g. [cost, latency.ttft.p95]',
    ),
    regress: ruleKeys(
      "metrics (report paths or groups) that fail the check when they worsen beyond tolerance (every one does by default); a path here wins over its group in `report`: report: [cost] with regress: [cost.monthly.total] fails on the total cost only and reports its components",
    ),
  })
  .describe("tolerances and rules for spillway check --baseline");
