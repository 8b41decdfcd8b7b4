import { env } from "cloudflare:workers";
import { createDb, originPools, origins } from "@floodgate/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { controlOrigin, routerWith, uid } from "./support/router";

const monitor = {
  path: "/health",
  intervalMs: 60_000,
  timeoutMs: 2_000,
  expectedCodes: [200],
  consecutiveUp: 1,
  consecutiveDown: 1,
};

describe("config from D1 (origin_pools, origins)", () => {
  const t = uid("d1");
  const eu = controlOrigin(`${t}-eu`);
  const us = controlOrigin(`${t}-us`);
  const ap1 = controlOrigin(`${t}-ap1`);
  const ap2 = controlOrigin(`${t}-ap2`);

  it("steers by the pools and origins stored in D1", async () => {
    const db = createDb(env.DB);
    await db.batch([
      db.insert(originPools).values([
        {
          id: "pool_eu",
          name: "d1-eu",
          countries: ["DE", "FR"],
          continents: ["EU"],
          strategy: "round_robin",
          failoverOrder: 2,
          monitor,
        },
        {
          id: "pool_us",
          name: "d1-us",
          countries: ["US"],
          isDefault: true,
          strategy: "least_outstanding",
          failoverOrder: 1,
        },
        {
          id: "pool_ap",
          name: "d1-ap",
          continents: ["AS", "OC"],
          strategy: "ip_hash",
          failoverOrder: 3,
          affinity: { mode: "header", headerName: "x-session" },
        },
      ]),
      db.insert(origins).values([
        { id: "o_eu", poolId: "pool_eu", url: eu.url },
        { id: "o_us", poolId: "pool_us", url: us.url, weight: 0.5 },
        { id: "o_ap1", poolId: "pool_ap", url: ap1.url },
        { id: "o_ap2", poolId: "pool_ap", url: ap2.url, enabled: false },
      ]),
    ]);
    const router = routerWith("d1", { CONFIG_CACHE_TTL_MS: "0" });
    const poolFor = async (cf: Record<string, string> | undefined) => {
      const res = await router.fetch("/", cf ? { cf } : {});
      expect(res.status).toBe(200);
      return [res.headers.get("x-floodgate-pool"), res.headers.get("x-floodgate-origin")];
    };
    expect(await poolFor({ country: "FR", continent: "EU" })).toEqual(["d1-eu", "o_eu"]);
    expect(await poolFor({ country: "US", continent: "NA" })).toEqual(["d1-us", "o_us"]);
    expect(await poolFor({ country: "BR", continent: "SA" })).toEqual(["d1-us", "o_us"]);
    for (let i = 0; i < 5; i++)
      expect(await poolFor({ country: "AU", continent: "OC" })).toEqual(["d1-ap", "o_ap1"]);
    expect(await (await router.fetch("/health")).json()).toMatchObject({
      config: { source: "d1", pools: 3, defaultPool: "d1-us" },
    });

    // The D1 monitor drives the cron checks; failover follows failover_order (us first).
    await eu.set({ health: 500 });
    await router.tick(Date.now());
    expect(await poolFor({ country: "DE", continent: "EU" })).toEqual(["d1-us", "o_us"]);
  });

  it("is cached in the isolate for CONFIG_CACHE_TTL_MS", async () => {
    const db = createDb(env.DB);
    const router = routerWith("d1", { CONFIG_CACHE_TTL_MS: "60000" });
    const from = { cf: { country: "JP", continent: "AS" } };
    expect((await router.fetch("/", from)).headers.get("x-floodgate-pool")).toBe("d1-ap");
    await db
      .update(originPools)
      .set({ continents: ["OC"] })
      .where(eq(originPools.id, "pool_ap"));
    // Still the cached config: no D1 query on a warm path.
    expect((await router.fetch("/", from)).headers.get("x-floodgate-pool")).toBe("d1-ap");
    const fresh = routerWith("d1", { CONFIG_CACHE_TTL_MS: "0" });
    expect((await fresh.fetch("/", from)).headers.get("x-floodgate-pool")).toBe("d1-us");
  });
});
