/**
 * "Did you mean …?" for unknown keys: every key name the schema knows, and the nearest one to a typo. Unknown keys are
 * almost always typos (scenario-format.md), so naming the intended key is the most useful fix we can print.
 */
import type { z } from "zod";

interface ZodDef {
  type: string;
  shape?: Record<string, { _zod: { def: ZodDef } }>;
  innerType?: { _zod: { def: ZodDef } };
  element?: { _zod: { def: ZodDef } };
  options?: { _zod: { def: ZodDef } }[];
  valueType?: { _zod: { def: ZodDef } };
  in?: { _zod: { def: ZodDef } };
  out?: { _zod: { def: ZodDef } };
}

/** All object keys that appear anywhere in a zod schema. */
export function schemaKeys(schema: z.ZodType): Set<string> {
  const keys = new Set<string>();
  const seen = new Set<ZodDef>();
  const walk = (def: ZodDef | undefined): void => {
    if (def === undefined || seen.has(def)) return;
    seen.add(def);
    if (def.shape !== undefined) {
      for (const [key, child] of Object.entries(def.shape)) {
        keys.add(key);
        walk(child._zod.def);
      }
    }
    for (const child of [def.innerType, def.element, def.valueType, def.in, def.out]) walk(child?._zod.def);
    for (const option of def.options ?? []) walk(option._zod.def);
  };
  walk((schema as unknown as { _zod: { def: ZodDef } })._zod.def);
  return keys;
}

/** Levenshtein distance between two short strings. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
    }
    previous = current;
  }
  return previous[b.length];
}

/** The known key closest to `key` (case-insensitive), if it is close enough to be a typo. */
export function nearestKey(key: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  // Two edits for longer names, one for short ones: beyond that a suggestion is more noise than help.
  return best !== undefined && bestDistance <= (key.length > 5 ? 2 : 1) ? best : undefined;
}
