/**
 * APIM's `azure-openai-semantic-cache-lookup` [S93] for one gateway region: every request's prompt is embedded (a
 * call to the embeddings backend) and looked up in the external cache by vector proximity; a hit is answered from
 * the cache and never reaches a backend, a miss is forwarded. Which prompts are "near enough" depends on the
 * traffic and the `score-threshold`, which Spillway cannot know, so the scenario states the share of requests that
 * hit (`hitRate`); each request draws once from the region's own stream, and an SDK retry of a request that missed
 * misses again (its answer never reached the store). The lookup's duration (embedding plus vector search) is not
 * published: the knob `gateway.semanticCache.lookupLatency`.
 */
import type { InboundPolicy, InboundRequest, InboundVerdict } from "./inbound.js";

/** One semantic cache as the gateway states it. */
export interface SemanticCacheSettings {
  /** Share of requests answered from the cache (0-1). */
  hitRate: number;
  /** Seconds the lookup takes (embedding the prompt and searching the cache), hit or miss. */
  lookupLatency: number;
}

/** The semantic-cache lookup of one gateway region. */
export class SemanticCache implements InboundPolicy {
  /** Whether each request hit, decided at its first lookup. */
  private readonly hits = new WeakMap<InboundRequest, boolean>();

  /**
   * @param settings the cache
   * @param uniform the region's own stream in [0, 1)
   */
  constructor(
    readonly settings: SemanticCacheSettings,
    private readonly uniform: () => number,
  ) {}

  /** Looks `request` up: a hit answers 200 after the lookup, a miss forwards after it. */
  inbound(_now: number, request: InboundRequest, verdict: InboundVerdict): void {
    let hit = this.hits.get(request);
    if (hit === undefined) {
      hit = this.uniform() < this.settings.hitRate;
      this.hits.set(request, hit);
    }
    verdict.delay += this.settings.lookupLatency;
    verdict.lookup = hit ? 1 : 0;
    if (hit) verdict.status = 200;
  }

  /** The store happens in outbound and changes nothing the stated hit rate does not already say. */
  usage(): void {}
}
