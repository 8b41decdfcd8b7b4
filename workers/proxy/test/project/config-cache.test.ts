import { env } from "cloudflare:workers";
import { createDb } from "@floodgate/db";
import { beforeAll, describe, expect, it } from "vitest";
import { ProjectConfigCache } from "../../src/project/config-cache";
import { seedProject } from "../fixtures/seed-project";

/** The D1 binding, counting every statement sent to it. */
function countingDb() {
  const counts = { statements: 0 };
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
  return { db: createDb(d1), counts };
}

async function sha256Hex(value: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value)),
  );
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}

beforeAll(() =>
  seedProject({ id: "prj_cache", publishableKey: "pk_cache", settings: { routes: [] } }),
);

describe("the project config cache", () => {
  it("answers a warm request without any D1 query, revalidates by version stamp after the TTL, reloads on change", async () => {
    const cache = new ProjectConfigCache();
    const { db, counts } = countingDb();
    const key = await sha256Hex("pk_cache");
    const at = (nowMs: number) =>
      cache.get(db, key, { ttlMs: 15_000, nowMs, masterKey: undefined });

    const cold = await at(1_000);
    expect(cold.ok && cold.config.id).toBe("prj_cache");
    const coldStatements = counts.statements;
    expect(coldStatements).toBeGreaterThan(0);

    for (let i = 0; i < 50; i++) await at(2_000 + i);
    expect(counts.statements).toBe(coldStatements); // warm: no D1 at all

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
    const { db, counts } = countingDb();
    const key = await sha256Hex("pk_nobody");
    for (let i = 0; i < 20; i++) {
      const r = await cache.get(db, key, { ttlMs: 15_000, nowMs: 1_000 + i, masterKey: undefined });
      expect(r).toEqual({ ok: false, reason: "unknown_key" });
    }
    expect(counts.statements).toBe(1);
  });
});
