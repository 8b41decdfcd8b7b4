import { describe, expect, it } from "vitest";
import { createRule, createTier, newTenant, type Tenant } from "../api/fixtures";
import { call, expectError, expectJson } from "../api/helpers";
import { used } from "./metered-tenant";

/**
 * A tenant whose every model goes to `baseUrl`, and whose free tier may spend $1 a day (on the
 * models `modelPattern` names; all when omitted) and make 1 000 requests a minute.
 */
async function budgetTenant(
  baseUrl: string,
  settings: Record<string, unknown> = {},
  modelPattern?: string,
): Promise<Tenant> {
  const t = await newTenant({
    routes: [{ models: ["*"], provider: "custom", baseUrl }],
    ...settings,
  });
  await createTier(t.owner.accessToken, t.project.id, { name: "free", isDefault: true });
  await createRule(t.owner.accessToken, t.project.id, {
    tier: "free",
    metric: "cost_micro_usd",
    window: { kind: "calendar", unit: "day" },
    limit: 1_000_000,
    ...(modelPattern ? { modelPattern } : {}),
  });
  await createRule(t.owner.accessToken, t.project.id, {
    tier: "free",
    metric: "requests",
    window: { kind: "rolling", durationMs: 60_000 },
    limit: 1_000,
  });
  return t;
}

/** The provider reports 100 tokens in and 50 out. */
const usageOrigin = "binding://GATEWAY_ECHO/usage/100/50/v1";

function chat(t: Tenant, identity: string, model: string) {
  return call("POST", "/v1/chat/completions", {
    headers: { "x-project-key": t.publishableKey.key, "x-identity": identity },
    body: { model, messages: [{ role: "user", content: "hi" }], max_tokens: 10 },
  });
}

describe("a model without a price, under a money limit", () => {
  it("is refused with a 400 naming it, and nothing is spent or counted", async () => {
    const t = await budgetTenant(usageOrigin);
    const res = await chat(t, "unpriced", "my-llama-70b");
    const error = await expectError(res, 400, "model_not_priced");
    expect(error).toMatchObject({ param: "model", type: "invalid_request_error" });
    expect(String(error.message)).toContain("'my-llama-70b'");
    // The refund runs after the answer: the request it reserved is given back.
    await expect.poll(async () => (await used(t, "unpriced")).requests, { timeout: 5_000 }).toBe(0);
    expect(await used(t, "unpriced")).toMatchObject({ cost_micro_usd: 0 });
  });

  it("goes through, and is charged, once the project prices it", async () => {
    const t = await budgetTenant(usageOrigin, {
      prices: {
        "my-llama*": { inputMicroUsdPerMTok: 2_000_000, outputMicroUsdPerMTok: 4_000_000 },
      },
    });
    await expectJson(await chat(t, "priced", "my-llama-70b"), 200);
    // The provider's usage (100 in, 50 out) at $2 / $4 per 1M: 200 + 200 micro-USD.
    await expect
      .poll(async () => (await used(t, "priced")).cost_micro_usd, { timeout: 5_000 })
      .toBe(400);
  });

  it("goes through where no money limit applies to it", async () => {
    const t = await budgetTenant(usageOrigin, {}, "gpt-4o*");
    await expectJson(await chat(t, "elsewhere", "my-llama-70b"), 200);
  });
});
