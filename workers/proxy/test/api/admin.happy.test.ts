import { describe, expect, it } from "vitest";
import { adminSession, call, expectJson } from "./helpers";
import { seededTenant } from "./world";

describe("admin", () => {
  it("lists users and projects across tenants", async () => {
    const a = await seededTenant();
    const b = await seededTenant();
    const root = await adminSession();
    expect(root.user.isAdmin).toBe(true);
    const users = await expectJson<{ users: { id: string; projects: number; isAdmin: boolean }[] }>(
      await call("GET", "/api/admin/users?limit=200", { token: root.accessToken }),
      200,
    );
    expect(users.users.find((u) => u.id === a.owner.user.id)).toMatchObject({
      projects: 1,
      isAdmin: false,
    });
    expect(users.users.find((u) => u.id === root.user.id)).toMatchObject({
      projects: 0,
      isAdmin: true,
    });
    const search = await expectJson<{ users: { email: string }[] }>(
      await call(
        "GET",
        `/api/admin/users?search=${encodeURIComponent(b.owner.user.email.toUpperCase())}`,
        { token: root.accessToken },
      ),
      200,
    );
    expect(search.users.map((u) => u.email)).toEqual([b.owner.user.email]);
    const page1 = await expectJson<{ users: unknown[]; nextCursor: string | null }>(
      await call("GET", "/api/admin/users?limit=1", { token: root.accessToken }),
      200,
    );
    expect(page1.users).toHaveLength(1);
    expect(page1.nextCursor).not.toBeNull();
    const projects = await expectJson<{ projects: { id: string; ownerEmail: string }[] }>(
      await call("GET", "/api/admin/projects", { token: root.accessToken }),
      200,
    );
    expect(projects.projects.map((p) => p.id).sort()).toEqual([a.project.id, b.project.id].sort());
    expect(projects.projects.find((p) => p.id === a.project.id)?.ownerEmail).toBe(
      a.owner.user.email,
    );
    await expectJson(
      await call("PATCH", `/api/projects/${b.project.id}`, {
        token: b.owner.accessToken,
        body: { name: "École Ünïcode" },
      }),
      200,
    );
    for (const text of ["École", "ÉCOLE", "Ünïcode", "cole"]) {
      const found = await expectJson<{ projects: { id: string }[] }>(
        await call("GET", `/api/admin/projects?search=${encodeURIComponent(text)}`, {
          token: root.accessToken,
        }),
        200,
      );
      expect(
        found.projects.map((p) => p.id),
        text,
      ).toEqual([b.project.id]);
    }
  });

  it("changes an identity's and a key's tier, blocks and unblocks keys, and reads the whole audit log", async () => {
    const t = await seededTenant();
    const root = await adminSession();
    await call("POST", `/api/projects/${t.project.id}/tiers`, {
      token: t.owner.accessToken,
      body: { name: "vip" },
    });
    const identity = await expectJson<{ tier: string }>(
      await call(
        "PUT",
        `/api/admin/projects/${t.project.id}/identities/${encodeURIComponent("user/with space")}/tier`,
        {
          token: root.accessToken,
          body: { tier: "vip" },
        },
      ),
      200,
    );
    expect(identity.tier).toBe("vip");
    const keyBase = `/api/admin/projects/${t.project.id}/api-keys/${t.params.keyId}`;
    expect(
      (
        await expectJson<{ tier: string }>(
          await call("PUT", `${keyBase}/tier`, { token: root.accessToken, body: { tier: "vip" } }),
          200,
        )
      ).tier,
    ).toBe("vip");
    expect(
      (
        await expectJson<{ status: string }>(
          await call("POST", `${keyBase}/block`, { token: root.accessToken }),
          200,
        )
      ).status,
    ).toBe("blocked");
    expect(
      (
        await expectJson<{ status: string }>(
          await call("POST", `${keyBase}/unblock`, { token: root.accessToken }),
          200,
        )
      ).status,
    ).toBe("active");
    const audit = await expectJson<{
      entries: { action: string; actorType: string; projectId: string | null }[];
    }>(
      await call("GET", `/api/admin/audit?projectId=${t.project.id}&limit=200`, {
        token: root.accessToken,
      }),
      200,
    );
    const byAdmin = audit.entries.filter((e) => e.actorType === "admin").map((e) => e.action);
    expect(byAdmin).toEqual([
      "api_key.unblock",
      "api_key.block",
      "api_key.set_tier",
      "identity.set_tier",
    ]);
    const accountEvents = await expectJson<{ entries: { action: string }[] }>(
      await call("GET", "/api/admin/audit?action=user.register", { token: root.accessToken }),
      200,
    );
    expect(accountEvents.entries.length).toBeGreaterThanOrEqual(2);
  });
});
