/** Editing parsed JSON by path, for tests that damage a report or plan where its type would not let them write. */

/** Keys from the root to a value: object keys and array indices. */
export type JsonPath = readonly (string | number)[];

type Container = Record<string | number, unknown>;

/** The value at `path` (the document itself for an empty path); the path must exist up to its last key. */
export function getAt(doc: unknown, path: JsonPath): unknown {
  let current = doc;
  for (const key of path) current = (current as Container)[key];
  return current;
}

/** Sets the value at `path`, creating or replacing the last key. */
export function setAt(doc: unknown, path: JsonPath, value: unknown): void {
  (getAt(doc, path.slice(0, -1)) as Container)[path[path.length - 1]] = value;
}

/** Deletes the last key of `path`. */
export function deleteAt(doc: unknown, path: JsonPath): void {
  delete (getAt(doc, path.slice(0, -1)) as Container)[path[path.length - 1]];
}
