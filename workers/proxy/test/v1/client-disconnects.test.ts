import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Tenant } from "../api/fixtures";
import { call } from "../api/helpers";
import { meteredTenant, used } from "./metered-tenant";
import { readUntil } from "./read-until";

/**
 * A client that goes away in the middle of a stream (the provider still sending) is counted for
 * what it was delivered, before the provider's usage ever came.
 */
describe("clients that leave mid-stream", () => {
  let t: Tenant;
  beforeAll(async () => {
    t = await meteredTenant("binding://GATEWAY_ECHO/replay-hold/v1");
  });

  it("settles a chat stream with the text delivered before the client left", async () => {
    const res = await call("POST", "/v1/chat/completions", {
      headers: { "x-project-key": t.publishableKey.key, "x-identity": "left-chat" },
      body: {
        model: "gpt-4o-mini",
        stream: true,
        messages: [{ role: "user", content: "hi" }],
        replay_events: [
          { choices: [{ index: 0, delta: { role: "assistant", content: "" } }] },
          { choices: [{ index: 0, delta: { content: "Hello there" } }] },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(await readUntil(res, "Hello there")).toContain("Hello there");
    // 8 input tokens estimated for "hi"; "Hello there" is 11 characters: 3.
    expect(await used(t, "left-chat")).toEqual({ requests: 1, tokens: 8 + 3 });
  });

  it("refunds a stream the client left before anything was generated", async () => {
    const res = await call("POST", "/v1/responses", {
      headers: { "x-project-key": t.publishableKey.key, "x-identity": "left-early" },
      body: {
        model: "gpt-4o-mini",
        stream: true,
        input: "hi",
        replay_events: [{ type: "response.created", response: { id: "resp_1" } }],
      },
    });
    await readUntil(res, "response.created");
    expect(await used(t, "left-early")).toEqual({ requests: 0, tokens: 0 });
  });
});

describe("clients that leave before the provider answers", () => {
  it("cancel the provider call and get the reservation back, with no upstream error", async () => {
    // The provider takes 1.5 s to answer; the client gives up after 200 ms.
    const slow = await meteredTenant("binding://GATEWAY_ECHO/delay/1500");
    const request = exports.default.fetch("http://proxy/v1/chat/completions", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-project-key": slow.publishableKey.key,
        "x-identity": "left-waiting",
      },
      body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }),
      signal: AbortSignal.timeout(200),
    });
    await expect(request).rejects.toThrow(/abort|timeout/i);
    // Refunded when the client left, long before the provider would have answered (and been
    // counted): the request is not left reserved or settled.
    await vi.waitFor(
      async () => expect(await used(slow, "left-waiting")).toEqual({ requests: 0, tokens: 0 }),
      { timeout: 3000, interval: 50 },
    );
  });
});
