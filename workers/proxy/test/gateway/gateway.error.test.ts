import { exports } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { newTenant } from "../api/fixtures";
import { call, expectError } from "../api/helpers";
import { consumerKey, gatewayTenant, gw, requestsUsed } from "./gateway-fixtures";

describe("gateway errors", () => {
  it("answers 401 without a key, with a malformed key and with an unknown key", async () => {
    const t = await gatewayTenant();
    await expectError(await gw(t.slug, null), 401, "missing_api_key");
    await expectError(await gw(t.slug, "not-a-key"), 401, "invalid_api_key");
    await expectError(await gw(t.slug, "fg_unknownkey0000000000000000000"), 401, "invalid_api_key");
    await expectError(
      await call("GET", `/gw/${t.slug}/x`, { token: t.secretKey.key }),
      401,
      "missing_api_key",
    );
  });

  it("answers 404 for an unknown project and 503 when the project has no origin", async () => {
    const t = await gatewayTenant();
    const { key } = await consumerKey(t, "free");
    await expectError(await gw("no-such-project-here", key), 404, "project_not_found");
    await expectError(await gw("Bad_Slug!", key), 404, "project_not_found");
    const bare = await newTenant();
    await call("POST", `/api/projects/${bare.project.id}/tiers`, {
      token: bare.owner.accessToken,
      body: { name: "free" },
    });
    const k = await consumerKey(bare, "free");
    await expectError(await gw(bare.project.slug, k.key), 503, "gateway_not_configured");
  });

  it.each([
    ["is unreachable", "http://127.0.0.1:9/"],
    ["is a binding the deployment lacks", "binding://NO_SUCH_BINDING/base"],
  ])(
    "answers 502 when the origin %s, with the decision's headers, and refunds",
    async (_, origin) => {
      const t = await gatewayTenant(origin);
      const { key, identity } = await consumerKey(t, "free");
      // Seven failures in a row: more than the 5 per minute, yet never a 429.
      for (let i = 0; i < 7; i++) {
        const res = await gw(t.slug, key);
        expect(res.headers.get("x-ratelimit-limit")).toBe("5");
        expect(res.headers.get("x-ratelimit-remaining")).toMatch(/^[0-4]$/);
        await expectError(res, 502, "origin_unavailable");
      }
      await vi.waitFor(async () => expect(await requestsUsed(t, identity)).toEqual([0, 0]), {
        timeout: 3_000,
        interval: 100,
      });
    },
  );

  it("answers 400-free JSON errors in the envelope for every failure", async () => {
    const t = await gatewayTenant();
    const res = await gw(t.slug, null);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });
});

/**
 * Reads a body until it ends or fails, or until `withinMs` pass (then it is cancelled): the text
 * it delivered and how it finished.
 */
async function readWithin(res: Response, withinMs: number) {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const deadline = new Promise<"hung">((resolve) => {
    timer = setTimeout(() => resolve("hung"), withinMs);
  });
  let text = "";
  try {
    for (;;) {
      const next = await Promise.race([reader.read().catch(() => "error" as const), deadline]);
      if (next === "hung" || next === "error") return { text, end: next };
      if (next.done) return { text, end: "done" as const };
      text += decoder.decode(next.value, { stream: true });
    }
  } finally {
    clearTimeout(timer);
    reader.cancel().catch(() => {});
  }
}

describe("an origin that stops sending its body", () => {
  const idleMs = 1_000;

  it("is given up on after upstreamIdleTimeoutMs: the caller's stream fails, counted like a body the origin cut", async () => {
    // The geo-router's pools are mock origins, whose streams can stall or break off mid-answer.
    const t = await gatewayTenant("binding://ORIGIN_ROUTER", { upstreamIdleTimeoutMs: idleMs });
    const { key, identity } = await consumerKey(t, "basic");
    const stream = (cutMode: "stall" | "abort") =>
      gw(t.slug, key, "/v1/chat/completions", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-mock-cut-after": "2",
          "x-mock-cut-mode": cutMode,
        },
        body: JSON.stringify({
          model: "gpt-4o-mini",
          stream: true,
          messages: [{ role: "user", content: "hi" }],
        }),
      });
    const events = (text: string) => text.split("\n\n").filter((e) => e.startsWith("data: "));

    const startedAt = Date.now();
    const stalled = await stream("stall");
    expect(stalled.status).toBe(200);
    expect(stalled.headers.get("content-type")).toContain("text/event-stream");
    expect(stalled.headers.get("x-ratelimit-limit")).toBe("20");
    expect(stalled.headers.get("x-ratelimit-remaining")).toBe("19");
    expect(stalled.headers.get("x-floodgate-origin")).toBe("origin-us");
    const read = await readWithin(stalled, idleMs + 2_000);
    expect(read.end, "the stream fails instead of hanging").toBe("error");
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(idleMs);
    // What the origin sent before it went quiet was passed on: the role chunk and one word.
    expect(events(read.text)).toHaveLength(2);
    expect(events(read.text)[0]).toContain('"role":"assistant"');
    expect(read.text).not.toContain("[DONE]");

    // The same as an origin that breaks its body off, for the caller and for the limits.
    const cut = await readWithin(await stream("abort"), idleMs + 2_000);
    expect([cut.end, events(cut.text).length]).toEqual(["error", 2]);
    await vi.waitFor(async () => expect(await requestsUsed(t, identity)).toEqual([2, 2]), {
      timeout: 3_000,
      interval: 100,
    });
  }, 15_000);
});

describe("a gateway caller that leaves before the origin answers", () => {
  it("gets its request back, not kept counted", async () => {
    const t = await gatewayTenant("binding://GATEWAY_ECHO", { upstreamTimeoutMs: 5_000 });
    const { key, identity } = await consumerKey(t, "free");
    const request = exports.default.fetch(`http://proxy/gw/${t.slug}/delay/1500`, {
      headers: { "x-api-key": key },
      signal: AbortSignal.timeout(200),
    });
    await expect(request).rejects.toThrow(/abort|timeout/i);
    await vi.waitFor(async () => expect(await requestsUsed(t, identity)).toEqual([0, 0]), {
      timeout: 1_000,
      interval: 50,
    });
  });
});
