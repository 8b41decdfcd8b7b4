import { describe, expect, it } from "vitest";
import { createRule, createTier, identityPath, newTenant, type Tenant } from "./fixtures";
import { call, expectJson } from "./helpers";

const chat = (t: Tenant, identity: string) =>
  call("POST", "/v1/chat/completions", {
    headers: { "x-project-key": t.publishableKey.key, "x-identity": identity },
    body: { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }], max_tokens: 5 },
  });

/**
 * A tier deleted while identities are on it (their record names it) leaves them on the project's
 * default tier, limited by its rules: not on no tier, which no tier rule would limit.
 */
describe("deleting a tier that identities are on", () => {
  it("limits them by the default tier's rules from the next request on", async () => {
    const t = await newTenant({
      routes: [{ models: ["*"], provider: "custom", baseUrl: "binding://GATEWAY_ECHO/v1" }],
      defaultTier: "free",
    });
    const token = t.owner.accessToken;
    await createTier(token, t.project.id, { name: "free", isDefault: true });
    const pro = await createTier(token, t.project.id, { name: "pro" });
    const daily = { metric: "requests", window: { kind: "calendar", unit: "day" } };
    await createRule(token, t.project.id, { ...daily, tier: "free", limit: 2 });
    await createRule(token, t.project.id, { ...daily, tier: "pro", limit: 5 });
    const record = await expectJson<{ tier: string }>(
      await call("PUT", identityPath(t.project.id, "dana"), {
        token: t.secretKey.key,
        body: { tier: "pro" },
      }),
      200,
    );
    expect(record.tier).toBe("pro");

    const ask = () => chat(t, "dana");
    const first = await ask();
    expect(first.status).toBe(200);
    expect(first.headers.get("x-floodgate-tier")).toBe("pro");
    expect(first.headers.get("x-ratelimit-limit-requests")).toBe("5");
    await first.arrayBuffer();

    const deleted = await call("DELETE", `/api/projects/${t.project.id}/tiers/${pro.id}`, {
      token,
    });
    expect(deleted.status).toBe(204);

    // Today's first call counts against the free tier's 2 as well: one more is admitted.
    const second = await ask();
    expect(second.status).toBe(200);
    expect(second.headers.get("x-floodgate-tier")).toBe("free");
    expect(second.headers.get("x-ratelimit-limit-requests")).toBe("2");
    expect(second.headers.get("x-ratelimit-remaining-requests")).toBe("0");
    await second.arrayBuffer();
    const third = await ask();
    expect(third.status).toBe(429);
    const error = (await third.json()) as { error: { tier: string; limit: number } };
    expect(error.error).toMatchObject({ tier: "free", limit: 2 });

    const described = await expectJson<{ tier: string; effectiveTier: string }>(
      await call("GET", identityPath(t.project.id, "dana"), { token: t.secretKey.key }),
      200,
    );
    expect(described).toMatchObject({ tier: "pro", effectiveTier: "free" });
  });
});

describe("a default tier setting that names no tier", () => {
  it("stands aside for the tier marked default", async () => {
    const t = await newTenant({
      routes: [{ models: ["*"], provider: "custom", baseUrl: "binding://GATEWAY_ECHO/v1" }],
      defaultTier: "Free",
    });
    const token = t.owner.accessToken;
    await createTier(token, t.project.id, { name: "free", isDefault: true });
    await createRule(token, t.project.id, {
      tier: "free",
      metric: "requests",
      window: { kind: "calendar", unit: "day" },
      limit: 1,
    });
    const ask = () => chat(t, "erin");
    const first = await ask();
    expect(first.status).toBe(200);
    expect(first.headers.get("x-floodgate-tier")).toBe("free");
    expect(first.headers.get("x-ratelimit-limit-requests")).toBe("1");
    await first.arrayBuffer();
    const second = await ask();
    expect(second.status).toBe(429);
    expect(((await second.json()) as { error: { tier: string } }).error.tier).toBe("free");
  });
});
