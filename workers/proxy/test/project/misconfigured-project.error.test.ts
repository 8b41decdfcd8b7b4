import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { newTenant } from "../api/fixtures";
import { call, expectError } from "../api/helpers";
import { consumerKey, gatewayTenant, gw } from "../gateway/gateway-fixtures";

/** Settings a project may hold from before a rule that now refuses them (a URL with a fragment). */
const stale = { gatewayOrigin: "https://origin.example/base#old" };

async function storeSettings(projectId: string, settings: Record<string, unknown>) {
  await env.DB.prepare(
    "UPDATE projects SET settings = ?, config_version = config_version + 1 WHERE id = ?",
  )
    .bind(JSON.stringify(settings), projectId)
    .run();
}

const message =
  "This project's configuration can't be used; its owner can see why in the service's logs.";

describe("a project whose stored configuration can't be used", () => {
  it("answers /v1 callers 503 project_misconfigured, telling nothing of the settings", async () => {
    const t = await newTenant();
    await storeSettings(t.project.id, stale);
    const res = await call("POST", "/v1/chat/completions", {
      headers: { "x-project-key": t.publishableKey.key, "x-identity": "misconfigured-user" },
      body: { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] },
    });
    const error = await expectError(res, 503, "project_misconfigured");
    expect(error).toMatchObject({ type: "api_error", message });
    expect(JSON.stringify(error)).not.toContain("origin.example");
  });

  it("answers gateway consumers the same", async () => {
    const t = await gatewayTenant();
    const key = await consumerKey(t, "free");
    await storeSettings(t.project.id, stale);
    const error = await expectError(await gw(t.slug, key.key), 503, "project_misconfigured");
    expect(error).toMatchObject({ type: "api_error", message });
  });
});
