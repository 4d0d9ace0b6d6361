/**
 * The processing options of a standard deployment, each a wrapper around its {@link DeploymentModel}: the quota is
 * the deployment's own either way ("the same quota as standard processing" [S44]; Flex and Standard "share quota"
 * [S45]), so the wrapped model admits or refuses first, as it would without the option.
 *
 * Priority [S44]: an admitted call is served as priority (the model's latency target) unless it is "estimated at
 * larger than 128k prompt tokens" on a model footnoted so, or the ramp limit re-routes it: "increasing traffic by
 * more than 50% tokens per minute in less than 15 minutes". Spillway reads that as: the tokens (prompt + max_tokens,
 * the estimate the quota counts) offered to the deployment in each minute since its first call; in a minute,
 * calls are served as priority while that minute's priority tokens stay within 1.5 times the lowest of the (up to)
 * 15 complete minutes before it, and the rest is served as standard, "at standard rates" and standard latency. A step
 * from X to 2X tokens per minute so has 0.5X a minute served as standard for 15 minutes, then none. The minute of the
 * first call has no minute before it and is not limited. The rule reads the offered traffic, which a real service
 * presumably smooths: a deployment with a few calls a minute sees noisy minutes and more calls re-routed than a
 * busy one (README.md, "Processing options").
 *
 * Flex [S45]: a call is refused with a 429 (no Retry-After, not billed, not counted against the quota) with the
 * probability of the `standard.flex.unavailable` knob, drawn before the quota is asked; else the quota decides.
 */
import { PRIORITY_RAMP } from "../catalog/processing.js";
import type { ProcessingOption } from "../catalog/skus.js";
import type { RandomStream } from "../engine/rng.js";
import type { DeploymentModel } from "./deployment-model.js";
import type { LatencyParams } from "./latency.js";

/** Minutes the ramp limit looks back [S44]. */
const RAMP_MINUTES = PRIORITY_RAMP.window / 60;

/** The ramp limit of Priority processing [S44]: per clock minute, how many tokens may be served as priority. */
export class RampLimit {
  /** Tokens offered in each minute: slot m % (RAMP_MINUTES + 1) holds minute m. */
  private readonly offered = new Float64Array(RAMP_MINUTES + 1);
  /** The current minute (counted from `start`), and the priority tokens served in it. */
  private minute = 0;
  private priority = 0;
  /** Time of the first call: minutes are counted from it. */
  private start = Number.NaN;

  /** @param increase the largest rise within the window served as priority (0.5: 50 %) */
  constructor(private readonly increase: number) {}

  /** Counts `tokens` offered at `now`; returns whether they are served as priority. */
  admit(now: number, tokens: number): boolean {
    if (Number.isNaN(this.start)) this.start = now;
    const minute = Math.floor((now - this.start) / 60);
    const slots = this.offered.length;
    if (minute !== this.minute) {
      // Minutes with nothing offered count as empty: a rise from nothing is a rise.
      for (let m = Math.max(this.minute + 1, minute - RAMP_MINUTES); m <= minute; m++)
        this.offered[m % slots] = 0;
      this.minute = minute;
      this.priority = 0;
    }
    this.offered[minute % slots] += tokens;
    if (minute === 0) {
      this.priority += tokens;
      return true;
    }
    let lowest = Number.POSITIVE_INFINITY;
    for (let m = Math.max(0, minute - RAMP_MINUTES); m < minute; m++)
      lowest = Math.min(lowest, this.offered[m % slots]);
    if (this.priority + tokens > lowest * (1 + this.increase)) return false;
    this.priority += tokens;
    return true;
  }
}

/** A processing option around a deployment's model: the wrapped model keeps the quota and settles the calls. */
abstract class OptionModel implements DeploymentModel {
  /** @inheritdoc */
  readonly settles: boolean;
  /** @inheritdoc */
  retryAfter = 0;
  /** @inheritdoc */
  charged = 0;
  /** @inheritdoc */
  readonly capacityPerMinute: number;

  /** @param inner the deployment's quota */
  constructor(protected readonly inner: DeploymentModel) {
    this.settles = inner.settles;
    this.capacityPerMinute = inner.capacityPerMinute;
  }

  /** @inheritdoc */
  abstract admit(now: number, prompt: number, cached: number, maxTokens: number): number;

  /** @inheritdoc */
  settle(now: number, completion: number, maxTokens: number): number {
    return this.inner.settle(now, completion, maxTokens);
  }
}

/** A standard deployment with Priority processing [S44]. */
export class PriorityModel extends OptionModel {
  /** @inheritdoc */
  latency: LatencyParams;
  /** @inheritdoc */
  downgraded = false;

  /**
   * @param inner the deployment's quota
   * @param ramp the ramp limit
   * @param priority latency of a call served as priority
   * @param standard latency of a call moved to standard processing
   * @param longContext prompts above this are served as standard (null: no such rule for the model)
   */
  constructor(
    inner: DeploymentModel,
    private readonly ramp: RampLimit,
    private readonly priority: LatencyParams,
    private readonly standard: LatencyParams,
    private readonly longContext: number | null,
  ) {
    super(inner);
    this.latency = priority;
  }

  /** @inheritdoc */
  admit(now: number, prompt: number, cached: number, maxTokens: number): number {
    const status = this.inner.admit(now, prompt, cached, maxTokens);
    if (status !== 200) {
      this.retryAfter = this.inner.retryAfter;
      return status;
    }
    this.charged = this.inner.charged;
    // A long-context call is not priority traffic, so it takes no share of the ramp.
    const downgraded =
      (this.longContext !== null && prompt > this.longContext) || !this.ramp.admit(now, prompt + maxTokens);
    this.downgraded = downgraded;
    this.latency = downgraded ? this.standard : this.priority;
    return 200;
  }
}

/** A standard deployment whose calls ask for Flex processing [S45]. */
export class FlexModel extends OptionModel {
  /**
   * @param inner the deployment's quota
   * @param unavailable probability that a call finds no Flex capacity
   * @param rng the stream those draws come from
   */
  constructor(
    inner: DeploymentModel,
    private readonly unavailable: number,
    private readonly rng: RandomStream,
  ) {
    super(inner);
  }

  /** @inheritdoc */
  admit(now: number, prompt: number, cached: number, maxTokens: number): number {
    if (this.unavailable > 0 && this.rng.next() < this.unavailable) {
      this.retryAfter = 0;
      return 429;
    }
    const status = this.inner.admit(now, prompt, cached, maxTokens);
    this.retryAfter = this.inner.retryAfter;
    this.charged = this.inner.charged;
    return status;
  }
}

/** What a standard deployment's processing option needs besides its quota. */
export interface ProcessingSettings {
  /** The option its calls ask for. */
  option: ProcessingOption;
  /** Flex: probability a call finds no Flex capacity. */
  flexUnavailable: number;
  /** Priority: latency of a priority call and the longest prompt served so (null: no limit); null otherwise. */
  priority: { latency: LatencyParams; longContext: number | null } | null;
  /** The deployment's standard latency (a Priority call moved to standard processing gets it). */
  standardLatency: LatencyParams;
}

/** The model of a standard deployment with its processing option: `inner` itself for standard processing. */
export function withProcessing(
  inner: DeploymentModel,
  settings: ProcessingSettings,
  rng: RandomStream,
): DeploymentModel {
  if (settings.option === "flex") return new FlexModel(inner, settings.flexUnavailable, rng);
  if (settings.option === "priority" && settings.priority !== null) {
    return new PriorityModel(
      inner,
      new RampLimit(PRIORITY_RAMP.increase),
      settings.priority.latency,
      settings.standardLatency,
      settings.priority.longContext,
    );
  }
  return inner;
}
