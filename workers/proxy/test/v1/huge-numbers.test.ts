import { MAX_COUNTED_TOKENS } from "@floodgate/metering";
import { describe, expect, it } from "vitest";
import { freeTierTenant, type Tenant } from "../api/fixtures";
import { call, expectError, expectJson } from "../api/helpers";

/**
 * Numbers too large for the limiter's counts — in a request, in a project's prices, in a
 * provider's usage — are capped, never a 500 and never a settle lost.
 */
describe("huge numbers", () => {
  const chat = (t: Tenant, identity: string, extra: Record<string, unknown> = {}) =>
    call("POST", "/v1/chat/completions", {
      headers: { "x-project-key": t.publishableKey.key, "x-identity": identity },
      body: { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }], ...extra },
    });
  const used = async (t: Tenant, identity: string) => {
    const limits = await expectJson<{ rules: { metric: string; used: number }[] }>(
      await call("GET", "/v1/limits", {
        headers: { "x-project-key": t.publishableKey.key, "x-identity": identity },
      }),
      200,
    );
    return Object.fromEntries(limits.rules.map((r) => [r.metric, r.used]));
  };
  const daily = (metric: string, limit: number) => ({
    metric,
    window: { kind: "calendar", unit: "day" },
    limit,
  });

  it("forwards a max_tokens of 1e308 untouched when no token rule applies", async () => {
    const t = await freeTierTenant("binding://GATEWAY_ECHO/v1", [daily("requests", 10)]);
    const res = await chat(t, "huge-free", { max_tokens: 1e308 });
    const echoed = await expectJson<{ bodyHex: string }>(res, 200);
    const forwarded = Buffer.from(echoed.bodyHex, "hex").toString("utf8");
    expect(JSON.parse(forwarded).max_tokens).toBe(1e308);
  });

  it("forwards a streaming chat's int64 seed untouched while asking for the usage chunk", async () => {
    const t = await freeTierTenant("binding://GATEWAY_ECHO/v1", [daily("requests", 10)]);
    const res = await call("POST", "/v1/chat/completions", {
      headers: { "x-project-key": t.publishableKey.key, "x-identity": "huge-seed" },
      body: '{"model":"gpt-4o-mini","stream":true,"seed":9223372036854775807,"messages":[{"role":"user","content":"hi"}]}',
    });
    const echoed = await expectJson<{ bodyHex: string }>(res, 200);
    const forwarded = Buffer.from(echoed.bodyHex, "hex").toString("utf8");
    expect(forwarded).toContain('"seed":9223372036854775807');
    expect(JSON.parse(forwarded).stream_options).toEqual({ include_usage: true });
  });

  it("decides it on a capped reservation where a token rule applies", async () => {
    const t = await freeTierTenant("binding://GATEWAY_ECHO/v1", [daily("tokens", 1_000_000)]);
    const res = await chat(t, "huge-tokens", { max_tokens: 1e308 });
    const error = await expectError(res, 429);
    expect(error).toMatchObject({ limit: 1_000_000, window: "day" });
    expect(await used(t, "huge-tokens")).toEqual({ tokens: 0 });
  });

  it("answers at the highest project price a project can set", async () => {
    const price = 9_000_000_000_000_000;
    const t = await freeTierTenant("binding://GATEWAY_ECHO/v1", [daily("requests", 10)], {
      prices: { "gpt-*": { inputMicroUsdPerMTok: price, outputMicroUsdPerMTok: price } },
    });
    const res = await chat(t, "huge-price", { max_tokens: 1e308 });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
  });

  it("counts a provider's absurd usage capped, not dropped", async () => {
    const t = await freeTierTenant("binding://GATEWAY_ECHO/usage/99999999999999999999/5/v1", [
      daily("tokens", 1e15),
    ]);
    const res = await chat(t, "huge-usage", { max_tokens: 50 });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    expect(await used(t, "huge-usage")).toEqual({ tokens: MAX_COUNTED_TOKENS + 5 });
  });
});
