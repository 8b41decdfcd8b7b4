import { describe, expect, it } from "vitest";
import { routingConfig } from "../../test/fixtures/routing-config";
import { assembleRouterConfig, buildRouterConfig } from "./router-config";

describe("buildRouterConfig (zod-validated, static JSON or D1 rows)", () => {
  it("fills defaults: origin ids, weights, strategy, minHealthy, ejection, affinity, failover order", () => {
    const result = buildRouterConfig(
      {
        defaultPool: "only",
        pools: [{ name: "only", origins: [{ url: "https://eu.example.com/api/" }] }],
      },
      "static",
    );
    if (!result.ok) throw new Error(result.problems.join("\n"));
    const pool = result.config.defaultPool;
    expect(pool).toMatchObject({
      strategy: "round_robin",
      minHealthy: 1,
      monitor: null,
      ejection: { consecutiveFailures: 3, cooldownMs: 30_000, maxCooldownMs: 300_000 },
      affinity: { mode: "none" },
    });
    expect(pool.origins).toEqual([
      { id: "eu.example.com/api", url: "https://eu.example.com/api/", weight: 1, enabled: true },
    ]);
    expect(result.config.failoverOrder.map((p) => p.name)).toEqual(["only"]);
  });

  it("fills monitor defaults", () => {
    const result = buildRouterConfig(
      {
        defaultPool: "p",
        pools: [{ name: "p", origins: [{ url: "binding://MOCK" }], monitor: {} }],
      },
      "static",
    );
    if (!result.ok) throw new Error(result.problems.join("\n"));
    expect(result.config.defaultPool.monitor).toMatchObject({
      path: "/health",
      intervalMs: 60_000,
      timeoutMs: 5_000,
      consecutiveUp: 2,
      consecutiveDown: 2,
    });
    expect(result.config.defaultPool.monitor?.expectedCodes).toContain(204);
  });

  it("the longest ejection cool-down defaults to 10 × cooldownMs, and may be as short as cooldownMs", () => {
    const ejectionOf = (ejection: Record<string, number>) => {
      const result = buildRouterConfig(
        { defaultPool: "p", pools: [{ name: "p", origins: [{ url: "binding://M" }], ejection }] },
        "static",
      );
      if (!result.ok) throw new Error(result.problems.join("\n"));
      return result.config.defaultPool.ejection;
    };
    expect(ejectionOf({ cooldownMs: 5_000 }).maxCooldownMs).toBe(50_000);
    expect(ejectionOf({ cooldownMs: 5_000, maxCooldownMs: 5_000 }).maxCooldownMs).toBe(5_000);
    expect(ejectionOf({ maxCooldownMs: 3_600_000 }).maxCooldownMs).toBe(3_600_000);
  });

  it("takes a long url when the origin has an id of its own", () => {
    const result = buildRouterConfig(
      {
        defaultPool: "p",
        pools: [{ name: "p", origins: [{ id: "a", url: `https://a.example/${"x".repeat(200)}` }] }],
      },
      "static",
    );
    expect(result.ok).toBe(true);
  });

  it("takes a country or continent a pool lists twice as listed once", () => {
    const result = buildRouterConfig(
      {
        defaultPool: "p",
        pools: [
          {
            name: "p",
            countries: ["DE", "AT", "de"],
            continents: ["EU", "EU"],
            origins: [{ url: "https://a.example" }],
          },
        ],
      },
      "static",
    );
    if (!result.ok) throw new Error(result.problems.join("\n"));
    expect(result.skipped).toEqual([]);
    expect(result.config.byCountry.get("DE")?.name).toBe("p");
  });

  it("from D1, a country two pools list stays with the earlier one, and says so", () => {
    const pool = (name: string) => ({
      name,
      countries: ["DE"],
      continents: [],
      origins: [{ url: `https://${name}.example`, weight: 1, enabled: true }],
      minHealthy: 1,
      strategy: "round_robin" as const,
      monitor: null,
      ejection: {
        consecutiveFailures: 3,
        cooldownMs: 30_000,
        maxCooldownMs: 300_000,
        failureStatuses: [502],
      },
      affinity: { mode: "none" as const },
    });
    const data = { defaultPool: "a", pools: [pool("a"), pool("b")] };
    expect(assembleRouterConfig(data, "static", "reject").ok).toBe(false);
    const result = assembleRouterConfig(data, "d1", "first_wins");
    if (!result.ok) throw new Error(result.problems.join("\n"));
    expect(result.config.byCountry.get("DE")?.name).toBe("a");
    expect(result.skipped).toEqual(["country DE of pool b is left out: pool a lists it"]);
  });

  it("accepts the test fixture and indexes countries and continents", () => {
    const result = buildRouterConfig(routingConfig, "static");
    if (!result.ok) throw new Error(result.problems.join("\n"));
    expect(result.config.byCountry.get("DE")?.name).toBe("eu");
    expect(result.config.byContinent.get("OC")?.name).toBe("ap");
  });

  it.each([
    [
      "an unknown default pool",
      { defaultPool: "nope", pools: [{ name: "p", origins: [{ url: "https://a.example" }] }] },
      "defaultPool",
    ],
    [
      "a pool without origins",
      { defaultPool: "p", pools: [{ name: "p", origins: [] }] },
      "pools.0.origins",
    ],
    [
      "a weight above 1",
      {
        defaultPool: "p",
        pools: [{ name: "p", origins: [{ url: "https://a.example", weight: 2 }] }],
      },
      "weight",
    ],
    [
      "an origin url with a query",
      { defaultPool: "p", pools: [{ name: "p", origins: [{ url: "https://a.example/?x=1" }] }] },
      "url",
    ],
    [
      "credentials in an origin url (fetch does not send them; the default id would show them)",
      {
        defaultPool: "p",
        pools: [{ name: "p", origins: [{ url: "https://user:secret@a.example/v1" }] }],
      },
      "url",
    ],
    [
      "a minHealthy the pool's origins can never reach",
      {
        defaultPool: "p",
        pools: [{ name: "p", minHealthy: 2, origins: [{ url: "https://a.example" }] }],
      },
      "minHealthy",
    ],
    [
      "an origin url with a space in its host (fetch could never reach it)",
      { defaultPool: "p", pools: [{ name: "p", origins: [{ url: "https://eu example.com" }] }] },
      "url",
    ],
    [
      "an origin url with a line break (its default id goes into a response header)",
      { defaultPool: "p", pools: [{ name: "p", origins: [{ url: "https://a.example/v1\nx" }] }] },
      "url",
    ],
    [
      "an origin whose default id (its url) is longer than an origin id may be",
      {
        defaultPool: "p",
        pools: [{ name: "p", origins: [{ url: `https://a.example/${"x".repeat(200)}` }] }],
      },
      "origins.0.id",
    ],
    [
      "a ftp origin",
      { defaultPool: "p", pools: [{ name: "p", origins: [{ url: "ftp://a.example" }] }] },
      "url",
    ],
    [
      "an unknown strategy",
      {
        defaultPool: "p",
        pools: [{ name: "p", strategy: "fastest", origins: [{ url: "https://a.example" }] }],
      },
      "strategy",
    ],
    [
      "duplicate origin ids",
      {
        defaultPool: "p",
        pools: [
          { name: "p", origins: [{ url: "https://a.example" }, { url: "https://a.example/" }] },
        ],
      },
      "duplicate origin id",
    ],
    [
      "a country in two pools",
      {
        defaultPool: "p",
        pools: [
          { name: "p", countries: ["DE"], origins: [{ url: "https://a.example" }] },
          { name: "q", countries: ["de"], origins: [{ url: "https://b.example" }] },
        ],
      },
      "country DE",
    ],
    [
      "an unknown failover pool",
      {
        defaultPool: "p",
        failoverOrder: ["x"],
        pools: [{ name: "p", origins: [{ url: "https://a.example" }] }],
      },
      "failoverOrder",
    ],
    [
      "an ejection cool-down that may grow to less than its first one",
      {
        defaultPool: "p",
        pools: [
          {
            name: "p",
            origins: [{ url: "https://a.example" }],
            ejection: { cooldownMs: 60_000, maxCooldownMs: 30_000 },
          },
        ],
      },
      "ejection.maxCooldownMs",
    ],
    [
      "an unknown continent",
      {
        defaultPool: "p",
        pools: [{ name: "p", continents: ["XX"], origins: [{ url: "https://a.example" }] }],
      },
      "continents",
    ],
  ])("rejects %s", (_, raw, problem) => {
    const result = buildRouterConfig(raw, "static");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.join("\n")).toContain(problem);
  });
});
