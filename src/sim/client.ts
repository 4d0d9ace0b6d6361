/**
 * The callers: a workload's requests arrive (token counts drawn or read from the trace), each attempt goes to a
 * gateway or straight to a deployment, and the caller's SDK decides what a failure becomes — a retry after its
 * backoff or Retry-After (src/client/retry-policy.ts), a timeout, or the request's final outcome.
 */
import { NO_TARGET } from "../client/client-policy.js";
import { Priority } from "../engine/event-queue.js";
import type { Simulation } from "../engine/simulation.js";
import type { RunRecorder } from "../metrics/recorder.js";
import { Outcome, type OutcomeValue } from "../metrics/recorder.js";
import { drawTokens, type TokenDistribution } from "../workload/token-sizes.js";
import type { CompletionFlow } from "./completion.js";
import type { DeploymentCaller } from "./deployment-call.js";
import { SimEvent } from "./events.js";
import type { GatewayFlow } from "./gateway-flow.js";
import { Request } from "./request.js";
import type { DeploymentRuntime, WorkloadRuntime } from "./world.js";

/** The shortest prompt that can hit the prompt cache, tokens [S40]. */
export const CACHE_MIN_PROMPT_TOKENS = 1024;
/** Cache hits grow in steps of this many tokens past the first 1,024 [S40]. */
export const CACHE_STEP_TOKENS = 128;

/**
 * The cached tokens of a workload's requests, from its `cachedPromptFraction`, as prompt caching is documented [S40]:
 * "a minimum of 1,024 tokens in length", "the first 1,024 tokens in the prompt must be identical", and "after the
 * first 1,024 tokens cache hits will occur for every 128 additional identical tokens". So a request's cached count is
 * 0 or a multiple of 128 of at least 1,024, and no more than its prompt rounded down to 128 (the eligible part).
 *
 * The fraction is the share of the eligible tokens the cache serves. A request cannot take a 30 % share of a 1,500
 * token prompt (450 tokens is no cache hit), so each request takes the allowed count nearest to its share plus what
 * the workload's earlier requests were given too little or too much: over a run the cached tokens are the fraction of
 * the eligible ones, and each request's count is one the service can report. Deterministic: no random draw.
 */
export class CachedPromptRule {
  /** Tokens given too few so far (negative: too many). */
  private owed = 0;

  /** @param fraction the workload's `cachedPromptFraction` (0..1) */
  constructor(private readonly fraction: number) {}

  /** The cached tokens of the next request, whose prompt has `prompt` tokens. */
  cached(prompt: number): number {
    if (this.fraction <= 0 || prompt < CACHE_MIN_PROMPT_TOKENS) return 0;
    const eligible = Math.floor(prompt / CACHE_STEP_TOKENS) * CACHE_STEP_TOKENS;
    const share = this.owed + this.fraction * eligible;
    const cached =
      share < CACHE_MIN_PROMPT_TOKENS
        ? share >= CACHE_MIN_PROMPT_TOKENS / 2
          ? CACHE_MIN_PROMPT_TOKENS
          : 0
        : Math.min(eligible, Math.round(share / CACHE_STEP_TOKENS) * CACHE_STEP_TOKENS);
    this.owed = share - cached;
    return cached;
  }
}

/** The caller side of a run. */
export class ClientFlow {
  /** The gateway side, once linked. */
  private gateways!: GatewayFlow;
  /** The completion side, once linked. */
  private completions!: CompletionFlow;
  /** Each workload's prompt-cache rule, by index. */
  private readonly promptCaches: CachedPromptRule[];

  /**
   * @param sim the run's kernel
   * @param recorder where the run is counted
   * @param caller calls deployments
   * @param workloads the run's workloads, by index
   * @param duration the measured horizon, s (no arrival is scheduled at or after it)
   */
  constructor(
    private readonly sim: Simulation<SimEvent>,
    private readonly recorder: RunRecorder,
    private readonly caller: DeploymentCaller,
    private readonly workloads: readonly WorkloadRuntime[],
    private readonly duration: number,
  ) {
    this.promptCaches = workloads.map((w) => new CachedPromptRule(w.spec.cachedPromptFraction));
  }

  /** Links the other handlers of the run (they refer to one another). */
  link(gateways: GatewayFlow, completions: CompletionFlow): void {
    this.gateways = gateways;
    this.completions = completions;
  }

  /** Schedules each workload's first arrival at or after `start`. */
  start(start: number): void {
    for (const w of this.workloads) {
      const first = w.arrivals.next(start);
      if (first < this.duration) this.sim.at(first, Priority.Arrival, SimEvent.arrival(w.index));
    }
  }

  /** A workload's request arrives at `now` (event `ev`, which is reused for the workload's next arrival). */
  arrive(ev: SimEvent, now: number): void {
    const w = this.workloads[ev.workload];
    const spec = w.spec;
    let prompt: number;
    let drawn: number;
    let cached: number;
    if (w.trace !== null) {
      // With a trace the counts are the trace's; max_tokens still caps generation and sizes admission.
      prompt = w.pendingPrompt;
      drawn = w.pendingCompletion;
      cached =
        w.pendingCached >= 0
          ? Math.min(w.pendingCached, prompt)
          : this.promptCaches[ev.workload].cached(prompt);
    } else {
      prompt = drawTokens(spec.promptTokens as TokenDistribution, w.tokenRng);
      drawn = drawTokens(spec.completionTokens as TokenDistribution, w.tokenRng);
      cached = this.promptCaches[ev.workload].cached(prompt);
    }
    const completion = Math.min(drawn, spec.maxTokens);
    const measured = now >= 0;
    const req = new Request(w, now, measured, prompt, cached, completion, spec.maxTokens);
    req.id = this.recorder.arrived(now, measured);
    const next = w.arrivals.next(now);
    // The popped arrival event is free again: reuse it for the workload's next arrival (one per workload).
    if (next < this.duration) this.sim.at(next, Priority.Arrival, ev);
    this.send(req, now);
  }

  /** One client attempt (first try or SDK retry). */
  send(req: Request, now: number): void {
    req.attempt++;
    req.attemptStart = now;
    const w = req.workload;
    if (w.gateway !== null) {
      this.gateways.send(w.gateway, req, now);
      return;
    }
    // The caller's policy picks the deployment (the SDK: its one deployment; a router: per its strategy); a policy
    // that refuses the attempt answers it itself, at once, with a 429 (LiteLLM's "No deployments available").
    const target = w.policy.select(now, req);
    req.target = target;
    if (target === NO_TARGET) {
      this.failure(req, now, 429, undefined);
      return;
    }
    const caller = this.caller;
    const rtt = w.targetRtt[target];
    const status = caller.call(w.targets[target], req, now);
    const call = caller.result;
    if (status === 200)
      this.completions.admitted(req, now, rtt, w.policy.firstChoice(target), false, null, -1);
    else if (call.delay === Number.POSITIVE_INFINITY) this.ensureTimeout(req, call.delay);
    else this.failure(req, now + call.delay + rtt, status, status === 429 ? call.retryAfter : undefined);
  }

  /** Makes sure the attempt times out at its deadline if its answer would come later than that. */
  ensureTimeout(req: Request, answerAt: number): void {
    const deadline = req.attemptStart + req.workload.spec.client.timeout;
    if (answerAt > deadline && req.timeoutFor !== req.attempt) {
      req.timeoutFor = req.attempt;
      this.sim.at(deadline, Priority.Dispatch, SimEvent.timeout(req));
    }
  }

  /** The caller receives a failure at time `at` (>= now): the SDK retries it or gives up. */
  failure(req: Request, at: number, status: number, retryAfter: number | undefined): void {
    const client = req.workload.spec.client;
    if (at > req.attemptStart + client.timeout) {
      // The answer would come after the caller stopped waiting: it times out instead.
      this.ensureTimeout(req, at);
      return;
    }
    // The caller's policy hears the failure and decides: the SDK's retries, or a router's (src/client/).
    const policy = req.workload.policy;
    policy.onResponse(req.target, at, status, retryAfter, req);
    const delay = policy.retryDelay(status, retryAfter, req.retries, at);
    if (delay !== null) {
      req.retries++;
      this.recorder.clientRetry(req.measured);
      this.sim.at(at + delay, Priority.Dispatch, SimEvent.clientSend(req));
      return;
    }
    this.finish(
      req,
      status === 429 ? Outcome.Throttled : status === 408 ? Outcome.TimedOut : Outcome.Errored,
      at,
      0,
      false,
      status,
      null,
    );
  }

  /** The caller's timeout of the attempt of `ev` fires at `now`. */
  timeout(ev: SimEvent, now: number): void {
    if (!ev.isCurrent()) return;
    const req = ev.request as Request;
    // The SDK gives up on this attempt; a retry is a new attempt, so a late answer is ignored.
    req.attempt++;
    this.failure(req, now, 408, undefined);
  }

  /** The request's final outcome at `now`. */
  finish(
    req: Request,
    outcome: OutcomeValue,
    now: number,
    ttftAt: number,
    spilled: boolean,
    status: number,
    servedBy: DeploymentRuntime | null,
  ): void {
    req.outcome = outcome;
    this.recorder.finished(
      req,
      outcome,
      now,
      ttftAt,
      spilled,
      status,
      servedBy === null ? "" : servedBy.spec.id,
    );
  }
}
