import { describe, expect, it } from "vitest";
import { tapJsonUsage } from "../../src/usage/json-usage-tap";

const encoder = new TextEncoder();

/** A body of `pieces`, then its end — or an error when `cut` is set. */
function body(pieces: string[], cut = false) {
  const state = { cancelled: null as unknown };
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const piece = pieces[sent++];
        if (piece !== undefined) controller.enqueue(encoder.encode(piece));
        else if (cut) controller.error(new Error("cut"));
        else controller.close();
      },
      cancel(reason) {
        state.cancelled = reason;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, state };
}

describe("tapJsonUsage", () => {
  const answer = '{"id":"x","data":[{"usage":1}],"usage":{"input_tokens":5,"output_tokens":9}}';
  const pieces = [answer.slice(0, 20), answer.slice(20, 41), answer.slice(41)];

  it("passes the answer on unchanged and reads its top-level usage", async () => {
    const { body: tapped, outcome } = tapJsonUsage(body(pieces).stream);
    expect(await new Response(tapped).text()).toBe(answer);
    expect(await outcome).toEqual({ usage: { inputTokens: 5, outputTokens: 9 }, failed: false });
  });

  it("reports no usage for an answer without one", async () => {
    const { body: tapped, outcome } = tapJsonUsage(body(['{"id":', '"x"}']).stream);
    await new Response(tapped).text();
    expect(await outcome).toEqual({ usage: null, failed: false });
  });

  it("errors the client's body and reports the failure when the upstream is cut", async () => {
    const { body: tapped, outcome } = tapJsonUsage(body(pieces, true).stream);
    await expect(new Response(tapped).text()).rejects.toThrow("cut");
    expect(await outcome).toEqual({ usage: null, failed: true });
  });

  it("cancels the upstream when the client goes away, which is no failure", async () => {
    const { stream, state } = body(pieces);
    const { body: tapped, outcome } = tapJsonUsage(stream);
    const reader = tapped.getReader();
    await reader.read();
    await reader.cancel("client gone");
    expect(state.cancelled).toBe("client gone");
    expect(await outcome).toEqual({ usage: null, failed: false });
  });
});
