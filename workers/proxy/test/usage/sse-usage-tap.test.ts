import { describe, expect, it } from "vitest";
import { MAX_EVENT_CHARS, tapSseUsage } from "../../src/usage/sse-usage-tap";

const encoder = new TextEncoder();

/** An upstream body that hands out `chunks` one per read, and says how many were read. */
function upstreamOf(chunks: string[]) {
  let read = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[read];
      if (chunk === undefined) {
        controller.close();
        return;
      }
      read += 1;
      controller.enqueue(encoder.encode(chunk));
    },
  });
  return { body, read: () => read };
}

async function readAll(body: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(body).text();
}

const event = (json: unknown) => `data: ${JSON.stringify(json)}\n\n`;
const usageChunk = event({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 2 } });

describe("the SSE usage tap", () => {
  it("passes chat events on, reads the usage and strips its chunk when asked to", async () => {
    const upstream = upstreamOf([
      event({ choices: [{ delta: { content: "Hel" } }] }).slice(0, 20),
      event({ choices: [{ delta: { content: "Hel" } }] }).slice(20),
      event({ choices: [{ delta: { content: "lo" } }] }),
      usageChunk,
      "data: [DONE]\n\n",
    ]);
    const { body, outcome } = tapSseUsage(upstream.body, { kind: "chat", stripUsageChunk: true });
    const text = await readAll(body);
    expect(text).not.toContain("usage");
    expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
    expect(await outcome).toEqual({
      usage: { inputTokens: 3, outputTokens: 2 },
      deliveredChars: 5,
      completed: true,
      failed: false,
    });
  });

  it("passes an event with no end on as it comes, and reads the events after it", async () => {
    const piece = "x".repeat(64 * 1024);
    const pieces = Array.from({ length: 48 }, () => piece); // 3 MiB without a blank line
    const upstream = upstreamOf([`data: ${pieces[0]}`, ...pieces.slice(1), "\n\n", usageChunk]);
    const { body, outcome } = tapSseUsage(upstream.body, { kind: "chat", stripUsageChunk: false });
    const reader = body.getReader();
    const first = await reader.read();
    // The client had bytes long before the upstream's end: at most one event's worth was held.
    expect(first.done).toBe(false);
    expect(upstream.read()).toBeLessThanOrEqual(Math.ceil(MAX_EVENT_CHARS / piece.length) + 2);
    let received = (first.value as Uint8Array).byteLength;
    let text = "";
    const decoder = new TextDecoder();
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      received += next.value.byteLength;
      text = decoder.decode(next.value);
    }
    expect(received).toBe("data: ".length + 48 * piece.length + 2 + usageChunk.length);
    expect(text.endsWith(usageChunk)).toBe(true);
    const o = await outcome;
    expect(o.usage).toEqual({ inputTokens: 3, outputTokens: 2 });
    expect(o.deliveredChars).toBeGreaterThanOrEqual(48 * piece.length);
  });

  it("counts every generated delta of a chat stream cut before its usage: tool calls, refusals, reasoning", async () => {
    const upstream = upstreamOf([
      event({ choices: [{ delta: { role: "assistant", content: null } }] }),
      event({
        choices: [
          {
            delta: {
              tool_calls: [
                {
                  index: 0,
                  id: "call_1",
                  type: "function",
                  function: { name: "get_weather", arguments: "" },
                },
              ],
            },
          },
        ],
      }),
      event({
        choices: [{ delta: { tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] } }],
      }),
      event({
        choices: [{ delta: { tool_calls: [{ index: 0, function: { arguments: '"Oslo"}' } }] } }],
      }),
      event({ choices: [{ delta: { function_call: { arguments: "{}" } } }] }),
      event({ choices: [{ delta: { refusal: "No." } }] }),
      event({ choices: [{ delta: { reasoning_content: "Hmm" } }, { delta: { reasoning: "ok" } }] }),
    ]);
    const { body, outcome } = tapSseUsage(upstream.body, { kind: "chat", stripUsageChunk: true });
    await readAll(body);
    // "get_weather" 11 + '{"city":' 8 + '"Oslo"}' 7 + "{}" 2 + "No." 3 + "Hmm" 3 + "ok" 2
    expect(await outcome).toEqual({
      usage: null,
      deliveredChars: 36,
      completed: false,
      failed: false,
    });
  });

  it("counts a Responses stream's text, function-call arguments and reasoning, not its audio", async () => {
    const typed = (type: string, delta: string) => `event: ${type}\n${event({ type, delta })}`;
    const upstream = upstreamOf([
      typed("response.output_text.delta", "Hello"),
      typed("response.function_call_arguments.delta", '{"q":1}'),
      typed("response.reasoning_summary_text.delta", "why"),
      typed("response.refusal.delta", "no"),
      typed("response.audio.transcript.delta", "hi"),
      typed("response.audio.delta", "UklGRiQAAABXQVZFZm10"),
      typed("response.output_audio.delta", "UklGRiQAAABXQVZFZm10"),
    ]);
    const { body, outcome } = tapSseUsage(upstream.body, {
      kind: "responses",
      stripUsageChunk: false,
    });
    await readAll(body);
    expect(await outcome).toEqual({
      usage: null,
      deliveredChars: 5 + 7 + 3 + 2 + 2,
      completed: false,
      failed: false,
    });
  });

  it("joins an event's data lines with newlines, as server-sent events define", async () => {
    const upstream = upstreamOf([
      'data: {"choices":[{"delta":{"content":"a"}}],\ndata: "usage":{"prompt_tokens":1,\ndata: "completion_tokens":2}}\n\n',
      "data: [DONE]\n\n",
    ]);
    const { body, outcome } = tapSseUsage(upstream.body, { kind: "chat", stripUsageChunk: false });
    expect(await readAll(body)).toContain('"completion_tokens":2}}\n\ndata: [DONE]');
    expect(await outcome).toEqual({
      usage: { inputTokens: 1, outputTokens: 2 },
      deliveredChars: 1,
      completed: true,
      failed: false,
    });
  });

  it("ends the client's stream with the last event it is given when the upstream fails", async () => {
    let sent = 0;
    const upstream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0)
          controller.enqueue(encoder.encode(event({ choices: [{ delta: { content: "Hi" } }] })));
        else if (sent === 1) controller.enqueue(encoder.encode('data: {"choices":[{"del'));
        else controller.error(new Error("stalled"));
        sent += 1;
      },
    });
    const { body, outcome } = tapSseUsage(upstream, {
      kind: "chat",
      stripUsageChunk: true,
      lastEventOnError: (err) => JSON.stringify({ error: { message: (err as Error).message } }),
    });
    // A clean end, no error: the half-received event is dropped, the last event follows.
    expect(await readAll(body)).toBe(
      `${event({ choices: [{ delta: { content: "Hi" } }] })}data: {"error":{"message":"stalled"}}\n\n`,
    );
    expect(await outcome).toEqual({
      usage: null,
      deliveredChars: 2,
      completed: false,
      failed: true,
    });
  });

  it("ends an event half passed on before the last event, and errors the stream without one", async () => {
    const failAfter = (first: string) => {
      let sent = false;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent) controller.error(new Error("cut"));
          else controller.enqueue(encoder.encode(first));
          sent = true;
        },
      });
    };
    const oversized = `data: ${"x".repeat(MAX_EVENT_CHARS + 1)}`;
    const ended = tapSseUsage(failAfter(oversized), {
      kind: "chat",
      stripUsageChunk: false,
      lastEventOnError: () => '{"error":{}}',
    });
    expect((await readAll(ended.body)).endsWith('x\n\ndata: {"error":{}}\n\n')).toBe(true);

    const errored = tapSseUsage(failAfter(event({ choices: [] })), {
      kind: "chat",
      stripUsageChunk: false,
      lastEventOnError: () => null,
    });
    await expect(readAll(errored.body)).rejects.toThrow("cut");
    expect((await errored.outcome).failed).toBe(true);
  });
});
