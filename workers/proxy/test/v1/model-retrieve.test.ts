import { beforeAll, describe, expect, it } from "vitest";
import { newTenant, type Tenant } from "../api/fixtures";
import { call, expectError, expectJson } from "../api/helpers";

/**
 * `GET /v1/models/{model}` (the SDK's `models.retrieve`) asks the provider the project routes that
 * model to; the echo origin answers with the path it received.
 */
describe("GET /v1/models/{model}", () => {
  let t: Tenant;
  beforeAll(async () => {
    t = await newTenant({
      routes: [
        {
          models: ["claude-*"],
          provider: "custom",
          baseUrl: "binding://GATEWAY_ECHO/anthropic/v1",
        },
        {
          models: ["gpt-*", "org/*"],
          provider: "custom",
          baseUrl: "binding://GATEWAY_ECHO/openai/v1",
        },
      ],
    });
  });
  const retrieve = (path: string) =>
    call("GET", `/v1/models/${path}`, {
      headers: { "x-project-key": t.publishableKey.key, "x-identity": "retriever" },
    });

  it("asks the provider the model is routed to", async () => {
    const gpt = await expectJson<{ method: string; path: string }>(await retrieve("gpt-4o"), 200);
    expect(gpt).toMatchObject({ method: "GET", path: "/openai/v1/models/gpt-4o" });
    const claude = await expectJson<{ path: string }>(await retrieve("claude-sonnet-4"), 200);
    expect(claude.path).toBe("/anthropic/v1/models/claude-sonnet-4");
  });

  it("routes an id holding an encoded slash by the id, and forwards the segment as it came", async () => {
    const res = await retrieve("org%2Fmodel-1");
    const body = await expectJson<{ path: string }>(res, 200);
    expect(body.path).toBe("/openai/v1/models/org%2Fmodel-1");
    expect(res.headers.get("x-request-id")).toMatch(/^req_/);
  });

  it("answers a provider's 5xx as a 502 in the envelope, for the list and for one model", async () => {
    const failing = await newTenant({
      routes: [{ models: ["*"], provider: "custom", baseUrl: "binding://GATEWAY_ECHO/status/503" }],
    });
    const headers = { "x-project-key": failing.publishableKey.key, "x-identity": "retriever" };
    for (const path of ["/v1/models", "/v1/models/gpt-4o"]) {
      const res = await call("GET", path, { headers });
      const error = await expectError(res, 502, "upstream_error");
      expect(error).toMatchObject({
        type: "upstream_error",
        message: "The upstream provider failed (HTTP 503).",
        upstream_status: 503,
      });
    }
  });

  it("answers 404 model_not_found for a model no route serves", async () => {
    const error = await expectError(await retrieve("llama-3"), 404, "model_not_found");
    expect(error.message).toBe("No provider is configured for model 'llama-3'.");
    expect(error.param).toBe("model");
  });

  it("rejects ids with dot segments or control characters, and malformed escapes", async () => {
    for (const bad of ["org%2F..%2Fchat", "gpt-4o%00", "gpt%E0%A4%A"]) {
      const error = await expectError(await retrieve(bad), 400, "invalid_model");
      expect(error.param).toBe("model");
    }
  });

  it("needs the caller's project key like every /v1 route", async () => {
    const res = await call("GET", "/v1/models/gpt-4o", { headers: { "x-identity": "nobody" } });
    const error = await expectError(res, 400);
    expect(error.param).toBe("x-project-key");
  });
});
