/** File-system helpers of the CLI: the only place besides trace readers that touches files. */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { ExitCode, SpillwayError } from "../errors.js";
import { sizeRun } from "../plan/run-size.js";
import { DEFAULT_MAX_REQUESTS } from "../scenario/limits.js";
import { type LoadOptions, loadScenario } from "../scenario/load.js";
import type { ResolvedScenario } from "../scenario/resolve.js";
import type { RunEstimate, TraceSample } from "../sim/estimate.js";
import { openTrace } from "../workload/trace/open-trace.js";
import { readTextFile, reasonOf, writeFileAtomic } from "./files.js";

export { ExitCode, writeFileAtomic };

/** An input problem that ends the command with exit code 2 and a one-line message (no stack trace). */
export class InputError extends SpillwayError {
  /** @param message the whole line: what is wrong, naming the file or flag, and what to change */
  constructor(message: string) {
    super("", [{ path: "", message }]);
    this.name = "InputError";
  }
}

/** Reads a scenario file, or throws one line naming it. */
export function readScenarioFile(file: string): string {
  return readTextFile(file, "scenario");
}

/** Resolves a path named inside a scenario against the scenario's folder (absolute paths stay as they are). */
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
  options: { sets?: string[]; seed?: number; maxRequests?: number } = {},
): ResolvedScenario {
  return loadSizedScenario(file, options).scenario;
}

/**
 * Loads a scenario file (as {@link loadScenarioFile}) and sizes its run, refusing it above `maxRequests` (default
 * {@link DEFAULT_MAX_REQUESTS}) with exit 2.
 */
export function loadSizedScenario(
  file: string,
  options: { sets?: string[]; seed?: number; maxRequests?: number } = {},
): { scenario: ResolvedScenario; estimate: RunEstimate } {
  const scenario = loadScenario(readScenarioFile(file), file, {
    sets: options.sets,
    seed: options.seed,
    readFile: scenarioFileReader(file),
    resolvePath: scenarioPathResolver(file),
  });
  const traces = checkTraces(scenario);
  const estimate = sizeRun(file, scenario, traces, options.maxRequests ?? DEFAULT_MAX_REQUESTS);
  return { scenario, estimate };
}

/** Rows of a trace's beginning read to estimate its rate. */
const SAMPLE_ROWS = 10_000;
/** Bytes of a trace's beginning read to estimate its bytes per row. */
const SAMPLE_BYTES = 1 << 20;

/**
 * Opens every trace a scenario replays and reads its first rows, so a bad trace fails before the run starts; returns
 * a sample of each (rows in the file, rows per second) by workload name, for the run-size estimate.
 */
export function checkTraces(scenario: ResolvedScenario): Map<string, TraceSample> {
  const samples = new Map<string, TraceSample>();
  for (const w of scenario.workloads) {
    if (w.trace === null) continue;
    const source = openTrace(w.trace.open);
    let first: number | undefined;
    let last = 0;
    let count = 0;
    try {
      for (let row = source.next(); row !== undefined && count < SAMPLE_ROWS; row = source.next()) {
        first ??= row.time;
        last = row.time;
        count++;
      }
    } finally {
      source.close();
    }
    samples.set(w.name, {
      rows: estimateRows(w.trace.open.path, count),
      rowsPerSecond: count > 1 && last > (first ?? 0) ? (count - 1) / (last - (first ?? 0)) : 0,
    });
  }
  return samples;
}

/** Rows in a file from its size and the newlines of its first megabyte (at least the rows already read). */
function estimateRows(path: string, seen: number): number {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const size = fstatSync(fd).size;
    const buffer = Buffer.alloc(Math.min(SAMPLE_BYTES, size));
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    let lines = 0;
    for (let i = 0; i < n; i++) if (buffer[i] === 10) lines++;
    return Math.max(seen, lines === 0 ? seen : (size * lines) / n);
  } catch {
    return seen;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Parses `--max-requests` (a positive whole number; 1e9 and 1_000_000 style accepted by yargs as numbers). */
export function parseMaxRequests(value: number | undefined): number {
  if (value === undefined) return DEFAULT_MAX_REQUESTS;
  if (!Number.isFinite(value) || value < 1) {
    throw new InputError(`--max-requests: ${value} is not a positive number of requests`);
  }
  return Math.floor(value);
}

/**
 * Largest file a scenario may name for a token sample (`type: empirical`, `file:`): 64 MiB holds millions of counts,
 * and a mistaken path to a device or a huge file stops here instead of filling memory.
 */
export const MAX_SAMPLE_FILE_BYTES = 64 << 20;

/**
 * A reader for files named inside a scenario: relative to the scenario's folder or absolute; regular files only, at
 * most {@link MAX_SAMPLE_FILE_BYTES}, read in chunks so a device such as /dev/zero stops at the cap.
 */
export function scenarioFileReader(file: string): NonNullable<LoadOptions["readFile"]> {
  const resolvePath = scenarioPathResolver(file);
  return (named) => readCapped(resolvePath(named), MAX_SAMPLE_FILE_BYTES);
}

/** Reads a regular file of at most `cap` bytes as UTF-8; throws an Error whose message says why not. */
export function readCapped(path: string, cap: number): string {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    throw new Error(reasonOf(error));
  }
  try {
    if (!fstatSync(fd).isFile()) throw new Error("it is not a regular file");
    const chunks: Buffer[] = [];
    let total = 0;
    const chunk = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > cap) throw new Error(`it is larger than ${cap / (1 << 20)} MiB`);
      chunks.push(Buffer.from(chunk.subarray(0, n)));
    }
    return Buffer.concat(chunks).toString("utf8");
  } catch (error) {
    throw new Error(reasonOf(error));
  } finally {
    closeSync(fd);
  }
}
