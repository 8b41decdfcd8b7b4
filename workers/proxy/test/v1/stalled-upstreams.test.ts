import { beforeAll, describe, expect, it } from "vitest";
import type { Tenant } from "../api/fixtures";
import { call, expectError } from "../api/helpers";
import { meteredTenant, used as usedBy } from "./metered-tenant";

const idleMs = 1_000;

/** Reads a whole body; answers its text, or null if it failed instead of ending. */
async function readToEnd(res: Response): Promise<string | null> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const next = await reader.read().catch(() => null);
    if (!next) return null;
    if (next.done) return text;
    text += decoder.decode(next.value, { stream: true });
  }
}

/** The `data:` of each event of a stream. */
const eventData = (text: string) =>
  text
    .split("\n\n")
    .filter((e) => e.startsWith("data: "))
    .map((e) => e.slice("data: ".length));

const chunk = (content: string) => ({ choices: [{ index: 0, delta: { content } }] });

/**
 * A provider that sends its head (and maybe some of its answer) and then nothing more is given up
 * on after `upstreamIdleTimeoutMs` of silence: the client is never left hanging, and what it was
 * delivered is counted.
 */
describe("upstreams that stall after their head", () => {
  let streams: Tenant;
  let whole: Tenant;
  beforeAll(async () => {
    const settings = { upstreamIdleTimeoutMs: idleMs };
    streams = await meteredTenant("binding://GATEWAY_ECHO/replay-hold/v1", settings);
    whole = await meteredTenant("binding://GATEWAY_ECHO/hold/v1", settings);
  });
  const post = (t: Tenant, path: string, identity: string, body: Record<string, unknown>) =>
    call("POST", path, {
      headers: { "x-project-key": t.publishableKey.key, "x-identity": identity },
      body: { model: "gpt-4o-mini", ...body },
    });

  it("ends a stalled chat stream with an error event the SDK raises, and counts what it delivered", async () => {
    const startedAt = Date.now();
    const res = await post(streams, "/v1/chat/completions", "chat-stall", {
      stream: true,
      messages: [{ role: "user", content: "hi" }],
      replay_events: [
        { choices: [{ index: 0, delta: { role: "assistant", content: "" } }] },
        chunk("Hello there"),
      ],
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-ratelimit-limit-requests")).toBe("1000000");
    const text = await readToEnd(res);
    expect(text, "the stream ends cleanly").not.toBeNull();
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(idleMs);
    const events = eventData(text ?? "");
    expect(events).toHaveLength(3);
    expect(events[1]).toContain("Hello there");
    expect(JSON.parse(events[2] ?? "")).toEqual({
      error: {
        message: `The upstream provider stopped sending its answer for ${idleMs} ms.`,
        type: "upstream_error",
        code: "upstream_timeout",
        param: null,
        request_id: res.headers.get("x-request-id"),
      },
    });
    expect(text).not.toContain("[DONE]");
    // 8 input tokens estimated for "hi"; "Hello there" is 11 characters: 3.
    expect(await usedBy(streams, "chat-stall")).toEqual({ requests: 1, tokens: 8 + 3 });
  });

  it("ends a stalled Responses stream the same way", async () => {
    const res = await post(streams, "/v1/responses", "responses-stall", {
      stream: true,
      input: "hi",
      replay_events: [
        { type: "response.created", response: { id: "resp_1" } },
        { type: "response.output_text.delta", delta: "Hello" },
      ],
    });
    const events = eventData((await readToEnd(res)) ?? "");
    expect(events).toHaveLength(3);
    expect(JSON.parse(events[2] ?? "").error.code).toBe("upstream_timeout");
    // 1 input token estimated for "hi"; "Hello" is 5 characters: 2.
    expect(await usedBy(streams, "responses-stall")).toEqual({ requests: 1, tokens: 1 + 2 });
  });

  it("refunds a stream that stalled before it delivered anything", async () => {
    const res = await post(streams, "/v1/chat/completions", "stall-empty", {
      stream: true,
      messages: [{ role: "user", content: "hi" }],
      replay_events: [],
    });
    const events = eventData((await readToEnd(res)) ?? "");
    expect(events.map((e) => JSON.parse(e).error?.code)).toEqual(["upstream_timeout"]);
    expect(await usedBy(streams, "stall-empty")).toEqual({ requests: 0, tokens: 0 });
  });

  it("answers a stalled whole answer 504 upstream_timeout with the rate-limit headers, refunded", async () => {
    const res = await post(whole, "/v1/chat/completions", "whole-stall", {
      messages: [{ role: "user", content: "hi" }],
      max_tokens: 50,
    });
    expect(res.headers.get("x-ratelimit-limit-requests")).toBe("1000000");
    expect(res.headers.get("x-ratelimit-remaining-requests")).toBe("999999");
    const error = await expectError(res, 504, "upstream_timeout");
    expect(error).toMatchObject({
      type: "upstream_error",
      message: `The upstream provider stopped sending its answer for ${idleMs} ms.`,
      request_id: res.headers.get("x-request-id"),
    });
    expect(await usedBy(whole, "whole-stall")).toEqual({ requests: 0, tokens: 0 });
  });
});
