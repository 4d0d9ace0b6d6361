/**
 * How the OpenAI SDKs (and the Azure OpenAI clients built on them) retry, from openai-python `_base_client.py`
 * (`_should_retry`, `_calculate_retry_timeout`; same logic in openai-node):
 *  - retried: 408, 409, 429 and every 5xx, plus connection errors and timeouts; `max_retries` defaults to 2;
 *  - wait: the response's `retry-after-ms` / `retry-after` when it is in (0, 60] seconds; otherwise
 *    min(0.5 s x 2^n, 8 s) x (1 − 0.25 u), n = retries already made, u uniform in [0, 1).
 */

/** The client settings that shape retries (seconds). */
export interface ClientRetrySettings {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Whether a Retry-After is obeyed. */
  honorRetryAfter: boolean;
  /** Exponential backoff bounds when no usable Retry-After is given. */
  backoff: { initial: number; max: number };
}

/** Statuses a caller retries (408 also stands for the client's own timeout). */
export function isRetryable(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** The SDK honours a Retry-After only within this bound, seconds. */
export const MAX_HONORED_RETRY_AFTER = 60;

/**
 * Seconds to wait before the next attempt.
 * @param retriesMade retries already made for this request (0 before the first retry)
 * @param retryAfter the failing response's Retry-After in seconds, if any
 * @param u a uniform draw in [0, 1) for the jitter
 */
export function retryDelay(
  settings: ClientRetrySettings,
  retriesMade: number,
  retryAfter: number | undefined,
  u: number,
): number {
  if (
    settings.honorRetryAfter &&
    retryAfter !== undefined &&
    retryAfter > 0 &&
    retryAfter <= MAX_HONORED_RETRY_AFTER
  ) {
    return retryAfter;
  }
  const exponential = Math.min(
    settings.backoff.initial * 2 ** Math.min(retriesMade, 1000),
    settings.backoff.max,
  );
  return exponential * (1 - 0.25 * u);
}
