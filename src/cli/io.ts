/** File-system helpers of the CLI: the only place besides trace readers that touches files. */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { type LoadOptions, loadScenario } from "../scenario/load.js";
import type { ResolvedScenario } from "../scenario/resolve.js";
import { openTrace } from "../workload/trace/open-trace.js";

/** Exit codes of every command (report-format.md). */
export const ExitCode = {
  /** Success. */
  Ok: 0,
  /** An SLO, threshold or regression check failed. */
  CheckFailed: 1,
  /** Invalid input: scenario, trace or arguments. */
  InvalidInput: 2,
} as const;

/** An input problem that ends the command with exit code 2 and a message (no stack trace). */
export class InputError extends Error {
  override name = "InputError";
}

/** Writes a file atomically: a temp file in the same folder, then a rename, so readers never see half a file. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, data);
  renameSync(temp, path);
}

/** Reads a scenario file, or throws an InputError naming it. */
export function readScenarioFile(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : (error as Error).message;
    throw new InputError(`${file}: cannot read the scenario (${why})`);
  }
}

/** Resolves paths named inside a scenario (traces) against the scenario's folder. */
export function scenarioPathResolver(file: string): (relative: string) => string {
  const base = dirname(resolve(file));
  return (relative) => (isAbsolute(relative) ? relative : join(base, relative));
}

/**
 * Loads a scenario file the way every command does: reads it, applies `--set`/`--seed`, resolves the files it names
 * against its folder, and opens its traces so a bad trace fails before anything runs.
 */
export function loadScenarioFile(
  file: string,
  options: { sets?: string[]; seed?: number } = {},
): ResolvedScenario {
  const scenario = loadScenario(readScenarioFile(file), file, {
    sets: options.sets,
    seed: options.seed,
    readFile: scenarioFileReader(file),
    resolvePath: scenarioPathResolver(file),
  });
  checkTraces(scenario);
  return scenario;
}

/** Opens every trace a scenario replays and reads its first row, so a bad trace fails before the run starts. */
export function checkTraces(scenario: ResolvedScenario): void {
  for (const w of scenario.workloads) {
    if (w.trace === null) continue;
    const source = openTrace(w.trace.open);
    try {
      source.next();
    } finally {
      source.close();
    }
  }
}

/** A reader for files named inside a scenario, relative to the scenario's folder. */
export function scenarioFileReader(file: string): NonNullable<LoadOptions["readFile"]> {
  const base = dirname(resolve(file));
  return (relative) => readFileSync(join(base, relative), "utf8");
}
