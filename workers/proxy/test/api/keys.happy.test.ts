import { env } from "cloudflare:workers";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { openSecret } from "../../src/crypto/secret-box";
import { newTenant } from "./fixtures";
import { call, expectError, expectJson, testSecret } from "./helpers";

function limits(pk: string, headers: Record<string, string> = { "x-identity": "dave" }) {
  return call("GET", "/v1/limits", { headers: { "x-project-key": pk, ...headers } });
}

describe("project keys and secrets", () => {
  it("rotates the publishable key: the old one stops at once on the hot path", async () => {
    const t = await newTenant();
    expect((await limits(t.publishableKey.key)).status).toBe(200);
    const rotated = await expectJson<{ key: string; kind: string }>(
      await call("POST", `/api/projects/${t.project.id}/keys/publishable/rotate`, {
        token: t.owner.accessToken,
      }),
      201,
    );
    expect(rotated.kind).toBe("publishable");
    expect(rotated.key).toMatch(/^pk_/);
    await expectError(await limits(t.publishableKey.key), 401);
    expect((await limits(rotated.key)).status).toBe(200);
  });

  it("creates and revokes secret keys; a revoked key is refused at once", async () => {
    const t = await newTenant();
    const created = await expectJson<{ id: string; key: string; prefix: string; last4: string }>(
      await call("POST", `/api/projects/${t.project.id}/keys/secret`, {
        token: t.owner.accessToken,
      }),
      201,
    );
    expect(created.prefix).toBe(created.key.slice(0, 7));
    expect(created.last4).toBe(created.key.slice(-4));
    expect(
      (await call("GET", `/api/projects/${t.project.id}`, { token: created.key })).status,
    ).toBe(200);
    const revoked = await expectJson<{ revokedAt: number | null }>(
      await call("POST", `/api/projects/${t.project.id}/keys/${created.id}/revoke`, {
        token: t.owner.accessToken,
      }),
      200,
    );
    expect(revoked.revokedAt).toBeTypeOf("number");
    await expectError(
      await call("GET", `/api/projects/${t.project.id}`, { token: created.key }),
      401,
      "invalid_secret_key",
    );
    expect(
      (await call("GET", `/api/projects/${t.project.id}`, { token: t.secretKey.key })).status,
    ).toBe(200);
  });

  it("stores provider keys encrypted and write-only", async () => {
    const t = await newTenant();
    const plaintext = "sk-proj-THIS-IS-THE-PROVIDER-KEY-9876";
    const stored = await expectJson<{ provider: string; last4: string }>(
      await call("PUT", `/api/projects/${t.project.id}/provider-keys/openai`, {
        token: t.owner.accessToken,
        body: { apiKey: plaintext },
      }),
      201,
    );
    expect(stored).toMatchObject({ provider: "openai", last4: "9876" });
    const listed = await expectJson<{ providerKeys: unknown[] }>(
      await call("GET", `/api/projects/${t.project.id}/provider-keys`, {
        token: t.owner.accessToken,
      }),
      200,
    );
    expect(listed.providerKeys).toEqual([
      expect.objectContaining({ provider: "openai", last4: "9876" }),
    ]);
    expect(JSON.stringify(listed)).not.toContain(plaintext);
    const row = await env.DB.prepare(
      "select * from project_secrets where project_id = ? and revoked_at is null",
    )
      .bind(t.project.id)
      .first<{ ciphertext: string; iv: string }>();
    expect(JSON.stringify(row)).not.toContain(plaintext);
    expect(
      await openSecret(testSecret("MASTER_KEY"), {
        ciphertext: row?.ciphertext ?? "",
        iv: row?.iv ?? "",
      }),
    ).toBe(plaintext);
    // Replacing revokes the previous one; deleting revokes the current one.
    await expectJson(
      await call("PUT", `/api/projects/${t.project.id}/provider-keys/openai`, {
        token: t.owner.accessToken,
        body: { apiKey: "sk-proj-second-key-0000" },
      }),
      201,
    );
    const active = await env.DB.prepare(
      "select count(*) as n from project_secrets where project_id = ? and revoked_at is null",
    )
      .bind(t.project.id)
      .first<{ n: number }>();
    expect(active?.n).toBe(1);
    expect(
      (
        await call("DELETE", `/api/projects/${t.project.id}/provider-keys/openai`, {
          token: t.owner.accessToken,
        })
      ).status,
    ).toBe(204);
    const none = await expectJson<{ providerKeys: unknown[] }>(
      await call("GET", `/api/projects/${t.project.id}/provider-keys`, {
        token: t.owner.accessToken,
      }),
      200,
    );
    expect(none.providerKeys).toEqual([]);
  });

  it("rotates the identity-token signing secret: tokens signed with it pass the hot path, old ones stop", async () => {
    const t = await newTenant({ requireSignedIdentity: true });
    const first = await expectJson<{ secret: string }>(
      await call("POST", `/api/projects/${t.project.id}/signing-secret/rotate`, {
        token: t.owner.accessToken,
      }),
      201,
    );
    expect(first.secret).toMatch(/^fgss_/);
    const sign = (secret: string) =>
      new SignJWT({})
        .setProtectedHeader({ alg: "HS256" })
        .setSubject("erin")
        .setAudience(t.project.id)
        .setExpirationTime("5m")
        .sign(new TextEncoder().encode(secret));
    const token = await sign(first.secret);
    expect((await limits(t.publishableKey.key, { authorization: `Bearer ${token}` })).status).toBe(
      200,
    );
    const second = await expectJson<{ secret: string }>(
      await call("POST", `/api/projects/${t.project.id}/signing-secret/rotate`, {
        token: t.owner.accessToken,
      }),
      201,
    );
    expect(second.secret).not.toBe(first.secret);
    await expectError(
      await limits(t.publishableKey.key, { authorization: `Bearer ${token}` }),
      401,
    );
    expect(
      (await limits(t.publishableKey.key, { authorization: `Bearer ${await sign(second.secret)}` }))
        .status,
    ).toBe(200);
  });
});
