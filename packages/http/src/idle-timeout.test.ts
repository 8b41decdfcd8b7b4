import { describe, expect, it } from "vitest";
import { type ReadBody, readWithIdleTimeout, withIdleTimeout } from "./idle-timeout";

const bytes = (text: string) => new TextEncoder().encode(text);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const timeout = () => new Error("idle");

/** A source that sends `chunks`, `gapMs` apart, then ends — or stalls when `stall` is set. */
function source(chunks: string[], gapMs: number, stall = false) {
  const state = { cancelled: null as unknown, pulled: 0 };
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (sent >= chunks.length) {
          if (stall) return new Promise<void>(() => {});
          controller.close();
          return;
        }
        if (sent > 0) await sleep(gapMs);
        state.pulled = sent + 1;
        controller.enqueue(bytes(chunks[sent++] ?? ""));
      },
      cancel(reason) {
        state.cancelled = reason;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, state };
}

async function readAll(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    try {
      const next = await reader.read();
      if (next.done) return { text, error: null };
      text += decoder.decode(next.value, { stream: true });
    } catch (error) {
      return { text, error };
    }
  }
}

describe("withIdleTimeout", () => {
  it("passes a source that keeps sending through unchanged", async () => {
    const { stream } = source(["a", "b", "c"], 20);
    expect(await readAll(withIdleTimeout(stream, 200, timeout))).toEqual({
      text: "abc",
      error: null,
    });
  });

  it("errors after what arrived when the source stalls, and cancels the source", async () => {
    const { stream, state } = source(["head", "-more"], 5, true);
    const startedAt = Date.now();
    const { text, error } = await readAll(withIdleTimeout(stream, 60, timeout));
    expect(text).toBe("head-more");
    expect((error as Error).message).toBe("idle");
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(55);
    expect(state.cancelled).toBe(error);
  });

  it("times out a source that sends nothing at all", async () => {
    const { stream } = source([], 0, true);
    const { text, error } = await readAll(withIdleTimeout(stream, 30, timeout));
    expect(text).toBe("");
    expect((error as Error).message).toBe("idle");
  });

  it("never counts the reader's own slowness as the source's silence", async () => {
    const { stream } = source(["a", "b"], 0);
    const reader = withIdleTimeout(stream, 30, timeout).getReader();
    expect(await reader.read()).toMatchObject({ done: false });
    await sleep(90); // the reader dawdles three idle periods before asking again
    expect(await reader.read()).toMatchObject({ done: false });
    expect(await reader.read()).toMatchObject({ done: true });
  });

  it("passes a source's own error on", async () => {
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error("cut"));
      },
    });
    const { error } = await readAll(withIdleTimeout(failing, 1_000, timeout));
    expect((error as Error).message).toBe("cut");
  });

  it("cancels the source when its reader goes away", async () => {
    const { stream, state } = source(["a", "b"], 0, true);
    const reader = withIdleTimeout(stream, 1_000, timeout).getReader();
    await reader.read();
    await reader.cancel("client gone");
    expect(state.cancelled).toBe("client gone");
  });
});

describe("readWithIdleTimeout", () => {
  const text = (read: ReadBody) => (read.whole ? new TextDecoder().decode(read.bytes) : null);

  it("reads a source that keeps sending whole, longer in all than the idle time", async () => {
    const { stream } = source(["a", "b", "c", "d"], 25);
    expect(text(await readWithIdleTimeout(stream, 60, timeout))).toBe("abcd");
  });

  it("reads an empty source as no bytes", async () => {
    const { stream } = source([], 0);
    expect(await readWithIdleTimeout(stream, 60, timeout)).toEqual({
      whole: true,
      bytes: new Uint8Array(),
    });
  });

  it("fails when the source stalls after some chunks, and cancels it", async () => {
    const { stream, state } = source(["head", "-more"], 5, true);
    const startedAt = Date.now();
    const error = await readWithIdleTimeout(stream, 60, timeout).catch((err: unknown) => err);
    expect((error as Error).message).toBe("idle");
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(55);
    expect(state.cancelled).toBe(error);
  });

  it("passes a source's own error on", async () => {
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error("cut"));
      },
    });
    const error = await readWithIdleTimeout(failing, 1_000, timeout).catch((err: unknown) => err);
    expect((error as Error).message).toBe("cut");
  });

  describe("with maxBytes", () => {
    it("reads a body of at most maxBytes whole", async () => {
      const { stream } = source(["ab", "cd"], 0);
      expect(text(await readWithIdleTimeout(stream, 60, timeout, 4))).toBe("abcd");
    });

    it("gives a longer body back as a stream from its first byte, without reading the rest", async () => {
      const { stream, state } = source(["ab", "cd", "ef", "gh"], 0);
      const read = await readWithIdleTimeout(stream, 60, timeout, 3);
      if (read.whole) throw new Error("read whole");
      expect(read.bytesRead).toBe(4);
      expect(state.pulled).toBe(2);
      expect(await readAll(read.stream)).toEqual({ text: "abcdefgh", error: null });
    });

    it("keeps the idle timeout on the rest of a longer body", async () => {
      const { stream, state } = source(["abcd", "ef"], 0, true);
      const read = await readWithIdleTimeout(stream, 40, timeout, 3);
      if (read.whole) throw new Error("read whole");
      const { text: received, error } = await readAll(read.stream);
      expect(received).toBe("abcdef");
      expect((error as Error).message).toBe("idle");
      expect(state.cancelled).toBe(error);
    });

    it("cancels the source when the rest's reader goes away", async () => {
      const { stream, state } = source(["abcd", "ef"], 0, true);
      const read = await readWithIdleTimeout(stream, 1_000, timeout, 3);
      if (read.whole) throw new Error("read whole");
      await read.stream.cancel("client gone");
      expect(state.cancelled).toBe("client gone");
    });
  });
});
