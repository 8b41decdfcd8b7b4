import { describe, expect, it } from "vitest";
import { newTenant } from "../api/fixtures";
import { call, expectJson } from "../api/helpers";

/** A custom base URL is honoured as configured: its path, and a query it carries. */
describe("a custom base URL", () => {
  it("keeps its query after the endpoint path (…/deployments/d?api-version=…)", async () => {
    const t = await newTenant({
      routes: [
        {
          models: ["*"],
          provider: "custom",
          baseUrl: "binding://GATEWAY_ECHO/openai/deployments/chat-4o/?api-version=2024-10-21",
        },
      ],
    });
    const headers = { "x-project-key": t.publishableKey.key, "x-identity": "azure-user" };
    const chat = await expectJson<{ path: string; search: string }>(
      await call("POST", "/v1/chat/completions", {
        headers,
        body: { model: "gpt-4o", messages: [{ role: "user", content: "hi" }] },
      }),
      200,
    );
    expect(chat).toMatchObject({
      path: "/openai/deployments/chat-4o/chat/completions",
      search: "?api-version=2024-10-21",
    });
    const model = await expectJson<{ path: string; search: string }>(
      await call("GET", "/v1/models/gpt-4o", { headers }),
      200,
    );
    expect(model).toMatchObject({
      path: "/openai/deployments/chat-4o/models/gpt-4o",
      search: "?api-version=2024-10-21",
    });
  });
});
