import { describe, expect, it, vi } from "vitest";
import { newTenant } from "../api/fixtures";
import { call, expectError, expectJson } from "../api/helpers";
import { consumerKey, gatewayTenant, gw } from "./gateway-fixtures";

describe("gateway errors", () => {
  it("answers 401 without a key, with a malformed key and with an unknown key", async () => {
    const t = await gatewayTenant();
    await expectError(await gw(t.slug, null), 401, "missing_api_key");
    await expectError(await gw(t.slug, "not-a-key"), 401, "invalid_api_key");
    await expectError(await gw(t.slug, "fg_unknownkey0000000000000000000"), 401, "invalid_api_key");
    await expectError(
      await call("GET", `/gw/${t.slug}/x`, { token: t.secretKey.key }),
      401,
      "missing_api_key",
    );
  });

  it("answers 404 for an unknown project and 503 when the project has no origin", async () => {
    const t = await gatewayTenant();
    const { key } = await consumerKey(t, "free");
    await expectError(await gw("no-such-project-here", key), 404, "project_not_found");
    await expectError(await gw("Bad_Slug!", key), 404, "project_not_found");
    const bare = await newTenant();
    await call("POST", `/api/projects/${bare.project.id}/tiers`, {
      token: bare.owner.accessToken,
      body: { name: "free" },
    });
    const k = await consumerKey(bare, "free");
    await expectError(await gw(bare.project.slug, k.key), 503, "gateway_not_configured");
  });

  it.each([
    ["is unreachable", "http://127.0.0.1:9/"],
    ["is a binding the deployment lacks", "binding://NO_SUCH_BINDING/base"],
  ])(
    "answers 502 when the origin %s, with the decision's headers, and refunds",
    async (_, origin) => {
      const t = await gatewayTenant(origin);
      const { key, identity } = await consumerKey(t, "free");
      // Seven failures in a row: more than the 5 per minute, yet never a 429.
      for (let i = 0; i < 7; i++) {
        const res = await gw(t.slug, key);
        expect(res.headers.get("x-ratelimit-limit")).toBe("5");
        expect(res.headers.get("x-ratelimit-remaining")).toMatch(/^[0-4]$/);
        await expectError(res, 502, "origin_unavailable");
      }
      await vi.waitFor(
        async () => {
          const detail = await expectJson<{ usage: { metric: string; used: number }[] }>(
            await call(
              "GET",
              `/api/projects/${t.project.id}/identities/${encodeURIComponent(identity)}`,
              { token: t.owner.accessToken },
            ),
            200,
          );
          const used = detail.usage.filter((u) => u.metric === "requests").map((u) => u.used);
          expect(used).toEqual([0, 0]);
        },
        { timeout: 3_000, interval: 100 },
      );
    },
  );

  it("answers 400-free JSON errors in the envelope for every failure", async () => {
    const t = await gatewayTenant();
    const res = await gw(t.slug, null);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });
});
