import { describe, expect, it } from "vitest";
import { call, expectError } from "../api/helpers";
import { meteredTenant, used } from "./metered-tenant";

describe("the model a request names", () => {
  it("is refused with a 400 naming it when it holds a control character, and nothing is counted", async () => {
    const t = await meteredTenant("binding://GATEWAY_ECHO/v1");
    const headers = { "x-project-key": t.publishableKey.key, "x-identity": "model-names" };
    for (const model of ["gpt-4o\n", "gpt-4o\r\nx", "gpt\u0000-4o", "gpt-4o\u007f", "gpt\u0085"]) {
      const chat = await call("POST", "/v1/chat/completions", {
        headers,
        body: { model, messages: [{ role: "user", content: "hi" }] },
      });
      const error = await expectError(chat, 400, "invalid_model");
      expect(error).toMatchObject({ param: "model", type: "invalid_request_error" });
    }
    const form = new FormData();
    form.set("model", "whisper-1\n");
    form.set("file", new File([new Uint8Array(16)], "a.wav", { type: "audio/wav" }));
    const audio = await call("POST", "/v1/audio/transcriptions", { headers, rawBody: form });
    await expectError(audio, 400, "invalid_model");
    expect(await used(t, "model-names")).toEqual({ requests: 0, tokens: 0 });
  });
});
