import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { limiterFor } from "../../src/limiter/limiter-client";
import type { LimiterDO } from "../../src/limiter/limiter-do";
import { identityPath, newTenant, type Tenant } from "./fixtures";
import { call, expectError, expectJson } from "./helpers";

/**
 * Deleting a project leaves nothing of its identities behind: not their D1 records and usage (the
 * cascade), and not what their LimiterDOs keep (counters, identity, unflushed usage).
 */

async function tenantWithEcho(): Promise<Tenant> {
  return newTenant({
    routes: [{ models: ["*"], provider: "custom", baseUrl: "binding://GATEWAY_ECHO/v1" }],
  });
}

async function chat(t: Tenant, identity: string): Promise<void> {
  const res = await call("POST", "/v1/chat/completions", {
    headers: { "x-project-key": t.publishableKey.key, "x-identity": identity },
    body: { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }], max_tokens: 5 },
  });
  expect(res.status, await res.clone().text()).toBe(200);
  await res.arrayBuffer();
}

function limiter(t: Tenant, identity: string) {
  return limiterFor(env.LIMITER, t.project.id, identity);
}

/** The keys in the object's storage and its alarm. */
function stored(t: Tenant, identity: string) {
  return runInDurableObject(limiter(t, identity), async (_o: LimiterDO, state) => ({
    keys: [...state.storage.kv.list()].map(([key]) => key).sort(),
    alarm: await state.storage.getAlarm(),
  }));
}

/** Waits until the request's settle has reached the object and been counted in its ledger. */
async function settled(t: Tenant, identity: string): Promise<void> {
  await vi.waitFor(async () => expect((await stored(t, identity)).keys).toContain("rollups"), {
    timeout: 5_000,
    interval: 50,
  });
}

async function rowsOf(table: "identities" | "usage_rollups", projectId: string): Promise<number> {
  const row = await env.DB.prepare(`select count(*) as n from ${table} where project_id = ?`)
    .bind(projectId)
    .first<{ n: number }>();
  return row?.n ?? -1;
}

async function deleteProject(t: Tenant): Promise<void> {
  const res = await call("DELETE", `/api/projects/${t.project.id}`, {
    token: t.owner.accessToken,
  });
  expect(res.status).toBe(204);
}

describe("deleting a project", () => {
  it("drops the limiter state of every identity in its records", async () => {
    const t = await tenantWithEcho();
    for (const identity of ["alice", "bob"]) {
      await chat(t, identity);
      await settled(t, identity);
      // The alarm writes the usage and the identity's record to D1.
      expect(await runDurableObjectAlarm(limiter(t, identity))).toBe(true);
    }
    const listed = await expectJson<{ identities: { identity: string }[] }>(
      await call("GET", `/api/projects/${t.project.id}/identities`, { token: t.secretKey.key }),
      200,
    );
    expect(listed.identities.map((i) => i.identity).sort()).toEqual(["alice", "bob"]);
    expect((await stored(t, "alice")).keys).toEqual(
      expect.arrayContaining(["meta", "rollups", "state"]),
    );

    await deleteProject(t);

    for (const identity of ["alice", "bob"]) {
      await vi.waitFor(
        async () => expect(await stored(t, identity)).toEqual({ keys: [], alarm: null }),
        { timeout: 5_000, interval: 50 },
      );
    }
    expect(await rowsOf("identities", t.project.id)).toBe(0);
    expect(await rowsOf("usage_rollups", t.project.id)).toBe(0);
  });

  it("drops an identity not yet in its records at the identity's next alarm, writing nothing", async () => {
    const t = await tenantWithEcho();
    await chat(t, "newcomer");
    await settled(t, "newcomer");
    expect(await rowsOf("identities", t.project.id)).toBe(0);
    const before = await stored(t, "newcomer");
    expect(before.keys).toEqual(expect.arrayContaining(["meta", "rollups", "state"]));
    expect(before.alarm).not.toBeNull();

    await deleteProject(t);

    // Before, the alarm failed on the missing project's foreign key, and was retried, for ever.
    expect(await runDurableObjectAlarm(limiter(t, "newcomer"))).toBe(true);
    expect(await stored(t, "newcomer")).toEqual({ keys: [], alarm: null });
    expect(await rowsOf("identities", t.project.id)).toBe(0);
    expect(await rowsOf("usage_rollups", t.project.id)).toBe(0);
  });

  it("leaves the identities of other projects alone", async () => {
    const [gone, kept] = [await tenantWithEcho(), await tenantWithEcho()];
    for (const t of [gone, kept]) {
      await chat(t, "carol");
      await settled(t, "carol");
      expect(await runDurableObjectAlarm(limiter(t, "carol"))).toBe(true);
    }
    await deleteProject(gone);
    await vi.waitFor(async () => expect((await stored(gone, "carol")).keys).toEqual([]), {
      timeout: 5_000,
      interval: 50,
    });
    expect((await stored(kept, "carol")).keys).toEqual(expect.arrayContaining(["meta", "state"]));
    expect(await rowsOf("identities", kept.project.id)).toBe(1);
    await chat(kept, "carol");
  });

  it("answers an identity change that races the deletion with 404, keeping no limiter state", async () => {
    const t = await tenantWithEcho();
    // The change passes the project check, then reaches the limiter after the project is gone.
    const [changed, deleted] = await Promise.all([
      call("PUT", identityPath(t.project.id, "late"), {
        token: t.secretKey.key,
        body: { disabled: true },
      }),
      call("DELETE", `/api/projects/${t.project.id}`, { token: t.owner.accessToken }),
    ]);
    expect(deleted.status).toBe(204);
    await expectError(changed, 404, "project_not_found");
    expect(await stored(t, "late")).toEqual({ keys: [], alarm: null });
    expect(await rowsOf("identities", t.project.id)).toBe(0);
  });

  it("keeps nothing for an identity that was only read, so nothing outlives the project", async () => {
    const t = await tenantWithEcho();
    const read = await expectJson<{ identity: string; tier: string | null; usage: unknown[] }>(
      await call("GET", identityPath(t.project.id, "jane@example.com"), { token: t.secretKey.key }),
      200,
    );
    expect(read).toMatchObject({ identity: "jane@example.com", tier: null, usage: [] });
    // Not in the records the deletion reads, and no alarm: state kept now would stay for ever.
    expect(await rowsOf("identities", t.project.id)).toBe(0);
    expect(await stored(t, "jane@example.com")).toEqual({ keys: [], alarm: null });
  });

  it("keeps nothing for an identity that only asked for its limits", async () => {
    const t = await tenantWithEcho();
    const res = await call("GET", "/v1/limits", {
      headers: { "x-project-key": t.publishableKey.key, "x-identity": "only-looked@example.com" },
    });
    await expectJson(res, 200);
    expect(await stored(t, "only-looked@example.com")).toEqual({ keys: [], alarm: null });
    // Its first call keeps the record (and the deletion then reaches it).
    await chat(t, "only-looked@example.com");
    expect((await stored(t, "only-looked@example.com")).keys).toContain("meta");
  });
});
