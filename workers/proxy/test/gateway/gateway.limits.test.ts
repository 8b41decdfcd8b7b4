import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { limiterFor } from "../../src/limiter/limiter-client";
import type { LimiterDO } from "../../src/limiter/limiter-do";
import { call, expectError, expectJson } from "../api/helpers";
import { consumerKey, gatewayTenant, gw } from "./gateway-fixtures";

function nextMonthStartUtc(now = new Date()): number {
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
}

describe("gateway limits", () => {
  it("free tier: 5 per minute, the 6th answers 429 with Retry-After and never reaches the origin", async () => {
    const t = await gatewayTenant();
    const { key } = await consumerKey(t, "free");
    for (let i = 0; i < 5; i++) expect((await gw(t.slug, key)).status).toBe(200);
    const res = await gw(t.slug, key);
    expect(res.headers.get("x-origin")).toBeNull();
    const error = await expectError(res, 429, "limit_exceeded");
    expect(res.headers.get("x-should-retry")).toBe("true");
    const retryAfter = Number(res.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    // The rolling minute is kept in 1 s buckets; the oldest counts in full (errs toward denying).
    expect(retryAfter).toBeLessThanOrEqual(61);
    expect(res.headers.get("X-RateLimit-Limit")).toBe("5");
    expect(res.headers.get("X-RateLimit-Remaining")).toBe("0");
    expect(error).toMatchObject({ metric: "requests", limit: 5, used: 5 });
  });

  it("a monthly allowance reached answers 429 with the reset at the month boundary", async () => {
    const t = await gatewayTenant();
    const { key } = await consumerKey(t, "metered");
    for (let i = 0; i < 3; i++) expect((await gw(t.slug, key)).status).toBe(200);
    const before = Date.now();
    const res = await gw(t.slug, key);
    const error = await expectError(res, 429, "quota_exceeded");
    expect(error.type).toBe("insufficient_quota");
    expect(res.headers.get("x-should-retry")).toBe("false");
    const boundary = nextMonthStartUtc();
    expect(Date.parse(String(error.resets_at))).toBe(boundary);
    const retryAfter = Number(res.headers.get("Retry-After"));
    expect(Math.abs(before + retryAfter * 1000 - boundary)).toBeLessThan(5_000);
    const reset = Number(res.headers.get("X-RateLimit-Reset"));
    expect(Math.abs(before + reset * 1000 - boundary)).toBeLessThan(5_000);
    expect(res.headers.get("X-RateLimit-Remaining")).toBe("0");
  });

  it("counts against the owner identity: two keys of one customer share its limits", async () => {
    const t = await gatewayTenant();
    const one = await consumerKey(t, "free", { identity: "customer-7" });
    const two = await consumerKey(t, "free", { identity: "customer-7" });
    for (let i = 0; i < 5; i++)
      expect((await gw(t.slug, i % 2 ? one.key : two.key)).status).toBe(200);
    await expectError(await gw(t.slug, one.key), 429);
    await expectError(await gw(t.slug, two.key), 429);
    const other = await consumerKey(t, "free");
    expect((await gw(t.slug, other.key)).status).toBe(200);
  });

  it("revoking a key erases its own identity's counters, keeping its usage, and leaves an owner's", async () => {
    const t = await gatewayTenant();
    const own = await consumerKey(t, "free");
    const owned = await consumerKey(t, "free", { identity: "customer-9" });
    for (const key of [own.key, own.key, owned.key])
      expect((await gw(t.slug, key)).status).toBe(200);
    for (const { id } of [own, owned]) {
      await expectJson(
        await call("POST", `/api/projects/${t.project.id}/api-keys/${id}/revoke`, {
          token: t.owner.accessToken,
        }),
        200,
      );
    }
    const kept = (identity: string) =>
      runInDurableObject(limiterFor(env.LIMITER, t.project.id, identity), (_i: LimiterDO, state) =>
        ["meta", "state"].filter((key) => state.storage.kv.get(key) !== undefined),
      );
    expect(await kept(own.id)).toEqual([]);
    expect(await kept("customer-9")).toEqual(["meta", "state"]);
    const usage = await env.DB.prepare(
      "SELECT sum(requests) AS requests FROM usage_rollups WHERE project_id = ? AND identity = ?",
    )
      .bind(t.project.id, own.id)
      .first<{ requests: number }>();
    expect(usage?.requests).toBe(2);
  });

  it("a key moved to another tier is limited by the new tier at once", async () => {
    const t = await gatewayTenant();
    const { key, id } = await consumerKey(t, "free");
    for (let i = 0; i < 5; i++) expect((await gw(t.slug, key)).status).toBe(200);
    await expectError(await gw(t.slug, key), 429);
    await expectJson(
      await call("PATCH", `/api/projects/${t.project.id}/api-keys/${id}`, {
        token: t.owner.accessToken,
        body: { tier: "basic" },
      }),
      200,
    );
    const res = await gw(t.slug, key);
    expect(res.status).toBe(200);
    expect(res.headers.get("X-RateLimit-Limit")).toBe("20");
  });

  it("a key created while its tier is deleted is limited by the default tier, not unlimited", async () => {
    const t = await gatewayTenant();
    const token = t.owner.accessToken;
    const { tiers } = await expectJson<{ tiers: { id: string; name: string }[] }>(
      await call("GET", `/api/projects/${t.project.id}/tiers`, { token }),
      200,
    );
    const metered = tiers.find((tier) => tier.name === "metered");
    // The deletion's check for keys on the tier runs before the key is written: both succeed.
    const [deleted, created] = await Promise.all([
      call("DELETE", `/api/projects/${t.project.id}/tiers/${metered?.id}`, { token }),
      call("POST", `/api/projects/${t.project.id}/api-keys`, {
        token,
        body: { name: "racing key", tier: "metered" },
      }),
    ]);
    expect(deleted.status).toBe(204);
    const { key } = await expectJson<{ key: string }>(created, 201);
    for (let i = 0; i < 5; i++) {
      const res = await gw(t.slug, key);
      expect(res.status).toBe(200);
      expect(res.headers.get("X-RateLimit-Limit")).toBe("5");
    }
    await expectError(await gw(t.slug, key), 429, "limit_exceeded");
  });
});
