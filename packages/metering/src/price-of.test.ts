import { describe, expect, it } from "vitest";
import { matchesModelGlob } from "./model-glob";
import { costMicroUsd, priceOf } from "./price-of";

describe("model prices", () => {
  it("prefers the more specific built-in glob", () => {
    expect(priceOf("gpt-4o-mini-2024-07-18")?.inputMicroUsdPerMTok).toBe(150_000);
    expect(priceOf("gpt-4o-2024-08-06")?.inputMicroUsdPerMTok).toBe(2_500_000);
  });

  it("prices the pro and deep-research models at their own list price, not their family's", () => {
    const input = (model: string) => priceOf(model)?.inputMicroUsdPerMTok;
    expect(input("o1-pro-2025-03-19")).toBe(150_000_000);
    expect(input("o3-pro")).toBe(20_000_000);
    expect(input("o3-deep-research")).toBe(10_000_000);
    expect(input("o4-mini-deep-research")).toBe(2_000_000);
    expect(input("gpt-5-pro")).toBe(15_000_000);
    expect(input("o3")).toBe(2_000_000);
    expect(input("o1")).toBe(15_000_000);
    expect(input("gpt-5")).toBe(1_250_000);
  });

  it("prices the older GPT-4, Claude 3 and Gemini 1.5 models, each at its own list price", () => {
    const price = (model: string) => {
      const p = priceOf(model);
      return p && [p.inputMicroUsdPerMTok, p.outputMicroUsdPerMTok];
    };
    expect(price("gpt-4")).toEqual([30_000_000, 60_000_000]);
    expect(price("gpt-4-0613")).toEqual([30_000_000, 60_000_000]);
    expect(price("gpt-4-turbo-2024-04-09")).toEqual([10_000_000, 30_000_000]);
    expect(price("gpt-4.5-preview")).toEqual([75_000_000, 150_000_000]);
    expect(price("chatgpt-4o-latest")).toEqual([5_000_000, 15_000_000]);
    // The newer families keep theirs.
    expect(price("gpt-4o-mini")).toEqual([150_000, 600_000]);
    expect(price("gpt-4.1")).toEqual([2_000_000, 8_000_000]);
    expect(price("claude-3-opus-20240229")).toEqual([15_000_000, 75_000_000]);
    expect(price("claude-3-5-sonnet-20241022")).toEqual([3_000_000, 15_000_000]);
    expect(price("claude-3-haiku-20240307")).toEqual([250_000, 1_250_000]);
    expect(price("gemini-1.5-flash")).toEqual([75_000, 300_000]);
    expect(price("gemini-1.5-pro-002")).toEqual([1_250_000, 5_000_000]);
  });

  it("lets project overrides win over the built-in table", () => {
    const overrides = { "gpt-4o*": { inputMicroUsdPerMTok: 1, outputMicroUsdPerMTok: 2 } };
    expect(priceOf("gpt-4o-mini", overrides)).toEqual({
      inputMicroUsdPerMTok: 1,
      outputMicroUsdPerMTok: 2,
    });
  });

  it("knows nothing of unknown models, which then cost 0", () => {
    expect(priceOf("my-local-llama")).toBeNull();
    expect(costMicroUsd(null, 1000, 1000)).toBe(0);
  });

  it("keeps a cost at an absurd price a safe integer", () => {
    const absurd = { inputMicroUsdPerMTok: 1e300, outputMicroUsdPerMTok: 1e300 };
    expect(costMicroUsd(absurd, 1_000, 1_000)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("computes micro-USD rounded up", () => {
    // gpt-4o: $2.50 in, $10 out per 1M → 1000 in + 500 out = 2500 + 5000 micro-USD
    expect(costMicroUsd(priceOf("gpt-4o"), 1000, 500)).toBe(7500);
    expect(costMicroUsd({ inputMicroUsdPerMTok: 1, outputMicroUsdPerMTok: 0 }, 1, 0)).toBe(1);
  });

  it("matches globs exactly, with * for any run and no other metacharacters", () => {
    expect(matchesModelGlob("gpt-4*", "gpt-4o")).toBe(true);
    expect(matchesModelGlob("gpt-4*", "xgpt-4o")).toBe(false);
    expect(matchesModelGlob("gpt-4.1", "gpt-401")).toBe(false);
    expect(matchesModelGlob("*", "anything")).toBe(true);
    expect(matchesModelGlob("a*b*c", "aXXbYYc")).toBe(true);
    expect(matchesModelGlob("gpt-4*", "gpt-4o\n")).toBe(true);
    expect(matchesModelGlob("*-mini", "gpt\r\n-mini")).toBe(true);
  });
});
