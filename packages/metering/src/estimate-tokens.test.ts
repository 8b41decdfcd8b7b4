import { describe, expect, it } from "vitest";
import {
  defaultMaxOutputTokens,
  estimateChatTokens,
  estimateEmbeddingTokens,
  estimateImageTokens,
  estimateResponsesTokens,
  MAX_COUNTED_TOKENS,
  textTokens,
} from "./estimate-tokens";

describe("token estimates", () => {
  it("counts a token per 4 characters, rounded up", () => {
    expect(textTokens("")).toBe(0);
    expect(textTokens("abcd")).toBe(1);
    expect(textTokens("abcde")).toBe(2);
  });

  it("estimates chat input from messages and output from the request's maximum times n", () => {
    const body = {
      model: "gpt-4o",
      messages: [
        { role: "system", content: "x".repeat(40) },
        {
          role: "user",
          content: [
            { type: "text", text: "y".repeat(8) },
            { type: "image_url", image_url: {} },
          ],
        },
      ],
      max_completion_tokens: 50,
      max_tokens: 999,
      n: 2,
    };
    expect(estimateChatTokens(body)).toEqual({
      inputTokens: 3 + 4 + 10 + 4 + 2 + 765,
      outputTokens: 100,
    });
  });

  it("falls back to max_tokens, then to the default output reservation", () => {
    expect(estimateChatTokens({ messages: [], max_tokens: 7 }).outputTokens).toBe(7);
    expect(estimateChatTokens({ messages: [] }).outputTokens).toBe(defaultMaxOutputTokens);
    expect(estimateChatTokens({ messages: [], max_tokens: -3 }).outputTokens).toBe(
      defaultMaxOutputTokens,
    );
  });

  it("estimates responses from instructions and string or item input", () => {
    expect(
      estimateResponsesTokens({ input: "abcdefgh", instructions: "abcd", max_output_tokens: 9 }),
    ).toEqual({
      inputTokens: 3,
      outputTokens: 9,
    });
    expect(
      estimateResponsesTokens({ input: [{ role: "user", content: "abcd" }] }).inputTokens,
    ).toBe(5);
  });

  it("estimates embeddings for strings, arrays and token arrays, with no output", () => {
    expect(estimateEmbeddingTokens({ input: "abcdefgh" })).toEqual({
      inputTokens: 2,
      outputTokens: 0,
    });
    expect(estimateEmbeddingTokens({ input: ["abcd", "abcd", [1, 2, 3]] }).inputTokens).toBe(5);
  });

  it("counts only the prompt of an image request", () => {
    expect(estimateImageTokens({ prompt: "a cat" })).toEqual({ inputTokens: 2, outputTokens: 0 });
    expect(estimateImageTokens({})).toEqual({ inputTokens: 0, outputTokens: 0 });
  });

  it("caps what a request asks for at MAX_COUNTED_TOKENS each way", () => {
    const huge = estimateChatTokens({ model: "m", max_tokens: 1e308, messages: [] });
    expect(huge.outputTokens).toBe(MAX_COUNTED_TOKENS);
    const times = estimateChatTokens({ max_completion_tokens: 100_000, n: 100_000 });
    expect(times.outputTokens).toBe(MAX_COUNTED_TOKENS);
    expect(estimateResponsesTokens({ max_output_tokens: 2 ** 60 }).outputTokens).toBe(
      MAX_COUNTED_TOKENS,
    );
  });

  it("ignores malformed parts instead of throwing", () => {
    expect(() =>
      estimateChatTokens({ messages: [null, 3, { content: { weird: true } }] }),
    ).not.toThrow();
  });
});
