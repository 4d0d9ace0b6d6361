/**
 * `--vary PATH=FROM..TO[:STEP]` (numbers) or `PATH=a,b,c` (any values): the dimensions of a plan. Paths are the same
 * as `--set` (lists of named things addressed by name), so a point of the plan is a list of `--set` assignments.
 */

import { excerpt } from "../errors.js";

/** Most values one `--vary` dimension may take. */
export const MAX_VARY_VALUES = 10_000;
/** Most points a plan's grid may have (each is at least one run per replication). */
export const MAX_GRID_POINTS = 10_000;

/** One dimension of a plan. */
export interface VaryDimension {
  /** The `--set` path. */
  path: string;
  /** Values in sweep order (numbers stay numbers so `--set` parses them as YAML numbers). */
  values: (number | string)[];
}

/** Parses one `--vary`; throws an Error whose message says what to write. */
export function parseVary(text: string): VaryDimension {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new Error(`--vary "${text}": write PATH=FROM..TO[:STEP] or PATH=a,b,c`);
  const path = text.slice(0, eq).trim();
  const spec = text.slice(eq + 1).trim();
  const range = /^(-?\d+(?:\.\d+)?)\.\.(-?\d+(?:\.\d+)?)(?::(\d+(?:\.\d+)?))?$/.exec(spec);
  if (range !== null) {
    const from = Number(range[1]);
    const to = Number(range[2]);
    const step = range[3] === undefined ? 1 : Number(range[3]);
    if (!(step > 0)) throw new Error(`--vary "${text}": the step must be positive`);
    if (to < from) throw new Error(`--vary "${text}": FROM must not exceed TO`);
    // Count before building: FROM..1e12:5 must be refused, not allocated.
    const count = Math.floor((to - from) / step + 1e-9) + 1;
    if (!(count <= MAX_VARY_VALUES)) {
      throw new Error(
        `--vary "${excerpt(text, 80)}": ${count.toLocaleString("en-US")} values is too many (at most ${MAX_VARY_VALUES.toLocaleString("en-US")}); raise the step`,
      );
    }
    const values: number[] = [];
    // Integer arithmetic on the step count avoids 0.1 + 0.2 drift in long sweeps.
    for (let k = 0; k < count; k++) values.push(Math.round((from + k * step) * 1e9) / 1e9);
    return { path, values };
  }
  const values = spec
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "");
  if (values.length > MAX_VARY_VALUES) {
    throw new Error(
      `--vary "${excerpt(path, 80)}=...": ${values.length.toLocaleString("en-US")} values is too many (at most ${MAX_VARY_VALUES.toLocaleString("en-US")})`,
    );
  }
  if (values.length === 0)
    throw new Error(`--vary "${text}": no values; write PATH=FROM..TO[:STEP] or PATH=a,b,c`);
  return { path, values: values.map((v) => (/^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v)) };
}

/** Points in the grid of `dimensions` (the product of their sizes), computed without building the grid. */
export function gridSize(dimensions: readonly VaryDimension[]): number {
  return dimensions.reduce((n, d) => n * d.values.length, 1);
}

/** Every combination of the dimensions' values, the first dimension varying slowest (a stable, documented order). */
export function gridPoints(dimensions: readonly VaryDimension[]): (number | string)[][] {
  let points: (number | string)[][] = [[]];
  for (const d of dimensions) {
    const next: (number | string)[][] = [];
    for (const p of points) for (const v of d.values) next.push([...p, v]);
    points = next;
  }
  return points;
}
