import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { newTenant } from "../api/fixtures";
import { call, expectError, expectJson } from "../api/helpers";
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
  "This project's configuration can't be used; its owner can see why in the project's settings or the service's logs.";

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

describe("the owner of a project whose stored settings no longer pass validation", () => {
  /** Routes and a message the owner set, with a gateway origin a newer rule refuses. */
  const kept = {
    ...stale,
    routes: [{ models: ["*"], provider: "custom", baseUrl: "binding://GATEWAY_ECHO/v1" }],
    timeZone: "Europe/Berlin",
  };

  it("sees the stored settings and what is wrong with them, not the defaults", async () => {
    const t = await newTenant();
    await storeSettings(t.project.id, kept);
    const project = await expectJson<{
      settings: Record<string, unknown>;
      settingsErrors?: { param: string; message: string }[];
    }>(await call("GET", `/api/projects/${t.project.id}`, { token: t.owner.accessToken }), 200);
    expect(project.settings).toMatchObject(kept);
    expect(project.settingsErrors).toEqual([
      { param: "settings.gatewayOrigin", message: expect.stringContaining("#fragment") },
    ]);
  });

  it("keeps the other settings when fixing one, and is told what is still wrong", async () => {
    const t = await newTenant();
    await storeSettings(t.project.id, kept);
    const path = `/api/projects/${t.project.id}`;
    const token = t.owner.accessToken;
    // Another field alone: refused, naming the field to fix, and nothing is lost.
    const refused = await expectError(
      await call("PATCH", path, { token, body: { settings: { warningThreshold: 0.9 } } }),
      400,
      "invalid_request",
    );
    expect(refused.param).toBe("settings.gatewayOrigin");
    const fixed = await expectJson<{
      settings: Record<string, unknown>;
      settingsErrors?: unknown;
    }>(
      await call("PATCH", path, {
        token,
        body: { settings: { gatewayOrigin: "https://origin.example/base" } },
      }),
      200,
    );
    expect(fixed.settings).toMatchObject({
      ...kept,
      gatewayOrigin: "https://origin.example/base",
    });
    expect(fixed).not.toHaveProperty("settingsErrors");
  });
});
