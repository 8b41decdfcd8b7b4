/** The longest latency recorded, ms (1 h): longer values are bugs in the caller. */
export const MAX_LATENCY_MS = 3_600_000;

/**
 * Inclusive upper bounds (ms) of the latency histogram's buckets, ascending. A latency counts in
 * the first bucket whose bound is ≥ it; the last bucket (`MAX_LATENCY_MS`) holds everything over
 * 60 s. Fixed, so hourly histograms of every identity and project add up bucket by bucket.
 */
export const LATENCY_BUCKET_BOUNDS_MS: readonly number[] = [
  25,
  50,
  100,
  250,
  500,
  1_000,
  2_500,
  5_000,
  10_000,
  30_000,
  60_000,
  MAX_LATENCY_MS,
];

/** One bucket of a histogram: how many latencies were ≤ `leMs` and above the bound before. */
export interface LatencyBucket {
  /** Inclusive upper bound, ms: one of `LATENCY_BUCKET_BOUNDS_MS`. */
  leMs: number;
  count: number;
}

/**
 * The bound of the bucket a latency counts in. Throws a `RangeError` for a latency that is not an
 * integer in `[0, MAX_LATENCY_MS]`.
 */
export function latencyBucketOf(latencyMs: number): number {
  if (!Number.isInteger(latencyMs) || latencyMs < 0 || latencyMs > MAX_LATENCY_MS) {
    throw new RangeError(
      `latencyMs must be an integer in [0, ${MAX_LATENCY_MS}], got ${latencyMs}`,
    );
  }
  return LATENCY_BUCKET_BOUNDS_MS.find((bound) => latencyMs <= bound) ?? MAX_LATENCY_MS;
}

/**
 * The `q`-quantile (0 < q ≤ 1, e.g. 0.99) of a histogram by nearest rank, reported as the upper
 * bound of the bucket it falls in: "at least a fraction `q` of the requests took ≤ this many ms".
 * `null` for an empty histogram. Buckets may come in any order; equal bounds add up.
 */
export function percentileFromHistogram(
  buckets: readonly LatencyBucket[],
  q: number,
): number | null {
  if (!(q > 0 && q <= 1)) throw new RangeError(`q must be in (0, 1], got ${q}`);
  let total = 0;
  for (const bucket of buckets) {
    if (!Number.isSafeInteger(bucket.count) || bucket.count < 0) {
      throw new RangeError(`a bucket count must be a non-negative integer, got ${bucket.count}`);
    }
    total += bucket.count;
  }
  if (total === 0) return null;
  // The epsilon keeps float noise (0.07 * 100 = 7.000000000000001) from skipping a rank.
  const rank = Math.max(1, Math.ceil(q * total - 1e-9));
  let seen = 0;
  for (const bucket of [...buckets].sort((a, b) => a.leMs - b.leMs)) {
    seen += bucket.count;
    if (seen >= rank) return bucket.leMs;
  }
  return null; // unreachable: seen ends at total ≥ rank
}
