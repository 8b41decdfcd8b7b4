import { describe, expect, it } from "vitest";
import { streamUpload } from "./stream-upload";

const bytes = (text: string) => new TextEncoder().encode(text);

function source(chunks: string[], end: "close" | "error"): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(bytes(chunk));
      if (end === "close") controller.close();
      else controller.error(new Error("client went away"));
    },
  });
}

describe("streamUpload", () => {
  it("passes the body through and is sent once the origin side has it all", async () => {
    const upload = streamUpload(source(["ab", "cd"], "close"), 4);
    expect(upload.state).toBe("sending");
    expect(await new Response(upload.body).text()).toBe("abcd");
    expect(await upload.done).toBe("sent");
  });

  it("a body that fails on the client's side is the client's failure, and errors the stream", async () => {
    const upload = streamUpload(source(["ab"], "error"), null);
    await expect(new Response(upload.body).text()).rejects.toThrow();
    expect(await upload.done).toBe("client_failed");
    expect(upload.state).toBe("client_failed");
  });

  it("an origin side that stops reading ends it as origin_closed and lets go of the client's body", async () => {
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(bytes("x"));
      },
      cancel() {
        cancelled = true;
      },
    });
    const upload = streamUpload(endless, null);
    const reader = upload.body.getReader();
    await reader.read();
    await reader.cancel();
    expect(await upload.done).toBe("origin_closed");
    expect(cancelled).toBe(true);
  });
});
