/**
 * The bad-row policy in one place: with `error` a bad row stops the run with a TraceError naming the file and line;
 * with `skip` it is counted and the first few reasons are kept for the report's warnings.
 */
import { type BadRowPolicy, TraceError } from "./trace-types.js";

/** Reasons kept with `skip`: enough to see the pattern without growing with the file. */
export const MAX_SKIP_SAMPLES = 5;

/** Applies the bad-row policy of one trace. */
export class BadRows {
  /** Rows skipped so far. */
  skipped = 0;
  /** The first reasons, `line N: why`. */
  readonly samples: string[] = [];

  /**
   * @param displayPath the trace as the user named it
   * @param policy error or skip
   */
  constructor(
    readonly displayPath: string,
    readonly policy: BadRowPolicy,
  ) {}

  /** Reports a bad row at physical line `line`: throws with `error`, counts it with `skip`. */
  report(line: number, why: string): void {
    if (this.policy === "error") throw new TraceError(this.displayPath, line, why);
    this.skipped++;
    if (this.samples.length < MAX_SKIP_SAMPLES) this.samples.push(`line ${line}: ${why}`);
  }
}

/** A value quoted for a message, shortened so a runaway line does not flood the terminal. */
export function quote(text: string, max = 80): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}
