import { describe, expect, it } from "vitest";
import { newTenant } from "../api/fixtures";
import { call, expectJson } from "../api/helpers";

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
      },
      body: { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] },
    });
    const echoed = await expectJson<{ headers: Record<string, string> }>(res, 200);
    expect(echoed.headers).toMatchObject({
      authorization: "Bearer sk-caller-key",
      "openai-organization": "org-123",
      "x-stainless-os": "iOS",
      "content-type": "application/json",
    });
    for (const name of [
      "x-project-key",
      "x-identity",
      "x-session",
      "cf-connecting-ip",
      "x-forwarded-for",
      "x-real-ip",
      "keep-alive",
    ]) {
      expect(echoed.headers, name).not.toHaveProperty(name);
    }
    // The provider's own response headers come back.
    expect(res.headers.get("x-origin")).toBe("gateway-echo");
  });
});
