/**
 * What a name may be, wherever it is read from (a scenario, a report.json, a plan.json shard): names end up in
 * folder names (`reports/<name>/`, `reports/<name>-plan/`) and in object keys, so nothing like `..`, `/` or a key
 * that reaches JavaScript object internals.
 */

/** Letters, digits, `_` and `-`: the only characters of a scenario, account, deployment, gateway or workload name. */
export const NAME_PATTERN = /^[A-Za-z0-9_-]+$/;

/**
 * Keys refused anywhere in a file Spillway reads: `JSON.parse` and YAML make `__proto__` an own key, which a later
 * assignment or spread turns into a prototype, and zod records drop it silently; `constructor` and `prototype`
 * shadow what code expects of a plain object.
 */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** Whether `name` is a valid name ({@link NAME_PATTERN}) and not a reserved key. */
export function isValidName(name: unknown): name is string {
  return typeof name === "string" && NAME_PATTERN.test(name) && !RESERVED_KEYS.has(name);
}
