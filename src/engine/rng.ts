/**
 * Seeded random streams. Every component draws from its own named stream derived from the run seed, so adding a
 * workload or a deployment never changes the numbers another component sees (architecture principle 2).
 */
import seedrandom from "seedrandom";

/** A source of uniform numbers in [0, 1). */
export type Uniform = () => number;

/** A seeded stream with the draws the models need. */
export class RandomStream {
  private spareNormal: number | undefined;

  /** @param uniform the underlying uniform generator */
  constructor(readonly uniform: Uniform) {}

  /** A uniform number in [0, 1). */
  next(): number {
    return this.uniform();
  }

  /** An exponential draw with the given mean. */
  exponential(mean: number): number {
    // 1 - u is in (0, 1], so the log is finite.
    return -mean * Math.log(1 - this.uniform());
  }

  /** A standard normal draw (Box–Muller, caching the second value). */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const z = this.spareNormal;
      this.spareNormal = undefined;
      return z;
    }
    const u1 = 1 - this.uniform();
    const u2 = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    this.spareNormal = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  }

  /** A multiplicative jitter factor with mean 1 and log-standard-deviation `sigma` (1 when sigma is 0). */
  jitter(sigma: number): number {
    if (sigma <= 0) return 1;
    return Math.exp(sigma * this.normal() - (sigma * sigma) / 2);
  }

  /** An integer uniformly in [min, max]. */
  integer(min: number, max: number): number {
    return min + Math.floor(this.uniform() * (max - min + 1));
  }
}

/** Derives independent named streams from one run seed. */
export class RandomStreams {
  /** @param seed the run seed (scenario `seed` or `--seed`) */
  constructor(private readonly seed: number) {}

  /** The stream for a component, e.g. `workload:chat` or `deployment:acct/ptu:latency`. */
  stream(name: string): RandomStream {
    // seedrandom's Alea is fast and its state is seeded from the full string, so names give independent streams.
    const prng = seedrandom.alea(`${this.seed}\u0000${name}`);
    return new RandomStream(prng);
  }
}
