/**
 * Validation problems: every one names the file, the path and (where the YAML has it) the line, and says what to
 * change. The CLI prints them all at once and exits 2.
 */
import { type Problem, SpillwayError } from "../errors.js";

export type { Problem } from "../errors.js";

/** Thrown when a scenario (or an override) is invalid; carries every problem found. */
export class ScenarioError extends SpillwayError {
  /**
   * @param file the scenario file as the user named it
   * @param problems everything wrong, in file order
   */
  constructor(
    readonly file: string,
    problems: Problem[],
  ) {
    super(file, problems);
    this.name = "ScenarioError";
  }
}

/** Formats a path array as `a.b[2].c`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}
