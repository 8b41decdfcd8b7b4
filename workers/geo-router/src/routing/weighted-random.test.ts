import { describe, expect, it } from "vitest";
import { seededRandom, shares } from "../../test/support/seeded-random";
import { pickWeightedRandom } from "./weighted-random";

const origins = [
  { id: "a", weight: 0.5 },
  { id: "b", weight: 0.3 },
  { id: "c", weight: 0.2 },
];

describe("pickWeightedRandom", () => {
  it("over 10 000 picks, each origin's share is within ±3 % of its weight", () => {
    const random = seededRandom(42);
    const picks = Array.from(
      { length: 10_000 },
      () => pickWeightedRandom(origins, random)?.id ?? "none",
    );
    const share = shares(picks);
    expect(share.a).toBeCloseTo(0.5, 1);
    for (const o of origins)
      expect(Math.abs((share[o.id] ?? 0) - o.weight)).toBeLessThanOrEqual(0.03);
  });

  it("normalizes weights that do not sum to 1", () => {
    const random = seededRandom(7);
    const picks = Array.from(
      { length: 10_000 },
      () =>
        pickWeightedRandom(
          [
            { id: "x", weight: 1 },
            { id: "y", weight: 0.25 },
          ],
          random,
        )?.id ?? "",
    );
    expect(Math.abs((shares(picks).x ?? 0) - 0.8)).toBeLessThanOrEqual(0.03);
  });

  it("never picks a drained origin (weight 0) while another has weight", () => {
    const random = seededRandom(1);
    for (let i = 0; i < 1_000; i++) {
      expect(
        pickWeightedRandom(
          [
            { id: "drained", weight: 0 },
            { id: "live", weight: 0.1 },
          ],
          random,
        )?.id,
      ).toBe("live");
    }
  });

  it("treats an all-drained pool as equal weights rather than failing", () => {
    const random = seededRandom(3);
    const picks = Array.from(
      { length: 10_000 },
      () =>
        pickWeightedRandom(
          [
            { id: "a", weight: 0 },
            { id: "b", weight: 0 },
          ],
          random,
        )?.id ?? "",
    );
    expect(Math.abs((shares(picks).a ?? 0) - 0.5)).toBeLessThanOrEqual(0.03);
  });

  it("returns undefined for no candidates", () => {
    expect(pickWeightedRandom([], Math.random)).toBeUndefined();
  });
});
