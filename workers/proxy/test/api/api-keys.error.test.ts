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
          await post({ name: "k", tier: "free", expiresAt: Date.now() - 3_600_000 }),
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

  it("refuses an expiry in the past or more than 10 years ahead, on create and on update", async () => {
    const t = await newTenant();
    const token = t.owner.accessToken;
    await createTier(token, t.project.id, { name: "free" });
    const base = `/api/projects/${t.project.id}/api-keys`;
    const key = await createApiKey(token, t.project.id, { name: "k", tier: "free" });
    const year = 365 * 86_400_000;
    const cases: [unknown, string][] = [
      [Date.now() - 3_600_000, "expiresAt: must be in the future"],
      [new Date(Date.now() - 86_400_000).toISOString(), "expiresAt: must be in the future"],
      [Date.now() + 11 * year, "expiresAt: must be at most 10 years ahead"],
      ["9999-12-31T23:59:59Z", "expiresAt: must be at most 10 years ahead"],
    ];
    for (const [expiresAt, message] of cases) {
      for (const res of [
        await call("POST", base, { token, body: { name: "k", tier: "free", expiresAt } }),
        await call("PATCH", `${base}/${key.id}`, { token, body: { expiresAt } }),
      ]) {
        const error = await expectError(res, 400, "invalid_request");
        expect(error, String(expiresAt)).toMatchObject({ param: "expiresAt", message });
      }
    }
    const unchanged = await expectJson<{ expiresAt: number | null }>(
      await call("GET", `${base}?identity=${key.id}`, { token }),
      200,
    );
    expect(unchanged).toMatchObject({ apiKeys: [{ id: key.id, expiresAt: null }] });
    // A few seconds behind (a caller's clock, "expire it now") is taken: the key is expired.
    const now = await expectJson<{ status: string }>(
      await call("PATCH", `${base}/${key.id}`, { token, body: { expiresAt: Date.now() - 5_000 } }),
      200,
    );
    expect(now.status).toBe("expired");
    const far = await createApiKey(token, t.project.id, {
      name: "far",
      tier: "free",
      expiresAt: Date.now() + 9 * year,
    });
    expect(far.status).toBe("active");
  });
});
