/** One request as the caller sees it, across its attempts (SDK retries) and gateway retries. */
import { Outcome, type OutcomeValue } from "../metrics/recorder.js";
import type { WorkloadRuntime } from "./world.js";

/** A request in flight. It is what the recorder records and what a routing policy may read. */
export class Request {
  /** Arrival order among measured requests, from 1 (0 during warmup). */
  id = 0;
  /** Attempt serial: bumps on every client attempt so a stale completion or timeout is recognised. */
  attempt = 0;
  /** When the current attempt started, s. */
  attemptStart = 0;
  /** The attempt whose timeout is already scheduled (one per attempt). */
  timeoutFor = 0;
  /** SDK retries made. */
  retries = 0;
  /** Retries made inside the gateway for the current attempt. */
  gatewayRetries = 0;
  /** The deployment of the current attempt, as the workload's client policy indexes them (-1: none, or a gateway). */
  target = -1;
  /** Round trip between the caller and the gateway region of the current attempt, s. */
  callerRtt = 0;
  /** The final outcome (Pending until there is one). */
  outcome: OutcomeValue = Outcome.Pending;

  /**
   * @param workload the workload it belongs to
   * @param arrival arrival time, s
   * @param measured whether it arrived in the horizon (warmup requests are simulated, not counted)
   * @param prompt prompt tokens
   * @param cached cached prompt tokens
   * @param completion tokens the model generates (already capped by max_tokens)
   * @param maxTokens max_tokens sent with it
   */
  constructor(
    readonly workload: WorkloadRuntime,
    readonly arrival: number,
    readonly measured: boolean,
    readonly prompt: number,
    readonly cached: number,
    readonly completion: number,
    readonly maxTokens: number,
  ) {}

  /** The workload's name (for the recorder and for per-caller routing). */
  get workloadName(): string {
    return this.workload.spec.name;
  }

  /** The workload's position in the scenario (the recorder's per-workload index). */
  get workloadIndex(): number {
    return this.workload.index;
  }
}
