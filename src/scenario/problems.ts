/**
 * Validation problems: every one names the file, the path and (where the YAML has it) the line, and says what to
 * change. The CLI prints them all at once and exits 2.
 */

/** One thing wrong with a scenario. */
export interface Problem {
  /** Dotted path into the scenario, e.g. `accounts[0].deployments[1].capacity` (empty for the whole file). */
  path: string;
  /** 1-based line in the file, when known. */
  line?: number;
  /** What is wrong and how to fix it. */
  message: string;
}

/** Thrown when a scenario (or an override) is invalid; carries every problem found. */
export class ScenarioError extends Error {
  /**
   * @param file the scenario file as the user named it
   * @param problems everything wrong, in file order
   */
  constructor(
    readonly file: string,
    readonly problems: Problem[],
  ) {
    super(formatProblems(file, problems));
    this.name = "ScenarioError";
  }
}

/** Renders problems as `file: line N: path: message` lines under a one-line header. */
export function formatProblems(file: string, problems: Problem[]): string {
  const header = `${file}: ${problems.length} problem${problems.length === 1 ? "" : "s"}`;
  const lines = problems.map((p) => {
    const where = p.line === undefined ? file : `${file}: line ${p.line}`;
    const path = p.path === "" ? "" : `${p.path}: `;
    return `  ${where}: ${path}${p.message}`;
  });
  return [header, ...lines].join("\n");
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
