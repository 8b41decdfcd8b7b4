import { env, exports } from "cloudflare:workers";
import { errorEnvelopeSchema, FORWARDED_BY_PROXY_HEADER } from "@floodgate/contracts";
import { describe, expect, it, vi } from "vitest";
import type { PoolStats } from "../src/routes/stats";
import wranglerToml from "../wrangler.toml?raw";
import { controlOrigin, type Echo, routerWith, uid } from "./support/router";

const mockRequests = async (mock: Fetcher) =>
  ((await (await mock.fetch("http://mock/__mock/stats")).json()) as { requests: number }).requests;

describe("GET /health", () => {
  it("answers for the router itself with its config summary, and is not forwarded", async () => {
    const before = await mockRequests(env.MOCK_US);
    const res = await exports.default.fetch("https://router.example/health", {
      headers: { "x-request-id": "req_h1" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("req_h1");
    expect(await res.json()).toEqual({
      status: "ok",
      config: { source: "static", pools: 3, defaultPool: "us", skipped: 0, stale: false },
    });
    expect(await mockRequests(env.MOCK_US)).toBe(before);
  });

  it("reserves the path: other methods answer 405 in the envelope", async () => {
    const res = await exports.default.fetch("https://router.example/health", { method: "POST" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD");
    expect(errorEnvelopeSchema.parse(await res.json()).error.code).toBe("method_not_allowed");
  });

  it("a static config that is invalid answers 503 router_config_invalid; the problems go to the logs only", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const router = routerWith({ defaultPool: "nowhere", pools: [] } as never);
    for (const path of ["/health", "/v1/models"]) {
      const res = await router.fetch(path);
      expect(res.status).toBe(503);
      const text = await res.text();
      expect(text).not.toContain("nowhere");
      expect(errorEnvelopeSchema.parse(JSON.parse(text)).error.code).toBe("router_config_invalid");
    }
    // Logged once, when the config was loaded, not on every request.
    const log = errors.mock.calls.flat().join(" ");
    expect(log).toContain("no valid router config");
    expect(log.match(/nowhere/g)).toHaveLength(1);
    errors.mockRestore();
  });

  it("static JSON that does not parse is logged without the text around the error", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const router = routerWith("d1", {
      CONFIG_SOURCE: "static",
      ROUTER_CONFIG: '{"pools": [{"url": "https://ops:hunter2@a.example"',
    });
    const res = await router.fetch("/health");
    expect(res.status).toBe(503);
    const log = errors.mock.calls.flat().join(" ");
    expect(log).toContain("ROUTER_CONFIG is not valid JSON");
    expect(log).not.toContain("hunter2");
    errors.mockRestore();
  });

  it("a misconfigured deployment (bad var) is a generic 500 too", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const router = routerWith(
      { defaultPool: "p", pools: [{ name: "p", origins: [{ url: "https://a.example" }] }] },
      {
        MAX_RETRIES: "lots",
      },
    );
    const res = await router.fetch("/anything");
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain("MAX_RETRIES");
    expect(errors.mock.calls.flat().join(" ")).toContain("MAX_RETRIES");
    errors.mockRestore();
  });
});

describe("GET /stats", () => {
  it("reports per origin: requests, errors, in-flight, latency EWMA, health state and since when", async () => {
    const t = uid("stats");
    const a = controlOrigin(`${t}-a`);
    const b = controlOrigin(`${t}-b`);
    const pool = uid("stats");
    const router = routerWith({
      defaultPool: pool,
      pools: [
        {
          name: pool,
          strategy: "round_robin",
          origins: [
            { id: "a", url: a.url },
            { id: "b", url: b.url, weight: 0.5 },
          ],
          monitor: { consecutiveDown: 1, consecutiveUp: 1 },
        },
      ],
    });
    await b.set({ status: 500 });
    for (let i = 0; i < 4; i++)
      await (await router.fetch("/", { method: "POST", body: "x" })).text();
    const checkedAt = Date.now();
    await b.set({ health: 503 });
    await router.tick(checkedAt);
    await router.settle();

    const res = await router.fetch("/stats");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { config: { source: string }; pools: PoolStats[] };
    expect(body.config.source).toBe("static");
    const stats = body.pools.find((p) => p.name === pool);
    expect(stats).toMatchObject({
      strategy: "round_robin",
      minHealthy: 1,
      usable: true,
      lastCheckAt: checkedAt,
    });
    const [sa, sb] = stats?.origins ?? [];
    // Smooth weighted round robin over weights 1 and 0.5: a, b, a, a.
    expect(sa).toMatchObject({
      id: "a",
      url: a.url,
      weight: 1,
      state: "up",
      available: true,
      requests: 3,
      errors: 0,
      inFlight: 0,
    });
    expect(sa?.latencyEwmaMs).toEqual(expect.any(Number));
    expect(sa?.lastCheck).toMatchObject({ passed: true, status: 200 });
    expect(sb).toMatchObject({
      id: "b",
      weight: 0.5,
      state: "down",
      available: false,
      since: checkedAt,
      requests: 1,
      errors: 1,
    });
    expect(sb?.lastCheck).toMatchObject({ passed: false, status: 503, error: "status 503" });
  });

  it("requires the STATS_TOKEN when one is set", async () => {
    const pool = uid("tok");
    const router = routerWith(
      {
        defaultPool: pool,
        pools: [{ name: pool, origins: [{ url: controlOrigin(uid("tok")).url }] }],
      },
      { STATS_TOKEN: "s3cret-stats-token-123" },
    );
    const denied = await router.fetch("/stats", { headers: { authorization: "Bearer wrong" } });
    expect(denied.status).toBe(401);
    expect(errorEnvelopeSchema.parse(await denied.json()).error.type).toBe("authentication_error");
    const allowed = await router.fetch("/stats", {
      headers: { authorization: "Bearer s3cret-stats-token-123" },
    });
    expect(allowed.status).toBe(200);
  });
});

describe("the dev-only geo override", () => {
  const t = uid("dev");
  const eu = controlOrigin(`${t}-eu`);
  const ap = controlOrigin(`${t}-ap`);
  const config = {
    defaultPool: "dev-eu",
    pools: [
      { name: "dev-eu", countries: ["DE"], origins: [{ id: "eu", url: eu.url }] },
      { name: "dev-ap", continents: ["AS"], origins: [{ id: "ap", url: ap.url }] },
    ],
  };

  it("is ignored in the deploy config (DEV_GEO_OVERRIDE unset or false)", async () => {
    const deployVars: Array<Record<string, string>> = [{}, { DEV_GEO_OVERRIDE: "false" }];
    for (const vars of deployVars) {
      const res = await routerWith(config, vars).fetch("/", {
        cf: { country: "DE", continent: "EU" },
        headers: { "x-floodgate-dev-country": "JP" },
      });
      expect(res.headers.get("x-floodgate-pool")).toBe("dev-eu");
      expect(res.headers.get("x-floodgate-region")).toBe("DE/EU");
    }
  });

  it("sets the caller's country (and its continent) when DEV_GEO_OVERRIDE is true, and is not forwarded", async () => {
    const res = await routerWith(config, { DEV_GEO_OVERRIDE: "true" }).fetch("/", {
      cf: { country: "DE", continent: "EU" },
      headers: { "x-floodgate-dev-country": "JP" },
    });
    expect(res.headers.get("x-floodgate-pool")).toBe("dev-ap");
    expect(res.headers.get("x-floodgate-region")).toBe("JP/AS");
    expect(res.headers.get("x-floodgate-steering")).toBe("continent");
    expect(((await res.json()) as Echo).headers).not.toHaveProperty("x-floodgate-dev-country");
  });

  it("is off in the worker's own wrangler.toml vars", () => {
    expect(env.DEV_GEO_OVERRIDE).toBe("false");
  });
});

describe("the deploy config", () => {
  it("does not publish the router on workers.dev: behind the proxy, a public URL would reach the origins without the proxy's keys and limits", () => {
    expect(wranglerToml).toMatch(/^workers_dev = false$/m);
  });
});

describe("requests the proxy forwards", () => {
  it("go to an origin whatever their path, /health and /stats included, without the marker", async () => {
    const origin = controlOrigin(uid("via-proxy"));
    const pool = uid("via-proxy");
    const router = routerWith({
      defaultPool: pool,
      pools: [{ name: pool, origins: [{ id: "api", url: origin.url }] }],
    });
    const via = { [FORWARDED_BY_PROXY_HEADER]: "proxy" };
    for (const method of ["GET", "POST"] as const) {
      const res = await router.fetch("/stats?window=1h", {
        method,
        headers: via,
        ...(method === "POST" ? { body: "{}" } : {}),
      });
      expect(res.status, method).toBe(200);
      expect(res.headers.get("x-floodgate-origin")).toBe("api");
      const echo = (await res.json()) as Echo;
      expect(echo).toMatchObject({ method, path: "/stats", query: "?window=1h" });
      expect(echo.headers).not.toHaveProperty(FORWARDED_BY_PROXY_HEADER);
    }
    // The origin's own health endpoint answers, for any method, not the router's.
    const health = await router.fetch("/health", { method: "POST", headers: via, body: "{}" });
    expect(health.status).toBe(200);
    expect(health.headers.get("x-floodgate-origin")).toBe("api");
    expect(await health.text()).toBe("ok");
    expect((await origin.read()).requests).toBe(2);
    await router.settle();
  });
});
