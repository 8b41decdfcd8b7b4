import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, expectJson, PASSWORD } from "./helpers";
import { seededTenant } from "./world";

interface Entry {
  actorType: string;
  actorId: string;
  action: string;
  targetType: string;
  targetId: string;
  requestId: string | null;
  diff: unknown;
  createdAt: number;
}

describe("the audit log", () => {
  it("records every mutation with actor, action, target, time, request id and a diff", async () => {
    const t = await seededTenant();
    const res = await call("POST", `/api/projects/${t.project.id}/tiers`, {
      token: t.owner.accessToken,
      body: { name: "pro" },
      headers: { "x-request-id": "req_audit_check" },
    });
    expect(res.status).toBe(201);
    const page = await expectJson<{ entries: Entry[] }>(
      await call("GET", `/api/projects/${t.project.id}/audit?limit=200`, {
        token: t.owner.accessToken,
      }),
      200,
    );
    const actions = page.entries.map((e) => e.action);
    for (const action of [
      "project.create",
      "tier.create",
      "rule.create",
      "api_key.create",
      "identity.upsert",
      "provider_key.set",
      "signing_secret.rotate",
      "secret_key.create",
    ]) {
      expect(actions).toContain(action);
    }
    const tier = page.entries.find((e) => e.requestId === "req_audit_check");
    expect(tier).toMatchObject({
      actorType: "user",
      actorId: t.owner.user.id,
      action: "tier.create",
      targetType: "tier",
    });
    expect(tier?.diff).toMatchObject({ after: { name: "pro" } });
    const identity = page.entries.find((e) => e.action === "identity.upsert");
    expect(identity).toMatchObject({ targetType: "identity", targetId: t.params.identity });
    // Newest first.
    const times = page.entries.map((e) => e.createdAt);
    expect(times).toEqual([...times].sort((x, y) => y - x));
  });

  it("records who: a secret key is its own actor", async () => {
    const t = await seededTenant();
    await call("POST", `/api/projects/${t.project.id}/identities/u9/disable`, {
      token: t.secretKey.key,
    });
    const page = await expectJson<{ entries: Entry[] }>(
      await call("GET", `/api/projects/${t.project.id}/audit?action=identity.disable`, {
        token: t.owner.accessToken,
      }),
      200,
    );
    expect(page.entries).toEqual([
      expect.objectContaining({ actorType: "secret_key", actorId: t.secretKey.id }),
    ]);
  });

  it("filters and pages", async () => {
    const t = await seededTenant();
    const base = `/api/projects/${t.project.id}/audit`;
    const tiers = await expectJson<{ entries: Entry[] }>(
      await call("GET", `${base}?action=tier.`, { token: t.owner.accessToken }),
      200,
    );
    expect(tiers.entries.map((e) => e.action)).toEqual(["tier.create"]);
    // Prefixes whose name holds an underscore, matched as written (not as a LIKE wildcard).
    for (const [prefix, actions] of [
      ["api_key.", ["api_key.create"]],
      ["provider_key.", ["provider_key.set"]],
      ["signing_secret.", ["signing_secret.rotate"]],
    ] as const) {
      const page = await expectJson<{ entries: Entry[] }>(
        await call("GET", `${base}?action=${prefix}`, { token: t.owner.accessToken }),
        200,
      );
      expect(
        page.entries.map((e) => e.action),
        prefix,
      ).toEqual(actions);
    }
    const wildcard = await expectJson<{ entries: Entry[] }>(
      await call("GET", `${base}?action=api%25.`, { token: t.owner.accessToken }),
      200,
    );
    expect(wildcard.entries).toEqual([]);
    const byTarget = await expectJson<{ entries: Entry[] }>(
      await call("GET", `${base}?targetType=api_key&targetId=${t.params.keyId}`, {
        token: t.owner.accessToken,
      }),
      200,
    );
    expect(byTarget.entries.map((e) => e.action)).toEqual(["api_key.create"]);
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { entries: { action: string }[]; nextCursor: string | null } = await expectJson(
        await call("GET", `${base}?limit=2${cursor ? `&cursor=${cursor}` : ""}`, {
          token: t.owner.accessToken,
        }),
        200,
      );
      all.push(...page.entries.map((e) => e.action));
      cursor = page.nextCursor;
    } while (cursor);
    const whole = await expectJson<{ entries: Entry[] }>(
      await call("GET", `${base}?limit=200`, { token: t.owner.accessToken }),
      200,
    );
    expect(all).toEqual(whole.entries.map((e) => e.action));
  });

  it("never holds a secret: keys, provider keys, signing secrets, passwords, tokens", async () => {
    const t = await seededTenant();
    const provider = "sk-live-provider-plaintext-5555";
    await call("PUT", `/api/projects/${t.project.id}/provider-keys/groq`, {
      token: t.owner.accessToken,
      body: { apiKey: provider },
    });
    const signing = await expectJson<{ secret: string }>(
      await call("POST", `/api/projects/${t.project.id}/signing-secret/rotate`, {
        token: t.owner.accessToken,
      }),
      201,
    );
    const sk = await expectJson<{ key: string }>(
      await call("POST", `/api/projects/${t.project.id}/keys/secret`, {
        token: t.owner.accessToken,
      }),
      201,
    );
    const pk = await expectJson<{ key: string }>(
      await call("POST", `/api/projects/${t.project.id}/keys/publishable/rotate`, {
        token: t.owner.accessToken,
      }),
      201,
    );
    const fg = await expectJson<{ key: string }>(
      await call("POST", `/api/projects/${t.project.id}/api-keys`, {
        token: t.owner.accessToken,
        body: { name: "x", tier: "free" },
      }),
      201,
    );
    const rows = await env.DB.prepare("select * from audit_log").all();
    const dump = JSON.stringify(rows.results);
    for (const secret of [
      provider,
      signing.secret,
      sk.key,
      pk.key,
      fg.key,
      t.secretKey.key,
      t.publishableKey.key,
      t.owner.accessToken,
      t.owner.refreshToken,
      PASSWORD,
    ]) {
      expect(dump).not.toContain(secret);
    }
  });
});
