import { describe, expect, it } from "vitest";
import { seededRandom, shares } from "../../test/support/seeded-random";
import { pickLowestLatency } from "./lowest-latency";

describe("pickLowestLatency", () => {
  it("picks the origin with the lowest EWMA", () => {
    const origins = [
      { id: "slow", weight: 1, latencyEwmaMs: 180 },
      { id: "fast", weight: 1, latencyEwmaMs: 40 },
      { id: "mid", weight: 1, latencyEwmaMs: 90 },
    ];
    expect(pickLowestLatency(origins, Math.random)?.id).toBe("fast");
  });

  it("measures an origin without samples first", () => {
    const origins = [
      { id: "fast", weight: 1, latencyEwmaMs: 5 },
      { id: "new", weight: 1, latencyEwmaMs: null },
    ];
    expect(pickLowestLatency(origins, Math.random)?.id).toBe("new");
  });

  it("splits unmeasured origins by weight (10 000 picks within ±3 %)", () => {
    const random = seededRandom(21);
    const origins = [
      { id: "a", weight: 0.6, latencyEwmaMs: null },
      { id: "b", weight: 0.4, latencyEwmaMs: null },
    ];
    const share = shares(
      Array.from({ length: 10_000 }, () => pickLowestLatency(origins, random)?.id ?? ""),
    );
    expect(Math.abs((share.a ?? 0) - 0.6)).toBeLessThanOrEqual(0.03);
  });

  it("skips drained origins even when they are fastest", () => {
    const origins = [
      { id: "drained", weight: 0, latencyEwmaMs: 1 },
      { id: "live", weight: 1, latencyEwmaMs: 100 },
    ];
    expect(pickLowestLatency(origins, Math.random)?.id).toBe("live");
  });
});
