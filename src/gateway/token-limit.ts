/**
 * APIM's `llm-token-limit` / `azure-openai-token-limit` [S90] for one gateway region: tokens per minute per counter
 * key, the 429 with Retry-After it answers itself. What the documentation says, and Spillway does:
 * - "the maximum number of tokens consumed by prompt and completion per minute", one counter per `counter-key` value;
 * - with `estimate-prompt-tokens` the prompt is counted when the request arrives (a request that would exceed the
 *   limit never reaches a backend) and the completion when the response returns with its usage; without it the
 *   whole usage is counted from the response, so requests "sent to the model that exceed the token limit" are
 *   possible and "all succeeding requests will be blocked by the policy until the token limit resets";
 * - concurrent requests can overshoot the limit, since completions are known only when they return;
 * - the counter belongs to the regional gateway: "each regional gateway has a separate counter" [S92];
 * - classic tiers count over a sliding window, v2 tiers with a token bucket [S91].
 * Left open, so knobs (src/catalog/assumptions.ts): whether an estimated request is refused when it does not fit or
 * only once the count has reached the limit (`gateway.tokenLimit.admission`), and how many seconds of refill a v2
 * bucket holds (`gateway.tokenLimit.bucket`). The Retry-After is the time until the request would be admitted,
 * rounded up to whole seconds, as the header carries seconds.
 */
import type { InboundPolicy, InboundRequest, InboundVerdict } from "./inbound.js";

/** The window of `tokens-per-minute`, s. */
const MINUTE = 60;

/** One token limit as the gateway states it (seconds, tokens). */
export interface TokenLimitSettings {
  /** `tokens-per-minute`. */
  tokensPerMinute: number;
  /** One counter per calling workload (a subscription key) or one for the whole gateway region. */
  counterKey: "workload" | "gateway";
  /** `estimate-prompt-tokens`. */
  estimatePromptTokens: boolean;
  /** Classic tiers count over a sliding 60 s window, v2 tiers with a token bucket [S91]. */
  algorithm: "sliding" | "bucket";
  /** With an estimate: refuse a request that does not fit (`fits`) or only once the count is at the limit. */
  admission: "fits" | "exceeded";
  /** v2 bucket: its depth, in seconds of refill at tokensPerMinute / 60 a second. */
  bucketSeconds: number;
}

/** One counter: a sliding window of (time, tokens) entries, or a token bucket. */
class Counter {
  /** Sliding window: times of the entries, oldest first (from `head`). */
  private readonly times: number[] = [];
  /** Sliding window: tokens of the entries. */
  private readonly amounts: number[] = [];
  /** First live entry. */
  private head = 0;
  /** Sliding window: tokens in the window; bucket: tokens taken beyond the refill (the bucket's deficit). */
  private used = 0;
  /** Bucket: when `used` was last drained. */
  private drainedAt = Number.NEGATIVE_INFINITY;

  /** @param s the limit */
  constructor(private readonly s: TokenLimitSettings) {}

  /** Tokens counted at `now`. */
  count(now: number): number {
    if (this.s.algorithm === "bucket") {
      const rate = this.s.tokensPerMinute / MINUTE;
      if (this.drainedAt !== Number.NEGATIVE_INFINITY)
        this.used = Math.max(0, this.used - (now - this.drainedAt) * rate);
      this.drainedAt = now;
      return this.used;
    }
    const times = this.times;
    while (this.head < times.length && times[this.head] <= now - MINUTE) {
      this.used -= this.amounts[this.head];
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > times.length) {
      times.splice(0, this.head);
      this.amounts.splice(0, this.head);
      this.head = 0;
    }
    return this.used;
  }

  /** The most the counter holds before it refuses: a minute's tokens, or the bucket's depth. */
  capacity(): number {
    const s = this.s;
    return s.algorithm === "bucket" ? (s.tokensPerMinute * s.bucketSeconds) / MINUTE : s.tokensPerMinute;
  }

  /** Counts `tokens` at `now`. */
  add(now: number, tokens: number): void {
    if (tokens <= 0) return;
    this.count(now);
    this.used += tokens;
    if (this.s.algorithm === "sliding") {
      this.times.push(now);
      this.amounts.push(tokens);
    }
  }

  /** Seconds from `now` until the count is at most `room` (the count was just read at `now`). */
  waitUntil(now: number, room: number): number {
    const excess = this.used - room;
    if (excess <= 0) return 0;
    if (this.s.algorithm === "bucket") return excess / (this.s.tokensPerMinute / MINUTE);
    let freed = 0;
    for (let k = this.head; k < this.times.length; k++) {
      freed += this.amounts[k];
      if (freed >= excess) return this.times[k] + MINUTE - now;
    }
    return MINUTE;
  }
}

/** The token limit of one gateway region. */
export class TokenLimit implements InboundPolicy {
  /** Counters by key (the workload's name, or "" for the gateway's one counter). */
  private readonly counters = new Map<string, Counter>();

  /** @param settings the limit */
  constructor(readonly settings: TokenLimitSettings) {}

  /** The counter of `request`'s key. */
  private counterOf(request: InboundRequest): Counter {
    const key = this.settings.counterKey === "workload" ? request.workloadName : "";
    let counter = this.counters.get(key);
    if (counter === undefined) {
      counter = new Counter(this.settings);
      this.counters.set(key, counter);
    }
    return counter;
  }

  /** Refuses with 429 and Retry-After when the counter is full; else counts the prompt estimate and forwards. */
  inbound(now: number, request: InboundRequest, verdict: InboundVerdict): void {
    const s = this.settings;
    const counter = this.counterOf(request);
    const used = counter.count(now);
    const capacity = counter.capacity();
    const estimate = s.estimatePromptTokens ? request.prompt : 0;
    // Without an estimate there is nothing to fit: only a count already at the limit refuses.
    const fits = s.estimatePromptTokens && s.admission === "fits";
    const refused = fits ? used + estimate > capacity : used >= capacity;
    if (!refused) {
      counter.add(now, estimate);
      return;
    }
    // A request larger than the whole limit never fits: it is told to come back in a minute. Tokens are whole, so
    // "below the limit" is one token under it.
    const room = fits ? capacity - estimate : capacity - 1;
    const wait = room < 0 ? MINUTE : counter.waitUntil(now, room);
    verdict.status = 429;
    verdict.retryAfter = Math.max(1, Math.ceil(wait));
  }

  /** The response's usage: the completion (the prompt was estimated) or prompt and completion. */
  usage(at: number, request: InboundRequest): void {
    const tokens = this.settings.estimatePromptTokens
      ? request.completion
      : request.prompt + request.completion;
    this.counterOf(request).add(at, tokens);
  }
}
