import { describe, expect, it } from "vitest";
import { hash32, hashUnit } from "./hash";

describe("hash32", () => {
  it("is deterministic and spreads near-identical keys", () => {
    expect(hash32("10.0.0.1")).toBe(hash32("10.0.0.1"));
    expect(hash32("10.0.0.1")).not.toBe(hash32("10.0.0.2"));
  });

  it("fills the unit interval evenly (10 buckets within ±1 % of 10 %)", () => {
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) {
      const u = hashUnit(`key-${i}`);
      expect(u).toBeGreaterThan(0);
      expect(u).toBeLessThan(1);
      const bucket = Math.floor(u * 10);
      buckets[bucket] = (buckets[bucket] ?? 0) + 1;
    }
    for (const n of buckets) expect(Math.abs(n / 100_000 - 0.1)).toBeLessThan(0.01);
  });
});
