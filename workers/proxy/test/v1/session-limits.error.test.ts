import { describe, expect, it } from "vitest";
import { newTenant } from "../api/fixtures";
import { call, expectError, expectJson } from "../api/helpers";

describe("session rules", () => {
  it("of the same metric and window apply the lower limit instead of failing every session call", async () => {
    const t = await newTenant({
      routes: [{ models: ["*"], provider: "custom", baseUrl: "binding://GATEWAY_ECHO/v1" }],
      sessionRules: [
        { metric: "requests", windowMs: 60_000, limit: 10 },
        { metric: "requests", windowMs: 60_000, limit: 1 },
      ],
    });
    const headers = {
      "x-project-key": t.publishableKey.key,
      "x-identity": "session-user",
      "x-session": "chat-1",
    };
    const chat = () =>
      call("POST", "/v1/chat/completions", {
        headers,
        body: { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] },
      });
    await expectJson(await chat(), 200);
    await expectError(await chat(), 429, "limit_exceeded");
    const limits = await expectJson<{ rules: { id: string; limit: number; used: number }[] }>(
      await call("GET", "/v1/limits", { headers }),
      200,
    );
    expect(limits.rules).toEqual([
      expect.objectContaining({ id: "session:requests:60000ms", limit: 1, used: 1 }),
    ]);
  });
});
