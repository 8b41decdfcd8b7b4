import { beforeAll, describe, expect, it } from "vitest";
import type { Tenant } from "../api/fixtures";
import { call } from "../api/helpers";
import { meteredTenant, used as usedBy } from "./metered-tenant";

const toolCall = (args: string, name?: string) => ({
  choices: [
    {
      index: 0,
      delta: {
        tool_calls: [{ index: 0, function: { ...(name ? { name } : {}), arguments: args } }],
      },
    },
  ],
});

/**
 * A stream cut before the provider's usage is settled with what it delivered — whatever the
 * model was generating: text, or the arguments of a tool call. Only a stream that delivered
 * nothing is refunded.
 */
describe("streams cut before their usage", () => {
  let t: Tenant;
  beforeAll(async () => {
    t = await meteredTenant("binding://GATEWAY_ECHO/replay-cut/v1");
  });
  const used = (identity: string) => usedBy(t, identity);
  const streamed = async (path: string, identity: string, body: Record<string, unknown>) => {
    const res = await call("POST", path, {
      headers: { "x-project-key": t.publishableKey.key, "x-identity": identity },
      body: { model: "gpt-4o-mini", stream: true, ...body },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    // What reached the client before the cut.
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let received = "";
    for (;;) {
      const next = await reader.read().catch(() => null);
      if (!next || next.done) return received;
      received += decoder.decode(next.value, { stream: true });
    }
  };

  it("settles a chat stream cut midway through a tool call with the arguments it delivered", async () => {
    const text = await streamed("/v1/chat/completions", "tool-call-cut", {
      messages: [{ role: "user", content: "hi" }],
      replay_events: [toolCall("", "get_weather"), toolCall('{"city":'), toolCall('"Oslo"}')],
    });
    expect(text).toContain("get_weather");
    expect(text).toContain('\\"Oslo\\"}');
    // 8 input tokens estimated for "hi"; "get_weather" and '{"city":"Oslo"}' are 26 characters: 7.
    expect(await used("tool-call-cut")).toEqual({ requests: 1, tokens: 8 + 7 });
  });

  it("settles a Responses stream cut midway through function-call arguments", async () => {
    const text = await streamed("/v1/responses", "responses-call-cut", {
      input: "hi",
      replay_events: [
        { type: "response.created", response: { id: "resp_1" } },
        { type: "response.function_call_arguments.delta", delta: '{"city":' },
        { type: "response.function_call_arguments.delta", delta: '"Oslo"}' },
      ],
    });
    expect(text).toContain("response.function_call_arguments.delta");
    // 1 input token estimated for "hi"; 15 characters of arguments: 4.
    expect(await used("responses-call-cut")).toEqual({ requests: 1, tokens: 1 + 4 });
  });

  it("counts a Responses stream that ended incomplete without usage or text, like a finished chat", async () => {
    await streamed("/v1/responses", "responses-incomplete", {
      input: "hi",
      replay_events: [
        { type: "response.created", response: { id: "resp_1" } },
        {
          type: "response.incomplete",
          response: { id: "resp_1", incomplete_details: { reason: "max_output_tokens" } },
        },
      ],
    });
    // The provider read the input and answered (with nothing): 1 input token estimated for "hi".
    expect(await used("responses-incomplete")).toEqual({ requests: 1, tokens: 1 });
  });

  it("refunds a stream cut before it delivered anything", async () => {
    await streamed("/v1/chat/completions", "nothing-delivered", {
      messages: [{ role: "user", content: "hi" }],
      replay_events: [{ choices: [{ index: 0, delta: { role: "assistant", content: "" } }] }],
    });
    expect(await used("nothing-delivered")).toEqual({ requests: 0, tokens: 0 });
  });
});
