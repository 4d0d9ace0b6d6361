/**
 * Outage windows. A region outage fails every deployment and gateway region in it; a deployment outage fails a share
 * of its calls (errorRate) with a status and can slow the calls it still serves (latencyFactor); a gateway outage
 * fails one gateway region. Mode `error` answers with the status after a short delay (the 5xx storms of the incidents
 * [S35, S36, S37]); mode `timeout` never answers, so callers wait for their own timeout.
 * Plain data and lookups: the simulator checks the windows lazily at the time of each call.
 */

/** How a failed component answers. */
export type OutageMode = "error" | "timeout";

/** One active failure window of one component. */
export interface OutageWindow {
  /** Start, seconds from time 0. */
  start: number;
  /** End (exclusive), seconds. */
  end: number;
  /** Share of calls that fail, 0..1. */
  errorRate: number;
  /** Status of a failed call (mode error). */
  status: number;
  /** Multiplier on the latency of calls served during the window. */
  latencyFactor: number;
  /** How failed calls answer. */
  mode: OutageMode;
  /** Delay before a failed call answers (mode error), seconds. */
  errorDelay: number;
  /** What failed, for the report: `region eastus`, `deployment a/b`, `gateway apim/westeurope`. */
  label: string;
}

/** The windows that apply to one component, checked by time. */
export class OutageSchedule {
  /** @param windows windows of this component, any order */
  constructor(readonly windows: readonly OutageWindow[]) {}

  /** Whether the schedule has any window at all (the hot path skips empty schedules). */
  get empty(): boolean {
    return this.windows.length === 0;
  }

  /** The window active at `now` (the first listed if several overlap), or undefined. */
  activeAt(now: number): OutageWindow | undefined {
    for (const w of this.windows) if (now >= w.start && now < w.end) return w;
    return undefined;
  }
}
