import { env } from "cloudflare:workers";
import { createDb } from "@floodgate/db";
import { beforeAll, describe, expect, it } from "vitest";
import { ProjectConfigCache } from "../../src/project/config-cache";
import { seedProject } from "../fixtures/seed-project";

/** A config source over the D1 binding, counting the handles opened and the statements sent. */
function countingDb() {
  const counts = { statements: 0, opens: 0 };
  const d1 = new Proxy(env.DB, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (name === "prepare") {
        return (sql: string) => {
          counts.statements += 1;
          return target.prepare(sql);
        };
      }
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const source = {
    openDb: () => {
      counts.opens += 1;
      return createDb(d1);
    },
    masterKey: undefined,
  };
  return { source, counts };
}

beforeAll(() =>
  seedProject({ id: "prj_cache", publishableKey: "pk_cache", settings: { routes: [] } }),
);

describe("the project config cache", () => {
  it("answers a warm request without any D1 query, revalidates by version stamp after the TTL, reloads on change", async () => {
    const cache = new ProjectConfigCache();
    const { source, counts } = countingDb();
    const at = (nowMs: number) => cache.get("pk_cache", source, { ttlMs: 15_000, nowMs });

    const cold = await at(1_000);
    expect(cold.ok && cold.config.id).toBe("prj_cache");
    const coldStatements = counts.statements;
    expect(coldStatements).toBeGreaterThan(0);

    const coldOpens = counts.opens;
    for (let i = 0; i < 50; i++) await at(2_000 + i);
    expect(counts.statements).toBe(coldStatements); // warm: no D1 at all,
    expect(counts.opens).toBe(coldOpens); // not even a database handle

    await at(20_000); // past the TTL, version unchanged: one cheap query, no reload
    expect(counts.statements).toBe(coldStatements + 1);
    await at(21_000);
    expect(counts.statements).toBe(coldStatements + 1);

    await env.DB.prepare(
      "UPDATE projects SET config_version = config_version + 1, name = 'renamed' WHERE id = 'prj_cache'",
    ).run();
    await env.DB.prepare(
      "INSERT INTO tiers (id, project_id, name) VALUES ('tier_cache_pro', 'prj_cache', 'pro')",
    ).run();
    const stale = await at(30_000); // still fresh: the old config
    expect(stale.ok && stale.config.tiers).toEqual(["free"]);
    const reloaded = await at(40_000); // revalidated: version moved, reloaded
    expect(reloaded.ok && reloaded.config.tiers).toEqual(["free", "pro"]);
  });

  it("caches unknown keys briefly, so a flood of bad keys does not reach D1", async () => {
    const cache = new ProjectConfigCache();
    const { source, counts } = countingDb();
    for (let i = 0; i < 20; i++) {
      const r = await cache.get("pk_nobody", source, { ttlMs: 15_000, nowMs: 1_000 + i });
      expect(r).toEqual({ ok: false, reason: "unknown_key" });
    }
    expect(counts.statements).toBe(1);
  });
});
