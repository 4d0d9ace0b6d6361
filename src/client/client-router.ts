/**
 * A LiteLLM-style router on the calling side (`routers:` in a scenario, `via: <router>` on a workload): it picks a
 * deployment for each attempt, cools deployments down after failures, and retries across deployments. Written from
 * BerriAI/litellm's documentation [S100] and source (revisions in docs/sources.md):
 *
 * - Candidates: the deployments not cooling down; of those, only the lowest `order` (a deployment without one is
 *   never preferred over those with one) — `_get_order_filtered_deployments` [S108]. At the revision read, LiteLLM
 *   applies `order` inside its pre-call checks [S101], so a router behaves like one with `enable_pre_call_checks:
 *   true` (without them LiteLLM ignores `order`); the pre-call checks' own RPM and context-window filters are not
 *   modelled. The strategy picks among the candidates (router-strategies.ts). None left: LiteLLM's "No deployments
 *   available" 429, without a call.
 * - Cooldown of a failed deployment (`deployment_callback_on_failure` [S101], cooldown_handlers.py [S102],
 *   cooldown_cache.py [S103]):
 *   - only for statuses that warrant one: 429, 401, 408 (a timeout), 404 and every non-4xx status (5xx); other 4xx
 *     (400: prompt too long) never cool a deployment down;
 *   - for how long: the deployment's own `cooldown`, else the response's Retry-After (Azure sends one with every
 *     429), else the router's `cooldown` (LiteLLM's default 5 s [S109]); a cooldown of 0 switches the logic off;
 *   - when, with `allowedFails` set (to anything but LiteLLM's default 3): on the failure that takes the count past
 *     `allowedFails`; the count forgets itself `cooldown` seconds after the failure that last raised it (its cache
 *     TTL is the router's cooldown time, not a minute);
 *   - when, otherwise (LiteLLM's "v2" rules): at once on a 429 — unless the router has a single deployment, which a
 *     429 never cools down; or when over half of this clock minute's calls to it failed (at least 5 calls, and not a
 *     single-deployment router); or when every call this minute failed and there were at least 1,000.
 *   A new cooldown replaces a running one (its end moves to now + the new duration).
 * - Retries (`async_function_with_retries`, `should_retry_this_error`, `_time_to_sleep_before_retry` [S101];
 *   `_calculate_retry_after` [S108]): after the first failure, none when no deployment is left out of cooldown or
 *   `numRetries` is 0; otherwise up to `numRetries`, each re-picking a deployment. The wait before a retry is 0 when
 *   the router has more than one deployment and one is out of cooldown; else the Retry-After in (0, 60] s, or
 *   0.5 s x 2^n bounded to [`retryAfter`, 8 s] (n = 0 for the first two retries, then 1, 2, …), plus a jitter of
 *   0.75 s x a uniform draw.
 *
 * Not modelled: fallbacks to other model groups and the order-based fallback of later LiteLLM revisions (after the
 * retries fail, a hop to the next `order`), RetryPolicy / AllowedFailsPolicy per error class, the sleep LiteLLM
 * takes after the last failed retry before it raises, and its re-raising of the first failure rather than the last
 * (the caller here sees the last failure's status). One router instance is shared by every workload that names it, as
 * one Router object in one process would be (LiteLLM shares state across processes only through Redis).
 */
import { type CallerRequest, type ClientPolicy, NO_TARGET } from "./client-policy.js";
import type { RouterDeploymentSettings, RouterStrategy } from "./router-strategies.js";

/** LiteLLM's `DEFAULT_COOLDOWN_TIME_SECONDS`: the router's cooldown when none (or 0) is given [S109]. */
export const DEFAULT_COOLDOWN_SECONDS = 5;
/** LiteLLM's `DEFAULT_ALLOWED_FAILS` (`litellm.allowed_fails`): a router set to it uses the v2 rules [S102, S109]. */
export const DEFAULT_ALLOWED_FAILS = 3;
/** LiteLLM's `DEFAULT_MAX_RETRIES`: `numRetries` when none is given [S109]. */
export const DEFAULT_NUM_RETRIES = 2;
/** v2 rules: the failed share of a minute's calls above which a deployment cools down [S102, S109]. */
export const FAILURE_THRESHOLD_PERCENT = 0.5;
/** v2 rules: calls in the minute before the failed share counts (`DEFAULT_FAILURE_THRESHOLD_MINIMUM_REQUESTS`) [S102]. */
export const FAILURE_THRESHOLD_MINIMUM_REQUESTS = 5;
/** v2 rules: a minute of only failures cools even a single deployment down from this many calls [S102, S109]. */
export const SINGLE_DEPLOYMENT_FAILURE_THRESHOLD = 1000;
/** Backoff: first wait, s (`INITIAL_RETRY_DELAY`) [S109]. */
export const INITIAL_RETRY_DELAY = 0.5;
/** Backoff: longest wait, s (`MAX_RETRY_DELAY`) [S109]. */
export const MAX_RETRY_DELAY = 8;
/** Backoff: jitter scale, s (`JITTER`) [S109]. */
export const JITTER = 0.75;
/** A Retry-After is obeyed only within this bound, s [S108]. */
export const MAX_HONORED_RETRY_AFTER = 60;

/** A router's settings (times in seconds). */
export interface ClientRouterSettings {
  /** Its deployments in configuration order. */
  deployments: readonly RouterDeploymentSettings[];
  /** `allowed_fails`, or null for LiteLLM's default rules. */
  allowedFails: number | null;
  /** `cooldown_time`. */
  cooldown: number;
  /** `num_retries`. */
  numRetries: number;
  /** `retry_after`: the shortest backoff wait. */
  retryAfter: number;
}

/** Whether a failure with `status` may cool a deployment down (`_is_cooldown_required` [S102]). */
export function cooldownEligible(status: number): boolean {
  if (status >= 400 && status < 500)
    return status === 429 || status === 401 || status === 408 || status === 404;
  return true;
}

/** Whether LiteLLM would retry `status` at all (`_should_retry`): 408, 409, 429 and 5xx [S102]. */
function retryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** The Retry-After header of an answer in whole seconds as Azure sends it, or null when it carries none. */
function headerSeconds(status: number, retryAfter: number | undefined): number | null {
  return status === 429 && retryAfter !== undefined && retryAfter > 0 ? Math.ceil(retryAfter) : null;
}

/** A LiteLLM-style router: one instance per `routers:` entry. */
export class ClientRouter implements ClientPolicy {
  /** When each deployment's cooldown ends, s. */
  private readonly cooldownUntil: Float64Array;
  /** allowed_fails count per deployment, and when it expires. */
  private readonly failedCalls: Int32Array;
  private readonly failedCallsExpire: Float64Array;
  /** This clock minute's successes and failures per deployment (v2 rules). */
  private readonly minute: Float64Array;
  private readonly successes: Int32Array;
  private readonly failures: Int32Array;
  /** The lowest `order` of any deployment (null: none has one). */
  private readonly topOrder: number | null;
  /** Candidates (reused). */
  private readonly candidates: number[] = [];
  /** Cooldowns started, per deployment (for the report and tests). */
  readonly cooldowns: Int32Array;

  /**
   * @param settings the router's settings
   * @param strategy its strategy instance
   * @param uniform its own seeded stream in [0, 1) (retry jitter)
   */
  constructor(
    private readonly settings: ClientRouterSettings,
    private readonly strategy: RouterStrategy,
    private readonly uniform: () => number,
  ) {
    const n = settings.deployments.length;
    this.cooldownUntil = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
    this.failedCalls = new Int32Array(n);
    this.failedCallsExpire = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
    this.minute = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
    this.successes = new Int32Array(n);
    this.failures = new Int32Array(n);
    this.cooldowns = new Int32Array(n);
    const orders = settings.deployments.map((d) => d.order).filter((o) => o !== null);
    this.topOrder = orders.length === 0 ? null : Math.min(...orders);
  }

  /** Whether deployment `index` is cooling down at `now`. */
  coolingDown(index: number, now: number): boolean {
    return this.cooldownUntil[index] > now;
  }

  /** @inheritdoc */
  select(now: number, request: CallerRequest): number {
    const candidates = this.candidates;
    candidates.length = 0;
    let lowest = Number.POSITIVE_INFINITY;
    const deployments = this.settings.deployments;
    for (let i = 0; i < deployments.length; i++) {
      if (this.coolingDown(i, now)) continue;
      candidates.push(i);
      const order = deployments[i].order;
      if (order !== null && order < lowest) lowest = order;
    }
    if (candidates.length === 0) return NO_TARGET;
    if (lowest !== Number.POSITIVE_INFINITY) {
      let kept = 0;
      for (const i of candidates) if (deployments[i].order === lowest) candidates[kept++] = i;
      candidates.length = kept;
    }
    const index = this.strategy.pick(candidates, now, request);
    if (index === NO_TARGET) return NO_TARGET;
    if (!this.strategy.preCall(index, now)) {
      // The pre-call check's 429 goes through the cooldown rules with the router's cooldown time [S101].
      this.fail(index, now, 429, this.settings.cooldown);
      return NO_TARGET;
    }
    return index;
  }

  /** @inheritdoc */
  onResponse(
    index: number,
    now: number,
    status: number,
    retryAfter: number | undefined,
    request: CallerRequest,
  ): void {
    if (index < 0) return;
    if (status === 200) {
      this.count(index, now);
      this.successes[index]++;
      this.strategy.onSuccess(index, now, request, now - request.attemptStart);
      return;
    }
    this.strategy.onFailure(index, now, status);
    const header = headerSeconds(status, retryAfter);
    this.fail(
      index,
      now,
      status,
      this.settings.deployments[index].cooldown ?? header ?? this.settings.cooldown,
    );
  }

  /** @inheritdoc */
  retryDelay(
    status: number,
    retryAfter: number | undefined,
    retriesMade: number,
    now: number,
  ): number | null {
    const healthy = this.healthyCount(now);
    if (retriesMade === 0) {
      if (healthy === 0 || this.settings.numRetries === 0) return null;
    } else if (retriesMade >= this.settings.numRetries) return null;
    if (this.settings.deployments.length > 1 && healthy > 0) return 0;
    const jitter = JITTER * this.uniform();
    const header = headerSeconds(status, retryAfter);
    if (header !== null && header <= MAX_HONORED_RETRY_AFTER) return header + jitter;
    const exponent = Math.max(0, retriesMade - 1);
    const wait = Math.min(
      Math.max(INITIAL_RETRY_DELAY * 2 ** Math.min(exponent, 1000), this.settings.retryAfter),
      MAX_RETRY_DELAY,
    );
    return wait + jitter;
  }

  /** @inheritdoc */
  firstChoice(index: number): boolean {
    return this.topOrder === null || this.settings.deployments[index].order === this.topOrder;
  }

  /** Deployments not cooling down at `now`. */
  private healthyCount(now: number): number {
    let healthy = 0;
    for (let i = 0; i < this.cooldownUntil.length; i++) if (!this.coolingDown(i, now)) healthy++;
    return healthy;
  }

  /** Starts deployment `index`'s counts of the clock minute of `now` if a new minute began. */
  private count(index: number, now: number): void {
    const m = Math.floor(now / 60);
    if (this.minute[index] !== m) {
      this.minute[index] = m;
      this.successes[index] = 0;
      this.failures[index] = 0;
    }
  }

  /** A failure of deployment `index` at `now`: counted, then the cooldown rules with duration `duration`. */
  private fail(index: number, now: number, status: number, duration: number): void {
    this.count(index, now);
    this.failures[index]++;
    // A cooldown time of (effectively) 0 turns the whole logic off for this failure [S102].
    if (Math.abs(duration) < 1e-9 || !cooldownEligible(status)) return;
    if (this.shouldCoolDown(index, now, status)) {
      this.cooldownUntil[index] = now + duration;
      this.cooldowns[index]++;
    }
  }

  /** `_should_cooldown_deployment` [S102]. */
  private shouldCoolDown(index: number, now: number, status: number): boolean {
    const allowed = this.settings.allowedFails;
    if (allowed !== null && allowed !== DEFAULT_ALLOWED_FAILS) {
      // `should_cooldown_based_on_allowed_fails_policy`: a count whose cache TTL is the router's cooldown time.
      const current = now < this.failedCallsExpire[index] ? this.failedCalls[index] : 0;
      if (current + 1 > allowed) return true;
      this.failedCalls[index] = current + 1;
      this.failedCallsExpire[index] = now + this.settings.cooldown;
      return false;
    }
    const single = this.settings.deployments.length === 1;
    const fails = this.failures[index];
    const total = fails + this.successes[index];
    const share = total > 0 ? fails / total : 0;
    if (status === 429 && !single) return true;
    if (share === 1 && total >= SINGLE_DEPLOYMENT_FAILURE_THRESHOLD) return true;
    if (share > FAILURE_THRESHOLD_PERCENT && total >= FAILURE_THRESHOLD_MINIMUM_REQUESTS && !single)
      return true;
    return !retryableStatus(status);
  }
}
