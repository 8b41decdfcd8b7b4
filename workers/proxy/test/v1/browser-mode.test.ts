import { beforeAll, describe, expect, it } from "vitest";
import { createRule, createTier, newTenant, type Tenant } from "../api/fixtures";
import { call, expectError, expectJson } from "../api/helpers";

/**
 * Browser mode: a project's `allowedOrigins` lets pages on those origins call /v1 directly. The
 * preflight is answered for any origin (it carries no project key); the real request is checked
 * against the allow-list, and every answer to a page names its origin so the page can read it.
 */
describe("browser mode", () => {
  let t: Tenant;
  beforeAll(async () => {
    t = await newTenant({
      allowedOrigins: ["https://app.example.com/", "https://*.example.org"],
      routes: [{ models: ["*"], provider: "custom", baseUrl: "binding://GATEWAY_ECHO/v1" }],
    });
    await createTier(t.owner.accessToken, t.project.id, { name: "free", isDefault: true });
    await createRule(t.owner.accessToken, t.project.id, {
      tier: "free",
      metric: "requests",
      window: { kind: "rolling", durationMs: 60_000 },
      limit: 2,
    });
  });

  const chat = (identity: string, headers: Record<string, string> = {}) =>
    call("POST", "/v1/chat/completions", {
      headers: { "x-project-key": t.publishableKey.key, "x-identity": identity, ...headers },
      body: { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] },
    });

  it("answers a preflight from any origin, reflecting the requested headers", async () => {
    const res = await call("OPTIONS", "/v1/chat/completions", {
      headers: {
        origin: "https://anywhere.example.net",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type,x-project-key,x-identity,x-stainless-os",
      },
    });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    expect(Object.fromEntries(res.headers)).toMatchObject({
      "access-control-allow-origin": "https://anywhere.example.net",
      "access-control-allow-methods": "GET, POST, OPTIONS",
      "access-control-allow-headers": "content-type,x-project-key,x-identity,x-stainless-os",
      "access-control-max-age": "600",
    });
    expect(res.headers.get("vary")).toContain("Origin");
  });

  it("lets an allowed origin call, and exposes the rate-limit headers to the page", async () => {
    for (const origin of ["https://app.example.com", "https://EU.example.org"]) {
      const res = await chat(`browser-ok-${origin}`, { origin });
      const body = await expectJson<{ path: string }>(res, 200);
      expect(body.path).toBe("/v1/chat/completions");
      expect(res.headers.get("access-control-allow-origin")).toBe(origin);
      const exposed = (res.headers.get("access-control-expose-headers") ?? "").split(", ");
      for (const name of [
        "x-request-id",
        "retry-after-ms",
        "x-should-retry",
        "x-ratelimit-remaining-requests",
        "x-ratelimit-reset-requests",
      ]) {
        expect(exposed).toContain(name);
      }
      expect(res.headers.get("x-ratelimit-limit-requests")).toBe("2");
      expect(res.headers.get("x-ratelimit-remaining-requests")).toBe("1");
      expect(res.headers.get("vary")).toContain("Origin");
      expect(res.headers.get("x-request-id")).toMatch(/\S/);
    }
  });

  it("turns away an origin off the list with 403 naming it, readable by the page", async () => {
    for (const origin of [
      "https://evil.example.com",
      "https://example.org",
      "http://app.example.com",
    ]) {
      const res = await chat("browser-denied", { origin });
      const error = await expectError(res, 403, "origin_not_allowed");
      expect(error.message).toContain(origin);
      expect(res.headers.get("access-control-allow-origin")).toBe(origin);
      expect(res.headers.get("x-request-id")).toMatch(/\S/);
    }
    // Nothing was counted for the identity: its first allowed call still has its whole allowance.
    const res = await chat("browser-denied", { origin: "https://app.example.com" });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-ratelimit-remaining-requests")).toBe("1");
  });

  it("gives a page the 429 with its retry headers", async () => {
    const origin = "https://app.example.com";
    for (let i = 0; i < 2; i++) expect((await chat("browser-429", { origin })).status).toBe(200);
    const res = await chat("browser-429", { origin });
    await expectError(res, 429, "limit_exceeded");
    expect(res.headers.get("access-control-allow-origin")).toBe(origin);
    expect(res.headers.get("access-control-expose-headers")).toContain("retry-after-ms");
    expect(Number(res.headers.get("retry-after-ms"))).toBeGreaterThan(0);
  });

  it("adds no CORS headers for an app or a server (no Origin), only Vary", async () => {
    const res = await chat("browser-app");
    await expectJson(res, 200);
    const corsHeaders = [...res.headers.keys()].filter((n) => n.startsWith("access-control-"));
    expect(corsHeaders).toEqual([]);
    expect(res.headers.get("vary")).toBe("Origin");
    expect(res.headers.get("x-request-id")).toMatch(/\S/);
    expect(res.headers.get("x-ratelimit-remaining-requests")).toBe("1");
  });
});
