import { env, exports } from "cloudflare:workers";
import { errorEnvelopeSchema } from "@floodgate/contracts";
import { describe, expect, it, vi } from "vitest";
import { createApp } from "../src/app";

const ctx = {
  waitUntil() {},
  passThroughOnException() {},
  props: {},
} as unknown as ExecutionContext;

describe("the error envelope", () => {
  it("answers unknown routes with 404 in the envelope, with the request id", async () => {
    const res = await exports.default.fetch("http://proxy/nope", {
      headers: { "x-request-id": "req_abc" },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(res.headers.get("x-request-id")).toBe("req_abc");
    const body = errorEnvelopeSchema.parse(await res.json());
    expect(body.error).toMatchObject({
      type: "not_found_error",
      code: "unknown_route",
      param: null,
      request_id: "req_abc",
    });
    expect(body.error.message).toContain("GET /nope");
  });

  it("generates a request id when the caller sends none or a malformed one", async () => {
    const a = await exports.default.fetch("http://proxy/nope");
    const b = await exports.default.fetch("http://proxy/nope", {
      headers: { "x-request-id": "bad id\u0001" },
    });
    for (const res of [a, b]) {
      const id = res.headers.get("x-request-id");
      expect(id).toMatch(/^req_[0-9a-f]{32}$/);
      const body = errorEnvelopeSchema.parse(await res.json());
      expect(body.error.request_id).toBe(id);
    }
    expect(a.headers.get("x-request-id")).not.toBe(b.headers.get("x-request-id"));
  });

  it("turns an unexpected exception into a generic 500 and logs the details", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const app = createApp();
    app.get("/boom", () => {
      throw new Error("database password is hunter2");
    });
    const res = await app.fetch(new Request("http://proxy/boom"), env, ctx);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("at ");
    const body = errorEnvelopeSchema.parse(JSON.parse(text));
    expect(body.error).toMatchObject({ type: "api_error", code: "internal_error" });
    expect(body.error.request_id).toBe(res.headers.get("x-request-id"));
    expect(errors.mock.calls.flat().join(" ")).toContain("hunter2");
    errors.mockRestore();
  });

  it("answers a misconfigured deployment with a 500 that does not say what is wrong", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const broken = { ...env, DB: undefined, CONFIG_CACHE_TTL_MS: "soon" } as unknown as Env;
    const res = await createApp().fetch(new Request("http://proxy/health"), broken, ctx);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("DB");
    expect(text).not.toContain("CONFIG_CACHE_TTL_MS");
    const body = errorEnvelopeSchema.parse(JSON.parse(text));
    expect(body.error).toMatchObject({ type: "api_error", code: "internal_error" });
    const logged = errors.mock.calls.flat().join(" ");
    expect(logged).toContain("DB");
    expect(logged).toContain("CONFIG_CACHE_TTL_MS");
    errors.mockRestore();
  });
});

describe("GET /health", () => {
  it("queries D1 and reports the applied migrations", async () => {
    const res = await exports.default.fetch("http://proxy/health");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBeTruthy();
    const body = (await res.json()) as { status: string; d1: { ok: boolean; migrations: number } };
    expect(body.status).toBe("ok");
    expect(body.d1.ok).toBe(true);
    expect(body.d1.migrations).toBe(env.TEST_MIGRATIONS.length);
  });

  it("answers 503 in the envelope when D1 fails", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const failingDb = {
      prepare() {
        throw new Error("D1_ERROR: no such table");
      },
    };
    const res = await createApp().fetch(
      new Request("http://proxy/health"),
      { ...env, DB: failingDb } as unknown as Env,
      ctx,
    );
    expect(res.status).toBe(503);
    const body = errorEnvelopeSchema.parse(await res.json());
    expect(body.error).toMatchObject({ code: "database_unavailable", type: "api_error" });
    expect(JSON.stringify(body)).not.toContain("no such table");
    errors.mockRestore();
  });
});
