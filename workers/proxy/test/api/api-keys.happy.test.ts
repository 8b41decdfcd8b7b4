import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApiKey, createTier, newTenant } from "./fixtures";
import { call, expectError, expectJson } from "./helpers";

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

  it("pages the list newest first with limit and nextCursor, filters included, keys of one instant in a stable order", async () => {
    const t = await newTenant();
    const token = t.owner.accessToken;
    await createTier(token, t.project.id, { name: "free" });
    const base = `/api/projects/${t.project.id}/api-keys`;
    const ids: string[] = [];
    for (let i = 0; i < 7; i++)
      ids.push((await createApiKey(token, t.project.id, { name: `k${i}`, tier: "free" })).id);
    // Creation times set by hand; keys 1 to 4 share one, so the id decides among them.
    const createdAt = [1_000, 0, 0, 0, 0, 2_000, 3_000].map((ms) => 1_700_000_000_000 + ms);
    for (const [i, id] of ids.entries())
      await env.DB.prepare("update api_keys set created_at = ? where id = ?")
        .bind(createdAt[i], id)
        .run();
    for (const id of [ids[0], ids[3], ids[6]]) await call("POST", `${base}/${id}/block`, { token });
    // An expired key (the API only sets future expiries).
    await env.DB.prepare("update api_keys set expires_at = 1 where id = ?").bind(ids[5]).run();

    type Page = { apiKeys: { id: string; status: string }[]; nextCursor: string | null };
    async function walk(query: string, limit: number) {
      const seen: string[][] = [];
      let cursor: string | null = null;
      do {
        const page: Page = await expectJson(
          await call(
            "GET",
            `${base}?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
            { token: t.secretKey.key },
          ),
          200,
        );
        seen.push(page.apiKeys.map((k) => k.id));
        cursor = page.nextCursor;
      } while (cursor !== null);
      return seen;
    }

    const whole = await expectJson<Page>(await call("GET", base, { token }), 200);
    expect(whole.nextCursor).toBeNull();
    const sameInstant = ids.slice(1, 5).sort().reverse();
    expect(whole.apiKeys.map((k) => k.id)).toEqual([ids[6], ids[5], ids[0], ...sameInstant]);
    const pages = await walk("", 2);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 2, 1]);
    expect(pages.flat()).toEqual(whole.apiKeys.map((k) => k.id));
    // Filters apply before the page is cut: every page but the last is full.
    const blocked = await walk("status=blocked", 2);
    expect(blocked.map((p) => p.length)).toEqual([2, 1]);
    expect(blocked.flat().sort()).toEqual([ids[0], ids[3], ids[6]].sort());
    expect(await walk("status=expired", 1)).toEqual([[ids[5]]]);
    const active = await walk(`status=active&identity=${ids[2]}`, 5);
    expect(active).toEqual([[ids[2]]]);

    const bad = await expectError(await call("GET", `${base}?cursor=garbage`, { token }), 400);
    expect(bad).toMatchObject({
      param: "query.cursor",
      message: expect.stringContaining("cursor"),
    });
    for (const limit of ["0", "201", "x"])
      expect(
        (await expectError(await call("GET", `${base}?limit=${limit}`, { token }), 400)).param,
      ).toBe("query.limit");
  });
});
