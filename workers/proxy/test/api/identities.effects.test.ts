import { describe, expect, it } from "vitest";
import { consumerKey, gw } from "../gateway/gateway-fixtures";
import { createRule, createTier, identityPath, newTenant, type Tenant } from "./fixtures";
import { call, expectError, expectJson } from "./helpers";

/**
 * Gift, promo, reset and disable through the API change what the proxy decides on the very next
 * request: on the OpenAI-compatible hot path (`/v1`) and on the generic gateway (`/gw`).
 */

async function hotPathTenant(): Promise<Tenant> {
  const t = await newTenant({
    routes: [{ models: ["*"], provider: "custom", baseUrl: "binding://GATEWAY_ECHO/v1" }],
    defaultTier: "free",
    gatewayOrigin: "binding://GATEWAY_ECHO/base",
  });
  await createTier(t.owner.accessToken, t.project.id, { name: "free", isDefault: true });
  await createRule(t.owner.accessToken, t.project.id, {
    tier: "free",
    metric: "requests",
    window: { kind: "calendar", unit: "day" },
    limit: 2,
  });
  return t;
}

function chat(t: Tenant, identity: string) {
  return call("POST", "/v1/chat/completions", {
    headers: { "x-project-key": t.publishableKey.key, "x-identity": identity },
    body: { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }], max_tokens: 5 },
  });
}

async function manage(t: Tenant, identity: string, action: string, body?: unknown) {
  return expectJson<Record<string, unknown>>(
    await call(
      body === undefined ? "POST" : "POST",
      identityPath(t.project.id, identity, `/${action}`),
      {
        token: t.secretKey.key,
        body,
      },
    ),
    200,
  );
}

async function expectAllowed(res: Response) {
  const text = await res.text();
  expect(res.status, text).toBe(200);
}

describe.each([
  ["the /v1 hot path", "v1"],
  ["the gateway", "gw"],
] as const)("identity management changes the next decision on %s", (_, surface) => {
  async function setup() {
    const t = await hotPathTenant();
    if (surface === "v1") return { t, identity: "alice", send: () => chat(t, "alice") };
    const key = await consumerKey(t, "free", { identity: "alice" });
    return { t, identity: "alice", send: () => gw(t.project.slug, key.key) };
  }

  it("gift: gifted requests pass after the allowance is spent", async () => {
    const { t, identity, send } = await setup();
    await expectAllowed(await send());
    await expectAllowed(await send());
    await expectError(await send(), 429);
    const record = await manage(t, identity, "gift", { requests: 2, reason: "support ticket 42" });
    expect(record.gift).toEqual({ requests: 2, tokens: 0 });
    await expectAllowed(await send());
    await expectAllowed(await send());
    await expectError(await send(), 429);
  });

  it("reset: the period starts over", async () => {
    const { t, identity, send } = await setup();
    await expectAllowed(await send());
    await expectAllowed(await send());
    await expectError(await send(), 429);
    await manage(t, identity, "reset", { metrics: ["requests"] });
    await expectAllowed(await send());
  });

  it("promo: unlimited until the date, limited again once it ends", async () => {
    const { t, identity, send } = await setup();
    await manage(t, identity, "promo", {
      unlimitedUntil: new Date(Date.now() + 3_600_000).toISOString(),
    });
    for (let i = 0; i < 4; i++) await expectAllowed(await send());
    await manage(t, identity, "promo", { unlimitedUntil: null });
    await expectError(await send(), 429);
  });

  it("disable and enable", async () => {
    const { t, identity, send } = await setup();
    await expectAllowed(await send());
    await manage(t, identity, "disable");
    await expectError(await send(), 403, "identity_disabled");
    await manage(t, identity, "enable");
    await expectAllowed(await send());
  });
});
