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
});
