/**
 * One measured request at its final outcome, as the simulator reports it to whoever asked for per-request rows
 * (`spillway run --requests-log` writes them to requests.csv). Plain data: the report layer formats it.
 */

/** One finished request, as requests.csv records it. */
export interface RequestLogRow {
  /** Arrival order among measured requests, from 1. */
  id: number;
  /** Workload name. */
  workload: string;
  /** Arrival, ms from the horizon start. */
  arrivalMs: number;
  /** succeeded | throttled | timedOut | errored. */
  outcome: string;
  /** Final HTTP status the caller saw (408 for its own timeout). */
  status: number;
  /** End-to-end latency, ms (successes; empty otherwise). */
  e2eMs: number | null;
  /** Time to first token, ms (successes; empty otherwise). */
  ttftMs: number | null;
  /** Client attempts (1 + SDK retries). */
  attempts: number;
  /** Deployment that served it (`account/deployment`), or empty. */
  servedBy: string;
  /** Served by a deployment other than the first choice. */
  spillover: boolean;
  /** Prompt tokens. */
  prompt: number;
  /** Cached prompt tokens. */
  cached: number;
  /** Completion tokens. */
  completion: number;
}
