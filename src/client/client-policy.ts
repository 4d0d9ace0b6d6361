/**
 * What the caller's side does with each attempt, whatever library it runs: pick the deployment the attempt goes to
 * (when the workload calls deployments itself), hear every answer, and decide after a failure whether to try again
 * and after how long. The OpenAI/Azure SDK (retry-policy.ts) and a LiteLLM-style router (client-router.ts) are two
 * such policies; the simulator drives either through this one interface, so adding a client-side library is a new
 * file here, not a branch in the simulator. Plain numbers only (seconds, HTTP statuses, indices into the workload's
 * list of deployments), like the gateway's routing policies.
 */
import { type ClientRetrySettings, isRetryable, retryDelay } from "./retry-policy.js";

/** Returned by {@link ClientPolicy.select} when the policy has no deployment to offer. */
export const NO_TARGET = -1;

/** What a client policy may read of the request it handles (the simulator's request object satisfies it). */
export interface CallerRequest {
  /** Prompt tokens. */
  readonly prompt: number;
  /** Tokens the model generates for it. */
  readonly completion: number;
  /** When the current attempt started, s. */
  readonly attemptStart: number;
}

/** The caller's side of a workload: target choice, what it learns from answers, and its retries. */
export interface ClientPolicy {
  /**
   * Index (into the workload's deployments) of the deployment the attempt made at `now` goes to, or
   * {@link NO_TARGET} when the policy refuses to send it (the caller then sees a 429 at once).
   */
  select(now: number, request: CallerRequest): number;
  /**
   * Hears the answer of an attempt: a success when it completes, a failure when it reaches the caller (408 for the
   * caller's own timeout).
   * @param index the deployment the attempt went to ({@link NO_TARGET}: none, or through a gateway)
   * @param now seconds
   * @param status HTTP status (200 for a success)
   * @param retryAfter a 429's Retry-After in seconds, if the answer carried one
   */
  onResponse(
    index: number,
    now: number,
    status: number,
    retryAfter: number | undefined,
    request: CallerRequest,
  ): void;
  /**
   * After a failed attempt answered at `now`: seconds to wait before the next attempt, or null to give up.
   * @param retriesMade retries already made for this request
   */
  retryDelay(status: number, retryAfter: number | undefined, retriesMade: number, now: number): number | null;
  /** Whether deployment `index` is a first choice (a success elsewhere counts as a spillover). */
  firstChoice(index: number): boolean;
}

/**
 * The OpenAI/Azure SDK on its own: one deployment (or a gateway), the SDK's retries (retry-policy.ts). It keeps no
 * books, so a workload without a router behaves exactly as the SDK does.
 */
export class SdkPolicy implements ClientPolicy {
  /**
   * @param settings the workload's `client:` settings
   * @param uniform the workload's SDK stream in [0, 1) (backoff jitter)
   */
  constructor(
    private readonly settings: ClientRetrySettings,
    private readonly uniform: () => number,
  ) {}

  /** @inheritdoc */
  select(): number {
    return 0;
  }

  /** @inheritdoc */
  onResponse(): void {}

  /** @inheritdoc */
  retryDelay(status: number, retryAfter: number | undefined, retriesMade: number): number | null {
    if (!isRetryable(status) || retriesMade >= this.settings.maxRetries) return null;
    return retryDelay(this.settings, retriesMade, retryAfter, this.uniform());
  }

  /** @inheritdoc */
  firstChoice(): boolean {
    return true;
  }
}
