import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApiKey, createTier, newTenant } from "./fixtures";
import { call, expectJson } from "./helpers";

describe("consumer API keys", () => {
  it("creates a key shown once, stores only its hash, and lists, updates, blocks, unblocks and revokes it", async () => {
    const t = await newTenant();
    const token = t.owner.accessToken;
    await createTier(token, t.project.id, { name: "free" });
    await createTier(token, t.project.id, { name: "basic" });
    const expiresAt = Date.now() + 86_400_000;
    const created = await createApiKey(t.secretKey.key, t.project.id, {
      name: "Acme prod",
      tier: "free",
      identity: "acme",
      expiresAt,
    });
    expect(created.key).toMatch(/^fg_[0-9A-Za-z]{43}$/);
    expect(created).toMatchObject({ identity: "acme", status: "active" });
    const row = await env.DB.prepare("select * from api_keys where id = ?")
      .bind(created.id)
      .first();
    expect(JSON.stringify(row)).not.toContain(created.key);
    const base = `/api/projects/${t.project.id}/api-keys`;
    const other = await createApiKey(token, t.project.id, { name: "Other", tier: "basic" });
    expect(other.identity).toBe(other.id);
    const listed = await expectJson<{ apiKeys: { id: string; name: string }[] }>(
      await call("GET", base, { token }),
      200,
    );
    expect(listed.apiKeys.map((k) => k.id)).toEqual([other.id, created.id]);
    expect(JSON.stringify(listed)).not.toContain(created.key);
    const filtered = await expectJson<{ apiKeys: { id: string }[] }>(
      await call("GET", `${base}?tier=free&identity=acme`, { token }),
      200,
    );
    expect(filtered.apiKeys.map((k) => k.id)).toEqual([created.id]);
    const patched = await expectJson<{ name: string; tier: string; expiresAt: number | null }>(
      await call("PATCH", `${base}/${created.id}`, {
        token: t.secretKey.key,
        body: { name: "Acme", tier: "basic", expiresAt: null },
      }),
      200,
    );
    expect(patched).toMatchObject({ name: "Acme", tier: "basic", expiresAt: null });
    const blocked = await expectJson<{ status: string }>(
      await call("POST", `${base}/${created.id}/block`, { token }),
      200,
    );
    expect(blocked.status).toBe("blocked");
    const byStatus = await expectJson<{ apiKeys: { id: string }[] }>(
      await call("GET", `${base}?status=blocked`, { token }),
      200,
    );
    expect(byStatus.apiKeys.map((k) => k.id)).toEqual([created.id]);
    expect(
      (
        await expectJson<{ status: string }>(
          await call("POST", `${base}/${created.id}/unblock`, { token }),
          200,
        )
      ).status,
    ).toBe("active");
    expect(
      (
        await expectJson<{ status: string }>(
          await call("POST", `${base}/${created.id}/revoke`, { token }),
          200,
        )
      ).status,
    ).toBe("revoked");
  });
});
