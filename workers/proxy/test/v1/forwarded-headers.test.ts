import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { freeTierTenant, newTenant, type Tenant } from "../api/fixtures";
import { call, expectError, expectJson } from "../api/helpers";

/** A tenant whose every model goes to `baseUrl` with the project's stored key. */
async function storedKeyTenant(baseUrl: string): Promise<Tenant> {
  const t = await newTenant({
    routes: [{ models: ["*"], provider: "custom", baseUrl, keyMode: "stored" }],
  });
  const stored = await call("PUT", `/api/projects/${t.project.id}/provider-keys/custom`, {
    token: t.owner.accessToken,
    body: { apiKey: "sk-stored-project-key-0123456789" },
  });
  expect(stored.status).toBeLessThan(300);
  return t;
}

describe("headers forwarded to the provider", () => {
  it("passes the caller's headers on, without Floodgate's own, the client's address or hop-by-hop ones", async () => {
    const t = await newTenant({
      routes: [{ models: ["*"], provider: "custom", baseUrl: "binding://GATEWAY_ECHO/v1" }],
    });
    const res = await call("POST", "/v1/chat/completions", {
      headers: {
        "x-project-key": t.publishableKey.key,
        "x-identity": "forwarded-user",
        "x-session": "session-1",
        "cf-connecting-ip": "192.0.2.7",
        "x-forwarded-for": "192.0.2.7",
        "x-real-ip": "192.0.2.7",
        "keep-alive": "timeout=5",
        authorization: "Bearer sk-caller-key",
        "openai-organization": "org-123",
        "x-stainless-os": "iOS",
        "x-floodgate-identity": "someone-else",
        "x-floodgate-key-id": "key_forged",
        "x-floodgate-dev-country": "JP",
        origin: "https://app.example.com",
        referer: "https://app.example.com/chat/private-thread-42",
        cookie: "session=end-user-session",
      },
      body: { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] },
    });
    const echoed = await expectJson<{ headers: Record<string, string> }>(res, 200);
    expect(echoed.headers).toMatchObject({
      authorization: "Bearer sk-caller-key",
      "openai-organization": "org-123",
      "x-stainless-os": "iOS",
      "content-type": "application/json",
      // Only a local geo-router honours it (DEV_GEO_OVERRIDE), as in `pnpm dev`.
      "x-floodgate-dev-country": "JP",
    });
    for (const name of [
      "x-project-key",
      "x-identity",
      "x-session",
      "cf-connecting-ip",
      "x-forwarded-for",
      "x-real-ip",
      "keep-alive",
      "x-floodgate-identity",
      "x-floodgate-key-id",
      "origin",
      "referer",
      "cookie",
    ]) {
      expect(echoed.headers, name).not.toHaveProperty(name);
    }
    // The provider's own response headers come back.
    expect(res.headers.get("x-origin")).toBe("gateway-echo");
  });

  it("with the project's stored key, drops the headers that would pick another account to bill", async () => {
    const t = await storedKeyTenant("binding://GATEWAY_ECHO/v1");
    const res = await call("POST", "/v1/chat/completions", {
      headers: {
        "x-project-key": t.publishableKey.key,
        "x-identity": "stored-key-user",
        authorization: "Bearer sk-caller-key",
        "openai-organization": "org-someone-else",
        "openai-project": "proj_someone_else",
        "openai-beta": "assistants=v2",
      },
      body: { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] },
    });
    const echoed = await expectJson<{ headers: Record<string, string> }>(res, 200);
    expect(echoed.headers.authorization).toBe("Bearer sk-stored-project-key-0123456789");
    expect(echoed.headers["openai-beta"]).toBe("assistants=v2");
    expect(echoed.headers).not.toHaveProperty("openai-organization");
    expect(echoed.headers).not.toHaveProperty("openai-project");
  });

  it("keeps the caller's JWT-shaped provider token when the identity token comes in x-identity-token", async () => {
    const t = await newTenant({
      routes: [{ models: ["*"], provider: "custom", baseUrl: "binding://GATEWAY_ECHO/v1" }],
    });
    const { secret } = await expectJson<{ secret: string }>(
      await call("POST", `/api/projects/${t.project.id}/signing-secret/rotate`, {
        token: t.owner.accessToken,
      }),
      201,
    );
    const identityToken = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("signed-user")
      .setAudience(t.project.id)
      .setExpirationTime("5m")
      .sign(new TextEncoder().encode(secret));
    // E.g. a Microsoft Entra ID access token for an Azure OpenAI deployment: a JWT too.
    const providerToken = "eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJjb2duaXRpdmUifQ.c2lnbmF0dXJl";
    const res = await call("POST", "/v1/chat/completions", {
      headers: {
        "x-project-key": t.publishableKey.key,
        "x-identity-token": identityToken,
        authorization: `Bearer ${providerToken}`,
      },
      body: { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] },
    });
    const echoed = await expectJson<{ headers: Record<string, string> }>(res, 200);
    expect(echoed.headers.authorization).toBe(`Bearer ${providerToken}`);
    expect(echoed.headers).not.toHaveProperty("x-identity-token");

    // The identity token sent as the bearer itself never leaves Floodgate.
    const asBearer = await call("POST", "/v1/chat/completions", {
      headers: { "x-project-key": t.publishableKey.key, authorization: `Bearer ${identityToken}` },
      body: { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] },
    });
    const echoedBearer = await expectJson<{ headers: Record<string, string> }>(asBearer, 200);
    expect(echoedBearer.headers).not.toHaveProperty("authorization");
  });

  it("passes a JWT-shaped bearer on to the provider when the project has no key to verify identity tokens", async () => {
    const t = await newTenant({
      routes: [{ models: ["*"], provider: "custom", baseUrl: "binding://GATEWAY_ECHO/v1" }],
    });
    // E.g. a Microsoft Entra ID access token, or a provider whose keys are JWTs.
    const providerToken = "eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJjb2duaXRpdmUifQ.c2lnbmF0dXJl";
    const res = await call("POST", "/v1/chat/completions", {
      headers: {
        "x-project-key": t.publishableKey.key,
        "x-identity": "azure-user",
        authorization: `Bearer ${providerToken}`,
      },
      body: { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] },
    });
    const echoed = await expectJson<{ headers: Record<string, string> }>(res, 200);
    expect(echoed.headers.authorization).toBe(`Bearer ${providerToken}`);
  });

  it("never passes the provider's own rate-limit headers off as the project's quota", async () => {
    // A request rule only: Floodgate sends no x-ratelimit-*-tokens of its own.
    const t = await freeTierTenant("binding://GATEWAY_ECHO/v1/provider-headers", [
      { metric: "requests", window: { kind: "calendar", unit: "day" }, limit: 5 },
    ]);
    const res = await call("POST", "/v1/chat/completions", {
      headers: {
        "x-project-key": t.publishableKey.key,
        "x-identity": "quota-headers-user",
        authorization: "Bearer sk-caller-key",
      },
      body: { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] },
    });
    await expectJson(res, 200);
    expect(res.headers.get("x-ratelimit-limit-requests")).toBe("5");
    expect(res.headers.get("x-ratelimit-remaining-requests")).toBe("4");
    for (const name of ["limit", "remaining", "reset"])
      expect(res.headers.get(`x-ratelimit-${name}-tokens`), name).toBeNull();
    // With the caller's own key, the provider's figures are about the caller's account.
    expect(res.headers.get("x-upstream-ratelimit-limit-tokens")).toBe("30000000");
    expect(res.headers.get("x-upstream-ratelimit-remaining-requests")).toBe("9999");
    expect(res.headers.get("openai-organization")).toBe("org-provider-account");
    // Floodgate's own headers are Floodgate's: the tier is the caller's, no warning at 1 of 5.
    expect(res.headers.get("x-floodgate-tier")).toBe("free");
    expect(res.headers.get("x-floodgate-warning")).toBeNull();
    // A provider's cookies are not set on Floodgate's domain.
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("with the project's stored key, tells the caller nothing of the account behind it", async () => {
    const t = await storedKeyTenant("binding://GATEWAY_ECHO/v1/provider-headers");
    const res = await call("POST", "/v1/chat/completions", {
      headers: { "x-project-key": t.publishableKey.key, "x-identity": "stored-account-user" },
      body: { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] },
    });
    await expectJson(res, 200);
    expect(res.headers.get("x-origin")).toBe("gateway-echo");
    const leaked = [...res.headers.keys()].filter((name) =>
      /ratelimit|^openai-(organization|project)$/.test(name),
    );
    expect(leaked).toEqual([]);
  });

  it("with the project's stored key, answers the provider refusing it as a 502, never its message", async () => {
    const t = await storedKeyTenant("binding://GATEWAY_ECHO/status/401");
    const headers = { "x-project-key": t.publishableKey.key, "x-identity": "stored-key-refused" };
    const chat = await call("POST", "/v1/chat/completions", {
      headers,
      body: { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] },
    });
    const listed = await call("GET", "/v1/models", { headers });
    for (const res of [chat, listed]) {
      const error = await expectError(res, 502, "provider_key_rejected");
      expect(error).toMatchObject({
        type: "upstream_error",
        message: "The upstream provider refused this project's stored key (HTTP 401).",
        upstream_status: 401,
      });
    }
    // With the caller's own key, the provider's 401 is the caller's to read, as it came.
    const own = await newTenant({
      routes: [{ models: ["*"], provider: "custom", baseUrl: "binding://GATEWAY_ECHO/status/401" }],
    });
    const passed = await call("POST", "/v1/chat/completions", {
      headers: { "x-project-key": own.publishableKey.key, "x-identity": "own-key" },
      body: { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] },
    });
    expect(passed.status).toBe(401);
    expect(await passed.text()).toBe("status 401");
  });

  it("with the project's stored key, answers the provider's 429 in Floodgate's words, keeping when to retry", async () => {
    const t = await storedKeyTenant("binding://GATEWAY_ECHO/status/429");
    const res = await call("POST", "/v1/chat/completions", {
      headers: { "x-project-key": t.publishableKey.key, "x-identity": "stored-key-limited" },
      body: { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] },
    });
    expect(res.headers.get("retry-after")).toBe("7");
    expect(res.headers.get("x-should-retry")).toBe("true");
    const error = await expectError(res, 429, "upstream_rate_limited");
    expect(error).toMatchObject({
      type: "rate_limit_exceeded",
      message: "The upstream provider is rate-limiting this project. Try again shortly.",
    });
    expect(JSON.stringify(error)).not.toContain("org-provider-account");
    // With the caller's own key, the limit is the caller's account's, passed on as it came.
    const own = await newTenant({
      routes: [{ models: ["*"], provider: "custom", baseUrl: "binding://GATEWAY_ECHO/status/429" }],
    });
    const passed = await call("POST", "/v1/chat/completions", {
      headers: { "x-project-key": own.publishableKey.key, "x-identity": "own-key-limited" },
      body: { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] },
    });
    expect(passed.status).toBe(429);
    expect(await passed.text()).toContain("org-provider-account");
  });
  it("follows no redirect of the provider's, which would take the key along", async () => {
    for (const keyMode of ["stored", "caller"] as const) {
      const t =
        keyMode === "stored"
          ? await storedKeyTenant("binding://GATEWAY_ECHO/redirect/v1")
          : await newTenant({
              routes: [
                {
                  models: ["*"],
                  provider: "custom",
                  baseUrl: "binding://GATEWAY_ECHO/redirect/v1",
                },
              ],
            });
      const res = await call("POST", "/v1/chat/completions", {
        headers: {
          "x-project-key": t.publishableKey.key,
          "x-identity": `redirected-${keyMode}`,
          authorization: "Bearer sk-caller-key",
        },
        body: { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] },
      });
      expect(res.headers.get("location"), keyMode).toBeNull();
      const error = await expectError(res, 502, "upstream_error");
      expect(error, keyMode).toMatchObject({
        type: "upstream_error",
        message:
          "The upstream provider answered with a redirect (HTTP 307); the project's provider URL needs fixing.",
        upstream_status: 307,
      });
      expect(JSON.stringify(error)).not.toContain("sk-");
    }
  });
});
