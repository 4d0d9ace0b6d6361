/**
 * A fixed-size histogram with logarithmic buckets: memory is bounded whatever the number of samples, and every
 * quantile is within the configured relative error of a value actually recorded in that bucket. Why not keep samples:
 * a week-long run records tens of millions of latencies; why not hdr-histogram-js: the per-minute series needs
 * thousands of small histograms, and a plain typed array of log buckets is both smaller and faster to fill.
 *
 * Quantiles use the nearest rank (the smallest value v such that at least q·n samples are ≤ v), reported as the
 * bucket's geometric midpoint, so the relative error is at most `relativeError`. Mean, min and max are exact.
 */

/** Summary statistics of a histogram (NaN-free: an empty histogram gives zeros). */
export interface DistributionSummary {
  /** Exact arithmetic mean. */
  mean: number;
  /** Median. */
  p50: number;
  /** 90th percentile. */
  p90: number;
  /** 95th percentile. */
  p95: number;
  /** 99th percentile. */
  p99: number;
  /** Exact maximum. */
  max: number;
}

/** A bounded-memory histogram of positive values with a relative-error guarantee. */
export class LogHistogram {
  private readonly counts: Float64Array;
  private readonly logBase: number;
  private readonly invLogBase: number;
  private readonly logMin: number;
  private readonly minValue: number;
  private zeroCount = 0;
  /** Number of recorded values. */
  count = 0;
  /** Sum of recorded values. */
  sum = 0;
  /** Smallest recorded value (Infinity when empty). */
  min = Number.POSITIVE_INFINITY;
  /** Largest recorded value (0 when empty). */
  max = 0;

  /**
   * @param relativeError largest relative error of a quantile (0.001 = 0.1%)
   * @param minValue values at or below this are counted in the lowest bucket
   * @param maxValue values above this are counted in the highest bucket (max stays exact)
   */
  constructor(
    private readonly relativeError = 0.001,
    minValue = 0.001,
    private readonly maxValue = 1e9,
  ) {
    // Bucket k covers (minValue·γ^k, minValue·γ^(k+1)] and reports its geometric midpoint m = lower·(1+e), γ = (1+e)²:
    // a value v in the bucket is then within e of m relative to v, at both ends ((m−L)/L = e, (U−m)/U < e).
    const gamma = (1 + relativeError) ** 2;
    this.logBase = Math.log(gamma);
    this.invLogBase = 1 / this.logBase;
    this.minValue = minValue;
    this.logMin = Math.log(minValue);
    this.counts = new Float64Array(Math.ceil(Math.log(maxValue / minValue) / this.logBase) + 1);
  }

  /** Records one value (negative values are treated as 0). */
  record(value: number): void {
    this.recordWithLog(value, value > 0 ? Math.log(value) : 0);
  }

  /**
   * Records one value whose natural log the caller already has (`ln` = Math.log(value), any number when value <= 0):
   * a latency recorded in several histograms pays for one logarithm.
   */
  recordWithLog(value: number, ln: number): void {
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (value <= this.minValue) {
      this.zeroCount++;
      return;
    }
    let k = Math.ceil((ln - this.logMin) * this.invLogBase) - 1;
    if (k < 0) k = 0;
    if (k >= this.counts.length) k = this.counts.length - 1;
    this.counts[k]++;
  }

  /**
   * A new histogram holding the values of this one and `other`, which must have been made with the same parameters:
   * a distribution over several groups is summed from theirs instead of recording each value twice.
   */
  plus(other: LogHistogram): LogHistogram {
    if (
      other.relativeError !== this.relativeError ||
      other.minValue !== this.minValue ||
      other.maxValue !== this.maxValue
    )
      throw new Error("histograms of different resolution cannot be added");
    const sum = new LogHistogram(this.relativeError, this.minValue, this.maxValue);
    for (let k = 0; k < sum.counts.length; k++) sum.counts[k] = this.counts[k] + other.counts[k];
    sum.zeroCount = this.zeroCount + other.zeroCount;
    sum.count = this.count + other.count;
    sum.sum = this.sum + other.sum;
    sum.min = Math.min(this.min, other.min);
    sum.max = Math.max(this.max, other.max);
    return sum;
  }

  /** The q-quantile (0 < q ≤ 1) by nearest rank; 0 when empty. */
  quantile(q: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.count));
    if (rank >= this.count) return this.max;
    let seen = this.zeroCount;
    if (seen >= rank) return Math.min(this.min, this.minValue);
    const counts = this.counts;
    for (let k = 0; k < counts.length; k++) {
      seen += counts[k];
      if (seen >= rank) {
        const mid = this.minValue * Math.exp(this.logBase * (k + 0.5));
        // Clamp to what was observed so a quantile never lies outside [min, max].
        return Math.min(Math.max(mid, this.min), this.max);
      }
    }
    return this.max;
  }

  /** Mean and the standard percentiles; all zero when empty. */
  summary(): DistributionSummary {
    if (this.count === 0) return { mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0 };
    return {
      mean: this.sum / this.count,
      p50: this.quantile(0.5),
      p90: this.quantile(0.9),
      p95: this.quantile(0.95),
      p99: this.quantile(0.99),
      max: this.max,
    };
  }
}
