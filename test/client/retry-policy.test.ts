import { describe, expect, it } from "vitest";
import { isRetryable, retryDelay } from "../../src/client/retry-policy.js";

const settings = { maxRetries: 2, honorRetryAfter: true, backoff: { initial: 0.5, max: 8 } };

describe("OpenAI SDK retry policy", () => {
  it("retries 408, 409, 429 and 5xx, not other 4xx", () => {
    expect([408, 409, 429, 500, 503].every(isRetryable)).toBe(true);
    expect([400, 401, 404, 413].some(isRetryable)).toBe(false);
  });

  it("waits the Retry-After when it is within (0, 60] seconds", () => {
    expect(retryDelay(settings, 0, 2.5, 0.9)).toBe(2.5);
    expect(retryDelay(settings, 1, 60, 0.9)).toBe(60);
  });

  it("falls back to exponential backoff with jitter: min(0.5·2^n, 8)·(1 − 0.25u)", () => {
    expect(retryDelay(settings, 0, undefined, 0)).toBe(0.5);
    expect(retryDelay(settings, 2, undefined, 0)).toBe(2);
    expect(retryDelay(settings, 10, undefined, 0)).toBe(8);
    expect(retryDelay(settings, 0, undefined, 1)).toBe(0.375);
    // A Retry-After over 60 s is ignored by the SDK.
    expect(retryDelay(settings, 0, 3600, 0)).toBe(0.5);
  });

  it("ignores Retry-After when honorRetryAfter is false", () => {
    expect(retryDelay({ ...settings, honorRetryAfter: false }, 1, 5, 0)).toBe(1);
  });
});
