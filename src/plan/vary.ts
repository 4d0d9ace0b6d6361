/**
 * `--vary PATH=FROM..TO[:STEP]` (numbers) or `PATH=a,b,c` (any values): the dimensions of a plan. Paths are the same
 * as `--set` (lists of named things addressed by name), so a point of the plan is a list of `--set` assignments.
 */

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
    const values: number[] = [];
    // Integer arithmetic on the step count avoids 0.1 + 0.2 drift in long sweeps.
    const count = Math.floor((to - from) / step + 1e-9);
    for (let k = 0; k <= count; k++) values.push(Math.round((from + k * step) * 1e9) / 1e9);
    if (values.length > 10_000)
      throw new Error(`--vary "${text}": ${values.length} values is too many; raise the step`);
    return { path, values };
  }
  const values = spec
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "");
  if (values.length === 0)
    throw new Error(`--vary "${text}": no values; write PATH=FROM..TO[:STEP] or PATH=a,b,c`);
  return { path, values: values.map((v) => (/^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v)) };
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
