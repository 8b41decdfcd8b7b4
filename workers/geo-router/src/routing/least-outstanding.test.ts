import { describe, expect, it } from "vitest";
import { seededRandom, shares } from "../../test/support/seeded-random";
import { pickLeastOutstanding } from "./least-outstanding";

describe("pickLeastOutstanding", () => {
  it("prefers the idle origin", () => {
    const random = seededRandom(5);
    const origins = [
      { id: "busy", weight: 1, outstanding: 3 },
      { id: "idle", weight: 1, outstanding: 0 },
    ];
    for (let i = 0; i < 100; i++) expect(pickLeastOutstanding(origins, random)?.id).toBe("idle");
  });

  it("weighs load by weight: 2 in flight on weight 1 beats 2 in flight on weight 0.5", () => {
    const origins = [
      { id: "small", weight: 0.5, outstanding: 2 },
      { id: "big", weight: 1, outstanding: 2 },
    ];
    expect(pickLeastOutstanding(origins, Math.random)?.id).toBe("big");
  });

  it("splits an idle pool by weight (10 000 picks within ±3 %)", () => {
    const random = seededRandom(9);
    const origins = [
      { id: "a", weight: 0.75, outstanding: 0 },
      { id: "b", weight: 0.25, outstanding: 0 },
    ];
    const share = shares(
      Array.from({ length: 10_000 }, () => pickLeastOutstanding(origins, random)?.id ?? ""),
    );
    expect(Math.abs((share.a ?? 0) - 0.75)).toBeLessThanOrEqual(0.03);
  });

  it("balances concurrent requests: each pick raises that origin's load", () => {
    const origins = [
      { id: "a", weight: 1, outstanding: 0 },
      { id: "b", weight: 1, outstanding: 0 },
      { id: "c", weight: 1, outstanding: 0 },
    ];
    const random = seededRandom(11);
    for (let i = 0; i < 30; i++) {
      const picked = pickLeastOutstanding(origins, random);
      if (picked) picked.outstanding += 1;
    }
    expect(origins.map((o) => o.outstanding)).toEqual([10, 10, 10]);
  });
});
