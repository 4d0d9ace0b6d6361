/**
 * The scenario variants `spillway sensitivity` and `plan --robust` run: one knob of src/catalog/assumptions.ts moved
 * to its low or its high end on every component that uses it, the others left as the scenario has them. An end whose
 * value every component already uses is the scenario itself: it is marked so its run can be the base run.
 */
import { KNOBS, type Knob } from "../catalog/assumptions.js";
import { knobAssignments, knobUses } from "../scenario/assumptions.js";
import type { ResolvedScenario } from "../scenario/resolve.js";

/** A knob's value: seconds, a fraction, a factor, tokens, or the name of a behaviour. */
export type KnobValue = number | string | boolean;

/** The two ends of a knob's plausible range, in the order they are run and reported. */
export const KNOB_ENDS = ["low", "high"] as const;
/** One end of a knob's range. */
export type KnobEndName = (typeof KNOB_ENDS)[number];

/** One variant: a knob at one end. */
export interface KnobEnd {
  /** The knob moved. */
  knob: Knob;
  /** Which end. */
  end: KnobEndName;
  /** The end's value as the catalog states it (a factor for a relative knob). */
  value: KnobValue;
  /** The `--set` assignments that move it there (after the user's and the point's own). */
  sets: string[];
  /** Every component already uses this value: the variant is the scenario itself. */
  sameAsBase: boolean;
}

/** The text of a knob value in a `--set` assignment (as scenario/assumptions.ts writes it). */
const assigned = (value: KnobValue) => (typeof value === "string" ? value : JSON.stringify(value));

/**
 * The knobs `scenario` uses with their two ends, in catalog order; a component whose knob key is `fixed` (a path a
 * plan sweeps with `--vary`, `accounts.a.deployments.ptu.bucket.window`) is left alone, and a knob left with no
 * component is not an assumption of the scenario.
 */
export function knobEnds(scenario: ResolvedScenario, fixed: ReadonlySet<string> = new Set()): KnobEnd[] {
  const out: KnobEnd[] = [];
  for (const knob of KNOBS as readonly Knob[]) {
    const uses = knobUses(scenario, knob);
    for (const end of KNOB_ENDS) {
      // knobAssignments maps knobUses one to one, in order.
      const all = knobAssignments(scenario, knob, end);
      const kept = uses.flatMap((use, i) => {
        const path = `${use.entry}.${knob.key}`;
        if (!all[i].startsWith(`${path}=`))
          throw new Error(`knob ${knob.name}: assignment ${all[i]} is not ${path}`);
        return fixed.has(path) ? [] : [{ set: all[i], same: all[i] === `${path}=${assigned(use.value)}` }];
      });
      if (kept.length === 0) break;
      out.push({
        knob,
        end,
        value: knob[end],
        sets: kept.map((k) => k.set),
        sameAsBase: kept.every((k) => k.same),
      });
    }
  }
  return out;
}

/** The knobs of a list of ends, once each, in order. */
export function knobsOf(ends: readonly KnobEnd[]): Knob[] {
  return [...new Set(ends.map((e) => e.knob))];
}
