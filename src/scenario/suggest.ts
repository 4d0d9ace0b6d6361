/**
 * "Did you mean …?" for unknown keys and metric paths: every key name the schema knows, and the nearest one to a typo.
 * Unknown keys are almost always typos, so naming the intended key is the most useful fix we can print.
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

/**
 * Edit distance between two short strings: insertions, deletions, substitutions and swaps of two adjacent characters
 * (optimal string alignment), each one edit — a swap is the commonest slip of the fingers (`p59` for `p95`).
 */
export function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        current[j] = Math.min(current[j], before[j - 2] + 1);
      }
    }
    before = previous;
    previous = current;
  }
  return previous[b.length];
}

/** The characters of a string, sorted: equal for two strings that differ only by where their characters stand. */
function letters(text: string): string {
  return [...text].sort().join("");
}

/**
 * The known key closest to `key` (case-insensitive), if it is close enough to be a typo: by default two edits for
 * longer names and one for short ones; `maxDistance` widens that for long dotted paths, where a misplaced segment
 * costs several edits yet the nearest path is still the one meant. Of equally near keys, one with the same characters
 * wins (a swap rather than a wrong character: `p59` is `p95`, not `p50`), then the first.
 */
export function nearestKey(key: string, known: Iterable<string>, maxDistance?: number): string | undefined {
  const typed = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  let bestSameLetters = false;
  for (const candidate of known) {
    const lower = candidate.toLowerCase();
    const d = editDistance(typed, lower);
    const sameLetters = letters(typed) === letters(lower);
    if (d < bestDistance || (d === bestDistance && sameLetters && !bestSameLetters)) {
      best = candidate;
      bestDistance = d;
      bestSameLetters = sameLetters;
    }
  }
  // Two edits for longer names, one for short ones: beyond that a suggestion is more noise than help.
  return best !== undefined && bestDistance <= (maxDistance ?? (key.length > 5 ? 2 : 1)) ? best : undefined;
}

/** The distance {@link nearestKey} allows for a dotted metric path: one edit in six characters, at least two. */
export function pathDistance(path: string): number {
  return Math.max(2, Math.floor(path.length / 6));
}

/** What {@link unknownPathProblem} knows beyond the valid paths. */
export interface PathHints {
  /** Top-level keys that hold numbers but no metrics, and why (timeseries, seed). */
  notMetrics?: Readonly<Record<string, string>>;
  /** Former names of metrics and the path each is now. */
  renamed?: Readonly<Record<string, string>>;
}

/**
 * Why a dotted path is not one of the `known` metric paths, or undefined when it is: its new name when it was
 * renamed, the nearest known path when one is close, else the keys that do exist at the deepest level the path got
 * right.
 */
export function unknownPathProblem(
  path: string,
  known: ReadonlySet<string>,
  hints: PathHints = {},
): string | undefined {
  if (known.has(path)) return undefined;
  const head = `"${path}" is not a report metric`;
  const top = path.split(".")[0];
  const { notMetrics = {}, renamed = {} } = hints;
  if (Object.hasOwn(notMetrics, top)) return `${head} (${top}: ${notMetrics[top]}); see docs/metrics.md`;
  const nearest =
    Object.hasOwn(renamed, path) && known.has(renamed[path])
      ? renamed[path]
      : nearestKey(path, known, pathDistance(path));
  if (nearest !== undefined) return `${head}; did you mean "${nearest}"?`;
  const segments = path.split(".");
  for (let depth = segments.length - 1; depth >= 0; depth--) {
    const prefix = segments.slice(0, depth);
    const next = new Set<string>();
    for (const candidate of known) {
      const parts = candidate.split(".");
      if (parts.length > depth && prefix.every((s, i) => parts[i] === s)) next.add(parts[depth]);
    }
    if (next.size > 0) {
      const where = depth === 0 ? "at the top" : `under ${prefix.join(".")}`;
      return `${head}; ${where}: ${[...next].join(", ")} (docs/metrics.md lists every metric)`;
    }
  }
  return `${head}; docs/metrics.md lists every metric`;
}

/**
 * The spelling a model name is most likely a slip of: lower case, separators as `-`, a hyphen after `gpt`, and no
 * `.0` minor version (`GPT 4.1` → `gpt-4.1`, `gpt5` → `gpt-5`, `gpt-5.0` → `gpt-5`).
 */
function canonicalModel(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, "-")
    .replace(/^gpt(?=\d)/, "gpt-")
    .replace(/(\d)\.0(?=$|-)/, "$1");
}

/**
 * The known model a typed name most likely means, or undefined: the same name in another spelling first (case,
 * separators, `gpt5`, `gpt-5.0`), then the nearest by {@link nearestKey}. A name that is a known model plus a
 * version date (`gpt-4.1-2025-04-14`) means that model.
 */
export function suggestModel(typed: string, known: Iterable<string>): string | undefined {
  const names = [...known];
  const canonical = canonicalModel(typed);
  const same = names.find((m) => canonicalModel(m) === canonical);
  if (same !== undefined) return same;
  const dated = /^(.*)-\d{4}-\d{2}-\d{2}$/.exec(canonical);
  const base = dated === null ? undefined : names.find((m) => canonicalModel(m) === dated[1]);
  return base ?? nearestKey(canonical, names);
}
