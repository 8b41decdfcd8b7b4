import { describe, expect, it } from "vitest";
import { openai, postJson } from "./helpers";

function decodeFloat32(base64: string): number[] {
  const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  const view = new DataView(bytes.buffer);
  return Array.from({ length: bytes.length / 4 }, (_, i) => view.getFloat32(i * 4, true));
}

describe("POST /v1/embeddings", () => {
  it("round-trips the SDK's default base64 request into the same floats as encoding_format float", async () => {
    const client = openai();
    const viaBase64 = await client.embeddings.create({
      model: "text-embedding-3-small",
      input: "hello world",
    });
    const viaFloat = await client.embeddings.create({
      model: "text-embedding-3-small",
      input: "hello world",
      encoding_format: "float",
    });

    expect(viaBase64.object).toBe("list");
    expect(viaBase64.model).toBe("text-embedding-3-small");
    expect(viaBase64.data).toHaveLength(1);
    const vector = viaBase64.data[0]?.embedding ?? [];
    expect(vector).toHaveLength(8);
    expect(vector).toEqual(viaFloat.data[0]?.embedding);
    expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
    expect(viaBase64.usage).toEqual({ prompt_tokens: 3, total_tokens: 3 });
  });

  it("sends base64 little-endian float32 on the wire when asked", async () => {
    const res = await postJson("/v1/embeddings", {
      model: "text-embedding-3-small",
      input: "hello world",
      encoding_format: "base64",
    });
    const body = (await res.json()) as { data: { embedding: string; object: string }[] };
    const floats = await postJson("/v1/embeddings", {
      model: "text-embedding-3-small",
      input: "hello world",
    }).then((r) => r.json() as Promise<{ data: { embedding: number[] }[] }>);
    expect(body.data[0]?.object).toBe("embedding");
    expect(typeof body.data[0]?.embedding).toBe("string");
    expect(decodeFloat32(body.data[0]?.embedding ?? "")).toEqual(floats.data[0]?.embedding);
  });

  it("embeds arrays deterministically, honours dimensions and indexes each input", async () => {
    const result = await openai().embeddings.create({
      model: "text-embedding-3-large",
      input: ["alpha", "beta", "alpha"],
      dimensions: 32,
    });
    expect(result.data.map((d) => d.index)).toEqual([0, 1, 2]);
    for (const item of result.data) expect(item.embedding).toHaveLength(32);
    expect(result.data[0]?.embedding).toEqual(result.data[2]?.embedding);
    expect(result.data[0]?.embedding).not.toEqual(result.data[1]?.embedding);
    expect(result.usage.prompt_tokens).toBe(2 + 1 + 2);
  });

  it("accepts token arrays, costing one token each", async () => {
    const result = await openai().embeddings.create({
      model: "text-embedding-3-small",
      input: [
        [1, 2, 3],
        [4, 5],
      ],
    });
    expect(result.data).toHaveLength(2);
    expect(result.usage.prompt_tokens).toBe(5);
  });

  it("rejects an empty input and a bad encoding_format in OpenAI's envelope", async () => {
    const empty = await postJson("/v1/embeddings", { model: "m", input: "" });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({
      error: { type: "invalid_request_error", param: null, code: null },
    });
    const format = await postJson("/v1/embeddings", {
      model: "m",
      input: "x",
      encoding_format: "hex",
    });
    expect(format.status).toBe(400);
    expect(await format.json()).toMatchObject({
      error: { param: "encoding_format", code: "invalid_value" },
    });
  });
});
