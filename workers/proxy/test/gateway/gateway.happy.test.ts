import { describe, expect, it } from "vitest";
import { call, expectJson } from "../api/helpers";
import { consumerKey, gatewayTenant, gw } from "./gateway-fixtures";

interface Echo {
  method: string;
  path: string;
  search: string;
  headers: Record<string, string>;
  bodyHex: string;
  bodyLength: number;
}

const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");

describe("the generic gateway", () => {
  it("forwards method, path, query and body unchanged, without the consumer key", async () => {
    const t = await gatewayTenant();
    const { key, id } = await consumerKey(t, "basic", { identity: "acme-corp" });
    const body = new Uint8Array([0, 1, 2, 250, 251, 252, 255, 10, 13, 0x7b]);
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      const res = await gw(t.slug, key, "/v2/items/42?x=1&y=%20z", {
        method,
        body,
        headers: {
          "content-type": "application/octet-stream",
          "x-custom": "kept",
          // Only Floodgate sets these: a caller's never reach the origin.
          "x-floodgate-identity": "someone-else",
          "x-floodgate-dev-country": "JP",
        },
      });
      expect(res.headers.get("x-origin")).toBe("gateway-echo");
      const echo = await expectJson<Echo>(res, 200);
      expect(echo).toMatchObject({
        method,
        path: "/base/v2/items/42",
        search: "?x=1&y=%20z",
        bodyHex: hex(body),
      });
      expect(echo.headers["x-custom"]).toBe("kept");
      expect(echo.headers["content-type"]).toBe("application/octet-stream");
      expect(echo.headers["x-api-key"]).toBeUndefined();
      expect(JSON.stringify(echo)).not.toContain(key);
      expect(echo.headers["x-floodgate-key-id"]).toBe(id);
      expect(echo.headers["x-floodgate-identity"]).toBe("acme-corp");
      expect(echo.headers["x-floodgate-tier"]).toBe("basic");
      // The dev-only country override goes on: only a local geo-router honours it.
      expect(echo.headers["x-floodgate-dev-country"]).toBe("JP");
    }
    const get = await expectJson<Echo>(await gw(t.slug, key, "/"), 200);
    expect(get).toMatchObject({ method: "GET", path: "/base/", bodyLength: 0 });
    const root = await expectJson<Echo>(
      await call("GET", `/gw/${t.slug}`, { headers: { "x-api-key": key } }),
      200,
    );
    expect(root.path).toBe("/base/");
  });

  it("forwards a large body and streams the answer", async () => {
    const t = await gatewayTenant();
    const { key } = await consumerKey(t, "premium");
    const big = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 31) % 256);
    const echo = await expectJson<Echo>(
      await gw(t.slug, key, "/upload", { method: "POST", body: big }),
      200,
    );
    expect(echo.bodyLength).toBe(big.byteLength);
    expect(echo.bodyHex.slice(0, 64)).toBe(hex(big.slice(0, 32)));
    const streamed = await gw(t.slug, key, "/stream");
    expect(streamed.status).toBe(200);
    expect(await streamed.text()).toBe("chunk-0\nchunk-1\nchunk-2\n");
  });

  it("accepts the key as Authorization: Bearer fg_… and strips it", async () => {
    const t = await gatewayTenant();
    const { key } = await consumerKey(t, "basic");
    const res = await call("GET", `/gw/${t.slug}/who`, { token: key });
    const echo = await expectJson<Echo>(res, 200);
    expect(echo.headers.authorization).toBeUndefined();
  });

  it("answers with X-RateLimit-Limit, -Remaining and -Reset of the tightest rule", async () => {
    const t = await gatewayTenant();
    const { key } = await consumerKey(t, "free");
    for (let i = 1; i <= 3; i++) {
      const res = await gw(t.slug, key);
      expect(res.status).toBe(200);
      expect(res.headers.get("X-RateLimit-Limit")).toBe("5");
      expect(res.headers.get("X-RateLimit-Remaining")).toBe(String(5 - i));
      const reset = Number(res.headers.get("X-RateLimit-Reset"));
      expect(reset).toBeGreaterThan(0);
      // A rolling minute is counted in 1 s buckets, and errs toward the later reset.
      expect(reset).toBeLessThanOrEqual(61);
      expect(res.headers.get("x-request-id")).toBeTruthy();
    }
  });

  it("gives each tier its own per-minute limit (5/20/100/1000)", async () => {
    const t = await gatewayTenant();
    for (const [tier, limit] of [
      ["free", 5],
      ["basic", 20],
      ["premium", 100],
      ["enterprise", 1000],
    ] as const) {
      const { key } = await consumerKey(t, tier);
      const res = await gw(t.slug, key);
      expect(res.status).toBe(200);
      expect(res.headers.get("X-RateLimit-Limit")).toBe(String(limit));
    }
  });

  it("passes the origin's own errors through", async () => {
    const t = await gatewayTenant();
    const { key } = await consumerKey(t, "basic");
    const res = await gw(t.slug, key, "/status/418");
    expect(res.status).toBe(418);
    expect(await res.text()).toBe("status 418");
    expect(res.headers.get("X-RateLimit-Limit")).toBe("20");
  });

  it("keeps a query on the origin after the path, ahead of the caller's", async () => {
    const t = await gatewayTenant("binding://GATEWAY_ECHO/base/?tenant=acme");
    const { key } = await consumerKey(t, "basic");
    const echo = await expectJson<Echo>(await gw(t.slug, key, "/v2/items?x=1"), 200);
    expect(echo).toMatchObject({ path: "/base/v2/items", search: "?tenant=acme&x=1" });
    const bare = await expectJson<Echo>(await gw(t.slug, key, "/v2/items"), 200);
    expect(bare).toMatchObject({ path: "/base/v2/items", search: "?tenant=acme" });
  });
});
