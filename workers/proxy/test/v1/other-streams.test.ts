import { describe, expect, it } from "vitest";
import { call } from "../api/helpers";
import { meteredTenant, used } from "./metered-tenant";
import { readUntil } from "./read-until";

/**
 * An event stream the proxy does not read as chat or Responses (an image generation or a
 * transcription asked with `stream: true`) is passed on event by event, never held until its end,
 * and metered from the usage it reports.
 */
describe("other event streams", () => {
  it("passes an image stream on as it comes and counts the usage its last event reports", async () => {
    // The provider keeps the stream open after its events: only a proxy that passes them on at
    // once lets the client see them.
    const t = await meteredTenant("binding://GATEWAY_ECHO/replay-hold/v1");
    const res = await call("POST", "/v1/images/generations", {
      headers: { "x-project-key": t.publishableKey.key, "x-identity": "image-stream" },
      body: {
        model: "gpt-image-1",
        prompt: "a cat",
        stream: true,
        partial_images: 1,
        replay_events: [
          {
            type: "image_generation.partial_image",
            b64_json: "iVBORw0KGgo=",
            partial_image_index: 0,
          },
          {
            type: "image_generation.completed",
            b64_json: "iVBORw0KGgo=",
            usage: { input_tokens: 9, output_tokens: 100, total_tokens: 109 },
          },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    expect(res.headers.get("x-ratelimit-limit-requests")).toBe("1000000");
    const text = await readUntil(res, "image_generation.completed");
    expect(text).toContain('"partial_image_index":0');
    expect(await used(t, "image-stream")).toEqual({ requests: 1, tokens: 109 });
  });

  it("meters a streamed transcription from the usage of its done event", async () => {
    const t = await meteredTenant("binding://GATEWAY_ECHO/replay/v1");
    const form = new FormData();
    form.set("model", "gpt-4o-transcribe");
    form.set("stream", "true");
    form.set("file", new File([new Uint8Array(64)], "a.wav", { type: "audio/wav" }));
    form.set(
      "replay_events",
      JSON.stringify([
        { type: "transcript.text.delta", delta: "Hello" },
        {
          type: "transcript.text.done",
          text: "Hello",
          usage: { type: "tokens", input_tokens: 12, output_tokens: 2, total_tokens: 14 },
        },
      ]),
    );
    const res = await call("POST", "/v1/audio/transcriptions", {
      headers: { "x-project-key": t.publishableKey.key, "x-identity": "transcript-stream" },
      rawBody: form,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    expect(await res.text()).toContain('"delta":"Hello"');
    expect(await used(t, "transcript-stream")).toEqual({ requests: 1, tokens: 14 });
  });
});
