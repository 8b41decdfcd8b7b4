import { toFile } from "openai";
import { describe, expect, it } from "vitest";
import { call, openai } from "./helpers";

describe("POST /v1/audio/transcriptions", () => {
  it("transcribes a multipart upload from the SDK, deterministically from its size", async () => {
    const file = await toFile(new Uint8Array(40_000), "speech.wav", { type: "audio/wav" });
    const result = await openai().audio.transcriptions.create({ file, model: "whisper-1" });
    expect(result).toEqual({
      text: "Mock transcription of 40000 bytes.",
      usage: { type: "duration", seconds: 3 },
    });
  });

  it("reports token usage for gpt-4o-transcribe and plain text on request", async () => {
    const file = () => toFile(new Uint8Array(16_000), "speech.mp3", { type: "audio/mpeg" });
    const json = await openai().audio.transcriptions.create({
      file: await file(),
      model: "gpt-4o-transcribe",
    });
    expect(json.usage).toEqual({
      type: "tokens",
      input_tokens: 10,
      input_token_details: { text_tokens: 0, audio_tokens: 10 },
      output_tokens: 5,
      total_tokens: 15,
    });
    const text = await openai().audio.transcriptions.create({
      file: await file(),
      model: "whisper-1",
      response_format: "text",
    });
    expect(text).toBe("Mock transcription of 16000 bytes.\n");
  });

  it("requires a file and a model", async () => {
    const noFile = new FormData();
    noFile.set("model", "whisper-1");
    const res = await call("/v1/audio/transcriptions", { method: "POST", body: noFile });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { param: "file" } });

    const noModel = new FormData();
    noModel.set("file", new File([new Uint8Array(10)], "a.wav"));
    const res2 = await call("/v1/audio/transcriptions", { method: "POST", body: noModel });
    expect(res2.status).toBe(400);
    expect(await res2.json()).toMatchObject({
      error: { message: "you must provide a model parameter", type: "invalid_request_error" },
    });
  });
});
