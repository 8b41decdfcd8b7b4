import { describe, expect, it } from "vitest";
import { createRule, createTier, getProject, newTenant } from "./fixtures";
import { call, expectJson } from "./helpers";

function limits(t: { publishableKey: { key: string } }, identity: string, tier?: string) {
  return call("GET", "/v1/limits", {
    headers: {
      "x-project-key": t.publishableKey.key,
      "x-identity": identity,
      ...(tier ? { "x-tier": tier } : {}),
    },
  });
}

describe("tiers and limit rules", () => {
  it("creates, lists, updates and deletes tiers; one default at a time", async () => {
    const t = await newTenant();
    const token = t.owner.accessToken;
    const base = `/api/projects/${t.project.id}/tiers`;
    const free = await createTier(token, t.project.id, {
      name: "free",
      isDefault: true,
      description: "Free",
      position: 0,
    });
    const pro = await createTier(token, t.project.id, { name: "pro", position: 1 });
    const moved = await expectJson<{ isDefault: boolean; description: string | null }>(
      await call("PATCH", `${base}/${pro.id}`, {
        token,
        body: { isDefault: true, description: "Pro plan" },
      }),
      200,
    );
    expect(moved).toMatchObject({ isDefault: true, description: "Pro plan" });
    const listed = await expectJson<{ tiers: { name: string; isDefault: boolean }[] }>(
      await call("GET", base, { token: t.secretKey.key }),
      200,
    );
    expect(listed.tiers.map((x) => [x.name, x.isDefault])).toEqual([
      ["free", false],
      ["pro", true],
    ]);
    expect((await call("DELETE", `${base}/${free.id}`, { token })).status).toBe(204);
    const after = await expectJson<{ tiers: unknown[] }>(await call("GET", base, { token }), 200);
    expect(after.tiers).toHaveLength(1);
  });

  it("creates, lists, updates and deletes rules, bumping the version stamp each time", async () => {
    const t = await newTenant();
    const token = t.owner.accessToken;
    await createTier(token, t.project.id, { name: "free" });
    let version = (await getProject(token, t.project.id)).configVersion;
    const bumped = async () => {
      const next = (await getProject(token, t.project.id)).configVersion;
      expect(next).toBeGreaterThan(version);
      version = next;
    };
    const rule = await createRule(token, t.project.id, {
      tier: "free",
      modelPattern: "gpt-4*",
      metric: "tokens",
      window: { kind: "calendar", unit: "month", timeZone: "America/New_York" },
      limit: 100_000,
    });
    await bumped();
    const updated = await expectJson<{ limit: number; window: unknown; tier: string }>(
      await call("PATCH", `/api/projects/${t.project.id}/rules/${rule.id}`, {
        token,
        body: { limit: 50_000, window: { kind: "rolling", durationMs: 86_400_000 } },
      }),
      200,
    );
    expect(updated).toMatchObject({
      limit: 50_000,
      tier: "free",
      window: { kind: "rolling", durationMs: 86_400_000 },
    });
    await bumped();
    await createRule(token, t.project.id, {
      metric: "cost_micro_usd",
      window: { kind: "calendar", unit: "week" },
      limit: null,
    });
    const listed = await expectJson<{ rules: { tier: string | null; metric: string }[] }>(
      await call("GET", `/api/projects/${t.project.id}/rules`, { token: t.secretKey.key }),
      200,
    );
    expect(listed.rules.map((r) => [r.tier, r.metric])).toEqual([
      ["free", "tokens"],
      [null, "cost_micro_usd"],
    ]);
    expect(
      (await call("DELETE", `/api/projects/${t.project.id}/rules/${rule.id}`, { token })).status,
    ).toBe(204);
    await bumped();
  });

  it("reaches the hot path on the next request, through the version stamp", async () => {
    const t = await newTenant({ defaultTier: "free" });
    const token = t.owner.accessToken;
    await createTier(token, t.project.id, { name: "free", isDefault: true });
    const rule = await createRule(token, t.project.id, {
      tier: "free",
      metric: "requests",
      window: { kind: "calendar", unit: "day" },
      limit: 10,
    });
    const first = await expectJson<{ rules: { id: string; limit: number }[] }>(
      await limits(t, "carol"),
      200,
    );
    expect(first.rules).toEqual([expect.objectContaining({ id: rule.id, limit: 10 })]);
    await expectJson(
      await call("PATCH", `/api/projects/${t.project.id}/rules/${rule.id}`, {
        token,
        body: { limit: 3 },
      }),
      200,
    );
    const second = await expectJson<{ rules: { id: string; limit: number }[] }>(
      await limits(t, "carol"),
      200,
    );
    expect(second.rules).toEqual([expect.objectContaining({ id: rule.id, limit: 3 })]);
    const extra = await createRule(token, t.project.id, {
      tier: "free",
      metric: "tokens",
      window: { kind: "rolling", durationMs: 60_000 },
      limit: 999,
    });
    const third = await expectJson<{ rules: { id: string }[] }>(await limits(t, "carol"), 200);
    expect(third.rules.map((r) => r.id).sort()).toEqual([rule.id, extra.id].sort());
  });
});
