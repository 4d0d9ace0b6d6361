/** Token-count draws from a resolved distribution. */
import type { RandomStream } from "../engine/rng.js";

/** A resolved token-count distribution. */
export type TokenDistribution =
  | { kind: "fixed"; value: number }
  | { kind: "uniform"; min: number; max: number }
  | { kind: "lognormal"; mu: number; sigma: number; max: number }
  | { kind: "empirical"; values: Float64Array };

/** Draws one non-negative integer token count. */
export function drawTokens(dist: TokenDistribution, rng: RandomStream): number {
  switch (dist.kind) {
    case "fixed":
      return dist.value;
    case "uniform":
      return rng.integer(dist.min, dist.max);
    case "lognormal": {
      const value = Math.round(Math.exp(dist.mu + dist.sigma * rng.normal()));
      return Math.min(value, dist.max);
    }
    case "empirical":
      return dist.values[Math.floor(rng.next() * dist.values.length)];
  }
}

/** Mean of a distribution (for sizing and sanity checks), exact for fixed/uniform/empirical, analytic for lognormal. */
export function meanTokens(dist: TokenDistribution): number {
  switch (dist.kind) {
    case "fixed":
      return dist.value;
    case "uniform":
      return (dist.min + dist.max) / 2;
    case "lognormal":
      return Math.exp(dist.mu + (dist.sigma * dist.sigma) / 2);
    case "empirical": {
      let sum = 0;
      for (const v of dist.values) sum += v;
      return sum / dist.values.length;
    }
  }
}
