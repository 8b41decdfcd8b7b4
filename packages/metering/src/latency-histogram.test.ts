import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  LATENCY_BUCKET_BOUNDS_MS,
  type LatencyBucket,
  latencyBucketOf,
  MAX_LATENCY_MS,
  percentileFromHistogram,
} from "./latency-histogram";

describe("latencyBucketOf", () => {
  it("puts a latency in the first bucket whose bound is at least it", () => {
    expect(latencyBucketOf(0)).toBe(25);
    expect(latencyBucketOf(25)).toBe(25);
    expect(latencyBucketOf(26)).toBe(50);
    expect(latencyBucketOf(999)).toBe(1_000);
    expect(latencyBucketOf(60_000)).toBe(60_000);
    expect(latencyBucketOf(60_001)).toBe(MAX_LATENCY_MS);
    expect(latencyBucketOf(MAX_LATENCY_MS)).toBe(MAX_LATENCY_MS);
  });

  it("rejects negative, fractional and over-long latencies", () => {
    for (const bad of [-1, 1.5, MAX_LATENCY_MS + 1, Number.NaN]) {
      expect(() => latencyBucketOf(bad)).toThrow(RangeError);
    }
  });

  it("has ascending bounds ending at MAX_LATENCY_MS", () => {
    expect(LATENCY_BUCKET_BOUNDS_MS).toEqual([...LATENCY_BUCKET_BOUNDS_MS].sort((a, b) => a - b));
    expect(new Set(LATENCY_BUCKET_BOUNDS_MS).size).toBe(LATENCY_BUCKET_BOUNDS_MS.length);
    expect(LATENCY_BUCKET_BOUNDS_MS.at(-1)).toBe(MAX_LATENCY_MS);
  });
});

describe("percentileFromHistogram", () => {
  const h = (...pairs: [number, number][]): LatencyBucket[] =>
    pairs.map(([leMs, count]) => ({ leMs, count }));

  it("is null for an empty histogram", () => {
    expect(percentileFromHistogram([], 0.5)).toBeNull();
    expect(percentileFromHistogram(h([25, 0], [50, 0]), 0.99)).toBeNull();
  });

  it("reports the upper bound of the bucket holding the nearest rank", () => {
    // 100 requests: 50 ≤ 25 ms, 40 ≤ 100 ms, 9 ≤ 1 s, 1 ≤ 30 s.
    const buckets = h([25, 50], [100, 40], [1_000, 9], [30_000, 1]);
    expect(percentileFromHistogram(buckets, 0.5)).toBe(25); // rank 50: the 50th is still ≤ 25
    expect(percentileFromHistogram(buckets, 0.51)).toBe(100);
    expect(percentileFromHistogram(buckets, 0.9)).toBe(100); // rank 90
    expect(percentileFromHistogram(buckets, 0.91)).toBe(1_000);
    expect(percentileFromHistogram(buckets, 0.99)).toBe(1_000); // rank 99
    expect(percentileFromHistogram(buckets, 1)).toBe(30_000);
  });

  it("takes buckets in any order and adds equal bounds", () => {
    const buckets = h([1_000, 1], [25, 1], [25, 1]);
    expect(percentileFromHistogram(buckets, 0.5)).toBe(25);
    expect(percentileFromHistogram(buckets, 0.67)).toBe(1_000);
  });

  it("does not skip a rank on float noise", () => {
    // 0.07 * 100 is 7.000000000000001 in floating point; the 7th of 100 is in the first bucket.
    expect(percentileFromHistogram(h([25, 7], [50, 93]), 0.07)).toBe(25);
  });

  it("answers one sample's bucket for every quantile", () => {
    for (const q of [0.01, 0.5, 0.9, 0.99, 1]) {
      expect(percentileFromHistogram(h([250, 1]), q)).toBe(250);
    }
  });

  it("rejects quantiles outside (0, 1] and bad counts", () => {
    for (const q of [0, -0.5, 1.01, Number.NaN]) {
      expect(() => percentileFromHistogram(h([25, 1]), q)).toThrow(RangeError);
    }
    expect(() => percentileFromHistogram(h([25, -1]), 0.5)).toThrow(RangeError);
    expect(() => percentileFromHistogram(h([25, 0.5]), 0.5)).toThrow(RangeError);
  });

  it("agrees with the exact nearest-rank percentile, rounded up to its bucket bound", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: MAX_LATENCY_MS }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 1, max: 1000 }).map((n) => n / 1000),
        (latencies, q) => {
          const counts = new Map<number, number>();
          for (const ms of latencies) {
            const le = latencyBucketOf(ms);
            counts.set(le, (counts.get(le) ?? 0) + 1);
          }
          const buckets = [...counts].map(([leMs, count]) => ({ leMs, count }));
          const sorted = [...latencies].sort((a, b) => a - b);
          const exact = sorted[Math.max(1, Math.ceil(q * sorted.length - 1e-9)) - 1] as number;
          expect(percentileFromHistogram(buckets, q)).toBe(latencyBucketOf(exact));
        },
      ),
    );
  });
});
