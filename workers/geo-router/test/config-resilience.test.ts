import { env } from "cloudflare:workers";
import { errorEnvelopeSchema } from "@floodgate/contracts";
import { createDb, originPools, origins } from "@floodgate/db";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { controlOrigin, routerWith, uid } from "./support/router";

// The tests of this file run in order against one D1 database and one isolate: the router's
// config cache is the isolate's, so "never had a valid config" must come first.

const logged = (spy: { mock: { calls: unknown[][] } }) => spy.mock.calls.flat().join("\n");

describe("a D1 config with problems", () => {
  const t = uid("cfg");
  const eu = controlOrigin(`${t}-eu`);
  const us = controlOrigin(`${t}-us`);
  const router = routerWith("d1", { CONFIG_CACHE_TTL_MS: "0" });
  const fromGermany = { cf: { country: "DE", continent: "EU" } };
  const errors = vi.spyOn(console, "error").mockImplementation(() => {});
  const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
  afterEach(() => {
    errors.mockClear();
    warnings.mockClear();
  });

  it("without any valid config yet: every request answers 503 router_config_invalid in the envelope, no details", async () => {
    for (const path of ["/health", "/stats", "/v1/chat/completions"]) {
      const res = await router.fetch(path, {
        ...fromGermany,
        headers: { "x-request-id": "req_cfg" },
      });
      expect(res.status, path).toBe(503);
      const text = await res.text();
      const { error } = errorEnvelopeSchema.parse(JSON.parse(text));
      expect(error).toMatchObject({
        type: "api_error",
        code: "router_config_invalid",
        request_id: "req_cfg",
      });
      expect(text).not.toMatch(/stack|\.ts:|origin_pools/);
    }
    expect(logged(errors)).toContain("no valid router config");
    // The cron run logs it and returns rather than throwing.
    await expect(router.tick(Date.now())).resolves.toBeUndefined();
  });

  it("an invalid pool or origin row is left out (logged, without its url); the rest serves", async () => {
    const db = createDb(env.DB);
    await db.batch([
      db.insert(originPools).values([
        {
          id: "p_eu",
          name: "cfg-eu",
          countries: ["DE"],
          strategy: "round_robin",
          failoverOrder: 1,
        },
        { id: "p_us", name: "cfg-us", isDefault: true, strategy: "round_robin", failoverOrder: 2 },
        { id: "p_ap", name: "cfg-ap", continents: ["AS"], strategy: "fastest" as never },
      ]),
      db.insert(origins).values([
        { id: "o_eu", poolId: "p_eu", url: eu.url },
        { id: "o_eu_bad", poolId: "p_eu", url: "https://ops:hunter2@eu-2.example.com" },
        { id: "o_us", poolId: "p_us", url: us.url },
        { id: "o_ap", poolId: "p_ap", url: us.url },
      ]),
    ]);
    // Written by hand with `wrangler d1 execute`: not JSON.
    await env.DB.prepare(
      "INSERT INTO origin_pools (id, name, countries, strategy) VALUES ('p_jp', 'cfg-jp', 'JP,KR', 'round_robin')",
    ).run();
    await env.DB.prepare(
      "INSERT INTO origins (id, pool_id, url) VALUES ('o_jp', 'p_jp', 'https://jp.example.com')",
    ).run();

    const res = await router.fetch("/", fromGermany);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-floodgate-pool")).toBe("cfg-eu");
    expect(res.headers.get("x-floodgate-origin")).toBe("o_eu");
    // The pool with an unknown strategy and the one with broken countries are left out.
    const fromJapan = await router.fetch("/", { cf: { country: "JP", continent: "AS" } });
    expect(fromJapan.headers.get("x-floodgate-pool")).toBe("cfg-us");
    expect(fromJapan.headers.get("x-floodgate-steering")).toBe("default");

    const log = logged(warnings);
    for (const row of ["o_eu_bad", "p_ap", "p_jp"]) expect(log).toContain(row);
    expect(log).not.toContain("hunter2");
    expect(await (await router.fetch("/health")).json()).toMatchObject({
      status: "ok",
      config: { source: "d1", pools: 2, defaultPool: "cfg-us", skipped: 3, stale: false },
    });
  });

  it("a reload that is invalid as a whole keeps the last valid config, and says so", async () => {
    const db = createDb(env.DB);
    await db.update(originPools).set({ strategy: "fastest" as never });
    const res = await router.fetch("/", fromGermany);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-floodgate-origin")).toBe("o_eu");
    expect(logged(errors)).toContain("keeping the last valid router config");
    expect(logged(errors)).not.toContain("hunter2");
    expect(await (await router.fetch("/health")).json()).toMatchObject({
      config: { pools: 2, stale: true },
    });

    await db.update(originPools).set({ strategy: "round_robin" }).where(eq(originPools.id, "p_eu"));
    await db.update(originPools).set({ strategy: "round_robin" }).where(eq(originPools.id, "p_us"));
    expect(await (await router.fetch("/health")).json()).toMatchObject({
      config: { pools: 2, stale: false },
    });
  });

  it("a reload that cannot read D1 keeps the last valid config too", async () => {
    await env.DB.prepare("ALTER TABLE origins RENAME TO origins_away").run();
    try {
      const res = await router.fetch("/", fromGermany);
      expect(res.status).toBe(200);
      expect(res.headers.get("x-floodgate-origin")).toBe("o_eu");
      await res.text();
      expect(logged(errors)).toContain("keeping the last valid router config");
    } finally {
      await env.DB.prepare("ALTER TABLE origins_away RENAME TO origins").run();
    }
    expect(await (await router.fetch("/health")).json()).toMatchObject({
      config: { stale: false },
    });
  });
});
