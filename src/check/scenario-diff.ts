/**
 * The keys that changed between two scenarios as run (report.json's `scenario.validated`), so "the scenario changed
 * since the baseline" can say what changed: `accounts.aoai.deployments.ptu.capacity: 100 → 150`.
 */

/** One changed key: its path in the scenario and both values as short text ("(unset)" where absent). */
export interface ChangedKey {
  /** Dotted path as `--set` writes it, named list items by name, others as `[i]`: `accounts.aoai.deployments.ptu.capacity`. */
  path: string;
  /** The value in the baseline's scenario. */
  before: string;
  /** The value in this run's scenario. */
  after: string;
}

/** Longest value text shown; longer ones (a whole block added) are cut with an ellipsis. */
const MAX_VALUE_TEXT = 60;

/**
 * Every key whose value differs, in path order: objects are walked key by key, lists of named items name by name,
 * other lists item by item when their lengths match (else the list is one value).
 */
export function changedScenarioKeys(before: unknown, after: unknown): ChangedKey[] {
  const out: ChangedKey[] = [];
  walk(before, after, "", out);
  return out;
}

function walk(before: unknown, after: unknown, path: string, out: ChangedKey[]): void {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const key of keys) walk(before[key], after[key], path === "" ? key : `${path}.${key}`, out);
    return;
  }
  const named = [byName(before), byName(after)];
  if (named[0] !== undefined && named[1] !== undefined) {
    // Lists of named items (accounts, deployments, traffic, gateways) by name, as `--set` addresses them: a reordered
    // or inserted item is not every later item changed.
    const [b, a] = named;
    const names = [...new Set([...b.keys(), ...a.keys()])];
    for (const name of names) walk(b.get(name), a.get(name), path === "" ? name : `${path}.${name}`, out);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    before.forEach((item, i) => {
      walk(item, after[i], `${path}[${i}]`, out);
    });
    return;
  }
  const b = valueText(before);
  const a = valueText(after);
  if (b !== a) out.push({ path, before: b, after: a });
}

/** A list whose items are all objects with distinct string names, by name; undefined for any other value. */
function byName(value: unknown): Map<string, unknown> | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const map = new Map<string, unknown>();
  for (const item of value) {
    const name = isPlainObject(item) ? item.name : undefined;
    if (typeof name !== "string" || map.has(name)) return undefined;
    map.set(name, item);
  }
  return map;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A value as one short line of JSON (so the string "1" and the number 1 differ). */
function valueText(value: unknown): string {
  if (value === undefined) return "(unset)";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_VALUE_TEXT ? `${text.slice(0, MAX_VALUE_TEXT - 1)}…` : text;
}
