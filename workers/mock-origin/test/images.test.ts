import { describe, expect, it } from "vitest";
import { call, openai, postJson } from "./helpers";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function fromBase64(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
}

function expectPng(bytes: Uint8Array): void {
  expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  expect(String.fromCharCode(...bytes.subarray(12, 16))).toBe("IHDR");
  expect(view.getUint32(16)).toBe(8);
  expect(view.getUint32(20)).toBe(8);
  expect(String.fromCharCode(...bytes.subarray(bytes.length - 8, bytes.length - 4))).toBe("IEND");
}

describe("POST /v1/images/generations", () => {
  it("answers n base64 PNGs with usage for gpt-image models", async () => {
    const result = await openai().images.generate({
      model: "gpt-image-1",
      prompt: "a red fox",
      n: 3,
    });
    expect(Math.abs(result.created - Date.now() / 1000)).toBeLessThan(60);
    expect(result.data).toHaveLength(3);
    const images = (result.data ?? []).map((image) => image.b64_json ?? "");
    for (const image of images) expectPng(fromBase64(image));
    expect(new Set(images).size).toBe(3);
    expect(result.usage).toMatchObject({ input_tokens: 3, output_tokens: 3 * 272 });
  });

  it("answers urls the mock serves, with the same pixels as b64_json", async () => {
    const asUrl = await openai().images.generate({
      model: "dall-e-2",
      prompt: "a red fox",
      response_format: "url",
    });
    const asBase64 = await openai().images.generate({
      model: "dall-e-2",
      prompt: "a red fox",
      response_format: "b64_json",
    });
    expect(asUrl.usage).toBeUndefined();
    const url = new URL(asUrl.data?.[0]?.url ?? "");
    expect(url.pathname).toMatch(/^\/__mock\/images\/[0-9a-f]{6}\.png$/);

    const file = await call(url.pathname);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("image/png");
    const bytes = new Uint8Array(await file.arrayBuffer());
    expectPng(bytes);
    expect(bytes).toEqual(fromBase64(asBase64.data?.[0]?.b64_json ?? ""));
  });

  it("adds revised_prompt for dall-e-3 and requires a prompt", async () => {
    const result = await openai().images.generate({ model: "dall-e-3", prompt: "a fox" });
    expect(result.data?.[0]).toMatchObject({ revised_prompt: "a fox" });

    const res = await postJson("/v1/images/generations", { model: "dall-e-3" });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: {
        message: "Missing required parameter: 'prompt'.",
        type: "invalid_request_error",
        param: "prompt",
        code: "missing_required_parameter",
      },
    });
  });
});
