import { describe, expect, it } from "vitest";
import { createApiKey, createTier, newTenant } from "./fixtures";
import { call, expectError, expectJson } from "./helpers";

describe("consumer API key errors", () => {
  it("rejects unknown tiers, past expiries and unknown keys", async () => {
    const t = await newTenant();
    const token = t.owner.accessToken;
    await createTier(token, t.project.id, { name: "free" });
    const base = `/api/projects/${t.project.id}/api-keys`;
    const post = (body: unknown) => call("POST", base, { token, body });
    expect(
      (await expectError(await post({ name: "k", tier: "gold" }), 400, "unknown_tier")).param,
    ).toBe("tier");
    expect(
      (
        await expectError(
          await post({ name: "k", tier: "free", expiresAt: Date.now() - 1000 }),
          400,
        )
      ).param,
    ).toBe("expiresAt");
    expect(
      (await expectError(await post({ name: "k", tier: "free", expiresAt: "whenever" }), 400))
        .param,
    ).toBe("expiresAt");
    expect((await expectError(await post({ name: "", tier: "free" }), 400)).param).toBe("name");
    expect(
      (await expectError(await post({ name: "nul\u0000byte", tier: "free" }), 400)).param,
    ).toBe("name");
    expect((await expectError(await post({ tier: "free" }), 400)).param).toBe("name");
    expect(
      (await expectError(await post({ name: "k", tier: "free", identity: "bad\u0000id" }), 400))
        .param,
    ).toBe("identity");
    expect(
      (await expectError(await call("GET", `${base}?status=lost`, { token }), 400)).param,
    ).toBe("query.status");
    for (const suffix of ["/block", "/unblock", "/revoke"]) {
      await expectError(
        await call("POST", `${base}/ak_nope${suffix}`, { token }),
        404,
        "api_key_not_found",
      );
    }
    await expectError(
      await call("PATCH", `${base}/ak_nope`, { token, body: { name: "x" } }),
      404,
      "api_key_not_found",
    );
  });

  it("answers a PATCH that changes nothing with the key as it is, not a 500", async () => {
    const t = await newTenant();
    const token = t.owner.accessToken;
    await createTier(token, t.project.id, { name: "free" });
    const key = await createApiKey(token, t.project.id, { name: "k", tier: "free" });
    const path = `/api/projects/${t.project.id}/api-keys/${key.id}`;
    const before = await expectJson<{ configVersion: number }>(
      await call("GET", `/api/projects/${t.project.id}`, { token }),
      200,
    );
    for (const credential of [token, t.secretKey.key]) {
      const same = await expectJson<{ id: string; name: string; tier: string; status: string }>(
        await call("PATCH", path, { token: credential, body: {} }),
        200,
      );
      expect(same).toMatchObject({ id: key.id, name: "k", tier: "free", status: "active" });
    }
    const after = await expectJson<{ configVersion: number }>(
      await call("GET", `/api/projects/${t.project.id}`, { token }),
      200,
    );
    expect(after.configVersion).toBe(before.configVersion);
  });
});
