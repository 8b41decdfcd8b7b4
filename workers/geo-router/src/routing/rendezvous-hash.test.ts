import { describe, expect, it } from "vitest";
import { seededRandom, shares } from "../../test/support/seeded-random";
import { pickRendezvous } from "./rendezvous-hash";

/** 10 000 distinct client IPs. */
function clientIps(count: number): string[] {
  const random = seededRandom(2024);
  return Array.from({ length: count }, () =>
    Array.from({ length: 4 }, () => Math.floor(random() * 256)).join("."),
  );
}

const four = [
  { id: "o1", weight: 1 },
  { id: "o2", weight: 1 },
  { id: "o3", weight: 1 },
  { id: "o4", weight: 1 },
];

describe("pickRendezvous (consistent hashing for ip_hash and header affinity)", () => {
  it("maps a key to the same origin every time", () => {
    for (const ip of clientIps(100))
      expect(pickRendezvous(four, ip)?.id).toBe(pickRendezvous(four, ip)?.id);
  });

  it("removing 1 of 4 origins moves ≤ 30 % of keys, and only the removed origin's", () => {
    const keys = clientIps(10_000);
    const before = new Map(keys.map((k) => [k, pickRendezvous(four, k)?.id]));
    const three = four.filter((o) => o.id !== "o3");
    let moved = 0;
    for (const key of keys) {
      const after = pickRendezvous(three, key)?.id;
      if (after !== before.get(key)) {
        moved += 1;
        expect(before.get(key)).toBe("o3");
      }
    }
    expect(moved / keys.length).toBeLessThanOrEqual(0.3);
    expect(moved / keys.length).toBeGreaterThan(0.2);
  });

  it("adding an origin takes keys only for itself", () => {
    const keys = clientIps(5_000);
    const five = [...four, { id: "o5", weight: 1 }];
    for (const key of keys) {
      const after = pickRendezvous(five, key)?.id;
      if (after !== pickRendezvous(four, key)?.id) expect(after).toBe("o5");
    }
  });

  it("over 10 000 keys, shares follow the weights within ±3 %", () => {
    const weighted = [
      { id: "a", weight: 0.5 },
      { id: "b", weight: 0.3 },
      { id: "c", weight: 0.2 },
    ];
    const share = shares(clientIps(10_000).map((k) => pickRendezvous(weighted, k)?.id ?? ""));
    for (const o of weighted)
      expect(Math.abs((share[o.id] ?? 0) - o.weight)).toBeLessThanOrEqual(0.03);
  });
});
