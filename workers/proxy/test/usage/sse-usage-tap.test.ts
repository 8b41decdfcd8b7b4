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
    expect(await outcome).toEqual({ usage: null, deliveredChars: 36, completed: false });
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
    });
  });
});
