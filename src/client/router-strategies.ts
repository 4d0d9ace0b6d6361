/**
 * The deployment-picking strategies of a LiteLLM-style client router, registered in one place like the gateway's
 * routing policies: each entry has its scenario name (`strategy:`, LiteLLM's `routing_strategy` names), a one-line
 * description and a constructor. Adding a strategy is one class here plus one line in {@link ROUTER_STRATEGIES}.
 *
 * A strategy only picks among the candidates the router hands it (deployments not cooling down, lowest `order`
 * first: client-router.ts) and keeps its own books from what the router tells it. Each follows LiteLLM's source:
 * simple_shuffle.py [S104], least_busy.py [S105], lowest_tpm_rpm_v2.py [S106] and lowest_latency.py [S107]
 * (BerriAI/litellm; revisions in docs/sources.md). Clock minutes are whole minutes of simulated time, as LiteLLM keys
 * its counters by the UTC minute (`%H-%M`).
 */
import { type CallerRequest, NO_TARGET } from "./client-policy.js";

/** One deployment of a router as its strategies see it (LiteLLM's `litellm_params`); null = not given. */
export interface RouterDeploymentSettings {
  /** `order`: lower is tried first [S100, S108]. */
  order: number | null;
  /** `weight` for simple-shuffle [S104]. */
  weight: number | null;
  /** `tpm` limit the router knows of (simple-shuffle weight, usage- and latency-based filter). */
  tpm: number | null;
  /** `rpm` limit the router knows of. */
  rpm: number | null;
  /** `cooldown_time` of the deployment, s (takes precedence over Retry-After and the router's) [S101]. */
  cooldown: number | null;
}

/** What a strategy is built from. */
export interface StrategySettings {
  /** The router's deployments, in configuration order. */
  deployments: readonly RouterDeploymentSettings[];
  /** latency-based: `lowest_latency_buffer` (0 = LiteLLM's default) [S107]. */
  latencyBuffer: number;
}

/** A strategy's pick and books. Indices are into the router's deployment list. */
export interface RouterStrategy {
  /** The deployment among `candidates` for `request` at `now`, or {@link NO_TARGET} when none fits. */
  pick(candidates: readonly number[], now: number, request: CallerRequest): number;
  /** Just before the call (LiteLLM's pre-call check and `log_pre_api_call`); false refuses it with a 429. */
  preCall(index: number, now: number): boolean;
  /** A call succeeded at `now`, `latency` seconds after it was made. */
  onSuccess(index: number, now: number, request: CallerRequest, latency: number): void;
  /** A call failed at `now` with `status` (408: the caller's timeout). */
  onFailure(index: number, now: number, status: number): void;
}

/** One registered strategy. */
export interface RouterStrategyDefinition {
  /** One line for `spillway schema` and the docs. */
  description: string;
  /** One instance per router; `uniform` is the router's own seeded stream in [0, 1). */
  create(settings: StrategySettings, uniform: () => number): RouterStrategy;
}

/** A uniform pick among `items`. */
function anyOf(items: readonly number[], uniform: () => number): number {
  return items[Math.floor(uniform() * items.length)];
}

/** The whole simulated minute `now` falls in (LiteLLM's `current_minute` key). */
function minuteOf(now: number): number {
  return Math.floor(now / 60);
}

/** A per-deployment count that starts again every clock minute (LiteLLM's `{id}:tpm:{minute}` keys). */
class MinuteCounter {
  private readonly minute: Float64Array;
  private readonly value: Float64Array;

  /** @param size deployments */
  constructor(size: number) {
    this.minute = new Float64Array(size).fill(Number.NEGATIVE_INFINITY);
    this.value = new Float64Array(size);
  }

  /** The count of deployment `index` in the minute of `now`. */
  get(index: number, now: number): number {
    return this.minute[index] === minuteOf(now) ? this.value[index] : 0;
  }

  /** Adds `amount` to deployment `index`'s count in the minute of `now`. */
  add(index: number, now: number, amount: number): void {
    const m = minuteOf(now);
    if (this.minute[index] !== m) {
      this.minute[index] = m;
      this.value[index] = 0;
    }
    this.value[index] += amount;
  }
}

/**
 * simple-shuffle, LiteLLM's default [S104]: a weighted random pick by `weight`, else by `rpm`, else by `tpm`, else
 * uniform. Which key weighs is decided by the first candidate alone (a missing value weighs 0), as in the source.
 */
class SimpleShuffle implements RouterStrategy {
  constructor(
    private readonly settings: StrategySettings,
    private readonly uniform: () => number,
  ) {}

  pick(candidates: readonly number[]): number {
    const deployments = this.settings.deployments;
    const first = deployments[candidates[0]];
    const key =
      first.weight !== null ? "weight" : first.rpm !== null ? "rpm" : first.tpm !== null ? "tpm" : null;
    if (key === null) return anyOf(candidates, this.uniform);
    let total = 0;
    for (const i of candidates) total += deployments[i][key] ?? 0;
    // Python's random.choices refuses all-zero weights; a uniform pick is the nearest defined behaviour.
    if (total <= 0) return anyOf(candidates, this.uniform);
    let r = this.uniform() * total;
    for (const i of candidates) {
      r -= deployments[i][key] ?? 0;
      if (r < 0) return i;
    }
    return candidates[candidates.length - 1];
  }

  preCall(): boolean {
    return true;
  }

  onSuccess(): void {}

  onFailure(): void {}
}

/**
 * least-busy [S105]: the deployment with the fewest calls in flight. The counts are one map over every deployment
 * the router has called (in the order first seen), so the minimum is searched there: when it belongs to a deployment
 * that is not a candidate (cooling down, or of a later `order`), LiteLLM picks a random candidate instead. Ties go to
 * the first one seen. A call counts from just before it is made until its answer (or its failure) arrives.
 */
class LeastBusy implements RouterStrategy {
  /** Calls in flight per deployment, in the order first seen (a Map keeps insertion order, as a Python dict). */
  private readonly inFlight = new Map<number, number>();

  constructor(private readonly uniform: () => number) {}

  pick(candidates: readonly number[]): number {
    for (const i of candidates) if (!this.inFlight.has(i)) this.inFlight.set(i, 0);
    let least = Number.POSITIVE_INFINITY;
    let chosen = NO_TARGET;
    for (const [i, count] of this.inFlight) {
      if (count < least) {
        least = count;
        chosen = i;
      }
    }
    return candidates.includes(chosen) ? chosen : anyOf(candidates, this.uniform);
  }

  preCall(index: number): boolean {
    this.inFlight.set(index, (this.inFlight.get(index) ?? 0) + 1);
    return true;
  }

  onSuccess(index: number): void {
    this.inFlight.set(index, (this.inFlight.get(index) ?? 0) - 1);
  }

  onFailure(index: number): void {
    this.onSuccess(index);
  }
}

/**
 * usage-based (LiteLLM's usage-based-routing-v2) [S106]: the candidate with the fewest tokens used in the current
 * clock minute, skipping any whose `tpm` the request's prompt would take past its limit; ties are broken at random.
 * Tokens (prompt + completion) count when the answer arrives. The `rpm` limit acts in the pre-call check: a
 * deployment that already took `rpm` calls this minute is refused with a 429 before any call (and the router's
 * cooldown rules see that 429). LiteLLM's pick also has an RPM test, but it looks the count up under a key it never
 * stores, so it never skips anything; Spillway leaves it out.
 */
class UsageBased implements RouterStrategy {
  private readonly tokens: MinuteCounter;
  private readonly calls: MinuteCounter;
  /** Candidates tied at the lowest usage (reused). */
  private readonly tied: number[] = [];

  constructor(
    private readonly settings: StrategySettings,
    private readonly uniform: () => number,
  ) {
    this.tokens = new MinuteCounter(settings.deployments.length);
    this.calls = new MinuteCounter(settings.deployments.length);
  }

  pick(candidates: readonly number[], now: number, request: CallerRequest): number {
    const tied = this.tied;
    tied.length = 0;
    let lowest = Number.POSITIVE_INFINITY;
    for (const i of candidates) {
      const used = this.tokens.get(i, now);
      if (used + request.prompt > (this.settings.deployments[i].tpm ?? Number.POSITIVE_INFINITY)) continue;
      if (used === lowest) tied.push(i);
      else if (used < lowest) {
        lowest = used;
        tied.length = 0;
        tied.push(i);
      }
    }
    return tied.length === 0 ? NO_TARGET : anyOf(tied, this.uniform);
  }

  preCall(index: number, now: number): boolean {
    if (this.calls.get(index, now) >= (this.settings.deployments[index].rpm ?? Number.POSITIVE_INFINITY))
      return false;
    this.calls.add(index, now, 1);
    return true;
  }

  onSuccess(index: number, now: number, request: CallerRequest): void {
    this.tokens.add(index, now, request.prompt + request.completion);
  }

  onFailure(): void {}
}

/** latency-based: how many latencies a deployment keeps (`max_latency_list_size`) [S107]. */
export const LATENCY_LIST_SIZE = 10;
/** latency-based: seconds a timed-out call counts as (LiteLLM's penalty) [S107]. */
export const TIMEOUT_PENALTY_SECONDS = 1000;
/** latency-based: the latency map expires this long after its last update (`ttl`, 1 hour) [S107]. */
export const LATENCY_TTL_SECONDS = 3600;

/**
 * latency-based (LiteLLM's latency-based-routing) [S107]: the candidate with the lowest average of its recent
 * latencies, each a call's response time divided by its completion tokens (non-streaming calls). A timed-out call
 * counts 1,000 s. A deployment without a measurement averages 0, so each is tried first. With
 * `lowest_latency_buffer` b > 0 the pick is random among candidates within (1 + b) x the lowest; LiteLLM's default is
 * 0 (the lowest only; ties at random). Candidates whose `tpm`/`rpm` this minute's successes (plus this request) would
 * exceed are skipped. The list keeps LiteLLM's update rule: appended until it holds 10, after which the newest
 * replaces the last entry (the first nine stay). The whole map expires an hour after its last update.
 */
class LatencyBased implements RouterStrategy {
  /** Latencies per deployment, s per completion token (empty: never measured). */
  private readonly latencies: number[][];
  private readonly tokens: MinuteCounter;
  private readonly calls: MinuteCounter;
  /** When the map was last written, s. */
  private lastUpdate = Number.NEGATIVE_INFINITY;
  /** Candidates in random order with their averages (reused). */
  private readonly order: number[] = [];
  private readonly averages: number[] = [];

  constructor(
    private readonly settings: StrategySettings,
    private readonly uniform: () => number,
  ) {
    const n = settings.deployments.length;
    this.latencies = Array.from({ length: n }, () => []);
    this.tokens = new MinuteCounter(n);
    this.calls = new MinuteCounter(n);
  }

  pick(candidates: readonly number[], now: number, request: CallerRequest): number {
    if (now - this.lastUpdate >= LATENCY_TTL_SECONDS) for (const l of this.latencies) l.length = 0;
    // LiteLLM shuffles the deployments first (random.sample), so equal averages are broken at random.
    const order = this.order;
    order.length = 0;
    for (const i of candidates) order.push(i);
    for (let k = order.length - 1; k > 0; k--) {
      const j = Math.floor(this.uniform() * (k + 1));
      [order[k], order[j]] = [order[j], order[k]];
    }
    const averages = this.averages;
    averages.length = 0;
    let kept = 0;
    for (const i of order) {
      const d = this.settings.deployments[i];
      if (
        this.tokens.get(i, now) + request.prompt > (d.tpm ?? Number.POSITIVE_INFINITY) ||
        this.calls.get(i, now) + 1 > (d.rpm ?? Number.POSITIVE_INFINITY)
      )
        continue;
      const list = this.latencies[i];
      let total = 0;
      for (const v of list) total += v;
      order[kept] = i;
      averages[kept] = list.length === 0 ? 0 : total / list.length;
      kept++;
    }
    if (kept === 0) return NO_TARGET;
    let lowest = Number.POSITIVE_INFINITY;
    for (let k = 0; k < kept; k++) lowest = Math.min(lowest, averages[k]);
    const ceiling = lowest + this.settings.latencyBuffer * lowest;
    let valid = 0;
    for (let k = 0; k < kept; k++) if (averages[k] <= ceiling) order[valid++] = order[k];
    return order[Math.floor(this.uniform() * valid)];
  }

  preCall(): boolean {
    return true;
  }

  onSuccess(index: number, now: number, request: CallerRequest, latency: number): void {
    // LiteLLM divides by the completion tokens; with none the division fails and nothing is recorded.
    if (request.completion <= 0) return;
    this.record(index, now, latency / request.completion);
    this.tokens.add(index, now, request.prompt + request.completion);
    this.calls.add(index, now, 1);
  }

  onFailure(index: number, now: number, status: number): void {
    if (status === 408) this.record(index, now, TIMEOUT_PENALTY_SECONDS);
  }

  private record(index: number, now: number, value: number): void {
    const list = this.latencies[index];
    if (list.length < LATENCY_LIST_SIZE) list.push(value);
    else list[LATENCY_LIST_SIZE - 1] = value;
    this.lastUpdate = now;
  }
}

/** Every router strategy by its scenario name (LiteLLM's names); the first is the default. */
export const ROUTER_STRATEGIES = {
  "simple-shuffle": {
    description: "LiteLLM's default: weighted random by weight, else rpm, else tpm, else uniform",
    create: (settings, uniform) => new SimpleShuffle(settings, uniform),
  },
  "least-busy": {
    description: "the deployment with the fewest calls in flight",
    create: (_settings, uniform) => new LeastBusy(uniform),
  },
  "usage-based": {
    description: "usage-based-routing-v2: lowest tokens used this minute, within each deployment's tpm/rpm",
    create: (settings, uniform) => new UsageBased(settings, uniform),
  },
  "latency-based": {
    description: "lowest average response time per completion token over the last 10 calls",
    create: (settings, uniform) => new LatencyBased(settings, uniform),
  },
} as const satisfies Record<string, RouterStrategyDefinition>;

/** A router strategy's scenario name. */
export type RouterStrategyName = keyof typeof ROUTER_STRATEGIES;

/** The strategy names, default first (for the schema's enum). */
export const ROUTER_STRATEGY_NAMES = Object.keys(ROUTER_STRATEGIES) as [
  RouterStrategyName,
  ...RouterStrategyName[],
];
