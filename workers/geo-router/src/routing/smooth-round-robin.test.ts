import { describe, expect, it } from "vitest";
import { shares } from "../../test/support/seeded-random";
import { newRoundRobinState, pickRoundRobin } from "./smooth-round-robin";

describe("pickRoundRobin", () => {
  it("rotates through equal-weight origins in order", () => {
    const state = newRoundRobinState();
    const origins = [
      { id: "a", weight: 1 },
      { id: "b", weight: 1 },
      { id: "c", weight: 1 },
    ];
    const picks = Array.from({ length: 6 }, () => pickRoundRobin(origins, state)?.id);
    expect(picks).toEqual(["a", "b", "c", "a", "b", "c"]);
  });

  it("over 10 000 picks gives each origin its weight's share (±3 %), interleaved not in bursts", () => {
    const state = newRoundRobinState();
    const origins = [
      { id: "a", weight: 0.5 },
      { id: "b", weight: 0.3 },
      { id: "c", weight: 0.2 },
    ];
    const picks = Array.from({ length: 10_000 }, () => pickRoundRobin(origins, state)?.id ?? "");
    const share = shares(picks);
    for (const o of origins)
      expect(Math.abs((share[o.id] ?? 0) - o.weight)).toBeLessThanOrEqual(0.03);
    // Smooth: "a" (half the weight) never gets more than two in a row.
    expect(picks.join("")).not.toContain("aaa");
  });

  it("keeps rotating when the candidate list shrinks (an origin went down)", () => {
    const state = newRoundRobinState();
    const all = [
      { id: "a", weight: 1 },
      { id: "b", weight: 1 },
      { id: "c", weight: 1 },
    ];
    pickRoundRobin(all, state);
    const withoutB = all.filter((o) => o.id !== "b");
    const picks = Array.from({ length: 4 }, () => pickRoundRobin(withoutB, state)?.id);
    expect(picks).toEqual(["a", "c", "a", "c"]);
  });
});
