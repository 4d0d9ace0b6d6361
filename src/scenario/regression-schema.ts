/**
 * The scenario's `regression:` block: per-scenario tolerances for `spillway check --baseline`. Keys are report
 * paths (`latency.e2e.p95`) or metric groups (`latency`, `rates`, `cost`); values are a relative tolerance ("10%")
 * or an absolute one in the metric's unit (0.005 for rates = 0.5 percentage points).
 */
import { z } from "zod";

/** A tolerance: "10%" (relative) or a number (absolute, in the metric's unit). */
export const toleranceSchema = z
  .union([
    z.number().min(0),
    z.string().regex(/^\d+(\.\d+)?%$/, { message: 'write a tolerance as "10%" or a number' }),
  ])
  .describe('relative ("10%") or absolute (0.005) tolerance');

/** `regression:` — tolerances by report path or metric group. */
export const regressionSchema = z
  .strictObject({
    tolerances: z
      .record(z.string().min(1), toleranceSchema)
      .default({})
      .describe(
        'by report path or group: { latency: "10%", rates: 0.005, cost: "5%", "latency.ttft.p95": "20%" }',
      ),
  })
  .describe("tolerances for spillway check --baseline");
