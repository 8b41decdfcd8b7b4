import { describe, expect, it } from "vitest";
import { call, expectError, expectJson } from "../api/helpers";
import { consumerKey, gatewayTenant, gw } from "./gateway-fixtures";

describe("gateway key states", () => {
  it("blocked key → 403; unblocked → works; revoked → 401 for good", async () => {
    const t = await gatewayTenant();
    const { key, id } = await consumerKey(t, "free");
    const base = `/api/projects/${t.project.id}/api-keys/${id}`;
    expect((await gw(t.slug, key)).status).toBe(200);
    await expectJson(await call("POST", `${base}/block`, { token: t.owner.accessToken }), 200);
    const blocked = await gw(t.slug, key);
    expect(blocked.headers.get("x-origin")).toBeNull();
    await expectError(blocked, 403, "api_key_blocked");
    await expectJson(await call("POST", `${base}/unblock`, { token: t.secretKey.key }), 200);
    expect((await gw(t.slug, key)).status).toBe(200);
    await expectJson(await call("POST", `${base}/revoke`, { token: t.owner.accessToken }), 200);
    await expectError(await gw(t.slug, key), 401, "api_key_revoked");
    await expectJson(await call("POST", `${base}/unblock`, { token: t.owner.accessToken }), 200);
    await expectError(await gw(t.slug, key), 401, "api_key_revoked");
  });

  it("expired key → 401", async () => {
    const t = await gatewayTenant();
    const { key } = await consumerKey(t, "free", { expiresAt: Date.now() + 1_500 });
    expect((await gw(t.slug, key)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_700));
    await expectError(await gw(t.slug, key), 401, "api_key_expired");
  });

  it("a key of one project does not open another project's gateway", async () => {
    const a = await gatewayTenant();
    const b = await gatewayTenant();
    const { key } = await consumerKey(a, "free");
    expect((await gw(a.slug, key)).status).toBe(200);
    await expectError(await gw(b.slug, key), 401, "invalid_api_key");
  });

  it("a disabled project answers 403", async () => {
    const t = await gatewayTenant();
    const { key } = await consumerKey(t, "free");
    await expectJson(
      await call("PATCH", `/api/projects/${t.project.id}`, {
        token: t.owner.accessToken,
        body: { disabled: true },
      }),
      200,
    );
    await expectError(await gw(t.slug, key), 403, "project_disabled");
  });
});
