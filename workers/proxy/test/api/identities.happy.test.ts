import { describe, expect, it } from "vitest";
import { createRule, createTier, identityPath, newTenant } from "./fixtures";
import { call, expectJson } from "./helpers";

interface Detail {
  identity: string;
  tier: string | null;
  effectiveTier: string | null;
  disabled: boolean;
  overrides: unknown[];
  usage: { ruleId: string; metric: string; limit: number | null; used: number }[];
}

async function tenantWithTiers() {
  const t = await newTenant({ defaultTier: "free" });
  await createTier(t.owner.accessToken, t.project.id, { name: "free", isDefault: true });
  await createTier(t.owner.accessToken, t.project.id, { name: "pro" });
  await createRule(t.owner.accessToken, t.project.id, {
    tier: "free",
    metric: "requests",
    window: { kind: "calendar", unit: "day" },
    limit: 10,
  });
  await createRule(t.owner.accessToken, t.project.id, {
    tier: "pro",
    metric: "requests",
    window: { kind: "calendar", unit: "day" },
    limit: 1000,
  });
  return t;
}

describe("identities", () => {
  it("upserts tier, overrides and disabled, and reads them back live from the limiter", async () => {
    const t = await tenantWithTiers();
    const id = "user:42/ünïcode with spaces";
    const record = await expectJson<Detail>(
      await call("PUT", identityPath(t.project.id, id), {
        token: t.secretKey.key,
        body: {
          tier: "pro",
          overrides: [
            {
              metric: "tokens",
              window: { kind: "rolling", durationMs: 3_600_000 },
              limit: 5000,
              modelPattern: "gpt-4*",
            },
          ],
        },
      }),
      200,
    );
    expect(record).toMatchObject({ identity: id, tier: "pro", disabled: false });
    expect(record.overrides).toEqual([
      {
        modelPattern: "gpt-4*",
        metric: "tokens",
        window: { kind: "rolling", durationMs: 3_600_000 },
        limit: 5000,
      },
    ]);
    const detail = await expectJson<Detail>(
      await call("GET", identityPath(t.project.id, id), { token: t.owner.accessToken }),
      200,
    );
    expect(detail.effectiveTier).toBe("pro");
    expect(detail.usage.find((u) => u.metric === "requests")).toMatchObject({
      limit: 1000,
      used: 0,
    });
    // Omitted fields stay; null clears the tier (back to the project default).
    const cleared = await expectJson<Detail>(
      await call("PUT", identityPath(t.project.id, id), {
        token: t.secretKey.key,
        body: { tier: null, disabled: true },
      }),
      200,
    );
    expect(cleared).toMatchObject({ tier: null, disabled: true });
    expect(cleared.overrides).toHaveLength(1);
    const after = await expectJson<Detail>(
      await call("GET", identityPath(t.project.id, id), { token: t.secretKey.key }),
      200,
    );
    expect(after.effectiveTier).toBe("free");
  });

  it("lists from the D1 mirror with filters, search and pagination", async () => {
    const t = await tenantWithTiers();
    const bulk = await expectJson<{ identities: { identity: string; tier: string | null }[] }>(
      await call("POST", `/api/projects/${t.project.id}/identities/bulk`, {
        token: t.secretKey.key,
        body: {
          identities: [
            ...Array.from({ length: 5 }, (_, i) => ({ identity: `free-${i}`, tier: "free" })),
            ...Array.from({ length: 3 }, (_, i) => ({
              identity: `pro-${i}`,
              tier: "pro",
              disabled: i === 0,
            })),
            { identity: "100%_match", tier: "free" },
          ],
        },
      }),
      200,
    );
    expect(bulk.identities.map((i) => i.identity)).toHaveLength(9);
    const base = `/api/projects/${t.project.id}/identities`;
    const pros = await expectJson<{ identities: { identity: string }[] }>(
      await call("GET", `${base}?tier=pro`, { token: t.secretKey.key }),
      200,
    );
    expect(pros.identities.map((i) => i.identity)).toEqual(["pro-0", "pro-1", "pro-2"]);
    const disabled = await expectJson<{ identities: { identity: string }[] }>(
      await call("GET", `${base}?disabled=true`, { token: t.secretKey.key }),
      200,
    );
    expect(disabled.identities.map((i) => i.identity)).toEqual(["pro-0"]);
    const search = await expectJson<{ identities: { identity: string }[] }>(
      await call("GET", `${base}?search=${encodeURIComponent("%_")}`, { token: t.secretKey.key }),
      200,
    );
    expect(search.identities.map((i) => i.identity)).toEqual(["100%_match"]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { identities: { identity: string }[]; nextCursor: string | null } =
        await expectJson(
          await call(
            "GET",
            `${base}?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
            { token: t.secretKey.key },
          ),
          200,
        );
      expect(page.identities.length).toBeLessThanOrEqual(4);
      seen.push(...page.identities.map((i) => i.identity));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...seen].sort());
    expect(seen).toHaveLength(9);
  });

  it("gifts, sets a promo, resets, disables, enables and deletes", async () => {
    const t = await tenantWithTiers();
    const path = (suffix: string) => identityPath(t.project.id, "bob", suffix);
    const gift = await expectJson<{ gift: { requests: number; tokens: number } }>(
      await call("POST", path("/gift"), {
        token: t.secretKey.key,
        body: { requests: 3, tokens: 1000, reason: "sorry" },
      }),
      200,
    );
    expect(gift.gift).toEqual({ requests: 3, tokens: 1000 });
    const until = Date.now() + 86_400_000;
    const promo = await expectJson<{ promoUntil: number }>(
      await call("POST", path("/promo"), {
        token: t.secretKey.key,
        body: { unlimitedUntil: until },
      }),
      200,
    );
    expect(promo.promoUntil).toBe(until);
    await expectJson(
      await call("POST", path("/reset"), {
        token: t.secretKey.key,
        body: { metrics: ["requests", "tokens"] },
      }),
      200,
    );
    expect(
      (
        await expectJson<{ disabled: boolean }>(
          await call("POST", path("/disable"), { token: t.secretKey.key }),
          200,
        )
      ).disabled,
    ).toBe(true);
    expect(
      (
        await expectJson<{ disabled: boolean }>(
          await call("POST", path("/enable"), { token: t.owner.accessToken }),
          200,
        )
      ).disabled,
    ).toBe(false);
    expect((await call("DELETE", path(""), { token: t.secretKey.key })).status).toBe(204);
    const fresh = await expectJson<Detail & { gift: unknown; promoUntil: unknown }>(
      await call("GET", path(""), { token: t.secretKey.key }),
      200,
    );
    expect(fresh).toMatchObject({
      tier: null,
      disabled: false,
      gift: { requests: 0, tokens: 0 },
      promoUntil: null,
    });
    const list = await expectJson<{ identities: unknown[] }>(
      await call("GET", `/api/projects/${t.project.id}/identities`, { token: t.secretKey.key }),
      200,
    );
    expect(list.identities).toHaveLength(0);
  });
});
