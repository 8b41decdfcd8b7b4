import { describe, expect, it } from "vitest";
import { call } from "../api/helpers";
import { consumerKey, gatewayTenant } from "./gateway-fixtures";

describe("the gateway in front of the geo-router", () => {
  it("forwards through an origin pool (binding://ORIGIN_ROUTER), routed by the caller's country", async () => {
    const t = await gatewayTenant("binding://ORIGIN_ROUTER");
    const { key } = await consumerKey(t, "basic");
    const { exports } = await import("cloudflare:workers");
    for (const [country, region] of [
      ["DE", "eu"],
      ["JP", "ap"],
      ["US", "us"],
    ] as const) {
      const res = await exports.default.fetch(`http://proxy/gw/${t.slug}/v1/models`, {
        headers: { "x-api-key": key },
        cf: { country },
      });
      expect(res.status, await res.clone().text()).toBe(200);
      expect(res.headers.get("X-RateLimit-Limit")).toBe("20");
      const origin = res.headers.get("x-floodgate-origin") ?? "";
      expect(origin, `${country} → ${origin}`).toContain(region);
    }
    expect(
      (await call("GET", `/gw/${t.slug}/v1/models`, { headers: { "x-api-key": key } })).status,
    ).toBe(200);
  });

  it("reaches the API's own /stats and /health behind the router, never the router's", async () => {
    const t = await gatewayTenant("binding://ORIGIN_ROUTER");
    const { key } = await consumerKey(t, "basic");
    const { exports } = await import("cloudflare:workers");
    const stats = await exports.default.fetch(`http://proxy/gw/${t.slug}/stats`, {
      headers: { "x-api-key": key },
      cf: { country: "DE" },
    });
    // The mock origin behind the router has no /stats: its 404, not the router's pools.
    expect(stats.status).toBe(404);
    expect(stats.headers.get("x-floodgate-origin") ?? "").toContain("eu");
    expect(await stats.text()).not.toContain("pools");
    const health = await exports.default.fetch(`http://proxy/gw/${t.slug}/health`, {
      headers: { "x-api-key": key },
      cf: { country: "DE" },
    });
    expect(health.status).toBe(200);
    expect(health.headers.get("x-floodgate-origin") ?? "").toContain("eu");
    expect(await health.text()).not.toContain("defaultPool");
  });
});
