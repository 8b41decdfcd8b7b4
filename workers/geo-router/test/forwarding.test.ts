import { env } from "cloudflare:workers";
import { errorEnvelopeSchema } from "@floodgate/contracts";
import { describe, expect, it, vi } from "vitest";
import { controlOrigin, type Echo, routerWith, twoOriginPool, uid } from "./support/router";

/** A pool of two control origins, `a` tried first (round robin on a fresh pool). */
function twoOrigins(vars: Record<string, string> = {}) {
  // Keep passive ejection out of the way of these tests.
  return twoOriginPool("fwd", { ejection: { consecutiveFailures: 1_000 } }, vars);
}

describe("forwarding", () => {
  it("preserves method, path, query, body and end-to-end headers; sets x-forwarded-*; strips hop-by-hop both ways", async () => {
    const { router } = twoOrigins();
    const res = await router.fetch("/v1/things/42?expand=true", {
      method: "PATCH",
      headers: {
        authorization: "Bearer sk-test",
        "content-type": "application/json",
        "x-custom": "kept",
        "cf-connecting-ip": "198.51.100.7",
        "x-forwarded-for": "203.0.113.1",
        "x-request-id": "req_fwd1",
        connection: "x-hop-secret",
        "x-hop-secret": "dropped",
        "keep-alive": "timeout=5",
        te: "trailers",
      },
      body: JSON.stringify({ name: "widget" }),
    });
    expect(res.status).toBe(200);
    const echo = (await res.json()) as Echo;
    expect(echo).toMatchObject({
      method: "PATCH",
      path: "/v1/things/42",
      query: "?expand=true",
      body: '{"name":"widget"}',
    });
    expect(echo.headers).toMatchObject({
      authorization: "Bearer sk-test",
      "content-type": "application/json",
      "x-custom": "kept",
      "x-forwarded-for": "203.0.113.1, 198.51.100.7",
      "x-forwarded-proto": "https",
      "x-request-id": "req_fwd1",
    });
    for (const gone of ["x-hop-secret", "keep-alive", "te", "cf-connecting-ip"])
      expect(echo.headers).not.toHaveProperty(gone);
    // The origin's response: its own headers kept, its hop-by-hop headers gone, ours added.
    expect(res.headers.get("x-origin-tenant")).toMatch(/-a$/);
    expect(res.headers.get("x-origin-private")).toBeNull();
    expect(res.headers.get("keep-alive")).toBeNull();
    expect(res.headers.get("x-floodgate-origin")).toBe("a");
    expect(res.headers.get("x-floodgate-pool")).toMatch(/^fwd-/);
    expect(res.headers.get("x-floodgate-region")).toBe("XX/XX");
    expect(res.headers.get("x-floodgate-attempts")).toBe("1");
  });

  it("reaches an http(s) origin over the network, not only through a service binding", async () => {
    const pool = uid("net");
    const router = routerWith({
      defaultPool: pool,
      pools: [{ name: pool, origins: [{ id: "net", url: env.NETWORK_ORIGIN }] }],
    });
    const res = await router.fetch("/v1/items?page=2", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "cf-connecting-ip": "198.51.100.9",
        // As an HTTP client sends it (a Request built in a test has none).
        "content-length": "7",
      },
      body: '{"n":1}',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-floodgate-origin")).toBe("net");
    const echo = (await res.json()) as Echo;
    expect(echo).toMatchObject({
      tenant: "network",
      method: "POST",
      path: "/v1/items",
      query: "?page=2",
      body: '{"n":1}',
    });
    expect(echo.headers).toMatchObject({
      host: new URL(env.NETWORK_ORIGIN).host,
      "x-forwarded-for": "198.51.100.9",
      // The body streams through as the client framed it: with its length, not chunked.
      "content-length": "7",
    });
    expect(echo.headers).not.toHaveProperty("transfer-encoding");
  });

  it("passes an origin's 4xx and redirects through untouched (a 4xx is not a failure)", async () => {
    const { router, a, b } = twoOrigins();
    for (const status of [404, 429, 302]) {
      await a.set({ status });
      await b.set({ status });
      const res = await router.fetch("/thing");
      expect(res.status).toBe(status);
      expect(res.headers.get("x-floodgate-attempts")).toBe("1");
    }
    expect((await a.read()).requests + (await b.read()).requests).toBe(3);
  });
});

describe("retries", () => {
  it.each([
    ["GET", {}],
    ["PUT", {}],
    ["DELETE", {}],
    ["POST", { "idempotency-key": "order-17" }],
  ])(
    "%s %o after a 5xx is retried once on another origin, body intact",
    async (method, headers) => {
      const { router, a, b } = twoOrigins();
      await a.set({ status: 503 });
      const body = method === "GET" || method === "DELETE" ? undefined : '{"n":1}';
      const res = await router.fetch("/op", {
        method,
        headers: { ...headers, ...(body ? { "content-length": "7" } : {}) },
        body,
      });
      expect(res.status).toBe(200);
      expect(res.headers.get("x-floodgate-origin")).toBe("b");
      expect(res.headers.get("x-floodgate-attempts")).toBe("2");
      if (body) expect(((await res.json()) as Echo).body).toBe(body);
      expect((await a.read()).requests).toBe(1);
      expect((await b.read()).requests).toBe(1);
    },
  );

  it.each(["POST", "PATCH"])(
    "%s without an Idempotency-Key is never retried: the 5xx goes back to the client",
    async (method) => {
      const { router, a, b } = twoOrigins();
      await a.set({ status: 502 });
      const res = await router.fetch("/charge", { method, body: '{"amount":5}' });
      expect(res.status).toBe(502);
      expect(res.headers.get("x-floodgate-origin")).toBe("a");
      expect(res.headers.get("x-floodgate-attempts")).toBe("1");
      expect((await a.read()).requests).toBe(1);
      expect((await b.read()).requests).toBe(0);
    },
  );

  it("a connection error: GET goes to another origin; POST answers 502 in the envelope", async () => {
    const good = controlOrigin(uid("conn-good"));
    // A fresh pool each time, so round robin tries the refusing origin first.
    const config = () => {
      const pool = uid("conn");
      return {
        defaultPool: pool,
        pools: [
          {
            name: pool,
            origins: [
              { id: "refused", url: "http://127.0.0.1:9" },
              { id: "good", url: good.url },
            ],
            ejection: { consecutiveFailures: 1_000 },
          },
        ],
      };
    };
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const get = await routerWith(config()).fetch("/x");
    expect(get.status).toBe(200);
    expect(get.headers.get("x-floodgate-origin")).toBe("good");
    expect(get.headers.get("x-floodgate-attempts")).toBe("2");

    const post = await routerWith(config()).fetch("/x", {
      method: "POST",
      body: "{}",
      headers: { "x-request-id": "req_conn" },
    });
    expect(post.status).toBe(502);
    expect(post.headers.get("x-floodgate-origin")).toBe("refused");
    const envelope = errorEnvelopeSchema.parse(await post.json());
    expect(envelope.error).toMatchObject({
      type: "upstream_error",
      code: "origin_unreachable",
      request_id: "req_conn",
    });
    expect(JSON.stringify(envelope)).not.toContain("127.0.0.1");
    warn.mockRestore();
  });

  it("an origin that does not answer in time: GET is retried, POST answers 504", async () => {
    const { router, a } = twoOrigins({ ORIGIN_TIMEOUT_MS: "300" });
    await a.set({ delayMs: 2_000 });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const get = await router.fetch("/slow");
    expect(get.status).toBe(200);
    expect(get.headers.get("x-floodgate-origin")).toBe("b");

    const { router: router2, a: a2 } = twoOrigins({ ORIGIN_TIMEOUT_MS: "300" });
    await a2.set({ delayMs: 2_000 });
    const post = await router2.fetch("/slow", { method: "POST", body: "{}" });
    expect(post.status).toBe(504);
    expect(errorEnvelopeSchema.parse(await post.json()).error.code).toBe("origin_timeout");
    warn.mockRestore();
  });

  it("when every origin fails, the last 5xx is returned after MAX_RETRIES extra attempts", async () => {
    const { router, a, b } = twoOrigins({ MAX_RETRIES: "3" });
    await a.set({ status: 500 });
    await b.set({ status: 503 });
    const res = await router.fetch("/");
    expect(res.status).toBe(503);
    expect(res.headers.get("x-floodgate-attempts")).toBe("2"); // only two origins to try
    expect((await a.read()).requests + (await b.read()).requests).toBe(2);
  });
});

function bodyReader(res: Response): ReadableStreamDefaultReader<Uint8Array> {
  if (!res.body) throw new Error("response has no body");
  return res.body.getReader();
}

describe("streaming", () => {
  it("passes a streaming body through unbuffered: the first chunk arrives before the origin has finished", async () => {
    const { router } = twoOrigins();
    const started = Date.now();
    const res = await router.fetch("/stream");
    expect(res.status).toBe(200);
    const reader = bodyReader(res);
    const decoder = new TextDecoder();
    const first = await reader.read();
    const firstAt = Date.now() - started;
    expect(decoder.decode(first.value)).toBe("chunk-1\n");
    let rest = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
      rest += decoder.decode(chunk.value);
    const doneAt = Date.now() - started;
    expect(rest).toBe("chunk-2\nchunk-3\n");
    // The origin needs ~800 ms for the whole body; the first chunk must not wait for it.
    expect(doneAt).toBeGreaterThanOrEqual(750);
    expect(firstAt).toBeLessThan(doneAt - 500);
  });

  it("streams an OpenAI-style SSE completion from mock-origin event by event", async () => {
    const pool = uid("sse");
    const router = routerWith({
      defaultPool: pool,
      pools: [{ name: pool, origins: [{ id: "mock", url: "binding://MOCK_EU" }] }],
    });
    const started = Date.now();
    const res = await router.fetch("/v1/chat/completions", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-mock-chunks": "5",
        "x-mock-chunk-delay-ms": "150",
      },
      body: JSON.stringify({
        model: "gpt-4o-mini",
        stream: true,
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const reader = bodyReader(res);
    const decoder = new TextDecoder();
    const first = await reader.read();
    const firstAt = Date.now() - started;
    expect(decoder.decode(first.value)).toContain("data: ");
    let text = decoder.decode(first.value);
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
      text += decoder.decode(chunk.value);
    const doneAt = Date.now() - started;
    expect(text.trimEnd().endsWith("data: [DONE]")).toBe(true);
    expect(doneAt).toBeGreaterThanOrEqual(600);
    expect(firstAt).toBeLessThan(doneAt - 400);
  });

  it("counts a streaming request as outstanding until its body is done", async () => {
    const { router, pool } = twoOrigins();
    const res = await router.fetch("/stream");
    const statsDuring = (await (await router.fetch("/stats")).json()) as {
      pools: Array<{ name: string; origins: Array<{ id: string; inFlight: number }> }>;
    };
    expect(
      statsDuring.pools.find((p) => p.name === pool)?.origins.find((o) => o.id === "a")?.inFlight,
    ).toBe(1);
    await res.text();
    await router.settle();
    const statsAfter = (await (await router.fetch("/stats")).json()) as typeof statsDuring;
    expect(
      statsAfter.pools.find((p) => p.name === pool)?.origins.find((o) => o.id === "a")?.inFlight,
    ).toBe(0);
  });
});
