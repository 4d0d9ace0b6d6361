/**
 * plan.json as read back (`spillway plan --merge DIR...`): a zod schema mirroring {@link Plan}, so a damaged or
 * hand-edited shard is refused with the JSON path of what is wrong. Above all the scenario name is checked like a
 * scenario's own: a merge names its output folder after it, and `../../x` must not climb out of reports/.
 */
import { z } from "zod";
import { type Assert, type Exact, NAME_PATTERN, type Parsed, parseWith } from "../report/report-schema.js";
import { PLAN_METRICS } from "./evaluate.js";
import { KNOB_ENDS } from "./knob-ends.js";
import {
  type MetricSummary,
  PLAN_SCHEMA_VERSION,
  type Plan,
  type PlanPoint,
  type PlanRobustness,
  type PointRobustness,
} from "./plan.js";
import type { VaryDimension } from "./vary.js";

// As in report-schema.ts: each leaf's error is what it expects, read as "PATH is VALUE, expected WHAT".
const finite = () => z.number({ error: "a finite number" });
const count = () => z.int({ error: "a whole number ≥ 0" }).min(0, { error: "a whole number ≥ 0" });
const positiveCount = () => z.int({ error: "a whole number ≥ 1" }).min(1, { error: "a whole number ≥ 1" });
const text = () => z.string({ error: "a string" });
const numberOrString = () => z.union([z.number(), z.string()], { error: "a finite number or a string" });
const level = () => z.enum(["error", "warn"], { error: 'one of "error", "warn"' });
const object = <S extends z.ZodRawShape>(shape: S) => z.object(shape, { error: "an object" });
const record = <V extends z.ZodType>(value: V) => z.record(z.string(), value, { error: "an object" });
const list = <V extends z.ZodType>(item: V) => z.array(item, { error: "a list" });

const metricSummary = object({
  mean: finite(),
  ci95: z.tuple([finite(), finite()], { error: "a list of two numbers" }),
  min: finite(),
  max: finite(),
});

const varyDimension = object({ path: text(), values: list(numberOrString()) });

const boolean = () => z.boolean({ error: "true or false" });

const pointRobustness = object({
  meetsSloAtBase: boolean(),
  ends: list(
    object({
      knob: text(),
      end: z.enum(KNOB_ENDS, { error: 'one of "low", "high"' }),
      value: z.union([z.number(), z.string(), z.boolean()], { error: "a number, a string, true or false" }),
      failed: list(text()),
    }),
  ),
  failedBy: list(text()),
});

const planPoint = object({
  index: count(),
  values: record(numberOrString()),
  replications: list(object({ seed: count(), hash: text() })),
  metrics: record(metricSummary),
  slo: list(
    object({
      expression: text(),
      level: level(),
      passed: count(),
      of: count(),
      actual: metricSummary.optional(),
    }),
  ),
  meetsSlo: boolean(),
  robust: pointRobustness.optional(),
});

const recommendation = object({
  index: count(),
  values: record(numberOrString()),
  costMonthly: finite(),
  reason: text(),
}).nullable();

const planRobustness = object({
  knobs: list(text()),
  baseRecommended: recommendation,
  changedBy: list(text()),
});

/** Records a cross-field problem; its message reads after the path. */
function relation(ctx: z.RefinementCtx, path: PropertyKey[], message: string): void {
  ctx.addIssue({ code: "custom", path, message, params: { relation: true } });
}

/** What a plan.json of another version is told: shards of one merge must all come from this spillway. */
const VERSION_EXPECTED = `${PLAN_SCHEMA_VERSION} (plan.json of this spillway: re-run shards an older one wrote)`;

/**
 * The zod schema of plan.json; its output type is exactly {@link Plan} (checked below at compile time). Each point's
 * metrics are keyed by metric registry path ({@link PLAN_METRICS}); version 1 used `successRate` for `requests.successRate`.
 */
export const planSchema = object({
  schemaVersion: z
    .number({ error: VERSION_EXPECTED })
    .refine((v): boolean => v === PLAN_SCHEMA_VERSION, { error: VERSION_EXPECTED }),
  tool: object({ name: z.literal("spillway", { error: '"spillway"' }), version: text() }),
  scenario: object({
    name: z
      .string({ error: "a scenario name (letters, digits, _ and -)" })
      .regex(NAME_PATTERN, { error: "a scenario name (letters, digits, _ and -)" }),
    hash: text(),
    currency: z
      .string({ error: "an ISO 4217 currency code" })
      .regex(/^[A-Z]{3}$/, { error: "an ISO 4217 currency code" })
      .optional(),
  }),
  vary: list(varyDimension),
  replications: object({ count: positiveCount(), seeds: list(count()) }),
  search: z.enum(["grid", "bisect"], { error: 'one of "grid", "bisect"' }),
  shard: object({ index: positiveCount(), count: positiveCount() }).nullable(),
  points: list(planPoint),
  recommended: recommendation,
  // Written by --robust only: a plan without it is byte for byte what it was.
  robust: planRobustness.optional(),
  // Written with a recommendation; absent from shards and from plans written before it was added.
  equivalent: list(count()).optional(),
}).superRefine((plan, ctx) => {
  // Runs only on a plan whose every field has the right type: what is left is how fields relate.
  if (plan.replications.seeds.length !== plan.replications.count) {
    relation(
      ctx,
      ["replications", "seeds"],
      `has ${plan.replications.seeds.length} seed(s), expected replications.count = ${plan.replications.count}`,
    );
  }
  if (plan.shard !== null && plan.shard.index > plan.shard.count) {
    relation(
      ctx,
      ["shard", "index"],
      `is ${plan.shard.index}, expected at most shard.count = ${plan.shard.count}`,
    );
  }
  // plan.md, plan.html and the charts read these of every point.
  plan.points.forEach((point, i) => {
    for (const metric of PLAN_METRICS) {
      if (!Object.hasOwn(point.metrics, metric)) {
        relation(ctx, ["points", i, "metrics", metric], "is missing, expected every plan metric");
      }
    }
    for (const d of plan.vary) {
      if (!Object.hasOwn(point.values, d.path)) {
        relation(ctx, ["points", i, "values", d.path], "is missing, expected a value for every --vary path");
      }
    }
    // plan.md's robust column and the merge read both or neither.
    if ((point.robust === undefined) !== (plan.robust === undefined)) {
      relation(
        ctx,
        ["points", i, "robust"],
        plan.robust === undefined
          ? "is present, expected none without robust"
          : "is missing, expected it with robust",
      );
    }
    point.slo.forEach((s, k) => {
      if (s.passed > s.of) {
        relation(ctx, ["points", i, "slo", k, "passed"], `is ${s.passed}, expected at most of = ${s.of}`);
      }
    });
  });
});

/** Compile-time proof that the schema and the {@link Plan} interface describe the same thing (both ways). */
export type PlanSchemaMatchesPlan = [
  Assert<Exact<z.output<typeof planSchema>, Plan>>,
  Assert<Exact<z.output<typeof planPoint>, PlanPoint>>,
  Assert<Exact<z.output<typeof metricSummary>, MetricSummary>>,
  Assert<Exact<z.output<typeof varyDimension>, VaryDimension>>,
  Assert<Exact<z.output<typeof pointRobustness>, PointRobustness>>,
  Assert<Exact<z.output<typeof planRobustness>, PlanRobustness>>,
];

/**
 * Checks parsed JSON against the plan.json schema; on success returns the input object itself (no transforms), or
 * every problem as `PATH is VALUE, expected WHAT`. Reserved keys (`__proto__`, ...) are refused anywhere.
 */
export function parsePlan(json: unknown): Parsed<Plan> {
  return parseWith(planSchema, json) as Parsed<Plan>;
}
