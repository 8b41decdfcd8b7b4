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

  it("counts a conversation's tool calls, tool outputs and definitions, not its framing", () => {
    const args = JSON.stringify({ city: "Oslo", days: 3 }); // 24 characters
    const body = {
      messages: [
        { role: "user", content: "abcd" },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: "call_1", type: "function", function: { name: "forecast", arguments: args } },
          ],
        },
        { role: "tool", tool_call_id: "call_1", content: "z".repeat(400) },
      ],
      response_format: { type: "json_object" },
    };
    expect(estimateChatTokens(body).inputTokens).toBe(
      // user "abcd"; "call_1" + "forecast" + the arguments; "call_1" + the tool's 400 characters;
      // the response format's 22 characters of JSON.
      3 + (4 + 1) + (4 + 2 + 2 + 6) + (4 + 2 + 100) + 6,
    );
  });

  it("counts a Responses input's function calls and outputs, and media parts flat", () => {
    const body = {
      input: [
        { role: "user", content: [{ type: "input_text", text: "abcd" }] },
        { type: "function_call", call_id: "c1", name: "lookup", arguments: "{}" },
        { type: "function_call_output", call_id: "c1", output: "o".repeat(800) },
        {
          role: "user",
          content: [
            { type: "input_image", image_url: `data:image/png;base64,${"A".repeat(40_000)}` },
            { type: "input_file", file_data: "B".repeat(40_000) },
          ],
        },
      ],
    };
    expect(estimateResponsesTokens(body).inputTokens).toBe(
      4 + 1 + (4 + 1 + 2 + 1) + (4 + 1 + 200) + (4 + 765 + 765),
    );
  });

  it("walks input of any depth without overflowing the stack", () => {
    let deep: unknown = "abcd";
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(estimateChatTokens({ messages: [{ role: "user", content: deep }] }).inputTokens).toBe(
      3 + 4 + 1,
    );
  });

  it("ignores malformed parts instead of throwing", () => {
    expect(() =>
      estimateChatTokens({ messages: [null, 3, { content: { weird: true } }] }),
    ).not.toThrow();
  });
});
