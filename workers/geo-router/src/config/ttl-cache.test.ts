import { describe, expect, it } from "vitest";
import { TtlCache } from "./ttl-cache";

describe("TtlCache", () => {
  it("serves a value until its TTL is over, then loads again", async () => {
    const cache = new TtlCache<number>();
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get("k", 0, 1_000, load)).toBe(1);
    expect(await cache.get("k", 999, 1_000, load)).toBe(1);
    expect(await cache.get("k", 1_000, 1_000, load)).toBe(2);
  });

  it("shares one load between concurrent misses", async () => {
    const cache = new TtlCache<string>();
    let loads = 0;
    const load = () =>
      new Promise<string>((resolve) => setTimeout(() => resolve(`v${++loads}`), 10));
    const values = await Promise.all([
      cache.get("k", 0, 100, load),
      cache.get("k", 0, 100, load),
      cache.get("k", 0, 100, load),
    ]);
    expect(values).toEqual(["v1", "v1", "v1"]);
    expect(loads).toBe(1);
  });

  it("does not cache a failed load", async () => {
    const cache = new TtlCache<number>();
    await expect(
      cache.get("k", 0, 100, () => Promise.reject(new Error("D1 down"))),
    ).rejects.toThrow("D1 down");
    expect(await cache.get("k", 0, 100, async () => 7)).toBe(7);
  });

  it("applies the TTL of each read, so a shorter one takes effect at once", async () => {
    const cache = new TtlCache<number>();
    let loads = 0;
    await cache.get("k", 0, 60_000, async () => ++loads);
    expect(await cache.get("k", 10, 60_000, async () => ++loads)).toBe(1);
    expect(await cache.get("k", 10, 5, async () => ++loads)).toBe(2);
  });

  it("hands the load the expired value it replaces, so it can keep it", async () => {
    const cache = new TtlCache<number>();
    const seen: Array<number | undefined> = [];
    const keepIt = async (expired: number | undefined) => {
      seen.push(expired);
      return expired ?? 1;
    };
    await cache.get("k", 0, 100, keepIt);
    expect(await cache.get("k", 100, 100, keepIt)).toBe(1);
    expect(seen).toEqual([undefined, 1]);
    // Kept for another TTL from the reload.
    expect(cache.peek("k", 150, 100)).toBe(1);
  });

  it("a TTL of 0 always loads", async () => {
    const cache = new TtlCache<number>();
    let loads = 0;
    await cache.get("k", 5, 0, async () => ++loads);
    await cache.get("k", 5, 0, async () => ++loads);
    expect(loads).toBe(2);
  });

  it("set() replaces the value with a fresher one", async () => {
    const cache = new TtlCache<number>();
    await cache.get("k", 0, 1_000, async () => 1);
    cache.set("k", 2, 10);
    expect(cache.peek("k", 20, 1_000)).toBe(2);
    expect(cache.peek("k", 1_010, 1_000)).toBeUndefined();
  });
});
